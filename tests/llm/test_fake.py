"""FakeRewriter: queued replies, validated by the same guard, re-asked, then RewriteFailed."""

from __future__ import annotations

import pytest

from coach.llm.fake import FakeRewriter
from coach.llm.protocol import KeyResultProposal, ObjectiveProposal, RewriteFailed, Rewriter

from .conftest import GOOD, INVENTED


def rejection(guard, data: dict) -> list[str]:
    return ["The rewrite was rejected: " + " ".join(guard(KeyResultProposal(**data)))]


def test_it_is_a_rewriter():
    assert isinstance(FakeRewriter(), Rewriter)
    assert FakeRewriter().name == "fake"


def test_a_valid_dict_reply_is_returned_as_a_proposal(request_kr, guard):
    fake = FakeRewriter([GOOD])
    assert fake.propose(request_kr, guard) == KeyResultProposal(**GOOD)
    assert fake.requests == [request_kr]
    assert fake.feedback == []
    assert fake.usage.calls == 1


def test_a_queued_proposal_is_validated_too(request_kr, guard):
    fake = FakeRewriter([KeyResultProposal(**INVENTED), KeyResultProposal(**GOOD)])
    assert fake.propose(request_kr, guard).text == GOOD["text"]
    assert [f.problems for f in fake.feedback] == [rejection(guard, INVENTED)]


def test_a_rejected_reply_consumes_the_next_as_the_re_ask(request_kr, guard):
    fake = FakeRewriter([INVENTED, GOOD, GOOD])
    assert fake.propose(request_kr, guard).text == GOOD["text"]
    assert len(fake.replies) == 1
    assert [(f.attempt, f.problems) for f in fake.feedback] == [(1, rejection(guard, INVENTED))]
    assert fake.feedback[0].request is request_kr
    assert fake.usage.calls == 2


def test_it_gives_up_after_max_attempts(request_kr, guard):
    fake = FakeRewriter([INVENTED] * 4, max_attempts=3)
    with pytest.raises(RewriteFailed) as failed:
        fake.propose(request_kr, guard)
    assert failed.value.reason == "no proposal passed the checks after 3 attempts"
    assert failed.value.attempts == 3
    assert failed.value.problems == rejection(guard, INVENTED)
    assert len(fake.feedback) == 2  # the third rejection is not sent back: it ends the item
    assert len(fake.replies) == 1


def test_a_schema_breaking_reply_is_rejected_with_field_errors(request_kr, guard):
    fake = FakeRewriter([{"text": "Increase things"}, GOOD])
    fake.propose(request_kr, guard)
    assert fake.feedback[0].problems == ["metric: Field required", "direction: Field required"]


def test_a_queued_exception_ends_the_item(request_kr, guard):
    fake = FakeRewriter([TimeoutError("no answer"), GOOD])
    with pytest.raises(RewriteFailed, match="^fake: no answer$") as failed:
        fake.propose(request_kr, guard)
    assert isinstance(failed.value.__cause__, TimeoutError)
    assert fake.replies[0] == GOOD


def test_a_queued_rewrite_failed_is_raised_as_it_is(request_kr, guard):
    reason = RewriteFailed("authentication failed (401): check OPENAI_API_KEY", attempts=1)
    with pytest.raises(RewriteFailed) as failed:
        FakeRewriter([reason]).propose(request_kr, guard)
    assert failed.value is reason


def test_an_empty_queue_fails(request_kr, guard):
    fake = FakeRewriter([INVENTED])
    with pytest.raises(RewriteFailed, match="^fake: no reply queued$") as failed:
        fake.propose(request_kr, guard)
    assert failed.value.attempts == 1
    assert failed.value.problems == rejection(guard, INVENTED)


def test_objectives_are_validated_as_objectives(request_kr):
    objective = request_kr.__class__(**{**request_kr.__dict__, "kind": "objective"})
    fake = FakeRewriter().queue({"text": "Make new users feel at home"})
    assert fake.propose(objective, lambda p: []) == ObjectiveProposal(
        text="Make new users feel at home"
    )
