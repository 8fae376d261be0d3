"""Mid-quarter forecasts: a straight line through the check-ins, read at the quarter's end.

The trend is an ordinary least-squares line over (day, value). With a single check-in, the
baseline on the quarter's first day is the second point. A key result is at risk when its
forecast score is below 0.7 (committed) or 0.4 (stretch).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.grading.measure import at
from coach.grading.quarter import Timeline
from coach.grading.spec import GradeSpec
from coach.grading.units import fmt
from coach.model import Ambition

AT_RISK = {Ambition.COMMITTED: 0.7, Ambition.STRETCH: 0.4}


@dataclass(frozen=True)
class Forecast:
    value: float
    """The trend's value on the quarter's last day, on the key result's scale."""
    score: float
    rule: str
    at_risk: bool
    threshold: float
    slope_per_day: float
    points: int
    notes: tuple[str, ...] = ()


def trend(points: list[tuple[date, float]]) -> tuple[float, float] | None:
    """(slope per day, value at the first day) of the least-squares line; None if < 2 days."""
    first = min(day for day, _ in points)
    xs = [(day - first).days for day, _ in points]
    ys = [value for _, value in points]
    if len(set(xs)) < 2:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    return slope, my - slope * mx


def forecast(
    spec: GradeSpec, points: list[tuple[date, float]], timeline: Timeline, ambition: Ambition
) -> Forecast | str:
    """The end-of-quarter forecast for one key result, or why there is none."""
    if timeline.end is None:
        return "no forecast: the quarter's end is unknown (add `quarter: Q2 2026` or --quarter-end)"
    if spec.kind == "binary" or spec.target is None:
        return "no forecast for a done / not-done key result"
    points = sorted(points)
    notes: tuple[str, ...] = ()
    days = {day for day, _ in points}
    usable_start = timeline.start is not None and timeline.start < min(days)
    if len(days) < 2 and spec.baseline is not None and not spec.from_zero and usable_start:
        assert timeline.start is not None
        points = [(timeline.start, spec.baseline), *points]
        notes = (f"one check-in: the trend starts from the baseline on {timeline.start}",)
    line = trend(points)
    if line is None:
        return "no forecast: a trend needs check-ins on at least two dates"
    slope, intercept = line
    first = points[0][0]
    value = intercept + slope * (timeline.end - first).days
    result = at(spec, value)
    threshold = AT_RISK[ambition]
    rule = (
        f"trend {_signed(spec, slope * 14)} per two weeks over {len(points)} points "
        f"→ {spec.show(value)} on {timeline.end} → {result.score:.2f}"
    )
    return Forecast(
        value, result.score, rule, result.score < threshold, threshold, slope, len(points), notes
    )


def _signed(spec: GradeSpec, change: float) -> str:
    sign = "+" if change >= 0 else "−"
    if spec.scale is not None and spec.scale.family == "percent":
        return f"{sign}{fmt(abs(change))} points"
    return f"{sign}{spec.show(abs(change))}"
