"""The code the standard library's class factories generate, kept between runs, as Python keeps
compiled modules.

As a class is defined, ``@dataclass`` writes the source of its ``__init__``, ``__repr__``,
``__eq__`` (and, for a frozen class, ``__hash__``, ``__setattr__``, ``__delattr__``) and
compiles each with ``exec``: about 0.4 ms for a frozen class with slots, some 15 ms of a
one-draft ``coach check`` for the 37 classes it loads. ``namedtuple`` compiles a ``__new__``
the same way with ``eval`` (rich defines some 30 named tuples as it loads). The compiled code
depends only on that source and the Python build.

``install()`` (the CLI's entry point calls it before it imports anything else) reads the code an
earlier run of the same Python kept and gives ``dataclasses`` an ``exec`` and ``collections`` an
``eval`` that run it instead of compiling the same source again; a source not kept is compiled
as they compile it (no inherited ``__future__`` flags, file name ``<string>``). ``save()`` (as
the CLI exits) keeps what this run compiled. The file sits beside the regex cache
(``coach.regexcache``), named after the Python build; it is written whole or not at all, and
deleting it only costs the next run its compile time. The code in it runs, so a file another
user owns or could have written (group- or world-writable) is not taken. A factory that does
not compile through that name on another Python, or an unreadable or foreign file, leaves that
part off. Importing ``coach`` as a library (tests, another program) never installs it.
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
"""At most this many sources are kept (a one-draft ``coach check`` compiles about 210)."""

_FORMAT = "coach-class-code-1"

_kept: dict[tuple[str, str], CodeType] = {}
"""The code the file held when this process read it, by (mode, source)."""

_made: dict[tuple[str, str], CodeType] = {}
"""The code this process compiled (kept next), by (mode, source)."""

installed = False

compiled = 0
"""How many sources this process compiled (not found kept)."""


def cache_file(environ=os.environ) -> Path:
    """The file in the cache folder for this Python build."""
    tag = f"{zlib.crc32(f'{sys.version}|{sys.implementation.cache_tag}'.encode()):08x}"
    folder = cache_folder(environ.get("COACH_CACHE_DIR"), environ)
    return folder / f"classcode-{sys.implementation.cache_tag}-{tag}.marshal"


def _code(source: str, mode: str) -> CodeType:
    global compiled
    key = (mode, source)
    code = _kept.get(key) or _made.get(key)
    if code is None:
        code = _made[key] = compile(source, "<string>", mode, dont_inherit=True)
        compiled += 1
    return code


def _exec(source, globals=None, locals=None, /, **kwargs):  # noqa: A002 - exec's own names
    """``exec`` for ``dataclasses``: the kept code of a source it compiled before."""
    if type(source) is not str or kwargs:
        return builtins.exec(source, globals, locals, **kwargs)
    return builtins.exec(_code(source, "exec"), globals, locals)


def run_source(source: str, namespace: dict) -> None:
    """Run generated ``source`` in ``namespace`` as the factories' code runs: from the kept code
    when an earlier run compiled the same source (``coach.frozeninit``'s ``__init__``s,
    ``coach.model``'s JSON converters)."""
    builtins.exec(_code(source, "exec"), namespace)


def _eval(source, globals=None, locals=None, /):  # noqa: A002 - eval's own names
    """``eval`` for ``collections.namedtuple``: the kept code of a source it compiled before."""
    if type(source) is not str:
        return builtins.eval(source, globals, locals)
    return builtins.eval(_code(source, "eval"), globals, locals)


def _factories() -> list[tuple[object, str, object]]:
    """(module, name, replacement) for each factory that compiles through that name here."""
    import collections
    import dataclasses

    found = []
    create = getattr(dataclasses, "_create_fn", None)
    if create is not None and "exec" in create.__code__.co_names:
        found.append((dataclasses, "exec", _exec))
    if "eval" in collections.namedtuple.__code__.co_names:
        found.append((collections, "eval", _eval))
    return found


def install(path: Path | None = None) -> int:
    """Take the kept code and hand the factories the caching ``exec`` / ``eval``; returns how
    many sources the file held (0 when there is none, or the cache is off)."""
    global installed
    factories = [] if installed else _factories()
    if not factories:
        return 0
    try:
        data = _read(path or cache_file())
    except (OSError, EOFError, ValueError, TypeError):
        data = None
    if type(data) is tuple and len(data) == 2 and data[0] == _FORMAT and type(data[1]) is dict:
        _kept.update(
            (key, code)
            for key, code in data[1].items()
            if type(key) is tuple and len(key) == 2 and type(code) is CodeType
        )
    for module, name, replacement in factories:
        setattr(module, name, replacement)  # found before the builtin by the module's code
    installed = True
    return len(_kept)


def _read(path: Path) -> object:
    """The file's contents, when only this user could have written it: the code in it runs, so
    a file in a folder others can write to (a shared ``COACH_CACHE_DIR``) is not taken."""
    with path.open("rb") as file:
        status = os.fstat(file.fileno())
        if hasattr(os, "getuid") and (status.st_uid != os.getuid() or status.st_mode & 0o022):
            return None
        return marshal.loads(file.read())


def save(path: Path | None = None) -> int:
    """Keep the code this run compiled with what the file held; returns how many sources were
    new. Quiet on any failure: the cache only saves time."""
    if not _made:
        return 0
    entries = dict(list({**_made, **_kept}.items())[:MAX_ENTRIES])  # this run's first
    try:
        # this user's alone, whatever the umask: a file others could write is not taken
        write_whole(path or cache_file(), marshal.dumps((_FORMAT, entries)), mode=0o600)
    except (OSError, ValueError):
        return 0
    count = len(_made)
    _kept.update(_made)
    _made.clear()
    return count
