"""Read a key result: direction, metric, baseline, target, unit, relative change, deadline, cadence.

Pure functions over text, no model, cached by text (an editor re-checks mostly unchanged lines).
``deadlines`` finds time boxes, ``quantities`` the metric-value numbers, ``keyresult`` the rest.
"""

from coach.analysis.deadlines import find_deadline
from coach.analysis.keyresult import (
    PLACEHOLDER_ITEM,
    RESTATED_GOAL,
    _analyse,
    analyse_key_result,
    baseline_placeholder,
    without_restated_goal,
)
from coach.analysis.quantities import (
    SECONDS_PER,
    _find_quantities,
    duration_unit,
    find_quantities,
    in_seconds,
)

__all__ = [
    "PLACEHOLDER_ITEM",
    "RESTATED_GOAL",
    "SECONDS_PER",
    "analyse_key_result",
    "baseline_placeholder",
    "duration_unit",
    "find_deadline",
    "find_quantities",
    "in_seconds",
    "without_restated_goal",
]
# The caches, for benchmarks/bench_check.py --cold
CACHES = (_analyse, _find_quantities, find_deadline)
