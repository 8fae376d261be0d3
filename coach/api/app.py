"""``coach serve``: the HTTP JSON API (FastAPI), a thin front door over ``coach.service``.

Every request is answered from its body alone (drafts, metrics, actuals come in the body; no
file a client names is ever opened) and nothing is kept between requests, so the API scales by
running more workers behind any proxy. docs/api.md documents the endpoints, auth and limits.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response

from coach import __version__, jsonbytes
from coach.api import models
from coach.api.collector import CollectAfterEachRequest
from coach.api.shortcut import Shortcut
from coach.config import Settings
from coach.errors import CoachError, InputError, ModelError, first_problem
from coach.service.collector import take_over

log = logging.getLogger("coach.api")

PROBLEM = "application/problem+json"
DOCS_ASSETS = "/docs/assets"
MAX_BODY_BYTES = 2_000_000
"""Default request body limit: a draft at ``limits.max_file_bytes`` (1 MB) as JSON text."""
MODEL_SHARE = 0.8
"""A model rewrite's run deadline is at most this share of the request timeout."""
INLINE_CHARS = 4_000
"""A check of a draft up to this many characters runs on the event loop (about a millisecond
for an editor's 3 × 3 draft of ~800 characters, under ten at the limit); larger ones run in a
worker thread under the request timeout."""
TIMEOUT = 60.0
"""Default seconds per request (a model rewrite's run deadline is capped at this too)."""


@dataclass(frozen=True)
class ServerConfig:
    """How the server runs: built by ``coach serve`` from its options and the environment."""

    settings: Settings = field(default_factory=Settings)
    token: str | None = None
    """``COACH_API_TOKEN``: when set, every /v1 request needs ``Authorization: Bearer <token>``."""
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = MAX_BODY_BYTES
    timeout: float = TIMEOUT


class JSON(JSONResponse):
    """Compact UTF-8 JSON; lone surrogates and control characters from a client's text are
    written as ``\\uXXXX`` escapes (``coach.visible.json_safe``), so any text can be answered.
    ``coach.jsonbytes`` writes it (the standard library's bytes, faster)."""

    def render(self, content: Any) -> bytes:
        return jsonbytes.dumps(content)


class ProblemResponse(JSON):
    media_type = PROBLEM


CODES = {
    400: "bad-request",
    401: "unauthorized",
    404: "not-found",
    405: "method-not-allowed",
    413: "too-large",
    415: "unsupported-media-type",
    422: "input",
    502: "model",
    503: "timeout",
    500: "internal",
}


def problem(status: int, detail: str | None, code: str | None = None, **extra: Any) -> Response:
    body = models.Problem(
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        code=code or CODES.get(status, "error"),
        **extra,
    ).model_dump(exclude_none=True)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return ProblemResponse(body, status_code=status, headers=headers)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI description of the errors a route can answer with."""
    content = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return {s: {"description": HTTPStatus(s).phrase, "content": content} for s in statuses}


# ---- the body size limit ------------------------------------------------------------------


class BodyLimit:
    """ASGI middleware: a request whose body is over ``limit`` bytes gets 413 without being
    read further (by its Content-Length, or as it streams in)."""

    def __init__(self, app: Any, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            size += len(message.get("body", b""))
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> dict:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: dict, receive: Callable, send: Callable) -> None:
        detail = f"the request body is over the limit of {self.limit} bytes"
        await problem(413, detail)(scope, receive, send)


# ---- the app ------------------------------------------------------------------------------


def create_app(config: ServerConfig | None = None) -> FastAPI:
    config = config or ServerConfig()
    app = FastAPI(
        title="okr-coach",
        version=__version__,
        summary="Check, rewrite and grade OKR drafts: the HTTP API for editor plugins.",
        description="See docs/api.md. Errors are `application/problem+json` (RFC 9457).",
        docs_url=None,
        redoc_url=None,
        default_response_class=JSON,
    )
    app.state.config = config
    _handlers(app)
    app.include_router(_v1(config))
    _meta_routes(app, config)
    app.add_middleware(
        Shortcut,
        path="/v1/check",
        model=models.CheckRequest,
        answer=lambda body: _check_inline(config, body),
        allowed=lambda headers: _authorized(
            config, headers.get(b"authorization", b"").decode("latin-1")
        ),
    )
    app.add_middleware(BodyLimit, limit=config.max_body_bytes)
    if config.cors_origins:  # outermost: a browser can read the 413 too
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(config.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )
    return app


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg")), "type": e["type"]}
            for e in exc.errors()[:20]
        ]
        detail = "invalid request"
        if exc.errors():  # a misspelt field first, worded as the CLI words a bad setting
            location, message = first_problem(list(exc.errors()))
            where = ".".join(location[1:] or location)
            detail = f"{where}: {message}" if where else message
        return problem(422, detail, "validation", errors=errors)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else None
        response = problem(exc.status_code, detail)
        for key, value in (exc.headers or {}).items():
            response.headers.setdefault(key, value)
        return response

    @app.exception_handler(CoachError)
    async def coach_error(request: Request, exc: CoachError) -> Response:
        if isinstance(exc, ModelError):
            return problem(502, str(exc))
        if isinstance(exc, InputError) or exc.exit_code == InputError.exit_code:
            return problem(422, str(exc))
        log.error("configuration error answering %s: %s", request.url.path, exc)
        return problem(500, "the server's configuration could not be used", "internal")

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error answering %s", request.url.path)
        return problem(500, "internal error (the server's log has the details)")


async def _run(
    config: ServerConfig, function: Callable[..., Any], *args: Any, inline: bool = False
) -> Response:
    """``function(*args)`` in a worker thread, given up on after the request timeout (503);
    ``inline``: on the event loop itself (for work bounded to a few milliseconds, where the
    hand-over to a thread would cost more than the work).

    Its result (the library's JSON form) is sent as it is: the route's ``response_model``
    describes it in the spec, and the schema fuzz (tests/test_api_fuzz.py) checks that every
    answer matches; validating each answer again here would double a check's cost."""
    if inline:
        return JSON(function(*args))
    try:
        result = await asyncio.wait_for(run_in_threadpool(function, *args), config.timeout)
    except TimeoutError:
        raise HTTPException(503, f"the request took over {config.timeout:g} s") from None
    return JSON(result)


def _authorize(config: ServerConfig) -> Callable[[Request], None]:
    async def authorize(request: Request) -> None:
        if not _authorized(config, request.headers.get("authorization", "")):
            raise HTTPException(401, "a valid bearer token is required (Authorization: Bearer …)")

    return authorize


def _authorized(config: ServerConfig, header: str) -> bool:
    """Whether an Authorization header (as Starlette decodes it: Latin-1) carries the token;
    every request does without one configured."""
    if not config.token:
        return True
    scheme, _, given = header.partition(" ")
    # compare_digest takes constant time whatever the token given (bytes: any characters)
    valid = hmac.compare_digest(
        given.strip().encode("utf-8", "surrogatepass"), config.token.encode("utf-8")
    )
    return scheme.lower() == "bearer" and valid


def _settings(config: ServerConfig, select: list[str] | None, ignore: list[str] | None):
    from coach.service import validate_rule_ids

    settings = config.settings
    if select is None and ignore is None:
        return settings
    changed = replace(
        settings,
        select=settings.select if select is None else list(select),
        ignore=settings.ignore if ignore is None else list(ignore),
    )
    validate_rule_ids(changed, {"select": "select", "ignore": "ignore"})
    return changed


def _v1(config: ServerConfig) -> APIRouter:
    dependencies = []
    if config.token:  # without one there is nothing to check (a dependency costs each request)
        dependencies.append(Depends(_authorize(config)))
        # says so in the spec (and gives /docs its "Authorize" button)
        dependencies.append(Security(HTTPBearer(auto_error=False, scheme_name="token")))
    router = APIRouter(
        prefix="/v1",
        dependencies=dependencies,
        responses=problem_responses(401, 413, 422, 500, 503),
    )

    @router.post("/check", response_model=models.CheckResponse, tags=["check"])
    async def check(body: models.CheckRequest) -> Any:
        """Check a draft against the rules: findings (with line/column ranges), counts, scores."""
        return await _run(config, _check, config, body, inline=len(body.text) <= INLINE_CHARS)

    @router.post(
        "/rewrite",
        response_model=models.RewriteResponse,
        tags=["rewrite"],
        responses=problem_responses(502),
    )
    async def rewrite(body: models.RewriteRequest) -> Any:
        """Rewrite the draft's failing items: the changes, the new text and the edits (ranges of
        the original text) an editor applies. Uses the server's model when one is configured."""
        return await _run(config, _rewrite, config, body)

    @router.post("/grade", response_model=models.GradeResponse, tags=["grade"])
    async def grade(body: models.GradeRequest) -> Any:
        """Grade key results on the 0.0–1.0 scale from actual values, or forecast mid-quarter."""
        return await _run(config, _grade, config, body)

    @router.get("/rules", response_model=models.RuleList, tags=["rules"])
    async def rules() -> Any:
        """Every rule of the rubric: id, level, why, fix, examples."""
        return await _run(config, _rules, config)

    @router.get(
        "/rules/{rule_id}",
        response_model=models.Rule,
        tags=["rules"],
        responses=problem_responses(404),
    )
    async def rule(rule_id: str) -> Any:
        """One rule, by id (any case) or name."""
        return await _run(config, _rule, config, rule_id)

    return router


def _meta_routes(app: FastAPI, config: ServerConfig) -> None:
    @app.get("/healthz", response_model=models.Health, tags=["meta"])
    async def healthz() -> Any:
        """Liveness: always open (no token), answers without touching the rubric."""
        provider = config.settings.model.resolved_provider
        return {"status": "ok", "version": __version__, "rewriter": provider}

    assets = _docs_assets()
    if assets is None:
        return

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="okr-coach API",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png",
        )

    files = {p.name: p for p in assets.iterdir() if p.suffix in (".js", ".css", ".png")}

    @app.get(DOCS_ASSETS + "/{name}", include_in_schema=False)
    async def asset(name: str) -> Response:
        if name not in files:  # only the bundled files, by exact name: never a path
            raise HTTPException(404, "no such file")
        return FileResponse(files[name], headers={"Cache-Control": "max-age=86400"})


def _docs_assets() -> Path | None:
    """The Swagger UI files bundled by fastapi-offline (no CDN); None: /docs is off."""
    try:
        import fastapi_offline
    except ImportError:
        return None
    folder = Path(fastapi_offline.__file__).parent / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


# ---- the work, in a worker thread ---------------------------------------------------------


def _check_inline(config: ServerConfig, body: models.CheckRequest) -> Response | None:
    """The route's answer to a draft small enough to check on the event loop; None for a
    larger one (the route runs it in a thread under the request timeout)."""
    return JSON(_check(config, body)) if len(body.text) <= INLINE_CHARS else None


def _check(config: ServerConfig, body: models.CheckRequest) -> dict:
    from coach.render.json_output import SCHEMA_VERSION, TOOL_NAME, file_json
    from coach.service import check_text

    settings = _settings(config, body.select, body.ignore)
    report = check_text(body.text, body.source, settings)
    threshold = settings.fail_on
    fails = threshold is not None and any(f.level.rank >= threshold.rank for f in report.findings)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": __version__},
        "fails": fails,
        **file_json(report),
    }


def _rewrite(config: ServerConfig, body: models.RewriteRequest) -> dict:
    from coach.render.rewrite import to_json
    from coach.service import RewriteRequest, rewrite_text, text_within_limit

    settings = _settings(config, body.select, body.ignore)
    text_within_limit(body.text, body.source, settings)
    # model calls stop in time for the offline rewriter to finish the items left in the request
    deadline = min(settings.model.run_deadline, config.timeout * MODEL_SHARE)
    request = RewriteRequest(
        text=body.text,
        source=body.source,
        settings=settings,
        metrics=tuple(body.metrics.items()),
        provider="offline" if body.offline else None,
        run_deadline=deadline,
        items=None if body.items is None else tuple(body.items),
    )
    return to_json(rewrite_text(request))


def _grade(config: ServerConfig, body: models.GradeRequest) -> dict:
    files = (body.actuals, body.checkins)
    from coach.render.grade_json import to_json
    from coach.service import text_within_limit
    from coach.service.grading import grade_text

    for text, name in [(body.text, body.source), *((f.text, f.name) for f in files if f)]:
        text_within_limit(text, name, config.settings)
    report = grade_text(
        body.text,
        body.source,
        actuals=(body.actuals.name, body.actuals.text) if body.actuals else None,
        checkins=(body.checkins.name, body.checkins.text) if body.checkins else None,
        history=[(f"history[{n}]", data) for n, data in enumerate(body.history)],
        quarter_end=body.quarter_end,
        as_of=body.as_of,
    )
    return to_json(report)


def _rules(config: ServerConfig) -> dict:
    from coach.render.json_output import SCHEMA_VERSION, TOOL_NAME, rule_json
    from coach.service import list_rules

    rules = [rule_json(rule) for rule in list_rules(config.settings)]
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": __version__},
        "rules": rules,
    }


def _rule(config: ServerConfig, rule_id: str) -> dict:
    from coach.render.json_output import rule_json
    from coach.service import UnknownRuleError, find_rule

    try:
        return rule_json(find_rule(rule_id, config.settings))
    except UnknownRuleError as exc:
        raise HTTPException(404, str(exc)) from None


def app_from_environment() -> FastAPI:
    """The app for a uvicorn worker process: ``coach serve`` passes its options in
    ``COACH_SERVE_OPTIONS`` (JSON) and the token stays in ``COACH_API_TOKEN``; each worker
    resolves the settings itself (config file, then the environment)."""
    import os

    from coach.config import load_settings

    options = json.loads(os.environ.get("COACH_SERVE_OPTIONS") or "{}")
    config_file = options.get("config_file")
    config = ServerConfig(
        settings=load_settings(config_file=Path(config_file) if config_file else None),
        token=os.environ.get("COACH_API_TOKEN") or None,
        cors_origins=tuple(options.get("cors_origins", ())),
        max_body_bytes=int(options.get("max_body_bytes", MAX_BODY_BYTES)),
        timeout=float(options.get("timeout", TIMEOUT)),
    )
    app = create_app(config)
    app.add_middleware(CollectAfterEachRequest)  # outermost: after the answer is sent
    take_over()  # the worker runs the full collections, not CPython's thresholds
    _warm_up(config)
    return app


WARM_UP_DRAFT = "## Objective: Make onboarding effortless\n\n- Launch the new onboarding flow\n"


def _warm_up(config: ServerConfig) -> None:
    """Check a small draft before serving, so the first request does not load the rubric and
    its patterns, then move everything alive into the permanent generation (``gc.freeze``).

    The collector's full passes then skip the loaded modules, the rubric and the app (about
    58,000 objects; a full pass over them took 25 ms of CPU), and only walk what the requests
    added since: the per-text caches, which grow with every new draft. A full pass stops every
    request in flight on the worker, so it lands on the slowest answers; the worker runs them
    when it is idle (``coach.service.collector``)."""
    import gc

    try:
        _check(config, models.CheckRequest(text=WARM_UP_DRAFT))
    except CoachError:  # settings this draft cannot pass (a tiny size limit): requests will say
        pass
    gc.freeze()
