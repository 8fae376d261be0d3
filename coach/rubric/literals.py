"""What a rule's regex cannot match without: literal text read off the regex once, so that a
line lacking it is answered "no match" by substring tests instead of a scan.

``required_literals(r"\\bas\\s+(?:soon|fast)\\s+as\\s+possible\\b", re.I)`` is
``(("as",), ("fast", "soon"), ("as",), ("possible",))``: every match holds one literal of each
set (``GatedPattern`` in ``coach.rubric.vocabulary`` tests the rarest short set). Only what
the regex requires of every match counts (a group repeated at least once, each branch of an
alternation, a class of plain characters); anything else (``\\w``, ``.``, optional parts,
lookarounds, a ``{word_list}`` placeholder) adds nothing. The test is applied to ASCII text
only: under ``re.IGNORECASE`` a few non-ASCII letters match ASCII ones ("ſ" matches "s"), so
outside ASCII the regex always runs.
"""

from __future__ import annotations

import re
from re import _constants as sre
from re import _parser as sre_parse
from typing import Any

Literals = tuple[tuple[str, ...], ...]

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def required_literals(pattern: str, flags: int = 0) -> Literals:
    """Sets of literals (lower case when ``flags`` has IGNORECASE), each of which has a member in
    every match of ``pattern``; ``{name}`` placeholders (word lists, see
    ``Vocabulary.compile``) count as unknown text. Empty when nothing is known, or when a
    literal is not ASCII."""
    try:
        parsed = sre_parse.parse(_PLACEHOLDER.sub("(?:.)", pattern), flags)
    except re.error:
        return ()
    found = _sequence(list(parsed))
    lower = bool(flags & re.IGNORECASE)
    found = tuple(tuple(sorted({w.lower() if lower else w for w in s})) for s in found)
    if any(not w.isascii() for s in found for w in s):
        return ()
    return found


def _sequence(items: list[tuple[Any, Any]]) -> Literals:
    """Every set a sequence of items requires: runs of literal characters, and what each
    required item needs."""
    found: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            found.append(("".join(run),))
            run = []
        found.extend(_item(op, av))
    if run:
        found.append(("".join(run),))
    return tuple(found)


def _item(op: Any, av: Any) -> Literals:
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, body = av
        return () if add_flags or del_flags else _sequence(list(body))
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(av))
    if op in _REPEATS:
        low, _, body = av
        return _sequence(list(body)) if low >= 1 else ()
    if op is sre.BRANCH:
        alternatives = []
        for branch in av[1]:
            best = _best(_sequence(list(branch)))
            if best is None:
                return ()  # a branch that requires nothing known: the alternation neither
            alternatives.extend(best)
        return (tuple(alternatives),)
    if op is sre.IN and av and all(o is sre.LITERAL for o, _ in av):
        return (tuple(chr(v) for _, v in av),)
    return ()


def _best(sets: Literals) -> tuple[str, ...] | None:
    """The most telling set of a branch: the one whose shortest literal is longest."""
    return max(sets, key=lambda s: min(len(w) for w in s), default=None)


# A set with more literals than this is slower to test than most regexes are to run.
_MAX_TESTED = 8


def best_literals(literals: Literals) -> tuple[str, ...] | None:
    """The set to test a text against: the one whose shortest literal is longest (the rarest),
    among those short enough to test quickly; None when there is none."""
    return _best(tuple(s for s in literals if len(s) <= _MAX_TESTED))
