"""Inputs built to take a long time or a lot of memory: every YAML reader refuses aliases, and
pathological drafts under the size limit finish with the right result.

No timing asserts here (benchmarks/bench_pathological.py measures); each case is one that ran
for seconds to hours before its fix and now takes a fraction of a second.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from coach.cli import cli
from coach.errors import RubricError
from coach.rubric.rule import load_rule_file
from coach.yamlsafe import AliasNotAllowed, load_yaml

# 9 lists of 9 aliases deep: 9**9 (387 million) "lol"s once expanded, in 342 bytes.
ALIAS_BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "\n".join(
        f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]"
        for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "\n"
)
DRAFT = (
    "## Objective: Make every new user feel confident within their first week\n"
    "- KR1: Increase onboarding completion from 45% to 70% by end of Q3\n"
    "- KR2: Reduce time to first value from 3 days to 1 day by end of Q3\n"
)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("COACH_SELECT", "COACH_IGNORE", "COACH_FAIL_ON", "COACH_MODEL", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def write(name: str, text: str) -> str:
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    Path(name).write_text(text, encoding="utf-8")
    return name


def assert_alias_rejected(result, path: str, line: int) -> None:
    lines = result.stderr.splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith(f"coach: {path}: ")
    assert "alias *a is not allowed" in lines[0] and f"line {line}" in lines[0]


# --- YAML aliases ------------------------------------------------------------------------


def test_an_alias_bomb_in_front_matter_is_rejected_by_check_and_rewrite():
    write("fm.md", "---\nteam: Growth\n" + ALIAS_BOMB + "---\n" + DRAFT)
    for command in ("check", "rewrite"):
        result = run(command, "fm.md")
        assert_alias_rejected(result, "fm.md", 4)
        assert "invalid YAML front matter" in result.stderr


def test_an_alias_bomb_in_a_yaml_draft_is_rejected():
    write("d.yaml", ALIAS_BOMB + "objectives:\n  - objective: Grow\n    key_results: [*i]\n")
    assert_alias_rejected(run("check", "d.yaml"), "d.yaml", 2)


def test_an_alias_bomb_in_the_metrics_file_is_rejected_and_nothing_is_written():
    write("d.md", DRAFT)
    write("metrics.yaml", ALIAS_BOMB)
    result = run("rewrite", "d.md", "--metrics", "metrics.yaml", "-o", "out.md")
    assert_alias_rejected(result, "metrics.yaml", 2)
    assert not Path("out.md").exists()


@pytest.mark.parametrize("option", ["--actuals", "--checkins"])
def test_an_alias_bomb_in_actuals_or_checkins_is_rejected(option: str):
    write("d.md", DRAFT)
    write("data.yaml", ALIAS_BOMB)
    result = run("grade", "d.md", option, "data.yaml", "-o", "grades.txt")
    assert_alias_rejected(result, "data.yaml", 2)
    assert not Path("grades.txt").exists()


def test_an_alias_in_an_eval_case_file_or_thresholds_is_rejected():
    cases = "cases:\n  - &a {id: x, kind: objective, text: Grow}\n  - *a\n"
    write("evals/cases/a.yaml", cases)
    result = run("eval", "--provider", "offline", "--evals", "evals")
    assert_alias_rejected(result, str(Path("evals/cases/a.yaml")), 3)
    write("evals/cases/a.yaml", "cases:\n  - {id: x, kind: objective, text: Grow}\n")
    write("evals/thresholds.yaml", ALIAS_BOMB)
    result = run("eval", "--provider", "offline", "--evals", "evals")
    assert_alias_rejected(result, str(Path("evals/thresholds.yaml")), 2)


def test_an_alias_in_a_rule_file_is_a_rubric_error(tmp_path: Path):
    path = tmp_path / "OKR999.yaml"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    with pytest.raises(RubricError, match="alias \\*a is not allowed"):
        load_rule_file(path)


def test_load_yaml_reads_what_safe_load_reads_and_refuses_only_aliases():
    text = "a: &x [1, 2]\nb: {c: 2026-05-13, d: 'x'}\nmerge: 3\n"  # an anchor alone is harmless
    assert load_yaml(text) == yaml.safe_load(text)
    assert load_yaml("") is None
    for text in ("a: &x 1\nb: *x\n", "base: &b {x: 1}\nother:\n  <<: *b\n", "a: &s [*s]\n"):
        with pytest.raises(AliasNotAllowed):
            load_yaml(text)
    with pytest.raises(yaml.YAMLError) as raised:
        load_yaml("a: [1\n")
    assert not isinstance(raised.value, AliasNotAllowed)
