"""The pre-commit hook (.pre-commit-hooks.yaml, run by pre-commit itself) and the composite
GitHub Action (action.yml) that docs/ci.md describes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
TASK = """\
## O1: Make every new user feel confident and capable within their first 7 days

- KR1: Launch the new onboarding flow by Week 6
- KR2: Increase onboarding completion rate from 45% to 70% by end of Q2 (stretch)
- KR3: Raise 7-day retention of new users from 38% to 45% by end of Q2 (committed)
"""
GOOD = TASK.replace(
    "Launch the new onboarding flow by Week 6",
    "Reduce time to first project from 3 days to 1 day by end of Q2 (committed)",
)


def test_the_hook_file_declares_coach_check():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "coach-check"
    assert hook["entry"] == "coach check"
    assert hook["language"] == "python"
    pattern = re.compile(hook["files"])
    for name in ("okrs/q3.md", "team/okr/q3.yaml", "OKRs.md", "docs/q3.okr.md"):
        assert pattern.search(name), name
    for name in ("README.md", "docs/cli.md", "pyproject.toml", ".github/workflows/ci.yml"):
        assert not pattern.search(name), name


def test_the_action_is_a_composite_that_annotates_and_uploads_sarif():
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert set(action["inputs"]) == {"paths", "fail-on", "sarif", "python-version"}
    assert action["inputs"]["fail-on"]["default"] == "error"
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert any("--format github" in r and "--fail-on" in r for r in runs)
    assert any("--format sarif" in r and "-o coach.sarif" in r for r in runs)
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert all(step.get("shell") == "bash" for step in steps if "run" in step)
    # the github step is last, so the SARIF is uploaded even when findings fail the job
    assert "--format github" in runs[-1]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_try_repo_runs_the_hook(tmp_path):
    """pre-commit installs this repository into its own environment (from the package index
    for the dependencies) and runs the hook on a fixture repository."""
    repo = tmp_path / "team"
    (repo / "okrs").mkdir(parents=True)
    (repo / "okrs" / "q3.md").write_text(TASK, encoding="utf-8")
    (repo / "okrs" / "q4.md").write_text(GOOD, encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("COACH_FAIL_ON", None)

    def try_repo(*files: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "coach-check"]
        return subprocess.run(
            [*command, "--files", *files],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=540,
        )

    failing = try_repo("okrs/q3.md")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "OKR201" in failing.stdout and "Failed" in failing.stdout
    passing = try_repo("okrs/q4.md")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout


def _run_action(workspace: Path, inputs: dict[str, str]) -> tuple[list, Path]:
    """The action's own shell steps, run the way the runner runs them: ``${{ inputs.* }}``
    filled in (defaults, then ``inputs``), each step's ``if:`` and ``env:`` honoured, bash in
    the workspace, ``GITHUB_OUTPUT`` a file. The two ``uses:`` steps (setup-python, the SARIF
    upload) are GitHub's own actions and the install step is ``pip install`` of this checkout,
    which the test environment already has: those are skipped."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    values.update(inputs)

    def fill(text: str) -> str:
        return re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: values[m.group(1)], text)

    output = workspace / "github_output"
    output.write_text("", encoding="utf-8")
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "GITHUB_OUTPUT": str(output), "NO_COLOR": "1"}
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    env.pop("COACH_FAIL_ON", None)
    results = []
    for step in action["runs"]["steps"]:
        if "run" not in step or "pip install" in step["run"]:
            continue
        condition = re.fullmatch(
            r"\$\{\{\s*inputs\.([\w-]+)\s*==\s*'(\w+)'\s*\}\}", step.get("if", "")
        )
        if condition and values[condition.group(1)] != condition.group(2):
            continue
        step_env = {**env, **{k: fill(str(v)) for k, v in (step.get("env") or {}).items()}}
        done = subprocess.run(
            ["bash", "-e", "-c", fill(step["run"])],
            cwd=workspace,
            env=step_env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        results.append((step["name"], done))
    return results, output


def test_the_action_s_steps_annotate_and_write_sarif_on_a_fixture_repo(tmp_path):
    """The composite action's shell steps on a fixture workspace: the SARIF report is written
    and named in the step outputs whatever the findings; the annotations step fails the job on
    a task-style key result and passes a good draft; ``sarif: "false"`` writes none."""
    import json

    (tmp_path / "okrs").mkdir()
    (tmp_path / "okrs" / "q3.md").write_text(TASK, encoding="utf-8")
    steps, output = _run_action(tmp_path, {})
    assert [name for name, _ in steps] == ["SARIF report", "coach check"]
    sarif, check = (done for _, done in steps)
    assert sarif.returncode == 0, sarif.stderr
    report = json.loads((tmp_path / "coach.sarif").read_text(encoding="utf-8"))
    assert "OKR201" in {r["ruleId"] for r in report["runs"][0]["results"]}
    assert output.read_text(encoding="utf-8") == "file=coach.sarif\n"
    assert check.returncode == 1
    assert "::error file=okrs/q3.md,line=3," in check.stdout and "OKR201" in check.stdout

    # a glob is coach's to expand, "**" too (bash's own globbing, which the step turns off,
    # reads "**" as "*" and would have passed only okrs/*/*.md)
    (tmp_path / "okrs" / "q3.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "okrs" / "team" / "web").mkdir(parents=True)
    (tmp_path / "okrs" / "team" / "web" / "q3.md").write_text(TASK, encoding="utf-8")
    (tmp_path / "okrs" / "team" / "q3.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "coach.sarif").unlink()
    steps, _ = _run_action(tmp_path, {"sarif": "false", "paths": "okrs/**/*.md"})
    assert [name for name, _ in steps] == ["coach check"]
    assert steps[0][1].returncode == 1, steps[0][1].stdout + steps[0][1].stderr
    assert "::error file=okrs/team/web/q3.md," in steps[0][1].stdout
    assert not (tmp_path / "coach.sarif").exists()
    (tmp_path / "okrs" / "team" / "web" / "q3.md").write_text(GOOD, encoding="utf-8")
    steps, _ = _run_action(tmp_path, {"sarif": "false", "paths": "okrs/**/*.md"})
    assert steps[0][1].returncode == 0, steps[0][1].stdout + steps[0][1].stderr
