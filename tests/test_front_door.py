"""The CLI people expect (ruff, Vale, markdownlint-cli2): folders, globs, include/exclude,
per-file config, --stdin-filename, coach config, --format concise, --statistics, -o, --color;
and the service under it (coach.service)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli
from coach.config import Settings
from coach.service import SettingsResolver, check_paths, exit_code, expand_paths

TASK = """\
## O1: Make every new user feel confident and capable within their first 7 days

- KR1: Launch the new onboarding flow by Week 6
- KR2: Increase onboarding completion rate from 45% to 70% by end of Q2 (stretch)
- KR3: Raise 7-day retention of new users from 38% to 45% by end of Q2 (committed)
"""
LABELS = "objectives:\n  - line: 1\n    text: Make every new user feel confident\n"
OKR201 = "3:8: OKR201 Key result is a task or deliverable (“Launch the new onboarding flow”), not an outcome."


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("COACH_SELECT", "COACH_IGNORE", "COACH_FAIL_ON", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


def run(*args: str, input: str | None = None, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), input=input, env=env)


def tree(files: dict[str, str]) -> None:
    for name, text in files.items():
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(text, encoding="utf-8")


# ---- folders, globs, include / exclude ----------------------------------------------------


def test_a_folder_is_searched_recursively_and_hidden_folders_sidecars_and_backups_are_left_out():
    tree(
        {
            "okrs/q3.md": TASK,
            "okrs/team/q4.markdown": TASK,
            "okrs/team/q4.yaml": LABELS,  # beside q4.markdown: its labels, not a draft
            "okrs/.git/x.md": TASK,
            "okrs/node_modules/y.md": TASK,
            "okrs/q2.md.bak": TASK,
            "okrs/notes.txt": TASK,
        }
    )
    assert expand_paths(["okrs"]).names == ["okrs/q3.md", "okrs/team/q4.markdown"]
    result = run("check", "okrs", "--format", "concise")
    assert result.exit_code == 1
    assert result.stdout == f"okrs/q3.md:{OKR201}\nokrs/team/q4.markdown:{OKR201}\n"


def test_a_sidecar_named_on_the_command_line_is_still_checked():
    tree({"d.md": TASK, "d.yaml": LABELS})
    assert expand_paths(["d.yaml"]).names == ["d.yaml"]


def test_the_eval_label_files_are_not_read_as_drafts():
    root = Path(__file__).resolve().parent.parent / "evals" / "structure" / "docs"
    names = expand_paths([str(root)]).names
    assert names and all(name.endswith(".md") for name in names)


def test_a_quoted_glob_is_expanded_recursively():
    tree({"okrs/a/q3.md": TASK, "okrs/b/c/q4.md": TASK, "okrs/b/c/q4.json": "{}", "q1.md": TASK})
    result = run("check", "okrs/**/*.md", "--format", "concise")
    assert result.exit_code == 1, result.output
    assert result.stdout == f"okrs/a/q3.md:{OKR201}\nokrs/b/c/q4.md:{OKR201}\n"


def test_a_glob_that_matches_nothing_is_an_input_error():
    result = run("check", "okrs/**/*.md")
    assert result.exit_code == 2
    assert result.stderr == "coach: okrs/**/*.md: no file matches this pattern\n"


def test_include_and_exclude_from_the_config(tmp_path):
    tree(
        {
            "pyproject.toml": '[tool.coach]\ninclude = ["*.okr.md"]\nextend_exclude = ["drafts"]\n',
            "okrs/q3.okr.md": TASK,
            "okrs/README.md": TASK,
            "okrs/drafts/q4.okr.md": TASK,
        }
    )
    assert expand_paths(["okrs"], SettingsResolver()).names == ["okrs/q3.okr.md"]


def test_a_file_without_okrs_in_a_folder_is_skipped_with_a_note():
    tree({"okrs/q3.md": TASK, "okrs/README.md": "# About\n\nNotes on how we plan.\n"})
    result = run("check", "okrs", "--format", "concise")
    assert result.exit_code == 1
    assert result.stderr == (
        "coach: okrs/README.md: skipped: not an OKR draft (no objectives found)\n"
    )


def test_yaml_and_json_files_that_are_no_drafts_are_skipped_in_a_folder_like_a_readme():
    """A folder of drafts often holds other data: ``mkdocs.yml``, ``package.json``, a list of
    records. They were errors (exit 2) where a README was skipped; a YAML draft that tries to be
    one and fails (``objectives: x``) is still an error."""
    tree(
        {
            "okrs/q3.md": TASK,
            "okrs/mkdocs.yml": "site_name: Plans\nnav:\n  - index.md\n",
            "okrs/package.json": '{"name": "plans", "version": "1.0.0"}',
            "okrs/records.json": '[{"id": 1}, {"id": 2}]',
            "okrs/empty-template.yaml": "team: Growth\nobjectives: []\n",
        }
    )
    result = run("check", "okrs", "--format", "concise")
    assert result.exit_code == 1  # the draft's findings, not an input error
    assert sorted(result.stderr.splitlines()) == [
        f"coach: okrs/{name}: skipped: not an OKR draft (no objectives found)"
        for name in ("empty-template.yaml", "mkdocs.yml", "package.json", "records.json")
    ]
    tree({"okrs/broken.yaml": "objectives: x\n"})
    broken = run("check", "okrs", "--format", "concise")
    assert broken.exit_code == 2
    assert "coach: okrs/broken.yaml: objectives must be a list (line 1)" in broken.stderr
    alone = run("check", "okrs/package.json")
    assert alone.exit_code == 2
    assert alone.stderr == (
        "coach: okrs/package.json: no OKRs found (list objectives under an 'objectives:' key; "
        "see docs/draft-format.md)\n"
    )


# ---- settings per file -------------------------------------------------------------------


def test_each_file_gets_its_nearest_config():
    tree(
        {
            "a/q3.md": TASK,
            "b/q3.md": TASK,
            "b/.coach.toml": 'ignore = ["OKR2", "OKR4"]\n',
        }
    )
    result = run("check", "a/q3.md", "b/q3.md", "--format", "json")
    files = json.loads(result.stdout)["files"]
    assert [sorted({f["rule_id"] for f in entry["findings"]}) for entry in files] == [
        ["OKR201"],
        [],
    ]
    assert result.exit_code == 1  # a/q3.md still fails


def test_fail_on_is_each_files_own():
    tree({"b/q3.md": TASK, "b/pyproject.toml": '[tool.coach]\nfail_on = "never"\n'})
    assert run("check", "b/q3.md").exit_code == 0
    run_ = check_paths(["b/q3.md"])
    assert exit_code(run_) == 0
    assert exit_code(check_paths(["b/q3.md"], Settings())) == 1


def test_a_coach_toml_may_have_the_tool_coach_header():
    tree({"q3.md": TASK, ".coach.toml": '[tool.coach]\nignore = ["OKR2", "OKR4"]\n'})
    result = run("check", "q3.md", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][0]["findings"] == []


def test_coach_config_shows_what_applies_to_a_file():
    tree({"b/q3.md": TASK, "b/.coach.toml": 'ignore = ["OKR201"]\n[limits]\nmax_objectives = 2\n'})
    result = run("config", "b/q3.md")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == ["# settings for b/q3.md", f"# from {Path('b/.coach.toml').resolve()}"]
    assert 'ignore = ["OKR201"]' in lines and "max_objectives = 2" in lines
    data = json.loads(run("config", "b/q3.md", "--format", "json").stdout)
    assert data["settings"]["ignore"] == ["OKR201"]
    assert run("config", "q3.md").stdout.splitlines()[1] == "# from no config file (defaults)"


def test_check_show_settings_prints_what_applies_with_its_options_and_checks_nothing():
    """ruff's `check --show-settings`: the first file's settings, the command line's options
    over its config file, and no check (a draft with errors exits 0)."""
    tree({"b/q3.md": TASK, "b/.coach.toml": 'ignore = ["OKR201"]\n'})
    result = run("check", "b/q3.md", "--show-settings", "--fail-on", "warning")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == ["# settings for b/q3.md", f"# from {Path('b/.coach.toml').resolve()}"]
    assert 'ignore = ["OKR201"]' in lines and 'fail_on = "warning"' in lines
    assert "OKR" not in result.stdout.replace("OKR201", "")  # no finding printed
    assert run("check", "--show-settings").stdout.splitlines()[0] == (
        "# settings for the current folder"
    )


# ---- stdin --------------------------------------------------------------------------------


def test_stdin_filename_names_the_draft_and_finds_its_config():
    tree({"team/.coach.toml": 'select = ["OKR201"]\nfail_on = "never"\n'})
    result = run("check", "-", "--stdin-filename", "team/q3.md", "--format", "concise", input=TASK)
    assert (result.exit_code, result.stdout) == (0, f"team/q3.md:{OKR201}\n")
    # without "-": stdin is read all the same
    again = run("check", "--stdin-filename", "team/q3.md", "--format", "concise", input=TASK)
    assert again.stdout == result.stdout


# ---- formats and flags -------------------------------------------------------------------


def test_statistics_counts_findings_per_rule_most_first():
    tree({"a.md": TASK, "b.md": TASK.replace("by end of Q2 (committed)", "(committed)")})
    result = run("check", "a.md", "b.md", "--statistics")
    assert result.exit_code == 1
    assert (
        result.stdout == "2  OKR201  output-as-key-result\n1  OKR403  key-result-without-deadline\n"
    )
    data = json.loads(run("check", "a.md", "b.md", "--statistics", "--format", "json").stdout)
    assert data[0] == {"rule_id": "OKR201", "rule_name": "output-as-key-result", "count": 2}


def test_output_file_is_written_atomically_and_never_over_an_input():
    tree({"a.md": TASK})
    result = run("check", "a.md", "--format", "concise", "-o", "out.txt")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "wrote out.txt\n")
    assert Path("out.txt").read_text(encoding="utf-8") == f"a.md:{OKR201}\n"
    refused = run("check", "a.md", "-o", "a.md")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("coach: a.md: would overwrite an input a.md")
    assert Path("a.md").read_text(encoding="utf-8") == TASK


def test_a_report_written_into_the_checked_folder_can_be_written_again():
    # found running `coach check okrs/ --format json -o okrs/report.json` twice: the second
    # run found its own report in okrs/ and refused it as an input (exit 2), every run after
    tree({"okrs/q3.md": TASK})
    first = run("check", "okrs/", "--format", "json", "-o", "okrs/report.json")
    assert first.exit_code == 1, first.stderr
    again = run("check", "okrs", "--format", "json", "-o", "okrs/report.json")
    assert (again.exit_code, again.stderr) == (1, "wrote okrs/report.json\n")
    assert [f["source"] for f in json.loads(Path("okrs/report.json").read_text())["files"]] == [
        "okrs/q3.md"
    ]
    # a draft the folder holds is still an input, whatever the output format
    refused = run("check", "okrs/", "--format", "json", "-o", "okrs/q3.md")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("coach: okrs/q3.md: would overwrite an input okrs/q3.md")
    assert Path("okrs/q3.md").read_text(encoding="utf-8") == TASK
    # so is a file named on the command line, draft or not
    named = run("check", "okrs/", "okrs/report.json", "-o", "okrs/report.json")
    assert named.exit_code == 2 and "would overwrite an input" in named.stderr


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ((), {}, False),  # not a terminal
        (("--color", "always"), {}, True),
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (("--no-color", "--color", "always"), {}, False),
    ],
)
def test_color(args, env, coloured):
    tree({"a.md": TASK})
    result = run("check", "a.md", *args, env=env)
    assert ("\x1b[" in result.stdout) is coloured
    rules = run("rules", *args, env=env)
    assert ("\x1b[" in rules.stdout) is coloured
    for other in (("rewrite", "a.md"), ("rewrite", "a.md", "--format", "diff"), ("batch", ".")):
        shown = run(*other, *args, env=env)
        assert shown.exit_code in (0, 1), shown.stderr
        assert ("\x1b[" in shown.stdout) is coloured, other


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize(
    "command",
    [("rewrite", "a.md"), ("rewrite", "a.md", "--format", "diff"), ("batch", ".")],
)
def test_colour_styles_the_text_and_changes_no_character_of_it(command):
    # an escape sequence in the draft is shown as text, coloured or not: the only escapes on a
    # coloured terminal are the renderer's own
    escaped = TASK.replace("Launch the new", "Launch the \x1b[2Jnew")
    tree({"a.md": escaped.replace("Increase onboarding", "Increase \x1b[2Jonboarding")})
    plain = run(*command).stdout
    coloured = run(*command, "--color", "always").stdout
    assert "\\x1b[2J" in plain and "\x1b[2J" not in coloured
    assert _ANSI.sub("", coloured) == plain
    assert coloured != plain


def test_eval_tables_take_the_colour_flags():
    evals = Path(__file__).resolve().parents[1] / "evals"
    args = (
        "eval",
        "--provider",
        "offline",
        "--evals",
        str(evals),
        "--only",
        "guide-kr-onboarding-launch",
    )
    plain = run(*args)
    coloured = run(*args, "--color", "always")
    assert plain.exit_code == coloured.exit_code == 0, plain.stderr
    assert "\x1b[" not in plain.stdout and "\x1b[" in coloured.stdout
    assert run(*args, "--color", "always", "--no-color").stdout == plain.stdout


def test_columns_sets_the_width_of_the_rules_table():
    narrow = run("rules", env={"COLUMNS": "60"}).stdout
    wide = run("rules").stdout
    assert max(map(len, narrow.splitlines())) <= 60 < max(map(len, wide.splitlines()))


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
def test_an_unknown_rule_id_is_a_usage_error(flag):
    tree({"a.md": TASK})
    result = run("check", "a.md", flag, "OKR999")
    assert result.exit_code == 2
    assert result.stderr == (
        f"coach: {flag}: unknown rule 'OKR999' (run `coach rules` to list the rules)\n"
    )
    assert run("check", "a.md", flag, "okr2").exit_code in (0, 1)  # a prefix that exists


def test_an_unknown_rule_id_in_the_config_is_a_config_error():
    tree({"a.md": TASK, ".coach.toml": 'select = ["OKR999"]\n'})
    result = run("check", "a.md")
    assert result.exit_code == 3
    assert "unknown rule 'OKR999'" in result.stderr


def test_python_dash_m_coach_runs_the_cli():
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "coach", "check", "--format", "concise", "-"],
        input=TASK,
        capture_output=True,
        text=True,
    )
    assert (out.returncode, out.stdout) == (1, f"<stdin>:{OKR201}\n")


# ---- the report explains itself ------------------------------------------------------------

GOLDEN = Path(__file__).resolve().parent / "golden" / "inputs"


@pytest.mark.parametrize("name", ["bad.md", "set-level.md", "good.md"])
def test_the_scorecard_adds_up_to_the_score(name):
    import re

    result = run("check", str(GOLDEN / name), "--fail-on", "never")
    text = result.stdout
    mean = float(re.search(r"^Objectives \(mean score\)\s+([\d.]+)", text, re.M).group(1))
    cost = re.search(r"^Whole-draft findings \(half their cost\)\s+(−[\d.]+|0)\s+(\d+)", text, re.M)
    score = int(re.search(r"^Score (\d+)/100", text, re.M).group(1))
    assert score == max(0, round(mean - float(cost.group(1).replace("−", "") or 0)))
    whole = text.split("  Whole draft\n")[1].split("\n  O1 ")[0] if "  Whole draft" in text else ""
    assert int(cost.group(2)) == len(re.findall(r"^\s+\d+:\d+  ", whole, re.M))
    others = re.search(r"^Other warnings of the guide\s+(\d+)$", text, re.M)
    data = json.loads(run("check", str(GOLDEN / name), "--format", "json").stdout)["files"][0]
    assert int(others.group(1)) == sum(1 for f in data["findings"] if f["guide_rule"] is None)


def test_every_finding_has_its_fix_or_as_above():
    result = run("check", str(GOLDEN / "bad.md"))
    lines = result.stdout.splitlines()
    finding = re.compile(r"^\s+(\d+):\d+  \S+\s+(OKR\d{3})  ")
    first_line: dict[str, str] = {}
    for index, line in enumerate(lines):
        match = finding.match(line)
        if not match:
            continue
        hint = lines[index + 1].strip()
        rule_id = match.group(2)
        if rule_id in first_line:
            assert hint == f"fix: as above ({rule_id}, line {first_line[rule_id]})"
        else:
            first_line[rule_id] = match.group(1)
            assert hint.startswith("fix: ") and "as above" not in hint
    assert len(first_line) > 3


def test_rules_explain_fills_the_message_from_the_rules_example_and_links_to_the_docs():
    from coach.rubric.rule import RULE_DOCS_URL

    result = run("rules", "explain", "OKR301")
    lines = result.stdout.splitlines()
    at = lines.index("Message (on the first weak example)")
    assert lines[at + 1] == "  4 objectives this quarter; at most 3. More objectives dilute focus."
    assert lines[-1] == f"More: {RULE_DOCS_URL}#okr301-too-many-objectives"
    assert RULE_DOCS_URL.startswith("https://")
    rules = json.loads(run("rules", "--format", "json").stdout)["rules"]
    assert all(r["link"] == f"{RULE_DOCS_URL}#{r['id'].lower()}-{r['name']}" for r in rules)
    anchors = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text("utf-8")
    assert all(f"## {r['id']} {r['name']}\n" in anchors for r in rules)
