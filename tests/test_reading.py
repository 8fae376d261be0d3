"""load_draft: every way a file can be unusable gives one clear line."""

from __future__ import annotations

import builtins
import io
import sys
from pathlib import Path

import pytest

from coach.errors import EXIT_INPUT, InputError
from coach.parsing import load_draft

DRAFT = "## Objective: Make X\n\n- KR1: Increase a from 1 to 2\n"


def problem(path, **kwargs) -> str:
    with pytest.raises(InputError) as caught:
        load_draft(path, **kwargs)
    assert caught.value.exit_code == EXIT_INPUT
    assert "\n" not in str(caught.value)
    return str(caught.value)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_reads_a_draft_and_keeps_the_path_as_given(tmp_path, monkeypatch):
    write(tmp_path, "draft.md", DRAFT.encode())
    monkeypatch.chdir(tmp_path)
    draft = load_draft("draft.md")
    assert draft.source == "draft.md"
    assert draft.objectives[0].key_results[0].text == "Increase a from 1 to 2"
    assert load_draft(Path("draft.md")).source == "draft.md"
    assert load_draft(tmp_path / "draft.md").source == str(tmp_path / "draft.md")


def test_format_comes_from_the_suffix(tmp_path):
    path = write(tmp_path, "okrs.yml", b"objectives:\n  - objective: X\n    key_results: [a]\n")
    assert load_draft(path).objectives[0].text == "X"


def test_missing_file(tmp_path):
    path = tmp_path / "nope.md"
    assert problem(path) == f"{path}: file not found"


def test_directory(tmp_path):
    assert problem(tmp_path) == f"{tmp_path}: is a directory, not a file"


@pytest.mark.parametrize("data", [b"", b"  \n\n\t ", b"\xef\xbb\xbf\r\n"])
def test_empty(tmp_path, data):
    path = write(tmp_path, "d.md", data)
    assert problem(path) == f"{path}: empty file"


def test_binary(tmp_path):
    path = write(tmp_path, "d.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert problem(path) == f"{path}: binary file, not text"


def test_utf16(tmp_path):
    path = write(tmp_path, "d.md", DRAFT.encode("utf-16"))
    assert problem(path) == f"{path}: UTF-16 text, not UTF-8 (save the file as UTF-8)"


def test_invalid_utf8_names_the_byte(tmp_path):
    path = write(tmp_path, "d.md", b"## Objective: caf\xe9\n- a\n")
    assert problem(path) == f"{path}: not valid UTF-8 text (byte 17)"
    path = write(tmp_path, "bom.md", b"\xef\xbb\xbf## Objective: caf\xe9\n")
    assert problem(path) == f"{path}: not valid UTF-8 text (byte 20)"


def test_too_big_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.md"
    with open(path, "wb") as handle:
        handle.truncate(5_000_000)  # sparse: stat says 5 MB

    def no_open(*args, **kwargs):
        raise AssertionError("a file over the limit must not be opened")

    monkeypatch.setattr(builtins, "open", no_open)
    assert problem(path) == (
        f"{path}: file is 5000000 bytes, over the limit of 1000000 bytes "
        "(set limits.max_file_bytes)"
    )


def test_custom_limit(tmp_path):
    path = write(tmp_path, "d.md", DRAFT.encode())
    size = len(DRAFT.encode())
    assert problem(path, max_bytes=10) == (
        f"{path}: file is {size} bytes, over the limit of 10 bytes (set limits.max_file_bytes)"
    )
    assert load_draft(path, max_bytes=size).objectives[0].text == "Make X"


@pytest.mark.parametrize("stat_size", [0, 10])
def test_a_file_larger_than_stat_said_is_read_whole_up_to_the_limit(
    tmp_path, monkeypatch, stat_size
):
    """Only the size stat gives is asked for at first (coach.parsing.reading): a file that has
    grown since (or a /proc file, which says 0) is read on, and refused past the limit."""
    import os
    import stat as stat_module

    from coach.parsing import reading

    path = write(tmp_path, "d.md", DRAFT.encode())
    real_stat = os.stat

    class Shrunk:
        st_mode = stat_module.S_IFREG | 0o644
        st_size = stat_size

    monkeypatch.setattr(reading.os, "stat", lambda p: Shrunk() if p == str(path) else real_stat(p))
    assert load_draft(path).key_results()[0][2].text == "Increase a from 1 to 2"
    size = len(DRAFT.encode())
    assert problem(path, max_bytes=size - 1) == (
        f"{path}: input is over the limit of {size - 1} bytes (set limits.max_file_bytes)"
    )


def test_permission_denied(tmp_path, monkeypatch):
    path = write(tmp_path, "d.md", DRAFT.encode())

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(builtins, "open", denied)
    assert problem(path) == f"{path}: permission denied"


def test_bom_and_crlf_keep_positions(tmp_path):
    path = write(tmp_path, "d.md", b"\xef\xbb\xbf" + DRAFT.replace("\n", "\r\n").encode())
    draft = load_draft(path)
    objective = draft.objectives[0]
    assert (objective.position.line, objective.position.column) == (1, 15)
    kr = objective.key_results[0]
    assert (kr.position.line, kr.position.column, kr.position.end_column) == (3, 8, 30)
    assert kr.raw == "- KR1: Increase a from 1 to 2"


def stdin_with(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin(monkeypatch):
    stdin_with(monkeypatch, DRAFT.encode())
    draft = load_draft("-")
    assert draft.source == "<stdin>"
    assert draft.objectives[0].text == "Make X"


def test_stdin_errors(monkeypatch):
    stdin_with(monkeypatch, b"")
    assert problem("-") == "<stdin>: empty file"
    stdin_with(monkeypatch, b"x" * 101)
    assert problem("-", max_bytes=100) == (
        "<stdin>: input is over the limit of 100 bytes (set limits.max_file_bytes)"
    )
    stdin_with(monkeypatch, b"{")
    assert problem("-") == "<stdin>: invalid JSON: Expecting property name enclosed in double " \
        "quotes at line 1"  # fmt: skip
