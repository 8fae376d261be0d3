"""`coach lsp` driven by a real editor: Neovim's own LSP client, headless.

Neovim attaches the server to a Markdown draft, waits for the diagnostics, hovers the flagged
key result, lists the code actions, runs "Rewrite with coach" (Neovim applies the server's
``workspace/applyEdit`` to the buffer) and waits for the diagnostics to clear. The Lua script is
tests/fixtures/editors/neovim_drive.lua. It needs ``nvim`` (.ci/run installs Debian's package);
without it the test says so and is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

NVIM = shutil.which("nvim")
DRIVER = Path(__file__).parent / "fixtures" / "editors" / "neovim_drive.lua"
DRAFT = """\
## Objective: Make onboarding effortless for every new user

- Launch the new onboarding flow by Week 6
- Reduce time to first value from 3 days to 1 day by end of Q2
"""


@pytest.mark.skipif(
    NVIM is None, reason="nvim is not installed: the Neovim test needs it (apt-get install neovim)"
)
def test_neovim_shows_the_findings_explains_them_and_applies_a_rewrite(tmp_path):
    pytest.importorskip("pygls", reason="coach lsp needs the lsp extra")
    (tmp_path / "okrs.md").write_text(DRAFT, encoding="utf-8")
    coach = tmp_path / "coach"  # the server, as an editor starts it: a `coach` command
    coach.write_text(f'#!/bin/sh\nexec {sys.executable} -m coach "$@"\n')
    coach.chmod(0o755)
    out = tmp_path / "seen.json"
    env = {**os.environ, "COACH_BIN": str(coach), "COACH_NVIM_OUT": str(out), "HOME": str(tmp_path)}
    subprocess.run(
        [NVIM, "--headless", "--clean", "-u", str(DRIVER)],
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=True,
        capture_output=True,
    )
    seen = json.loads(out.read_text(encoding="utf-8"))
    [finding] = seen["diagnostics"]
    assert (finding["line"], finding["col"], finding["code"]) == (3, 3, "OKR201")
    assert finding["message"].startswith("Key result is a task or deliverable")
    assert seen["hover"].startswith("**OKR201 output-as-key-result** (error)")
    assert "**Fix:**" in seen["hover"]
    assert seen["actions"][0] == "Rewrite with coach (offline)"
    assert "Ignore OKR201 on this line" in seen["actions"]
    assert seen["executed"]["result"]["applied"] is True
    text = seen["text"].splitlines()
    assert text[2].startswith("- Increase onboarding completion rate from [baseline] to [target]")
    assert text[3] == "- Reduce time to first value from 3 days to 1 day by end of Q2"
    assert "OKR201" not in seen["codes_after"]
    assert seen["codes_after"] == ["OKR406"]  # the placeholders the rewrite left to fill in
