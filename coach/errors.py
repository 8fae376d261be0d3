"""The error hierarchy. Every message says what went wrong and how to fix it.

The CLI turns a CoachError into one line on stderr and its ``exit_code``; tracebacks are shown
only with ``--debug``. Exit codes are documented in docs/exit-codes.md.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
"""Findings at or above the ``--fail-on`` level."""
EXIT_INPUT = 2
"""Bad input or usage: missing, empty, binary, oversized or non-OKR file; bad flags."""
EXIT_CONFIG = 3
"""A configuration problem, or an optional extra a command needs that is not installed."""
EXIT_MODEL = 4
EXIT_INTERNAL = 70


class CoachError(Exception):
    exit_code = EXIT_INTERNAL


class InputError(CoachError):
    """A draft that cannot be read or holds no OKRs."""

    exit_code = EXIT_INPUT

    def __init__(self, source: str, problem: str, hint: str | None = None):
        self.source = source
        self.problem = problem
        self.hint = hint
        text = f"{source}: {problem}"
        if hint:
            text += f" ({hint})"
        super().__init__(text)


class NotOkrError(InputError):
    """Text with no objectives or key results in it: a README, a docs page. Alone it is an
    input error; among several files (or in a folder) it is skipped with a note."""


class ConfigError(CoachError):
    exit_code = EXIT_CONFIG


class RubricError(CoachError):
    """A rule file that is malformed or names an unknown kind or function."""

    exit_code = EXIT_CONFIG


class ModelError(CoachError):
    """The configured language model could not be reached or gave nothing usable."""

    exit_code = EXIT_MODEL


_UNKNOWN_KEY = ("extra_forbidden", "unexpected_keyword_argument")


def first_problem(errors: list[dict]) -> tuple[tuple[str, ...], str]:
    """(location, message) of the error to show from a pydantic ``ValidationError.errors()``:
    a misspelt key first (the "field required" that often follows is its consequence), worded
    the same whether the class is a model or a dataclass."""
    first = next((e for e in errors if e["type"] in _UNKNOWN_KEY), errors[0])
    message = "unknown key" if first["type"] in _UNKNOWN_KEY else str(first["msg"])
    return tuple(str(p) for p in first["loc"]), message.removeprefix("Value error, ")
