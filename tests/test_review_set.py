"""The rewrite-review set's judge (coach.evals.review) and `coach eval --review`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli
from coach.config import Settings
from coach.evals.review import Judged, _draft_text, _judge, half, run, totals
from coach.yamlsafe import load_yaml

ROOT = Path(__file__).resolve().parent.parent
EVALS = ROOT / "evals"

ITEM = {
    "id": "x-kr",
    "kind": "key_result",
    "text": "Publish 12 new tutorials",
    "line": "- [P1] Publish 12 new tutorials @alice",
    "accept": {
        "subjects": ["tutorial"],
        "metric_families": ["tutorial completion rate"],
        "keep_numbers": ["12"],
        "markup": ["[P1]", "@alice"],
        "drift": ["self-service"],
    },
}
GOOD = "Raise the completion rate of the 12 new tutorials from [baseline] to [target] by end of Q2"
GOOD_LINE = f"- [P1] {GOOD} @alice"


def judge(after: str, line: str = GOOD_LINE) -> dict:
    return _judge(ITEM, after, line, allowed={"12", "2"})["checks"]


def test_a_rewrite_meeting_every_criterion_is_accepted():
    assert all(judge(GOOD).values())


@pytest.mark.parametrize(
    ("after", "line", "failed"),
    [
        (GOOD.replace("tutorials", "guides"), GOOD_LINE, {"subject", "metric"}),
        (GOOD.replace("completion rate", "page views"), GOOD_LINE, {"metric"}),
        (GOOD.replace("12 ", ""), GOOD_LINE.replace("12 ", ""), {"numbers_kept"}),
        (GOOD, GOOD_LINE.replace(" @alice", ""), {"markup"}),
        (GOOD + ", measured by self-service share", GOOD_LINE, {"no_drift"}),
        (GOOD.replace("[target]", "80%"), GOOD_LINE, {"no_invented"}),
    ],
)
def test_each_criterion_can_fail_on_its_own(after, line, failed):
    checks = judge(after, line)
    assert {rule for rule, ok in checks.items() if not ok} == failed


@pytest.mark.parametrize(
    ("family", "after", "fits"),
    [
        # one word in two forms: the reviewer reads them as the same metric
        (
            "Veterans filing FMP claims online",
            "the number of Veterans who file FMP claims online",
            True,
        ),
        ("grantees reaching their milestones", "the share of grantees who reach a milestone", True),
        ("rate of completion", "onboarding completion rate", True),
        # a different word with the same first letters is not the same metric
        (
            "Veterans filing FMP claims online",
            "the number of Veterans who filter FMP claims online",
            False,
        ),
        ("time to review PRs", "the number of PRs reviewed", False),
    ],
)
def test_a_family_fits_by_the_stems_of_its_words(family, after, fits):
    item = {**ITEM, "accept": {"metric_families": [family]}}
    assert _judge(item, after, after, allowed=set())["checks"]["metric"] is fits


@pytest.mark.parametrize(
    ("after", "names_them"),
    [
        ("Make admin analytics effortless for every admin", True),  # "admin" names "admins"
        ("Make admin analytics effortless for site admins", True),
        ("Make analytics effortless for every user", False),
        ("Make analytics effortless for every administration", False),  # a whole word only
        ("Improve admin analytics for every admin", False),  # opens with an activity verb
    ],
)
def test_an_objective_names_a_beneficiary_by_its_words(after, names_them):
    item = {
        "id": "x-obj",
        "kind": "objective",
        "text": "Improve Admin Analytics",
        "accept": {"subjects": ["analytics"], "beneficiaries": ["admins", "site admins"]},
    }
    assert _judge(item, after, after, allowed=set())["checks"]["metric"] is names_them


def test_every_item_falls_in_one_fixed_half():
    ids = [
        item["id"]
        for item in load_yaml((EVALS / "rewrite-review" / "cases.yaml").read_text())["items"]
    ]
    halves = [half(i) for i in ids]
    assert set(halves) == {"tuning", "held-out"} and halves == [half(i) for i in ids]
    assert (halves.count("tuning"), halves.count("held-out")) == (60, 66)  # README's counts


def test_an_item_left_as_it_was_is_not_accepted():
    verdict = _judge(ITEM, None, None, allowed={"12"})
    assert verdict["checks"]["rewritten"] is False


def test_an_objective_stands_in_the_draft_as_its_document_had_it():
    objective = {
        "id": "o",
        "kind": "objective",
        "text": "Reduce TOIL",
        "line": "- Objective: Reduce TOIL",
    }
    text, where = _draft_text([objective])
    assert text.splitlines()[where["o"] - 1] == "- Objective: Reduce TOIL"


def test_two_items_of_a_draft_may_not_get_the_same_rewrite(tmp_path):
    """The offline rewriter on a draft of three different tasks gives three different rewrites,
    and the set's own distinctness check says so."""
    items = [
        {"id": f"t{i}", "kind": "key_result", "text": text, "objective": "Grow the docs",
         "quarter": "Q2", "accept": {}}
        for i, text in enumerate(
            ["Publish 12 new tutorials", "Migrate the docs site to the new static generator",
             "Run 4 docs sprints with the community"]
        )
    ]  # fmt: skip
    cases = tmp_path / "cases.yaml"
    cases.write_text(json.dumps({"items": items, "drafts": [{"items": ["t0", "t1", "t2"]}]}))
    judged = run(cases, Settings())
    afters = [j.after for j in judged]
    assert all(afters) and len(set(afters)) == 3
    assert all(j.checks["distinct"] for j in judged)


def test_totals_count_accepted_over_every_item_and_criteria_over_the_rewritten():
    judged = [
        Judged("a", "key_result", "x", "y", "offline", {"rewritten": True, "markup": True}),
        Judged("b", "key_result", "x", None, "unchanged", {"rewritten": False, "markup": False}),
    ]
    figures = totals(judged)
    assert (figures["items"], figures["accepted"], figures["rewritten"]) == (2, 0.5, 0.5)
    assert figures["markup"] == 1.0  # the unchanged item is not counted against the criteria


def test_coach_eval_review_offline_reports_the_sets_figures_and_meets_its_thresholds(tmp_path):
    root = tmp_path / "evals"
    shutil.copytree(EVALS / "rewrite-review", root / "rewrite-review")
    shutil.copy(EVALS / "thresholds.yaml", root / "thresholds.yaml")
    (root / "cases").mkdir()
    result = CliRunner().invoke(
        cli, ["eval", "--review", "--provider", "offline", "--evals", str(root), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    expected = totals(run(root / "rewrite-review" / "cases.yaml", Settings()))
    assert data["totals"] == expected
    assert data["totals"]["items"] == 126 and data["totals"]["invented_numbers"] == 0
    assert data["failures"] == []
    assert not (root / "results").exists()  # tracked results are written only when asked
    table = CliRunner().invoke(
        cli, ["eval", "--review", "--provider", "offline", "--evals", str(root)]
    )
    assert "rewrite review" in table.output and "thresholds: all met" in table.output


def test_coach_eval_review_replays_the_recorded_model_and_meets_its_thresholds():
    """The model run replays evals/rewrite-review/cassettes/ (no network: a request that was not
    recorded fails loudly), labelled with what recorded it."""
    result = CliRunner().invoke(
        cli, ["eval", "--review", "--provider", "model", "--evals", str(EVALS), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["run"]["recorded_with"]["model"] == "qwen2.5-coder-1.5b-instruct"
    assert data["totals"]["items"] == 126 and data["totals"]["invented_numbers"] == 0
    origins = {item["origin"].split(":")[0] for item in data["items"]}
    assert "model" in origins  # the model's own proposals are judged, not only the fallback
    assert data["failures"] == []


def test_the_tuning_script_writes_one_halfs_verdicts_and_its_summary(tmp_path):
    import runpy

    script = runpy.run_path(str(EVALS / "rewrite_review.py"))
    out = tmp_path / "tuning.txt"
    assert script["main"](["--half", "tuning", "--only", "kubo-", "--results", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    ids = re.findall(r"^(?:ok  |FAIL) (\S+)", text, re.M)
    assert ids and all(half(i) == "tuning" and i.startswith("kubo-") for i in ids)
    assert text.startswith("# offline rewriter at commit ") and "tuning half  accepted" in text
    assert "held-out half" not in text


def test_the_results_file_names_the_model_its_cassettes_replay(tmp_path):
    """The header said "offline rewriter" for a replay of the model's cassettes."""
    import runpy

    script = runpy.run_path(str(EVALS / "rewrite_review.py"))
    out = tmp_path / "model.txt"
    cassettes = EVALS / "rewrite-review" / "cassettes"
    argv = ["--only", "kubo-2018q4-kr-graphsync", "--cassettes", str(cassettes)]
    assert script["main"]([*argv, "--results", str(out)]) == 0
    recorded = json.loads((cassettes / "recorded_with.json").read_text("utf-8"))["model"]
    assert out.read_text("utf-8").startswith(f"# {recorded}, replayed from cassettes/ at commit ")


def test_a_replayed_request_that_was_not_recorded_stops_the_run(tmp_path):
    """Without the check the provider chain answered an unrecorded request with the offline
    rewriter (vcrpy refuses it inside the HTTP client, which reported a failed connection), and the figures were
    silently another run's."""
    import dataclasses

    from coach.config import ModelSettings
    from coach.errors import ConfigError

    name = "kubo-2018q4-kr-graphsync-prototype.yaml"
    recorded = load_yaml((EVALS / "rewrite-review" / "cassettes" / name).read_text("utf-8"))
    assert recorded["interactions"]  # the draft did ask the model
    (tmp_path / name).write_text(json.dumps({"interactions": [], "version": 1}), "utf-8")
    info = json.loads((EVALS / "rewrite-review" / "cassettes" / "recorded_with.json").read_text())
    settings = dataclasses.replace(
        Settings(),
        model=ModelSettings(model=info["model"], base_url=info["base_url"], mode=info["mode"]),
    )
    cases = EVALS / "rewrite-review" / "cases.yaml"
    with pytest.raises(ConfigError, match="not recorded; re-record it with --record --only"):
        run(cases, settings, only="kubo-2018q4-kr-graphsync", cassettes=tmp_path)
    shutil.copy(EVALS / "rewrite-review" / "cassettes" / name, tmp_path / name)
    judged = run(cases, settings, only="kubo-2018q4-kr-graphsync", cassettes=tmp_path)
    assert [j.id for j in judged] == ["kubo-2018q4-kr-graphsync-prototype"]


def test_the_tuning_script_replays_with_the_recorded_mode_whatever_the_environment(
    tmp_path, monkeypatch, capsys
):
    """Replayed with the settings of the environment (another mode, more attempts), the
    requests differ from the recorded ones and the replay stops; the script takes the model,
    mode and attempts from ``recorded_with.json``, as ``coach eval --review`` does."""
    import runpy

    monkeypatch.setenv("COACH_MODE", "json_schema")
    monkeypatch.setenv("COACH_MAX_ATTEMPTS", "3")
    script = runpy.run_path(str(EVALS / "rewrite_review.py"))
    cassettes = str(EVALS / "rewrite-review" / "cassettes")
    assert script["main"](["--only", "kubo-2018q4-kr-graphsync", "--cassettes", cassettes]) == 0
    assert "rewrites with an invented number: 0" in capsys.readouterr().out
    code = script["main"](["--only", "kubo-", "--cassettes", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 3 and err.count("\n") == 1
    assert err.startswith(f"rewrite_review.py: {tmp_path / 'recorded_with.json'}: no recorded")


def test_alternatives_judge_each_valid_offline_rewrite_and_the_first_is_the_runs(tmp_path):
    from coach.evals.review import alternatives

    item = {"id": "t", "kind": "key_result", "text": "Publish 12 new tutorials",
            "objective": "Grow the docs", "quarter": "Q2", "accept": {}}  # fmt: skip
    cases = tmp_path / "cases.yaml"
    cases.write_text(json.dumps({"items": [item]}))
    [found] = alternatives(cases, Settings())
    [judged] = run(cases, Settings())
    assert len(found.texts) >= 2 and found.texts[0] == judged.after
    assert found.accepted and all(found.each)  # no criteria: every rewrite passes

    # a metric word the run's rewrite lacks and a later alternative has: only that one passes
    words = [set(re.findall(r"[a-z]+", t.lower())) for t in found.texts]
    later = next(k for k in range(1, len(words)) if words[k] - words[0])
    item["accept"] = {"metric_families": [sorted(words[later] - words[0])[0]]}
    cases.write_text(json.dumps({"items": [item]}))
    [found] = alternatives(cases, Settings())
    assert not found.accepted and not found.each[0] and found.each[later] and found.some_accepted


def test_a_metric_abbreviation_the_rubric_knows_is_its_name():
    """ "Increase CTR from paid display ads" measures "click-through rate of paid display ads"
    (README rule b, "or an obvious synonym"; the rubric's own metric_synonyms.yaml)."""
    item = {
        "kind": "key_result",
        "accept": {"metric_families": ["click-through rate of paid display ads"]},
    }
    after = "Increase CTR from paid display ads from [baseline] to [target] by end of Q3"
    assert _judge(item, after, after, set())["checks"]["metric"]
    other = "Increase ACV from paid display ads from [baseline] to [target] by end of Q3"
    assert not _judge(item, other, other, set())["checks"]["metric"]
