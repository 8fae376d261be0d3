"""The one way the coach writes a file: atomically, never half a file, never over one of its
own inputs, never over a backup. Used by ``coach rewrite -o/--in-place``, ``coach grade -o/--chart``
and ``coach eval``.

The rules (docs/cli.md, "Writing files"):

- only regular files are written: a folder, a device node (``/dev/null``), a FIFO or a socket
  is refused, and so is a read-only file;
- a symlink is written through: its target is replaced and the link stays a link;
- an output that is the same file as an input (by path, symlink, ``./`` or hard link: compared
  by device and inode) is refused;
- a backup never replaces anything: the first free name of ``FILE.bak``, ``FILE.bak.1``, … is
  taken, without following a symlink at that name;
- every failure is one :class:`InputError` (exit 2) naming the file; the old file is untouched.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from coach.errors import InputError

UTF8_BOM = codecs.BOM_UTF8

Inputs = Iterable[tuple]
"""``(what it is, path)`` or ``(what it is, path, hint)`` for each file a command reads; a path
of None or "-" (stdin) is skipped."""


def check_output(path: str | Path, inputs: Inputs = ()) -> Path:
    """The file a write to ``path`` lands on (its symlinks followed), or an InputError saying why
    coach will not write there. Commands call it before the work, :func:`write_atomic` again
    just before writing."""
    name = os.fspath(path)
    if not name:
        raise InputError("''", "empty output path", hint="name a file to write")
    try:
        target = Path(os.path.realpath(name))
        info = _stat(target)
    except OSError as exc:
        raise InputError(name, _reason(exc)) from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise InputError(name, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                name,
                "not a regular file (a device, FIFO or socket)",
                hint="coach writes only regular files",
            )
        for what, source, *hint in inputs:
            if (
                source is not None
                and os.fspath(source) not in ("", "-")
                and _same(target, source, info)
            ):
                raise InputError(
                    name,
                    f"would overwrite {what} {os.fspath(source)}",
                    hint=hint[0] if hint else "coach never writes over its own input",
                )
        if not _writable(target, info):
            raise InputError(
                name,
                "read-only file; coach does not replace it",
                hint="make it writable first, or write elsewhere",
            )
    elif name.endswith(os.sep):
        raise InputError(name, "is a directory, not a file")
    folder = target.parent
    if not folder.is_dir():
        raise InputError(name, "folder does not exist")
    if not os.access(folder, os.W_OK):
        raise InputError(name, "folder is not writable")
    return target


def write_atomic(
    path: str | Path, data: str | bytes, backup: bool = False, inputs: Inputs = ()
) -> Path | None:
    """Write through a temporary file in the target's folder, flushed to disk, and a rename, so
    a crash or a full disk leaves the old file or the new one. Text is UTF-8 with its line
    endings kept as given. A new file gets the usual permissions (the umask), an existing one
    keeps its own. With ``backup``, the old file is first kept under a new name (see
    :func:`keep_backup`); returns the backup's path."""
    target = check_output(path, inputs)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    backup_path = keep_backup(Path(path), target) if backup else None
    try:
        _replace(target, payload)
    except OSError as exc:
        if backup_path is not None:  # a copy of the untouched file: not kept as a change
            backup_path.unlink(missing_ok=True)
        raise InputError(
            os.fspath(path), f"cannot write: {_reason(exc)}", hint=_UNCHANGED
        ) from None
    return backup_path


def keep_backup(path: Path, target: Path | None = None) -> Path:
    """Copy ``target`` (default: ``path``) to the first free name of ``path.bak``,
    ``path.bak.1``, ``path.bak.2``, … and return it. The copy is written to a temporary file and
    hard-linked to its name, which never replaces an existing file and never follows a symlink
    there, so an earlier backup (or whatever a link at that name points to) is never touched."""
    target = target or path
    try:
        original = target.read_bytes()
        temporary = _temporary_with(path.parent, path.name + ".bak", original, target)
    except OSError as exc:
        raise InputError(
            str(path), f"cannot write a backup: {_reason(exc)}", hint=_UNCHANGED
        ) from None
    try:
        for number in range(10_000):
            candidate = path.with_name(path.name + (".bak" if number == 0 else f".bak.{number}"))
            try:
                _link_or_copy(temporary, candidate, original)
                return candidate
            except FileExistsError:
                continue
        raise InputError(str(path), "too many backups", hint="remove old FILE.bak.N files")
    except OSError as exc:
        raise InputError(
            str(path), f"cannot write a backup: {_reason(exc)}", hint=_UNCHANGED
        ) from None
    finally:
        temporary.unlink(missing_ok=True)


def _link_or_copy(temporary: Path, name: Path, payload: bytes) -> None:
    """Give the finished ``temporary`` a second name; FileExistsError when the name is taken
    (by anything, a dangling symlink too). A file system without hard links gets an exclusive
    create instead: a crash there may leave a partial new backup, never a damaged old one."""
    try:
        os.link(temporary, name)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(name, flags, stat.S_IMODE(temporary.stat().st_mode))
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            name.unlink(missing_ok=True)
            raise


def same_output(first: str | Path, second: str | Path) -> bool:
    """Whether two output paths land on the same file (existing or not)."""
    return bool(os.fspath(first)) and _same(Path(os.path.realpath(first)), second)


def starts_with_bom(path: str | Path) -> bool:
    """Whether a (readable) file starts with the UTF-8 byte order mark, which the reader drops
    and a rewrite puts back."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(UTF8_BOM)) == UTF8_BOM
    except OSError:
        return False


_UNCHANGED = "nothing was changed"


def _replace(target: Path, payload: bytes) -> None:
    temporary = _temporary_with(target.parent, target.name, payload, target)
    try:
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _temporary_with(folder: Path, name: str, payload: bytes, like: Path) -> Path:
    """A hidden temporary file in ``folder`` holding ``payload``, on disk, with the permissions
    of ``like`` when it exists (else those the umask gives a new file)."""
    fd, name_ = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    temporary = Path(name_)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if like.exists():
            os.chmod(temporary, stat.S_IMODE(like.stat().st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _writable(path: Path, info: os.stat_result) -> bool:
    """Write permission for us, and (since root may write anything) a write bit at all."""
    return bool(info.st_mode & 0o222) and os.access(path, os.W_OK)


def _same(target: Path, source: str | Path, info: os.stat_result | None = None) -> bool:
    """The same file by path (symlinks and ``./`` resolved) or by device and inode (hard
    links). With ``info``, the ``os.stat`` of an existing ``target``, one ``stat`` of the source
    decides (``coach batch`` checks its output against thousands of inputs)."""
    if info is not None:
        try:
            return os.path.samestat(os.stat(source), info)
        except OSError:
            pass
    if Path(os.path.realpath(source)) == target:
        return True
    try:
        return os.path.samestat(os.stat(source), os.stat(target))
    except OSError:
        return False


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.EXDEV:
        return "cannot rename across file systems"
    return exc.strerror.lower() if exc.strerror else str(exc)
