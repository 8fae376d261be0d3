"""Restating an item's goal beside its rewrite, so that the numbers the team wrote survive.

One implementation for both rewriters: the offline templates and the sentence the coach composes
from a model's choice of words (``coach.rewrite.compose``). "Publish 5 tutorials" rewritten to
an outcome keeps its 5 as the team's commitment: "…, alongside the goal: Publish 5 tutorials";
where that is too long, a metric with the count in it (the offline rewriter's "the completion
rate of the 5 tutorials"), or only the line's counted nouns ("…, alongside the goal of at least
15 champions"). Only the statement's first sentence is restated: what follows is commentary,
or words meant for a model ("SYSTEM: …"), never the team's goal. The restated goal is context,
not the key result's metric: the vanity rule (OKR202) reads the sentence before it.
"""

from __future__ import annotations

import re

from coach.analysis import RESTATED_GOAL, find_deadline
from coach.llm.numbers import numbers_in
from coach.rewrite.markup import visible_length, without_link_addresses
from coach.rewrite.period import is_window

GOAL_CLAUSE = RESTATED_GOAL
"""What opens a restated goal: the analysis and the output rule read the key result before it
(``coach.analysis.without_restated_goal``), and rubrics/rules/OKR202.yaml ignores what follows
it."""
LONGEST = 220
"""The guard's limit for a rewritten line."""

_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_DIGITS = re.compile(r"(?<![\w.])[-+]?\d[\d,.]*[kKmM%x]?(?![\w])")
_NUMBER_WORDS = dict(
    one=1, two=2, three=3, four=4, five=5, six=6, seven=7, eight=8, nine=9, ten=10, twelve=12,
    twenty=20,
)  # fmt: skip
_WORDS = re.compile(rf"(?<![\w-])(?:{'|'.join(_NUMBER_WORDS)})(?![\w-])(?!\s+of\b)")
_COUNTED_PHRASE = re.compile(
    r"(?:(?:at\s+least|up\s+to|over|about|more\s+than)\s+)?"
    r"(?<![\w.-])(?:\d[\d,.]*[kKmM%]?\+?|one|two|three|four|five|six|seven|eight|nine|ten|twelve"
    r"|twenty)(?![\w-])(?:\s+(?!(?:of|for|on|in|at|to|from|with|by|and|or|through|into|across"
    r"|per|that|which|who|where|is|are|was|were|has|have|exists?|the|a|an)\b)[\w'’#/+-]+){1,4}",
    re.I,
)


def first_sentence(statement: str) -> str:
    """The statement's first sentence, without its final period."""
    return _FIRST_SENTENCE.split(statement.strip(), maxsplit=1)[0].strip().rstrip(".")


def numbers(text: str) -> set[float]:
    """The numbers standing as words ("5", "125k", "50%", "one"), not digits inside one
    ("libp2p") or in a link's address ("…/issues/4922")."""
    text = without_link_addresses(text)
    words = _WORDS.findall(text.lower())
    return numbers_in(" ".join(_DIGITS.findall(text))) | {float(_NUMBER_WORDS[w]) for w in words}


def lost_numbers(sentence: str, statement: str) -> set[float]:
    """The numbers of the statement's first sentence (its own deadline aside, not a response
    window's: "within 1 day of being discovered" is kept) that ``sentence`` drops."""
    goal = first_sentence(statement)
    deadline = find_deadline(goal)[0] or ""
    return numbers(goal) - numbers(sentence) - (set() if is_window(deadline) else numbers(deadline))


def counted_phrases(statement: str) -> str:
    """The counts a line commits to, with their nouns: "at least 15 champions", "5 measurements
    of" → "5 measurements"; joined with "and". A count of who does the work keeps its verb:
    "reviewed by 4 people", not "4 people" (who are they?)."""
    phrases = []
    for m in _COUNTED_PHRASE.finditer(statement):
        governed = _GOVERNED.search(statement[: m.start()])
        phrase = m.group(0)
        if _PREPOSITION_NEXT.match(statement, m.end()):  # "5 documents aimed at lowering …":
            phrase = _PARTICIPLE_END.sub("", phrase)  # the participle's words were cut off
        phrases.append(f"{governed.group(0)}{phrase}" if governed else phrase)
    return " and ".join(phrases)


_PREPOSITION_NEXT = re.compile(r"\s+(?:at|on|to|in|for|with|from|around|towards?)\b", re.I)
_PARTICIPLE_END = re.compile(r"(?<=\S)\s+[a-z]+ed$")
_GOVERNED = re.compile(r"(?<![\w-])[\w'’-]+\s+by\s+$", re.I)


def keeping_the_goal(sentence: str, statement: str, counted: str | None = None) -> list[str]:
    """The versions of ``sentence`` that keep every number of ``statement`` (an item's statement,
    its markup split off), best first: the goal restated whole, ``counted`` (the sentence with
    the count written into its metric, when the caller has one), the goal's counted nouns.
    Each is at most ``LONGEST`` characters; [] when ``sentence`` drops no number."""
    if not lost_numbers(sentence, statement):
        return []
    goal = first_sentence(statement)
    versions = [f"{sentence}{GOAL_CLAUSE}: {goal}"]
    if counted:
        versions.append(counted)
    phrases = counted_phrases(goal)
    joined = " of " if _COUNTED_PHRASE.match(phrases) else ": "  # ": reviewed by 4 people"
    versions.append(f"{sentence}{GOAL_CLAUSE}{joined}{phrases}")
    return [v for v in versions if visible_length(v) <= LONGEST and not lost_numbers(v, statement)]


def with_the_goal(sentence: str, statement: str) -> str:
    """``sentence`` with the best version that keeps the statement's numbers, else as it is."""
    return next(iter(keeping_the_goal(sentence, statement)), sentence)
