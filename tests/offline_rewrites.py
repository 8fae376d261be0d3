"""A draft rewritten by the offline rewriter alone, no cache: what the offline tests read."""

from __future__ import annotations

from coach.config import Settings
from coach.service import RewriteRequest, rewrite_text


def rewrite(draft: str):
    request = RewriteRequest(
        text=draft, source="draft.md", settings=Settings(), provider="offline", cache=False
    )
    return rewrite_text(request)
