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
kept yet. The patterns made for one text (``compile_uncached``: a word list's phrases that can
occur in that text) stay out of ``re``'s cache, but the file keeps the latest run's too, apart,
for the next run to find when it reads the same (or a little edited) draft. The file lives in the cache folder (``COACH_CACHE_DIR``, else
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

from coach.cachefolder import cache_folder, write_whole

try:  # the engine and compiler the re module itself uses (Python 3.11 names)
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another Python's layout: no cache
    _sre = None

MAX_PATTERNS = 384
"""At most this many patterns are kept, the latest run's first, so that seeding them all stays
within ``re``'s own cache bound (512). A one-draft ``coach check`` compiles about 270."""

MAX_SPARE = 256
"""At most this many of the patterns made for one text are kept (a one-draft check makes about
30; a folder of drafts more, the first of them kept)."""

_FORMAT = "coach-regex-2"
"""The file: (``_FORMAT``, entries for ``re``'s cache, entries for ``compile_uncached``)."""

_kept: set[tuple[str, int]] = set()
"""The (pattern, flags) pairs the file held for ``re``'s cache when this process read it."""

_spare: dict[tuple[str, int], tuple] = {}
"""The file's entries for ``compile_uncached``, by (pattern, flags)."""

_spare_used: dict[tuple[str, int], tuple] = {}
"""The entries ``compile_uncached`` took or made in this process, in order (kept next)."""

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
        entries, spare = _entries(marshal.loads((path or cache_file()).read_bytes()))
    except (OSError, EOFError, ValueError, TypeError):
        return 0
    for entry in spare:
        _spare[(entry[0], entry[1])] = entry
    cache = re._cache
    count = 0
    try:
        for entry in entries:
            pattern, flags = entry[0], entry[1]
            key = (str, pattern, flags)
            if key not in cache:
                cache[key] = _built(entry)
                count += 1
            _kept.add((pattern, flags))
    except (TypeError, ValueError, RuntimeError, OverflowError):  # damaged or foreign: compile
        pass
    seeded += count
    return count


def _entries(data: object) -> tuple[list, list]:
    """(entries for ``re``'s cache, entries for ``compile_uncached``) of a file's contents; a
    file of the first format is a list of the former."""
    if type(data) is list:
        return data, []
    if type(data) is tuple and len(data) == 3 and data[0] == _FORMAT:
        spare = [e for e in data[2] if type(e) is tuple and len(e) == 7 and type(e[0]) is str]
        return list(data[1]), spare
    raise ValueError("not a regex cache file")


def _built(entry: tuple) -> re.Pattern[str]:
    """The pattern a kept entry describes, as compiling it would make it."""
    pattern, _flags, final_flags, code, groups, groupindex, indexgroup = entry
    return _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)


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
    key = (pattern, int(flags))
    entry = _spare.get(key)
    if entry is not None:
        try:
            made = _built(entry)
        except (TypeError, ValueError, RuntimeError, OverflowError):  # damaged: compile
            del _spare[key]
        else:
            _spare_used[key] = entry
            return made
    made = _compiler.compile(pattern, flags)
    if len(_spare_used) < MAX_SPARE:
        _spare_used[key] = ()  # made here: its entry is worked out if it is saved
    return made


def save(path: Path | None = None) -> int:
    """Keep the patterns in ``re``'s cache that the file does not hold yet, and the patterns
    made for one text this run took or made; returns how many were new. Not after a run long
    enough to have filled ``re``'s cache (a batch, a server): what it compiled last is no
    guide to what the next run needs. Quiet on any failure: the cache only saves time."""
    if not _usable() or len(re._cache) >= getattr(re, "_MAXCACHE", 512):
        return 0
    new = [
        (pattern, flags)
        for kind, pattern, flags in list(re._cache)
        if kind is str and (pattern, flags) not in _kept and not flags & re.DEBUG
    ]
    new_spare = [key for key, entry in _spare_used.items() if not entry]
    if not new and not new_spare:
        return 0
    path = path or cache_file()
    try:
        old, old_spare = _entries(marshal.loads(path.read_bytes())) if path.exists() else ([], [])
    except (OSError, EOFError, ValueError, TypeError):
        old, old_spare = [], []
    try:
        fresh = [compiled_entry(pattern, flags) for pattern, flags in new]
        known = set(new)
        kept = fresh + [entry for entry in old if (entry[0], entry[1]) not in known]
        spare = [entry or compiled_entry(*key) for key, entry in _spare_used.items()]
        used = set(_spare_used)
        spare += [entry for entry in old_spare if (entry[0], entry[1]) not in used]
        data = marshal.dumps((_FORMAT, kept[:MAX_PATTERNS], spare[:MAX_SPARE]))
        write_whole(path, data)
    except (OSError, ValueError, TypeError, IndexError, re.error):
        return 0
    _kept.update(new)
    return len(new) + len(new_spare)
