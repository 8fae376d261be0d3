"""Match a name in an actuals or check-ins file to one key result of the draft.

Tried in order: a label ("KR1" when only one key result has it, "O1.KR2", "O1 KR2"), the key
result's exact text, its normalised text (case, punctuation and spacing ignored), then its
metric name ("onboarding completion rate"). A name that matches nothing, or more than one key
result, gives a message instead.
"""

from __future__ import annotations

import re
from collections import defaultdict

from coach.model import Draft

Ref = tuple[int, int]
"""(objective index, key result index)."""


def label_key(text: str) -> str:
    """A label compared loosely: "O1.KR2", "o1 kr 2" and "Objective 1 / KR2" are one key."""
    key = re.sub(r"[^A-Z0-9]", "", text.upper())
    return key.replace("OBJECTIVE", "O").replace("KEYRESULT", "KR")


def text_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w%$€£.]+", " ", text.lower()).split()).strip(" .")


def kr_label(draft: Draft, ref: Ref) -> str:
    """The label shown for a key result: "O1.KR2" (the author's labels where given)."""
    i, j = ref
    objective = draft.objectives[i]
    kr = objective.key_results[j]
    return f"{objective.label or f'O{i + 1}'}.{kr.label or f'KR{j + 1}'}"


class KeyResultIndex:
    """Every way a file may name a key result, each mapped to the key results it names."""

    def __init__(self, draft: Draft, texts: dict[Ref, str], metrics: dict[Ref, str | None]):
        self.draft = draft
        self.tables: list[dict[str, set[Ref]]] = [defaultdict(set) for _ in range(4)]
        labels, exact, normal, metric = self.tables
        for i, objective in enumerate(draft.objectives):
            names = {f"O{i + 1}", objective.label or f"O{i + 1}"}
            for j, kr in enumerate(objective.key_results):
                ref = (i, j)
                krs = {f"KR{j + 1}", kr.label or f"KR{j + 1}"}
                for o in names:
                    for k in krs:
                        labels[label_key(f"{o}{k}")].add(ref)
                if kr.label:
                    labels[label_key(kr.label)].add(ref)
                if len(draft.objectives) == 1:
                    labels[label_key(f"KR{j + 1}")].add(ref)
                for text in {kr.text, texts.get(ref, kr.text)}:
                    exact[text.strip()].add(ref)
                    normal[text_key(text)].add(ref)
                if metrics.get(ref):
                    metric[text_key(metrics[ref] or "")].add(ref)

    def find(self, name: str) -> tuple[Ref | None, str | None]:
        """(the key result ``name`` names, None) or (None, why it names none)."""
        keys = (label_key(name), name.strip(), text_key(name), text_key(name))
        for table, key in zip(self.tables, keys, strict=True):
            refs = table.get(key)
            if not refs or not key:
                continue
            if len(refs) == 1:
                return next(iter(refs)), None
            names = ", ".join(kr_label(self.draft, ref) for ref in sorted(refs))
            return (
                None,
                f"“{name}” matches {len(refs)} key results ({names}): use a label such as O1.KR2",
            )
        return None, f"“{name}” matches no key result by label, text or metric name"
