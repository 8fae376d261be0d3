"""How well the reader finds objectives and key results in real published OKR documents.

    python evals/structure_accuracy.py [--show-errors] [--only NAME] [--validate]

Each document in ``evals/structure/docs/`` (``NAME.md``) has a hand-made label beside it
(``NAME.yaml``): which lines hold objectives, which key results belong to which objective, which
objective is the parent of which (nested trees), which lines are metadata or prose. The script
parses every document with ``coach.parse_text`` and compares, by line:

- an objective counts when the reader puts an objective on its labelled line;
- a key result counts when the reader puts a key result on its labelled line *under the
  objective labelled for it*;
- a parent link counts when the reader's objective on that line names the labelled parent.

It prints objective and key-result precision and recall over all documents and how many
documents were read exactly right. ``--validate`` checks only the labels (every labelled line
holds its ``text`` fragment), without the reader, so labels can be made blind to the code.
Documents labelled ``okr_document: false`` are non-OKR Markdown: the reader must find nothing.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from checker_accuracy import Counts

DEFAULT_DIR = Path(__file__).resolve().parent / "structure" / "docs"
REQUIRED_KEYS = ("source", "licence", "attribution", "formats")


@dataclass(frozen=True)
class Truth:
    """What a person reads in one document."""

    objectives: frozenset[int]
    key_results: frozenset[tuple[int, int]]  # (objective line, key result line)
    parents: frozenset[tuple[int, int]]  # (objective line, parent objective line)
    okr_document: bool = True


@dataclass
class DocResult:
    name: str
    truth: Truth
    objectives: frozenset[int] = frozenset()
    key_results: frozenset[tuple[int, int]] = frozenset()
    parents: frozenset[tuple[int, int]] = frozenset()
    error: str | None = None

    @property
    def exact(self) -> bool:
        return (
            self.error is None
            and self.objectives == self.truth.objectives
            and self.key_results == self.truth.key_results
            and self.parents == self.truth.parents
        )


class Tally(Counts):
    """Counts of matched (tp), wrong (fp) and missed (fn) items, added per document."""

    def add(self, got: frozenset, want: frozenset) -> None:
        self.tp += len(got & want)
        self.fp += len(got - want)
        self.fn += len(want - got)


@dataclass
class Summary:
    results: list[DocResult] = field(default_factory=list)
    objectives: Tally = field(default_factory=Tally)
    key_results: Tally = field(default_factory=Tally)
    parents: Tally = field(default_factory=Tally)

    @property
    def exact(self) -> int:
        return sum(result.exact for result in self.results)


def documents(folder: Path = DEFAULT_DIR) -> list[tuple[str, Path, Path]]:
    """(name, Markdown path, label path) for every labelled document, sorted by name."""
    pairs = []
    for label in sorted(folder.glob("*.yaml")):
        doc = label.with_suffix(".md")
        pairs.append((label.stem, doc, label))
    return pairs


def load_label(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def truth_of(label: dict) -> Truth:
    objectives, key_results, parents = set(), set(), set()
    for objective in label.get("objectives") or ():
        line = int(objective["line"])
        objectives.add(line)
        if objective.get("parent") is not None:
            parents.add((line, int(objective["parent"])))
        for kr in objective.get("key_results") or ():
            key_results.add((line, int(kr["line"])))
    return Truth(
        frozenset(objectives),
        frozenset(key_results),
        frozenset(parents),
        okr_document=label.get("okr_document", True),
    )


def validate(name: str, doc: Path, label: dict) -> list[str]:
    """Problems with one label: missing keys, lines out of range, text not on its line."""
    problems = []
    if not doc.exists():
        return [f"{name}: no document {doc.name} beside the label"]
    lines = doc.read_text(encoding="utf-8").split("\n")
    for key in REQUIRED_KEYS:
        if not label.get(key):
            problems.append(f"{name}: label has no {key!r}")
    objective_lines = {int(o["line"]) for o in label.get("objectives") or ()}

    def check_line(what: str, entry: dict) -> None:
        line = int(entry.get("line", 0))
        fragment = str(entry.get("text") or "")
        if not 1 <= line <= len(lines):
            problems.append(f"{name}: {what} line {line} is outside the document")
        elif not fragment:
            problems.append(f"{name}: {what} on line {line} has no text fragment")
        elif fragment not in lines[line - 1]:
            problems.append(
                f"{name}: {what} line {line} does not hold {fragment!r}: {lines[line - 1]!r}"
            )

    for objective in label.get("objectives") or ():
        check_line("objective", objective)
        parent = objective.get("parent")
        if parent is not None and int(parent) not in objective_lines:
            problems.append(
                f"{name}: parent {parent} of objective {objective['line']} is not labelled"
            )
        for kr in objective.get("key_results") or ():
            check_line("key result", kr)
    for line in label.get("metadata") or ():
        if not 1 <= int(line) <= len(lines):
            problems.append(f"{name}: metadata line {line} is outside the document")
    if label.get("okr_document", True) and not objective_lines:
        problems.append(f"{name}: an OKR document with no objectives labelled")
    return problems


def read(name: str, doc: Path, truth: Truth) -> DocResult:
    """Parse one document with the coach's reader and collect what it found, by line."""
    from coach.errors import InputError
    from coach.parsing import parse_text

    result = DocResult(name=name, truth=truth)
    try:
        draft = parse_text(doc.read_text(encoding="utf-8"), str(doc), "markdown")
    except InputError as exc:
        if truth.okr_document:
            result.error = str(exc)
        return result
    except Exception as exc:  # a crash is a result too: reported, counted as misses
        result.error = f"{type(exc).__name__}: {exc}"
        return result
    objectives, key_results, parents = set(), set(), set()
    for objective in draft.objectives:
        line = objective.position.line
        objectives.add(line)
        for kr in objective.key_results:
            key_results.add((line, kr.position.line))
    for objective in draft.objectives:
        if objective.parent is not None:
            parents.add((objective.position.line, draft.objectives[objective.parent].position.line))
    result.objectives = frozenset(objectives)
    result.key_results = frozenset(key_results)
    result.parents = frozenset(parents)
    return result


def evaluate(folder: Path = DEFAULT_DIR, only: str | None = None) -> Summary:
    summary = Summary()
    for name, doc, label_path in documents(folder):
        if only and only not in name:
            continue
        truth = truth_of(load_label(label_path))
        result = read(name, doc, truth)
        summary.results.append(result)
        summary.objectives.add(result.objectives, truth.objectives)
        summary.key_results.add(result.key_results, truth.key_results)
        summary.parents.add(result.parents, truth.parents)
    return summary


def format_summary(summary: Summary) -> str:
    rows = [f"{len(summary.results)} documents, {summary.exact} read exactly right"]
    for what, tally in (
        ("objectives", summary.objectives),
        ("key results", summary.key_results),
        ("parent links", summary.parents),
    ):
        rows.append(
            f"{what:<12} precision {tally.precision:.3f}  recall {tally.recall:.3f}  "
            f"(found {tally.tp}, wrong {tally.fp}, missed {tally.fn})"
        )
    return "\n".join(rows)


def format_errors(summary: Summary) -> str:
    lines = []
    for result in summary.results:
        if result.exact:
            continue
        lines.append(result.name)
        if result.error:
            lines.append(f"    error: {result.error}")
        truth = result.truth
        for what, got, want in (
            ("objective", result.objectives, truth.objectives),
            ("key result", result.key_results, truth.key_results),
            ("parent", result.parents, truth.parents),
        ):
            missed, wrong = sorted(want - got), sorted(got - want)
            if missed:
                lines.append(f"    missed {what}: {missed}")
            if wrong:
                lines.append(f"    wrong {what}: {wrong}")
    return "\n".join(lines) if lines else "every document read exactly right"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--only", help="documents whose name contains this")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--validate", action="store_true", help="check the labels only")
    args = parser.parse_args(argv)

    if args.validate:
        problems = []
        pairs = [p for p in documents(args.dir) if not args.only or args.only in p[0]]
        for name, doc, label_path in pairs:
            problems += validate(name, doc, load_label(label_path))
        print("\n".join(problems) if problems else f"{len(pairs)} labels valid")
        return 1 if problems else 0

    summary = evaluate(args.dir, args.only)
    print(format_summary(summary))
    if args.show_errors:
        print()
        print(format_errors(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
