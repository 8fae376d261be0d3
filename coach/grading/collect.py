"""Gather what the inputs say about each key result: inline actuals, an actuals file, check-ins.

Which actual counts: the actuals file, then the inline actual, then the latest check-in on or
before the as-of date — except mid-quarter, when the latest check-in comes first. Every entry that names no key result (or several) is reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from coach.grading.actuals import Entry
from coach.grading.checkins import CheckIn
from coach.grading.inline import Inline
from coach.grading.keyresult import Observed
from coach.grading.matching import KeyResultIndex, Ref
from coach.grading.records import Message
from coach.grading.values import value_text


def observe(
    index: KeyResultIndex,
    inline: dict[Ref, Inline],
    entries: Sequence[Entry],
    checkins: Sequence[CheckIn],
    as_of: date | None,
    mid_quarter: bool = False,
) -> tuple[dict[Ref, Observed], list[Message]]:
    """Observations by key result, and messages about entries that could not be used."""
    messages: list[Message] = []
    from_file = _match_entries(index, entries, messages)
    series = _match_checkins(index, checkins, as_of, messages)
    observed = {}
    for i, j, _ in index.draft.key_results():
        ref = (i, j)
        observed[ref] = _observed(
            inline.get(ref), from_file.get(ref), series.get(ref, []), mid_quarter
        )
    return observed, messages


def _observed(
    inline: Inline | None, entry: Entry | None, series: list[CheckIn], mid_quarter: bool
) -> Observed:
    notes = []
    if inline and inline.extra:
        notes.append(f"more than one inline actual; using {inline.value}")
    candidates = []  # (value, source), most trusted last
    if inline:
        candidates.append((inline.value, "inline"))
    if entry and entry.value is not None:
        candidates.append((entry.value, "actuals file"))
    if series:
        last = max(series, key=lambda c: c.day)
        checkin = (last.value, f"check-in {last.day}")
        candidates.insert(len(candidates) if mid_quarter else 0, checkin)
    value, source = candidates[-1] if candidates else (None, None)
    for other, where in candidates[:-1]:
        if value_text(other) != value_text(value) and not where.startswith("check-in"):
            notes.append(
                f"the {source} value ({value_text(value)}) is used, not the {where} one ({value_text(other)})"
            )
    baseline = entry.baseline if entry else None
    return Observed(value, source, baseline, tuple(series), tuple(notes))


def _match_entries(
    index: KeyResultIndex, entries: Sequence[Entry], messages: list[Message]
) -> dict[Ref, Entry]:
    found: dict[Ref, Entry] = {}
    for entry in entries:
        ref, problem = index.find(entry.key)
        if ref is None:
            messages.append(Message("warning", f"actuals {entry.where}: {problem}; not used"))
            continue
        if ref in found:
            messages.append(
                Message(
                    "warning",
                    f"actuals {entry.where}: a second value for “{entry.key}”; the later one is used",
                )
            )
        if entry.value is None and entry.baseline is None:
            messages.append(
                Message("warning", f"actuals {entry.where}: “{entry.key}” has no value")
            )
        found[ref] = entry
    return found


def _match_checkins(
    index: KeyResultIndex, checkins: Sequence[CheckIn], as_of: date | None, messages: list[Message]
) -> dict[Ref, list[CheckIn]]:
    series: dict[Ref, list[CheckIn]] = defaultdict(list)
    unmatched: dict[str, str] = {}
    later = 0
    for checkin in checkins:
        ref, problem = index.find(checkin.key)
        if ref is None:
            unmatched.setdefault(checkin.key, problem or "")
        elif as_of is not None and checkin.day > as_of:
            later += 1
        else:
            series[ref].append(checkin)
    for problem in unmatched.values():
        messages.append(Message("warning", f"check-ins: {problem}; not used"))
    if later:
        messages.append(Message("note", f"{later} check-in(s) dated after {as_of} left out"))
    return series
