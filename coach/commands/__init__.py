"""One module per `coach` command; each is a thin layer over the library.

The command modules and ``coach.cli`` do not use ``from __future__ import annotations``: typer
reads every option's annotation as the command is built, and an annotation kept as a string it
compiles and evaluates first, at every start (about 140 strings for ``coach check``, a few
milliseconds of it). ``tests/test_architecture.py`` holds them to it.
"""
