"""Would a careful reviewer accept the coach's rewrites? Scores ``evals/rewrite-review/``.

    python evals/rewrite_review.py [--only ID] [--half tuning|held-out] [--show] [--json OUT]
                                   [--results TXT] [--cassettes DIR] [--alternatives]
                                   [--model NAME --base-url URL [--cassettes DIR --record]]

The judging is ``coach.evals.review`` (its docstring has the rules); ``coach eval --review``
runs the same set against its thresholds. This script adds what a person tuning the rewriter
wants: every item's verdict (``--show``), only the tuning half's (``--half tuning``: the
README's split, so that the held-out half stays unseen while tuning), the verdicts as JSON, the
per-item results file the set keeps (``--results``, e.g. ``offline-after.txt``), and a live
model (``--model``), with its traffic recorded (``--record``) for ``coach eval --review
--provider model`` and ``--cassettes`` alone to replay (with the model and mode the folder's
``recorded_with.json`` names, whatever the environment says).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from coach.errors import CoachError
from coach.evals.review import HALVES, half, run, summary

DEFAULT = Path(__file__).resolve().parent / "rewrite-review" / "cases.yaml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DEFAULT)
    parser.add_argument("--only", help="items whose id contains this")
    parser.add_argument("--half", choices=HALVES, help="show only this half's items")
    parser.add_argument("--show", action="store_true", help="print every item's verdict")
    parser.add_argument(
        "--results", type=Path, help="write every item's verdict and the summary here"
    )
    parser.add_argument("--json", type=Path, help="write the verdicts here")
    parser.add_argument("--model", help="use this model live (else offline, or --cassettes)")
    parser.add_argument("--base-url", help="its OpenAI-compatible endpoint")
    parser.add_argument(
        "--cassettes",
        type=Path,
        help="replay the model's traffic from this folder (one file per draft), with the model "
        "and mode its recorded_with.json names",
    )
    parser.add_argument(
        "--record", action="store_true", help="with --cassettes: record there instead"
    )
    parser.add_argument(
        "--alternatives",
        action="store_true",
        help="offline: would any of the rewriter's other valid rewrites be accepted? (an upper "
        "bound for choosing among them; per item only with --show --half tuning)",
    )
    args = parser.parse_args(argv)
    if args.alternatives:
        return _alternatives(args)
    if args.record and not (args.model and args.cassettes):
        parser.error("--record needs --model and --cassettes")
    try:
        judged, rewriter_name = _judge(args)
    except CoachError as error:  # a replay gap, a missing recording: one line, its exit code
        print(f"rewrite_review.py: {error}", file=sys.stderr)
        return error.exit_code
    shown = [j for j in judged if not args.half or half(j.id) == args.half]
    if args.show:
        print(verdicts(shown))
    print(summary(shown))
    if args.results:
        header = f"# {rewriter_name} at commit {_commit()}, {date.today()}"
        text = f"{header}; per-item verdicts (--show), then the summary\n"
        args.results.write_text(text + verdicts(shown) + "\n" + summary(shown) + "\n", "utf-8")
    if args.json:
        args.json.write_text(
            json.dumps([j.__dict__ | {"accepted": j.accepted} for j in judged], indent=2) + "\n",
            encoding="utf-8",
        )
    return 0


def _alternatives(args) -> int:
    from coach.config import load_settings
    from coach.evals.review import alternatives

    found = alternatives(args.cases, _offline(load_settings()))
    for name in (None, *HALVES):
        subset = [a for a in found if name is None or half(a.id) == name]
        if args.half and name != args.half:
            continue
        print(
            f"{name or 'all':<9} offline rewrite accepted {sum(a.accepted for a in subset)}"
            f"/{len(subset)}; some valid alternative accepted "
            f"{sum(a.some_accepted for a in subset)}/{len(subset)} "
            f"({sum(len(a.texts) for a in subset) / max(len(subset), 1):.1f} alternatives an item)"
        )
    if args.show and args.half == "tuning":
        for a in found:
            if half(a.id) == "tuning" and not a.accepted:
                marks = "".join("+" if ok else "." for ok in a.each)
                print(f"{'some' if a.some_accepted else 'none'} {a.id} [{marks}]")
    return 0


def _offline(settings):
    """``settings`` with no model, whatever the environment names: the offline rewriter."""
    return replace(settings, model=replace(settings.model, model=None))


def _judge(args) -> tuple[list, str]:
    """Every item judged, and what rewrote them (for the results file's header)."""
    from coach.config import load_settings
    from coach.evals.run import review_model

    overrides = {"model": {"model": args.model, "base_url": args.base_url}} if args.model else None
    settings = load_settings(overrides=overrides)
    rewriter, per_draft = None, None
    if args.cassettes:  # recorded, or replayed as recorded_with.json says
        rewriter, _, settings, per_draft = review_model(args.cassettes, args.record, settings)
    elif not args.model:
        settings = _offline(settings)
    judged = run(
        args.cases, settings, args.only, rewriter, args.cassettes, args.record, per_draft=per_draft
    )
    return judged, _rewriter_name(settings.model.model, args.cassettes, args.record)


def _rewriter_name(model: str | None, cassettes: Path | None, record: bool) -> str:
    """ "offline rewriter", the model live, or the model as its cassettes replay it."""
    if not model:
        return "offline rewriter"
    if cassettes and not record:
        return f"{model}, replayed from {cassettes.name}/"
    return f"{model}, live" + (f" (recorded to {cassettes.name}/)" if cassettes else "")


def verdicts(judged) -> str:
    """Each item's verdict: accepted or the criteria it failed, its line before and after."""
    lines = []
    for j in judged:
        failed = [r for r, ok in j.checks.items() if not ok]
        lines.append(f"{'ok  ' if j.accepted else 'FAIL'} {j.id} [{j.origin}] {', '.join(failed)}")
        lines += [f"     - {j.before}", f"     + {j.after}"]
        if j.after is not None and not j.passes_rubric:
            lines.append("     (the rewritten line still breaks a rule a rewrite fixes)")
        if j.invented:
            lines.append(f"     invented: {', '.join(j.invented)}")
    return "\n".join(lines)


def _commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or "unknown"


if __name__ == "__main__":
    sys.exit(main())
