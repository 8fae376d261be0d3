"""Every draft the repository holds, checked: a snapshot to compare the checker before and
after a change that must not alter any finding.

    python benchmarks/findings_snapshot.py OUT.jsonl [--drafts 3000]
    python benchmarks/findings_snapshot.py NEW.jsonl && cmp OLD.jsonl NEW.jsonl

The inputs are ``parse_snapshot.py``'s (every document under docs/, evals/, examples/ and
tests/, the tests' inline drafts, the eval corpus statements, generated drafts of two seeds,
the pathological inputs). Each is checked twice with the default settings: once with every
per-text cache cleared (text never seen, as in a batch) and once more with the caches as the
first check left them (as an editor re-checking). One JSON line per input: its findings
(``Finding.to_json`` and the source), each key result's analysis, the scorecard and counts of
both checks, or the error the parse raised.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from parse_snapshot import write_snapshot  # noqa: E402

from coach.checker import check  # noqa: E402
from coach.model import to_json  # noqa: E402
from coach.parsing import parse_text  # noqa: E402
from coach.textcaches import clear_per_text_caches  # noqa: E402


def _checked(text: str, name: str, fmt: str | None) -> dict:
    report = check(parse_text(text, name, fmt))
    return {
        "findings": [{**f.to_json(), "source": f.source} for f in report.findings],
        "analyses": [to_json(kr.analysis) for o in report.draft.objectives for kr in o.key_results],
        "scorecard": report.scorecard.to_json(),
        "counts": report.counts,
    }


def _both(name: str, text: str, fmt: str | None) -> dict:
    clear_per_text_caches()
    try:
        return {"cold": _checked(text, name, fmt), "warm": _checked(text, name, fmt)}
    except Exception as error:  # noqa: BLE001 - the error is the result
        return {"error": type(error).__name__, "message": str(error)}


def main() -> None:
    write_snapshot(__doc__.split("\n")[0], _both)


if __name__ == "__main__":
    main()
