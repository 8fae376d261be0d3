"""The service layer: what every front door (the CLI, a review TUI, an LSP, an HTTP API, a batch
job) calls. Front doors parse their input and render the results; everything between is here:
checking (which files, which settings apply to each, reading, checking, the exit code) in
``coach.service.checking`` and rewriting (one request in, edits with line and column ranges out) in
``coach.service.rewriting``.
"""

from __future__ import annotations

from coach.service.checking import *  # noqa: F403
from coach.service.checking import __all__ as _check_all
from coach.service.rewriting import *  # noqa: F403
from coach.service.rewriting import __all__ as _rewrite_all

__all__ = [*_check_all, *_rewrite_all]
