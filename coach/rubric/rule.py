"""One rule = one YAML file in ``rubrics/rules/``, named after its id (Vale/ruff style)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from coach.errors import RubricError
from coach.findings import Level
from coach.yamlsafe import load_yaml

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
    model_config = ConfigDict(extra="forbid", defer_build=True)

    form: Literal["item", "draft"] = "item"
    """"item": each example is one objective or key result; "draft": a whole Markdown draft."""
    weak: list[str] = Field(default_factory=list)
    strong: list[str] = Field(default_factory=list)


StrOrList = str | list[str]
Limit = int | Annotated[str, Field(pattern=r"^limits\.[a-z_]+$")]
"""A number, or the name of a limit in the settings ("limits.max_objectives")."""


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class PatternParams(_Params):
    """``kind: pattern``: word lists or regexes that must (``fire_when: present``) or must not
    (``absent``) occur; ``unless``/``unless_patterns`` cancel a match."""

    kind: Literal["pattern"] = "pattern"
    vocabulary: StrOrList | None = None
    patterns: StrOrList | None = None
    where: Literal["anywhere", "start"] = "anywhere"
    fire_when: Literal["present", "absent"] = "present"
    unless: StrOrList | None = None
    unless_patterns: StrOrList | None = None


class MetricParams(_Params):
    """``kind: metric``: conditions on the key-result analysis (see ``coach.rubric.kinds``)."""

    kind: Literal["metric"] = "metric"
    when: StrOrList | None = None
    when_any: StrOrList | None = None
    unless: StrOrList | None = None
    requires: StrOrList | None = None
    quarter_counts: bool = True


class CountParams(_Params):
    """``kind: count``: a count outside limits."""

    kind: Literal["count"] = "count"
    count: Literal["objectives", "key_results", "words"]
    min: Limit | None = None
    max: Limit | None = None
    first_cycle_max: Limit | None = None

    @field_validator("min", "max", "first_cycle_max")
    @classmethod
    def _known_limit(cls, value: int | str | None) -> int | str | None:
        from coach.config import Limits

        if isinstance(value, str) and value.removeprefix("limits.") not in Limits.model_fields:
            known = ", ".join(f"limits.{name}" for name in Limits.model_fields)
            raise ValueError(f"no setting {value!r} (known: {known})")
        return value


class FunctionParams(_Params):
    """``kind: function``: a function registered in ``coach.rubric.functions``."""

    kind: Literal["function"] = "function"
    function: str

    @field_validator("function")
    @classmethod
    def _registered(cls, name: str) -> str:
        from coach.rubric.functions import FUNCTIONS

        if name not in FUNCTIONS:
            known = ", ".join(sorted(FUNCTIONS))
            raise ValueError(f"no registered function {name!r} (known: {known})")
        return name


PARAMS: dict[str, type[_Params]] = {
    "pattern": PatternParams,
    "metric": MetricParams,
    "count": CountParams,
    "function": FunctionParams,
}
"""Each kind's parameter model."""

Params = Annotated[
    PatternParams | MetricParams | CountParams | FunctionParams, Field(discriminator="kind")
]


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str = Field(pattern=r"^OKR\d{3}$")
    name: str = Field(pattern=r"^[a-z][a-z0-9-]+$")
    level: Level
    applies_to: AppliesTo
    guide_rule: int | None = Field(default=None, ge=1, le=5)
    kind: Literal["pattern", "metric", "count", "function"]
    params: Params
    """Typed by ``kind``: a misspelt or misplaced key is an error when the rubric loads."""
    message: str
    why: str
    fix: str
    source: str
    """Where the rule comes from: a section of the seed guide, or a named public OKR practice."""
    rewrite: Literal["fixes", "no"] = "no"
    """"fixes": an item with this finding is sent to ``coach rewrite``, which proposes a rewrite
    that clears it (objective and key-result rules only)."""
    after_rewrite: Literal["check", "allow", "clear"] = "check"
    """What the guard does when a proposed rewrite still has this finding: "check" rejects it when
    the rule triggered the rewrite or the finding is an error; "allow" never rejects it (a
    placeholder is an honest gap; a count of the objective's key results is not the rewrite's to
    fix); "clear" always rejects it (an increase or decrease must carry a baseline)."""
    suppressed_by: tuple[str, ...] = ()
    """Rule ids whose finding on the same item makes this one redundant."""
    examples: Examples

    @model_validator(mode="before")
    @classmethod
    def _params_of_kind(cls, data: Any) -> Any:
        """The rule's ``kind`` selects the shape of its ``params``."""
        if isinstance(data, dict) and isinstance(data.get("params", {}), dict):
            params = data.get("params") or {}
            if "kind" not in params or params.get("kind") == data.get("kind"):
                data = {**data, "params": {**params, "kind": data.get("kind")}}
        return data

    @model_validator(mode="after")
    def _has_examples(self) -> Rule:
        if not self.examples.weak or not self.examples.strong:
            raise ValueError("every rule needs at least one weak and one strong example")
        return self

    @model_validator(mode="after")
    def _rewrite_fits(self) -> Rule:
        if self.rewrite == "fixes" and self.applies_to == "draft":
            raise ValueError(
                "rewrite: fixes is for objective and key-result rules, not a draft rule"
            )
        if self.rewrite == "fixes" and self.after_rewrite == "allow":
            raise ValueError("a rule a rewrite fixes cannot be allowed after the rewrite")
        return self

    @property
    def link(self) -> str:
        return f"{RULE_DOCS_URL}#{self.id.lower()}-{self.name}"


def load_rule_file(path: Path) -> Rule:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        rule = Rule.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise RubricError(f"{path}: cannot read rule: {exc}") from exc
    except ValidationError as exc:
        errors = exc.errors()  # a misspelt key first: "field required" follows from it
        first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        where = ".".join(str(p) for p in first["loc"]) or "rule"
        raise RubricError(f"{path}: invalid rule ({where}: {first['msg']})") from exc
    if path.stem != rule.id:
        raise RubricError(f"{path}: file name must be the rule id {rule.id}.yaml")
    return rule
