"""OpenAIRewriter: any OpenAI-compatible endpoint behind the ``Rewriter`` seam.

The only module in the coach that imports ``openai`` and ``instructor``. One item = one
``instructor`` call with ``response_model`` = the proposal model, the guard in the pydantic
validation context and a fresh ``coach.llm.retry.retry_policy`` as ``max_retries``; the SDK's
own retries are off (``max_retries=0``), so the policy is the only thing that retries. A reply the
guard rejects is re-sent to the model with the guard's message (instructor's re-ask); when the
attempts run out, or the endpoint fails, ``propose`` raises ``RewriteFailed`` with a one-line
reason (never a traceback, never the key) and the caller falls back to the offline rewriter.

Keys come only from the environment (``OPENAI_API_KEY``; ``AZURE_OPENAI_API_KEY`` for Azure) and
are never logged, echoed or written anywhere. Credentials written into the base URL
(``https://user:pass@host/v1``) are treated the same way: taken out of the URL the SDK sees (so
they reach no message, log or recording), sent as HTTP basic auth as before, and redacted.

The whole run is bounded (``coach.llm.budget.RunBudget``): every request by the HTTP client of
``coach.llm.transport`` (total time and reply size), every item by its retry policy, and the run
by its deadline and circuit breaker.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import instructor
import openai
from instructor.core import (
    Hooks,
    IncompleteOutputException,
    InstructorError,
    InstructorRetryException,
    ResponseParsingError,
)
from pydantic import ValidationError
from tenacity import Retrying

from coach.config import ModelSettings
from coach.errors import ModelError
from coach.llm import prompts
from coach.llm.budget import RunBudget
from coach.llm.protocol import (
    Guard,
    Proposal,
    RenderedPrompt,
    RepeatedProposal,
    RewriteFailed,
    RewriteRequest,
    Usage,
    finished,
    response_model,
    validation_context,
)
from coach.llm.retry import failure_reason, redact, retry_policy
from coach.llm.transport import bounded_client

# PYDANTIC_ERRORS_INCLUDE_URL=0 (re-asks quote pydantic's errors) is set when coach is imported.
# instructor logs every failed attempt at ERROR level; without a handler that reaches stderr.
logging.getLogger("instructor").addHandler(logging.NullHandler())

OPENAI_URL = "https://api.openai.com/v1"
DUMMY_KEY = "sk-no-key-required"
NO_KEY = "no API key: set OPENAI_API_KEY (or unset COACH_MODEL to use the offline rewriter)"
REASK_TEMPERATURE_STEP = 0.4
"""Each re-ask is sent this much warmer than the one before (up to 1.0): at the same temperature a
model repeats itself, and a repeat of a rejected answer ends the item."""
LOCAL_MAX_TOKENS = 1024
"""Output cap sent to self-hosted servers only, where a weak model can loop until n_ctx."""
MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}
PolicyFactory = Callable[..., Retrying]
_MODEL_FAILURES = (ValidationError, ValueError, IncompleteOutputException, RepeatedProposal)
"""The endpoint answered, but nothing usable came of it: not the endpoint's failure (breaker)."""


def without_credentials(url: str) -> str:
    """``url`` without any ``user:password@`` part."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


@dataclass(frozen=True)
class Endpoint:
    """Where the model lives, as far as naming, keys and the default mode are concerned."""

    url: str
    """The base URL without credentials: the only form the SDK (and so any log) ever sees."""
    host: str
    azure: bool
    user: str = ""
    password: str = ""
    """Credentials from a ``user:password@`` base URL (percent-decoded), if any."""

    @classmethod
    def of(cls, settings: ModelSettings) -> Endpoint:
        raw = settings.base_url or OPENAI_URL
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
        azure = settings.provider == "azure" or host.endswith(".openai.azure.com")
        return cls(
            url=without_credentials(raw),
            host=host,
            azure=azure,
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
        )

    @property
    def secrets(self) -> tuple[str, ...]:
        """The URL's credentials, decoded and as written: never shown anywhere."""
        values = {self.user, self.password}
        values |= {quote(v, safe="") for v in values}
        return tuple(v for v in values if v)

    @property
    def hosted(self) -> bool:
        return self.azure or self.host == "api.openai.com"

    @property
    def loopback(self) -> bool:
        return self.host in _LOOPBACK or self.host.startswith("127.")

    @property
    def shown(self) -> str:
        """The URL without any user:password part."""
        parts = urlsplit(self.url)
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{self.host}{port}{parts.path}".rstrip("/")


def api_key(settings: ModelSettings, environ: Mapping[str, str]) -> str:
    endpoint = Endpoint.of(settings)
    names = ("AZURE_OPENAI_API_KEY", "OPENAI_API_KEY") if endpoint.azure else ("OPENAI_API_KEY",)
    for name in names:
        if environ.get(name):
            return environ[name]
    if endpoint.hosted:
        raise ModelError(NO_KEY.replace("OPENAI_API_KEY", " or ".join(names)))
    return DUMMY_KEY


def build_client(
    settings: ModelSettings, key: str, budget: RunBudget | None = None
) -> openai.OpenAI:
    endpoint = Endpoint.of(settings)
    budget = budget or RunBudget(settings.run_deadline, settings.breaker_after)
    auth = None
    if endpoint.user or endpoint.password:
        import httpx2

        auth = httpx2.BasicAuth(endpoint.user, endpoint.password)
    http_client = bounded_client(
        settings.timeout, settings.max_reply_bytes, budget.remaining, auth=auth
    )
    common = {
        "api_key": key,
        "max_retries": 0,
        "timeout": settings.timeout,
        "http_client": http_client,
    }
    if not endpoint.azure:
        return openai.OpenAI(base_url=endpoint.url, **common)
    if not settings.base_url:
        raise ModelError(
            "Azure OpenAI needs its endpoint: set OPENAI_BASE_URL to "
            "https://<resource>.openai.azure.com"
        )
    if not settings.api_version:
        raise ModelError("Azure OpenAI needs an API version: set OPENAI_API_VERSION")
    return openai.AzureOpenAI(
        azure_endpoint=endpoint.url, api_version=settings.api_version, **common
    )


def default_mode(settings: ModelSettings) -> str:
    """``COACH_MODE`` if set; else "tools" for OpenAI and Azure, "json_schema" for other servers."""
    if settings.mode:
        return settings.mode
    return "tools" if Endpoint.of(settings).hosted else "json_schema"


class OpenAIRewriter:
    """A ``Rewriter`` backed by an OpenAI-compatible chat-completions endpoint."""

    def __init__(
        self,
        settings: ModelSettings,
        environ: Mapping[str, str] = os.environ,
        policy: PolicyFactory = retry_policy,
    ):
        if not settings.model:
            raise ModelError("no model: set COACH_MODEL (or [tool.coach.model] model = ...)")
        self.settings = settings
        self.endpoint = Endpoint.of(settings)
        self._key = api_key(settings, environ)
        kind = "azure" if self.endpoint.azure else "local" if self.endpoint.loopback else "openai"
        self.name = f"{kind}:{settings.model}"
        self.mode = default_mode(settings)
        """The instructor mode, as named in the settings (a key of MODES)."""
        self.usage = Usage()
        self.budget = RunBudget(settings.run_deadline, settings.breaker_after)
        """The run's deadline and circuit breaker: one rewriter per run."""
        self._secrets = self.endpoint.secrets + ((self._key,) if self._key != DUMMY_KEY else ())
        self._policy = policy
        self._current: _Attempts | None = None
        sdk = build_client(settings, self._key, self.budget)
        sdk.chat.completions.create = self._warmer(sdk.chat.completions.create)
        self._client = instructor.from_openai(sdk, mode=MODES[self.mode])

    def render_messages(self, request: RewriteRequest) -> RenderedPrompt:
        """What ``propose`` sends for ``request`` (``--show-prompt``)."""
        return prompts.render_messages(request, self.settings.system_role)

    def propose(self, request: RewriteRequest, guard: Guard) -> Proposal:
        """Ask the model; every attempt is checked by ``guard`` (caching is the caller's job:
        ``coach.rewrite`` keeps accepted proposals in ``coach.llm.cache``). Once the run's
        budget is spent (deadline or circuit breaker), fails at once with ``skipped=True``."""
        self.budget.start()
        stopped = self.budget.stopped()
        if stopped is not None:
            raise RewriteFailed(stopped, 0, skipped=True)
        try:
            proposal = self._ask(self.render_messages(request), request, guard)
        except RewriteFailed as failed:
            cause = failed.__cause__
            self.budget.record(endpoint_failed=not isinstance(cause, _MODEL_FAILURES))
            if isinstance(cause, openai.APIConnectionError) and not isinstance(
                cause, openai.APITimeoutError
            ):  # nothing listens there: detected once, not retried for every item
                self.budget.record_unreachable(str(failed).split(": is the server")[0])
            raise
        self.budget.record(endpoint_failed=False)
        return proposal

    def _ask(self, prompt: RenderedPrompt, request: RewriteRequest, guard: Guard) -> Proposal:
        # instructor renders every message as a Jinja template when a context is given, so the
        # texts travel in the context and each message is just a reference to one of them: draft
        # text such as "{{ x }}" reaches the model as written, never evaluated.
        texts = [message["content"] for message in prompt.messages]
        messages = [
            {"role": m["role"], "content": f"{{{{ coach_messages[{i}] }}}}"}
            for i, m in enumerate(prompt.messages)
        ]
        model = response_model(request.kind)
        counter = _Attempts(first_messages=len(messages))
        deadline = min(self.settings.deadline, self.budget.remaining())
        context = validation_context(guard, seen={}, request=request)  # seen: rejected answers
        self._current = counter
        try:
            answer = self._client.chat.completions.create(
                model=self.settings.model,
                response_model=model,
                messages=messages,
                max_retries=self._policy(
                    self.settings, reask_errors=(ResponseParsingError,), deadline=deadline
                ),
                context={**context, "coach_messages": texts},
                hooks=self._hooks(counter),
                temperature=self.settings.temperature,
                **({} if self.endpoint.hosted else {"max_tokens": LOCAL_MAX_TOKENS}),
            )
        except InstructorRetryException as exc:
            error = exc.__cause__ or exc
            raise self._failed(error, exc.n_attempts or counter.calls, counter, deadline) from error
        except RepeatedProposal as exc:
            raise self._failed(exc, counter.calls, counter, deadline) from exc
        except (InstructorError, openai.OpenAIError, ValidationError, LookupError) as exc:
            raise self._failed(exc, counter.calls, counter, deadline) from exc
        # A plain proposal: instructor attaches the SDK response, which must not leave the seam.
        proposal = finished(answer)
        values = {name: getattr(proposal, name) for name in type(proposal).model_fields}
        return type(proposal).model_construct(proposal.model_fields_set, **values)

    def _warmer(self, create):
        """The SDK's ``create``, sending each re-ask warmer than the attempt before it (a
        transport retry of the same messages keeps its temperature)."""

        def send(*args, **kwargs):
            counter = self._current
            if counter is not None and "messages" in kwargs:
                reasks = max(len(kwargs["messages"]) - counter.first_messages, 0) // 2
                if reasks:
                    base = kwargs.get("temperature") or 0.0
                    kwargs["temperature"] = round(
                        min(base + REASK_TEMPERATURE_STEP * reasks, 1.0), 2
                    )
            return create(*args, **kwargs)

        return send

    def _hooks(self, counter: _Attempts) -> Hooks:
        """Count every request and its tokens — re-asks and failed attempts too."""
        hooks = Hooks()

        def sent(*_args, **_kwargs) -> None:
            counter.calls += 1
            self.usage.calls += 1

        def received(response) -> None:
            counter.no_choices = not getattr(response, "choices", None)
            tokens = getattr(response, "usage", None)
            if tokens is not None:
                self.usage.prompt_tokens += tokens.prompt_tokens or 0
                self.usage.completion_tokens += tokens.completion_tokens or 0

        hooks.on("completion:kwargs", sent)
        hooks.on("completion:response", received)
        return hooks

    def _failed(
        self, error: BaseException, attempts: int, counter: _Attempts, deadline: float
    ) -> RewriteFailed:
        problems = prompts.describe_problems(error) if isinstance(error, ValidationError) else []
        if isinstance(error, RepeatedProposal):
            problems = list(error.problems)
        problems = [redact(problem, self._secrets) for problem in problems]
        if isinstance(error, RepeatedProposal):
            reason = (
                "the model repeated an answer the checks had already rejected; not asked again "
                f"(after {attempts} attempt{'' if attempts == 1 else 's'})"
            )
        elif isinstance(error, IncompleteOutputException):
            reason = "the model's reply was cut off at the output token limit"
        elif counter.no_choices and not isinstance(error, ValueError):
            reason = "the reply had no choices"
        elif isinstance(error, openai.APITimeoutError) and self.budget.expired:
            reason = (
                f"the run's model deadline of {self.settings.run_deadline:g} s passed "
                "before the server answered"
            )
        else:
            key_name = "AZURE_OPENAI_API_KEY" if self.endpoint.azure else "OPENAI_API_KEY"
            reason = failure_reason(
                error,
                attempts,
                self.settings,
                self.endpoint.shown,
                key_name,
                secrets=self._secrets,
                item_deadline=deadline,
            )
        return RewriteFailed(redact(reason, self._secrets), attempts, problems)


@dataclass
class _Attempts:
    """What one item's attempts saw: how many were sent, whether the last reply was empty, and
    how many messages the first attempt had (each re-ask adds two)."""

    calls: int = 0
    no_choices: bool = False
    first_messages: int = 0
