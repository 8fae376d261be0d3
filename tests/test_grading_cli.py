"""``coach grade`` end to end: text and JSON output, charts, exit codes, bad files."""

from __future__ import annotations

import html
import json
import re
import struct
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli
from coach.grading import REMINDER

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "grading"
EXAMPLE = ["examples/okrs-q2.md", "--actuals", "examples/actuals-q2.yaml"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["grade", *args], input=input)


def test_text_output_of_the_example_matches_the_golden_file():
    result = run(*EXAMPLE)
    assert result.exit_code == 0, result.output
    golden = (FIXTURES / "okrs-q2.txt").read_text(encoding="utf-8")
    assert result.stdout == golden


def test_text_output_has_the_rule_the_team_score_and_the_reminder():
    out = run(*EXAMPLE).stdout
    assert "(62.5 − 45) / (70 − 45) = 0.70" in out
    assert "Team score 0.71 · Strong performance (0.7–0.9)" in out
    assert out.rstrip().endswith(REMINDER)


def test_json_output_follows_the_schema():
    result = run(*EXAMPLE, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["schema"], data["schema_version"]) == ("okr-coach/grade", "1")
    assert data["reminder"] == REMINDER
    assert (data["team"], data["quarter"], data["score"]) == ("Growth", "Q2 2026", 0.71)
    assert data["timeline"] == {
        "start": "2026-04-01",
        "end": "2026-06-30",
        "as_of": None,
        "phase": "quarter-end",
    }
    assert data["band"]["id"] == "strong"
    assert [o["score"] for o in data["objectives"]] == [0.56, 0.86]
    kr = data["objectives"][0]["key_results"][1]
    assert {k: kr[k] for k in ("label", "kind", "baseline", "target", "actual", "score")} == {
        "label": "O1.KR2",
        "kind": "decrease",
        "baseline": "3 days",
        "target": "1 day",
        "actual": "36 hours",
        "score": 0.75,
    }
    assert kr["rule"] == "(3 − 1.5) / (3 − 1) = 0.75"
    assert kr["messages"] == [{"level": "note", "text": "“36 hours” = 1.5 days"}]
    assert (kr["ambition"], kr["expected"], kr["met"]) == ("committed", 1.0, False)
    assert data["objectives"][1]["key_results"][0]["actual_source"] == "inline"


def test_mid_quarter_json_has_forecasts_and_at_risk_flags():
    args = ["examples/okrs-q2.md", "--checkins", "examples/checkins-q2.csv"]
    data = json.loads(run(*args, "--as-of", "2026-05-13", "--format", "json").stdout)
    assert data["timeline"]["phase"] == "mid-quarter"
    at_risk = [
        kr["label"]
        for o in data["objectives"]
        for kr in o["key_results"]
        if kr["forecast"] and kr["forecast"]["at_risk"]
    ]
    assert at_risk == ["O1.KR3", "O2.KR2"]
    assert data["forecast"] == 0.69


def test_history_flags_sandbagging(tmp_path):
    high = tmp_path / "q2.json"
    draft = tmp_path / "q2.md"
    draft.write_text(
        "---\nquarter: Q2 2026\n---\n## Objective: Make new users confident\n"
        "- Increase activation from 40% to 50% (actual 49.5%)\n",
        encoding="utf-8",
    )
    high.write_text(run(str(draft), "--format", "json").stdout, encoding="utf-8")
    history = sorted(str(p) for p in FIXTURES.glob("history-q*.json"))
    result = run(str(draft), "--history", *history)
    assert result.exit_code == 0, result.output
    assert "⚠ sandbagging: 4 consecutive quarters at 0.9 or more (Q3 2025 to Q2 2026)" in (
        result.stdout
    )
    repeated = run(str(draft), *[arg for path in history for arg in ("--history", path)])
    assert repeated.stdout == result.stdout


@pytest.mark.parametrize("flag", ["-o", "--output-file", "--output"])
def test_stdin_draft_and_output_file(tmp_path, flag):
    # --output-file as on check and batch; --output, its first name, still works
    target = tmp_path / "grades.txt"
    text = "## Objective: Keep customers\n- Reduce churn from 12% to 8% (actual 9%)\n"
    result = run("-", flag, str(target), input=text)
    assert result.exit_code == 0
    assert f"wrote {target}" in result.stderr
    assert "(12 − 9) / (12 − 8) = 0.75" in target.read_text(encoding="utf-8")


def test_chart_png_is_a_valid_png(tmp_path):
    chart = tmp_path / "grades.png"
    result = run(*EXAMPLE, "--chart", str(chart))
    assert result.exit_code == 0, result.output
    data = chart.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 800 and height >= 300
    assert len(data) > 20_000
    assert f"wrote {chart}" in result.stderr


def test_chart_html_is_self_contained(tmp_path):
    chart = tmp_path / "grades.html"
    args = ["examples/okrs-q2.md", "--checkins", "examples/checkins-q2.csv"]
    result = run(*args, "--as-of", "2026-05-13", "--chart", str(chart))
    assert result.exit_code == 0, result.output
    page = chart.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert html.unescape(page).count(REMINDER) == 1  # in the page, not again in the chart
    # the chart is inline SVG (nothing to fetch), with each key result's bar
    assert page.count("<svg") == 1 and 'id="judge-O1.KR2"' in page
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page)
    assert "default-src 'none'" in html.unescape(page)  # the page may fetch nothing
    # the one script is the packaged sorter, inline
    assert page.count("<script") == 1 and "<script src" not in page
    assert "Increase onboarding completion rate from 45% to 70% by end of Q2" in page
    assert "at risk" in page


def test_chart_svg_and_dpi(tmp_path):
    svg = tmp_path / "grades.svg"
    assert run(*EXAMPLE, "--chart", str(svg)).exit_code == 0
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text and 'id="judge-O1.KR2"' in text
    sizes = {}
    for dpi in ("72", "200"):
        png = tmp_path / f"grades-{dpi}.png"
        assert run(*EXAMPLE, "--chart", str(png), "--chart-dpi", dpi).exit_code == 0
        sizes[dpi] = struct.unpack(">II", png.read_bytes()[16:24])
    # the same figure at 200 dpi is 200/72 times as wide (give or take the tight bounding box)
    assert 2.6 < sizes["200"][0] / sizes["72"][0] < 2.95


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--chart", "grades.svg", "--chart-dpi", "200"],
         "coach: grades.svg: --chart-dpi sets a PNG's resolution; this chart is not .png\n"),
        (["--chart-dpi", "200"], "coach: --chart-dpi needs --chart FILE.png\n"),
    ],
)  # fmt: skip
def test_chart_dpi_only_for_a_png(tmp_path, args, message):
    result = run(*EXAMPLE, *args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert not Path("grades.svg").exists()


def test_chart_dpi_out_of_range_is_refused(tmp_path):
    result = run(*EXAMPLE, "--chart", str(tmp_path / "g.png"), "--chart-dpi", "5000")
    assert result.exit_code == 2
    assert not (tmp_path / "g.png").exists()


def test_html_chart_without_jinja2_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "jinja2", None)
    result = run(*EXAMPLE, "--chart", str(tmp_path / "grades.html"))
    assert result.exit_code == 3
    assert result.stderr == (
        "coach: --chart FILE.html needs jinja2, which is not installed: "
        "pip install 'okr-coach[charts]'\n"
    )
    assert not (tmp_path / "grades.html").exists()


def test_chart_without_matplotlib_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = run(*EXAMPLE, "--chart", str(tmp_path / "grades.png"))
    assert result.exit_code == 3
    assert result.stderr == (
        "coach: --chart needs matplotlib, which is not installed: pip install 'okr-coach[charts]'\n"
    )
    assert result.stdout == ""
    assert not (tmp_path / "grades.png").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.md"], "coach: nowhere.md: file not found\n"),
        (
            ["examples/okrs-q2.md", "--actuals", "nowhere.yaml"],
            "coach: nowhere.yaml: file not found\n",
        ),
        (
            ["examples/okrs-q2.md", "--actuals", "tests/fixtures/grading/malformed.yaml"],
            "coach: tests/fixtures/grading/malformed.yaml: malformed YAML at line 2: "
            "expected ',' or ']', but got ':'\n",
        ),
        (
            ["examples/okrs-q2.md", "--actuals", "tests/fixtures/grading/wrong-columns.csv"],
            "coach: tests/fixtures/grading/wrong-columns.csv: the CSV header has no key result "
            "column (one of: key_result, kr, key, label, metric, text)\n",
        ),
        (
            ["examples/okrs-q2.md", "--checkins", "tests/fixtures/grading/wrong-columns.csv"],
            "coach: tests/fixtures/grading/wrong-columns.csv: the CSV header has no date column "
            "(one of: date, day, as_of, checked_on)\n",
        ),
        (
            ["examples/okrs-q2.md", "--history", "tests/fixtures/grading/not-a-grade.json"],
            "coach: tests/fixtures/grading/not-a-grade.json: not a graded quarter (use a file "
            "written by `coach grade --format json`)\n",
        ),
        (
            ["examples/okrs-q2.md", "--chart", "grades.pdf"],
            "coach: grades.pdf: a chart must be a .png, .svg or .html file\n",
        ),
        (
            ["examples/okrs-q2.md", "examples/actuals-q2.yaml"],
            "coach: unexpected extra argument 'examples/actuals-q2.yaml' (FILE is one draft)\n",
        ),
    ],
)
def test_bad_files_are_one_line_and_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_a_bad_date_is_a_usage_error():
    result = run("examples/okrs-q2.md", "--as-of", "13/05/2026")
    assert result.exit_code == 2
    assert "Invalid value for '--as-of'" in result.stderr


def test_bad_data_inside_good_files_is_per_item_and_exit_0(tmp_path):
    actuals = tmp_path / "a.yaml"
    actuals.write_text("O1.KR1: $5k\nO1.KR2: lots\nnonsense: 3\n", encoding="utf-8")
    result = run("examples/okrs-q2.md", "--actuals", str(actuals))
    assert result.exit_code == 0
    assert "“$5k” is money, but the key result is measured in percent" in result.stdout
    assert "could not read “lots”" in result.stdout
    assert "actuals “nonsense”: “nonsense” matches no key result" in result.stdout
    assert "excluded from the averages (see their warnings): O1.KR1, O1.KR2" in result.stdout
