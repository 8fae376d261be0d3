"""The one way the coach writes a file: atomically, never half a file, never over a draft by
accident. Used by ``coach rewrite -o/--in-place``, ``coach grade`` and ``coach eval``."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from coach.errors import InputError


def write_atomic(path: Path, data: str | bytes, backup: bool = False) -> Path | None:
    """Write through a temporary file in the same folder and a rename, so a crash leaves the
    old file or the new one. Text is UTF-8 with its line endings kept as given. A new file gets
    the usual permissions (the umask), an existing one keeps its own. With ``backup``, the old
    file is first copied to ``<name>.bak``; returns the backup's path."""
    folder = path.resolve().parent
    if not folder.is_dir():
        raise InputError(str(path), "folder does not exist")
    backup_path = None
    if backup:
        backup_path = path.with_name(path.name + ".bak")
        shutil.copy2(path, backup_path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        if path.exists():
            shutil.copymode(path, temporary)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return backup_path
