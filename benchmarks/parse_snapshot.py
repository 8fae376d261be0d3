"""Every draft the repository holds, parsed: a snapshot to compare the reader before and after
a change that must not alter any result.

    python benchmarks/parse_snapshot.py OUT.jsonl [--drafts 3000]
    python benchmarks/parse_snapshot.py NEW.jsonl && cmp OLD.jsonl NEW.jsonl

One JSON line per input: its name and ``coach.model.to_json(parse_text(...))``, or the error
it raised. The inputs: every Markdown, YAML, JSON and text file under docs/, evals/, examples/
and tests/; every multi-line string literal in tests/ (the drafts the tests write inline);
the eval corpus statements as one-key-result drafts; generated drafts (two seeds); and the
pathological inputs of ``bench_pathological.py`` at 3,000 bytes.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from generate_drafts import generate_drafts  # noqa: E402

from coach.model import to_json  # noqa: E402
from coach.parsing import parse_text  # noqa: E402

SUFFIXES = {".md", ".markdown", ".txt", ".yaml", ".yml", ".json"}


def inputs(drafts: int) -> Iterator[tuple[str, str, str | None]]:
    """(name, text, format or None to guess) of every input."""
    for folder in ("docs", "evals", "examples", "tests"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix.lower() in SUFFIXES and path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                name = str(path.relative_to(ROOT))
                yield name, text, None
                yield name + "#md", text, "markdown"
    for path in sorted((ROOT / "tests").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if "\n" in node.value.strip():
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", node.value, "markdown"
    import yaml

    for path in sorted((ROOT / "evals" / "corpus").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for n, item in enumerate(data.get("statements", []) if isinstance(data, dict) else []):
            text = str(item.get("text", ""))
            context = str(item.get("context") or "Grow the business")
            yield f"{path.name}[{n}]", f"## Objective: {context}\n\n- KR: {text}\n", "markdown"
    for seed in (1, 7):
        for n, draft in enumerate(generate_drafts(drafts, seed)):
            yield f"generated-{seed}-{n}", draft.text, "markdown"
    import bench_pathological

    for name, (suffix, make) in bench_pathological.corpus().items():
        yield f"pathological-{name}{suffix}", make(3000), None


def _parsed(name: str, text: str, fmt: str | None) -> dict:
    try:
        result = to_json(parse_text(text, name, fmt))
    except Exception as error:  # noqa: BLE001 - the error is the result
        result = {"error": type(error).__name__, "message": str(error)}
    return {"draft": result}


def write_snapshot(description: str, result: Callable[[str, str, str | None], dict]) -> None:
    """The command line of a snapshot script: one JSON line per input, ``{"name": …}`` and what
    ``result(name, text, format)`` gives."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("out", type=Path)
    parser.add_argument("--drafts", type=int, default=3000, help="generated drafts per seed")
    args = parser.parse_args()
    count = 0
    # a lone surrogate (the API may pass one) is written as its JSON escape, "\\ud800"
    with args.out.open("w", encoding="utf-8", errors="backslashreplace") as out:
        for name, text, fmt in inputs(args.drafts):
            line = {"name": name, **result(name, text, fmt)}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            count += 1
    print(f"{count} inputs written to {args.out}")


def main() -> None:
    write_snapshot(__doc__.split("\n")[0], _parsed)


if __name__ == "__main__":
    main()
