"""Whole-process time of `coach check` beside `proselint check` on the same files.

    python benchmarks/bench_startup.py [--runs 15] [--files 2000]

What the user waits for is the whole process: interpreter start, imports, reading, checking,
printing. One draft is timed twice: with the grouped text output (drawn with rich) and with
``--format concise`` (what editors and pre-commit hooks read; rich is never loaded). For each pair — one draft, then ``--files`` drafts in one call — both tools run
alternately ``--runs`` times (so load on the machine hits both alike) and the script prints
the median and p90 seconds of each and the ratio coach / proselint. Needs ``proselint`` on the
PATH of this interpreter (``pip install proselint``); both run with their output discarded.
Also prints ``python -X importtime``'s ten slowest imports of ``coach check``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "draft.md"


ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The children's environment. Without ``PYTHONDONTWRITEBYTECODE`` (set on some CI machines),
the warm-up run writes the bytecode of an editable install's modules, as a user's first run
does; with it, every run would compile coach from source (pip compiles an installed package's
bytecode, proselint's included, at install time)."""


def _timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENVIRONMENT
    )
    return time.perf_counter() - start


def _stats(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


def compare(
    label: str, files: list[str], runs: int, proselint: str, flags: tuple[str, ...] = ()
) -> None:
    coach = [sys.executable, "-m", "coach", "check", "--fail-on", "never", *flags, *files]
    prose = [proselint, "check", *files]
    _timed(coach), _timed(prose)  # warm the file cache
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(_timed(coach))
        theirs.append(_timed(prose))
    (om, op), (tm, tp) = _stats(ours), _stats(theirs)
    print(
        f"{label:<18} coach {om:6.3f} s (p90 {op:.3f})   proselint {tm:6.3f} s (p90 {tp:.3f})"
        f"   ratio {om / tm:.2f}"
    )


def import_times() -> None:
    env = dict(ENVIRONMENT, PYTHONPROFILEIMPORTTIME="1")
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "coach", "check", str(EXAMPLE)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    rows = []
    for line in result.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    total = sum(us for us, name in rows if not name.startswith("  "))
    print(f"\nimports of `coach check`: {total / 1e6:.3f} s in all; the slowest (cumulative):")
    for us, name in sorted(rows, reverse=True)[:10]:
        print(f"  {us / 1e6:6.3f} s {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--files", type=int, default=2000)
    args = parser.parse_args(argv)
    proselint = shutil.which("proselint", path=str(Path(sys.executable).parent)) or shutil.which(
        "proselint"
    )
    if proselint is None:
        print("proselint is not installed here: pip install proselint", file=sys.stderr)
        return 2
    print(f"Python {sys.version.split()[0]}; {os.cpu_count()} CPUs; {args.runs} runs each\n")
    compare("one draft", [str(EXAMPLE)], args.runs, proselint)
    compare("one, concise", [str(EXAMPLE)], args.runs, proselint, ("--format", "concise"))
    with tempfile.TemporaryDirectory() as folder:
        text = EXAMPLE.read_text(encoding="utf-8")
        paths = []
        for i in range(args.files):
            path = Path(folder) / f"team-{i:04d}.md"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        compare(f"{args.files} drafts", paths, max(3, args.runs // 5), proselint)
    import_times()
    return 0


if __name__ == "__main__":
    sys.exit(main())
