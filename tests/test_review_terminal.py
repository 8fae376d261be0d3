"""`coach review` end to end in a real terminal: tmux runs the real entry point (``python -m
coach review``) in a pane of a fixed size; the test sends keys and reads the pane.

It needs tmux (.ci/run installs it on Debian); without it the test says so and is skipped.
Each run uses its own tmux server (``-L``) and no user configuration (``-f /dev/null``).
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TMUX = shutil.which("tmux")
needs_tmux = pytest.mark.skipif(
    TMUX is None,
    reason="tmux is not installed: the end-to-end review test needs it (apt-get install tmux)",
)
WIDTH, HEIGHT = 80, 24


class Pane:
    def __init__(self, socket: str, folder: Path):
        self.socket = socket
        self.folder = folder

    def tmux(self, *args: str) -> str:
        out = subprocess.run(
            [TMUX, "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=20,
        )
        return out.stdout

    def start(self, name: str, command: str) -> None:
        env = {
            "XDG_CACHE_HOME": str(self.folder / "cache"),
            "TERM": "xterm-256color",
            "PYTHONPATH": str(ROOT),
            "HOME": os.environ.get("HOME", str(self.folder)),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        }
        prefix = "exec env -i " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        self.tmux(
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            "-c",
            str(self.folder),
            f"{prefix} {command}",
        )
        self.tmux("set-option", "-t", name, "remain-on-exit", "on")
        log = self.folder / f"{name}.log"  # every byte the program wrote to the terminal
        self.tmux("pipe-pane", "-t", name, f"cat >> {shlex.quote(str(log))}")

    def output(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def text(self, name: str) -> str:
        return self.tmux("capture-pane", "-p", "-t", name)

    def wait_for(self, name: str, needle: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text(name)
            if needle in text:
                return text
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} never appeared; the pane shows:\n{self.text(name)}")

    def keys(self, name: str, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", name, key)
            time.sleep(0.15)

    def type(self, name: str, text: str) -> None:
        self.tmux("send-keys", "-t", name, "-l", text)
        time.sleep(0.2)

    def wait_until_dead(self, name: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while self.tmux("display-message", "-p", "-t", name, "#{pane_dead}").strip() != "1":
            assert time.monotonic() < deadline, "the killed process never ended"
            time.sleep(0.1)

    def pid(self, name: str) -> int:
        return int(self.tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())


@pytest.fixture
def pane(tmp_path):
    shutil.copy(ROOT / "examples" / "draft.md", tmp_path / "draft.md")
    shutil.copy(ROOT / "examples" / "metrics.yaml", tmp_path / "metrics.yaml")
    pane = Pane(f"coach-review-test-{os.getpid()}-{tmp_path.name}", tmp_path)
    yield pane
    pane.tmux("kill-server")  # only this test's own server (its own -L socket)


@needs_tmux
def test_a_review_in_a_real_terminal_killed_then_resumed_and_written(pane, tmp_path):
    original = (tmp_path / "draft.md").read_bytes()
    review = f"{shlex.quote(sys.executable)} -m coach review draft.md --metrics metrics.yaml"

    # 1. a session: the objective accepted, then the process is killed mid-question
    pane.start("one", review)  # exec: the pane's process is coach itself
    pane.wait_for("one", "item 1 of 9")
    screen = pane.wait_for("one", "Make onboarding effortless for every new")
    screen = pane.wait_for("one", "q Quit")  # the footer fits 80 columns
    assert "a Accept" in screen and "item 1 of 9" in screen
    pane.keys("one", "a")
    pane.wait_for("one", "1 decided")
    pane.keys("one", "r")
    pane.wait_for("one", "What should change for users if this ships?")
    os.kill(pane.pid("one"), signal.SIGKILL)
    pane.wait_until_dead("one")
    assert (tmp_path / "draft.md").read_bytes() == original

    # 2. the same command again: resume, answer, finish, write a new file
    pane.start("two", f"sh -c {shlex.quote(review + '; echo EXIT=$?')}")
    pane.wait_for("two", "An unfinished review of this draft was found")
    pane.keys("two", "r")
    pane.wait_for("two", "1 decided")
    pane.keys("two", "r")
    pane.wait_for("two", "What should change for users if this ships?")
    pane.type("two", "more new users finish onboarding")
    pane.keys("two", "Enter")
    pane.wait_for("two", "new proposal for line 16")
    pane.keys("two", "a")
    pane.wait_for("two", "What is the share of new users")
    pane.type("two", "145")
    pane.keys("two", "Enter")
    pane.wait_for("two", "a percentage is between 0 and 100")
    pane.keys("two", "C-u")
    pane.type("two", "30")
    pane.keys("two", "Enter")
    pane.wait_for("two", "What should the share of new users")
    pane.type("two", "55")
    pane.keys("two", "Enter")
    pane.wait_for("two", "2 decided")
    pane.keys("two", "w")
    pane.wait_for("two", "Review finished")
    pane.keys("two", "n")
    pane.wait_for("two", "draft.reviewed.md")
    pane.keys("two", "Enter")
    pane.wait_for("two", "EXIT=0")
    # its last line, printed once the terminal is restored (after leaving the alternate screen)
    assert pane.output("two").split("\x1b[?1049l")[-1].count("wrote draft.reviewed.md") == 1
    written = (tmp_path / "draft.reviewed.md").read_text()
    assert "KR1: Increase the share of new users who finish onboarding from 30% to 55%" in written
    assert "## Objective 1: Make onboarding effortless for every new user" in written
    assert (tmp_path / "draft.md").read_bytes() == original

    # 3. a new session (the finished one left nothing to resume), one skip, then Ctrl-C
    pane.start("three", f"sh -c {shlex.quote(review + '; echo EXIT=$?')}")
    pane.wait_for("three", "item 1 of 9")
    pane.keys("three", "s")
    pane.wait_for("three", "1 decided")
    pane.keys("three", "C-c")
    pane.wait_for("three", "EXIT=0")
    assert "review paused: 1 decision(s) kept" in pane.output("three")
    assert (tmp_path / "draft.md").read_bytes() == original


def test_piped_it_refuses_in_one_line(tmp_path):
    shutil.copy(ROOT / "examples" / "draft.md", tmp_path / "draft.md")
    out = subprocess.run(
        [sys.executable, "-m", "coach", "review", "draft.md"],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path)},
    )
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.count("\n") == 1 and "use `coach rewrite FILE`" in out.stderr
