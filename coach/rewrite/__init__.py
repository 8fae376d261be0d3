"""Rewrite failing key results and objectives: ``rewrite_file`` / ``rewrite_text``.

from coach.rewrite import rewrite_file
result = rewrite_file("draft.md", metrics_path="metrics.yaml")
print(result.new_text)
"""

from __future__ import annotations

from pathlib import Path

from coach.config import Settings
from coach.llm.offline import OfflineRewriter
from coach.llm.protocol import RenderedPrompt, Rewriter
from coach.parsing import parse_text
from coach.parsing.reading import read_source
from coach.rewrite.engine import Change, RewriteResult, rewrite_text
from coach.rewrite.metrics import load_metrics
from coach.rewrite.providers import cache_key_for, make_rewriter
from coach.rewrite.requests import build_targets

__all__ = ["Change", "RewriteResult", "prompts_for_file", "rewrite_file", "rewrite_text"]


def rewrite_file(
    path: str | Path,
    settings: Settings | None = None,
    metrics_path: str | Path | None = None,
    rewriter: Rewriter | None = None,
    use_cache: bool = True,
) -> RewriteResult:
    settings = settings or Settings()
    source, text = read_source(path, settings.limits.max_file_bytes)
    metrics = load_metrics(metrics_path, settings.limits.max_file_bytes)
    rewriter = rewriter or make_rewriter(settings)
    offline = rewriter if isinstance(rewriter, OfflineRewriter) else OfflineRewriter()
    cache = key_for = None
    if use_cache and settings.model.cache:
        key_for = cache_key_for(rewriter, settings)
        if key_for is not None:
            from coach.llm.cache import ProposalCache

            cache = ProposalCache.from_settings(settings.model)
    return rewrite_text(text, source, rewriter, offline, settings, metrics, cache, key_for)


def prompts_for_file(
    path: str | Path, settings: Settings | None = None, metrics_path: str | Path | None = None
) -> list[tuple[str, RenderedPrompt]]:
    """Exactly what a model would be sent for each failing item (sends nothing)."""
    from coach.checker import check
    from coach.llm.prompts import render_messages
    from coach.rubric import load_rubric

    settings = settings or Settings()
    source, text = read_source(path, settings.limits.max_file_bytes)
    metrics = load_metrics(metrics_path, settings.limits.max_file_bytes)
    report = check(parse_text(text, source), settings)
    seen, prompts = set(), []
    for target in build_targets(report, load_rubric(settings), metrics):
        if target.dedupe_key not in seen:
            seen.add(target.dedupe_key)
            prompts.append(
                (target.path, render_messages(target.request, settings.model.system_role))
            )
    return prompts
