"""Compiled patterns kept between runs (``coach.regexcache``): what is kept rebuilds exactly
what Python compiles, a run with the file checks as one without it, and a damaged, foreign or
unwritable file costs time, never a result."""

from __future__ import annotations

import _sre
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from coach import regexcache
from coach.rubric.vocabulary import load_vocabulary

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "draft.md"

PATTERNS = [
    (r"\b(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?(?P<unit>%|k|m)?", 0),
    (r"(?<![\w-])(?:roll[\s-]+out|launch|ship)(?![\w-])", re.IGNORECASE),
    (r"[^\t\n\r -~\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", 0),
    (
        r"""(?x) ^ \s* (?: \[ [ xX] \] \s* )?  # a task box
         (?P<label> KR \s* \d+ ) \s* [:.)]""",
        re.IGNORECASE,
    ),
    (r"(a)|(?P<b>b)(?(1)c|d)", re.MULTILINE | re.DOTALL),
]


def made(entry: tuple) -> re.Pattern[str]:
    pattern, _flags, final_flags, code, groups, groupindex, indexgroup = entry
    return _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_kept_entry_rebuilds_what_python_compiles(pattern, flags):
    fresh = re._compiler.compile(pattern, flags)
    rebuilt = made(marshal.loads(marshal.dumps(regexcache.compiled_entry(pattern, flags))))
    assert rebuilt == fresh  # same pattern, flags and engine code
    assert (rebuilt.groups, rebuilt.groupindex) == (fresh.groups, fresh.groupindex)
    text = "KR1: Roll out 1,250.5k to 12% of [ ] b users ☃ \x07"
    assert [m.span() for m in rebuilt.finditer(text)] == [m.span() for m in fresh.finditer(text)]


def with_cache(cache: Path) -> dict[str, str]:
    """This environment with ``cache`` as the cache folder."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    environment.pop("COACH_CACHE_DIR", None)
    return environment


def run_coach(cache: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        capture_output=True,
        text=True,
        env=with_cache(cache),
    )


def printed(cache: Path, probe: str) -> list[str]:
    """The words a fresh interpreter running ``probe`` prints, with ``cache`` as its cache."""
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=with_cache(cache),
        check=True,
    )
    return done.stdout.split()


def kept_file(cache: Path) -> Path:
    return regexcache.cache_file({"XDG_CACHE_HOME": str(cache)})


def kept_entries(cache: Path) -> tuple[list, list]:
    """(the entries for re's cache, the entries for one text's patterns) the file holds."""
    return regexcache._entries(marshal.loads(kept_file(cache).read_bytes()))


def test_a_run_keeps_its_patterns_and_the_next_takes_them_as_compiled(tmp_path):
    first = run_coach(tmp_path, "check", "--format", "concise", str(EXAMPLE))
    kept, _ = kept_entries(tmp_path)
    assert len(kept) > 100
    second = run_coach(tmp_path, "check", "--format", "concise", str(EXAMPLE))
    assert (second.returncode, second.stdout, second.stderr) == (
        first.returncode,
        first.stdout,
        first.stderr,
    )
    assert first.stdout.count("OKR") >= 5
    probe = (
        "import re, coach\n"
        "from coach import regexcache\n"
        "import coach.service.checking\n"
        "seeded = [(k, p) for k, p in re._cache.items() if (k[1], k[2]) in regexcache._kept]\n"
        "same = all(p == re._compiler.compile(k[1], k[2]) for k, p in seeded)\n"
        "print(regexcache.seeded, len(regexcache._kept), len(seeded), same)\n"
    )
    out = printed(tmp_path, probe)
    # every kept pattern is read, and each is in re's cache as what compiling it makes; the
    # interpreter's start may have compiled one or two of them already (then none is seeded)
    seeded, read, cached, same = int(out[0]), int(out[1]), int(out[2]), out[3]
    assert read == len(kept) and len(kept) - 5 <= seeded <= len(kept)
    assert cached >= seeded and same == "True"


def test_a_damaged_file_is_compiled_past_and_replaced(tmp_path):
    (tmp_path / "clean").mkdir()
    clean = run_coach(tmp_path / "clean", "check", str(EXAMPLE))
    path = kept_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00garbage, not marshal\xff" * 10)
    damaged = run_coach(tmp_path, "check", str(EXAMPLE))
    assert (damaged.returncode, damaged.stdout, damaged.stderr) == (
        clean.returncode,
        clean.stdout,
        clean.stderr,
    )
    assert len(kept_entries(tmp_path)[0]) > 100


def test_a_file_of_wrong_entries_seeds_nothing_wrong(tmp_path, monkeypatch):
    path = tmp_path / "kept.marshal"
    entry = regexcache.compiled_entry(r"abc", 0)
    broken = (r"xyz", 0, entry[2], [1, 2, 3], 0, {}, (None,))  # code the engine refuses
    path.write_bytes(marshal.dumps([entry[:4], broken]))
    monkeypatch.setattr(re, "_cache", {})
    assert regexcache.seed(path) == 0
    assert re._cache == {}


def test_an_unwritable_cache_folder_costs_nothing_but_time(tmp_path):
    (tmp_path / "clean").mkdir()
    clean = run_coach(tmp_path / "clean", "check", "--format", "concise", str(EXAMPLE))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be\n")
    blocked = run_coach(blocker, "check", "--format", "concise", str(EXAMPLE))
    assert (blocked.returncode, blocked.stdout, blocked.stderr) == (
        clean.returncode,
        clean.stdout,
        clean.stderr,
    )
    assert blocker.read_text().startswith("a file")


def test_a_long_run_that_filled_re_s_cache_saves_nothing(tmp_path, monkeypatch):
    path = tmp_path / "kept.marshal"
    re.compile(r"a pattern only this test compiles \d+")
    monkeypatch.setattr(re, "_MAXCACHE", 1)
    assert regexcache.save(path) == 0
    assert not path.exists()


def test_the_regexes_made_for_one_text_stay_out_of_re_s_cache():
    vocabulary = load_vocabulary()
    text = "We will roll out the partner dashboard and migrate billing"
    for name in vocabulary.lists:
        vocabulary.search(name, text)
    kept = {pattern for _kind, pattern, _flags in re._cache}
    subsets = [
        subset.pattern
        for name in vocabulary.lists
        for subset in (vocabulary.pattern(name)._by_words or {}).values()
    ]
    assert len(subsets) >= 3
    assert not kept.intersection(subsets)


def test_one_text_s_patterns_are_kept_apart_and_taken_by_the_next_run(tmp_path):
    run_coach(tmp_path, "check", "--format", "concise", str(EXAMPLE))
    kept, spare = kept_entries(tmp_path)
    assert len(spare) >= 10 and not {(e[0], e[1]) for e in spare} & {(e[0], e[1]) for e in kept}
    probe = (
        "import re, coach\n"
        "from coach import regexcache\n"
        "from coach.config import Settings\n"
        f"coach.check(coach.load_draft({str(EXAMPLE)!r}), Settings())\n"
        "taken = [k for k, e in regexcache._spare_used.items() if e]\n"
        "in_re = [k for k in taken if (str, *k) in re._cache]\n"
        "print(len(regexcache._spare), len(taken), len(in_re))\n"
    )
    out = printed(tmp_path, probe)
    read, taken, in_re = map(int, out)
    assert read == len(spare) and taken == len(spare) and in_re == 0


def test_a_kept_pattern_for_one_text_is_what_compiling_it_makes(monkeypatch):
    pattern, flags = r"(?<![\w-])(?:roll[\s-]+out|ship)(?![\w-])", re.IGNORECASE
    monkeypatch.setattr(
        regexcache, "_spare", {(pattern, int(flags)): regexcache.compiled_entry(pattern, flags)}
    )
    monkeypatch.setattr(regexcache, "_spare_used", {})
    assert regexcache.compile_uncached(pattern, flags) == re._compiler.compile(pattern, flags)
    assert regexcache._spare_used[(pattern, int(flags))]  # taken, not made
    broken = (pattern, int(flags), 0, [1, 2, 3], 0, {}, (None,))  # code the engine refuses
    monkeypatch.setattr(regexcache, "_spare", {(pattern, int(flags)): broken})
    monkeypatch.setattr(regexcache, "_spare_used", {})
    assert regexcache.compile_uncached(pattern, flags) == re._compiler.compile(pattern, flags)
    assert regexcache._spare_used[(pattern, int(flags))] == ()  # compiled here instead


def test_a_file_of_the_first_format_still_seeds(tmp_path, monkeypatch):
    path = tmp_path / "kept.marshal"
    path.write_bytes(marshal.dumps([regexcache.compiled_entry(r"a first-format pattern \d", 0)]))
    monkeypatch.setattr(re, "_cache", {})
    assert regexcache.seed(path) == 1
    assert re.compile(r"a first-format pattern \d") is next(iter(re._cache.values()))
