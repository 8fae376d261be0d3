"""Grading: quarter-end scores and mid-quarter forecasts on the guide's 0.0–1.0 scale.

From Python (the renderers live with the other output formats, in ``coach.render``; the
service layer offers both)::

    from coach.service.grading import GradeInputs, grade_file, render_text
    report = grade_file("okrs.md", GradeInputs(actuals="actuals.yaml"))
    print(render_text(report))

See docs/grading.md for the inputs, the formulas, the bands and the JSON schema.
"""

from coach.grading.bands import BANDS, REMINDER, band_of
from coach.grading.grade import GradeInputs, grade_draft, grade_file, grade_text
from coach.grading.records import GradeReport, KeyResultGrade, ObjectiveGrade

__all__ = [
    "BANDS",
    "REMINDER",
    "GradeInputs",
    "GradeReport",
    "KeyResultGrade",
    "ObjectiveGrade",
    "band_of",
    "grade_draft",
    "grade_file",
    "grade_text",
]
