"""Time every command, as the user runs it, on pathological drafts generated here.

    python benchmarks/bench_pathological.py [--size 990000] [--timeout 60] [--only NAME]

Each input is a draft the size limit accepts (``--size`` bytes, just under the default
``limits.max_file_bytes`` of 1,000,000): long runs of one token in one key result ("Q3 ",
digits, punctuation, brackets, nested emphasis, …), 100k short key results, one huge line, deep
nesting, and YAML whose aliases expand exponentially. For each input it runs ``coach check``,
``coach rewrite`` (offline: no model variables are passed on) and ``coach grade`` in a fresh
process (``python -m coach``) and measures the wall-clock time the user waits, exit code
included. A run over ``--timeout`` seconds is killed and shown as ``>T``. It prints the time per
command and input, flags any run over the target (5 s) or ending in a traceback / exit 70, and
the worst time per command. A measurement, not a test: it never fails on time.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TARGET_S = 5.0
HEAD = "## Objective: Make every new user feel confident within their first week\n"
NORMAL_KR = "- KR1: Increase onboarding completion from 45% to 70% by end of Q3\n"
COMMANDS = {
    "check": ["check", "--fail-on", "never", "--no-color"],
    "rewrite": ["rewrite", "--provider", "offline"],
    "grade": ["grade", "--no-color"],
}


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def one_kr(unit: str) -> Callable[[int], str]:
    """A normal draft whose second key result is ``unit`` repeated up to the size."""

    def make(size: int) -> str:
        room = size - len(HEAD) - len(NORMAL_KR) - len("- KR2: \n") - 1
        return HEAD + NORMAL_KR + "- KR2: " + _fill(unit, room).rstrip("\n") + "\n"

    return make


def one_objective(unit: str) -> Callable[[int], str]:
    def make(size: int) -> str:
        room = size - len(NORMAL_KR) * 2 - len("## Objective: \n") - 1
        return "## Objective: " + _fill(unit, room).rstrip("\n") + "\n" + NORMAL_KR * 2

    return make


def repeated(block: str, head: str = "") -> Callable[[int], str]:
    def make(size: int) -> str:
        return head + block * ((size - len(head)) // len(block))

    return make


def at_limits(block: str, items_per_block: int, lines_per_block: int) -> Callable[[int], str]:
    """As many blocks as the reader's limits allow (items and lines just under them), padded
    with long key results up to the size: the most work a draft it accepts can ask for."""

    def make(size: int) -> str:
        from coach.parsing import MAX_ITEMS, MAX_LINES

        count = min((MAX_ITEMS - 1) // items_per_block, (MAX_LINES - 1) // lines_per_block)
        text = (block * count)[: size - 1]
        return text + "\n"

    return make


def huge_line(size: int) -> str:
    words = "Increase weekly active users from 1,200 to 3,400 by Q3 and launch the new flow "
    return _fill(words, size - 1) + "\n"


def nested_list(size: int) -> str:
    lines, depth = [HEAD], 0
    total = len(HEAD)
    while total < size - 200:
        line = "  " * (depth % 400) + f"- KR: Increase activation {depth}% to 70%\n"
        lines.append(line)
        total += len(line)
        depth += 1
    return "".join(lines)


def table(size: int) -> str:
    head = "| Objective | Key result | Owner |\n|---|---|---|\n"
    row = "| Grow usage | Increase weekly active users from 1,200 to 3,400 by Q3 | @ana |\n"
    return repeated(row, head)(size)


def table_cell_lines(size: int) -> str:
    """One table cell broken into as many key results as fit (``<br>``), a target for each."""
    head = "## Objective: Grow usage\n\n| Key result | Target |\n|---|---|\n"
    count = max(1, (size - len(head)) // 30)
    cell = "<br>".join(f"KR{i}: Launch thing {i}" for i in range(count))
    return head + "| " + cell + " | " + "<br>".join(str(i) for i in range(count)) + " |\n"


def quote_heading_lazy(size: int) -> str:
    """A blockquote holding a heading, then a line outside it, up to the size or the line limit
    (about 110 KB): markdown-it's blockquote rule (markdown-it-py's and markdown-it.rs's) scans
    from each quote to the end of the document for lazy lines, so the parse is quadratic; the
    blockquote limit (``coach.parsing.MAX_QUOTES``) refuses it first."""
    from coach.parsing import MAX_LINES

    block = "> # h\nlazy\n"
    return block * min(size // len(block), (MAX_LINES - 1) // 2)


def quotes_at_limit(size: int) -> str:
    """The most blockquote work a draft the limits accept can ask for: ``MAX_QUOTES`` of them,
    each holding a heading, at the top, then plain lines (each of which every quote's look-ahead
    reads) up to the size or the line limit."""
    from coach.parsing import MAX_LINES, MAX_QUOTES

    head = HEAD + NORMAL_KR * 2 + "\n" + "> # h\nlazy\n" * MAX_QUOTES
    line = "a plain line of notes\n"
    return head + line * min((size - len(head)) // len(line), MAX_LINES - 5 - 2 * MAX_QUOTES)


def alias_front_matter(size: int) -> str:
    return "---\n" + _alias_bomb() + "---\n" + HEAD + NORMAL_KR * 2


def alias_yaml_draft(size: int) -> str:
    return _alias_bomb() + "objectives:\n  - objective: Grow\n    key_results: [*i]\n"


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def corpus() -> dict[str, tuple[str, Callable[[int], str]]]:
    """name → (file suffix, maker(size) → text)."""
    tokens = {
        "q3": "Q3 ",
        "digits": "1",
        "digits-space": "12 ",
        "thousands": "1,",
        "decimals": "1.",
        "percent": "5% ",
        "money": "$1k ",
        "from-to": "from 1 to 2 ",
        "by-deadline": "by end of Q3 ",
        "years": "in 2026 ",
        "names": "Windows 11 ",
        "the-model": "the 8086 ",
        "per": "per 1k ",
        "day-n": "Day 30 ",
        "placeholder": "[baseline] ",
        "dashes": "-",
        "dots": ".",
        "commas": ",",
        "colons": ":",
        "stars": "*",
        "underscores": "_",
        "backticks": "`",
        "hashes": "#",
        "pipes": "|",
        "tildes": "~",
        "at-owner": "@a ",
        "open-brackets": "[",
        "open-parens": "(",
        "brackets": "[x](",
        "angle": "<!-- ",
        "emphasis": "**_a ",
        "nested-emphasis": "**a _b *c ",
        "tags": "[stretch] ",
        "labels": "KR1: ",
        "task-words": "launch the new ",
        "to-clauses": "to increase signups ",
        "letters": "a",
        "word": "onboarding ",
        "tabs": "\t",
        "unicode-minus": "−1 ",
        "digits-and": "1 and ",  # OKR204's "a number … and a second metric" (fifteenth session)
        "capital-n": "x N ",  # each capital N is a place a template's placeholder label may be
        "held": "stays ",
    }
    out: dict[str, tuple[str, Callable[[int], str]]] = {}
    for name, unit in tokens.items():
        out[f"kr-{name}"] = (".md", one_kr(unit))
    for name in ("q3", "digits", "stars", "open-brackets", "word"):
        out[f"objective-{name}"] = (".md", one_objective(tokens[name]))
    out["100k-short-krs"] = (".md", repeated("- KR: a\n", HEAD))
    out["short-krs-numbers"] = (".md", repeated("- Grow MAU from 1 to 2 by Q3\n", HEAD))
    out["many-objectives"] = (".md", repeated("## O: Grow\n- KR: Increase MAU from 1 to 2\n"))
    out["many-bold-paragraphs"] = (".md", repeated("**Grow usage**\n\n- Increase MAU 1 to 2\n\n"))
    out["numbered-items"] = (".md", repeated("1. Increase MAU from 1 to 2 by Q3\n", HEAD))
    out["blank-lines"] = (".md", repeated("\n", HEAD + NORMAL_KR))
    out["huge-line"] = (".md", huge_line)
    out["nested-list"] = (".md", nested_list)
    out["table"] = (".md", table)
    out["table-cell-lines"] = (".md", table_cell_lines)
    out["quote-heading-lazy"] = (".md", quote_heading_lazy)
    out["quotes-at-limit"] = (".md", quotes_at_limit)
    out["yaml-many-krs"] = (
        ".yaml",
        repeated(
            "    - Increase MAU from 1 to 2 by Q3\n",
            "objectives:\n- objective: Grow\n  key_results:\n",
        ),
    )
    # just under the item and line limits, each key result long
    kr = "- Increase weekly active teams from 1,200 to 3,400 by end of Q3 " + "and more " * 20
    out["limit-items-long-krs"] = (
        ".md",
        at_limits("## Objective: Grow usage\n" + (kr + "\n") * 3, 4, 4),
    )
    out["limit-items-tasks"] = (
        ".md",
        at_limits("## Objective: Grow\n- Launch the new onboarding flow\n- Ship SSO\n", 3, 3),
    )
    out["alias-front-matter"] = (".md", alias_front_matter)
    out["alias-yaml-draft"] = (".yaml", alias_yaml_draft)
    return out


def _at_most(text: str, size: int) -> bytes:
    """The text as UTF-8, cut to ``size`` bytes at a character boundary (makers count
    characters; "−" is three bytes)."""
    data = text.encode("utf-8")
    return data if len(data) <= size else data[:size].decode("utf-8", "ignore").encode("utf-8")


def run(argv: list[str], timeout: float) -> tuple[float, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "OPENAI_"))}
    env["NO_COLOR"] = "1"
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "coach", *argv],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
            env=env,
        )
    except subprocess.TimeoutExpired:
        return float("inf"), "killed"
    elapsed = time.perf_counter() - start
    err = done.stderr.decode("utf-8", "replace")
    if "Traceback" in err or done.returncode == 70:
        return elapsed, f"exit {done.returncode} CRASH: {err.strip().splitlines()[-1][:80]}"
    note = f"exit {done.returncode}"
    if done.returncode == 2:
        note += ": " + (err.strip().splitlines() or [""])[0][:90]
    return elapsed, note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=990_000, help="bytes per input")
    parser.add_argument("--timeout", type=float, default=60.0, help="kill a run after this")
    parser.add_argument("--only", action="append", help="input names (substring), repeatable")
    parser.add_argument("--commands", default=",".join(COMMANDS), help="check,rewrite,grade")
    args = parser.parse_args(argv)
    commands = [c for c in args.commands.split(",") if c]

    print(f"Python {platform.python_version()} on {platform.platform()}; {os.cpu_count()} CPUs")
    print(
        f"inputs of about {args.size:,} bytes; timeout {args.timeout:g} s; target < {TARGET_S:g} s"
    )
    print()
    header = f"{'input':24}" + "".join(f"{c:>10}" for c in commands) + "  notes"
    print(header)
    print("-" * len(header))
    worst = {c: (0.0, "") for c in commands}
    over = 0
    items = corpus()
    if args.only:
        items = {k: v for k, v in items.items() if any(o in k for o in args.only)}
    with tempfile.TemporaryDirectory() as folder:
        for name, (suffix, make) in items.items():
            path = Path(folder) / f"{name}{suffix}"
            path.write_bytes(_at_most(make(args.size), args.size))
            cells, notes = [], []
            for command in commands:
                elapsed, note = run([*COMMANDS[command], str(path)], args.timeout)
                cell = f">{args.timeout:g}" if elapsed == float("inf") else f"{elapsed:.2f}"
                flag = "!" if elapsed >= TARGET_S else " "
                cells.append(f"{cell:>9}{flag}")
                if elapsed >= TARGET_S or note != "exit 0" and note not in ("exit 1",):
                    notes.append(f"{command}: {note}")
                over += elapsed >= TARGET_S
                if elapsed > worst[command][0]:
                    worst[command] = (elapsed, name)
            print(
                f"{name:24}" + "".join(cells) + ("  " + "; ".join(notes) if notes else ""),
                flush=True,
            )
    print()
    for command, (elapsed, name) in worst.items():
        shown = f">{args.timeout:g} s (killed)" if elapsed == float("inf") else f"{elapsed:.2f} s"
        print(f"worst {command:8} {shown:>18}  ({name})")
    print(f"runs at or over {TARGET_S:g} s: {over} (marked !)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
