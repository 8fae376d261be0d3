"""Grading: quarter-end scores and mid-quarter forecasts on the guide's 0.0–1.0 scale.

From Python::

    from coach.grading import GradeInputs, grade_file, render_text
    report = grade_file("okrs.md", GradeInputs(actuals="actuals.yaml"))
    print(render_text(report))

See docs/grading.md for the inputs, the formulas, the bands and the JSON schema.
"""

from coach.grading.bands import BANDS, REMINDER, band_of
from coach.grading.grade import GradeInputs, grade_draft, grade_file
from coach.grading.records import GradeReport, KeyResultGrade, ObjectiveGrade
from coach.grading.render_json import SCHEMA_VERSION, render_json, to_json
from coach.grading.render_text import render_text

__all__ = [
    "BANDS",
    "REMINDER",
    "SCHEMA_VERSION",
    "GradeInputs",
    "GradeReport",
    "KeyResultGrade",
    "ObjectiveGrade",
    "band_of",
    "grade_draft",
    "grade_file",
    "render_json",
    "render_text",
    "to_json",
]
