"""The timeline of one `coach batch` run: when each of the main process's phases starts and
ends, its CPU so far, and each worker's CPU in its chunks and in the offline proposals.

    python benchmarks/batch_timeline.py DIR [coach batch options...]
    python benchmarks/batch_timeline.py DRAFTS_DIR --format json -o out.json --workers 2

Runs the command in this process with the phases' functions wrapped (private names of
``coach.service.batching``, ``coach.batch.across``, ``coach.render.batch_json`` and
``coach.files``; a name the code under test lacks is left out, so an older tree can be timed
the same way with ``PYTHONPATH``). The wrappers cost microseconds a call; the phases take
tenths of a second. Workers write their lines to a temporary folder, read back at exit.
"""

from __future__ import annotations

import atexit
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

T0 = time.perf_counter()
C0 = time.process_time()
MARKS: list[tuple[str, float, float]] = []
WORKER_LOGS = Path(tempfile.mkdtemp(prefix="batch-timeline-"))


def mark(name: str) -> None:
    MARKS.append((name, time.perf_counter() - T0, time.process_time() - C0))


def wrap(owner, name: str) -> None:
    """Mark the start and end of ``owner.name`` in the main process."""
    original = getattr(owner, name, None)  # an older tree may lack the owner or the name
    if original is None:
        return

    def wrapper(*args, **kwargs):
        mark(f"{name} start")
        try:
            return original(*args, **kwargs)
        finally:
            mark(f"{name} end")

    _same_name(wrapper, original)
    setattr(owner, name, wrapper)


def wrap_in_worker(owner, name: str) -> None:
    """Log each call of ``owner.name`` in a worker: start, end, its CPU, the process's CPU."""
    original = getattr(owner, name, None)
    if original is None:
        return

    def wrapper(*args, **kwargs):
        cpu, start = time.process_time(), time.perf_counter() - T0
        result = original(*args, **kwargs)
        end, used = time.perf_counter() - T0, time.process_time() - cpu
        with open(WORKER_LOGS / f"{os.getpid()}.log", "a", encoding="utf-8") as log:
            log.write(f"{name} {start:.3f} {end:.3f} {used:.4f} {time.process_time():.3f}\n")
        return result

    _same_name(wrapper, original)  # pickled by name: the workers find the wrapper
    setattr(owner, name, wrapper)


def _same_name(wrapper, original) -> None:
    wrapper.__name__, wrapper.__qualname__ = original.__name__, original.__qualname__
    wrapper.__module__ = original.__module__


def install() -> None:
    import coach.files as files
    import coach.render.batch_json as batch_json
    import coach.service.batching as batching
    import coach.service.checking as checking
    from coach.batch import across

    mark("imports")
    for owner, name in (
        (checking, "input_files"),
        (batching, "list_inputs"),
        (batching, "_jobs"),
        (files, "check_output"),
        (across, "worst_lines"),
        (batching, "_start_offline"),
        (batching, "_offline"),
        (batching, "_offline_proposals"),
        (across.NearDuplicates, "groups"),
        (across, "shared_metrics"),
        (getattr(across, "MetricClaims", None), "shared"),
        (batching, "_worst_lines"),
        (batch_json, "batch_json"),
        (batch_json, "render_batch_json"),
        (getattr(batch_json, "BatchJsonInTwo", None), "begin"),
        (getattr(batch_json, "BatchJsonInTwo", None), "__call__"),
        (files, "write_atomic"),
        (batching, "batch_check"),
    ):
        wrap(owner, name)
    wrap_in_worker(batching, "_check_chunk")
    wrap_in_worker(batching, "_offline_in_worker")
    check_all = batching._check_all

    def timed_check_all(jobs, resolver, pool, options, progress, arrived):
        mark("check start")
        first = []

        def heard(done, *counts):
            if not first:
                first.append(mark("first result"))
            arrived(done, *counts)

        try:
            return check_all(jobs, resolver, pool, options, progress, heard)
        finally:
            mark("last result")

    batching._check_all = timed_check_all


def report() -> None:
    mark("exit")
    for name, wall, cpu in MARKS:
        print(f"{wall:8.3f} s wall  {cpu:7.3f} s main CPU  {name}", file=sys.stderr)
    me, children = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(
        f"main process: user {me.ru_utime:.2f} s, sys {me.ru_stime:.2f} s; "
        f"workers: user {children.ru_utime:.2f} s, sys {children.ru_stime:.2f} s",
        file=sys.stderr,
    )
    for log in sorted(WORKER_LOGS.glob("*.log")):
        calls: dict[str, list[list[str]]] = {}
        for line in log.read_text(encoding="utf-8").splitlines():
            fields = line.split()
            calls.setdefault(fields[0], []).append(fields)
        parts = [
            f"{name}: {len(rows)} calls, {float(rows[0][1]):.2f}-{float(rows[-1][2]):.2f} s, "
            f"CPU {sum(float(r[3]) for r in rows):.2f} s"
            for name, rows in calls.items()
        ]
        last = max((r for rows in calls.values() for r in rows), key=lambda r: float(r[2]))
        print(
            f"worker {log.stem}: " + "; ".join(parts) + f"; its CPU then {last[4]} s",
            file=sys.stderr,
        )
        log.unlink()
    WORKER_LOGS.rmdir()


if __name__ == "__main__":
    install()
    atexit.register(report)
    from coach.startup import main

    sys.argv = ["coach", "batch", *sys.argv[1:]]
    main()
