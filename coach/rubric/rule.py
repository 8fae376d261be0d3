"""One rule = one YAML file in ``rubrics/rules/``, named after its id (Vale/ruff style).

Rules are frozen dataclasses: a run reads them from the compiled rubric without pydantic. A rule
file is validated by pydantic when it is read (``load_rule_file``): the constraints are written
as ``Annotated`` strings that ``_rule_adapter`` resolves, so a misspelt key, a wrong type or an
unknown function is a one-line error naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from coach.errors import RubricError, first_problem
from coach.findings import Level

if TYPE_CHECKING:
    from pydantic import AfterValidator, Field, TypeAdapter

    Limit = int | str | None
    Params = Any  # the kinds' parameter classes, discriminated by kind

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


_FORBID = {"extra": "forbid"}
"""pydantic's config for every rule class: a key it does not know is an error."""


@dataclass(frozen=True, kw_only=True)
class Examples:
    """A rule's weak and strong examples (each one is a test of the rule)."""

    __pydantic_config__ = _FORBID

    form: Literal["item", "draft"] = "item"
    """"item": each example is one objective or key result; "draft": a whole Markdown draft."""
    weak: list[str] = field(default_factory=list)
    strong: list[str] = field(default_factory=list)


StrOrList = str | list[str]


def _known_limit(value: int | str | None) -> int | str | None:
    from coach.config import Limits

    names = [f.name for f in fields(Limits)]
    if isinstance(value, str) and value.removeprefix("limits.") not in names:
        known = ", ".join(f"limits.{name}" for name in names)
        raise ValueError(f"no setting {value!r} (known: {known})")
    return value


def _registered(name: str) -> str:
    from coach.rubric.functions import FUNCTIONS

    if name not in FUNCTIONS:
        known = ", ".join(sorted(FUNCTIONS))
        raise ValueError(f"no registered function {name!r} (known: {known})")
    return name


def _as_tuple(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


class ParamsHandle:
    """Stands for one rule's parameters in a cache key: hashed and compared by identity, at
    once (a frozen dataclass hashes every field on every lookup), and holding them, so no
    other parameters can take its place while a cache keeps it."""

    __slots__ = ("params",)

    def __init__(self, params: PatternParams):
        self.params = params


@dataclass(frozen=True, kw_only=True)
class PatternParams:
    """``kind: pattern``: word lists or regexes that must (``fire_when: present``) or must not
    (``absent``) occur; ``unless``/``unless_patterns`` cancel a match; the text
    ``context_patterns`` match is set aside first, as context the rule does not judge (OKR202:
    the goal a rewrite restates beside its outcome)."""

    kind: Literal["pattern"] = "pattern"
    vocabulary: StrOrList | None = None
    patterns: StrOrList | None = None
    where: Literal["anywhere", "start"] = "anywhere"
    fire_when: Literal["present", "absent"] = "present"
    unless: StrOrList | None = None
    unless_patterns: StrOrList | None = None
    context_patterns: StrOrList | None = None

    __pydantic_config__ = _FORBID

    @cached_property
    def lists(self) -> tuple[tuple[str, ...], ...]:
        """(context_patterns, vocabulary, patterns, unless, unless_patterns), each a tuple:
        worked out once per rule, not on every item it is run over."""
        return tuple(
            _as_tuple(v)
            for v in (
                self.context_patterns,
                self.vocabulary,
                self.patterns,
                self.unless,
                self.unless_patterns,
            )
        )

    @cached_property
    def handle(self) -> ParamsHandle:
        """These parameters in a per-text cache's key (``kinds._kept_pattern_verdict``)."""
        return ParamsHandle(self)

    @cached_property
    def searched(self) -> tuple[str, ...]:
        """The regex templates searched anywhere in an item (``patterns`` and
        ``unless_patterns``): the ones ``Vocabulary.gated`` tests for their literals first."""
        lists = self.lists
        return (*lists[2], *lists[4])


@dataclass(frozen=True, kw_only=True)
class MetricParams:
    """``kind: metric``: conditions on the key-result analysis (see ``coach.rubric.kinds``)."""

    kind: Literal["metric"] = "metric"
    when: StrOrList | None = None
    when_any: StrOrList | None = None
    unless: StrOrList | None = None
    requires: StrOrList | None = None
    quarter_counts: bool = True

    __pydantic_config__ = _FORBID

    @cached_property
    def conditions(
        self,
    ) -> tuple[frozenset[str], frozenset[str], frozenset[str], tuple[str, ...]]:
        """(when, when_any, unless) as sets and ``requires`` in order (the message lists what
        is missing in the rule's order): worked out once per rule."""
        return (
            frozenset(_as_tuple(self.when)),
            frozenset(_as_tuple(self.when_any)),
            frozenset(_as_tuple(self.unless)),
            _as_tuple(self.requires),
        )


@dataclass(frozen=True, kw_only=True)
class CountParams:
    """``kind: count``: a count outside limits."""

    kind: Literal["count"] = "count"
    count: Literal["objectives", "key_results", "words"]
    min: Limit = None
    max: Limit = None
    first_cycle_max: Limit = None
    __pydantic_config__ = _FORBID


@dataclass(frozen=True, kw_only=True)
class FunctionParams:
    """``kind: function``: a function registered in ``coach.rubric.functions``."""

    function: Annotated[str, AfterValidator(_registered)]
    kind: Literal["function"] = "function"
    __pydantic_config__ = _FORBID


PARAMS: dict[str, type] = {
    "pattern": PatternParams,
    "metric": MetricParams,
    "count": CountParams,
    "function": FunctionParams,
}
"""Each kind's parameter model."""


@dataclass(frozen=True, kw_only=True)
class Rule:
    """One rule of the rubric, as its YAML file states it."""

    __pydantic_config__ = _FORBID

    id: Annotated[str, Field(pattern=r"^OKR\d{3}$")]
    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]+$")]
    level: Level
    applies_to: AppliesTo
    kind: Literal["pattern", "metric", "count", "function"]
    params: Params
    """Typed by ``kind``: a misspelt or misplaced key is an error when the rubric loads."""
    message: str
    why: str
    fix: str
    source: str
    """Where the rule comes from: a section of the seed guide, or a named public OKR practice."""
    examples: Examples
    guide_rule: Annotated[int | None, Field(ge=1, le=5)] = None
    rewrite: Literal["fixes", "no"] = "no"
    """"fixes": an item with this finding is sent to ``coach rewrite``, which proposes a rewrite
    that clears it (objective and key-result rules only)."""
    after_rewrite: Literal["check", "allow", "clear"] = "check"
    """What the guard does when a proposed rewrite still has this finding: "check" rejects it when
    the rule triggered the rewrite, is one a rewrite fixes (``rewrite: fixes``: a rewrite may
    not bring in a new finding of one) or the finding is an error; "allow" never rejects it (a
    placeholder is an honest gap; a count of the objective's key results is not the rewrite's to
    fix); "clear" always rejects it (an increase or decrease must carry a baseline)."""
    suppressed_by: tuple[str, ...] = ()
    """Rule ids whose finding on the same item makes this one redundant."""

    def __post_init__(self) -> None:
        if not self.examples.weak or not self.examples.strong:
            raise ValueError("every rule needs at least one weak and one strong example")
        if self.rewrite == "fixes" and self.applies_to == "draft":
            raise ValueError(
                "rewrite: fixes is for objective and key-result rules, not a draft rule"
            )
        if self.rewrite == "fixes" and self.after_rewrite == "allow":
            raise ValueError("a rule a rewrite fixes cannot be allowed after the rewrite")

    @property
    def link(self) -> str:
        return f"{RULE_DOCS_URL}#{self.id.lower()}-{self.name}"


def _params_of_kind(data: Any) -> Any:
    """The rule's ``kind`` selects the shape of its ``params``."""
    if isinstance(data, dict) and isinstance(data.get("params", {}), dict):
        params = data.get("params") or {}
        if "kind" not in params or params.get("kind") == data.get("kind"):
            data = {**data, "params": {**params, "kind": data.get("kind")}}
    return data


@cache
def _rule_adapter() -> TypeAdapter[Rule]:
    """pydantic's validator for a rule file, built on first use. The annotations above name
    ``Field``, ``AfterValidator``, ``Limit`` and ``Params``; they are defined here (not at the top, so that a run
    that reads the compiled rubric never loads pydantic) and put where pydantic resolves the
    annotations: this module's namespace."""
    from pydantic import AfterValidator, Field, TypeAdapter

    limit = Annotated[
        int | Annotated[str, Field(pattern=r"^limits\.[a-z_]+$")] | None,
        AfterValidator(_known_limit),
    ]  # a number, or the name of a limit in the settings ("limits.max_objectives")
    params = Annotated[
        PatternParams | MetricParams | CountParams | FunctionParams, Field(discriminator="kind")
    ]  # the parameters of the rule's kind
    globals().update(Field=Field, AfterValidator=AfterValidator, Limit=limit, Params=params)
    return TypeAdapter(Rule)


def load_rule_file(path: Path) -> Rule:
    import yaml
    from pydantic import ValidationError

    from coach.yamlsafe import load_yaml

    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        rule = _rule_adapter().validate_python(_params_of_kind(data))
    except (OSError, yaml.YAMLError) as exc:
        raise RubricError(f"{path}: cannot read rule: {exc}") from exc
    except ValidationError as exc:
        loc, problem = first_problem(exc.errors())
        raise RubricError(f"{path}: invalid rule ({'.'.join(loc) or 'rule'}: {problem})") from exc
    if path.stem != rule.id:
        raise RubricError(f"{path}: file name must be the rule id {rule.id}.yaml")
    return rule
