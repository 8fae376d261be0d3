"""Whole-process time and peak memory of `coach batch`, and the cost of `--rewrite`.

    python benchmarks/bench_batch.py [--drafts 10000] [--workers 1,2] [--rewrite-drafts 200]
                                     [--delay 1.0] [--concurrency 8] [--seed 1]

1. ``--drafts`` drafts from ``generate_drafts.py`` are written to a temporary folder (not
   timed); then ``coach batch DIR --format json -o out.json --workers N`` runs once per value
   of ``--workers``: wall time, the peak resident memory of its largest process (the main
   process or one worker: ``ru_maxrss`` of a wrapper's children) and the counts it found.
   Target: under 10 s with 2 workers on 2 cores.
2. ``--rewrite-drafts`` drafts are rewritten with ``--rewrite`` against the loopback scripted
   test server (tests/llm/scripted_server.py) answering every call after ``--delay`` seconds,
   with ``COACH_MAX_ATTEMPTS=1`` (one call per item) and no cache: wall time, the calls the
   server received, the failing and distinct items. Targets: calls = distinct failing items,
   wall ≈ calls × delay ÷ concurrency (plus the check).

Prints the load average before each run: the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]

from generate_drafts import generate_drafts  # noqa: E402

PEAK = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)"
)
"""A wrapper whose only children are the run (and its workers): their largest peak RSS, KiB."""


def write_drafts(folder: Path, count: int, seed: int) -> None:
    folder.mkdir(parents=True)
    for n, draft in enumerate(generate_drafts(count, seed)):
        (folder / f"draft-{n:05}.md").write_text(draft.text, encoding="utf-8")


def run(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """(wall seconds, peak KiB of the largest process, exit code) of one whole process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"coach batch failed ({done.returncode}): {done.stderr.strip()}")
    return wall, int(done.stdout.strip().splitlines()[-1]), done.returncode


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def bench_check(folder: Path, out: Path, workers: list[int]) -> None:
    print(f"\n{len(list(folder.iterdir()))} drafts; {os.cpu_count()} CPUs")
    for n in workers:
        print(f"load average before: {load()}")
        argv = [sys.executable, "-m", "coach", "batch", str(folder), "--format", "json"]
        wall, peak, code = run([*argv, "-o", str(out), "--workers", str(n)])
        data = json.loads(out.read_text(encoding="utf-8"))
        print(
            f"--workers {n}: {wall:6.2f} s wall, peak {peak / 1024:6.0f} MiB (largest process), "
            f"exit {code}; ran in {data['summary']['workers']} process(es); "
            f"{data['summary']['checked']} checked, {len(data['duplicates'])} duplicate groups, "
            f"{len(data['shared_metrics'])} shared metrics, {len(data['over_limit'])} over the limit"
        )


def bench_rewrite(folder: Path, out: Path, delay: float, concurrency: int) -> None:
    from llm.conftest import GOOD
    from llm.scripted_server import Reply, ScriptedServer, completion

    answer = Reply(body=completion(content=json.dumps(GOOD)), delay=delay)
    with ScriptedServer([], then=answer) as server:
        print(f"\n--rewrite on {len(list(folder.iterdir()))} drafts, {delay} s per call")
        print(f"load average before: {load()}")
        argv = [
            *(sys.executable, "-m", "coach", "batch", str(folder), "--rewrite", "--no-cache"),
            *("--model", "scripted-model", "--base-url", server.base_url),
            *("--concurrency", str(concurrency), "--run-deadline", "3600"),
            *("--format", "json", "-o", str(out), "--workers", "1"),
        ]
        wall, peak, _ = run(argv, env={"COACH_MAX_ATTEMPTS": "1"})
        received = len(server.requests)
    stats = json.loads(out.read_text(encoding="utf-8"))["rewrite"]
    ideal = stats["calls"] * delay / concurrency
    print(
        f"--concurrency {concurrency}: {wall:6.2f} s wall (calls × delay ÷ concurrency = "
        f"{ideal:.1f} s), peak {peak / 1024:.0f} MiB; {stats['items']} failing items, "
        f"{stats['distinct']} distinct, {stats['calls']} calls counted, {received} received by "
        f"the server, {stats['fallbacks']} fallbacks, "
        f"{stats['prompt_tokens']}+{stats['completion_tokens']} tokens"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rewrite-drafts", type=int, default=200, help="0: skip the rewrite run")
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        base = Path(tmp)
        if args.drafts:
            write_drafts(base / "drafts", args.drafts, args.seed)
            workers = [int(n) for n in args.workers.split(",")]
            bench_check(base / "drafts", base / "out.json", workers)
        if args.rewrite_drafts:
            write_drafts(base / "small", args.rewrite_drafts, args.seed + 1)
            bench_rewrite(base / "small", base / "rewrite.json", args.delay, args.concurrency)


if __name__ == "__main__":
    main()
