"""Write a grade's chart: PNG, SVG or an HTML page, atomically (never half a file)."""

from __future__ import annotations

from pathlib import Path

from coach.errors import InputError
from coach.files import Inputs, check_output, write_atomic
from coach.grading.records import GradeReport
from coach.render import charts
from coach.render.grade_html import WHAT as HTML_WHAT
from coach.render.grade_html import render_html
from coach.render.html import require_jinja2

CHART_SUFFIXES = (".png", ".svg", ".html", ".htm")


def check_chart_path(path: str | Path, inputs: Inputs = (), dpi: int | None = None) -> None:
    """Fail early, before grading, on a chart path coach cannot write, a resolution for a chart
    that has none, or a missing extra."""
    suffix = Path(path).suffix.lower()
    if suffix not in CHART_SUFFIXES or not str(path):
        raise InputError(str(path), "a chart must be a .png, .svg or .html file")
    if dpi is not None and suffix != ".png":
        raise InputError(str(path), "--chart-dpi sets a PNG's resolution; this chart is not .png")
    check_output(path, inputs)
    charts.require_matplotlib()
    if suffix in (".html", ".htm"):
        require_jinja2(HTML_WHAT)


def write_chart(
    report: GradeReport, path: str | Path, inputs: Inputs = (), dpi: int | None = None
) -> None:
    """The chart as PNG (``dpi``, default 150), SVG, or a self-contained HTML page, by the
    file's suffix."""
    check_chart_path(path, inputs, dpi)
    suffix = Path(path).suffix.lower()
    if suffix in (".html", ".htm"):
        write_atomic(path, render_html(report), inputs=inputs)
    else:
        figure = charts.grade_figure(report)
        data = charts.encode(figure, suffix[1:], dpi or charts.DEFAULT_DPI)
        write_atomic(path, data, inputs=inputs)
