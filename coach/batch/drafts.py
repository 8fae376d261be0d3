"""One draft of a batch, checked and boiled down to what the across-draft findings need.

This is the work a batch spreads over worker processes: each draft is read, checked under its
own settings and reduced to a small picklable :class:`DraftSummary` (its row, its key results
with their metrics, its objectives, its lowest-scoring lines, the rewrite targets with
``--rewrite``), so only that crosses the process boundary, never the parsed draft.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from coach.batch.records import OverLimit, Place, SkippedFile, TeamRow, pickled_by_fields
from coach.checker import check
from coach.config import Settings
from coach.errors import EXIT_FINDINGS, EXIT_OK, InputError, NotOkrError
from coach.model import Draft
from coach.parsing import load_draft
from coach.report import CheckReport

TASK_RULE = "OKR201"
"""output-as-key-result: a key result written as a task (a team's task share counts these)."""
WORST_PER_DRAFT = 20
"""Lowest-scoring lines each draft hands on; the report keeps the worst of all of them."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class KeyResultItem:
    place: Place
    metric: str | None  # the analyser's metric phrase
    metric_key: str | None  # the same, normalised as rule OKR601 compares metrics


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ObjectiveItem:
    place: Place
    parent_text: str | None  # the text of its parent objective in the same draft (nested trees)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class LowItem:
    place: Place
    path: str  # the item's path in its draft ("objectives[0].key_results[1]")
    score: int
    rules: tuple[str, ...]


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class DraftSummary:
    row: TeamRow
    key_results: tuple[KeyResultItem, ...] = ()
    objectives: tuple[ObjectiveItem, ...] = ()
    parent: str | None = None  # front matter `parent:`
    low: tuple[LowItem, ...] = ()
    over_limit: OverLimit | None = None
    rule_names: tuple[tuple[str, str], ...] = ()  # (rule id, rule name) of the rules that fired
    targets: tuple = ()  # coach.rewrite.requests.Target, with --rewrite


def team_from_path(path: str, root: str | None) -> str:
    """A team name for a draft without ``team:`` front matter: the first folder below ``root``
    (the folder named on the command line, or a glob's fixed part); for a file directly in
    ``root``, or named on its own, the file name without its extension."""
    pure = PurePath(path)
    if root is not None:
        try:
            relative = pure.relative_to(root)
        except ValueError:
            relative = PurePath(pure.name)
        if len(relative.parts) > 1:
            return one_line(relative.parts[0])
    return one_line(pure.stem)


def one_line(name: str) -> str:
    """A team name on one line: a name is shown in tables and lists, so the line breaks and
    tabs a folder name or a YAML string may hold become spaces."""
    return " ".join(name.split())


def summarise(
    path: str,
    path_team: str,
    settings: Settings,
    metrics: tuple[tuple[str, str], ...] | None = None,
    objectives: bool = True,
) -> DraftSummary | SkippedFile:
    """Read and check one draft. A file that holds no OKRs is skipped; one that cannot be read
    (missing, binary, empty, malformed, too big) — or that trips a bug — is a row with its
    one-line error, never an exception. ``metrics`` (with ``--rewrite``): also build the
    rewrite targets, with these metrics in their requests. ``objectives``: list the draft's
    objectives (only alignment to a company draft reads them)."""
    try:
        draft = load_draft(path, settings.limits.max_file_bytes)
        report = check(draft, settings)
    except NotOkrError as exc:
        return SkippedFile(path, f"{exc.problem}")
    except InputError as exc:
        problem = exc.problem + (f" ({exc.hint})" if exc.hint else "")
        return DraftSummary(TeamRow(team=path_team, path=path, error=problem))
    except Exception as exc:  # noqa: BLE001 - one broken file never stops the others
        what = ": ".join(part for part in (type(exc).__name__, str(exc)) if part)
        return DraftSummary(TeamRow(team=path_team, path=path, error=f"internal error: {what}"))
    team = one_line(draft.meta.team or "") or path_team
    summary = _summary(draft, report, team, path, settings, objectives)
    if metrics is not None:
        from dataclasses import replace

        summary = replace(summary, targets=tuple(_targets(report, settings, metrics)))
    return summary


def _summary(
    draft: Draft, report: CheckReport, team: str, path: str, settings: Settings, listed: bool
) -> DraftSummary:
    from coach.rubric.functions import metric_key
    from coach.rubric.vocabulary import load_vocabulary

    vocabulary = load_vocabulary(settings.vocabulary)
    findings = report.findings
    tasks = {f.path for f in findings if f.rule_id == TASK_RULE and ".key_results[" in f.path}
    threshold = settings.fail_on
    failing = threshold is not None and any(f.level.rank >= threshold.rank for f in findings)
    row = TeamRow(
        team=team,
        path=path,
        score=report.scorecard.overall,
        band=report.scorecard.band,
        quarter=draft.meta.quarter,
        objectives=len(draft.objectives),
        key_results=len(draft.key_results()),
        task_key_results=len(tasks),
        findings=dict(report.counts),
        rules=dict(sorted(Counter(f.rule_id for f in findings).items())),
        exit_code=EXIT_FINDINGS if failing else EXIT_OK,
    )
    key_results = []
    for _, _, kr in draft.key_results():
        metric = kr.analysis.metric if kr.analysis else None
        key = metric_key(metric, vocabulary) if metric else None
        key_results.append(
            KeyResultItem(Place(team, path, kr.position.line, kr.text), metric, key or None)
        )
    objectives = tuple(
        ObjectiveItem(
            Place(team, path, o.position.line, o.text),
            draft.objectives[o.parent].text if o.parent is not None else None,
        )
        for o in (draft.objectives if listed else ())
    )
    by_item: dict[str, list[str]] = {}
    for f in findings:
        by_item.setdefault(f.path, []).append(f.rule_id)
    lowest = sorted(
        (i for i in report.scorecard.items if i.score < 100), key=lambda i: (i.score, i.line)
    )[:WORST_PER_DRAFT]
    low = tuple(
        LowItem(
            Place(team, path, i.line, i.text),
            i.path,
            i.score,
            tuple(dict.fromkeys(by_item.get(i.path, ()))),
        )
        for i in lowest
    )
    limit = (
        settings.limits.first_cycle_max_objectives
        if draft.meta.first_cycle
        else settings.limits.max_objectives
    )
    over = OverLimit(team, path, len(draft.objectives), limit)
    return DraftSummary(
        row=row,
        key_results=tuple(key_results),
        objectives=objectives,
        parent=draft.meta.parent,
        low=low,
        over_limit=over if len(draft.objectives) > limit else None,
        rule_names=tuple(sorted({(f.rule_id, f.rule_name) for f in findings})),
    )


def _targets(report: CheckReport, settings: Settings, metrics: tuple[tuple[str, str], ...]):
    """The draft's rewrite targets, each key result's request knowing the metrics the draft's
    other key results measure (as ``coach rewrite`` builds them)."""
    from dataclasses import replace

    from coach.rewrite.engine import MetricsInUse
    from coach.rewrite.requests import build_targets
    from coach.rubric import load_rubric

    targets = build_targets(report, load_rubric(settings), metrics)
    in_use = MetricsInUse(report.draft, settings)
    return [
        replace(t, request=replace(t.request, taken_metrics=in_use.taken_by_others(t.path)))
        if t.request.kind == "key_result"
        else t
        for t in targets
    ]
