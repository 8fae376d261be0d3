"""The one resolver for the data that ships inside the package: rubrics/ and prompts/.

In an installed wheel they are the packages ``coach.rubrics`` and ``coach.prompts``; in a source
checkout that was not installed they are the top-level folders beside ``coach/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

Kind = Literal["rubrics", "prompts"]


@cache
def resource_dir(kind: Kind) -> Path:
    """The folder: beside this module (an installed wheel), else beside the package (a
    checkout). Plain paths, not ``importlib.resources``, which costs every run ~9 ms of
    imports: the coach is never run from a zip file."""
    package = Path(__file__).resolve().parent
    for path in (package / kind, package.parent / kind):
        if path.is_dir():
            return path
    raise FileNotFoundError(f"coach data folder {kind!r} not found; reinstall okr-coach")
