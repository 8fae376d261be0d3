"""The service layer, rewriting: one request object in, a result with edits (line and column
ranges) out, whatever the provider."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coach.config import Settings, define_constraints, validate_model_settings
from coach.errors import ConfigError
from coach.llm.protocol import RenderedPrompt
from coach.rewrite.apply import TextEdit
from coach.rewrite.engine import Change as Change  # exported (coach.service.names)
from coach.rewrite.engine import RewriteResult, item_changes, rewrite_draft
from coach.rewrite.metrics import load_metrics
from coach.rewrite.providers import build_chain, provider_for
from coach.service.names import REWRITE_NAMES

define_constraints()  # RewriteRequest holds Settings: pydantic must resolve their annotations

__all__ = list(REWRITE_NAMES)


class RewriteRequest(BaseModel):
    """Everything one rewrite of a draft needs, in one object."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    text: str
    """The draft, as text."""
    source: str = "<text>"
    """Its name: a path (its extension picks Markdown, YAML or JSON) or "<stdin>"."""
    settings: Settings = Field(default_factory=Settings)
    metrics: tuple[tuple[str, str], ...] = ()
    """The user's metrics: (metric name, current value as written), in file order."""
    provider: str | None = None
    """A registered provider (``coach.rewrite.providers``) in place of the configured one."""
    model: str | None = None
    base_url: str | None = None
    run_deadline: float | None = None
    cache: bool = True
    """False: ask the model again instead of reading the proposal cache."""
    rewriter: Any = None
    """A ready ``coach.llm.Rewriter`` to use for the provider (a test double, a replaying client);
    None: the provider builds its own from the settings."""
    items: tuple[str, ...] | None = None
    """The item paths to rewrite (``objectives[0].key_results[1]``, as the checker names them);
    None: every failing item."""
    progress: Any = None
    """Called as ``progress(done, total, line)`` before each item is proposed and once at the
    end (``done == total``): a front door shows it while model calls run."""

    def resolved_settings(self) -> Settings:
        """The settings with this request's provider/model overrides applied (validated)."""
        flags = {
            "provider": self.provider,
            "model": self.model,
            "base_url": self.base_url,
            "run_deadline": self.run_deadline,
        }
        overrides = {k: v for k, v in flags.items() if v is not None}
        if not overrides:
            return self.settings
        try:
            model = validate_model_settings({**asdict(self.settings.model), **overrides})
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ConfigError(f"{where}: {first['msg']}") from None
        return replace(self.settings, model=model)


def rewrite_text(request: RewriteRequest) -> RewriteResult:
    """Rewrite the failing items of ``request.text``. The result has every change (with its rules,
    origin and number provenance), the rewritten text, the scores before and after, and
    ``edits``: the line/column ranges of the original text to replace, for an editor."""
    settings = request.resolved_settings()
    provider_for(settings)  # an unknown provider is a configuration error before any work
    chain = build_chain(settings, request.rewriter, use_cache=request.cache)
    return rewrite_draft(
        request.text,
        request.source,
        chain,
        settings,
        request.metrics,
        request.progress,
        only=None if request.items is None else frozenset(request.items),
    )


def rewrite_items(request: RewriteRequest, items: Collection[str]) -> dict[str, Change]:
    """The changes ``rewrite_text(request)`` would make to the items ``items`` (item paths),
    by item path — a failing item only — worked out without the rest of the draft's rewrite:
    the items after the last of them are not proposed, the result is not re-checked
    (``request.items`` is not used)."""
    settings = request.resolved_settings()
    provider_for(settings)
    chain = build_chain(settings, request.rewriter, use_cache=request.cache)
    return item_changes(request.text, request.source, chain, settings, items, request.metrics)


def rewrite_request_for_file(
    path: str | Path,
    settings: Settings | None = None,
    metrics_path: str | Path | None = None,
    **fields: Any,
) -> RewriteRequest:
    """The request for a draft on disk (or stdin, "-"), with its metrics file read."""
    from coach.parsing.reading import read_source

    settings = settings or Settings()
    source, text = read_source(path, settings.limits.max_file_bytes)
    metrics = load_metrics(metrics_path, settings.limits.max_file_bytes)
    return RewriteRequest(text=text, source=source, settings=settings, metrics=metrics, **fields)


def rewrite_file(
    path: str | Path,
    settings: Settings | None = None,
    metrics_path: str | Path | None = None,
    rewriter: Any = None,
    use_cache: bool = True,
) -> RewriteResult:
    """``rewrite_text`` for a draft on disk: a thin wrapper."""
    request = rewrite_request_for_file(
        path, settings, metrics_path, rewriter=rewriter, cache=use_cache
    )
    return rewrite_text(request)


def apply_edits(text: str, edits: Sequence[TextEdit]) -> str:
    """``text`` with a rewrite's ``edits`` applied (what an editor does with them)."""
    from coach.rewrite.apply import apply_text_edits

    return apply_text_edits(text, list(edits))


def rewrite_prompts(request: RewriteRequest) -> list[tuple[str, RenderedPrompt]]:
    """Exactly what a model would be sent for each failing item of the draft (sends nothing):
    (item path, the rendered messages), one per distinct item. A key result's suggestion is
    the fallback rewriter's metric for the draft as it stands; in a run it also steers clear of
    the metrics the items before it were rewritten to."""
    from dataclasses import replace

    from coach.checker import check
    from coach.llm.prompts import render_messages
    from coach.parsing import parse_text
    from coach.rewrite.engine import MetricsInUse, suggested
    from coach.rewrite.guard import build_guard
    from coach.rewrite.providers import provider_for, provider_named
    from coach.rewrite.requests import build_targets
    from coach.rubric import load_rubric

    settings = request.resolved_settings()
    report = check(parse_text(request.text, request.source), settings)
    provider = provider_for(settings)
    if provider.fallback:  # the rewriter that would work out the suggestion in a run
        fallback = provider_named(provider.fallback).create(settings)
    else:  # a provider that sends nothing (shown what a model would get): its own rewriter
        fallback = None if provider.remote else provider.create(settings)
    in_use = MetricsInUse(report.draft, settings)
    seen, prompts = set(), []
    for target in build_targets(report, load_rubric(settings), request.metrics):
        if target.dedupe_key in seen:
            continue
        seen.add(target.dedupe_key)
        sent = target.request
        if sent.kind == "key_result" and fallback is not None:
            sent = replace(sent, taken_metrics=in_use.taken_by_others(target.path))
            sent, _ = suggested(sent, fallback, build_guard(sent, settings))
        prompts.append((target.path, render_messages(sent, settings.model.system_role)))
    return prompts
