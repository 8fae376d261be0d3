"""A finding: one rule broken by one item. A small frozen record every renderer shares.

The JSON shape (``Finding.to_json``) is part of the public output schema, versioned by
``coach.render.json_output.SCHEMA_VERSION``; add fields, never rename or remove them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from coach.frozeninit import fast_init


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {Level.ERROR: 3, Level.WARNING: 2, Level.SUGGESTION: 1}


@fast_init
@dataclass(frozen=True, slots=True)
class Finding:
    """One rule broken at one place of a draft, with the rule's message and fix."""

    rule_id: str
    rule_name: str
    level: Level
    message: str
    path: str
    """The item it concerns: "draft", "objectives[1]" or "objectives[1].key_results[0]"."""
    line: int
    column: int
    guide_rule: int | None = None
    fix: str | None = None
    source: str = "<string>"
    end_line: int | None = None
    end_column: int | None = None

    def to_json(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "rule_name": self.rule_name,
            "level": self.level.value,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "guide_rule": self.guide_rule,
            "fix": self.fix,
        }
