"""Time parse + check per draft on generated drafts.

    python benchmarks/bench_check.py [--drafts 10000] [--seed 1] [--warmup 200] [--clock cpu]

Pins itself to one CPU core where the OS allows it, warms up, then times
``coach.parse_text`` + ``coach.check`` for every draft with ``time.perf_counter_ns`` (or, with
``--clock cpu``, the thread's CPU time, which time spent waiting for a busy core does not
inflate). Prints drafts per second, the median / p90 / p99 milliseconds per draft, and the
median / p99 for the editor case (exactly 3 objectives × 3 key results; target: median under
1 ms). A measurement, not a test: it never fails on time.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_drafts import generate_drafts  # noqa: E402

EDITOR_TARGET_MEDIAN_MS = 1.0


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (os.sched_setaffinity unavailable)"
    try:
        os.sched_setaffinity(0, {0})
    except OSError as exc:
        return f"not pinned ({exc})"
    return "pinned to CPU 0"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def percentile(sorted_values: list[int], q: float) -> float:
    """Nearest-rank percentile of already-sorted values (q in 0..1)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def ms(ns: float) -> str:
    return f"{ns / 1e6:.3f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=200, help="untimed runs first")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="clear the per-text analysis caches before every draft (no line seen before)",
    )
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="wall: perf_counter (default); cpu: this thread's CPU time (for a shared machine)",
    )
    args = parser.parse_args(argv)

    pinning = pin_to_one_core()

    import coach
    from coach.config import Settings

    settings = Settings()
    drafts = generate_drafts(args.drafts, args.seed)
    warmup = generate_drafts(args.warmup, args.seed + 1_000_003)

    from coach.textcaches import per_text_caches

    caches = per_text_caches() if args.cold else ()

    def run(text: str, source: str) -> None:
        coach.check(coach.parse_text(text, source, "markdown"), settings)

    def clear() -> None:
        for cache in caches:
            cache.cache_clear()

    for i, draft in enumerate(warmup):
        run(draft.text, f"warmup-{i}.md")

    gc.collect()
    timings: list[int] = []
    clock = time.perf_counter_ns if args.clock == "wall" else time.thread_time_ns
    for i, draft in enumerate(drafts):
        if args.cold:
            clear()
        start = clock()
        run(draft.text, f"draft-{i}.md")
        timings.append(clock() - start)

    editor = sorted(t for t, d in zip(timings, drafts, strict=True) if d.is_editor_case)
    ordered = sorted(timings)
    total_s = sum(timings) / 1e9
    key_results = sum(sum(d.shape) for d in drafts)

    print(f"Python {platform.python_version()} ({platform.python_implementation()})")
    print(f"machine: {platform.machine()}, {cpu_model()}, {platform.platform()}; {pinning}")
    print(
        f"okr-coach {coach.__version__}; {len(drafts)} drafts (seed {args.seed}), "
        f"{key_results} key results, {len(warmup)} warm-up runs, "
        f"{'cold (analysis caches cleared before each draft)' if args.cold else 'warm caches'}; "
        f"{'wall-clock' if args.clock == 'wall' else 'CPU'} time"
    )
    print()
    print(f"drafts per second: {len(drafts) / total_s:,.0f}")
    print(
        f"per draft:  median {ms(percentile(ordered, 0.5))}, "
        f"p90 {ms(percentile(ordered, 0.9))}, p99 {ms(percentile(ordered, 0.99))}, "
        f"max {ms(ordered[-1])}"
    )
    if editor:
        median = percentile(editor, 0.5)
        verdict = "met" if median / 1e6 < EDITOR_TARGET_MEDIAN_MS else "MISSED"
        print(
            f"3 objectives x 3 KRs ({len(editor)} drafts):  median {ms(median)}, "
            f"p99 {ms(percentile(editor, 0.99))}  "
            f"(target median < {EDITOR_TARGET_MEDIAN_MS:g} ms: {verdict})"
        )
    else:
        print("no 3 x 3 drafts generated; raise --drafts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
