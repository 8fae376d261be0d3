"""The one retry policy for model calls. Nothing else in the coach retries a model call.

``retry_policy(settings)`` returns a FRESH ``tenacity.Retrying`` for every item; the client passes
it to instructor as ``max_retries``, and instructor runs every attempt (first call, transport
retries and re-asks alike) through it:

* **Re-ask, no wait** — the reply did not validate (pydantic ``ValidationError``: not JSON, wrong
  shape, or rejected by the guard; the client adds instructor's ``ResponseParsingError``, e.g.
  text instead of a tool call). instructor appends the reply and the error text to the
  conversation, so the next attempt carries the feedback. A response body that is not JSON at
  all (``json.JSONDecodeError`` from the SDK) is sent again at once, unchanged.
* **Retry after a wait** — transient transport errors: 429 ``RateLimitError``, 408, 409, 5xx
  ``InternalServerError``, ``APITimeoutError``, ``APIConnectionError``. The wait is the server's
  ``Retry-After`` (seconds or an HTTP date; ``retry-after-ms`` too) when it fits in the item's
  deadline — a longer one is not waited for at all (the item fails at once rather than retry
  early against the server's word, or sleep past the deadline); without one,
  exponential backoff with jitter (0.5 s, 1 s, 2 s … up to 8 s, plus up to 0.5 s random).
  A re-ask in progress survives a transient error: instructor keeps the conversation.
* **Never retried** — 400, 401, 403, 404, 422 and every other error: retrying cannot fix them.
* **Stop** — after ``settings.max_attempts`` requests in total, or when the next attempt would
  start after the item's deadline (``settings.deadline``, shortened by the client to what is left
  of the run's ``run_deadline``; ``stop_before_delay``: the strict form of ``stop_after_delay``
  that also refuses a wait which would cross the deadline — a ``Retry-After: 3600`` is never
  waited for). ``reraise=True``: the last real error comes out (instructor wraps it in
  ``InstructorRetryException``).

The OpenAI SDK's own retries must be off (``OpenAI(max_retries=0)``): it retries 408/409/429/5xx
and timeouts twice by default, and wrapping that in this policy multiplied the attempts (9
requests for 3 × 3, see docs/model-stack.md, "Retries: one policy, in one place").

``failure_reason`` turns the error that ended an item into the one-line reason of
``RewriteFailed``: what went wrong and what to do, in words — never a traceback, an exception's
name or the key (secrets are redacted before anything is shortened).
"""

from __future__ import annotations

import email.utils
import json
import re
import time
from collections.abc import Callable

import openai
from pydantic import ValidationError
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)

from coach.config import ModelSettings
from coach.llm.recording import NOT_RECORDED, is_unrecorded

REASK_ERRORS: tuple[type[BaseException], ...] = (ValidationError, json.JSONDecodeError)
TRANSIENT_STATUS = {408, 409, 429}
_backoff = wait_exponential_jitter(multiplier=0.5, max=8.0, jitter=0.5)


def is_transient(exc: BaseException | None) -> bool:
    """A transport error worth another try after a wait."""
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in TRANSIENT_STATUS or exc.status_code >= 500
    return False


def retry_after_seconds(exc: BaseException | None, now: float | None = None) -> float | None:
    """The server's requested wait (``retry-after-ms`` or ``Retry-After``), or None."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return max(float(millis) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return max(email.utils.mktime_tz(parsed) - (time.time() if now is None else now), 0.0)


def _should_retry(reask_errors: tuple[type[BaseException], ...], transport: bool):
    def check(exc: BaseException) -> bool:
        return isinstance(exc, reask_errors) or (transport and is_transient(exc))

    return check


def _wait(reask_errors: tuple[type[BaseException], ...]) -> Callable[[RetryCallState], float]:
    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, reask_errors):
            return 0.0
        requested = retry_after_seconds(exc)
        if requested is not None:
            return requested  # stop_before_delay refuses it when it crosses the deadline
        return _backoff(state)

    return wait


def retry_policy(
    settings: ModelSettings,
    reask_errors: tuple[type[BaseException], ...] = (),
    retry_transport: bool = True,
    deadline: float | None = None,
) -> Retrying:
    """A fresh policy for one item (see the module docstring).

    ``reask_errors`` adds exception types that mean "the reply did not validate" (the client
    passes instructor's). ``retry_transport=False`` gives one attempt per request — re-asks
    still happen — which cassette replays use so an unrecorded request fails at once.
    ``deadline``: seconds for this item (default ``settings.deadline``); the client passes the
    smaller of that and the time left of the run.
    """
    reask = REASK_ERRORS + tuple(reask_errors)
    seconds = settings.deadline if deadline is None else deadline
    return Retrying(
        retry=retry_if_exception(_should_retry(reask, retry_transport)),
        wait=_wait(reask),
        stop=stop_after_attempt(max(settings.max_attempts, 1)) | stop_before_delay(seconds),
        reraise=True,
    )


def _after(attempts: int) -> str:
    return f" after {attempts} attempt{'' if attempts == 1 else 's'}"


_SK = re.compile(r"(sk-[A-Za-z0-9_\-]{4})[A-Za-z0-9_\-]{8,}")
MAX_SERVER_MESSAGE = 160


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """``text`` with every secret (of any length) replaced by ``[key]`` and any ``sk-…`` string
    shortened to its first characters. Call it before anything shortens the text: a key cut in
    half no longer matches."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, "[key]")
    return _SK.sub(r"\1…", text)


def _server_message(error: openai.APIStatusError, secrets: tuple[str, ...]) -> str:
    body = error.body
    text = body.get("message", body) if isinstance(body, dict) else body or error.message
    text = redact(" ".join(str(text).split()), secrets)
    limit = MAX_SERVER_MESSAGE
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _rate_limited(error: openai.RateLimitError, attempts: int, item_deadline: float) -> str:
    asked = retry_after_seconds(error)
    if asked is not None and asked >= item_deadline:
        return f"rate limited (429): the server asked to wait {asked:g} s, past the deadline"
    return f"rate limited (429){_after(attempts)}"


def failure_reason(
    error: BaseException,
    attempts: int,
    settings: ModelSettings,
    where: str,
    key_name: str,
    secrets: tuple[str, ...] = (),
    item_deadline: float | None = None,
) -> str:
    """One line saying what went wrong and what to do, in words: never a traceback, never an
    exception's name, never a secret (``secrets`` are redacted before anything is shortened)."""
    return redact(
        _reason(error, attempts, settings, where, key_name, secrets, item_deadline), secrets
    )


def _reason(error, attempts, settings, where, key_name, secrets, item_deadline) -> str:
    from coach.llm.transport import ReplyCompressed, ReplyTooLarge

    model = settings.model
    if isinstance(error, ReplyTooLarge | ReplyCompressed):
        return str(error)
    if isinstance(error, ValidationError):
        return f"no proposal passed the checks{_after(attempts)}"
    if isinstance(error, json.JSONDecodeError):
        return f"the server's reply was not valid JSON{_after(attempts)}"
    if isinstance(error, ValueError):  # e.g. instructor's ResponseParsingError: no tool call
        return f"the model's reply held no usable JSON{_after(attempts)}"
    if isinstance(error, openai.AuthenticationError):
        return f"authentication failed (401): check {key_name}"
    if isinstance(error, openai.PermissionDeniedError):
        return f"permission denied (403): the key may not use model {model!r}"
    if isinstance(error, openai.NotFoundError):
        return f"model {model!r} not found (404) at {where}: check COACH_MODEL"
    if isinstance(error, openai.RateLimitError):
        deadline = settings.deadline if item_deadline is None else item_deadline
        return _rate_limited(error, attempts, deadline)
    if isinstance(error, openai.APIStatusError) and error.status_code >= 500:
        message = _server_message(error, secrets)
        hint = ""
        if "response_format" in message and (settings.mode or "json_schema") == "json_schema":
            # llama-cpp-python's server: "Input should be 'text' or 'json_object'"
            hint = " (this server does not take json_schema replies: set COACH_MODE=tools)"
        return f"server error ({error.status_code}){_after(attempts)}: {message}{hint}"
    if isinstance(error, openai.APIStatusError):
        return f"request refused ({error.status_code}): {_server_message(error, secrets)}"
    if isinstance(error, openai.APITimeoutError):
        each = f", in each of {attempts} attempts" if attempts > 1 else ""
        return f"the server did not answer within {settings.timeout:g} s{each}"
    if isinstance(error, openai.APIConnectionError) and is_unrecorded(error):
        return f"the request is {NOT_RECORDED} (a replay): re-record it"
    if isinstance(error, openai.APIConnectionError):
        return f"cannot connect to {where}{_after(attempts)}: is the server running?"
    if isinstance(error, IndexError | KeyError | AttributeError | TypeError):
        return f"the reply was not a chat completion the coach can read{_after(attempts)}"
    return f"the request failed for an unexpected reason{_after(attempts)}"
