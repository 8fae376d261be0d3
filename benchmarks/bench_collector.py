"""The garbage collector's pauses in a `coach serve` worker's work, in one process: what
CPython's own thresholds do with the per-text caches, and what the worker's collector does.

    python benchmarks/bench_collector.py [--drafts 10000] [--mixed]

Checks ``--drafts`` distinct 3 × 3 drafts as `/v1/check` does (``coach.api.app._check``), after
200 untimed ones and ``gc.freeze()`` (as a worker warms up), once per policy, each in a fresh
process:

- ``young``: the young generation collected after every request, CPython's thresholds for the
  rest (the worker before 2026-11-29);
- ``worker``: ``coach.service.collector`` as a worker runs it under load (``take_over``, then
  a ``Collector`` around each check, with no event loop: a load test leaves it no idle second,
  so full passes come only after ``FULL_EVERY`` middle collections).

``--mixed`` makes every 50th draft a 200-line organisation draft. Prints the collections per
generation (count, total and longest pause), the CPU time, and how many unreachable objects a
full pass after the last draft finds (cyclic garbage the policy left behind). A measurement, not
a test.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def run(policy: str, count: int, mixed: bool) -> None:
    from bench_api import editor_drafts, mixed_drafts

    from coach.api import app as api
    from coach.api import models
    from coach.service import collector

    texts = mixed_drafts(count, 1) if mixed else editor_drafts(count, 1)
    config = api.ServerConfig()
    for text in editor_drafts(200, 1_000_003):
        api._check(config, models.CheckRequest(text=text))
    gc.collect()
    gc.freeze()
    if policy == "worker":
        collector.take_over()
    pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
    started = [0.0]

    def timed(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses[info["generation"]].append(time.perf_counter() - started[0])

    schedule = collector.Collector()
    gc.callbacks.append(timed)
    cpu = time.process_time()
    for text in texts:
        schedule.started()
        api._check(config, models.CheckRequest(text=text))
        if policy == "young":
            gc.collect(0)
        else:
            schedule.finished()
    cpu = time.process_time() - cpu
    gc.callbacks.remove(timed)
    left = gc.collect()
    cells = [
        f"gen{g}: {len(p)}, {sum(p) * 1e3:.0f} ms, longest {max(p) * 1e3:.1f} ms"
        if p
        else f"gen{g}: 0"
        for g, p in pauses.items()
    ]
    print(f"{policy:>6}: CPU {cpu:.2f} s; " + "; ".join(cells) + f"; left unreachable: {left}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--mixed", action="store_true")
    parser.add_argument("--policy", choices=("young", "worker"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.policy:
        run(args.policy, args.drafts, args.mixed)
        return
    print(f"{args.drafts} drafts" + (", every 50th a 200-line org draft" if args.mixed else ""))
    for policy in ("young", "worker"):
        command = [sys.executable, __file__, "--policy", policy, "--drafts", str(args.drafts)]
        subprocess.run(command + (["--mixed"] if args.mixed else []), check=True)


if __name__ == "__main__":
    main()
