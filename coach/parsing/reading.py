"""Reading a draft's bytes safely: one-line errors for every way a file can be unusable.

The size is checked with stat before reading, so a huge file is never read whole, and the
bytes are read once.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from coach.errors import InputError

_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_source(path: str | Path, max_bytes: int = 1_000_000) -> tuple[str, str]:
    """(source name, decoded text) for a path, or for stdin when path is "-"."""
    source = str(path)
    if source == "-":
        return "<stdin>", decode(_read_stream(sys.stdin.buffer, max_bytes, "<stdin>"), "<stdin>")
    return source, decode(_read_file(source, max_bytes), source)


def _too_big(source: str, size: int | None, max_bytes: int) -> InputError:
    """size is None when only "more than max_bytes" is known (stdin, pipes)."""
    if size is None:
        problem = f"input is over the limit of {max_bytes} bytes"
    else:
        problem = f"file is {size} bytes, over the limit of {max_bytes} bytes"
    return InputError(source, problem, hint="set limits.max_file_bytes")


def _read_file(source: str, max_bytes: int) -> bytes:
    try:
        info = os.stat(source)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(source, "is a directory, not a file")
        if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            raise _too_big(source, info.st_size, max_bytes)
        with open(source, "rb") as handle:
            if not stat.S_ISREG(info.st_mode):
                return _read_stream(handle, max_bytes, source)
            # the size stat gave and one byte more (asking for max_bytes + 1 at once costs a
            # buffer that size per file); a file that grew since is read on up to the limit
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(max_bytes + 1 - len(data))
                if len(data) > max_bytes:
                    raise _too_big(source, None, max_bytes)
            return data
    except FileNotFoundError:
        raise InputError(source, "file not found") from None
    except NotADirectoryError:
        raise InputError(source, "file not found", hint="a part of the path is a file") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory, not a file") from None
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except OSError as exc:
        raise InputError(source, f"cannot read file: {exc.strerror or exc}") from None


def _read_stream(stream, max_bytes: int, source: str) -> bytes:
    """Read at most max_bytes + 1 bytes: enough to tell a stream (or a growing or special
    file whose stat size says nothing) is over the limit without reading it all."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_big(source, None, max_bytes)
    return data


def decode(data: bytes, source: str) -> str:
    """UTF-8 text from bytes (a BOM is dropped); binary and other encodings are errors."""
    if not data.strip():
        raise InputError(source, "empty file")
    if data.startswith(_UTF16_BOMS):
        raise InputError(source, "UTF-16 text, not UTF-8", hint="save the file as UTF-8")
    if b"\0" in data:
        raise InputError(source, "binary file, not text")
    offset = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return data[offset:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not valid UTF-8 text (byte {exc.start + offset})") from None
