"""okr-coach: an OKR writing coach.

Use it from Python without the CLI::

    from coach import check, load_draft
    report = check(load_draft("draft.md"))
    for finding in report.findings:
        print(finding.line, finding.rule_id, finding.message)

``check``, ``load_draft`` and ``parse_text`` are loaded on first use, so that importing a
submodule (``coach.cli`` for ``coach --version``, a command that never checks) does not load
the checker, the parser and the rubric with it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from coach import regexcache

# A model's re-ask quotes pydantic's errors, and its text must not change with pydantic's version
# or with what ran first: pydantic reads this once, when it first formats any error, so it is set
# when the package is imported, before any coach code can show one (set in coach.llm.client, it
# came too late in a process that had already formatted an error, e.g. a test or a server).
os.environ.setdefault("PYDANTIC_ERRORS_INCLUDE_URL", "0")

# Before any module compiles its patterns: those an earlier run compiled are taken as compiled.
regexcache.seed()

if TYPE_CHECKING:
    from coach.checker import check
    from coach.parsing import load_draft, parse_text

__version__ = "0.1.0"
__all__ = ["check", "load_draft", "parse_text", "__version__"]

_LAZY = {"check": "coach.checker", "load_draft": "coach.parsing", "parse_text": "coach.parsing"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'coach' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(_LAZY[name]), name)
    globals()[name] = value
    return value
