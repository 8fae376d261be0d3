"""The code ``@dataclass`` generates, kept between runs, as Python keeps compiled modules.

As a class is defined, ``dataclasses`` writes the source of its ``__init__``, ``__repr__``,
``__eq__`` (and, for a frozen class, ``__hash__``, ``__setattr__``, ``__delattr__``) and
compiles each with ``exec``: about 0.4 ms for a frozen class with slots, some 15 ms of a
one-draft ``coach check`` for the 37 classes it loads. The compiled code depends only on that
source and the Python build.

``install()`` (the CLI's entry point calls it before it imports anything else) reads the code an
earlier run of the same Python kept and gives ``dataclasses`` an ``exec`` that runs it instead
of compiling the same source again; any source it has not seen is compiled as ``dataclasses``
compiles it (no inherited ``__future__`` flags, file name ``<string>``). ``save()`` (as the CLI
exits) keeps what this run compiled. The file sits beside the regex cache
(``coach.regexcache``), named after the Python build; it is written whole or not at all, and
deleting it only costs the next run its compile time. A Python whose ``dataclasses`` does not
compile through ``exec``, or an unreadable or foreign file, leaves the cache off. In-process
callers (tests, the API, the language server's handlers) never install it.
"""

from __future__ import annotations

import builtins
import marshal
import os
import sys
import zlib
from pathlib import Path
from types import CodeType

from coach.cachefolder import cache_folder, write_whole

MAX_ENTRIES = 512
"""At most this many sources are kept (a one-draft ``coach check`` compiles about 200)."""

_FORMAT = "coach-dataclass-code-1"

_kept: dict[str, CodeType] = {}
"""The code the file held when this process read it, by source."""

_made: dict[str, CodeType] = {}
"""The code this process compiled (kept next), by source."""

installed = False

compiled = 0
"""How many sources this process compiled (not found kept)."""


def cache_file(environ=os.environ) -> Path:
    """The file in the cache folder for this Python build."""
    tag = f"{zlib.crc32(f'{sys.version}|{sys.implementation.cache_tag}'.encode()):08x}"
    folder = cache_folder(environ.get("COACH_CACHE_DIR"), environ)
    return folder / f"dataclass-{sys.implementation.cache_tag}-{tag}.marshal"


def _exec(source, globals=None, locals=None, /, **kwargs):  # noqa: A002 - exec's own names
    """``exec`` for ``dataclasses``: the kept code of a source it compiled before."""
    if type(source) is not str or kwargs:
        return builtins.exec(source, globals, locals, **kwargs)
    code = _kept.get(source) or _made.get(source)
    if code is None:
        global compiled
        code = _made[source] = compile(source, "<string>", "exec", dont_inherit=True)
        compiled += 1
    return builtins.exec(code, globals, locals)


def _compiles_through_exec() -> bool:
    import dataclasses

    create = getattr(dataclasses, "_create_fn", None)
    return create is not None and "exec" in create.__code__.co_names


def install(path: Path | None = None) -> int:
    """Take the kept code and hand ``dataclasses`` the caching ``exec``; returns how many
    sources the file held (0 when there is none, or the cache is off)."""
    global installed
    if installed or not _compiles_through_exec():
        return 0
    import dataclasses

    try:
        data = marshal.loads((path or cache_file()).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        data = None
    if type(data) is tuple and len(data) == 2 and data[0] == _FORMAT and type(data[1]) is dict:
        _kept.update(
            (source, code)
            for source, code in data[1].items()
            if type(source) is str and type(code) is CodeType
        )
    dataclasses.exec = _exec  # found before the builtin by the module's own functions
    installed = True
    return len(_kept)


def save(path: Path | None = None) -> int:
    """Keep the code this run compiled with what the file held; returns how many sources were
    new. Quiet on any failure: the cache only saves time."""
    if not _made:
        return 0
    entries = dict(list({**_made, **_kept}.items())[:MAX_ENTRIES])  # this run's first
    path = path or cache_file()
    try:
        data = marshal.dumps((_FORMAT, entries))
        write_whole(path, data)
    except (OSError, ValueError):
        return 0
    count = len(_made)
    _kept.update(_made)
    _made.clear()
    return count
