"""Time coach's file writes: ``write_atomic`` (temporary file, fsync, rename, folder fsync) and
``--in-place`` with its backup.

    python benchmarks/bench_write.py [--writes 200] [--kib 4] [--dir FOLDER]

Writes a text of ``--kib`` KiB over the same file ``--writes`` times (and as many in-place
writes, each keeping a numbered backup) in a temporary folder, or in ``--dir`` to measure
another disk. Prints the median / p90 / p99 / max milliseconds per write. The fsyncs make the
time depend on the disk far more than on coach. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import ms, percentile  # noqa: E402


def timed(writes: int, write) -> list[int]:
    clock = time.perf_counter_ns
    timings = []
    for i in range(writes):
        start = clock()
        write(i)
        timings.append(clock() - start)
    return sorted(timings)


def summary(name: str, ordered: list[int]) -> str:
    return (
        f"{name}: median {ms(percentile(ordered, 0.5))}, p90 {ms(percentile(ordered, 0.9))}, "
        f"p99 {ms(percentile(ordered, 0.99))}, max {ms(ordered[-1])}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--kib", type=int, default=4, help="size of the text written")
    parser.add_argument("--dir", type=Path, help="folder to write in (default: a temporary one)")
    args = parser.parse_args(argv)

    from coach.files import write_atomic

    line = "- KR1: Increase onboarding completion rate from 45% to 70% by end of Q2\n"
    text = line * max(1, args.kib * 1024 // len(line))
    with tempfile.TemporaryDirectory(dir=args.dir) as name:
        folder = Path(name)
        target = folder / "draft.md"
        target.write_text(text, encoding="utf-8")
        replace = timed(args.writes, lambda i: write_atomic(target, f"{text}{i}\n"))
        in_place = timed(args.writes, lambda i: write_atomic(target, f"{text}{i}\n", backup=True))
        backups = len(list(folder.glob("draft.md.bak*")))

    print(f"Python {platform.python_version()}; {platform.platform()}")
    print(
        f"{args.writes} writes of {len(text.encode()):,} bytes in {args.dir or 'a temporary folder'}"
    )
    print(summary("write (-o)", replace))
    print(summary("write with backup (--in-place)", in_place) + f"; {backups} backups kept")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
