"""What a rule sees: one item of a draft (or the whole draft), and what a rule reports back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coach.config import Settings
from coach.model import Draft, KeyResultAnalysis, Position
from coach.rubric.vocabulary import Vocabulary


@dataclass(slots=True, eq=False)
class ItemContext:
    """What a rule sees of one item (or of the whole draft) as it runs. Rules read it and never
    change it; it is not frozen only because a check builds one for every item, and a frozen
    dataclass's ``__init__`` (each field set through ``object.__setattr__``) costs about five
    times a plain one's. Compared by identity."""

    draft: Draft
    settings: Settings
    vocabulary: Vocabulary
    kind: str  # "objective" | "key_result" | "draft"
    text: str
    path: str
    position: Position
    objective_index: int | None = None
    kr_index: int | None = None
    analysis: KeyResultAnalysis | None = None
    facts: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    """What one rule worked out about the item that others reuse (``kinds._attributes_for``),
    made when a rule first keeps something; one check's contexts only, so nothing here outlives
    the draft."""


@dataclass(slots=True)
class Hit:
    """A rule fired. ``args`` fill the message template; path/position default to the item's.
    Not frozen, like ``ItemContext``: one is made for every finding of every check."""

    args: dict[str, Any] = field(default_factory=dict)
    path: str | None = None
    position: Position | None = None
