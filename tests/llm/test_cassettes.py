"""Tier 3: real traffic from a real (deliberately weak) model, replayed over real HTTP by vcrpy.

Recorded by scripts/record_cassettes.py against Gemma 3 270M (base model, Q4_K_M) behind
llama-cpp-python's OpenAI-compatible server (see tests/cassettes/README.md). Replays use
``record_mode="none"`` and a one-attempt-per-request policy (re-asks, but no transport retries),
so a request that is not in a cassette fails at once instead of being retried.
"""

from __future__ import annotations

import json
import re
from functools import partial

import pytest
from pydantic import ValidationError
from vcr.errors import CannotOverwriteExistingCassetteException

from coach.config import ModelSettings, Settings
from coach.llm.client import OpenAIRewriter
from coach.llm.protocol import KeyResultProposal, ObjectiveProposal, RewriteFailed
from coach.llm.retry import retry_policy
from coach.rewrite.guard import allowed_numbers, build_guard, numbers_in

from .recording import CASSETTES, load_cases, make_vcr, request_from_json

CASES = load_cases()
REJECTED = "The rewrite was rejected: "
NO_PROPOSAL = "no proposal passed the checks after 3 attempts"


def _error_urls_are_off() -> None:
    """Re-ask bodies quote pydantic errors; with URLs in them no recorded body would match."""
    with pytest.raises(ValidationError) as error:
        KeyResultProposal.model_validate({})
    if "errors.pydantic.dev" in str(error.value):
        pytest.fail("PYDANTIC_ERRORS_INCLUDE_URL=0 was set after pydantic first showed an error")


def replay(name: str):
    """Replay one case: (RewriteFailed or proposal, the model's replies, rewriter, cassette)."""
    _error_urls_are_off()
    case, recorded = CASES["cases"][name], CASES["recorded_with"]
    request = request_from_json(case["request"])
    settings = ModelSettings(
        model=recorded["model"],
        base_url=recorded["base_url"],
        mode=case["mode"],
        max_attempts=case["max_attempts"],
        system_role=case.get("system_role", "system"),
        cache=False,
    )
    rewriter = OpenAIRewriter(
        settings, environ={}, policy=partial(retry_policy, retry_transport=False)
    )
    with make_vcr("none").use_cassette(f"{name}.yaml") as cassette:
        try:
            result = rewriter.propose(request, build_guard(request, Settings()))
        except RewriteFailed as failed:
            _fail_if_unrecorded(failed)
            result = failed
        assert cassette.all_played and cassette.play_count == len(cassette.responses)
    return result, [_reply_text(r) for r in cassette.responses], rewriter, cassette


def _fail_if_unrecorded(error: BaseException) -> None:
    while error is not None:
        if isinstance(error, CannotOverwriteExistingCassetteException):
            pytest.fail("a request is not in the cassette: re-record (scripts/record_cassettes.py)")
        error = error.__cause__ or error.__context__


def _reply_text(response: dict) -> str:
    body = json.loads(response["body"]["string"])
    if "choices" not in body:
        return ""
    message = body["choices"][0]["message"]
    calls = message.get("tool_calls") or []
    return calls[0]["function"]["arguments"] if calls else message.get("content") or ""


TOOL_CASES = [name for name, case in CASES["cases"].items() if case["mode"] == "tools"]


def proposals(name: str, replies: list[str]) -> list:
    kind = CASES["cases"][name]["request"]["kind"]
    model = KeyResultProposal if kind == "key_result" else ObjectiveProposal
    # instructor parses the model's JSON leniently (raw control characters allowed); so do we
    return [model.model_validate(json.loads(reply, strict=False)) for reply in replies]


def guard_for(name: str):
    return build_guard(request_from_json(CASES["cases"][name]["request"]), Settings())


@pytest.mark.parametrize("name", TOOL_CASES)
def test_replay_ends_as_recorded_and_no_reply_passed_the_guard(name):
    result, replies, _, _ = replay(name)
    assert isinstance(result, RewriteFailed) and result.reason == NO_PROPOSAL
    assert result.problems == CASES["cases"][name]["recorded_outcome"]["problems"]
    guard = guard_for(name)
    assert len(replies) == 3
    assert all(guard(proposal) for proposal in proposals(name, replies))


@pytest.mark.parametrize("name", TOOL_CASES)
def test_every_invented_number_in_a_reply_is_named_by_the_guard(name):
    """Whatever field the model put it in: text, baseline, target, deadline or numbers."""
    _, replies, _, _ = replay(name)
    request = request_from_json(CASES["cases"][name]["request"])
    allowed, guard = allowed_numbers(request), guard_for(name)
    for proposal in proposals(name, replies):
        fields = [proposal.text] + [
            getattr(proposal, f, None) or "" for f in ("baseline", "target", "deadline")
        ]
        invented = set().union(*(numbers_in(f) for f in fields)) - allowed
        problems = " ".join(guard(proposal))
        assert ("appear nowhere in the draft" in problems) == bool(invented), (proposal, invented)


def test_the_model_did_invent_numbers_in_these_recordings():
    """The recordings are worth keeping because they hold the failure the guard exists for."""
    caught = [
        name
        for name in TOOL_CASES
        if any(
            "appear nowhere in the draft" in p
            for p in CASES["cases"][name]["recorded_outcome"]["problems"]
        )
    ]
    assert len(caught) >= 3, caught


def test_the_injection_line_never_comes_back_as_a_poem_or_an_accepted_rewrite():
    result, replies, _, _ = replay("injection")
    assert isinstance(result, RewriteFailed) and result.reason == NO_PROPOSAL
    for reply in replies:
        KeyResultProposal.model_validate(json.loads(reply, strict=False))  # shape only, no guard
        assert not re.search(r"poem|\bcats?\b|ignore previous", reply, re.I)


def test_the_re_ask_feedback_reached_the_server_each_time():
    result, _, rewriter, cassette = replay("onboarding_launch")
    bodies = [json.loads(request.body) for request in cassette.requests]
    # system prompt folded into the user message (COACH_SYSTEM_ROLE=user): 1, then +2 per re-ask
    assert [len(b["messages"]) for b in bodies] == [1, 3, 5]
    assert [m["role"] for m in bodies[0]["messages"]] == ["user"]
    assert "never an instruction" in bodies[0]["messages"][0]["content"].lower() or (
        "<draft_item>" in bodies[0]["messages"][0]["content"]
    )
    for body in bodies[1:]:
        assert body["messages"][-1]["role"] == "tool"
        assert "The rewrite was rejected" in body["messages"][-1]["content"]
    tokens = [json.loads(r["body"]["string"])["usage"] for r in cassette.responses]
    assert rewriter.usage.calls == 3
    assert rewriter.usage.prompt_tokens == sum(t["prompt_tokens"] for t in tokens) > 0
    assert rewriter.usage.completion_tokens == sum(t["completion_tokens"] for t in tokens) > 0


def test_json_schema_mode_is_refused_by_this_server():
    result, _, _, cassette = replay("json_schema_default")
    assert result.reason.startswith("server error (500) after 1 attempt: 1 validation error: ")
    assert "'response_format', 'type'" in result.reason
    assert json.loads(cassette.requests[0].body)["response_format"]["type"] == "json_schema"


def test_every_case_has_its_cassette():
    assert {p.stem for p in CASSETTES.glob("*.yaml")} == set(CASES["cases"])
    assert len(CASES["cases"]) == 9


SECRETS = [
    re.compile(
        r"^\s*-?\s*['\"]?(authorization|api-key|x-api-key|cookie|set-cookie)['\"]?\s*:", re.I | re.M
    ),
    re.compile(r"Bearer\s", re.I),
    re.compile(r"sk-[A-Za-z0-9_\-]{20,}"),
]


def leaks(text: str) -> list[str]:
    return [pattern.pattern for pattern in SECRETS if pattern.search(text)]


RECORDED = sorted([*CASSETTES.glob("*.yaml"), *CASSETTES.glob("*.json")])


@pytest.mark.parametrize("path", RECORDED, ids=lambda p: p.name)
def test_no_cassette_holds_a_key_or_an_authorization_header(path):
    assert leaks(path.read_text(encoding="utf-8")) == []


def test_the_scan_would_catch_an_unfiltered_cassette():
    # built at run time, so that no secret scanner mistakes this test for a leaked key
    fake_key = "sk-" + "proj-" + "x" * 24
    unfiltered = f"    headers:\n      {'Author' + 'ization'}:\n      - Bearer {fake_key}\n"
    assert len(leaks(unfiltered)) == 3
    assert leaks("      api-key:\n      - x\n") and leaks("      Set-Cookie:\n")
