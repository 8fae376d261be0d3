"""The service layer, evals: run the eval suite and tabulate its scores. Imported on its own,
so checking never loads it."""

from __future__ import annotations

from coach.evals.run import run_eval, run_review
from coach.render.eval_table import render_review_table, render_tables

__all__ = ["render_review_table", "render_tables", "run_eval", "run_review"]
