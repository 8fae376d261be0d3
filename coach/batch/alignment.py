"""Which team objectives serve which company objective, and which company objectives none serves.

A team draft's front matter ``parent:`` comes first: it names a company objective by its label
("O1", "Objective 1") or its text (near enough: ``PARENT_SIMILARITY``), and every objective of that draft
serves it. In a nested draft, an objective's parent objective (``Objective.parent``) is matched
the same way. Any other team objective serves the company objective whose wording is closest,
when that is at least ``WORDING_SIMILARITY`` (``fuzz.token_set_ratio`` on normalised text
without filler words); else it is unaligned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from coach.batch.across import normalise
from coach.batch.drafts import DraftSummary
from coach.batch.records import AlignmentLink, CompanyObjective, Place
from coach.model import Draft

PARENT_SIMILARITY = 85.0
"""How close (``fuzz.token_set_ratio``, 0-100) a ``parent:`` text must be to a company objective."""
WORDING_SIMILARITY = 70.0
"""How close a team objective's wording must be to a company objective to serve it."""
FILLER = frozenset(
    "a an the of to for and or in on at by with our we us every all make become be is are "
    "its their from into".split()
)


def _words(text: str) -> str:
    return " ".join(w for w in normalise(text).split() if w not in FILLER)


def company_objectives(draft: Draft) -> list[CompanyObjective]:
    return [CompanyObjective(o.label, o.text, o.position.line) for o in draft.objectives]


def _label(text: str) -> str:
    """A label as compared: "Objective 2", "objective 2" and "O2" are one."""
    return re.sub(r"^objective\s*", "o", text.strip().casefold())


def _by_name(name: str, company: Sequence[CompanyObjective], keys: list[str]) -> int | None:
    """The company objective a ``parent:`` names: its label ("O2", "Objective 2"), else its
    text (near enough)."""
    wanted = _label(name)
    for i, objective in enumerate(company):
        if objective.label and _label(objective.label) == wanted:
            return i
    best = process.extractOne(
        _words(name), keys, scorer=fuzz.token_set_ratio, score_cutoff=PARENT_SIMILARITY
    )
    return best[2] if best else None


def align(
    company: Sequence[CompanyObjective], summaries: Sequence[DraftSummary]
) -> tuple[tuple[CompanyObjective, ...], tuple[Place, ...]]:
    """The company objectives with the team objectives serving each, and the team objectives
    that serve none."""
    keys = [_words(c.text) for c in company]
    links: list[list[AlignmentLink]] = [[] for _ in company]
    unaligned: list[Place] = []
    for summary in summaries:
        parent = _by_name(summary.parent, company, keys) if summary.parent else None
        for objective in summary.objectives:
            if parent is not None:
                links[parent].append(AlignmentLink(objective.place, "parent"))
                continue
            if objective.parent_text is not None:
                nested = _by_name(objective.parent_text, company, keys)
                if nested is not None:
                    links[nested].append(AlignmentLink(objective.place, "parent"))
                    continue
            best = process.extractOne(
                _words(objective.place.text),
                keys,
                scorer=fuzz.token_set_ratio,
                score_cutoff=WORDING_SIMILARITY,
            )
            if best is None:
                unaligned.append(objective.place)
            else:
                links[best[2]].append(
                    AlignmentLink(objective.place, "wording", round(float(best[1]), 1))
                )
    served = tuple(
        CompanyObjective(c.label, c.text, c.line, tuple(found))
        for c, found in zip(company, links, strict=True)
    )
    return served, tuple(unaligned)
