"""Which way a metric should move: "time to first response" falls, "availability" rises.

The offline rewriter takes its verb from ``lower_is_better``. A model chooses a direction along
with its metric, and small models choose "increase" for almost anything ("Increase time to
first maintainer response", "Increase latency of the datastore module"): the composer takes the
direction from the metric where the metric says it (``direction_of``), and keeps the model's
where it does not ("share of …", "time spent in the app").
"""

from __future__ import annotations

import re
from typing import Literal

_LOWER_IS_BETTER = re.compile(
    r"\b(?:churn|latency|time|times|duration|cost|costs|defects?|errors?|incidents?|bounce|backlog"
    r"|drop-?off|abandonment|crash(?:es)?(?!-free)|bugs?|wait|delays?|downtime|outages?|escape"
    r"|attrition|CAC|spend|burn|MTTR|MTTD|p\d\d|failures?|complaints?|tickets?|days\s+to"
    r"|cycle|breach(?:es)?|violations?|vulnerabilit(?:y|ies)|no-shows?|risk)\b",
    re.I,
)
_HIGHER_IS_BETTER = re.compile(
    r"\b(?:availability|uptime|success|conversion|retention|satisfaction|adoption|accuracy"
    r"|precision|recall|coverage|throughput|NPS|CSAT|completion|activation|engagement|win"
    r"|acceptance|reliability|revenue|ARR|MRR|crash-free)\b",
    re.I,
)
# Times people choose to spend, which a team may well want to grow
_EITHER_WAY = re.compile(
    r"\b(?:time\s+spent\s+(?:in|on|with|reading|learning|using)|watch\s+time|session\s+"
    r"(?:length|time|duration)|reading\s+time|dwell\s+time)\b",
    re.I,
)
# "first-time contributors", "real-time", "on-time delivery": no time that should fall
_TIME_COMPOUND = re.compile(r"\b\w+-time\b|\btime-\w+\b", re.I)
_HEAD_END = re.compile(r"\s(?:for|on|in|of|at|per|among|from|with|across|by|via)\s")


_COUNT_OF = re.compile(
    r"^(?:the\s+)?(?:total\s+)?(?:number|count|amount|volume|frequency|rate)\s+of\s+", re.I
)


def _head(metric: str) -> str:
    """The metric's head: "support ticket volume" in "support ticket volume per active user";
    what a count counts ("incidents" in "number of incidents")."""
    counted = _COUNT_OF.match(metric)
    return _HEAD_END.split(metric[counted.end() :] if counted else metric, maxsplit=1)[0]


def lower_is_better(metric: str) -> bool:
    """Whether the metric's head ("support ticket volume" in "… per active user") should fall."""
    return _falls(_head(metric))


def _falls(head: str) -> bool:
    return bool(_LOWER_IS_BETTER.search(head)) and not re.search(r"\buptime\b", head, re.I)


def direction_of(metric: str) -> Literal["increase", "decrease"] | None:
    """The way ``metric`` should move when its head says so unambiguously, else None: "mean time
    to resolve incidents" → decrease, "availability of the nodes" → increase; "share of
    customers who deploy" and "time spent in the app" → None."""
    if _EITHER_WAY.search(metric):
        return None
    head = _TIME_COMPOUND.sub(" ", _head(metric))
    lower = _falls(head)
    higher = _HIGHER_IS_BETTER.search(head) is not None
    if lower != higher:
        return "decrease" if lower else "increase"
    return None
