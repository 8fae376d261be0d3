"""The process entry point (the ``coach`` script, ``python -m coach``): runs the CLI with the
cyclic garbage collector paused while modules load.

Loading the CLI and one command creates tens of thousands of objects that live as long as the
process (functions, classes, compiled patterns, the rubric) and almost no garbage; the collector
would run some 50 times over them before the first draft is read (10–20 ms of a one-draft
``coach check``, measured with ``gc.callbacks``). So ``main`` pauses it, and ``loaded`` — called by ``coach.cli`` once the
command that runs is built — moves everything alive into the permanent generation
(``gc.freeze``), which later collections skip, and turns the collector back on for the work
itself. In-process callers (tests, the API, the language server) never pause it. As the process
ends, ``main`` keeps the regular expressions it compiled for the next run (``coach.regexcache``),
and the code ``@dataclass`` and ``namedtuple`` generated (``coach.classcode``, installed first).
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

_paused = False


def loaded() -> None:
    """The modules a run needs are loaded: freeze them and resume collecting (once)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def main(argv: Sequence[str] | None = None) -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True
    from coach import classcode

    classcode.install()  # before any module defines its classes
    try:
        from coach.cli import main as run

        run(argv)
    finally:
        loaded()
        from coach import regexcache

        regexcache.save()  # the next run takes the patterns this one compiled as compiled
        classcode.save()  # and the code of the classes' generated methods
