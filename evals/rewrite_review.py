"""Would a careful reviewer accept the coach's rewrites? Scores ``evals/rewrite-review/``.

    python evals/rewrite_review.py [--only ID] [--show] [--json OUT] [--model NAME --base-url URL
                                   [--cassettes DIR [--record]]]

The judging is ``coach.evals.review`` (its docstring has the rules); ``coach eval --review``
runs the same set against its thresholds. This script adds what a person tuning the rewriter
wants: every item's verdict (``--show``), the verdicts as JSON, and a live model (``--model``),
with its traffic recorded (``--record``) for ``coach eval --review --provider model`` to replay.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from coach.evals.review import run, summary

DEFAULT = Path(__file__).resolve().parent / "rewrite-review" / "cases.yaml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DEFAULT)
    parser.add_argument("--only", help="items whose id contains this")
    parser.add_argument("--show", action="store_true", help="print every item's verdict")
    parser.add_argument("--json", type=Path, help="write the verdicts here")
    parser.add_argument("--model", help="use this model (else offline)")
    parser.add_argument("--base-url", help="its OpenAI-compatible endpoint")
    parser.add_argument(
        "--cassettes",
        type=Path,
        help="with --model: replay the model's traffic from this folder (one file per draft)",
    )
    parser.add_argument(
        "--record", action="store_true", help="with --cassettes: record there instead"
    )
    args = parser.parse_args(argv)
    if (args.cassettes or args.record) and not args.model:
        parser.error("--cassettes and --record need --model")
    if args.record and not args.cassettes:
        parser.error("--record needs --cassettes")

    from coach.config import load_settings

    overrides = {"model": {"model": args.model, "base_url": args.base_url}} if args.model else None
    settings = load_settings(overrides={k: v for k, v in (overrides or {}).items()} or None)
    if not args.model:
        settings = replace(settings, model=replace(settings.model, model=None))
    judged = run(args.cases, settings, args.only, None, args.cassettes, args.record)
    if args.show:
        for j in judged:
            failed = [r for r, ok in j.checks.items() if not ok]
            mark = "ok  " if j.accepted else "FAIL"
            print(f"{mark} {j.id} [{j.origin}] {', '.join(failed)}")
            print(f"     - {j.before}")
            print(f"     + {j.after}")
            if j.after is not None and not j.passes_rubric:
                print("     (the rewritten line still breaks a rule a rewrite fixes)")
            if j.invented:
                print(f"     invented: {', '.join(j.invented)}")
    print(summary(judged))
    if args.json:
        args.json.write_text(
            json.dumps([j.__dict__ | {"accepted": j.accepted} for j in judged], indent=2) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
