"""The service layer, grading: what a front door calls to grade a draft at quarter end (or
forecast mid-quarter) and to write its chart. Imported on its own, so checking never loads it."""

from __future__ import annotations

from coach.grading import GradeInputs, grade_file, grade_text
from coach.render.grade_json import render_json
from coach.render.grade_output import check_chart_path, write_chart
from coach.render.grade_text import render_text

__all__ = [
    "GradeInputs",
    "check_chart_path",
    "grade_file",
    "grade_text",
    "render_json",
    "render_text",
    "write_chart",
]
