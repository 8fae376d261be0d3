"""Measure the checker against the labelled corpus: per-rule precision, recall and F1.

    python evals/checker_accuracy.py [--rule OKR201] [--show-errors] [--corpus PATH]

Each statement in ``evals/corpus/statements.yaml`` is put into a minimal Markdown draft (an
objective with two neutral outcome key results, or a key result under its context objective
next to one neutral key result; front matter with a quarter only if the entry gives one). The
draft is parsed with ``coach.parse_text`` and checked with ``coach.check``; only the findings
on that statement's item path count. For the corpus's whole drafts, the draft-level rule ids
count wherever they are reported. Rule ids outside the labelled set are ignored.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEFAULT_CORPUS = Path(__file__).resolve().parent / "corpus" / "statements.yaml"

OBJECTIVE_RULES = ("OKR101", "OKR102", "OKR103", "OKR104")
KEY_RESULT_RULES = (
    "OKR201",
    "OKR202",
    "OKR203",
    "OKR204",
    "OKR401",
    "OKR402",
    "OKR403",
    "OKR404",
    "OKR405",
    "OKR406",
    "OKR407",
    "OKR602",
)
STATEMENT_RULES = OBJECTIVE_RULES + KEY_RESULT_RULES
DRAFT_RULES = ("OKR301", "OKR302", "OKR303", "OKR501", "OKR601", "OKR603")
LABELLED_RULES = STATEMENT_RULES + DRAFT_RULES

NEUTRAL_OBJECTIVE = "Make every new customer successful with our product in their first week"
NEUTRAL_KEY_RESULTS = (
    "Raise the share of accounts with a weekly active admin from 22% to 35% by end of Q2",
    "Reduce median time to first value from 9 days to 3 days by end of Q2",
)
OBJECTIVE_PATH = "objectives[0]"
KEY_RESULT_PATH = "objectives[0].key_results[0]"


@dataclass
class Case:
    """One measured item: a statement or a whole draft, with expected and reported rule ids."""

    name: str
    kind: str  # "objective" | "key_result" | "draft"
    text: str
    expected: frozenset[str]
    got: frozenset[str] = frozenset()
    error: str | None = None
    note: str | None = None


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class Evaluation:
    cases: list[Case] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)

    @property
    def errors(self) -> list[Case]:
        return [case for case in self.cases if case.error]


def load_corpus(corpus_path: str | Path = DEFAULT_CORPUS) -> dict:
    data = yaml.safe_load(Path(corpus_path).read_text(encoding="utf-8"))
    return {"statements": data.get("statements") or [], "drafts": data.get("drafts") or []}


def statement_draft(entry: dict) -> tuple[str, str]:
    """The Markdown draft that holds one statement, and the statement's item path in it."""
    if entry["kind"] == "objective":
        lines = [f"## Objective: {entry['text']}", ""]
        lines += [f"- {kr}" for kr in NEUTRAL_KEY_RESULTS]
        return "\n".join(lines) + "\n", OBJECTIVE_PATH
    lines = []
    if entry.get("quarter"):
        lines += ["---", f"quarter: {entry['quarter']}", "---", ""]
    lines += [f"## Objective: {entry.get('context') or NEUTRAL_OBJECTIVE}", ""]
    lines += [f"- {entry['text']}", f"- {NEUTRAL_KEY_RESULTS[0]}"]
    return "\n".join(lines) + "\n", KEY_RESULT_PATH


def _structure_problem(draft, kind: str) -> str | None:
    """Why the parsed harness draft does not have the item where we put it, if it does not."""
    if len(draft.objectives) != 1:
        return f"parsed {len(draft.objectives)} objectives, expected 1"
    expected_krs = 2
    got_krs = len(draft.objectives[0].key_results)
    if got_krs != expected_krs:
        return f"parsed {got_krs} key results, expected {expected_krs}"
    return None


def _run(text: str, source: str, settings) -> tuple[object, tuple]:
    import coach

    draft = coach.parse_text(text, source, "markdown")
    report = coach.check(draft, settings)
    return draft, report.findings


def _measure_statement(index: int, entry: dict, settings) -> Case:
    markdown, path = statement_draft(entry)
    case = Case(
        name=f"statements[{index}]",
        kind=entry["kind"],
        text=entry["text"],
        expected=frozenset(entry.get("labels") or ()),
        note=entry.get("note"),
    )
    try:
        draft, findings = _run(markdown, f"corpus:{case.name}", settings)
    except Exception as exc:  # a crash on one item is reported (and counted as a miss)
        case.error = f"{type(exc).__name__}: {exc}"
        return case
    case.error = _structure_problem(draft, entry["kind"])
    case.got = frozenset(
        f.rule_id for f in findings if f.path == path and f.rule_id in STATEMENT_RULES
    )
    return case


def _measure_draft(index: int, entry: dict, settings) -> Case:
    case = Case(
        name=f"drafts[{index}] {entry.get('name', '')}".strip(),
        kind="draft",
        text=entry["text"],
        expected=frozenset(entry.get("labels") or ()),
        note=entry.get("note"),
    )
    try:
        _, findings = _run(entry["text"], f"corpus:{case.name}", settings)
    except Exception as exc:
        case.error = f"{type(exc).__name__}: {exc}"
        return case
    case.got = frozenset(f.rule_id for f in findings if f.rule_id in DRAFT_RULES)
    return case


def _tally(cases: Iterable[Case]) -> dict[str, Counts]:
    counts = {rule: Counts() for rule in LABELLED_RULES}
    for case in cases:
        rules = DRAFT_RULES if case.kind == "draft" else STATEMENT_RULES
        for rule in rules:
            want, got = rule in case.expected, rule in case.got
            if want and got:
                counts[rule].tp += 1
            elif got:
                counts[rule].fp += 1
            elif want:
                counts[rule].fn += 1
    return counts


def evaluate(corpus_path: str | Path = DEFAULT_CORPUS, settings=None) -> Evaluation:
    """Check every corpus item and count per-rule true/false positives and false negatives."""
    from coach.config import Settings

    settings = settings or Settings()
    corpus = load_corpus(corpus_path)
    cases = [_measure_statement(i, e, settings) for i, e in enumerate(corpus["statements"])]
    cases += [_measure_draft(i, e, settings) for i, e in enumerate(corpus["drafts"])]
    return Evaluation(cases=cases, counts=_tally(cases))


def measure(corpus_path: str | Path = DEFAULT_CORPUS) -> dict[str, dict[str, float | int]]:
    """Per-rule {"tp","fp","fn","precision","recall","f1"} over the labelled rule ids.

    Raises RuntimeError if the parser or checker crashed on any item (or the harness draft did
    not parse into the expected shape), so a test fails with the reason rather than a score.
    """
    evaluation = evaluate(corpus_path)
    if evaluation.errors:
        first = evaluation.errors[0]
        raise RuntimeError(
            f"{len(evaluation.errors)} corpus item(s) could not be measured; "
            f"first: {first.name} {first.text!r}: {first.error}"
        )
    return {rule: counts.as_dict() for rule, counts in evaluation.counts.items()}


def task_headline(evaluation: Evaluation) -> str:
    krs = [c for c in evaluation.cases if c.kind == "key_result"]
    tasks = [c for c in krs if "OKR201" in c.expected]
    outcomes = [c for c in krs if "OKR201" not in c.expected]
    caught = sum("OKR201" in c.got for c in tasks)
    flagged = sum("OKR201" in c.got for c in outcomes)
    correct = caught + len(outcomes) - flagged
    counts = evaluation.counts["OKR201"]
    accuracy = correct / len(krs) if krs else 0.0
    return (
        f"task vs outcome (OKR201): {caught}/{len(tasks)} tasks caught, "
        f"{flagged}/{len(outcomes)} outcomes wrongly flagged; accuracy {accuracy:.3f}, "
        f"precision {counts.precision:.3f}, recall {counts.recall:.3f}, F1 {counts.f1:.3f}"
    )


def format_table(evaluation: Evaluation, rules: Iterable[str]) -> str:
    rows = [f"{'rule':<8} {'TP':>4} {'FP':>4} {'FN':>4} {'prec':>6} {'recall':>6} {'F1':>6}"]
    total = Counts()
    for rule in rules:
        c = evaluation.counts[rule]
        total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        rows.append(
            f"{rule:<8} {c.tp:>4} {c.fp:>4} {c.fn:>4} "
            f"{c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}"
        )
    rows.append(
        f"{'all':<8} {total.tp:>4} {total.fp:>4} {total.fn:>4} "
        f"{total.precision:>6.3f} {total.recall:>6.3f} {total.f1:>6.3f}"
    )
    return "\n".join(rows)


def format_errors(evaluation: Evaluation, rule: str | None) -> str:
    lines = []
    for case in evaluation.cases:
        if case.error:
            continue
        missing, extra = case.expected - case.got, case.got - case.expected
        if rule:
            missing, extra = missing & {rule}, extra & {rule}
        if not (missing or extra):
            continue
        text = case.text if case.kind != "draft" else "(whole draft)"
        lines.append(f"{case.name} [{case.kind}] {text}")
        if missing:
            lines.append(f"    missed: {', '.join(sorted(missing))}")
        if extra:
            lines.append(f"    wrong:  {', '.join(sorted(extra))}")
        if case.note:
            lines.append(f"    note:   {case.note}")
    return "\n".join(lines) if lines else "no misclassified items"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rule", help="report one rule id only, e.g. OKR201")
    parser.add_argument("--show-errors", action="store_true", help="list misclassified items")
    args = parser.parse_args(argv)

    rule = args.rule.upper() if args.rule else None
    if rule and rule not in LABELLED_RULES:
        parser.error(f"{rule} is not a labelled rule id ({', '.join(LABELLED_RULES)})")

    evaluation = evaluate(args.corpus)
    measured = [c for c in evaluation.cases if not c.error]
    if not measured:
        first = evaluation.errors[0]
        print(f"nothing could be measured; first error: {first.error}", file=sys.stderr)
        return 2

    statements = [c for c in evaluation.cases if c.kind != "draft"]
    drafts = [c for c in evaluation.cases if c.kind == "draft"]
    print(f"corpus: {args.corpus}")
    print(f"{len(statements)} statements, {len(drafts)} drafts, {len(evaluation.errors)} errors")
    print()
    print(format_table(evaluation, [rule] if rule else LABELLED_RULES))
    print()
    print(task_headline(evaluation))
    if evaluation.errors:
        print()
        print("could not measure:")
        for case in evaluation.errors:
            print(f"  {case.name} {case.text[:70]!r}: {case.error}")
    if args.show_errors:
        print()
        print(format_errors(evaluation, rule))
    return 0


if __name__ == "__main__":
    sys.exit(main())
