"""A draft rewritten by the offline rewriter alone, no cache: what the offline tests read."""

from __future__ import annotations

from coach.config import Settings
from coach.service import RewriteRequest, rewrite_text


def rewrite(
    draft: str, metrics: tuple[tuple[str, str], ...] = (), provider: str = "offline", rewriter=None
):
    """``draft`` rewritten with no cache: by the offline rewriter, or by ``provider`` with a
    ready ``rewriter`` (a test double)."""
    request = RewriteRequest(
        text=draft,
        source="draft.md",
        settings=Settings(),
        metrics=metrics,
        provider=provider,
        rewriter=rewriter,
        cache=False,
    )
    return rewrite_text(request)
