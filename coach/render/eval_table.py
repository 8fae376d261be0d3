"""Print an eval run as tables: rewrite cases, rewrite totals, the checker per rule."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from coach.evals.score import RATE_KEYS, SUM_KEYS
from coach.render import RenderOptions
from coach.render.rich_text import VisibleText as Text


def _console(width: int, color: bool) -> Console:
    """A console writing to a string: styled for a terminal when ``color`` (``--color``), plain
    otherwise; rich markup off, so a "[target]" in a cell or a run's name is text."""
    from coach.render.text import make_console

    return make_console(RenderOptions(color=color, width=width))


def _thresholds(failures: list[str]) -> Text:
    if not failures:
        return Text("thresholds: ").append("all met", "green")
    return Text("thresholds: ").append("FAILED", "bold red").append("\n  " + "\n  ".join(failures))


def render_tables(results: dict, width: int = 140, color: bool = False) -> str:
    console = _console(width, color)
    run = results["run"]
    console.print(
        Text(
            f"coach eval · provider {run['provider']} ({run['mode']}) · {run.get('rewriter')} "
            f"· {results['cases']['total']} cases, {results['cases']['rewrite']} rewrites"
        )
    )
    cases = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in (
        "case",
        "origin",
        "rubric",
        "invented",
        "subject",
        "baseline",
        "metric",
        "rewrite",
    ):
        cases.add_column(column, overflow="fold")
    for r in results["rewrite"]["cases"]:
        agreement = "—" if r["metric_agreement"] is None else f"{r['metric_agreement']:.2f}"
        cells = (
            r["id"],
            r["origin"],
            str(r["passes_rubric"]),
            str(r["invented_numbers"]),
            str(r["subject_kept"]),
            str(r["baseline_present"]),
            agreement,
            (r["text"] or f"— {r['note']}")[:90],
        )
        cases.add_row(*(Text(c) for c in cells))  # Text: "[target]" is not rich markup
    console.print(cases)
    totals = results["rewrite"]["totals"]
    summary = Table(title="rewrite totals", box=box.SIMPLE_HEAD, show_edge=False)
    for key in ("cases", *RATE_KEYS, *SUM_KEYS):
        summary.add_column(key.replace("_", " "), justify="right")
    summary.add_row(*(str(totals.get(k, "")) for k in ("cases", *RATE_KEYS, *SUM_KEYS)))
    console.print(summary)
    checker = Table(title="checker on the eval cases", box=box.SIMPLE_HEAD, show_edge=False)
    for column in ("rule", "tp", "fp", "fn", "precision", "recall", "f1"):
        checker.add_column(column, justify="right" if column != "rule" else "left")
    rows = {**results["checker"]["per_rule"], "all": results["checker"]["overall"]}
    for rule, s in rows.items():
        checker.add_row(
            Text(rule), *(str(s[k]) for k in ("tp", "fp", "fn", "precision", "recall", "f1"))
        )
    console.print(checker)
    console.print(_thresholds(results.get("failures") or []))
    return console.file.getvalue()  # type: ignore[attr-defined]


REVIEW_COLUMNS = (
    "items",
    "accepted",
    "accepted_tuning",
    "accepted_held_out",
    "rewritten",
    "passes_rubric",
    "invented_numbers",
    "wrong_direction",
    "numbers_kept",
    "distinct",
    "markup",
    "subject",
    "metric",
    "no_drift",
)


def render_review_table(results: dict, width: int = 140, color: bool = False) -> str:
    """The rewrite-review set: the totals (accepted and rewritten over every item; the criteria
    over the rewritten ones), then the items not accepted with the criteria they failed."""
    console = _console(width, color)
    run = results["run"]
    console.print(
        Text(
            f"coach eval --review · provider {run['provider']} ({run['mode']}) · {run['rewriter']}"
        )
    )
    totals = Table(title="rewrite review", box=box.SIMPLE_HEAD, show_edge=False)
    for key in REVIEW_COLUMNS:
        totals.add_column(key.replace("_", " "), justify="right")
    totals.add_row(*(str(results["totals"].get(k, "")) for k in REVIEW_COLUMNS))
    console.print(totals)
    missed = Table(title="not accepted", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in ("item", "origin", "failed", "rewrite"):
        missed.add_column(column, overflow="fold")
    for item in results["items"]:
        if not item["accepted"]:
            cells = (item["id"], item["origin"], ", ".join(item["failed"]), item["after"] or "—")
            missed.add_row(*(Text(c) for c in cells))
    console.print(missed)
    console.print(_thresholds(results.get("failures") or []))
    return console.file.getvalue()  # type: ignore[attr-defined]
