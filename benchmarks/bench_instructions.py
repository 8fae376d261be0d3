"""Instructions per cold (or, with ``--warm``, warm) parse + check of a 3 × 3 draft, counted
by valgrind: a figure that does not move with the machine's load, to compare two versions of
the code on a shared machine.

    python benchmarks/bench_instructions.py [--drafts 200] [--step parse|analyse|rules|check]
        [--warm]
    PYTHONPATH=/path/to/other/checkout python /path/to/other/checkout/benchmarks/bench_instructions.py

Runs this script under ``valgrind --tool=cachegrind --cache-sim=no`` twice, once checking no
draft and once ``--drafts`` 3 × 3 drafts (``generate_drafts(2000, 1)``, every per-text cache
cleared before each, as ``bench_check.py --cold``), both after the same 200 warm-up drafts and
with ``PYTHONHASHSEED=0``, and prints the difference divided by the number of drafts.
``--step`` stops each draft after that step (parse; parse and analyse; parse, analyse and
rules; the whole ``coach.check``). ``--warm`` keeps the per-text caches instead, as
``bench_check.py`` does by default: lines the warm-up or an earlier draft held are read from
them (the editor re-checking a draft). Needs valgrind; takes about a minute. Counts are not times
(a cache miss costs more than an add), but on this code they moved with the CPU medians of
``bench_check.py`` wherever the load let those be read.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def run_drafts(count: int, step: str, warm: bool = False) -> None:
    """The measured work: warm-up, then ``count`` 3 × 3 drafts up to ``step``, each cold
    (every per-text cache cleared first) unless ``warm``."""
    from generate_drafts import generate_drafts

    import coach
    from coach import checker
    from coach.config import Settings
    from coach.rubric import load_rubric
    from coach.rubric.vocabulary import load_vocabulary
    from coach.textcaches import clear_per_text_caches

    settings = Settings()
    drafts = [d for d in generate_drafts(2000, 1) if d.is_editor_case][:count]
    for draft in generate_drafts(200, 1_000_003):
        coach.check(coach.parse_text(draft.text, "w.md", "markdown"), settings)
    vocabulary, rubric = load_vocabulary(settings.vocabulary), load_rubric(settings)
    for draft in drafts:
        if not warm:
            clear_per_text_caches()
        parsed = coach.parse_text(draft.text, "d.md", "markdown")
        if step == "parse":
            continue
        checker.analyse_draft(parsed, vocabulary)
        if step == "analyse":
            continue
        if step == "rules":
            checker.run_rules(parsed, rubric, settings, vocabulary)
            continue
        coach.check(parsed, settings)


def count(drafts: int, step: str, warm: bool = False) -> int:
    """valgrind's instruction count for this script checking ``drafts`` drafts."""
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--child",
        str(drafts),
        "--step",
        step,
        *(["--warm"] if warm else []),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise SystemExit("valgrind printed no instruction count:\n" + done.stderr[-2000:])
    return int(found.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=200, help="3 x 3 drafts (at most 389)")
    parser.add_argument("--step", choices=("parse", "analyse", "rules", "check"), default="check")
    parser.add_argument("--warm", action="store_true", help="keep the per-text caches")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        run_drafts(args.child, args.step, args.warm)
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("bench_instructions.py needs valgrind on PATH")
    import coach

    base = count(0, args.step, args.warm)
    measured = count(args.drafts, args.step, args.warm)
    print(f"coach from {Path(coach.__file__).parent}")
    print(
        f"{(measured - base) / args.drafts:,.0f} instructions per "
        f"{'warm' if args.warm else 'cold'} 3 x 3 draft "
        f"(step: {args.step}; {args.drafts} drafts)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
