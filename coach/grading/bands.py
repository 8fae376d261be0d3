"""The guide's interpretation bands, and judging a score against its key result's ambition.

Each band includes its lower bound: 0.7 is "strong", 0.5 "acceptable", 0.3 "learning". The
guide's "0.7 to 0.9" band also holds scores above 0.9 and below 1.0. Committed key results
are expected to reach 1.0; stretch key results 0.7 (guide, Rule 5).
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.model import Ambition

COMMITTED_TARGET = 1.0
STRETCH_TARGET = 0.7
RIGHT_AMBITION = (0.6, 0.7)
"""A team score in this range means the team set the right level of ambition (guide)."""
REMINDER = (
    "Scores are for team learning and strategy, not performance reviews: never tie them to "
    "individual reviews or pay (the guide's most important grading rule)."
)


@dataclass(frozen=True)
class Band:
    id: str
    range: str
    title: str
    meaning: str
    low: float

    def to_json(self) -> dict:
        return {"id": self.id, "range": self.range, "title": self.title, "meaning": self.meaning}


BANDS = (
    Band(
        "fully-achieved",
        "1.0",
        "Fully achieved",
        "the target was too conservative: next quarter's target should stretch further",
        1.0,
    ),
    Band(
        "strong",
        "0.7–0.9",
        "Strong performance",
        "the sweet spot for ambitious, well-scoped OKRs",
        0.7,
    ),
    Band(
        "acceptable",
        "0.5–0.7",
        "Acceptable",
        "some misalignment between planning assumptions and reality",
        0.5,
    ),
    Band(
        "learning",
        "0.3–0.5",
        "Significant learning required",
        "was this a strategy problem or an execution problem?",
        0.3,
    ),
    Band(
        "fundamental",
        "below 0.3",
        "Something went fundamentally wrong",
        "hold a retrospective focused on diagnosis, not blame",
        0.0,
    ),
)


def band_of(score: float) -> Band:
    """The band a (rounded) score falls in."""
    return next(band for band in BANDS if score >= band.low)


def expected(ambition: Ambition) -> float:
    return STRETCH_TARGET if ambition == Ambition.STRETCH else COMMITTED_TARGET


def judge(score: float, ambition: Ambition) -> tuple[bool, str]:
    """(met its ambition, one sentence) for a key result's score."""
    if ambition == Ambition.STRETCH:
        if score >= COMMITTED_TARGET:
            return True, "stretch fully achieved: it was not a stretch, so aim higher next quarter"
        if score >= STRETCH_TARGET:
            return True, "stretch: at or above the 0.7 a stretch key result aims for"
        return False, f"stretch: below the 0.7 a stretch key result aims for ({score:.2f})"
    if score >= COMMITTED_TARGET:
        return True, "committed: delivered in full, as committed"
    return False, f"committed: {score:.2f} of the 1.0 committed; what got in the way?"


def team_remark(score: float) -> str | None:
    """The guide's reading of a team score of 0.6 to 0.7."""
    low, high = RIGHT_AMBITION
    if low <= score <= high:
        return "a team score of 0.6 to 0.7 means the team set the right level of ambition"
    if score > 0.9:
        return "a team score above 0.9 suggests the targets were not ambitious enough"
    return None
