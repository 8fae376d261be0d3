"""The scripts under evals/ (not a package) loaded as modules, for the tests that hold their
figures."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

EVALS = Path(__file__).resolve().parent.parent / "evals"


def load(name: str):
    """``evals/<name>.py`` as a module (registered, so one script can import another)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, EVALS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
