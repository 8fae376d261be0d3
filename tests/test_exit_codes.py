"""No user mistake is an internal error (exit 70): each gets one line naming the file or the
setting, and the documented exit code (docs/exit-codes.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli
from coach.errors import EXIT_CONFIG, EXIT_INPUT

ROOT = Path(__file__).resolve().parent.parent
HUGE = "9" * 5000  # over Python's 4300-digit limit for reading an int
DRAFT = """\
---
team: Growth
quarter: Q2 2026
---
## Objective: Make every new user feel confident within their first week
- KR1: Increase activation from 20% to 40% by end of Q2 [stretch]
- KR2: Reduce time to first value from 3 days to 1 day (committed)
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in (
        "COACH_SELECT",
        "COACH_IGNORE",
        "COACH_FAIL_ON",
        "COACH_MODEL",
        "OPENAI_BASE_URL",
        "OPENAI_API_KEY",
        "NO_COLOR",
    ):
        monkeypatch.delenv(name, raising=False)
    Path("draft.md").write_text(DRAFT, encoding="utf-8")


def write(name: str, content: str) -> str:
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    Path(name).write_text(content, encoding="utf-8")
    return name


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def assert_one_line(result, code: int, *names: str) -> str:
    """The exit code, one ``coach: …`` line on stderr naming each of ``names``, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("coach: ")
    assert "internal error" not in lines[0] and "Traceback" not in result.output
    for name in names:
        assert name in lines[0], (name, lines[0])
    return lines[0]


# ---- impossible dates ----------------------------------------------------------------------


def test_impossible_date_in_front_matter():
    write("bad.md", DRAFT.replace("quarter: Q2 2026", "quarter: 2026-02-31"))
    line = assert_one_line(run("check", "bad.md"), EXIT_INPUT, "bad.md", "2026-02-31", "line 3")
    assert "invalid date" in line


def test_impossible_date_in_metrics():
    write("metrics.yaml", "activation: 20%\nas_of: 2026-02-31\n")
    result = run("rewrite", "draft.md", "--metrics", "metrics.yaml")
    assert_one_line(result, EXIT_INPUT, "metrics.yaml", "2026-02-31", "line 2")


def test_impossible_date_in_actuals():
    write("actuals.yaml", "O1.KR1: 2026-02-31\n")
    result = run("grade", "draft.md", "--actuals", "actuals.yaml")
    assert_one_line(result, EXIT_INPUT, "actuals.yaml", "2026-02-31")


def test_impossible_date_in_yaml_checkins():
    write("checkins.yaml", "checkins:\n- date: 2026-02-31\n  key_result: O1.KR1\n  value: 25%\n")
    result = run("grade", "draft.md", "--checkins", "checkins.yaml")
    assert_one_line(result, EXIT_INPUT, "checkins.yaml", "2026-02-31")


def test_impossible_date_in_eval_case_file(tmp_path):
    write("ev/cases/c.yaml", "cases:\n- {id: a, kind: key_result, text: x, when: 2026-02-31}\n")
    result = run("eval", "--provider", "offline", "--evals", "ev")
    assert_one_line(result, EXIT_INPUT, "c.yaml", "2026-02-31")


# ---- integers over the digit limit ---------------------------------------------------------


def test_huge_integer_in_front_matter():
    write("bad.md", DRAFT.replace("team: Growth", f"team: {HUGE}"))
    assert_one_line(run("check", "bad.md"), EXIT_INPUT, "bad.md", "5000 digits")


def test_huge_integer_in_a_json_draft():
    write("bad.json", f'{{"objectives": [{{"text": "Grow", "n": {HUGE}, "key_results": []}}]}}')
    assert_one_line(run("check", "bad.json"), EXIT_INPUT, "bad.json", "invalid JSON", "digits")


def test_huge_integer_in_a_markdown_key_result_is_checked_and_graded():
    write("big.md", DRAFT.replace("from 20% to 40%", f"from 20% to {HUGE}%"))
    assert run("check", "big.md", "--fail-on", "never").exit_code == 0
    write("actuals.yaml", "O1.KR1: 30%\n")
    result = run("grade", "big.md", "--actuals", "actuals.yaml")
    assert result.exit_code == 0, result.output
    assert "too large to grade" in result.stdout


def test_huge_integer_in_a_key_result_is_null_in_json_output():
    # found posting such a draft to `coach serve`: the number is inf, which /v1/check could
    # not encode (a 500) and `coach check --format json` wrote as `Infinity`, not JSON
    write("big.md", DRAFT.replace("from 20% to 40%", f"from 20% to {HUGE}%"))
    result = run("check", "big.md", "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout, parse_constant=lambda name: pytest.fail(name))
    [kr] = [
        kr
        for o in document["files"][0]["draft"]["objectives"]
        for kr in o["key_results"]
        if kr["text"].startswith("Increase activation from 20% to 999")
    ]
    target = kr["analysis"]["target"]
    assert target["value"] is None and target["raw"].startswith("9" * 400)


def test_huge_integer_in_metrics():
    write("metrics.yaml", f"activation: {HUGE}\n")
    result = run("rewrite", "draft.md", "--metrics", "metrics.yaml")
    assert_one_line(result, EXIT_INPUT, "metrics.yaml", "5000 digits")


def test_huge_integer_in_yaml_actuals():
    write("actuals.yaml", f"O1.KR1: {HUGE}\n")
    result = run("grade", "draft.md", "--actuals", "actuals.yaml")
    assert_one_line(result, EXIT_INPUT, "actuals.yaml", "5000 digits")


def test_huge_number_in_csv_actuals_is_an_unreadable_value():
    write("actuals.csv", f"key_result,actual\nO1.KR1,{HUGE}\n")
    result = run("grade", "draft.md", "--actuals", "actuals.csv")
    assert result.exit_code == 0, result.output
    assert "could not read" in result.stdout


def test_huge_integer_in_history():
    write("past.json", f'{{"schema": "x", "score": {HUGE}}}')
    result = run("grade", "draft.md", "--history", "past.json")
    assert_one_line(result, EXIT_INPUT, "past.json", "digits")


def test_huge_integer_in_config():
    write(".coach.toml", f"[limits]\nmax_objectives = {HUGE}\n")
    assert_one_line(run("check", "draft.md"), EXIT_CONFIG, ".coach.toml", "too long")


# ---- lone surrogates -----------------------------------------------------------------------


def test_lone_surrogate_in_a_json_draft():
    write("bad.json", '{"objectives": [{"text": "Grow \\ud800", "key_results": ["x"]}]}')
    line = assert_one_line(run("check", "bad.json", "--format", "json"), EXIT_INPUT, "bad.json")
    assert "lone surrogate" in line


def test_surrogate_pairs_in_a_json_draft_are_fine():
    draft = {
        "objectives": [
            {
                # inside the text: an emoji that ends an item is its mark, not part of the text
                "text": "Make every new user feel \\ud83d\\ude00 confident",
                "key_results": ["Increase activation from 20% to 40% by end of Q2"],
            }
        ]
    }
    write("ok.json", json.dumps(draft).replace("\\\\", "\\"))
    result = run("check", "ok.json", "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert "😀" in json.loads(result.stdout)["files"][0]["draft"]["objectives"][0]["text"]


def test_lone_surrogate_in_history():
    write("past.json", '{"schema": "x", "quarter": "\\udc00"}')
    result = run("grade", "draft.md", "--history", "past.json")
    assert_one_line(result, EXIT_INPUT, "past.json", "lone surrogate")


# ---- wrong types in config and history ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        (".coach.toml", "model = 3\n", "'model'"),
        (".coach.toml", 'model = "gpt-4o"\n', "'model'"),
        (".coach.toml", "limits = 5\n", "'limits'"),
        (".coach.toml", "[model]\ntimeout = 'soon'\n", "model.timeout"),
        ("pyproject.toml", "[tool]\ncoach = 3\n", "[tool.coach] must be a table"),
        ("pyproject.toml", '[tool]\ncoach = ["x"]\n', "[tool.coach] must be a table"),
    ],
)
def test_wrong_types_in_config(name, content, says):
    write(name, content)
    assert_one_line(run("check", "draft.md"), EXIT_CONFIG, name, says)


@pytest.mark.parametrize(
    ("given", "origin"),
    [
        ({"name": ".coach.toml", "content": 'fail_on = "nevr"\n'}, ".coach.toml"),
        ({"env": {"COACH_FAIL_ON": "nevr"}}, "COACH_FAIL_ON"),
    ],
)
def test_a_bad_fail_on_names_every_value_it_may_take(given, origin):
    # found misspelling "never": the message listed 'error', 'warning' or 'suggestion' only,
    # as if "never" (docs/exit-codes.md, --fail-on never) were not a value
    if "name" in given:
        write(given["name"], given["content"])
    line = assert_one_line(run("check", "draft.md", env=given.get("env")), EXIT_CONFIG, origin)
    assert "'suggestion' or 'never'" in line


def test_a_pyproject_whose_tool_is_not_a_table_is_not_a_coach_config():
    write("pyproject.toml", "tool = 3\n")
    assert run("check", "draft.md", "--fail-on", "never").exit_code == 0


@pytest.fixture
def graded_json() -> dict:
    result = run("grade", "draft.md", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("quarter", 5, "the quarter 5"),
        ("quarter", ["Q1"], "the quarter"),
        ("score", "high", "the team score"),
        ("score", True, "the team score"),
        ("score", 7, "from 0 to 1"),
    ],
)
def test_wrong_types_in_history(graded_json, field, value, says):
    graded_json[field] = value
    write("past.json", json.dumps(graded_json))
    result = run("grade", "draft.md", "--history", "past.json")
    assert_one_line(result, EXIT_INPUT, "past.json", says)


def test_nan_score_in_history(graded_json):
    graded_json["score"] = float("nan")
    write("past.json", json.dumps(graded_json))
    assert "NaN" in Path("past.json").read_text(encoding="utf-8")
    result = run("grade", "draft.md", "--history", "past.json")
    assert_one_line(result, EXIT_INPUT, "past.json", "the team score nan")


# ---- coach eval case files -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("cases: 3\n", "expected a mapping with a 'cases:' list"),
        ("- 1\n- 2\n", "expected a mapping with a 'cases:' list"),
        ("cases: [3]\n", "a case is not a mapping"),
        ("cases: [{id: a, kind: bogus, text: x}]\n", "kind must be one of"),
        ("cases: [{id: a, kind: key_result}]\n", "malformed case"),
        ('cases: ["unclosed\n', "invalid YAML"),
    ],
)
def test_bad_eval_case_files(content, says):
    write("ev/cases/c.yaml", content)
    result = run("eval", "--provider", "offline", "--evals", "ev")
    assert_one_line(result, EXIT_INPUT, "c.yaml", says)


@pytest.mark.parametrize("content", ["", "\n", "cases:\n", "cases: []\n", "{}\n"])
def test_eval_case_files_with_no_case_are_an_error(content):
    # found running `coach eval` on a folder whose case file was empty: 0 cases, an empty
    # table, "thresholds: all met" and exit 0 - a CI gate that passes with nothing measured
    write("ev/cases/c.yaml", content)
    result = run("eval", "--provider", "offline", "--evals", "ev")
    assert_one_line(result, EXIT_INPUT, "ev/cases", "no eval cases")


def test_eval_only_with_no_match_is_an_error():
    shutil.copytree(ROOT / "evals" / "cases", "ev/cases")
    result = run("eval", "--provider", "offline", "--evals", "ev", "--only", "no-such-case")
    assert_one_line(result, EXIT_INPUT, "--only", "no-such-case")


# ---- malformed base URL --------------------------------------------------------------------


MODEL_ENV = {"COACH_MODEL": "m", "OPENAI_API_KEY": "not-a-key"}


@pytest.mark.parametrize("url", ["http://[::1", "http://host:port/v1"])
def test_malformed_base_url_in_the_environment(url):
    result = run("rewrite", "draft.md", env={**MODEL_ENV, "OPENAI_BASE_URL": url})
    assert_one_line(result, EXIT_CONFIG, "OPENAI_BASE_URL", "model.base_url")


@pytest.mark.parametrize("url", ["ht!tp://", "localhost:8080", "http://[::1"])
def test_malformed_base_url_flag(url):
    result = run("rewrite", "draft.md", "--base-url", url, env=MODEL_ENV)
    assert_one_line(result, EXIT_INPUT, "--base-url", repr(url))


def test_malformed_base_url_in_config():
    write(".coach.toml", '[model]\nbase_url = "http://[::1"\n')
    result = run("rewrite", "draft.md", "--show-prompt")
    assert_one_line(result, EXIT_CONFIG, ".coach.toml", "model.base_url")


def test_a_good_base_url_is_accepted():
    url = "http://[::1]:8080/v1"
    result = run("rewrite", "draft.md", "--show-prompt", "--base-url", url, env=MODEL_ENV)
    assert result.exit_code == 0, result.output
    assert "would be sent to m at http://[::1]:8080/v1" in result.stdout


# ---- limits --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limits", "says"),
    [
        ("max_file_bytes = 0", "limits.max_file_bytes"),
        ("max_file_bytes = -5", "limits.max_file_bytes"),
        ("max_objectives = 0", "limits.max_objectives"),
        ("min_key_results = 5\nmax_key_results = 2", "min_key_results (5) is over"),
    ],
)
def test_limits_are_validated(limits, says):
    write(".coach.toml", f"[limits]\n{limits}\n")
    for command in (["check", "draft.md"], ["grade", "draft.md"], ["rewrite", "draft.md"]):
        assert_one_line(run(*command), EXIT_CONFIG, ".coach.toml", says)


def test_grade_honours_the_config_file():
    write("team/.coach.toml", "[limits]\nmax_file_bytes = 100\n")
    write("team/draft.md", DRAFT)
    result = run("grade", "team/draft.md")
    assert_one_line(result, EXIT_INPUT, "team/draft.md", "over the limit of 100 bytes")
    write("team/actuals.yaml", "O1.KR1: 30%\n" + "# padding\n" * 20)
    write("small.md", "## Objective: Grow\n- KR1: Increase signups from 1 to 2\n")
    result = run(
        "grade", "small.md", "--config", "team/.coach.toml", "--actuals", "team/actuals.yaml"
    )
    assert_one_line(result, EXIT_INPUT, "team/actuals.yaml", "over the limit of 100 bytes")


def test_grade_with_a_missing_config_file():
    result = run("grade", "draft.md", "--config", "nowhere.toml")
    assert_one_line(result, EXIT_CONFIG, "nowhere.toml", "not found")


@pytest.mark.parametrize("text", ['a: "\\ud800"', "a: 2026-02-30", f"a: {HUGE}", f"a: -{HUGE}"])
def test_strict_yaml_loaders_raise_yaml_errors_with_a_line(text):
    import yaml

    from coach.yamlsafe import StrictLoader, load_yaml

    for load in (load_yaml, lambda t: yaml.load(t, Loader=StrictLoader)):
        with pytest.raises(yaml.YAMLError) as caught:
            load(text)
        assert caught.value.problem_mark.line == 0
