"""The ``coach`` command line, end to end through click's CliRunner, on the real checker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import coach.cli
import coach.service
from coach import __version__
from coach.cli import cli
from coach.errors import ModelError

GOOD = """\
## O1: Make every new user feel confident and capable within their first 7 days

- KR1: Increase onboarding completion rate from 45% to 70% by end of Q2 (stretch)
- KR2: Raise 7-day retention of new users from 38% to 45% by end of Q2 (committed)
- KR3: Reduce median time to first project from 3 days to 1 day by end of Q2 (committed)
"""

TASK = """\
## O1: Make every new user feel confident and capable within their first 7 days

- KR1: Launch the new onboarding flow by Week 6
- KR2: Increase onboarding completion rate from 45% to 70% by end of Q2 (stretch)
- KR3: Raise 7-day retention of new users from 38% to 45% by end of Q2 (committed)
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Run in an empty folder with no COACH_* variables, so no settings leak in."""
    monkeypatch.chdir(tmp_path)
    for name in ("COACH_SELECT", "COACH_IGNORE", "COACH_FAIL_ON", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def write(name: str, content: str | bytes) -> str:
    path = Path(name)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return name


def findings(result) -> list[dict]:
    return json.loads(result.stdout)["files"][0]["findings"]


def rule_ids(result) -> set[str]:
    return {f["rule_id"] for f in findings(result)}


def assert_one_error_line(result, exit_code: int, starts: str) -> str:
    assert result.exit_code == exit_code, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(starts), lines[0]
    assert "Traceback" not in result.stderr
    return lines[0]


# ---- exit codes ---------------------------------------------------------------------------


def test_version():
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"okr-coach, version {__version__}\n")


def test_good_draft_exits_0():
    result = run("check", write("good.md", GOOD), "--format", "json")
    assert result.exit_code == 0, result.output
    assert [f for f in findings(result) if f["level"] == "error"] == []
    assert result.stderr == ""


def test_task_key_result_is_an_error_and_exits_1():
    result = run("check", write("task.md", TASK), "--format", "json")
    assert result.exit_code == 1
    (okr201,) = [f for f in findings(result) if f["rule_id"] == "OKR201"]
    assert (okr201["level"], okr201["line"], okr201["path"]) == (
        "error",
        3,
        "objectives[0].key_results[0]",
    )


def test_fail_on_never_exits_0_even_with_errors():
    assert run("check", write("task.md", TASK), "--fail-on", "never").exit_code == 0


def test_fail_on_warning_counts_warnings(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.coach.levels]\nOKR201 = "warning"\n')
    write("task.md", TASK)
    assert run("check", "task.md", "--select", "OKR201").exit_code == 0
    assert run("check", "task.md", "--select", "OKR201", "--fail-on", "warning").exit_code == 1
    assert run("check", "task.md", "--select", "OKR201", "--fail-on", "error").exit_code == 0


def test_usage_errors_exit_2():
    assert run("check").exit_code == 2
    assert run("check", "x.md", "--format", "xml").exit_code == 2
    assert run("check", "x.md", "--fail-on", "sometimes").exit_code == 2


def test_missing_config_file_exits_3():
    result = run("check", write("good.md", GOOD), "--config", "nowhere.toml")
    line = assert_one_error_line(result, 3, "coach: nowhere.toml: ")
    assert line == "coach: nowhere.toml: configuration file not found"


def test_invalid_setting_in_pyproject_exits_3(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.coach]\nfail_on = "sometimes"\n')
    result = run("check", write("good.md", GOOD))
    assert_one_error_line(result, 3, "coach: ")
    assert "pyproject.toml" in result.stderr and "fail_on" in result.stderr


def test_level_override_for_an_unknown_rule_exits_3(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.coach.levels]\nOKR999 = "warning"\n')
    result = run("check", write("good.md", GOOD))
    assert "OKR999" in assert_one_error_line(result, 3, "coach: ")


def test_explicit_config_file_is_used(tmp_path):
    (tmp_path / "strict.toml").write_text('select = ["OKR201"]\nfail_on = "never"\n')
    result = run("check", write("task.md", TASK), "--config", "strict.toml", "--format", "json")
    assert result.exit_code == 0
    assert rule_ids(result) == {"OKR201"}


def test_model_error_exits_4(monkeypatch):
    def unreachable(draft, settings):
        raise ModelError("no model at http://127.0.0.1:9/v1 (check COACH_BASE_URL)")

    monkeypatch.setattr(coach.service.checking, "check", unreachable)
    result = run("check", write("good.md", GOOD))
    assert result.exit_code == 4
    assert result.stderr == "coach: no model at http://127.0.0.1:9/v1 (check COACH_BASE_URL)\n"


def _crash(draft, settings):
    raise RuntimeError("boom")


def test_unexpected_exception_is_one_line_and_exits_70(monkeypatch):
    monkeypatch.setattr(coach.service.checking, "check", _crash)
    result = run("check", write("good.md", GOOD))
    assert result.exit_code == 70
    assert result.stderr == (
        "coach: internal error: RuntimeError: boom (run with --debug for the traceback)\n"
    )


def test_debug_shows_the_traceback(monkeypatch):
    monkeypatch.setattr(coach.service.checking, "check", _crash)
    result = run("--debug", "check", write("good.md", GOOD))
    assert result.exit_code == 70
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert 'raise RuntimeError("boom")' in result.stderr
    assert result.stderr.splitlines()[-1].startswith("coach: internal error: RuntimeError: boom")


# ---- bad input: exit 2, one line naming the file ------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("", id="empty"),
        pytest.param("   \n\n", id="blank"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", id="binary"),
        pytest.param(b"## O1: Delight caf\xe9 owners\n\n- KR1: Grow \xff\n", id="invalid-utf8"),
        pytest.param("Notes from the offsite. We talked about the weather.\n", id="no-okrs"),
    ],
)
def test_unreadable_draft_exits_2_with_one_line(content):
    result = run("check", write("draft.md", content))
    assert_one_error_line(result, 2, "coach: draft.md: ")


def test_missing_file_exits_2():
    assert_one_error_line(run("check", "missing.md"), 2, "coach: missing.md: ")


def test_directory_exits_2(tmp_path):
    (tmp_path / "drafts").mkdir()
    assert_one_error_line(run("check", "drafts"), 2, "coach: drafts: ")


def test_file_over_the_size_limit_exits_2(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.coach.limits]\nmax_file_bytes = 100\n")
    result = run("check", write("big.md", GOOD))
    assert len(GOOD.encode()) > 100
    assert_one_error_line(result, 2, "coach: big.md: ")


def test_several_files_one_bad_checks_the_others():
    write("good.md", GOOD)
    write("task.md", TASK)
    result = run("check", "good.md", "missing.md", "task.md", "--format", "json")
    assert_one_error_line(result, 2, "coach: missing.md: ")
    data = json.loads(result.stdout)
    assert [f["source"] for f in data["files"]] == ["good.md", "task.md"]
    assert [e["source"] for e in data["errors"]] == ["missing.md"]


def test_several_files_exit_with_the_worst():
    write("good.md", GOOD)
    write("task.md", TASK)
    assert run("check", "good.md", "good.md").exit_code == 0
    assert run("check", "good.md", "task.md").exit_code == 1


# ---- stdin --------------------------------------------------------------------------------


def test_dash_reads_stdin():
    result = run("check", "-", "--format", "json", input=TASK)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["files"][0]["source"] == "<stdin>"
    assert "OKR201" in rule_ids(result)


def test_stdin_that_is_not_utf8_exits_2():
    result = run("check", "-", input=b"## O1: caf\xe9 owners\n")
    line = assert_one_error_line(result, 2, "coach: <stdin>: ")
    assert "UTF-8" in line


# ---- rule selection and configuration -----------------------------------------------------


def test_select_and_ignore():
    write("task.md", TASK)
    assert rule_ids(run("check", "task.md", "--format", "json", "--select", "OKR201")) == {"OKR201"}
    ignored = run("check", "task.md", "--format", "json", "--ignore", "okr2")
    assert not any(rule.startswith("OKR2") for rule in rule_ids(ignored))


def test_pyproject_select_ignore_and_levels_are_honoured(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.coach]\nselect = ["OKR2"]\nignore = ["OKR202"]\n'
        '[tool.coach.levels]\nOKR201 = "suggestion"\n'
    )
    result = run("check", write("task.md", TASK), "--format", "json")
    found = findings(result)
    assert found and all(f["rule_id"].startswith("OKR2") for f in found)
    assert "OKR202" not in rule_ids(result)
    assert {f["level"] for f in found if f["rule_id"] == "OKR201"} == {"suggestion"}


def test_flags_override_the_config_file(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.coach]\nfail_on = "never"\n')
    write("task.md", TASK)
    assert run("check", "task.md").exit_code == 0
    assert run("check", "task.md", "--fail-on", "error").exit_code == 1


# ---- output -------------------------------------------------------------------------------


def test_text_output_names_the_file_and_ends_with_the_score_line():
    result = run("check", write("task.md", TASK), "--no-color")
    lines = result.stdout.splitlines()
    assert lines[0] == "task.md"
    assert lines[-1].startswith("Score ") and "/100 (" in lines[-1]
    assert "\x1b[" not in result.stdout


def test_quiet_prints_one_summary_line():
    result = run("check", write("task.md", TASK), "--quiet")
    assert len(result.stdout.splitlines()) == 1
    assert result.stdout.startswith("task.md: Score ")


def test_github_format():
    result = run("check", write("task.md", TASK), "--format", "github")
    assert "::error file=task.md,line=3,col=" in result.stdout
    assert all(line.startswith("::") for line in result.stdout.splitlines())


def test_sarif_format_carries_rubric_rule_metadata():
    result = run("check", write("task.md", TASK), "--format", "sarif")
    driver = json.loads(result.stdout)["runs"][0]["tool"]["driver"]
    okr201 = next(rule for rule in driver["rules"] if rule["id"] == "OKR201")
    assert okr201["name"] == "output-as-key-result"
    assert okr201["fullDescription"]["text"]  # the rule's "why"


# ---- coach rules --------------------------------------------------------------------------


def _rubric_rule(rule_id: str):
    from coach.config import Settings
    from coach.rubric import load_rubric

    return load_rubric(Settings()).get(rule_id)


def test_rules_plain_lists_every_rule_one_a_line():
    result = run("rules", "--format", "plain")
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert all(len(row) == 5 for row in rows)
    assert ["OKR201", "output-as-key-result", "error", "key_result", "2"] in rows
    ids = [row[0] for row in rows]
    assert len(ids) == len(set(ids))


def test_rules_table_and_json_agree():
    table = run("rules", "--no-color").stdout
    rules = json.loads(run("rules", "--format", "json").stdout)["rules"]
    assert all(rule["id"] in table and rule["name"] in table for rule in rules)
    okr201 = next(rule for rule in rules if rule["id"] == "OKR201")
    assert okr201["examples"]["weak"] and okr201["examples"]["strong"]


@pytest.mark.parametrize("key", ["OKR201", "okr201", "output-as-key-result"])
def test_rules_explain(key):
    result = run("rules", "explain", key)
    assert result.exit_code == 0
    rule = _rubric_rule("OKR201")
    lines = result.stdout.splitlines()
    assert lines[0] == "OKR201 output-as-key-result"
    assert lines[1] == "Level: error · applies to: key_result · guide rule 2"
    for heading in ("Why", "Fix", "Weak examples (fire this rule)", "Strong examples (pass)"):
        assert heading in lines
    flat = " ".join(result.stdout.split())
    for example in [*rule.examples.weak, *rule.examples.strong]:
        assert " ".join(example.split()) in flat


def test_rules_explain_unknown_id_exits_2():
    result = run("rules", "explain", "OKR999")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "coach: unknown rule 'OKR999' (run `coach rules` to list the rules)\n"


def test_a_misspelt_command_gets_one_suggestion():
    result = CliRunner().invoke(coach.cli.cli, ["chek"])
    assert result.exit_code == 2
    assert result.output.count("Did you mean 'check'?") == 1


@pytest.mark.parametrize("name", list(coach.cli.COMMANDS))
def test_usage_lines_name_only_what_a_user_types(name):
    """A hidden argument (``coach grade`` takes the files after ``--history a.json`` through
    one) is left out of the usage line, as it is of help's list: it read "FILE []"."""
    result = CliRunner().invoke(cli, [name, "--help"], prog_name="coach", terminal_width=200)
    assert result.exit_code == 0, result.output
    usage = result.output.splitlines()[0]
    assert usage.startswith(f"Usage: coach {name} ")
    assert "[]" not in usage and not usage.endswith(" ")


def test_grade_usage_is_options_and_one_file():
    result = CliRunner().invoke(cli, ["grade", "--help"], prog_name="coach", terminal_width=200)
    assert result.output.splitlines()[0] == "Usage: coach grade [OPTIONS] FILE"
    assert "--history" in result.output
