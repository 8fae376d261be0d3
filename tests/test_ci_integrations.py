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
