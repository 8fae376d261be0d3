"""The retry policy itself, without HTTP: waits, caps, the deadline and freshness."""

from __future__ import annotations

import email.utils

import httpx2
import openai
import pytest
from pydantic import ValidationError
from tenacity import RetryCallState

from coach.config import ModelSettings
from coach.llm.protocol import KeyResultProposal
from coach.llm.retry import is_transient, retry_after_seconds, retry_policy


def policy_wait(exc: BaseException, attempt: int = 1) -> float:
    policy = retry_policy(ModelSettings(model="m"))
    state = RetryCallState(policy, fn=None, args=(), kwargs={})
    state.attempt_number = attempt
    state.set_exception((type(exc), exc, None))
    return policy.wait(state)


def rate_limited(headers: dict[str, str]) -> openai.RateLimitError:
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx2.Response(429, headers=headers, request=request)
    return openai.RateLimitError("slow down", response=response, body=None)


def test_retry_after_as_an_http_date():
    when = email.utils.formatdate(1_000_030.0, usegmt=True)
    assert retry_after_seconds(rate_limited({"Retry-After": when}), now=1_000_000.0) == 30.0


def test_retry_after_is_the_servers_wait_uncapped():
    assert policy_wait(rate_limited({"Retry-After": "600"})) == 600.0


def test_a_retry_after_past_the_deadline_stops_at_once_instead_of_waiting():
    policy = retry_policy(ModelSettings(model="m"), deadline=120.0)
    state = RetryCallState(policy, fn=None, args=(), kwargs={})
    state.set_exception((openai.RateLimitError, rate_limited({"Retry-After": "3600"}), None))
    state.upcoming_sleep = policy.wait(state)
    assert policy.stop(state)
    state.set_exception((openai.RateLimitError, rate_limited({"Retry-After": "30"}), None))
    state.upcoming_sleep = policy.wait(state)
    assert not policy.stop(state)


def test_backoff_without_retry_after_grows_with_jitter():
    exc = rate_limited({})
    assert 0.5 <= policy_wait(exc, attempt=1) <= 1.0
    assert 2.0 <= policy_wait(exc, attempt=3) <= 2.5


def test_validation_errors_wait_nothing():
    with pytest.raises(ValidationError) as error:
        KeyResultProposal.model_validate_json("not json")
    assert policy_wait(error.value) == 0.0


def test_each_call_gets_a_fresh_policy():
    settings = ModelSettings(model="m")
    assert retry_policy(settings) is not retry_policy(settings)


@pytest.mark.parametrize(
    ("status", "transient"),
    [
        (400, False),
        (401, False),
        (403, False),
        (404, False),
        (422, False),
        (408, True),
        (409, True),
        (429, True),
        (500, True),
        (502, True),
        (503, True),
    ],
)
def test_which_statuses_are_transient(status, transient):
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx2.Response(status, request=request)
    error = openai.APIStatusError("x", response=response, body=None)
    assert is_transient(error) is transient


def test_connection_errors_and_timeouts_are_transient():
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    assert is_transient(openai.APIConnectionError(request=request))
    assert is_transient(openai.APITimeoutError(request=request))
    assert not is_transient(ValueError("x"))
