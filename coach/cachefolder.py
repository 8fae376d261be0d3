"""The coach's cache folder: where the model's accepted proposals, review sessions, compiled
patterns and the classes' generated methods are kept.

The folder a user named (``COACH_CACHE_DIR``, or ``cache_dir`` in the config file), else
``$XDG_CACHE_HOME/okr-coach``, else ``~/.cache/okr-coach``. No import beyond the standard
library: ``coach.regexcache`` asks for it while the package itself is being imported.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def cache_folder(named: str | None, environ: Mapping[str, str] = os.environ) -> Path:
    if named:
        return Path(named).expanduser()
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "okr-coach"


def write_whole(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write a cache file whole or not at all: to a temporary file beside it, then renamed, so
    that another run never reads half of one; with ``mode``, the file gets exactly those
    permissions whatever the umask. Raises ``OSError`` as writing would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
