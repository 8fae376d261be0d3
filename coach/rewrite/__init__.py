"""Rewrite failing key results and objectives. Front doors call ``coach.service.rewrite_text``
with a ``coach.service.RewriteRequest``; ``rewrite_file`` is a thin wrapper over it.

from coach.rewrite import rewrite_file
result = rewrite_file("draft.md", metrics_path="metrics.yaml")
print(result.new_text)
"""

from __future__ import annotations

from pathlib import Path

from coach.config import Settings
from coach.llm.protocol import RenderedPrompt, Rewriter
from coach.rewrite.engine import Change, RewriteResult

__all__ = ["Change", "RewriteResult", "prompts_for_file", "rewrite_file"]


def rewrite_file(
    path: str | Path,
    settings: Settings | None = None,
    metrics_path: str | Path | None = None,
    rewriter: Rewriter | None = None,
    use_cache: bool = True,
) -> RewriteResult:
    """``coach.service.rewrite_text`` for a draft on disk (or stdin, "-")."""
    from coach import service

    return service.rewrite_file(path, settings, metrics_path, rewriter, use_cache)


def prompts_for_file(
    path: str | Path, settings: Settings | None = None, metrics_path: str | Path | None = None
) -> list[tuple[str, RenderedPrompt]]:
    """Exactly what a model would be sent for each failing item (sends nothing)."""
    from coach import service

    return service.rewrite_prompts(service.rewrite_request_for_file(path, settings, metrics_path))
