"""The bodies of the HTTP API (docs/api.md): what a client sends and what it gets back.

Responses carry the same JSON the CLI prints (``coach check --format json`` for one file,
``coach rewrite --format json``, ``coach grade --format json``, ``coach rules --format json``),
so the fields are documented once, in docs/output-formats.md, docs/rewrite.md and
docs/grading.md. Everything a request needs comes in its body: the server never opens a file a
client names (``source`` is only a name, used to pick the format and to label findings).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SOURCE_PATTERN = r"^[^\x00-\x1f\x7f]{1,255}$"
"""A draft's name: printable, one line, at most 255 characters."""
RULE_ID = r"^[A-Za-z0-9_-]{1,64}$"


class Body(BaseModel):
    """A request body: unknown fields are an error (a misspelt field is not silently ignored)."""

    model_config = ConfigDict(extra="forbid")


class Reply(BaseModel):
    """A response body: fields may be added within a schema version, never removed."""

    model_config = ConfigDict(extra="allow")


Source = Field(
    "draft.md",
    pattern=SOURCE_PATTERN,
    description="The draft's name (never opened): its extension picks Markdown (.md), YAML "
    "(.yaml, .yml) or JSON (.json); findings are labelled with it.",
)
RuleIds = Field(
    None,
    max_length=100,
    description="Rule ids or id prefixes, as `select` / `ignore` in the settings "
    "(`OKR2` = OKR201…OKR299). Unset: the server's settings.",
)


class CheckRequest(Body):
    text: str = Field(description="The draft, as text (Markdown, YAML or JSON).")
    source: str = Source
    select: list[str] | None = RuleIds
    ignore: list[str] | None = RuleIds

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "## Objective: Make onboarding effortless\n\n"
                    "- Launch the new onboarding flow\n"
                    "- Reduce time to first value from 3 days to 1 day\n",
                    "source": "q3.md",
                }
            ]
        },
    )


class Tool(Reply):
    name: str
    version: str


class Finding(Reply):
    rule_id: str
    rule_name: str
    level: Literal["error", "warning", "suggestion"]
    message: str
    path: str
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None
    guide_rule: int | None
    fix: str | None


class Counts(Reply):
    error: int
    warning: int
    suggestion: int


class CheckResponse(Reply):
    """One file of ``coach check --format json`` (docs/output-formats.md), with ``fails``."""

    schema_version: str
    tool: Tool
    source: str
    fails: bool = Field(
        description="Whether a finding is at or above the server's `fail_on` level "
        "(`coach check` would exit 1)."
    )
    meta: dict[str, Any]
    findings: list[Finding]
    counts: Counts
    scorecard: dict[str, Any]
    draft: dict[str, Any]


class RewriteRequest(Body):
    text: str = Field(description="The draft, as text.")
    source: str = Source
    metrics: dict[str, str] = Field(
        default_factory=dict,
        max_length=1000,
        description="The team's metrics: name → current value as written (`NPS: '31'`). "
        "Numbers in a rewrite come only from the draft and these.",
    )
    offline: bool = Field(
        False,
        description="Use the offline rewriter even when the server has a model configured. "
        "(Which model, if any, is the server's setting: a request cannot name one.)",
    )
    items: list[Annotated[str, Field(max_length=200)]] | None = Field(
        None,
        max_length=1000,
        description="Rewrite only these items, named as `/v1/check` names them "
        '(`objectives[0].key_results[1]`): an editor\'s "rewrite this line". '
        "Default: every failing item.",
    )
    select: list[str] | None = RuleIds
    ignore: list[str] | None = RuleIds


class Position(Reply):
    line: int
    column: int


class Edit(Reply):
    """A replacement of the original text, as an editor applies it (1-based lines/columns)."""

    path: str
    start: Position
    end: Position
    old_text: str
    new_text: str


class ScoreChange(Reply):
    before: int
    after: int
    band_before: str
    band_after: str


class Usage(Reply):
    calls: int
    prompt_tokens: int
    completion_tokens: int
    cache_hits: int


class RewriteResponse(Reply):
    """``coach rewrite --format json`` (docs/rewrite.md)."""

    schema_version: str
    tool: Tool
    source: str
    rewriter: str
    changes: list[dict[str, Any]]
    notices: list[str]
    score: ScoreChange
    usage: Usage
    text: str = Field(description="The rewritten draft.")
    edits: list[Edit]


class NamedText(Body):
    text: str = Field(description="The file's contents.")
    name: str = Field(
        "data.yaml",
        pattern=SOURCE_PATTERN,
        description="Its name (never opened): `.csv`, `.yaml` or `.json` picks the format.",
    )


class GradeRequest(Body):
    text: str = Field(description="The draft, as text.")
    source: str = Source
    actuals: NamedText | None = Field(
        None, description="Actual values, as an actuals file holds them (docs/grading.md)."
    )
    checkins: NamedText | None = Field(None, description="Check-ins (CSV or YAML).")
    history: list[dict[str, Any]] = Field(
        default_factory=list,
        max_length=100,
        description="Earlier quarters' `coach grade --format json` documents, for sandbagging.",
    )
    quarter_end: date | None = Field(None, description="Last day of the quarter.")
    as_of: date | None = Field(None, description="Grade as of this date (default: today).")


class GradeMessage(Reply):
    level: str
    text: str


class GradeResponse(Reply):
    """``coach grade --format json`` (docs/grading.md)."""

    schema_: str = Field(alias="schema")
    schema_version: str
    tool: Tool
    source: str
    team: str | None
    quarter: str | None
    timeline: dict[str, Any]
    reminder: str
    thresholds: dict[str, Any]
    score: float | None
    forecast: float | None
    band: dict[str, Any] | None
    remark: str | None
    objectives: list[dict[str, Any]]
    sandbagging: dict[str, Any] | None
    messages: list[GradeMessage]


class Examples(Reply):
    weak: list[str]
    strong: list[str]


class Rule(Reply):
    """One rule, as ``coach rules --format json`` lists it."""

    id: str
    name: str
    level: str
    applies_to: str
    guide_rule: int | None
    message: str | None
    why: str | None
    fix: str | None
    examples: Examples
    link: str | None


class RuleList(Reply):
    schema_version: str
    tool: Tool
    rules: list[Rule]


class Health(Reply):
    status: Literal["ok"]
    version: str
    rewriter: str = Field(description='"offline", or the provider of the configured model.')


class Problem(Reply):
    """An error (RFC 9457, ``application/problem+json``). No stack trace, ever."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    code: str = Field(
        description="What went wrong, for a program: validation, input, unauthorized, "
        "not-found, method-not-allowed, too-large, timeout, model, internal."
    )
    errors: list[dict[str, Any]] | None = Field(
        None, description="For `validation`: each invalid field's location and message."
    )
