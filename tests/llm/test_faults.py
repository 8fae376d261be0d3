"""The real client, instructor and retry policy against a scripted loopback server (faults)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach.llm.client import OpenAIRewriter
from coach.llm.protocol import KeyResultChoice, RewriteFailed

from .conftest import GOOD, GOOD_TEXT, INVENTED, OFF_SUBJECT, settings_for
from .scripted_server import Reply, closed_port_url, completion, error_reply, proposal_reply

SECRET = "sk-test-" + "Zq8" * 12


def rewriter(base_url: str, environ=None, **overrides) -> OpenAIRewriter:
    return OpenAIRewriter(settings_for(base_url, **overrides), environ=environ or {})


def propose(client: OpenAIRewriter, request, guard):
    started = time.monotonic()
    try:
        return client.propose(request, guard), time.monotonic() - started
    except RewriteFailed as failed:
        return failed, time.monotonic() - started


def feedback_for(guard, data: dict) -> str:
    """The re-ask text the guard's rejection of the composed key result produces (what the model
    must be shown)."""
    return "The rewrite was rejected: " + " ".join(guard(guard.compose(KeyResultChoice(**data))))


OTHERS = [{**OFF_SUBJECT, "metric": m} for m in ("office plant survival", "parking spaces")]


def test_429_waits_for_retry_after_then_succeeds(serve, request_kr, guard):
    server = serve(error_reply(429, "slow down", {"Retry-After": "1"}), proposal_reply(GOOD))
    client = rewriter(server.base_url)
    result, elapsed = propose(client, request_kr, guard)
    assert result.text == GOOD_TEXT
    assert len(server.requests) == 2
    gap = server.requests[1].at - server.requests[0].at
    # the server's Retry-After (1 s) is honoured, not added to the policy's own backoff; the
    # upper bound leaves room for a loaded machine
    assert 1.0 <= gap < 2.9
    assert (client.usage.calls, client.usage.prompt_tokens, client.usage.completion_tokens) == (
        2,
        11,
        7,
    )


def test_500_backs_off_then_succeeds(serve, request_kr, guard):
    server = serve(error_reply(500, "boom"), proposal_reply(GOOD))
    result, elapsed = propose(rewriter(server.base_url), request_kr, guard)
    assert result.text == GOOD_TEXT
    assert len(server.requests) == 2
    assert 0.5 <= server.requests[1].at - server.requests[0].at < 1.5  # 0.5 s + jitter ≤ 0.5 s
    assert server.requests[1].body == server.requests[0].body  # a retry, not a re-ask


def test_timeout_fails_after_the_bounded_attempts(serve, request_kr, guard):
    slow = Reply(body=completion(content="{}"), delay=1.5)
    server = serve(slow, slow, slow)
    result, elapsed = propose(
        rewriter(server.base_url, timeout=0.5, max_attempts=2), request_kr, guard
    )
    assert isinstance(result, RewriteFailed)
    assert result.reason == "the server did not answer within 0.5 s, in each of 2 attempts"
    assert result.attempts == 2
    assert len(server.requests) == 2
    assert elapsed < 5


def test_connection_refused_is_one_line(request_kr, guard):
    url = closed_port_url()
    result, elapsed = propose(rewriter(url, max_attempts=2), request_kr, guard)
    assert isinstance(result, RewriteFailed)
    assert result.reason == f"cannot connect to {url} after 2 attempts: is the server running?"
    assert "\n" not in str(result)
    assert elapsed < 5


def test_a_failure_prints_nothing_to_stderr():
    """instructor logs each failed attempt at ERROR level; the client keeps that off stderr."""
    script = (
        "from coach.config import ModelSettings\n"
        "from coach.llm.client import OpenAIRewriter\n"
        "from coach.llm.protocol import RewriteFailed\n"
        "from tests.llm.conftest import onboarding_request\n"
        f"settings = ModelSettings(model='m', base_url={closed_port_url()!r}, max_attempts=1)\n"
        "try:\n"
        "    OpenAIRewriter(settings, environ={}).propose(onboarding_request(), lambda p: [])\n"
        "except RewriteFailed as failed:\n"
        "    print(failed.reason)\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert done.stderr == ""
    assert done.stdout.startswith("cannot connect to http://127.0.0.1:")


def test_401_is_not_retried_and_never_shows_the_key(serve, request_kr, guard):
    server = serve(error_reply(401, f"Incorrect API key provided: {SECRET}"), proposal_reply(GOOD))
    result, _ = propose(rewriter(server.base_url, {"OPENAI_API_KEY": SECRET}), request_kr, guard)
    assert isinstance(result, RewriteFailed)
    assert result.reason == "authentication failed (401): check OPENAI_API_KEY"
    assert SECRET not in str(result) and SECRET not in repr(result)
    assert len(server.requests) == 1
    assert server.requests[0].headers["authorization"] == f"Bearer {SECRET}"


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (404, "model 'scripted-model' not found (404) at {url}: check COACH_MODEL"),
        (400, "request refused (400): 'temperature' is out of range"),
        (403, "permission denied (403): the key may not use model 'scripted-model'"),
    ],
)
def test_client_errors_are_not_retried(serve, request_kr, guard, status, reason):
    server = serve(error_reply(status, "'temperature' is out of range"), proposal_reply(GOOD))
    result, _ = propose(rewriter(server.base_url), request_kr, guard)
    assert isinstance(result, RewriteFailed)
    assert result.reason == reason.format(url=server.base_url)
    assert len(server.requests) == 1


def test_a_server_echoing_a_key_in_an_error_is_redacted(serve, request_kr, guard):
    server = serve(error_reply(400, f"bad key {SECRET} in header"))
    result, _ = propose(rewriter(server.base_url, {"OPENAI_API_KEY": SECRET}), request_kr, guard)
    assert result.reason == "request refused (400): bad key [key] in header"


def test_malformed_json_body_is_retried_at_once(serve, request_kr, guard):
    server = serve(Reply(body=b'{"id": "chatcmpl-x", "choices": ['), proposal_reply(GOOD))
    result, elapsed = propose(rewriter(server.base_url), request_kr, guard)
    assert result.text == GOOD_TEXT
    assert len(server.requests) == 2
    assert elapsed < 1


def test_malformed_json_body_every_time_fails(serve, request_kr, guard):
    server = serve(*[Reply(body=b"{not json")] * 3)
    result, _ = propose(rewriter(server.base_url), request_kr, guard)
    assert result.reason == "the server's reply was not valid JSON after 3 attempts"
    assert len(server.requests) == 3


def test_non_json_content_is_re_asked_with_the_error(serve, request_kr, guard):
    chatty = "Sure! Here is the key result: Increase onboarding completion."
    server = serve(Reply(body=completion(content=chatty)), proposal_reply(GOOD))
    result, _ = propose(rewriter(server.base_url), request_kr, guard)
    assert result.text == GOOD_TEXT
    second = server.requests[1].messages
    assert second[-2] == {"role": "assistant", "content": chatty}
    assert second[-1]["role"] == "user"
    assert second[-1]["content"].startswith("Correct your JSON ONLY RESPONSE")
    assert "Invalid JSON" in second[-1]["content"]


def test_non_json_content_every_time_falls_back(serve, request_kr, guard):
    server = serve(*[Reply(body=completion(content="I cannot do that."))] * 3)
    result, _ = propose(rewriter(server.base_url), request_kr, guard)
    assert result.reason == "no proposal passed the checks after 3 attempts"
    assert result.attempts == 3 and len(server.requests) == 3
    assert result.problems == ["Invalid JSON: expected ident at line 1 column 2"]


def test_an_off_subject_answer_is_re_asked_with_the_guards_message(serve, request_kr, guard):
    server = serve(proposal_reply(OFF_SUBJECT), proposal_reply(GOOD))
    client = rewriter(server.base_url)
    result, _ = propose(client, request_kr, guard)
    assert result.text == GOOD_TEXT
    feedback = feedback_for(guard, OFF_SUBJECT)
    assert "Keep the subject" in feedback
    assert feedback not in server.requests[0].text()
    assert feedback in server.requests[1].messages[-1]["content"]
    assert client.usage.calls == 2


def test_numbers_in_an_answer_are_re_asked_warmer_then_it_falls_back(serve, request_kr, guard):
    answers = [{**INVENTED, "audience": who} for who in ("", "new users", "new teams")]
    server = serve(*[proposal_reply(answer) for answer in answers], proposal_reply(GOOD))
    client = rewriter(server.base_url, max_attempts=3)
    result, _ = propose(client, request_kr, guard)
    assert isinstance(result, RewriteFailed)
    assert result.reason == "no proposal passed the checks after 3 attempts"
    assert result.problems == [
        "metric: Write words only: no numbers. The coach places the baseline, target and "
        "deadline itself."
    ]
    assert len(server.requests) == 3  # not 9: the SDK does not retry on its own
    assert [r.body["temperature"] for r in server.requests] == [0.0, 0.4, 0.8]
    usage = client.usage
    assert (usage.calls, usage.prompt_tokens, usage.completion_tokens) == (3, 33, 21)


def test_a_repeated_invalid_answer_ends_the_item(serve, request_kr, guard):
    server = serve(*[proposal_reply(INVENTED)] * 3, proposal_reply(GOOD))
    client = rewriter(server.base_url, max_attempts=3)
    result, _ = propose(client, request_kr, guard)
    assert result.reason == (
        "the model repeated an answer the checks had already rejected; not asked again "
        "(after 2 attempts)"
    )
    assert result.problems == [
        "metric: Write words only: no numbers. The coach places the baseline, target and "
        "deadline itself."
    ]
    assert len(server.requests) == 2 and client.usage.calls == 2


def test_transient_errors_and_re_asks_share_one_budget(serve, request_kr, guard):
    server = serve(error_reply(500, "boom"), proposal_reply(OFF_SUBJECT), proposal_reply(OTHERS[0]))
    server.script.append(proposal_reply(GOOD))
    result, _ = propose(rewriter(server.base_url, max_attempts=3), request_kr, guard)
    assert result.reason == "no proposal passed the checks after 3 attempts"
    assert len(server.requests) == 3


def test_a_re_ask_survives_a_transient_error(serve, request_kr, guard):
    server = serve(proposal_reply(OFF_SUBJECT), error_reply(503, "busy", {"Retry-After": "0"}))
    server.script.append(proposal_reply(GOOD))
    result, _ = propose(rewriter(server.base_url, max_attempts=3), request_kr, guard)
    assert result.text == GOOD_TEXT
    assert len(server.requests) == 3
    assert feedback_for(guard, OFF_SUBJECT) in server.requests[2].text()
    # the retry of the re-ask is the same re-ask: as warm as the request it repeats
    assert [r.body["temperature"] for r in server.requests] == [0.0, 0.4, 0.4]


def test_rate_limited_every_time(serve, request_kr, guard):
    server = serve(*[error_reply(429, "slow down", {"retry-after-ms": "100"})] * 3)
    result, elapsed = propose(rewriter(server.base_url, max_attempts=3), request_kr, guard)
    assert result.reason == "rate limited (429) after 3 attempts"
    assert len(server.requests) == 3
    assert 0.2 <= elapsed < 2


def test_a_wait_past_the_deadline_is_not_taken(serve, request_kr, guard):
    server = serve(error_reply(429, "slow down", {"Retry-After": "30"}), proposal_reply(GOOD))
    result, elapsed = propose(rewriter(server.base_url, deadline=5.0), request_kr, guard)
    assert result.reason == "rate limited (429): the server asked to wait 30 s, past the deadline"
    assert len(server.requests) == 1
    assert elapsed < 1


def test_tools_mode_re_asks_through_a_tool_message(serve, request_kr, guard):
    server = serve(
        Reply(body=completion(tool_arguments=OFF_SUBJECT)),
        Reply(body=completion(tool_arguments=GOOD)),
    )
    result, _ = propose(rewriter(server.base_url, mode="tools"), request_kr, guard)
    assert result.text == GOOD_TEXT
    first, second = (r.body for r in server.requests)
    assert first["tool_choice"] == {"type": "function", "function": {"name": "KeyResultChoice"}}
    assert second["messages"][-1]["role"] == "tool"
    assert feedback_for(guard, OFF_SUBJECT) in second["messages"][-1]["content"]
