"""Renderers: unit tests on a hand-built report, and golden files from the real checker.

Regenerate the golden files with ``COACH_UPDATE_GOLDEN=1 pytest tests/test_render.py``
(see tests/golden/README.md) and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import SAMPLE_FINDINGS, SOURCE, make_report

from coach.render import FileError, RenderOptions, artifact_path, message_outline, rule_title
from coach.render.github import escape_data, escape_property, render_github
from coach.render.json_output import render_json
from coach.render.sarif import render_sarif
from coach.render.text import render_text

PLAIN = RenderOptions(version="9.9.9", width=100)

# ---- text ---------------------------------------------------------------------------------


def test_text_groups_findings_by_objective_with_draft_level_first(sample_report):
    lines = render_text([sample_report], options=PLAIN).splitlines()
    assert lines[:9] == [
        SOURCE,
        "  Whole draft",
        "     1:1  warning     OKR301  4 objectives, at most 3",
        "  O1 · line 6 · score 70 (good) · Make every new user feel confident within 7 days",
        '     9:3  error       OKR201  Key result is a task: "Ship the [new] checkout"',
        "                      fix: Name the change in user behaviour it should cause,"
        " from a baseline to a target.",
        "  O2 · line 12 · score 40 (weak) · Improve the dashboard",
        "    12:1  suggestion  OKR101  Objective, 100% an activity: rewrite",
        "",
    ]


def test_text_ends_with_five_row_scorecard_and_score_line(sample_report):
    lines = render_text([sample_report], options=PLAIN).splitlines()
    assert lines[-1] == "Score 62/100 (needs work) — 1 error, 1 warning, 1 suggestion"
    assert lines[-5].startswith("Other warnings of the guide")
    assert lines[-3].startswith("Objectives (mean score)")
    assert lines[-2].startswith("Whole-draft findings (half their cost)")
    rows = lines[-10:-5]
    assert [row.split()[0] for row in rows] == ["1.", "2.", "3.", "4.", "5."]
    assert rows[0].split()[-2:] == ["90", "1"]


def test_text_quiet_prints_only_the_summary_line_per_file(sample_report):
    out = render_text([sample_report, make_report()], options=RenderOptions(quiet=True))
    assert out == (
        f"{SOURCE}: Score 62/100 (needs work) — 1 error, 1 warning, 1 suggestion\n"
        f"{SOURCE}: Score 62/100 (needs work) — 0 errors, 0 warnings, 0 suggestions\n"
    )


def test_text_is_plain_without_color_and_ansi_with_color(sample_report):
    plain = render_text([sample_report], options=PLAIN)
    colored = render_text([sample_report], options=RenderOptions(color=True))
    assert "\x1b[" not in plain
    assert "\x1b[" in colored
    assert render_text([sample_report], options=PLAIN) == plain


def test_text_does_not_wrap_long_messages(sample_report):
    narrow = render_text([sample_report], options=RenderOptions(width=40))
    assert (
        '     9:3  error       OKR201  Key result is a task: "Ship the [new] checkout"\n' in narrow
    )


# ---- JSON ---------------------------------------------------------------------------------


def test_json_top_level_shape_and_order(sample_report):
    data = json.loads(render_json([sample_report], [FileError("x.md", "empty file")], PLAIN))
    assert list(data) == ["schema_version", "tool", "files", "errors"]
    assert data["schema_version"] == "1"
    assert data["tool"] == {"name": "okr-coach", "version": "9.9.9"}
    assert data["errors"] == [{"source": "x.md", "message": "empty file"}]
    (entry,) = data["files"]
    assert list(entry) == ["source", "meta", "findings", "counts", "scorecard", "draft"]
    assert entry["source"] == SOURCE
    assert entry["counts"] == {"error": 1, "warning": 1, "suggestion": 1}
    assert entry["findings"] == [f.to_json() for f in SAMPLE_FINDINGS]
    assert entry["scorecard"]["overall"] == 62
    assert entry["meta"]["team"] == "Growth"


def test_json_draft_carries_key_result_analysis(sample_report):
    draft = json.loads(render_json([sample_report], options=PLAIN))["files"][0]["draft"]
    kr = draft["objectives"][0]["key_results"][0]
    assert kr["label"] == "KR1"
    assert kr["ambition"] == "stretch"
    assert kr["position"] == {"line": 8, "column": 3, "end_line": None, "end_column": None}
    assert kr["analysis"]["metric"] == "onboarding completion rate"
    assert kr["analysis"]["direction"] == "unknown"
    assert draft["objectives"][0]["key_results"][1]["analysis"] is None


def test_json_is_indented_and_keeps_unicode():
    out = render_json([make_report(source="drafts/équipe.md")], options=PLAIN)
    assert out.startswith('{\n  "schema_version": "1",\n  "tool": {\n    "name": "okr-coach",')
    assert out.endswith("}\n")
    assert '"source": "drafts/équipe.md"' in out


# ---- SARIF --------------------------------------------------------------------------------

# The parts of the SARIF 2.1.0 schema we emit: allowed keys per object (additionalProperties is
# false for each of them in the schema) and the required ones.
SARIF_OBJECTS = {
    "log": ("$schema version runs inlineExternalProperties properties", "version runs"),
    "run": ("tool invocations results columnKind artifacts originalUriBaseIds properties", "tool"),
    "tool": ("driver extensions properties", "driver"),
    "driver": ("name version semanticVersion informationUri rules properties", "name"),
    "rule": (
        "id name shortDescription fullDescription help helpUri defaultConfiguration properties",
        "id",
    ),
    "message": ("text markdown id arguments properties", "text"),
    "result": ("ruleId ruleIndex kind level message locations properties", "message"),
    "location": ("physicalLocation message properties", ""),
    "physical": ("artifactLocation region properties", ""),
    "artifact": ("uri uriBaseId index properties", ""),
    "region": ("startLine startColumn endLine endColumn properties", ""),
    "invocation": (
        "executionSuccessful toolExecutionNotifications properties",
        "executionSuccessful",
    ),
    "notification": ("level message locations properties", "message"),
}
SARIF_LEVELS = {"none", "note", "warning", "error"}


def _shape(kind: str, obj: dict) -> None:
    allowed, required = (set(keys.split()) for keys in SARIF_OBJECTS[kind])
    assert isinstance(obj, dict), kind
    assert set(obj) <= allowed, (kind, set(obj) - allowed)
    assert required <= set(obj), (kind, required - set(obj))


def _location(location: dict) -> None:
    _shape("location", location)
    physical = location["physicalLocation"]
    _shape("physical", physical)
    _shape("artifact", physical["artifactLocation"])
    uri = physical["artifactLocation"]["uri"]
    assert " " not in uri and "\\" not in uri and not uri.startswith("/")
    if "region" in physical:
        _shape("region", physical["region"])
        assert all(isinstance(v, int) and v >= 1 for v in physical["region"].values())


def validate_sarif(log: dict) -> None:
    """A structural check against the key parts of the SARIF 2.1.0 schema."""
    _shape("log", log)
    assert log["version"] == "2.1.0"
    for run in log["runs"]:
        _shape("run", run)
        _shape("tool", run["tool"])
        driver = run["tool"]["driver"]
        _shape("driver", driver)
        rules = driver.get("rules", [])
        for rule in rules:
            _shape("rule", rule)
            for key in ("shortDescription", "fullDescription", "help"):
                if key in rule:
                    _shape("message", rule[key])
            assert rule["defaultConfiguration"]["level"] in SARIF_LEVELS
        assert len({rule["id"] for rule in rules}) == len(rules)
        for result in run.get("results", []):
            _shape("result", result)
            _shape("message", result["message"])
            assert result["level"] in SARIF_LEVELS
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            for location in result["locations"]:
                _location(location)
        for invocation in run.get("invocations", []):
            _shape("invocation", invocation)
            for note in invocation.get("toolExecutionNotifications", []):
                _shape("notification", note)
                for location in note.get("locations", []):
                    _location(location)


def test_sarif_is_structurally_valid(sample_report):
    log = json.loads(render_sarif([sample_report], [FileError("a b.md", "empty file")], PLAIN))
    validate_sarif(log)
    run = log["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["OKR101", "OKR201", "OKR301"]
    first = run["results"][0]
    assert (first["ruleId"], first["ruleIndex"], first["level"]) == ("OKR201", 1, "error")
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "drafts/growth%20q2.md"
    assert location["region"] == {"startLine": 9, "startColumn": 3}
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note"]


def test_sarif_takes_rule_metadata_from_the_rubric(sample_report):
    rule = {
        "id": "OKR201",
        "name": "output-as-key-result",
        "level": "error",
        "message": "Key result is an output (“{match}”), not an outcome",
        "why": "Outputs measure activity.",
        "fix": "Measure the change it causes.",
        "guide_rule": 2,
        "link": "https://example.org/okr201",
    }
    options = RenderOptions(version="9.9.9", rules={"OKR201": rule})
    driver = json.loads(render_sarif([sample_report], options=options))["runs"][0]["tool"]["driver"]
    assert driver["rules"][1] == {
        "id": "OKR201",
        "name": "output-as-key-result",
        "shortDescription": {"text": "Output as key result"},
        "fullDescription": {"text": "Outputs measure activity."},
        "help": {"text": "Measure the change it causes."},
        "helpUri": "https://example.org/okr201",
        "defaultConfiguration": {"level": "error"},
        "properties": {"guide_rule": 2},
    }
    assert driver["version"] == "9.9.9"


@pytest.mark.parametrize(
    ("template", "outline"),
    [
        ("{count} objectives; at most {limit}{note}. More", "… objectives; at most …. More"),
        ("Objective describes an activity (“{match} …”)", "Objective describes an activity (“…”)"),
        ("No placeholders here.", "No placeholders here."),
    ],
)
def test_message_outline(template, outline):
    assert message_outline(template) == outline
    assert rule_title("output-as-key-result") == "Output as key result"


def test_artifact_path_is_relative_inside_base_with_forward_slashes(tmp_path):
    assert artifact_path(str(tmp_path / "team" / "q2.md"), base=tmp_path) == "team/q2.md"
    assert artifact_path("team\\q2.md") == "team/q2.md"
    outside = str(tmp_path.parent / "elsewhere.md")
    assert artifact_path(outside, base=tmp_path) == Path(outside).as_posix()


# ---- GitHub -------------------------------------------------------------------------------


def test_github_annotations(sample_report):
    lines = render_github([sample_report], [FileError("gone.md", "file not found")]).splitlines()
    assert lines == [
        "::error file=gone.md,title=cannot check file::file not found",
        "::warning file=drafts/growth q2.md,line=1,col=1,"
        "title=OKR301 too-many-objectives::4 objectives, at most 3",
        "::error file=drafts/growth q2.md,line=9,col=3,title=OKR201 output-as-key-result::"
        'Key result is a task: "Ship the [new] checkout"%0Afix: Name the change in user'
        " behaviour it should cause, from a baseline to a target.",
        "::notice file=drafts/growth q2.md,line=12,col=1,endLine=12,endColumn=22,"
        "title=OKR101 objective-is-activity::Objective, 100%25 an activity: rewrite",
    ]


def test_github_escaping():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


# ---- golden files from the real checker ---------------------------------------------------

GOLDEN = Path(__file__).parent / "golden"
INPUTS = sorted(p.name for p in (GOLDEN / "inputs").iterdir())
RENDERERS = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
}
GOLDEN_VERSION = "0.0.0+golden"
"""A fixed version in golden output, so a release does not change every expected file."""


@pytest.fixture(scope="module")
def golden_reports():
    """Each input checked once by the real parser and checker with default settings."""
    from coach import check, load_draft
    from coach.config import Settings
    from coach.rubric import load_rubric

    settings = Settings()
    cwd = os.getcwd()
    os.chdir(GOLDEN)  # sources print as "inputs/<name>" wherever pytest runs
    try:
        reports = {name: check(load_draft(f"inputs/{name}"), settings) for name in INPUTS}
    finally:
        os.chdir(cwd)
    rules = {rule.id: rule for rule in load_rubric(settings).rules}
    return reports, rules


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
@pytest.mark.parametrize("name", INPUTS)
def test_golden(golden_reports, name, fmt):
    reports, rules = golden_reports
    options = RenderOptions(version=GOLDEN_VERSION, width=100, rules=rules)
    actual = RENDERERS[fmt]([reports[name]], [], options)
    expected_file = GOLDEN / "expected" / f"{name}.{fmt}"
    if os.environ.get("COACH_UPDATE_GOLDEN") == "1":
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.is_file(), f"missing {expected_file}; run COACH_UPDATE_GOLDEN=1 pytest"
    assert actual == expected_file.read_text(encoding="utf-8")
    if fmt == "sarif":
        validate_sarif(json.loads(actual))
