"""Model calls bounded as a whole (issue 9): per-request total time, reply size, the run's
deadline, the circuit breaker, wording of the fallback notes, and secrets in notes.

Every test runs the real client against the scripted loopback server (a test double) with
deadlines of a second or two. The only timing asserts are "it finished": generous upper bounds,
far below what the misbehaving server would take if nothing cut it off.
"""

from __future__ import annotations

import base64
import gzip
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli
from coach.config import ModelSettings, load_settings
from coach.llm.budget import RunBudget
from coach.llm.client import OpenAIRewriter
from coach.llm.protocol import RewriteFailed
from coach.llm.recording import make_vcr
from coach.llm.retry import failure_reason, redact
from coach.rewrite.engine import OWN_WORDS

from .conftest import GOOD, GOOD_TEXT, onboarding_request, settings_for
from .scripted_server import (
    Reply,
    ScriptedServer,
    closed_port_url,
    completion,
    error_reply,
    huge_reply,
    proposal_reply,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "draft.md"
REJECTED = completion(content="{}")
"""A reply that arrives but never passes: the model's failure, not the endpoint's."""


def rewriter(base_url: str, environ=None, **overrides) -> OpenAIRewriter:
    return OpenAIRewriter(settings_for(base_url, **overrides), environ=environ or {})


def fails(client: OpenAIRewriter, guard) -> tuple[RewriteFailed, float]:
    started = time.monotonic()
    with pytest.raises(RewriteFailed) as failed:
        client.propose(onboarding_request(), guard)
    return failed.value, time.monotonic() - started


# ---- one request -----------------------------------------------------------------------------


def test_a_trickled_reply_is_cut_off_at_the_request_timeout(serve, guard):
    # 1 byte every 0.2 s: about a minute for the whole reply, and no socket read ever waits 1 s
    server = serve(Reply(body=REJECTED, trickle=0.2))
    failed, elapsed = fails(rewriter(server.base_url, timeout=1.0, max_attempts=1), guard)
    assert failed.reason == "the server did not answer within 1 s"
    assert elapsed < 15  # it finished: the trickle alone takes over 60 s


def test_a_reply_over_the_size_cap_is_refused_and_not_retried(serve, guard):
    server = serve(huge_reply(3_000_000), proposal_reply(GOOD))
    failed, _ = fails(rewriter(server.base_url), guard)
    assert failed.reason == "the reply was larger than 1 MB"
    assert len(server.requests) == 1


def test_a_reply_without_content_length_is_refused_while_it_arrives(serve, guard):
    server = serve(huge_reply(3_000_000, content_length=False))
    failed, _ = fails(rewriter(server.base_url, max_reply_bytes=200_000), guard)
    assert failed.reason == "the reply was larger than 200 kB"


def test_a_reply_just_under_the_cap_is_read(serve, guard):
    body = json.dumps(completion(content=json.dumps(GOOD))).encode()
    server = serve(Reply(body=body, content_length=False))
    proposal = rewriter(server.base_url, max_reply_bytes=len(body)).propose(
        onboarding_request(), guard
    )
    assert proposal.text == GOOD_TEXT


def test_replies_are_asked_for_uncompressed_and_a_compressed_one_is_refused(serve, guard):
    packed = gzip.compress(json.dumps(completion(content="x" * 100_000)).encode())
    server = serve(Reply(body=packed, headers={"content-encoding": "gzip"}))
    failed, _ = fails(rewriter(server.base_url), guard)
    assert failed.reason == "the reply was compressed (gzip) although none was asked for"
    assert server.requests[0].headers["accept-encoding"] == "identity"


def test_a_reply_with_no_choices_says_so(serve, guard):
    server = serve(Reply(body={**REJECTED, "choices": []}))
    failed, _ = fails(rewriter(server.base_url), guard)
    assert failed.reason == "the reply had no choices"


def test_a_retry_after_longer_than_the_deadline_is_not_waited_for(serve, guard):
    server = serve(error_reply(429, "slow down", {"Retry-After": "3600"}), proposal_reply(GOOD))
    failed, elapsed = fails(rewriter(server.base_url, run_deadline=2.0), guard)
    assert failed.reason == "rate limited (429): the server asked to wait 3600 s, past the deadline"
    assert len(server.requests) == 1
    assert elapsed < 15


# ---- the run ---------------------------------------------------------------------------------


def test_the_run_deadline_cuts_a_slow_reply_and_skips_the_items_left(serve, guard):
    server = serve(Reply(body=REJECTED, delay=4.0), then=proposal_reply(GOOD))
    client = rewriter(server.base_url, timeout=30.0, run_deadline=1.0)
    first, elapsed = fails(client, guard)
    assert first.reason == "the run's model deadline of 1 s passed before the server answered"
    assert not first.skipped
    second, _ = fails(client, guard)
    assert second.skipped
    assert second.reason == "the run's model deadline of 1 s had passed"
    assert len(server.requests) == 1  # the second item was never sent
    assert elapsed < 15


def test_the_breaker_opens_after_n_endpoint_failures_in_a_row(serve, guard):
    server = serve(then=error_reply(500, "internal error"))
    client = rewriter(server.base_url, max_attempts=1, breaker_after=2)
    reasons = [fails(client, guard)[0] for _ in range(4)]
    assert [r.skipped for r in reasons] == [False, False, True, True]
    assert reasons[0].reason == "server error (500) after 1 attempt: internal error"
    assert reasons[2].reason == "the endpoint failed 2 items in a row"
    assert len(server.requests) == 2


def test_a_rejected_reply_is_the_models_failure_and_resets_the_breaker(serve, guard):
    boom = error_reply(500, "internal error")
    server = serve(boom, Reply(body=REJECTED), boom, then=proposal_reply(GOOD))
    client = rewriter(server.base_url, max_attempts=1, breaker_after=2)
    for _ in range(3):
        assert not fails(client, guard)[0].skipped
    assert client.propose(onboarding_request(), guard).text == GOOD_TEXT


def test_the_budget_clock_and_breaker():
    now = [100.0]
    budget = RunBudget(10.0, breaker_after=2, clock=lambda: now[0])
    assert budget.remaining() == 10.0 and budget.stopped() is None
    budget.start()
    now[0] = 104.0
    budget.start()  # the first start wins
    assert budget.remaining() == 6.0
    budget.record(endpoint_failed=True)
    budget.record(endpoint_failed=False)
    budget.record(endpoint_failed=True)
    assert budget.stopped() is None
    budget.record(endpoint_failed=True)
    assert budget.stopped() == "the endpoint failed 2 items in a row"
    fresh = RunBudget(10.0, breaker_after=5, clock=lambda: now[0])
    fresh.start()
    now[0] = 114.0
    assert fresh.expired and fresh.stopped() == "the run's model deadline of 10 s had passed"
    budget.reset()  # coach eval: every case is a run of its own
    fresh.reset()
    assert budget.stopped() is None and fresh.stopped() is None and fresh.remaining() == 10.0


# ---- the whole command against misbehaving servers -----------------------------------------


def rewrite_example(server: ScriptedServer, tmp_path: Path, *flags: str, **env: str):
    started = time.monotonic()
    result = CliRunner().invoke(
        cli,
        ["rewrite", str(EXAMPLE), "--no-cache", "--format", "json", *flags],
        env={
            "COACH_MODEL": "scripted-model",
            "OPENAI_BASE_URL": server.base_url,
            "OPENAI_API_KEY": "",
            "COACH_CACHE_DIR": str(tmp_path / "cache"),
            "COACH_TIMEOUT": "1",
            **env,
        },
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output), time.monotonic() - started


def notes(payload: dict) -> list[str]:
    return [c["note"] for c in payload["changes"]]


def test_rewrite_against_a_long_retry_after_falls_back_at_once(serve, tmp_path):
    server = serve(then=error_reply(429, "slow down", {"Retry-After": "3600"}))
    payload, elapsed = rewrite_example(server, tmp_path, "--run-deadline", "2")
    assert {c["origin"] for c in payload["changes"]} <= {"offline fallback", "unchanged"}
    said = notes(payload)
    asked = "local:scripted-model: rate limited (429): the server asked to wait 3600 s, past the deadline"
    # (an item the offline rewriter cannot place beside its siblings says so after the reason,
    # one it measured by the line's own words too)
    reasons = [n.split("; offline rewriter: ")[0].removesuffix(f"; {OWN_WORDS}") for n in said]
    assert reasons[:3] == [asked] * 3
    skipped = "local:scripted-model: not asked: the endpoint failed 3 items in a row"
    assert all(n.startswith(skipped) for n in said[3:]) and len(said) > 3
    assert len(server.requests) == 3
    [notice] = payload["notices"]
    assert notice.startswith(
        "local:scripted-model was stopped for this run (the endpoint failed 3 items in a row): the "
    )
    assert elapsed < 20


def test_rewrite_against_a_trickling_server_finishes_by_the_run_deadline(serve, tmp_path):
    server = serve(then=Reply(body=REJECTED, trickle=0.2))
    payload, elapsed = rewrite_example(server, tmp_path, "--run-deadline", "2", COACH_TIMEOUT="30")
    said = notes(payload)
    assert said[0] == (
        "local:scripted-model: the run's model deadline of 2 s passed before the server answered"
    )
    assert all("not asked: the run's model deadline of 2 s had passed" in n for n in said[1:])
    assert len(server.requests) == 1
    assert elapsed < 20  # it finished: one trickled reply alone takes over a minute


def test_rewrite_text_output_says_once_why_the_model_was_stopped(serve, tmp_path):
    server = serve(then=error_reply(500, "internal error"))
    result = CliRunner().invoke(
        cli,
        ["rewrite", str(EXAMPLE), "--no-cache"],
        env={
            "COACH_MODEL": "scripted-model",
            "OPENAI_BASE_URL": server.base_url,
            "COACH_MAX_ATTEMPTS": "1",
            "COACH_CACHE_DIR": str(tmp_path / "cache"),
        },
    )
    assert result.exit_code == 0, result.output
    stopped = [line for line in result.output.splitlines() if line.startswith("note: ")]
    assert len(stopped) == 1
    assert "was stopped for this run (the endpoint failed 3 items in a row)" in stopped[0]
    assert "Error" not in result.output  # no exception names in the notes


# ---- secrets ---------------------------------------------------------------------------------

LONG_KEY = (
    "gw-" + "Ab9_" * 100
)  # 403 characters, no "sk-" prefix: longer than any shortened message


def test_a_long_key_is_redacted_before_the_message_is_shortened(serve, guard):
    echo = "upstream rejected " + "x" * 120 + f" key={LONG_KEY}"
    server = serve(error_reply(500, echo))
    failed, _ = fails(
        rewriter(server.base_url, {"OPENAI_API_KEY": LONG_KEY}, max_attempts=1), guard
    )
    assert failed.reason.startswith("server error (500) after 1 attempt: upstream rejected xxx")
    assert "key=[key]" in failed.reason
    assert not any(LONG_KEY[i : i + 8] in failed.reason for i in range(len(LONG_KEY) - 8))


def test_a_key_cut_by_the_shortening_leaves_no_part_of_it():
    # before the fix the message was shortened first: a key across the cut left its head behind
    import httpx2
    import openai

    key = "k" + "7Qz" * 40
    message = "y" * 150 + key
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    error = openai.APIStatusError(
        "x", response=httpx2.Response(400, request=request), body={"message": message}
    )
    reason = failure_reason(error, 1, ModelSettings(model="m"), "here", "OPENAI_API_KEY", (key,))
    assert "7Qz" not in reason
    assert reason == "request refused (400): " + "y" * 150 + "[key]"


def test_a_short_key_is_redacted_too(serve, guard):
    assert redact("bad key abc12 given", ("abc12",)) == "bad key [key] given"
    server = serve(error_reply(400, "bad key abc12 given"))
    failed, _ = fails(rewriter(server.base_url, {"OPENAI_API_KEY": "abc12"}), guard)
    assert failed.reason == "request refused (400): bad key [key] given"


def credentialed(url: str, user: str = "alice", password: str = "s3cret-pa55") -> str:
    return url.replace("http://", f"http://{user}:{password}@")


def test_credentials_in_the_base_url_are_sent_as_basic_auth_and_never_shown(serve, guard):
    server = serve(error_reply(400, "user alice with password s3cret-pa55 may not do that"))
    url = credentialed(server.base_url)
    client = rewriter(url, max_attempts=1)
    failed, _ = fails(client, guard)
    expected = base64.b64encode(b"alice:s3cret-pa55").decode()
    assert server.requests[0].headers["authorization"] == f"Basic {expected}"
    assert failed.reason == "request refused (400): user [key] with password [key] may not do that"
    assert "s3cret" not in client.endpoint.url and "alice" not in client.endpoint.url


def test_credentials_in_the_base_url_stay_out_of_connection_errors():
    url = credentialed(closed_port_url(), password="p%40ss-w0rd")
    failed, _ = fails(rewriter(url, max_attempts=1), lambda p: [])
    assert failed.reason.startswith("cannot connect to http://127.0.0.1:")
    assert "p%40ss" not in failed.reason and "p@ss" not in failed.reason
    assert "alice" not in failed.reason


def test_credentials_in_the_base_url_are_never_recorded(serve, guard, tmp_path):
    server = serve(proposal_reply(GOOD))
    recorder = make_vcr(tmp_path, record_mode="all")
    with recorder.use_cassette("creds.yaml"):
        rewriter(credentialed(server.base_url)).propose(onboarding_request(), guard)
    recorded = (tmp_path / "creds.yaml").read_text(encoding="utf-8")
    assert server.base_url in recorded
    secret_basic = base64.b64encode(b"alice:s3cret-pa55").decode()
    for secret in ("s3cret-pa55", "alice", secret_basic):
        assert secret not in recorded


# ---- settings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("max_attempts", "0", "Input should be greater than or equal to 1"),
        ("run_deadline", "-5", "Input should be greater than 0"),
        ("deadline", "0", "Input should be greater than 0"),
        ("timeout", "inf", "Input should be a finite number"),
        ("breaker_after", "0", "Input should be greater than or equal to 1"),
        ("max_reply_bytes", "0", "Input should be greater than or equal to 1"),
    ],
)
def test_bad_limits_in_the_settings_file_are_one_line_naming_it(tmp_path, setting, value, message):
    config = tmp_path / ".coach.toml"
    config.write_text(f"[model]\nmodel = 'm'\n{setting} = {value}\n", encoding="utf-8")
    (tmp_path / "d.md").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["rewrite", str(tmp_path / "d.md")], env={"COACH_MODEL": "", "OPENAI_BASE_URL": ""}
    )
    assert result.exit_code == 3
    assert result.output == f"coach: {config}: invalid setting 'model.{setting}': {message}\n"


@pytest.mark.parametrize(
    ("variable", "setting", "value"),
    [
        ("COACH_TIMEOUT", "timeout", 240.0),
        ("COACH_ITEM_DEADLINE", "deadline", 300.0),
        ("COACH_RUN_DEADLINE", "run_deadline", 3600.0),
    ],
)
def test_each_time_limit_is_a_setting_from_the_environment_too(tmp_path, variable, setting, value):
    """A slow local model's cold first call needs longer limits: every one can be raised."""
    settings = load_settings(environ={variable: str(value)}, start=tmp_path)
    assert getattr(settings.model, setting) == value
    assert getattr(load_settings(environ={}, start=tmp_path).model, setting) != value


def test_a_bad_limit_from_the_environment_or_the_command_line_names_it(tmp_path):
    env = {"COACH_MODEL": "", "COACH_RUN_DEADLINE": "-1"}
    result = CliRunner().invoke(cli, ["rewrite", str(EXAMPLE)], env=env)
    assert result.exit_code == 3
    assert result.output.startswith(
        "coach: COACH_RUN_DEADLINE: invalid setting 'model.run_deadline'"
    )
    env = {"COACH_MODEL": "", "COACH_RUN_DEADLINE": ""}
    result = CliRunner().invoke(cli, ["rewrite", str(EXAMPLE), "--run-deadline", "0"], env=env)
    assert result.exit_code == 2  # a bad option value is a usage error, named by its flag
    assert result.output.startswith("coach: --run-deadline: invalid setting 'model.run_deadline'")


def test_a_dead_endpoint_is_detected_once_and_the_rest_go_offline_without_asking(tmp_path):
    """Nothing listens on the port: the first item finds out (after its retries), every other
    item goes to the offline rewriter at once, and the run says why in one line."""
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    class Dead:
        base_url = f"http://127.0.0.1:{port}/v1"

    payload, _ = rewrite_example(Dead(), tmp_path)
    said = notes(payload)
    assert said[0].startswith("local:scripted-model: cannot connect to")
    assert all(
        n.startswith("local:scripted-model: not asked: the endpoint could not be reached")
        for n in said[1:]
    )
    assert len(said) > 2
    [notice] = payload["notices"]
    assert "the endpoint could not be reached" in notice
