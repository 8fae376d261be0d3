"""The one resolver for the data that ships inside the package: rubrics/ and prompts/.

In an installed wheel they are the packages ``coach.rubrics`` and ``coach.prompts``; in a source
checkout that was not installed they are the top-level folders beside ``coach/``.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import Literal

Kind = Literal["rubrics", "prompts"]


def resource_dir(kind: Kind) -> Path:
    try:
        root = importlib.resources.files(f"coach.{kind}")
        path = Path(str(root))
        if path.is_dir():
            return path
    except ModuleNotFoundError:
        pass
    path = Path(__file__).resolve().parent.parent / kind
    if not path.is_dir():
        raise FileNotFoundError(f"coach data folder {kind!r} not found; reinstall okr-coach")
    return path
