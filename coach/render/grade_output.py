"""Write a grade's chart: PNG bytes or an HTML page, atomically (never half a file)."""

from __future__ import annotations

from pathlib import Path

from coach.errors import InputError
from coach.files import Inputs, check_output, write_atomic
from coach.grading.records import GradeReport
from coach.render.grade_chart import render_png, require_matplotlib
from coach.render.grade_html import render_html

CHART_SUFFIXES = (".png", ".html", ".htm")


def check_chart_path(path: str | Path, inputs: Inputs = ()) -> None:
    """Fail early, before grading, on a chart path coach cannot write."""
    if Path(path).suffix.lower() not in CHART_SUFFIXES or not str(path):
        raise InputError(str(path), "a chart must be a .png or .html file")
    check_output(path, inputs)
    require_matplotlib()


def write_chart(report: GradeReport, path: str | Path, inputs: Inputs = ()) -> None:
    """The chart as PNG, or as a self-contained HTML page, by the file's suffix."""
    check_chart_path(path, inputs)
    if Path(path).suffix.lower() == ".png":
        write_atomic(path, render_png(report), inputs=inputs)
    else:
        write_atomic(path, render_html(report), inputs=inputs)
