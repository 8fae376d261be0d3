"""Where every number in a rewrite comes from — computed by the coach, not taken from the model."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.llm.protocol import RewriteRequest
from coach.rewrite.guard import first_line_holding, numbers_in
from coach.rewrite.markup import without_link_addresses

# A number with its sign, currency and unit; letters glued in front stay with it ("Q3", "P0").
_TOKEN = re.compile(
    r"(?<![\w.])[A-Za-z]*[$€£+±~]?\d(?:[\d,]*\d)?(?:\.\d+)?"
    r"(?:\s?%|[kKmM]\b|\s(?:thousand|million|billion)\b)?"
)
"""The magnitude word stays with its number: "1 million" is shown as written, not as "1"."""
_TIME_WORD = re.compile(r"^(?:Q|H|FY|Week|Wk|Sprint|Day)", re.I)
_PLACEHOLDER = re.compile(r"\[[^\]\[]{1,40}\]")


@dataclass(frozen=True, slots=True)
class NumberOrigin:
    value: str
    source: str
    """original | metrics | draft | quarter | placeholder | invented"""
    detail: str = ""

    def to_json(self) -> dict:
        return {"value": self.value, "source": self.source, "detail": self.detail}


def _origin(token: str, request: RewriteRequest) -> NumberOrigin:
    values = numbers_in(token)
    if values <= numbers_in(request.text):
        return NumberOrigin(token, "original", request.text)
    if _TIME_WORD.match(token) and request.quarter and values <= numbers_in(request.quarter):
        return NumberOrigin(token, "quarter", request.quarter)
    for name, value in request.metrics:  # its value, or its name ("new-user 7-day retention")
        if values <= numbers_in(value) or values <= numbers_in(name):
            return NumberOrigin(token, "metrics", f"{name}: {value}")
    line = request.objective if values <= numbers_in(request.objective) else None
    line = line if line is not None else first_line_holding(request.context_lines, values)
    if line is not None:
        return NumberOrigin(token, "draft", line)
    if request.quarter and values <= numbers_in(request.quarter):
        return NumberOrigin(token, "quarter", request.quarter)
    return NumberOrigin(token, "invented", "")


def trace_numbers(text: str, request: RewriteRequest) -> tuple[NumberOrigin, ...]:
    shown = without_link_addresses(text)  # a link's address is no number of the key result
    origins = [
        _origin(m.group(0).strip(), request) for m in _TOKEN.finditer(shown) if not _in_a_name(m)
    ]
    origins += [
        NumberOrigin(m.group(0), "placeholder", "fill in")
        for m in _PLACEHOLDER.finditer(text)
        if not text.startswith("(", m.end())  # a link's words ("[CMAU](…)") are no placeholder
    ]
    return tuple(origins)


def _in_a_name(m: re.Match[str]) -> bool:
    """Whether a token with letters in front is inside a name that goes on in letters ("e2e",
    "k8s", "i18n"): no number, as "Q3" or "P0" are."""
    end = m.end()
    return m.group(0)[:1].isalpha() and end < len(m.string) and m.string[end].isalpha()
