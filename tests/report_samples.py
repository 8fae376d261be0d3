"""Batch reports built by hand for the HTML report's tests and docs screenshots
(scripts/report_screenshots.py): the contract in coach/batch/records.py, no batch run."""

from __future__ import annotations

from coach.batch.records import (
    AlignmentLink,
    BatchReport,
    CompanyObjective,
    DuplicateGroup,
    OverLimit,
    Place,
    RewriteStats,
    RuleCount,
    SharedMetric,
    SkippedFile,
    TeamRow,
    WorstLine,
)

HOSTILE = '<script>alert(1)</script> "quoted" & \u202eevil\u202c'


def _row(team, score, band, krs, tasks, errors=0, warnings=0, objectives=2, exit_code=0):
    return TeamRow(
        team=team,
        path=f"okrs/{team.lower()}.md",
        score=score,
        band=band,
        quarter="Q3 2026",
        objectives=objectives,
        key_results=krs,
        task_key_results=tasks,
        findings={"error": errors, "warning": warnings, "suggestion": 1},
        rules={"OKR012": tasks} if tasks else {},
        exit_code=exit_code,
    )


def sample_report() -> BatchReport:
    """Eight teams, one broken file, every section filled."""
    rows = (
        _row("Growth", 91, "strong", 6, 0),
        _row("Payments", 84, "good", 7, 1, warnings=2),
        _row("Platform", 58, "needs work", 8, 4, errors=2, warnings=3, exit_code=1),
        _row("Mobile", 100, "strong", 5, 0, objectives=1),
        _row("Search", 9, "weak", 4, 4, errors=6, exit_code=1),
        _row("Support", 73, "needs work", 6, 2, warnings=1),
        _row("Data", 66, "needs work", 9, 3, warnings=4, objectives=5),
        TeamRow(team="Security", path="okrs/security.yaml", error="malformed YAML at line 4"),
        _row("Design", 88, "good", 3, 0),
    )
    growth = Place("Growth", "okrs/growth.md", 12, "Increase onboarding completion from 45% to 70%")
    payments = Place(
        "Payments", "okrs/payments.md", 9, "Increase onboarding completion from 45% to 72%"
    )
    search = Place("Search", "okrs/search.md", 7, "Launch the new search page")
    platform = Place("Platform", "okrs/platform.md", 15, "Migrate the build to the new CI")
    churn_a = Place("Support", "okrs/support.md", 8, "Reduce 30-day churn from 12% to 8%")
    churn_b = Place("Data", "okrs/data.md", 21, "Cut 30-day churn to 9%")
    return BatchReport(
        rows=rows,
        skipped=(SkippedFile("okrs/README.md", "no objectives or key results: not an OKR draft"),),
        duplicates=(DuplicateGroup((growth, payments), 94.0),),
        shared_metrics=(SharedMetric("30-day churn", (churn_a, churn_b)),),
        over_limit=(OverLimit("Data", "okrs/data.md", 5, 3),),
        top_rules=(
            RuleCount("OKR012", "Key result is a task, not an outcome", 14, 5),
            RuleCount("OKR004", "Key result has no number to measure", 9, 4),
            RuleCount("OKR020", "Key result has no deadline", 6, 3),
        ),
        worst_lines=(
            WorstLine(
                search,
                12,
                ("OKR012", "OKR004"),
                "Increase searches that end in a click from [baseline]% to [target]%",
                "offline",
            ),  # fmt: skip
            WorstLine(
                platform,
                25,
                ("OKR012",),
                "Cut median build time from 14 minutes to 6 minutes by end of Q3",
                "model",
            ),  # fmt: skip
            WorstLine(churn_b, 40, ("OKR020",)),
        ),
        company=(
            CompanyObjective(
                "C1",
                "Make onboarding effortless",
                3,
                (
                    AlignmentLink(growth, "parent"),
                    AlignmentLink(payments, "wording", 81.5),
                ),
            ),  # fmt: skip
            CompanyObjective(
                "C2", "Keep customers for years", 4, (AlignmentLink(churn_a, "wording", 72.0),)
            ),  # fmt: skip
            CompanyObjective("C3", "Expand into two new markets", 5),
        ),
        company_path="company/okrs-q3.md",
        rewrite=RewriteStats(
            items=31,
            distinct=24,
            calls=20,
            cached=4,
            fallbacks=2,
            prompt_tokens=18250,
            completion_tokens=4120,
        ),  # fmt: skip
        fail_on="error",
        exit_code=1,
    )


def hostile_report() -> BatchReport:
    """Every string field carries markup, quotes, an ampersand and bidi controls."""
    place = Place(HOSTILE, HOSTILE, 3, HOSTILE)
    return BatchReport(
        rows=(
            TeamRow(
                team=HOSTILE,
                path=HOSTILE,
                score=50,
                band=HOSTILE,
                quarter=HOSTILE,
                key_results=2,
                task_key_results=1,
                rules={HOSTILE: 1},
            ),  # fmt: skip
            TeamRow(team="B & co", path="b.md", error=HOSTILE),
        ),
        skipped=(SkippedFile(HOSTILE, HOSTILE),),
        duplicates=(DuplicateGroup((place, place), 90.0),),
        shared_metrics=(SharedMetric(HOSTILE, (place, place)),),
        over_limit=(OverLimit(HOSTILE, HOSTILE, 6, 3),),
        top_rules=(RuleCount(HOSTILE, HOSTILE, 1, 1),),
        worst_lines=(WorstLine(place, 10, (HOSTILE,), HOSTILE, HOSTILE),),
        company=(CompanyObjective(HOSTILE, HOSTILE, 1, (AlignmentLink(place, HOSTILE, 50.0),)),),
        company_path=HOSTILE,
        fail_on=HOSTILE,
    )


def empty_report() -> BatchReport:
    """Only broken files: nothing to chart."""
    return BatchReport(rows=(TeamRow(team="Only", path="only.md", error="file not found"),))
