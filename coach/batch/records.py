"""The result of a batch run: plain frozen records every batch renderer shares.

One :class:`BatchReport` holds a row per team draft (a broken file is a row with ``error`` set),
the files skipped as not OKRs, and the findings across drafts: near-duplicate key results, one
metric claimed by several teams, teams over the objective limit, the rules broken most, the worst
lines with proposed fixes, and — with ``--company`` — the alignment of team objectives to company
objectives. The JSON, CSV, Markdown and HTML reports all render this one record; add fields, never
rename or remove them (the JSON report is a published shape).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter


def pickled_by_fields(cls):
    """Pickle ``cls`` (a frozen slotted dataclass) as a call of it with its field values: what a
    worker process sends back is many small records, and the default way (dataclasses' own
    ``__setstate__``, a Python loop over the fields per record) is slower to load."""
    values = attrgetter(*(f.name for f in fields(cls)))
    if len(fields(cls)) == 1:
        cls.__reduce__ = lambda self: (type(self), (values(self),))
    else:
        cls.__reduce__ = lambda self: (type(self), values(self))
    return cls


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Place:
    """One line in one team's draft."""

    team: str
    path: str
    line: int
    text: str


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class TeamRow:
    """One draft: its score and counts, or the one-line problem that stopped it being read."""

    team: str
    path: str
    score: int | None = None  # 0-100; None when the file could not be checked
    band: str | None = None
    quarter: str | None = None
    objectives: int = 0
    key_results: int = 0
    task_key_results: int = 0  # key results written as tasks (output, not outcome)
    findings: dict[str, int] = field(default_factory=dict)  # by level: error/warning/suggestion
    rules: dict[str, int] = field(default_factory=dict)  # rule id -> findings
    exit_code: int = 0  # what `coach check` on this file alone would return
    error: str | None = None  # the one-line problem, for a file that could not be checked

    @property
    def task_share(self) -> float | None:
        """The share of key results written as tasks, 0.0-1.0 (None with no key results)."""
        return self.task_key_results / self.key_results if self.key_results else None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class SkippedFile:
    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """The same or nearly the same key result in several teams' drafts."""

    places: tuple[Place, ...]
    similarity: float  # 0-100, the lowest pairwise similarity within the group


@dataclass(frozen=True, slots=True)
class SharedMetric:
    """One metric claimed by key results of more than one team."""

    metric: str
    places: tuple[Place, ...]


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class OverLimit:
    team: str
    path: str
    objectives: int
    limit: int


@dataclass(frozen=True, slots=True)
class RuleCount:
    rule_id: str
    rule_name: str
    findings: int
    teams: int  # how many teams' drafts break it


@dataclass(frozen=True, slots=True)
class WorstLine:
    """A line that costs its team the most, with the fix the coach proposes."""

    place: Place
    score: int  # the item's 0-100 score
    rules: tuple[str, ...]  # rule ids it breaks
    proposal: str | None = None  # a rewrite, when --rewrite ran or the offline rewriter has one
    proposal_source: str | None = None  # "offline", "model", ...


@dataclass(frozen=True, slots=True)
class AlignmentLink:
    """A team objective serving a company objective."""

    place: Place
    how: str  # "parent" (front matter `parent:`) or "wording"
    similarity: float | None = None  # 0-100, for links found by wording


@dataclass(frozen=True, slots=True)
class CompanyObjective:
    label: str | None
    text: str
    line: int
    served_by: tuple[AlignmentLink, ...] = ()

    @property
    def orphan(self) -> bool:
        """No team objective serves it."""
        return not self.served_by


@dataclass(frozen=True, slots=True)
class Rewritten:
    """One failing item and what ``--rewrite`` proposes for it."""

    place: Place
    rules: tuple[str, ...]
    proposal: str | None  # None when nobody could rewrite it (see ``note``)
    origin: str  # "model:<name>", "cache:<name>", "offline", "offline fallback", "unchanged"
    note: str = ""


@dataclass(frozen=True, slots=True)
class RewriteStats:
    """What ``--rewrite`` cost: one call per distinct failing item, never the same item twice."""

    items: int  # failing items across all drafts
    distinct: int  # distinct items among them (by everything their prompt depends on)
    calls: int  # model calls made
    cached: int  # distinct items answered from the cache
    fallbacks: int  # distinct items where the offline rewriter stood in
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass(frozen=True, slots=True)
class BatchReport:
    rows: tuple[TeamRow, ...]
    skipped: tuple[SkippedFile, ...] = ()
    duplicates: tuple[DuplicateGroup, ...] = ()
    shared_metrics: tuple[SharedMetric, ...] = ()
    over_limit: tuple[OverLimit, ...] = ()
    top_rules: tuple[RuleCount, ...] = ()
    worst_lines: tuple[WorstLine, ...] = ()
    company: tuple[CompanyObjective, ...] | None = None  # None without --company
    company_path: str | None = None
    rewrite: RewriteStats | None = None  # None without --rewrite
    fail_on: str = "error"
    exit_code: int = 0  # the worst team against --fail-on
    unaligned: tuple[Place, ...] = ()  # team objectives that serve no company objective
    rewrites: tuple[Rewritten, ...] = ()  # every failing item's proposal, with --rewrite
    thresholds: dict[str, float] = field(default_factory=dict)  # the similarity cut-offs used
    workers: int = 1  # worker processes the check ran in

    @property
    def checked(self) -> tuple[TeamRow, ...]:
        return tuple(r for r in self.rows if r.error is None)

    @property
    def broken(self) -> tuple[TeamRow, ...]:
        return tuple(r for r in self.rows if r.error is not None)

    @property
    def orphans(self) -> tuple[CompanyObjective, ...]:
        return tuple(c for c in self.company or () if c.orphan)
