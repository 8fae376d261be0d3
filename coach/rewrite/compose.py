"""Compose a key result from a model's choice of words, placing every number by its role.

A model chooses the direction, the metric and its audience (``KeyResultChoice``: words only).
The coach writes the sentence — "Increase <metric> for <audience> from <baseline> to <target>
<deadline>" — and takes each number from where that role is stated:

- **baseline**: the item's own "from X" (or "X today", "current is X") when the metric is the
  item's own; else the current value of the matching metric in the user's metrics file; else a
  draft line that states the metric's value today ("activation (31% today)"); else
  ``[baseline]``. A metrics-file value is a current value: it is only ever a baseline.
- **target**: only where the item states one for this metric ("… to Y", "Reach Y …"); else
  ``[target]``. A relative "by 20%" the item states stays, after the target.
- **deadline**: the item's own date or quarter ("by end of Q3", "by Sep 30"; a "by Week 6" is the
  task's due date, not the outcome's); else the draft's period (``coach.rewrite.period``: "by end
  of Q2", "by end of 2024", or "by [deadline]" for a period it cannot read); else "by end of
  the quarter".

The guard judges the composed text like any other proposal (``coach.rewrite.guard``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coach.llm.numbers import NUMBER
from coach.llm.protocol import KeyResultChoice, KeyResultProposal, NumberUse, RewriteRequest
from coach.rewrite import goal
from coach.rewrite.guard import GENERIC as _GENERIC
from coach.rewrite.guard import content_words, is_goal, metrics_entry
from coach.rewrite.markup import split_markup, wrap
from coach.rewrite.period import draft_deadline
from coach.rewrite.polarity import direction_of
from coach.rubric.vocabulary import load_vocabulary

_NUM = NUMBER.pattern
_UNIT = r"(?:\s+(?:per|a|/)\s*(?:day|week|month|quarter|year)|\s*/\s*(?:day|week|month))?"
_FROM_TO = re.compile(rf"\bfrom\s+({_NUM}(?:\s+[a-z]+(?:\s+days)?)?)\s+to\s+({_NUM}{_UNIT})", re.I)
_FROM = re.compile(rf"\bfrom\s+({_NUM})", re.I)
_OUTCOME_TO = load_vocabulary().compile(
    r"^\s*(?:{increase_verbs}|{decrease_verbs}|get\b)" + rf".*?\bto\s+({_NUM}{_UNIT})"
)
_REACH = re.compile(
    rf"^\s*(?:reach|hit|achieve|get to)\s+({_NUM}(?:\s+(?:million|thousand))?)", re.I
)
_LEADING = re.compile(rf"^\s*({_NUM}(?:\s+(?:million|thousand))?)\s+[a-z]", re.I)
_CURRENT = re.compile(
    rf"\(?\b(?:current(?:ly)?|today)(?:\s+(?:is|at))?\s+({_NUM})|({_NUM})\s+today\b", re.I
)
_RELATIVE = re.compile(rf"\bby\s+({_NUM}%?)(?=\s|$|[,.;)])", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DEADLINE = re.compile(
    rf"\bby\s+(?:the\s+)?(?:end\s+of\s+)?(?:(?:Q[1-4]|H[12])(?:\s+(?:FY)?\d{{2,4}})?"
    rf"|{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})\b",
    re.I,
)
VERBS = {"increase": "Increase", "decrease": "Reduce"}


def _key_words(text: str) -> set[str]:
    return content_words(text) - _GENERIC


def _about(metric_words: set[str], text: str) -> bool:
    """Whether ``text`` is about the metric: it holds every specific word of the metric."""
    return bool(metric_words) and metric_words <= content_words(text)


def _metric_text(choice: KeyResultChoice, request: RewriteRequest) -> tuple[str, str, tuple | None]:
    """The metric as written in the sentence (with its audience), the metric alone, and the
    metrics-file entry it is, if any."""
    metric = choice.metric.strip()
    entry = metrics_entry(metric, request.metrics)
    if entry is not None and content_words(entry[0]) >= content_words(metric):
        metric = entry[0]  # the user's own name for it
    elif metric[:1].isupper() and not metric.split()[0].isupper():
        metric = metric[0].lower() + metric[1:]
    alone = metric
    audience = choice.audience.strip()
    if audience and not content_words(audience) <= content_words(metric):
        joined = audience if re.match(r"(?:for|among|of|in|on|at)\s", audience, re.I) else None
        metric = f"{metric} {joined or 'for ' + audience}"
    return metric, alone, entry


def _item_numbers(text: str, metric_words: set[str]) -> tuple[str | None, str | None]:
    """(baseline, target) the item states for this metric, as written; None where it states
    none. The item's numbers belong to the item's own metric: used only when the chosen metric's
    specific words are all in the item."""
    if not _about(metric_words, text):
        return None, None
    pair = _FROM_TO.search(text)
    if pair:
        return pair.group(1).strip(), pair.group(2).strip()
    start = _FROM.search(text)
    current = _CURRENT.search(text)
    baseline = (
        start.group(1) if start else (current.group(1) or current.group(2)) if current else None
    )
    target = _OUTCOME_TO.search(text) or _REACH.search(text)
    if target is None and current is not None:
        target = _LEADING.search(text)  # "200k views per month (current is 125k)"
    return baseline, target.group(1).strip() if target else None


def _metrics_target(metrics: Sequence[tuple[str, str]], metric_words: set[str]) -> str | None:
    """A target the user's metrics file states for the metric ("checkout completion target")."""
    for name, value in metrics:
        words = _key_words(name) - {"target", "goal"}
        if is_goal(name) and words and words <= metric_words:
            return value
    return None


def _draft_baseline(lines: Sequence[str], metric_words: set[str]) -> str | None:
    """A draft line that states the metric's value today ("activation (31% today)")."""
    for line in lines:
        current = _CURRENT.search(line)
        if current and metric_words & content_words(line):
            return current.group(1) or current.group(2)
    return None


def deadline_for(request: RewriteRequest) -> str:
    own = _DEADLINE.search(request.text)
    if own:
        return own.group(0)
    return draft_deadline(request.quarter)


def compose_key_result(
    choice: KeyResultChoice, request: RewriteRequest, keep_goal: bool = True
) -> KeyResultProposal:
    """The key result the coach writes for a model's choice (see the module docstring). The
    direction is the metric's own where its head says which way is better (``direction_of``)."""
    metric, measured, entry = _metric_text(choice, request)
    direction = direction_of(measured) or choice.direction
    words = _key_words(metric)
    own_baseline, own_target = _item_numbers(request.text, words)
    baseline, source = own_baseline, "original"
    if baseline is None and entry is not None:
        baseline, source = entry[1], "metrics"
    if baseline is None:
        baseline, source = (
            _draft_baseline([request.objective, *request.context_lines], words),
            "draft",
        )
    numbers = [
        NumberUse(value=baseline or "[baseline]", source=source if baseline else "placeholder")
    ]
    goal = None if own_target else _metrics_target(request.metrics, words)
    target = own_target or goal or "[target]"
    source = "original" if own_target else "metrics" if goal else "placeholder"
    numbers.append(NumberUse(value=target, source=source))
    relative = _RELATIVE.search(request.text) if own_target is None else None
    suffix = f" ({relative.group(1)} {direction})" if relative and "%" in relative.group(1) else ""
    deadline = deadline_for(request)
    verb = VERBS[direction]
    text = f"{verb} {metric} from {baseline or '[baseline]'} to {target}{suffix} {deadline}"
    text = with_the_goal(text, request.text) if keep_goal else text
    lead, _, tail = split_markup(request.text)
    proposal = KeyResultProposal(
        text=wrap(lead, text, tail),
        metric=metric,
        direction=direction,
        baseline=baseline or "[baseline]",
        target=target,
        deadline=deadline,
        numbers=numbers,
    )
    proposal._measures = measured
    return proposal


def with_the_goal(sentence: str, item: str) -> str:
    """``sentence`` keeping the numbers ``item`` states (``coach.rewrite.goal``, as the offline
    rewriter does): "…, alongside the goal: Conduct 3 workshops"."""
    return goal.with_the_goal(sentence, split_markup(item)[1])
