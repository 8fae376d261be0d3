"""A rewrite of a key result whose table row states its values beside it.

In ``| Key result | Baseline | Target | Due |`` the row's value columns are part of the key
result (``KeyResult.measures``), and a rewrite replaces the text cell alone. A rewrite written
as a whole sentence ("Increase X from [baseline] to [target] by end of Q3") would put a second
baseline, target or deadline beside the columns' own. So the cell keeps only what the row does
not state, in an order that reads on with the columns (the statement is the cell, then the
columns' "from", "to" and "by"): with Baseline and Target stated, "Increase X by end of Q3"
reads as "Increase X by end of Q3 from 45% to 70%"; with all three, "Increase X".
"""

from __future__ import annotations

import re

from coach.llm.protocol import KeyResultProposal

_ROLE = re.compile(r"(?:^|\s)(from|to|by)\s")


def stated_roles(measures: str) -> frozenset[str]:
    """ "from", "to" and "by" where the row states a baseline, a target or a due date."""
    return frozenset(_ROLE.findall(measures))


def leave_to_columns(proposal: KeyResultProposal, measures: str) -> tuple[str, str]:
    """(the text for the cell, a note for the user) for ``proposal`` in a row that states
    ``measures``; the proposal's own text and no note when the row states nothing, or when the
    text does not hold the clauses the columns state in the order the rewriter writes them."""
    roles = stated_roles(measures)
    text = proposal.text
    if not roles:
        return text, ""
    pair = f" from {proposal.baseline} to {proposal.target}"
    if ({"from", "to"} & roles) and pair in text:
        kept = "" if {"from", "to"} <= roles else (
            f" to {proposal.target}" if "from" in roles else f" from {proposal.baseline}"
        )  # fmt: skip
        text = text.replace(pair, kept, 1)
    if "by" in roles and proposal.deadline and f" {proposal.deadline}" in text:
        text = text.replace(f" {proposal.deadline}", "", 1)
    if text == proposal.text:
        return text, ""
    stated = " ".join(measures.split())
    return (
        text,
        f"the values stay in the row's columns ({stated}): check they measure the new metric",
    )
