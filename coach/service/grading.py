"""The service layer, grading: what a front door calls to grade a draft at quarter end (or
forecast mid-quarter) and to write its chart. Imported on its own, so checking never loads it."""

from __future__ import annotations

from coach.grading import GradeInputs, grade_file, render_json, render_text
from coach.grading.output import check_chart_path, write_chart

__all__ = [
    "GradeInputs",
    "check_chart_path",
    "grade_file",
    "render_json",
    "render_text",
    "write_chart",
]
