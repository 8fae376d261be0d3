"""Wall time of `coach rewrite examples/draft.md` against misbehaving OpenAI-compatible servers.

Each behaviour is served for ever by the scripted loopback server of the test suite (a TEST
DOUBLE, tests/llm/scripted_server.py) and one `coach rewrite` is timed against it, with the
settings you pass (default: the packaged defaults). This measures; nothing asserts on it.

    python benchmarks/bench_model_bounds.py                      # every behaviour, defaults
    python benchmarks/bench_model_bounds.py trickle slow --run-deadline 30

Run from the repository root (it imports tests.llm.scripted_server).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.llm.scripted_server import BEHAVIOURS, ScriptedServer  # noqa: E402


def run(behaviour: str, extra: list[str], limit: float) -> tuple[float, int, int, str]:
    with (
        ScriptedServer([], then=BEHAVIOURS[behaviour]()) as server,
        tempfile.TemporaryDirectory() as cache,
    ):
        env = {
            **os.environ,
            "COACH_MODEL": "bench",
            "OPENAI_BASE_URL": server.base_url,
            "OPENAI_API_KEY": "",
            "COACH_CACHE_DIR": cache,
        }
        command = [sys.executable, "-m", "coach", "rewrite", "examples/draft.md", "--no-cache"]
        started = time.monotonic()
        try:
            done = subprocess.run(
                command + extra, cwd=ROOT, env=env, capture_output=True, text=True, timeout=limit
            )
            code, out = done.returncode, done.stdout
        except subprocess.TimeoutExpired:
            code, out = -1, ""
        elapsed = time.monotonic() - started
        stopped = next((line for line in out.splitlines() if line.startswith("note: ")), "")
        return elapsed, code, len(server.requests), stopped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("behaviours", nargs="*", default=sorted(BEHAVIOURS))
    parser.add_argument("--limit", type=float, default=1800.0, help="kill a run after this")
    args, extra = parser.parse_known_args()
    print(f"python {sys.version.split()[0]} · extra flags: {' '.join(extra) or '(none)'}")
    print("| behaviour | seconds | exit | requests | run-level note |")
    print("|---|---:|---:|---:|---|")
    for behaviour in args.behaviours:
        elapsed, code, requests, stopped = run(behaviour, extra, args.limit)
        shown = "killed" if code == -1 else str(code)
        print(f"| {behaviour} | {elapsed:.1f} | {shown} | {requests} | {stopped} |", flush=True)


if __name__ == "__main__":
    main()
