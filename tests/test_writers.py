"""Every file coach writes (rewrite -o/--in-place, grade -o/--chart, eval --output): only
regular files, never an input, never over a backup, never half a file, and every failure one
line with exit 2 and nothing changed. Ends with a property over sequences of runs."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.cli import cli
from coach.files import UTF8_BOM, keep_backup, write_atomic

DRAFT = """## Objective: Make every new user feel confident within their first 7 days

- KR1: Launch the new onboarding flow by Week 6
- KR2: Reduce time to first value from 3 days to 1 day by end of Q2
"""
REWRITTEN_KR = "Launch the new onboarding flow"  # the offline rewriter replaces this task
GRADE_DRAFT = "## Objective: Keep customers\n- Reduce churn from 12% to 8% (actual 9%)\n"
NO_MODEL = {"COACH_MODEL": "", "OPENAI_BASE_URL": "", "OPENAI_API_KEY": ""}


def coach(*args: str | Path):
    return CliRunner().invoke(cli, [str(a) for a in args], env=NO_MODEL)


def coach_subprocess(folder: Path, *args: str, limit_bytes: int | None = None, user=None):
    """coach in a child process run from ``folder``: under RLIMIT_FSIZE (a full disk: writes
    past the limit fail with EFBIG once SIGXFSZ is ignored) and/or as another user."""
    script = "import resource, signal, sys\n"
    if limit_bytes is not None:
        script += (
            "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit_bytes}, {limit_bytes}))\n"
        )
    script += "from coach.cli import main\nmain(sys.argv[1:])\n"
    env = {**os.environ, **NO_MODEL, "HOME": str(folder)}
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        user=user,
    )


def snapshot(folder: Path) -> dict[str, tuple[str, bytes | str]]:
    """Every name in the folder with its kind and content (a link's target, a file's bytes)."""
    result = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink():
            result[entry.name] = ("link", os.readlink(entry))
        elif entry.is_file():
            result[entry.name] = ("file", entry.read_bytes())
        else:
            result[entry.name] = ("other", stat.filemode(entry.lstat().st_mode))
    return result


def one_line_error(output: str, name: str) -> None:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith(f"coach: {name}: "), output
    assert "Traceback" not in output and "internal error" not in output


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "metrics.yaml").write_text("onboarding completion rate: 45%\n", encoding="utf-8")
    (tmp_path / "okrs.md").write_text(GRADE_DRAFT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def special_file(folder: Path, name: str) -> str:
    """A character device like /dev/null where mknod is permitted (as root), else a FIFO."""
    path = folder / name
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        return "device"
    except PermissionError:
        os.mkfifo(path)
        return "fifo"


# ---- only regular files --------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("rewrite", "draft.md", "-o", "out.png"),
        ("grade", "okrs.md", "-o", "out.png"),
        ("grade", "okrs.md", "--chart", "out.png"),
    ],
)
def test_a_device_node_or_fifo_is_refused_and_stays_what_it_was(folder: Path, args):
    kind = special_file(folder, "out.png")
    before = snapshot(folder)
    result = coach(*args)
    assert result.exit_code == 2
    one_line_error(result.stderr, "out.png")
    assert "not a regular file" in result.output
    mode = (folder / "out.png").lstat().st_mode
    assert stat.S_ISCHR(mode) if kind == "device" else stat.S_ISFIFO(mode)
    assert snapshot(folder) == before


def test_a_fifo_and_a_socket_are_refused(folder: Path):
    os.mkfifo(folder / "pipe.md")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind("sock.md")
        for name in ("pipe.md", "sock.md"):
            result = coach("rewrite", "draft.md", "-o", name)
            assert result.exit_code == 2
            one_line_error(result.stderr, name)
        assert stat.S_ISFIFO((folder / "pipe.md").lstat().st_mode)
        assert stat.S_ISSOCK((folder / "sock.md").lstat().st_mode)
    finally:
        server.close()


def test_output_through_a_symlink_writes_its_target_and_keeps_the_link(folder: Path):
    elsewhere = folder / "shared"
    elsewhere.mkdir()
    (elsewhere / "real.md").write_text("old\n", encoding="utf-8")
    (folder / "link.md").symlink_to(elsewhere / "real.md")
    result = coach("rewrite", "draft.md", "-o", "link.md")
    assert result.exit_code == 0, result.output
    assert (folder / "link.md").is_symlink()
    assert os.readlink(folder / "link.md") == str(elsewhere / "real.md")
    written = (elsewhere / "real.md").read_text(encoding="utf-8")
    assert written.startswith("## Objective") and REWRITTEN_KR not in written
    leftovers = [p.name for d in (folder, elsewhere) for p in d.iterdir() if p.suffix == ".tmp"]
    assert leftovers == []


def test_the_temporary_file_is_made_beside_the_symlink_target(folder: Path, monkeypatch):
    """A rename works only within one file system: the temporary file goes where the target
    is, not where the link is, so a link to another disk is written through too."""
    elsewhere = folder / "other-disk"
    elsewhere.mkdir()
    (folder / "link.md").symlink_to(elsewhere / "real.md")
    made_in = []
    real_mkstemp = tempfile.mkstemp

    def spy(*args, **kwargs):
        made_in.append(Path(kwargs["dir"]))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", spy)
    write_atomic(folder / "link.md", "new\n")
    assert made_in == [elsewhere]
    assert (elsewhere / "real.md").read_text(encoding="utf-8") == "new\n"


def test_in_place_on_a_symlinked_draft_rewrites_the_target_and_backs_up_beside_the_link(
    folder: Path,
):
    shared = folder / "shared"
    shared.mkdir()
    (folder / "draft.md").rename(shared / "team.md")
    (folder / "draft.md").symlink_to(shared / "team.md")
    result = coach("rewrite", "draft.md", "--in-place")
    assert result.exit_code == 0, result.output
    assert (folder / "draft.md").is_symlink()
    assert REWRITTEN_KR not in (shared / "team.md").read_text(encoding="utf-8")
    assert (folder / "draft.md.bak").read_text(encoding="utf-8") == DRAFT
    assert not (folder / "draft.md.bak").is_symlink()


# ---- backups ---------------------------------------------------------------------------------


def test_backups_form_a_chain_and_never_replace_each_other(folder: Path):
    draft = folder / "draft.md"
    assert coach("rewrite", "draft.md", "--in-place").exit_code == 0
    first_rewrite = draft.read_text(encoding="utf-8")
    draft.write_text(first_rewrite + "- KR3: Ship the new billing page\n", encoding="utf-8")
    edited = draft.read_text(encoding="utf-8")
    result = coach("rewrite", "draft.md", "--in-place")
    assert result.exit_code == 0, result.output
    assert "original kept as draft.md.bak.1" in result.output
    assert (folder / "draft.md.bak").read_text(encoding="utf-8") == DRAFT
    assert (folder / "draft.md.bak.1").read_text(encoding="utf-8") == edited
    assert "Ship the new billing page" not in draft.read_text(encoding="utf-8")


def test_in_place_with_nothing_to_rewrite_makes_no_backup(folder: Path):
    assert coach("rewrite", "draft.md", "--in-place").exit_code == 0
    rewritten = (folder / "draft.md").read_bytes()
    result = coach("rewrite", "draft.md", "--in-place")
    assert result.exit_code == 0
    assert "nothing to rewrite" in result.output
    assert (folder / "draft.md").read_bytes() == rewritten
    assert not (folder / "draft.md.bak.1").exists()


def test_a_symlink_at_the_backup_name_is_never_followed(folder: Path):
    (folder / "precious.txt").write_text("precious\n", encoding="utf-8")
    (folder / "draft.md.bak").symlink_to(folder / "precious.txt")
    result = coach("rewrite", "draft.md", "--in-place")
    assert result.exit_code == 0, result.output
    assert (folder / "precious.txt").read_text(encoding="utf-8") == "precious\n"
    assert (folder / "draft.md.bak").is_symlink()
    assert (folder / "draft.md.bak.1").read_text(encoding="utf-8") == DRAFT


def test_a_dangling_symlink_at_the_backup_name_is_left_alone(folder: Path):
    (folder / "draft.md.bak").symlink_to(folder / "nowhere" / "x")
    assert coach("rewrite", "draft.md", "--in-place").exit_code == 0
    assert not (folder / "nowhere").exists()
    assert (folder / "draft.md.bak.1").read_text(encoding="utf-8") == DRAFT


def test_without_hard_links_the_backup_is_created_exclusively(folder: Path, monkeypatch):
    def no_links(*_args, **_kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    (folder / "draft.md.bak").write_text("an earlier backup\n", encoding="utf-8")
    backup = keep_backup(Path("draft.md"))
    assert backup == Path("draft.md.bak.1")
    assert backup.read_text(encoding="utf-8") == DRAFT
    assert (folder / "draft.md.bak").read_text(encoding="utf-8") == "an earlier backup\n"
    assert not [p for p in folder.iterdir() if p.suffix == ".tmp"]


# ---- never over an input ---------------------------------------------------------------------


def _aliases(folder: Path) -> None:
    os.link(folder / "draft.md", folder / "hard.md")
    (folder / "soft.md").symlink_to("draft.md")
    (folder / "okrs.html").symlink_to("okrs.md")
    os.link(folder / "okrs.md", folder / "okrs.png")


@pytest.mark.parametrize(
    ("args", "name", "what"),
    [
        (("grade", "okrs.md", "-o", "okrs.md"), "okrs.md", "the draft"),
        (("grade", "okrs.md", "-o", "./okrs.md"), "./okrs.md", "the draft"),
        (("grade", "okrs.md", "--chart", "okrs.html"), "okrs.html", "the draft"),
        (("grade", "okrs.md", "--chart", "okrs.png"), "okrs.png", "the draft"),
        (("grade", "okrs.md", "--actuals", "metrics.yaml", "-o", "metrics.yaml"), "metrics.yaml",
         "the actuals file"),
        (("rewrite", "draft.md", "--metrics", "metrics.yaml", "-o", "metrics.yaml"),
         "metrics.yaml", "the metrics file"),
        (("rewrite", "draft.md", "-o", "hard.md"), "hard.md", "the draft"),
        (("rewrite", "draft.md", "-o", "soft.md"), "soft.md", "the draft"),
        (("rewrite", "draft.md", "-o", "./draft.md"), "./draft.md", "the draft"),
        (("rewrite", "soft.md", "--in-place", "--metrics", "hard.md"), "soft.md",
         "the metrics file"),
        # a folder or a glob as the input: every draft it holds is an input
        (("check", ".", "-o", "draft.md"), "draft.md", "an input"),
        (("check", "*.md", "-o", "okrs.md"), "okrs.md", "an input"),
        (("check", ".", "-o", "hard.md"), "hard.md", "an input"),
        (("batch", ".", "-o", "draft.md"), "draft.md", "an input"),
        (("batch", "*.md", "--format", "json", "-o", "soft.md"), "soft.md", "an input"),
    ],
)  # fmt: skip
def test_an_output_that_is_an_input_is_refused(folder: Path, args, name, what):
    _aliases(folder)
    before = snapshot(folder)
    result = coach(*args)
    assert result.exit_code == 2
    one_line_error(result.stderr, name)
    assert f"would overwrite {what}" in result.output
    assert snapshot(folder) == before


def test_rewrite_onto_its_draft_points_to_in_place(folder: Path):
    result = coach("rewrite", "draft.md", "-o", "draft.md")
    assert result.exit_code == 2 and "use --in-place" in result.output


def test_chart_and_report_onto_one_file_is_refused(folder: Path):
    result = coach("grade", "okrs.md", "--chart", "x.html", "-o", "./x.html")
    assert result.exit_code == 2
    one_line_error(result.stderr, "x.html")
    assert not (folder / "x.html").exists()


def test_eval_output_onto_a_case_file_is_refused(folder: Path):
    cases = folder / "evals" / "cases"
    cases.mkdir(parents=True)
    case = cases / "one.yaml"
    case.write_text("id: one\n", encoding="utf-8")
    result = coach("eval", "--evals", "evals", "--provider", "offline", "--output", case)
    assert result.exit_code == 2
    one_line_error(result.stderr, str(case))
    assert "would overwrite an eval case" in result.output
    assert case.read_text(encoding="utf-8") == "id: one\n"


# ---- the draft itself ------------------------------------------------------------------------


def test_a_read_only_draft_is_not_rewritten_in_place(folder: Path):
    (folder / "draft.md").chmod(0o444)
    before = snapshot(folder)
    result = coach("rewrite", "draft.md", "--in-place")
    assert result.exit_code == 2
    one_line_error(result.stderr, "draft.md")
    assert "read-only" in result.output
    assert snapshot(folder) == before


@pytest.mark.parametrize("mode", ["--in-place", "-o"])
def test_a_utf8_bom_survives_the_rewrite(folder: Path, mode):
    (folder / "draft.md").write_bytes(UTF8_BOM + DRAFT.encode("utf-8"))
    args = ("--in-place",) if mode == "--in-place" else ("-o", "out.md")
    assert coach("rewrite", "draft.md", *args).exit_code == 0
    written = (folder / ("draft.md" if mode == "--in-place" else "out.md")).read_bytes()
    assert written.startswith(UTF8_BOM) and not written.startswith(UTF8_BOM * 2)
    assert REWRITTEN_KR.encode() not in written
    if mode == "--in-place":
        assert (folder / "draft.md.bak").read_bytes() == UTF8_BOM + DRAFT.encode("utf-8")


# ---- write failures --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "name", "problem"),
    [
        ("", "''", "empty output path"),
        ("subfolder", "subfolder", "is a directory"),
        ("subfolder/", "subfolder/", "is a directory"),
        ("missing/x.md", "missing/x.md", "folder does not exist"),
        ("new/", "new/", "is a directory"),
        ("loop.md", "loop.md", "symlink loop"),
    ],
)
def test_unusable_output_paths_are_one_line(folder: Path, target, name, problem):
    (folder / "subfolder").mkdir()
    (folder / "loop.md").symlink_to("loop2.md")
    (folder / "loop2.md").symlink_to("loop.md")
    before = snapshot(folder)
    for args in (("rewrite", "draft.md", "-o", target), ("grade", "okrs.md", "-o", target)):
        result = coach(*args)
        assert result.exit_code == 2, result.output
        one_line_error(result.stderr, name)
        assert problem in result.output
    assert snapshot(folder) == before


def test_a_rename_across_file_systems_is_one_line(folder: Path, monkeypatch):
    def cross_device(*_args):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "replace", cross_device)
    (folder / "out.md").write_text("kept\n", encoding="utf-8")
    result = coach("rewrite", "draft.md", "-o", "out.md")
    assert result.exit_code == 2
    one_line_error(result.stderr, "out.md")
    assert "across file systems" in result.output
    assert (folder / "out.md").read_text(encoding="utf-8") == "kept\n"
    assert not [p for p in folder.iterdir() if p.suffix == ".tmp"]


@pytest.mark.parametrize(
    "args",
    [("rewrite", "draft.md", "-o", "out.md"), ("grade", "okrs.md", "-o", "out.md")],
)
def test_a_full_disk_leaves_the_old_file_whole(folder: Path, args):
    (folder / "out.md").write_text("the old report\n", encoding="utf-8")
    before = snapshot(folder)
    result = coach_subprocess(folder, *args, limit_bytes=40)
    assert result.returncode == 2, result.stderr
    one_line_error(result.stderr, "out.md")
    assert "cannot write: file too large (nothing was changed)" in result.stderr
    assert snapshot(folder) == before


def test_a_full_disk_during_the_backup_changes_nothing(folder: Path):
    (folder / "draft.md.bak").write_text("a good earlier backup\n", encoding="utf-8")
    before = snapshot(folder)
    result = coach_subprocess(folder, "rewrite", "draft.md", "--in-place", limit_bytes=40)
    assert result.returncode == 2, result.stderr
    one_line_error(result.stderr, "draft.md")
    assert "cannot write a backup" in result.stderr
    assert snapshot(folder) == before


def test_a_full_disk_after_the_backup_removes_it_again(folder: Path):
    """Room for the backup (the draft's size) but not for the longer rewritten text."""
    size = len(DRAFT.encode("utf-8"))
    before = snapshot(folder)
    result = coach_subprocess(folder, "rewrite", "draft.md", "--in-place", limit_bytes=size + 8)
    assert result.returncode == 2, result.stderr
    one_line_error(result.stderr, "draft.md")
    assert "cannot write: file too large (nothing was changed)" in result.stderr
    assert snapshot(folder) == before


def as_nobody(folder: Path, *args: str) -> tuple[int, str]:
    """coach in a forked child (so nothing needs importing: a warm-up run has loaded it all)
    that, when we are root, first becomes 'nobody', for whom a read-only folder is read-only."""
    coach("rewrite", "draft.md", "-o", "warm-up.md")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            os.chdir(folder)
            result = coach(*args)
            os.write(write, f"{result.exit_code}\n{result.stderr}".encode())
        except BaseException as exc:
            os.write(write, f"-1\n{exc!r}".encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as handle:
        code, _, stderr = handle.read().decode().partition("\n")
    os.waitpid(pid, 0)
    return int(code), stderr


def test_a_read_only_folder_is_one_line(folder: Path):
    """Root may write into a read-only folder, so as root the run is made as 'nobody'."""
    shared = Path(tempfile.mkdtemp())  # not tmp_path: its parents are private to its owner
    try:
        shared.chmod(0o755)
        (shared / "draft.md").write_text(DRAFT, encoding="utf-8")
        locked = shared / "locked"
        locked.mkdir()
        (locked / "old.md").write_text("old\n", encoding="utf-8")
        (locked / "old.md").chmod(0o666)
        locked.chmod(0o555)
        before = snapshot(locked)
        for target in ("locked/new.md", "locked/old.md"):
            code, stderr = as_nobody(shared, "rewrite", "draft.md", "-o", target)
            assert code == 2, stderr
            one_line_error(stderr, target)
            assert "folder is not writable" in stderr
        assert snapshot(locked) == before
    finally:
        (shared / "locked").chmod(0o755)
        shutil.rmtree(shared)


# ---- the property ------------------------------------------------------------------------

KEY_RESULTS = [
    "Launch the new onboarding flow by Week 6",
    "Ship the billing page",
    "Reduce time to first value from 3 days to 1 day by end of Q2",
    "Migrate the search index to the new cluster",
]
OPERATIONS = st.one_of(
    st.just(("in-place",)),
    st.tuples(st.just("-o"), st.sampled_from(["out.md", "hard.md", "soft.md", "./draft.md"])),
    st.tuples(st.just("edit"), st.sampled_from(KEY_RESULTS)),
)


@settings(max_examples=40, deadline=None)
@given(
    key_results=st.lists(st.sampled_from(KEY_RESULTS), min_size=1, max_size=3),
    bom=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
    operations=st.lists(OPERATIONS, min_size=1, max_size=6),
)
def test_every_text_coach_replaced_stays_on_disk(key_results, bom, newline, operations):
    """For any sequence of rewrites (in place, or -o onto new files, hard links, symlinks and
    ./ paths of the draft) and hand edits: every text coach replaced is still the content of
    some file in the folder, a refused run changes nothing, and no run ends in exit 70."""
    lines = ["## Objective: Make every new user feel confident", ""]
    lines += [f"- KR{i}: {text}" for i, text in enumerate(key_results, 1)]
    original = (UTF8_BOM if bom else b"") + newline.join([*lines, ""]).encode("utf-8")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        draft = folder / "draft.md"
        draft.write_bytes(original)
        os.link(draft, folder / "hard.md")
        (folder / "soft.md").symlink_to("draft.md")
        replaced: list[bytes] = []
        old_cwd = os.getcwd()
        os.chdir(folder)
        try:
            for operation in operations:
                if operation[0] == "edit":
                    with draft.open("ab") as handle:
                        handle.write(f"- KR9: {operation[1]}{newline}".encode())
                    continue
                before, text = snapshot(folder), draft.read_bytes()
                args = ("--in-place",) if operation[0] == "in-place" else operation
                result = coach("rewrite", "draft.md", *args)
                assert result.exit_code in (0, 2), result.output
                if result.exit_code == 2:
                    assert snapshot(folder) == before
                if draft.read_bytes() != text:
                    replaced.append(text)
                    assert draft.read_bytes().startswith(UTF8_BOM) == bom
                on_disk = {p.read_bytes() for p in folder.iterdir() if p.is_file()}
                assert all(t in on_disk for t in replaced)
                assert not [p for p in folder.iterdir() if p.suffix == ".tmp"]
        finally:
            os.chdir(old_cwd)
