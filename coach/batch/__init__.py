"""Batch critique: every team's drafts at once, and what no single-file check can see."""
