"""The eval machinery (dataset → solver → scorer → thresholds) on small cases of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli
from coach.config import Settings
from coach.errors import InputError
from coach.evals.dataset import load_cases
from coach.evals.run import run_eval
from coach.evals.score import score_rewrite, tally_checker
from coach.evals.solve import RewriteOutcome
from coach.findings import Finding, Level

CASES = """cases:
  - id: kr-launch
    source: guide
    kind: key_result
    text: "Launch the new onboarding flow by Week 6"
    objective: "Make every new user feel confident and capable within their first 7 days"
    quarter: "Q2 2026"
    metrics: {onboarding completion rate: "45%"}
    rules: {fire: [OKR201], not_fire: [OKR401]}
    rewrite: {subject: [onboarding], numbers: ["45%"], metric: onboarding completion rate}
  - id: kr-good
    source: guide
    kind: key_result
    text: "Increase onboarding completion rate from 45% to 70% by end of Q2"
    rules: {not_fire: [OKR201, OKR402]}
  - id: set
    source: guide
    kind: draft
    text: |
      ## Objective: Ground all Q2 product decisions in validated customer insight
      - Conduct 30 discovery interviews with target customer segment before Q2 roadmap lock
      - Reduce time from insight to product decision from 21 days to 7 days
    rules: {fire: ["OKR201@objectives[0].key_results[0]", "OKR403@objectives[0].key_results[1]"], not_fire: [OKR301]}
"""


@pytest.fixture
def evals(tmp_path: Path) -> Path:
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "a.yaml").write_text(CASES, encoding="utf-8")
    return tmp_path


def test_cases_load_with_expectations_and_item_paths(evals: Path):
    cases = {c.id: c for c in load_cases(evals / "cases")}
    assert cases["kr-launch"].item_path == "objectives[0].key_results[0]"
    assert [(e.rule_id, e.path) for e in cases["set"].fire] == [
        ("OKR201", "objectives[0].key_results[0]"),
        ("OKR403", "objectives[0].key_results[1]"),
    ]
    assert cases["kr-launch"].metrics == (("onboarding completion rate", "45%"),)


def test_duplicate_ids_and_bad_expectations_are_one_line_errors(evals: Path):
    (evals / "cases" / "b.yaml").write_text(CASES, encoding="utf-8")
    with pytest.raises(InputError, match="case ids used twice: kr-good, kr-launch, set"):
        load_cases(evals / "cases")
    (evals / "cases" / "b.yaml").write_text(
        "cases:\n  - {id: x, kind: objective, text: t, rules: {fire: [R1]}}\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="bad rule expectation 'R1'"):
        load_cases(evals / "cases")


def _finding(rule_id: str, path: str) -> Finding:
    return Finding(rule_id, "n", Level.ERROR, "m", path, 1, 1)


def test_checker_tally_counts_expected_forbidden_and_missed_rules(evals: Path):
    cases = {c.id: c for c in load_cases(evals / "cases")}
    results = [
        (
            cases["kr-launch"],
            [
                _finding("OKR201", "objectives[0].key_results[0]"),
                _finding("OKR401", "objectives[0].key_results[0]"),
            ],
        ),
        (cases["kr-good"], [_finding("OKR201", "objectives[0].key_results[1]")]),  # another item
        (cases["set"], [_finding("OKR201", "objectives[0].key_results[1]")]),  # wrong item
    ]
    per_rule = tally_checker(results)
    assert per_rule["OKR201"] == {
        "tp": 1,
        "fp": 0,
        "fn": 1,
        "precision": 1.0,
        "recall": 0.5,
        "f1": 0.667,
    }
    assert per_rule["OKR401"]["fp"] == 1 and per_rule["OKR403"]["fn"] == 1


def test_rewrite_scores_count_invented_numbers_and_accept_placeholders(evals: Path):
    case = next(c for c in load_cases(evals / "cases") if c.id == "kr-launch")
    settings = Settings()
    good = score_rewrite(
        case,
        RewriteOutcome(
            case.id,
            "Increase onboarding completion rate from 45% to [target] by end of Q2",
            "offline",
        ),
        settings,
    )
    assert (
        good["passes_rubric"],
        good["invented_numbers"],
        good["subject_kept"],
        good["baseline_present"],
        good["metric_agreement"],
    ) == (1, 0, 1, 1, 1.0)
    bad = score_rewrite(
        case,
        RewriteOutcome(
            case.id, "Increase partner engagement rate from 10% to 15% by end of Q2", "model:x"
        ),
        settings,
    )
    assert (bad["invented_numbers"], bad["subject_kept"], bad["model_accepted"]) == (2, 0, 1)
    task = score_rewrite(
        case, RewriteOutcome(case.id, "Launch the onboarding flow by Week 6", "model:x"), settings
    )
    assert task["passes_rubric"] == 0
    missing = score_rewrite(case, RewriteOutcome(case.id, None, "unchanged", "no idea"), settings)
    assert (missing["rewritten"], missing["passes_rubric"], missing["metric_agreement"]) == (
        0,
        0,
        0.0,
    )


def test_offline_run_scores_and_thresholds(evals: Path):
    run = run_eval(evals, "offline")
    assert run.results["cases"] == {"total": 3, "rewrite": 1}
    assert run.results["rewrite"]["totals"]["invented_numbers"] == 0
    assert run.failures == []
    (evals / "thresholds.yaml").write_text(
        "rewrite:\n  offline:\n    metric_agreement: 1.01\n", encoding="utf-8"
    )
    assert run_eval(evals, "offline").failures == ["rewrite metric_agreement 1.0 < 1.01"]


def test_cli_leaves_the_result_files_alone_unless_asked(evals: Path):
    (evals / "results").mkdir()
    tracked = evals / "results" / "offline.json"
    tracked.write_text('{"tracked": true}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "--provider", "offline", "--evals", str(evals)])
    assert result.exit_code == 0, result.output
    assert tracked.read_text(encoding="utf-8") == '{"tracked": true}\n'
    assert "wrote" not in result.stderr
    args = ["eval", "--provider", "offline", "--evals", str(evals), "--write-results"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads(tracked.read_text(encoding="utf-8"))["cases"]["total"] == 3
    assert result.stderr == f"wrote {tracked}\n"


def test_cli_writes_results_and_exits_1_below_a_threshold(evals: Path):
    (evals / "thresholds.yaml").write_text(
        "checker:\n  rules:\n    OKR201: {recall: 1.0}\n", encoding="utf-8"
    )
    args = ["eval", "--provider", "offline", "--evals", str(evals), "--write-results"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert (evals / "results" / "offline.json").is_file()
    (evals / "cases" / "a.yaml").write_text(
        CASES.replace("fire: [OKR201], not_fire", "fire: [OKR201, OKR204], not_fire"),
        encoding="utf-8",
    )
    (evals / "thresholds.yaml").write_text(
        "checker:\n  rules:\n    OKR204: {recall: 0.9}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["eval", "--provider", "offline", "--evals", str(evals)])
    assert result.exit_code == 1 and "checker OKR204 recall 0.0 < 0.9" in result.output


def test_model_replay_without_recordings_is_a_clear_error(evals: Path):
    result = CliRunner().invoke(cli, ["eval", "--evals", str(evals)])
    assert result.exit_code == 3 and "no recorded model run" in result.output


def test_replaying_the_model_without_its_extras_is_one_line_exit_3(evals: Path, monkeypatch):
    """A plain `pip install okr-coach` has no openai or instructor: `coach eval` (which replays
    the recorded model by default) said "internal error: ModuleNotFoundError" and exited 70."""
    import sys

    monkeypatch.delitem(sys.modules, "coach.llm.client", raising=False)
    monkeypatch.setitem(sys.modules, "instructor", None)
    result = CliRunner().invoke(cli, ["eval", "--evals", str(evals)])
    assert result.exit_code == 3
    assert result.stderr == (
        "coach: coach eval --provider model replays the recorded model, which needs the model "
        "extras: pip install 'okr-coach[llm,dev]' (or run `coach eval --provider offline`)\n"
    )
