"""The rubric: rules as data (``rubrics/rules/*.yaml``) with word lists (``rubrics/vocabulary``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

from coach.config import Settings
from coach.errors import RubricError
from coach.resources import resource_dir
from coach.rubric.compiled import load_compiled, rule_from_data
from coach.rubric.rule import GUIDE_RULES, Rule, load_rule_file

__all__ = ["GUIDE_RULES", "Rubric", "Rule", "load_rubric"]


@dataclass(frozen=True)
class Rubric:
    """The rules, as configured, and what follows from their fields."""

    rules: tuple[Rule, ...]
    """Every rule, with the configured level overrides applied, in id order."""
    active: tuple[Rule, ...]
    """The rules the settings select."""

    @cached_property
    def suppressors(self) -> dict[str, tuple[str, ...]]:
        """``suppressed_by`` of each active rule that has one, by rule id."""
        return {r.id: r.suppressed_by for r in self.active if r.suppressed_by}

    @cached_property
    def suppressing(self) -> frozenset[str]:
        """The ids of the rules that suppress another (some rule's ``suppressed_by``): the
        check notes the items these fired on, and only these."""
        return frozenset(other for others in self.suppressors.values() for other in others)

    @cached_property
    def fixes(self) -> dict[str, str]:
        """Each active rule's ``fix`` without the blank lines around it, as its findings carry
        it, by rule id: stripped once, not for every finding."""
        return {r.id: r.fix.strip() for r in self.active}

    @cached_property
    def skippable(self) -> dict[str, tuple[str, ...]]:
        """For an active rule with ``suppressed_by``: those of its suppressors the check runs
        before it, when its every finding is on the item it is run over (a pattern, metric or
        count rule: their hits name no other item) and it suppresses no rule itself. On an item
        where one of them has fired, each finding of the rule would be dropped, so the check does
        not run it there."""
        order = {r.id: i for i, r in enumerate(self.active)}
        suppressing = self.suppressing
        skippable = {}
        for rule in self.active:
            if rule.id in suppressing or rule.kind not in ("pattern", "metric", "count"):
                continue
            before = tuple(
                other
                for other in rule.suppressed_by
                if order.get(other, len(order)) < order[rule.id]
            )
            if before:
                skippable[rule.id] = before
        return skippable

    @cached_property
    def plan(self) -> tuple[tuple[Rule, str, Callable, str, tuple[str, ...]], ...]:
        """(rule, what it applies to, the function that runs it, its fix, ``skippable``) for
        each active rule in order: what the check would otherwise look up for every rule of
        every draft, and a function rule's own function instead of the kind's dispatch."""
        from coach.rubric.kinds import runner  # the kinds import the analysis

        fixes, skippable = self.fixes, self.skippable
        return tuple(
            (rule, rule.applies_to, runner(rule), fixes[rule.id], skippable.get(rule.id, ()))
            for rule in self.active
        )

    def get(self, key: str) -> Rule:
        """A rule by id (case-insensitive) or by name."""
        key = key.strip()
        for rule in self.rules:
            if rule.id == key.upper() or rule.name == key.lower():
                return rule
        raise RubricError(f"unknown rule {key!r}; `coach rules` lists them")


@lru_cache(maxsize=1)
def _packaged_rules() -> tuple[Rule, ...]:
    compiled = load_compiled(resource_dir("rubrics"))
    if compiled is not None:
        return tuple(rule_from_data(entry) for entry in compiled["rules"])
    return rules_from_yaml()


def rules_from_yaml(root: Path | None = None) -> tuple[Rule, ...]:
    """The packaged rules read and validated from ``rubrics/rules/*.yaml`` (the slow path, and
    what ``coach.rubric.compiled`` compiles)."""
    root = root or resource_dir("rubrics")
    rules = [load_rule_file(p) for p in sorted((root / "rules").glob("*.yaml"))]
    names = [r.name for r in rules]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise RubricError(f"rule names used twice: {', '.join(sorted(duplicates))}")
    return tuple(rules)


def load_rubric(settings: Settings | None = None) -> Rubric:
    settings = settings or Settings()
    levels = tuple(sorted(settings.levels.items()))
    return _rubric(tuple(settings.select), tuple(settings.ignore), levels)


@lru_cache(maxsize=16)
def _rubric(select: tuple[str, ...], ignore: tuple[str, ...], levels: tuple) -> Rubric:
    settings = Settings(select=list(select), ignore=list(ignore), levels=dict(levels))
    rules = _packaged_rules()
    known = {r.id for r in rules}
    unknown = sorted(set(settings.levels) - known)
    if unknown:
        raise RubricError(f"level override for unknown rule {unknown[0]}; `coach rules` lists them")
    rules = tuple(
        replace(r, level=settings.levels[r.id]) if r.id in settings.levels else r for r in rules
    )
    return Rubric(rules=rules, active=tuple(r for r in rules if settings.rule_enabled(r.id)))
