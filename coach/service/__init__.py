"""The service layer: what every front door (the CLI, a review TUI, an LSP, an HTTP API, a batch
job) calls. Front doors parse their input and render the results; everything between is here:
checking (which files, which settings apply to each, reading, checking, the exit code) in
``coach.service.checking`` and rewriting (one request in, edits with line and column ranges out) in
``coach.service.rewriting``.

The rewriting names load on first use (``from coach.service import rewrite_text`` imports
``coach.service.rewriting`` then), so checking never pays for the rewriter and the model layer.
"""

from __future__ import annotations

from typing import Any

from coach.service.checking import *  # noqa: F403
from coach.service.checking import __all__ as _check_all
from coach.service.names import REWRITE_NAMES as _REWRITE_ALL

__all__ = [*_check_all, *_REWRITE_ALL]


def __getattr__(name: str) -> Any:
    if name in _REWRITE_ALL:
        from coach.service import rewriting

        value = getattr(rewriting, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
