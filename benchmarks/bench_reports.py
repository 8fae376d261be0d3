"""How long the HTML reports and grade charts take to draw, and how big they are.

    python benchmarks/bench_reports.py                 # batch pages of 10, 100 and 500 teams
    python benchmarks/bench_reports.py --teams 50 --repeat 5

The batch reports are synthetic (coach.batch.records built in memory: each team a row, one worst
line and one duplicate per ten teams); the grade is examples/okrs-q2.md with its actuals. Each
case is drawn ``--repeat`` times after one untimed run; the median is printed. Measures only.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from coach.batch.records import BatchReport, DuplicateGroup, Place, TeamRow, WorstLine
from coach.grading import grade_file
from coach.grading.grade import GradeInputs
from coach.render import charts
from coach.render.batch_html import render_batch_html
from coach.render.grade_html import render_html

ROOT = Path(__file__).resolve().parent.parent


def batch_report(teams: int) -> BatchReport:
    rows = tuple(
        TeamRow(
            f"Team {i}",
            f"okrs/team-{i}.md",
            score=(i * 37) % 101,
            band="good",
            quarter="Q3 2026",
            objectives=3,
            key_results=9,
            task_key_results=i % 10,
        )  # fmt: skip
        for i in range(teams)
    )
    places = [Place(r.team, r.path, 5, f"Increase activation of segment {i} from 10% to 20%")
              for i, r in enumerate(rows)]  # fmt: skip
    return BatchReport(
        rows=rows,
        worst_lines=tuple(
            WorstLine(p, 20, ("OKR012",), "A proposed fix", "offline") for p in places[::10]
        ),  # fmt: skip
        duplicates=tuple(
            DuplicateGroup((a, b), 92.0) for a, b in zip(places[::10], places[1::10], strict=False)
        ),  # fmt: skip
    )


def timed(draw, repeat: int) -> tuple[float, int]:
    """(median milliseconds, size in bytes of what it drew)."""
    out = draw()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = draw()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(out.encode() if isinstance(out, str) else out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, nargs="*", default=[10, 100, 500])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    report = grade_file(
        ROOT / "examples/okrs-q2.md", GradeInputs(actuals=str(ROOT / "examples/actuals-q2.yaml"))
    )
    cases = [(f"batch HTML, {n} teams", lambda n=n: render_batch_html(batch_report(n)))
             for n in args.teams]  # fmt: skip
    cases += [
        ("grade HTML page", lambda: render_html(report)),
        ("grade chart SVG", lambda: charts.encode(charts.grade_figure(report), "svg")),
        ("grade chart PNG 150 dpi", lambda: charts.encode(charts.grade_figure(report), "png")),
        ("grade chart PNG 300 dpi", lambda: charts.encode(charts.grade_figure(report), "png", 300)),
    ]
    print(f"{'case':<28}{'median ms':>12}{'size KB':>10}")
    for name, draw in cases:
        ms, size = timed(draw, args.repeat)
        print(f"{name:<28}{ms:>12.0f}{size / 1024:>10.0f}")


if __name__ == "__main__":
    main()
