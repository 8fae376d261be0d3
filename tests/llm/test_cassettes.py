"""Tier 3: real traffic from a real (deliberately weak) model, replayed over real HTTP by vcrpy.

Recorded by scripts/record_cassettes.py behind llama-cpp-python's OpenAI-compatible server, twice
(see tests/cassettes/README.md): against Gemma 3 270M (base model, Q4_K_M: the adversarial set,
``tests/cassettes/``) and Qwen2.5-Coder-1.5B-Instruct (Q4_K_M: the capable set,
``tests/cassettes/qwen/``). Replays use
``record_mode="none"`` and a one-attempt-per-request policy (re-asks, but no transport retries),
so a request that is not in a cassette fails at once instead of being retried.
"""

from __future__ import annotations

import json
import re
from functools import partial

import pytest
from pydantic import ValidationError

from coach.config import ModelSettings, Settings
from coach.llm.client import OpenAIRewriter
from coach.llm.protocol import KeyResultChoice, RewriteFailed
from coach.llm.recording import is_unrecorded
from coach.llm.retry import retry_policy
from coach.rewrite.guard import allowed_numbers, build_guard, numbers_in

from .recording import CASSETTES, QWEN, load_cases, make_vcr, request_from_json

SETS = {"gemma": CASSETTES, "qwen": QWEN}
"""The adversarial set (Gemma 3 270M, a base model) and the capable one (Qwen2.5-Coder-1.5B)."""
CASES = {name: load_cases(folder) for name, folder in SETS.items()}
REPEATED = "the model repeated an answer the checks had already rejected"


def _error_urls_are_off() -> None:
    """Re-ask bodies quote pydantic errors; with URLs in them no recorded body would match."""
    with pytest.raises(ValidationError) as error:
        KeyResultChoice.model_validate({})
    if "errors.pydantic.dev" in str(error.value):
        pytest.fail("PYDANTIC_ERRORS_INCLUDE_URL=0 was set after pydantic first showed an error")


def replay(which: str, name: str):
    """Replay one case: (RewriteFailed or proposal, the model's replies, rewriter, cassette)."""
    _error_urls_are_off()
    case, recorded = CASES[which]["cases"][name], CASES[which]["recorded_with"]
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
    with make_vcr("none", SETS[which]).use_cassette(f"{name}.yaml") as cassette:
        try:
            result = rewriter.propose(request, build_guard(request, Settings()))
        except RewriteFailed as failed:
            _fail_if_unrecorded(failed)
            result = failed
        assert cassette.all_played and cassette.play_count == len(cassette.responses)
    return result, [_reply_text(r) for r in cassette.responses], rewriter, cassette


def _fail_if_unrecorded(error: BaseException) -> None:
    if is_unrecorded(error):
        pytest.fail("a request is not in the cassette: re-record (scripts/record_cassettes.py)")


def _reply_text(response: dict) -> str:
    body = json.loads(response["body"]["string"])
    if "choices" not in body:
        return ""
    message = body["choices"][0]["message"]
    calls = message.get("tool_calls") or []
    return calls[0]["function"]["arguments"] if calls else message.get("content") or ""


TOOL_CASES = [
    (which, name)
    for which, cases in CASES.items()
    for name, case in cases["cases"].items()
    if case["mode"] == "tools"
]


def _request(which: str, name: str):
    return request_from_json(CASES[which]["cases"][name]["request"])


@pytest.mark.parametrize(("which", "name"), TOOL_CASES)
def test_replay_ends_as_recorded(which, name):
    result, replies, rewriter, _ = replay(which, name)
    recorded = CASES[which]["cases"][name]["recorded_outcome"]
    if "accepted" in recorded:
        assert result.model_dump(mode="json") == recorded["accepted"]
    else:
        assert isinstance(result, RewriteFailed)
        assert (result.reason, result.problems) == (recorded["failed"], recorded["problems"])
    assert 1 <= len(replies) == rewriter.usage.calls <= 3


@pytest.mark.parametrize(("which", "name"), TOOL_CASES)
def test_an_accepted_rewrite_holds_no_number_the_request_does_not(which, name):
    """The model chooses words; every number is placed by the coach from the request."""
    result, _, _, _ = replay(which, name)
    if not isinstance(result, RewriteFailed):
        assert numbers_in(result.text) <= allowed_numbers(_request(which, name))
        assert build_guard(_request(which, name), Settings())(result) == []


@pytest.mark.parametrize(("which", "name"), TOOL_CASES)
def test_re_asks_are_warmer_and_a_repeated_answer_is_not_asked_again(which, name):
    result, replies, _, cassette = replay(which, name)
    temperatures = [json.loads(r.body)["temperature"] for r in cassette.requests]
    assert temperatures == sorted(set(temperatures))  # each re-ask warmer than the one before
    if isinstance(result, RewriteFailed) and result.reason.startswith(REPEATED):
        # the last answer repeats one rejected before it (not necessarily the one just before)

        def fields(reply: str) -> dict:
            return {
                k: str(v).lower().strip(" .") for k, v in json.loads(reply, strict=False).items()
            }

        assert fields(replies[-1]) in [fields(reply) for reply in replies[:-1]]


@pytest.mark.parametrize("which", SETS)
def test_the_injection_line_never_comes_back_as_a_poem(which):
    result, replies, _, _ = replay(which, "injection")
    text = result.reason if isinstance(result, RewriteFailed) else result.text
    assert not re.search(r"poem|\bcats?\b|ignore previous", text, re.I)
    for reply in replies:
        assert not re.search(r"poem|\bcats?\b", reply, re.I)


def test_the_capable_model_passes_the_guard_more_often_than_the_adversary():
    accepted = {
        which: sum("accepted" in case["recorded_outcome"] for case in cases["cases"].values())
        for which, cases in CASES.items()
    }
    assert accepted["qwen"] > accepted["gemma"] >= 0, accepted


@pytest.mark.parametrize("which", SETS)
def test_json_schema_mode_is_refused_by_this_server(which):
    result, _, _, cassette = replay(which, "json_schema_default")
    assert result.reason.startswith("server error (500) after 1 attempt: 1 validation error: ")
    assert "'response_format', 'type'" in result.reason
    assert result.reason.endswith(
        "(this server does not take json_schema replies: set COACH_MODE=tools)"
    )
    assert json.loads(cassette.requests[0].body)["response_format"]["type"] == "json_schema"


@pytest.mark.parametrize("which", SETS)
def test_every_case_has_its_cassette(which):
    assert {p.stem for p in SETS[which].glob("*.yaml")} == set(CASES[which]["cases"])
    assert len(CASES[which]["cases"]) == 9


SECRETS = [
    re.compile(
        r"^\s*-?\s*['\"]?(authorization|api-key|x-api-key|cookie|set-cookie)['\"]?\s*:", re.I | re.M
    ),
    re.compile(r"Bearer\s", re.I),
    re.compile(r"sk-[A-Za-z0-9_\-]{20,}"),
]


def leaks(text: str) -> list[str]:
    return [pattern.pattern for pattern in SECRETS if pattern.search(text)]


RECORDED = sorted(
    p for folder in SETS.values() for p in [*folder.glob("*.yaml"), *folder.glob("*.json")]
)


@pytest.mark.parametrize("path", RECORDED, ids=lambda p: p.name)
def test_no_cassette_holds_a_key_or_an_authorization_header(path):
    assert leaks(path.read_text(encoding="utf-8")) == []


def test_the_scan_would_catch_an_unfiltered_cassette():
    # built at run time, so that no secret scanner mistakes this test for a leaked key
    fake_key = "sk-" + "proj-" + "x" * 24
    unfiltered = f"    headers:\n      {'Author' + 'ization'}:\n      - Bearer {fake_key}\n"
    assert len(leaks(unfiltered)) == 3
    assert leaks("      api-key:\n      - x\n") and leaks("      Set-Cookie:\n")
