"""Compiled regular expressions kept between runs, as Python keeps compiled modules.

Python compiles a regular expression with a compiler written in Python, and the coach's
patterns (long alternations of the rubric's word lists, deadline and quantity grammars) are
expensive to compile: about 30 % of the instructions of a one-draft ``coach check`` went
into compiling them, every run, to the same result. The result is a list of integers (the
``_sre`` engine's code) that depends only on the pattern, its flags and the Python build.

``seed()`` puts the patterns kept by an earlier run of the same Python into the ``re`` module's
own cache, so that every ``re.compile`` (and ``re.search`` …) of one of them, in the coach or in
a library it imports, returns at once an object equal to what compiling would have made.
``save()`` (the CLI calls it as it exits) keeps the patterns compiled by this run that were not
kept yet. The file lives in the cache folder (``COACH_CACHE_DIR``, else
``$XDG_CACHE_HOME/okr-coach``, else ``~/.cache/okr-coach``), named after the Python build and
the engine's version, so another Python never reads it; it is written whole or not at all,
and deleting it only costs the next run its compile time. Anything unexpected (another
``re`` layout, an unreadable or foreign file) turns the cache off, never the coach.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
import zlib
from pathlib import Path

from coach.cachefolder import cache_folder

try:  # the engine and compiler the re module itself uses (Python 3.11 names)
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another Python's layout: no cache
    _sre = None

MAX_PATTERNS = 384
"""At most this many patterns are kept, the latest run's first, so that seeding them all stays
within ``re``'s own cache bound (512). A one-draft ``coach check`` compiles about 270."""

_kept: set[tuple[str, int]] = set()
"""The (pattern, flags) pairs the file held when this process read it."""

seeded = 0
"""How many patterns ``seed`` put into ``re``'s cache in this process."""


def cache_file(environ=os.environ) -> Path:
    """The file in the cache folder (``COACH_CACHE_DIR`` from the environment: a config file is
    not read yet when the package is imported) for this Python build and regex engine."""
    build = f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC if _sre else 0}"
    tag = f"{zlib.crc32(build.encode()):08x}"
    folder = cache_folder(environ.get("COACH_CACHE_DIR"), environ)
    return folder / f"regex-{sys.implementation.cache_tag}-{tag}.marshal"


def _usable() -> bool:
    return _sre is not None and isinstance(getattr(re, "_cache", None), dict)


def seed(path: Path | None = None) -> int:
    """Put the kept patterns into ``re``'s cache; returns how many."""
    global seeded
    if not _usable():
        return 0
    try:
        entries = marshal.loads((path or cache_file()).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return 0
    cache = re._cache
    count = 0
    try:
        for pattern, flags, final_flags, code, groups, groupindex, indexgroup in entries:
            key = (str, pattern, flags)
            if key not in cache:
                made = _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)
                cache[key] = made
                count += 1
            _kept.add((pattern, flags))
    except (TypeError, ValueError, RuntimeError, OverflowError):  # damaged or foreign: compile
        pass
    seeded += count
    return count


def compiled_entry(pattern: str, flags: int) -> tuple:
    """What the file keeps for one pattern: what ``re._compiler.compile`` hands ``_sre``."""
    flags = int(flags)  # as re keys its cache: a RegexFlag is an int there
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (
        pattern,
        flags,
        flags | parsed.state.flags,
        code,
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def compile_uncached(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` without entering ``re``'s cache (nor this file): for the many patterns
    made for one text, which their caller keeps as long as they are worth keeping."""
    if _sre is None:  # pragma: no cover - another Python's layout
        return re.compile(pattern, flags)
    return _compiler.compile(pattern, flags)


def save(path: Path | None = None) -> int:
    """Keep the patterns in ``re``'s cache that the file does not hold yet; returns how many
    were new. Not after a run long enough to have filled ``re``'s cache (a batch, a server):
    what it compiled last is no guide to what the next run needs. Quiet on any failure: the
    cache only saves time."""
    if not _usable() or len(re._cache) >= getattr(re, "_MAXCACHE", 512):
        return 0
    new = [
        (pattern, flags)
        for kind, pattern, flags in list(re._cache)
        if kind is str and (pattern, flags) not in _kept and not flags & re.DEBUG
    ]
    if not new:
        return 0
    path = path or cache_file()
    try:
        old = marshal.loads(path.read_bytes()) if path.exists() else []
    except (OSError, EOFError, ValueError, TypeError):
        old = []
    try:
        fresh = [compiled_entry(pattern, flags) for pattern, flags in new]
        known = {(pattern, flags) for pattern, flags in new}
        kept = fresh + [entry for entry in old if (entry[0], entry[1]) not in known]
        data = marshal.dumps(kept[:MAX_PATTERNS])
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_bytes(data)
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    except (OSError, ValueError, TypeError, re.error):
        return 0
    _kept.update(new)
    return len(new)
