"""Run the rubric over a draft. (Interface stub: the engine lands here.)"""

from __future__ import annotations

from coach.config import Settings
from coach.model import Draft
from coach.report import CheckReport


def check(draft: Draft | str, settings: Settings | None = None) -> CheckReport:
    raise NotImplementedError
