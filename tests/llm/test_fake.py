"""FakeRewriter: queued replies, validated by the same guard, re-asked, then RewriteFailed."""

from __future__ import annotations

import pytest

from coach.llm.fake import FakeRewriter
from coach.llm.protocol import (
    KeyResultChoice,
    KeyResultProposal,
    ObjectiveProposal,
    RewriteFailed,
    Rewriter,
)

from .conftest import GOOD, GOOD_TEXT, INVENTED, OFF_SUBJECT


def rejection(guard, data: dict) -> list[str]:
    """What the guard says about the key result the coach composes from a model's answer."""
    proposal = guard.compose(KeyResultChoice(**data))
    return ["The rewrite was rejected: " + " ".join(guard(proposal))]


def test_it_is_a_rewriter():
    assert isinstance(FakeRewriter(), Rewriter)
    assert FakeRewriter().name == "fake"


def test_a_model_answer_is_composed_into_a_key_result(request_kr, guard):
    fake = FakeRewriter([GOOD])
    proposal = fake.propose(request_kr, guard)
    assert proposal.text == GOOD_TEXT
    assert [(n.value, n.source) for n in proposal.numbers] == [
        ("45%", "metrics"),
        ("[target]", "placeholder"),
    ]
    assert fake.requests == [request_kr]
    assert fake.feedback == []
    assert fake.usage.calls == 1


def test_a_queued_proposal_is_validated_too(request_kr, guard):
    invented = {
        "text": GOOD_TEXT.replace("[target]", "70%"),
        "metric": "m",
        "direction": "increase",
    }
    fake = FakeRewriter([KeyResultProposal(**invented), GOOD])
    assert fake.propose(request_kr, guard).text == GOOD_TEXT
    assert "70 appear nowhere" in " ".join(fake.feedback[0].problems)


def test_a_rejected_reply_consumes_the_next_as_the_re_ask(request_kr, guard):
    fake = FakeRewriter([OFF_SUBJECT, GOOD, GOOD])
    assert fake.propose(request_kr, guard).text == GOOD_TEXT
    assert len(fake.replies) == 1
    assert [(f.attempt, f.problems) for f in fake.feedback] == [(1, rejection(guard, OFF_SUBJECT))]
    assert "Keep the subject" in fake.feedback[0].problems[0]
    assert fake.feedback[0].request is request_kr
    assert fake.usage.calls == 2


def test_numbers_in_a_model_answer_are_refused_by_the_response_model(request_kr, guard):
    fake = FakeRewriter([INVENTED, GOOD])
    assert fake.propose(request_kr, guard).text == GOOD_TEXT
    assert fake.feedback[0].problems == [
        "metric: Write words only: no numbers. The coach places the baseline, target and "
        "deadline itself."
    ]


def test_it_gives_up_after_max_attempts(request_kr, guard):
    other = {**OFF_SUBJECT, "metric": "office plant survival"}
    fake = FakeRewriter([OFF_SUBJECT, other, {**OFF_SUBJECT, "direction": "decrease"}, GOOD])
    with pytest.raises(RewriteFailed) as failed:
        fake.propose(request_kr, guard)
    assert failed.value.reason == "no proposal passed the checks after 3 attempts"
    assert failed.value.attempts == 3
    assert len(fake.feedback) == 2  # the third rejection is not sent back: it ends the item
    assert len(fake.replies) == 1


def test_a_repeated_rejected_answer_ends_the_item_without_judging_it_again(request_kr, guard):
    fake = FakeRewriter(
        [OFF_SUBJECT, {**OFF_SUBJECT, "metric": " Quarterly revenue per employee. "}, GOOD]
    )
    with pytest.raises(RewriteFailed) as failed:
        fake.propose(request_kr, guard)
    assert failed.value.reason.startswith("the model repeated an answer the checks had already")
    assert failed.value.attempts == 2
    assert failed.value.problems == rejection(guard, OFF_SUBJECT)
    assert fake.replies[0] == GOOD  # not asked a third time


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
    fake = FakeRewriter([OFF_SUBJECT])
    with pytest.raises(RewriteFailed, match="^fake: no reply queued$") as failed:
        fake.propose(request_kr, guard)
    assert failed.value.attempts == 1
    assert failed.value.problems == rejection(guard, OFF_SUBJECT)


def test_objectives_are_validated_as_objectives(request_kr):
    objective = request_kr.__class__(**{**request_kr.__dict__, "kind": "objective"})
    fake = FakeRewriter().queue({"text": "Make new users feel at home"})
    assert fake.propose(objective, lambda p: []) == ObjectiveProposal(
        text="Make new users feel at home"
    )
