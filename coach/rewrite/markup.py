"""Markup the parser leaves in an item's statement, kept byte for byte around its rewrite.

The parser takes the common tags off an item ("[P1]", "@alice", a task box), but some stay in the
statement it hands over, because they are not the usual forms: a label before it ("p0 -",
"Update -"; before an objective "CFO:" or a bold title too — a key result's title, "Monitoring:"
or "**Support documentation:**", the parser takes off itself), tags after it ("[P0][LA]",
"[p1]"), a linked owner ("[@alanshaw](https://github.com/alanshaw)"), a linked ticket
("[Issue 380282333](https://…)"), a name in brackets ("(Zach)") or an owner's handle before it
("[terichadbourne] "). The rewrite engine replaces the whole statement, so every rewriter (the offline one,
and the coach composing a model's choice) rewrites only what is between them and puts them back
unchanged (``split_markup`` and ``wrap``), and the guard judges the statement inside them
(``statement_of``).
"""

from __future__ import annotations

import re

_LEAD = re.compile(
    # "[terichadbourne] ": an owner's handle in brackets (not a placeholder, "[baseline]")
    r"^(?:\[(?!(?:baseline|target|deadline|n|x)\])(?=[a-z0-9-]*[a-z])[a-z0-9][a-z0-9-]{1,38}\]\s+(?=\S))?"
    r"(?:[pP][0-4X]\s*[-–—:]\s*)?"  # "p0 - "
    r"(?:"
    r"(?:\*\*|__)[^*_:\n]{1,40}:(?:\*\*|__)\s+"  # "**Support documentation:** "
    r"|[A-Z][\w&/'-]*(?:\s+[A-Za-z][\w&/'-]*){0,5}:\s+(?=\S)"  # "Community KR: " (no ". ")
    r"|[A-Z][a-z]+\s+[-–—]\s+(?=\S)"  # "Update - "
    r")?"
)
_TAIL = re.compile(
    r"(?:\s*(?:\[(?:[A-Z][A-Z0-9_-]{0,14}|[pP][0-4X])\]"  # "[P0][LA]", "[p1]"
    r"|\[@[^\[\]\s]+\]\([^()\s]+\)"  # "[@alanshaw](https://…)"
    r"|\[(?:[Ii]ssues?|[Bb]ugs?|PR|[Tt]ickets?|#)[^\[\]\n]{0,40}\]\([^()\s]+\)"  # "[Issue 38…](…)"
    r"|\(\[(?:[Ii]ssues?|[Bb]ugs?|PR|[Tt]ickets?|#)[^\[\]\n]{0,40}\]\([^()\s]+\)\)"  # "([#30](…))"
    r"|\((?:[A-Z][a-z]+)\)))+$"  # "(Zach)"
)
_PROGRESS = re.compile(r":\s+(?:[A-Z][a-z]+\s+\d+\s*\(\d+%\),?\s*)+$")
"""A progress note after the statement: ": Sourced 100 (100%), Hired 0 (0%)"."""


def split_markup(text: str) -> tuple[str, str, str]:
    """(lead, statement, tail): ``lead + statement + tail == text`` up to a progress note at
    the end of the statement, which is dropped (it reports on the work; it is not the work)."""
    lead = _LEAD.match(text)
    start = lead.end() if lead else 0
    if start and len(text[start:].split()) < 2:  # "Revenue: 10k": the label is the statement
        start = 0
    tail = _TAIL.search(text, start)
    end = tail.start() if tail and len(text[start : tail.start()].split()) >= 2 else len(text)
    core = text[start:end]
    progress = _PROGRESS.search(core)
    if progress and len(core[: progress.start()].split()) >= 2:
        core = core[: progress.start()]
    return text[:start], core, text[end:]


def wrap(lead: str, text: str, tail: str) -> str:
    """The rewrite with the statement's markup back where it was."""
    return f"{lead}{text}{tail}"


def statement_of(rewrite: str, original: str) -> str:
    """The statement of ``rewrite`` when it carries ``original``'s own markup around it (so the
    rubric reads "Reduce …", not the label "Update - Reduce …"); otherwise ``rewrite`` whole: only
    the markup the item already had is set aside."""
    lead, _, tail = split_markup(original)
    if (lead or tail) and rewrite.startswith(lead) and rewrite.endswith(tail):
        inner = rewrite[len(lead) : len(rewrite) - len(tail)]
        if inner.strip():
            return inner
    return rewrite


LINK_ADDRESS = re.compile(r"(?<=\])\([^()\s]*\)")
"""A Markdown link's address, after its words' "]": no words of the line ("…/-/epics/52")."""


def without_link_addresses(text: str) -> str:
    """``text`` with each Markdown link's address left out, its words kept: what a reader sees
    ("[Issue 4922](…/issues/4922)" states its number once, in its words)."""
    return LINK_ADDRESS.sub("", text) if "](" in text else text


def visible_length(text: str) -> int:
    """How long ``text`` reads: a Markdown link counts by its words, not its address (a rewrite
    that restates "… hire 1 [Backend Developer](https://jobs.lever.co/…)" is not too long for
    its address)."""
    return len(without_link_addresses(text))
