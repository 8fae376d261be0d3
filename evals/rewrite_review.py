"""Would a careful reviewer accept the coach's rewrites? Scores ``evals/rewrite-review/``.

    python evals/rewrite_review.py [--only ID] [--show] [--json OUT] [--model NAME --base-url URL
                                   [--cassettes DIR [--record]]]

Each item of ``evals/rewrite-review/cases.yaml`` (a real published task-style or vague key
result or objective, with what a reviewer would accept, written blind to the rewriter) is put
into a draft the way its document had it — its objective, its line with the markup, the
quarter in front matter, the draft's other items for a ``drafts:`` group — and rewritten with
``coach.rewrite.rewrite_file`` (offline unless ``--model`` is given). The rewrite of the item's
line is judged by the README's rules, all deterministic:

a. subject kept — an ``accept.subjects`` entry appears (case-insensitive);
b. fitting metric — every content word of some ``accept.metric_families`` entry appears
   (word stems, so "completion rate" matches "rate of completion"); objectives: a
   ``beneficiaries`` entry appears and the text does not open with an activity verb;
c. numbers kept — every ``accept.keep_numbers`` value appears (digits or number words);
d. markup kept — every ``accept.markup`` string appears byte for byte in the rewritten line;
e. no drift — no ``accept.drift`` phrase appears;
f. no invented number — every number comes from the line, the objective, the metrics, the
   quarter or (in a draft) the other items; placeholders in brackets are not numbers.

An item the coach leaves as it was (it found nothing to fix, or could not rewrite it) is not
accepted: the reviewer asked for a rewrite. Drafts add one more rule: no two rewrites in a draft
may be the same sentence once numbers and placeholders are masked. The script prints the share
accepted and each rule's pass rate, overall and for key results and objectives.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

DEFAULT = Path(__file__).resolve().parent / "rewrite-review" / "cases.yaml"
RULES = ("rewritten", "subject", "metric", "numbers_kept", "markup", "no_drift", "no_invented")
ACTIVITY_VERBS = (
    "improve increase enhance optimize optimise grow expand scale launch build implement migrate "
    "support create develop identify ship deliver complete execute maintain reduce decrease "
    "solidify champion guide open-source set up level up level-up"
).split()
_NUMBER = re.compile(r"(?<![\w.])[-+]?\d[\d,]*(?:\.\d+)?(?:[kKmMbB]\b)?%?")
_PLACEHOLDER = re.compile(r"\[[^\]\n]*\]|\bX+%?(?=\W|$)")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = set(
    "a an the of to for in on at by with and or from per our their its as is are be".split()
)
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "twelve": "12", "twenty": "20", "hundred": "100",
}  # fmt: skip


@dataclass
class Judged:
    id: str
    kind: str
    before: str
    after: str | None
    origin: str
    checks: dict[str, bool] = field(default_factory=dict)
    invented: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return all(self.checks.values())


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s", "ing", "ed", "ion"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _content(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP}


def _numbers(text: str) -> set[str]:
    """Numbers in a text, normalised ("1,200" → "1200", "125K" → "125k"), placeholders ignored."""
    text = _PLACEHOLDER.sub(" ", text)
    found = set()
    for raw in _NUMBER.findall(text):
        value = raw.replace(",", "").lower().lstrip("+")
        found.add(value.rstrip("%"))
    for word, digit in _NUMBER_WORDS.items():
        if re.search(rf"\b{word}\b", text, re.I):
            found.add(digit)
    return found


def _quarter_numbers(quarter: str | None) -> set[str]:
    return _numbers(quarter or "") | ({"4"} if quarter else set())  # "end of Q3" etc.


def _item_line(item: dict) -> str:
    line = item.get("line") or f"- {item['text']}"
    return line if line.lstrip().startswith(("-", "*", "+")) or line[:1].isdigit() else f"- {line}"


def _draft_text(items: list[dict]) -> tuple[str, dict[str, int]]:
    """One draft holding the items (one objective, or a key result under its objective), and
    the 1-based line of each item."""
    first = items[0]
    quarter = first.get("quarter")
    lines = ["---", f"quarter: {quarter}", "---", ""] if quarter else []
    where: dict[str, int] = {}
    if first["kind"] == "objective":  # as its document had it, markup and all, with one KR
        line, key_result = (
            first.get("line"),
            "Raise weekly active teams from [baseline] to [target]",
        )
        if line and line.lstrip()[:1] in "-*+":  # a list item under an "Objectives" heading
            lines += ["## Objectives", "", line]
            where[first["id"]] = len(lines)
            lines.append(f"  {line.lstrip()[0]} {key_result}")
        else:  # a heading or a labelled line
            lines.append(line or f"## Objective: {first['text']}")
            where[first["id"]] = len(lines)
            lines += ["", f"- {key_result}"]
        return "\n".join(lines) + "\n", where
    lines += [f"## Objective: {first.get('objective') or 'Make our users successful'}", ""]
    for item in items:
        lines.append(_item_line(item))
        where[item["id"]] = len(lines)
    return "\n".join(lines) + "\n", where


def _judge(item: dict, after: str | None, line: str | None, allowed: set[str]) -> dict:
    accept = item.get("accept") or {}
    text = after or ""
    low = text.lower()
    checks = {"rewritten": after is not None}
    subjects = accept.get("subjects") or []
    checks["subject"] = not subjects or any(s.lower() in low for s in subjects)
    if item["kind"] == "objective":
        beneficiaries = accept.get("beneficiaries") or []
        first = _WORD.findall(low)[:2]
        opens_with_activity = bool(first) and (
            first[0] in ACTIVITY_VERBS or " ".join(first) in ACTIVITY_VERBS
        )
        checks["metric"] = (
            not beneficiaries or any(b.lower() in low for b in beneficiaries)
        ) and not opens_with_activity
    else:
        families = accept.get("metric_families") or []
        words = _content(text)
        checks["metric"] = not families or any(_content(f) <= words for f in families)
    keep = accept.get("keep_numbers") or []
    have = _numbers(text)
    checks["numbers_kept"] = all(
        str(k).lower() in low or (_numbers(str(k)) and _numbers(str(k)) <= have) for k in keep
    )
    markup = accept.get("markup") or []
    checks["markup"] = all(m in (line or "") for m in markup)
    checks["no_drift"] = not any(d.lower() in low for d in accept.get("drift") or [])
    invented = sorted(have - allowed)
    checks["no_invented"] = not invented
    return {"checks": checks, "invented": invented}


def run(
    path: Path = DEFAULT,
    only: str | None = None,
    settings=None,
    cassettes: Path | None = None,
    record: bool = False,
) -> list[Judged]:
    """Judge every item (or those whose id contains ``only``). With ``cassettes``, each draft's
    model traffic is recorded there (``record``) or replayed from there, one file per draft; a
    replay judges only the drafts the folder holds (the summary counts the items judged)."""
    from contextlib import nullcontext

    from coach.rewrite import rewrite_file

    recorder = None
    if cassettes is not None:
        from coach.llm.recording import make_vcr

        recorder = make_vcr(cassettes, "all" if record else "none")

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = {item["id"]: item for item in data["items"]}
    groups = [[items[i] for i in d["items"]] for d in data.get("drafts") or []]
    grouped = {item["id"] for group in groups for item in group}
    groups += [[item] for item in data["items"] if item["id"] not in grouped]
    judged: list[Judged] = []
    for group in groups:
        if only and not any(only in item["id"] for item in group):
            continue
        if recorder and not record and not (cassettes / f"{group[0]['id']}.yaml").is_file():
            continue  # replaying a partial recording: only the drafts it holds are judged
        text, where = _draft_text(group)
        with tempfile.TemporaryDirectory() as folder:
            draft = Path(folder) / "draft.md"
            draft.write_text(text, encoding="utf-8")
            metrics_values = {
                k: str(v) for item in group for k, v in (item.get("metrics") or {}).items()
            }
            metrics = None
            if metrics_values:
                metrics = Path(folder) / "metrics.yaml"
                metrics.write_text(yaml.safe_dump(metrics_values), encoding="utf-8")
            traffic = recorder.use_cassette(f"{group[0]['id']}.yaml") if recorder else nullcontext()
            with traffic:
                result = rewrite_file(draft, settings, metrics, use_cache=False)
        by_line = {c.line: c for c in result.changes}
        new_lines = result.new_text.split("\n")
        allowed_all = set().union(*(_numbers(_item_line(i)) for i in group))
        for item in group:
            change = by_line.get(where[item["id"]])
            after = change.after if change is not None else None
            line = new_lines[where[item["id"]] - 1] if after is not None else None
            allowed = (
                allowed_all
                | _numbers(item.get("text", ""))
                | _numbers(item.get("objective") or "")
                | _numbers(" ".join(str(v) for v in (item.get("metrics") or {}).values()))
                | _quarter_numbers(item.get("quarter"))
            )
            verdict = _judge(item, after, line, allowed)
            judged.append(
                Judged(
                    item["id"],
                    item["kind"],
                    item["text"],
                    after,
                    change.origin if change is not None else "unchanged",
                    verdict["checks"],
                    verdict["invented"],
                )  # fmt: skip
            )
        rewrites = [
            _PLACEHOLDER.sub("#", _NUMBER.sub("#", j.after or "")) for j in judged[-len(group) :]
        ]
        repeated = {r for r, n in Counter(r for r in rewrites if r).items() if n > 1}
        for j, masked in zip(judged[-len(group) :], rewrites, strict=True):
            j.checks["distinct"] = masked not in repeated
    return judged


def summary(judged: list[Judged]) -> str:
    rows = []
    for label, subset in (
        ("all", judged),
        ("key results", [j for j in judged if j.kind == "key_result"]),
        ("objectives", [j for j in judged if j.kind == "objective"]),
    ):
        if not subset:
            continue
        accepted = sum(j.accepted for j in subset)
        done = [j for j in subset if j.after is not None] or subset
        rates = f"rewritten {len([j for j in subset if j.after is not None]) / len(subset):.2f}"
        rates += "   of those: " + "  ".join(
            f"{rule} {sum(j.checks.get(rule, True) for j in done) / len(done):.2f}"
            for rule in (*RULES[1:], "distinct")
        )
        rows.append(
            f"{label:<12} accepted {accepted}/{len(subset)} = {accepted / len(subset):.2f}   {rates}"
        )
    invented = sum(bool(j.invented) for j in judged if j.after is not None)
    rows.append(f"rewrites with an invented number: {invented}")
    return "\n".join(rows)


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
    judged = run(args.cases, args.only, settings, args.cassettes, args.record)
    if args.show:
        for j in judged:
            failed = [r for r, ok in j.checks.items() if not ok]
            mark = "ok  " if j.accepted else "FAIL"
            print(f"{mark} {j.id} [{j.origin}] {', '.join(failed)}")
            print(f"     - {j.before}")
            print(f"     + {j.after}")
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
