"""Write a grade's chart: PNG bytes or an HTML page, atomically (never half a file)."""

from __future__ import annotations

from pathlib import Path

from coach.errors import InputError
from coach.files import write_atomic
from coach.grading.chart import render_png, require_matplotlib
from coach.grading.html import render_html
from coach.grading.records import GradeReport

CHART_SUFFIXES = (".png", ".html", ".htm")


def check_chart_path(path: Path) -> None:
    """Fail early, before grading, on a chart path coach cannot write."""
    if path.suffix.lower() not in CHART_SUFFIXES:
        raise InputError(str(path), "a chart must be a .png or .html file")
    if not path.resolve().parent.is_dir():
        raise InputError(str(path), "folder does not exist")
    require_matplotlib()


def write_chart(report: GradeReport, path: Path) -> None:
    """The chart as PNG, or as a self-contained HTML page, by the file's suffix."""
    check_chart_path(path)
    if path.suffix.lower() == ".png":
        write_atomic(path, render_png(report))
    else:
        write_atomic(path, render_html(report))
