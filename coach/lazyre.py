"""Regular expressions compiled on first use, not at import.

Compiling a pattern is pure Python in CPython and costs start-up time; a module-level pattern
that a typical ``coach check`` never reaches should not. ``lazy(r"…", re.I)`` stands where
``re.compile(r"…", re.I)`` stood and behaves as the compiled pattern (``search``, ``match``,
``fullmatch``, ``finditer``, ``sub`` …) from its first call on.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    # The methods the hot paths call, spelt out: ``__getattr__`` runs only after the normal
    # lookup has failed, which costs more than the search itself on a short line.
    def search(self, *args: Any) -> re.Match[str] | None:
        return (self._compiled or self.compiled).search(*args)

    def match(self, *args: Any) -> re.Match[str] | None:
        return (self._compiled or self.compiled).match(*args)

    def fullmatch(self, *args: Any) -> re.Match[str] | None:
        return (self._compiled or self.compiled).fullmatch(*args)

    def finditer(self, *args: Any) -> Any:
        return (self._compiled or self.compiled).finditer(*args)

    def sub(self, *args: Any) -> str:
        return (self._compiled or self.compiled).sub(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self.flags!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
