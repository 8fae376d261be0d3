"""Shared fixtures: a hand-built check report, so renderer tests do not depend on the checker.

The suite's cache folder is a temporary one (``XDG_CACHE_HOME``, set before coach is imported:
``coach.regexcache`` reads it then), so no test reads or writes the user's ``~/.cache``."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="coach-tests-cache-")

import pytest

from coach.findings import Finding, Level
from coach.model import (
    Ambition,
    Draft,
    DraftMeta,
    KeyResult,
    KeyResultAnalysis,
    Objective,
    Position,
)
from coach.report import CheckReport, GuideRuleScore, ObjectiveScore, Scorecard

atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)

SOURCE = "drafts/growth q2.md"

GUIDE_RULES = (
    (1, "Objective as inspiration"),
    (2, "Key results as outcomes"),
    (3, "Focus: few objectives, 2-4 key results"),
    (4, "Measurable and trackable"),
    (5, "Committed and stretch mix"),
)


def make_finding(rule_id, name, level, message, path, line, column, **extra) -> Finding:
    return Finding(rule_id, name, Level(level), message, path, line, column, source=SOURCE, **extra)


def make_report(findings=(), source: str = SOURCE) -> CheckReport:
    """Two objectives (lines 6 and 12), three key results, and the given findings."""
    kr = KeyResult(
        text="Increase onboarding completion rate from 45% to 70% by end of Q2",
        position=Position(line=8, column=3),
        label="KR1",
        ambition=Ambition.STRETCH,
        analysis=KeyResultAnalysis(metric="onboarding completion rate", deadline="end of Q2"),
    )
    draft = Draft(
        source=source,
        meta=DraftMeta(team="Growth", quarter="2026-Q2"),
        objectives=[
            Objective(
                text="Make every new user feel confident within 7 days",
                position=Position(line=6),
                label="O1",
                key_results=[
                    kr,
                    KeyResult(text="Ship the [new] checkout", position=Position(line=9, column=3)),
                ],
            ),
            Objective(text="Improve the dashboard", position=Position(line=12)),
        ],
    )
    counts = {level.value: sum(f.level == level for f in findings) for level in Level}
    card = Scorecard(
        overall=62,
        band="needs work",
        objectives=(
            ObjectiveScore("objectives[0]", draft.objectives[0].text, 6, 70, "good"),
            ObjectiveScore("objectives[1]", draft.objectives[1].text, 12, 40, "weak"),
        ),
        guide_rules=tuple(GuideRuleScore(n, t, 100 - 10 * n, n % 2) for n, t in GUIDE_RULES),
        items=(),
        set_score=80,
    )
    return CheckReport(draft=draft, findings=tuple(findings), scorecard=card, counts=counts)


SAMPLE_FINDINGS = (
    make_finding(
        "OKR201",
        "output-as-key-result",
        "error",
        'Key result is a task: "Ship the [new] checkout"',
        "objectives[0].key_results[1]",
        9,
        3,
        guide_rule=2,
        fix="Name the change in user behaviour it should cause, from a baseline to a target.",
    ),
    make_finding(
        "OKR301",
        "too-many-objectives",
        "warning",
        "4 objectives, at most 3",
        "draft",
        1,
        1,
        guide_rule=3,
    ),
    make_finding(
        "OKR101",
        "objective-is-activity",
        "suggestion",
        "Objective, 100% an activity: rewrite",
        "objectives[1]",
        12,
        1,
        guide_rule=1,
        end_line=12,
        end_column=22,
    ),
)


@pytest.fixture
def sample_report() -> CheckReport:
    return make_report(SAMPLE_FINDINGS)
