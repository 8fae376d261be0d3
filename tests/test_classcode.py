"""The code ``@dataclass`` and ``namedtuple`` generate, kept between runs (``coach.classcode``)."""

from __future__ import annotations

import collections
import dataclasses
import inspect
import subprocess
import sys

import pytest

from coach import classcode


@pytest.fixture
def fresh(monkeypatch):
    """The module as a new process finds it; ``dataclasses`` back as it was afterwards."""
    monkeypatch.setattr(classcode, "_kept", {})
    monkeypatch.setattr(classcode, "_made", {})
    monkeypatch.setattr(classcode, "installed", False)
    monkeypatch.setattr(classcode, "compiled", 0)
    monkeypatch.delattr(dataclasses, "exec", raising=False)
    monkeypatch.delattr(collections, "eval", raising=False)
    yield classcode
    monkeypatch.delattr(dataclasses, "exec", raising=False)
    monkeypatch.delattr(collections, "eval", raising=False)


def _define():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Span:
        """A span."""

        line: int
        column: int = 1
        note: str | None = None
        tags: tuple[str, ...] = ()

    return Span


def _behaviour(cls) -> tuple:
    a, b = cls(3, 4, "x"), cls(3, 4, "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.line = 5
    return (
        repr(a),
        a == b,
        hash(a) == hash(b),
        a == cls(3),
        cls(2).column,
        str(inspect.signature(cls)),
        dataclasses.replace(a, line=9).line,
        [f.name for f in dataclasses.fields(cls)],
    )


def _new_process(module) -> None:
    module._kept.clear()
    module._made.clear()
    module.installed = False
    module.compiled = 0
    del dataclasses.exec
    del collections.eval


def test_a_class_built_from_kept_code_behaves_as_one_compiled_as_usual(fresh, tmp_path):
    expected = _behaviour(_define())  # dataclasses as it is
    path = tmp_path / "code.marshal"
    assert fresh.install(path) == 0  # no file yet
    first = _behaviour(_define())
    assert fresh.compiled > 0
    made = fresh.compiled
    assert fresh.save(path) == made and path.exists()

    _new_process(fresh)
    assert fresh.install(path) == made
    assert _behaviour(_define()) == first == expected
    assert fresh.compiled == 0  # every method's code came from the file
    assert fresh.save(path) == 0


def test_a_source_not_kept_is_compiled_as_dataclasses_compiles_it(fresh, tmp_path):
    def define():
        @dataclasses.dataclass
        class Later:
            """Another."""

            name: str
            size: int = 0

        return Later

    usual = define()
    fresh.install(tmp_path / "none.marshal")
    later = define()
    assert fresh.compiled > 0
    assert later("a") == later("a", 0) and repr(later("b", 2)).endswith("Later(name='b', size=2)")
    for method in ("__init__", "__eq__"):  # no __future__ flag of the module leaks in
        code, usual_code = getattr(later, method).__code__, getattr(usual, method).__code__
        assert code.co_flags == usual_code.co_flags and code.co_filename == "<string>"


def test_a_named_tuple_built_from_kept_code_behaves_as_one_compiled_as_usual(fresh, tmp_path):
    def define():
        return collections.namedtuple("Pair", "left right", defaults=[0])

    def behaviour(cls) -> tuple:
        pair = cls(1, 2)
        return (repr(pair), pair == (1, 2), cls(5).right, pair._replace(left=3), cls._fields)

    expected = behaviour(define())
    path = tmp_path / "code.marshal"
    fresh.install(path)
    assert behaviour(define()) == expected and fresh.compiled == 1
    assert fresh.save(path) == 1

    _new_process(fresh)
    assert fresh.install(path) == 1
    assert behaviour(define()) == expected and fresh.compiled == 0


@pytest.mark.parametrize(
    "content",
    [b"", b"not marshal at all", b"\x00" * 40, None],
    ids=["empty", "garbage", "zeros", "another format"],
)
def test_a_damaged_or_foreign_file_only_costs_the_compile(fresh, tmp_path, content):
    import marshal

    path = tmp_path / "code.marshal"
    path.write_bytes(marshal.dumps(["coach-regex-2", {}]) if content is None else content)
    assert fresh.install(path) == 0
    assert _behaviour(_define()) == _behaviour(_define())
    assert fresh.compiled > 0


def test_a_file_others_could_have_written_is_not_taken(fresh, tmp_path):
    """The kept code runs: a cache file that is group- or world-writable (a shared cache folder)
    is ignored, and the classes are compiled as usual."""
    path = tmp_path / "code.marshal"
    fresh.install(path)
    _define()
    made = fresh.compiled
    assert fresh.save(path) == made
    assert path.stat().st_mode & 0o777 == 0o600  # whatever the umask
    path.chmod(0o666)
    _new_process(fresh)
    assert fresh.install(path) == 0
    _define()
    assert fresh.compiled == made
    path.chmod(0o644)
    _new_process(fresh)
    assert fresh.install(path) == made


def test_a_folder_that_cannot_be_written_costs_only_the_next_runs_time(fresh, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    fresh.install(tmp_path / "none.marshal")
    _define()
    assert fresh.save(blocker / "sub" / "code.marshal") == 0
    assert list(tmp_path.iterdir()) == [blocker]


def test_the_coach_script_keeps_the_code_and_the_next_run_compiles_none(tmp_path):
    (tmp_path / "okrs.md").write_text(
        "## Objective: Make onboarding effortless\n- Launch the new onboarding flow\n",
        encoding="utf-8",
    )
    script = (
        "from coach import classcode\n"
        "from coach.startup import main\n"
        "try:\n    main(['check', '--format', 'concise', 'okrs.md'])\n"
        "except SystemExit:\n    pass\n"
        "print(classcode.installed, classcode.compiled)\n"
    )
    env = {"COACH_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}

    def run() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env
        )
        return done.stdout.splitlines()[-1].split()

    installed, compiled = run()
    assert installed == "True" and int(compiled) > 20  # the first run compiles them all
    assert len(list((tmp_path / "cache").glob("classcode-*.marshal"))) == 1
    assert run() == ["True", "0"]
