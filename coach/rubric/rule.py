"""One rule = one YAML file in ``rubrics/rules/``, named after its id (Vale/ruff style)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from coach.errors import RubricError
from coach.findings import Level

RULE_DOCS_URL = "https://okr-coach.readthedocs.io/en/latest/rules/"
"""Where the rule reference (docs/rules.md) is published: every rule's ``link`` points here,
at the rule's own heading. The one place to change when the docs move."""

AppliesTo = Literal["objective", "key_result", "draft"]
GUIDE_RULES = {
    1: "Objective as inspiration, not description",
    2: "Key results as outcomes, not tasks",
    3: "At most 3 objectives, 2–4 key results each",
    4: "Key results measurable and trackable",
    5: "Committed and stretch key results in the same cycle",
}


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid")

    form: Literal["item", "draft"] = "item"
    """"item": each example is one objective or key result; "draft": a whole Markdown draft."""
    weak: list[str] = Field(default_factory=list)
    strong: list[str] = Field(default_factory=list)


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^OKR\d{3}$")
    name: str = Field(pattern=r"^[a-z][a-z0-9-]+$")
    level: Level
    applies_to: AppliesTo
    guide_rule: int | None = Field(default=None, ge=1, le=5)
    kind: Literal["pattern", "metric", "count", "function"]
    params: dict[str, Any] = Field(default_factory=dict)
    message: str
    why: str
    fix: str
    source: str
    """Where the rule comes from: a section of the seed guide, or a named public OKR practice."""
    after_rewrite: Literal["check", "allow"] = "check"
    """Whether a rewrite of the item may leave this finding ("allow": a placeholder is an honest
    gap; a count of the objective's key results is not the rewrite's to fix)."""
    suppressed_by: tuple[str, ...] = ()
    """Rule ids whose finding on the same item makes this one redundant."""
    examples: Examples

    @model_validator(mode="after")
    def _has_examples(self) -> Rule:
        if not self.examples.weak or not self.examples.strong:
            raise ValueError("every rule needs at least one weak and one strong example")
        return self

    @property
    def link(self) -> str:
        return f"{RULE_DOCS_URL}#{self.id.lower()}-{self.name}"


def load_rule_file(path: Path) -> Rule:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rule = Rule.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise RubricError(f"{path}: cannot read rule: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "rule"
        raise RubricError(f"{path}: invalid rule ({where}: {first['msg']})") from exc
    if path.stem != rule.id:
        raise RubricError(f"{path}: file name must be the rule id {rule.id}.yaml")
    return rule
