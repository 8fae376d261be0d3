"""Whole-process time of `coach check` beside `proselint check` on the same files.

    python benchmarks/bench_startup.py [--runs 15] [--files 2000]
    python benchmarks/bench_startup.py --python /tmp/after/bin/python --baseline /tmp/before/bin/python

What the user waits for is the whole process of the installed command: interpreter start,
imports, reading, checking, printing. Both tools run as their console scripts (``coach``,
``proselint``) from the ``bin`` folder of ``--python`` (default: this interpreter), in an
empty temporary folder, so nothing in the current folder is imported instead of the installed
package. Measure a ``pip install .`` (pip writes the bytecode at install time): an editable
install (``pip install -e``) adds setuptools' import hook to every start and reads the source
tree, so the script says so when it finds one.

One draft is timed with ``--fail-on never`` and the grouped text output (drawn with rich),
then with ``--format concise`` (what editors and pre-commit hooks read; rich is never loaded),
then ``--files`` drafts in one call. Each coach keeps its compiled patterns (``docs/cli.md``) in a
cache folder of its own in the benchmark's temporary folder, which its warm-up run writes. For each, coach, the ``--baseline`` coach if given (an
older install, e.g. of the commit before a change) and proselint run alternately ``--runs``
times, so load on the machine hits all alike; the script prints the median and p90 seconds of
each, the median CPU seconds (user + system: less swayed by other jobs than the wall clock),
and the ratios to proselint. It also times the floors (``python -c pass``; importing typer,
click and markdown-it-pyrs, what coach's CLI and parser need; and with rich, which the default
text format draws its tables with) and prints ``python -X importtime``'s slowest imports of
`coach check --format concise` for each coach.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "draft.md"


ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The children's environment. Without ``PYTHONDONTWRITEBYTECODE`` (set on some CI machines),
the warm-up run writes any bytecode still missing, as a user's first run does; with it, an
editable install would compile coach from source on every run."""

FLOORS = {
    "python -c pass": "pass",
    "import typer, click, markdown_it_pyrs": "import typer, click, markdown_it_pyrs",
    "+ rich (the text format's tables)": (
        "import typer, click, markdown_it_pyrs, rich.console, rich.table"
    ),
}


def _cpu() -> float:
    """User + system CPU seconds of the finished children so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _environment(argv: list[str], cwd: str) -> dict[str, str]:
    """``ENVIRONMENT`` with a cache folder of the command's own (``XDG_CACHE_HOME``) in the
    benchmark's folder: coach keeps its compiled patterns there (docs/cli.md), written by the
    warm-up run as by a user's first run, and two installs of coach never share one (nor the
    user's own ~/.cache)."""
    own = argv[0].strip("/").replace("/", "_")
    return dict(ENVIRONMENT, XDG_CACHE_HOME=str(Path(cwd) / ".cache" / own))


def _timed(argv: list[str], cwd: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run."""
    cpu, start = _cpu(), time.perf_counter()
    subprocess.run(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        env=_environment(argv, cwd),
        cwd=cwd,
    )
    return time.perf_counter() - start, _cpu() - cpu


def _stats(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


def _script(python: str, name: str) -> str | None:
    path = Path(python).parent / name
    return str(path) if path.is_file() else None


def _load() -> str:
    """The load averages over 1, 5 and 15 minutes."""
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def _editable(python: str) -> bool:
    """Whether ``python`` has okr-coach as an editable install (from its direct_url.json)."""
    code = (
        "import importlib.metadata as m\n"
        "t = m.distribution('okr-coach').read_text('direct_url.json') or '{}'\n"
        "print(t)"
    )
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False)
    try:
        return bool(json.loads(out.stdout or "{}").get("dir_info", {}).get("editable"))
    except ValueError:
        return False


def compare(
    label: str, commands: dict[str, list[str]], runs: int, cwd: str, reference: str
) -> None:
    """Run each command ``runs`` times, alternately; print median and p90, and each median's
    ratio to the ``reference`` command's."""
    for argv in commands.values():  # warm the file cache, write missing bytecode and patterns
        _timed(argv, cwd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            wall, cpu = _timed(argv, cwd)
            times[name].append(wall)
            cpus[name].append(cpu)
    medians = {name: _stats(t)[0] for name, t in times.items()}
    cpu_medians = {name: _stats(t)[0] for name, t in cpus.items()}
    print(f"{label}:")
    for name, t in times.items():
        (median, p90), cpu = _stats(t), cpu_medians[name]
        ratio = (
            f"   ratio {median / medians[reference]:.2f} (CPU {cpu / cpu_medians[reference]:.2f})"
            if name != reference
            else ""
        )
        print(f"  {name:<34} {median:7.3f} s (p90 {p90:.3f}; CPU {cpu:.3f} s){ratio}")


def import_times(name: str, coach: str, cwd: str) -> None:
    env = dict(_environment([coach], cwd), PYTHONPROFILEIMPORTTIME="1")
    argv = [coach, "check", "--fail-on", "never", "--format", "concise", str(EXAMPLE)]
    result = subprocess.run(argv, capture_output=True, text=True, env=env, check=False, cwd=cwd)
    rows = []
    for line in result.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    total = sum(us for us, module in rows if not module.startswith("  "))
    print(f"\nimports of `{name} check --format concise`: {total / 1e6:.3f} s in all; slowest:")
    for us, module in sorted(rows, reverse=True)[:12]:
        print(f"  {us / 1e6:6.3f} s {module}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument(
        "--python", default=sys.executable, help="the interpreter of the install to measure"
    )
    parser.add_argument("--baseline", help="another install's interpreter, timed alongside")
    args = parser.parse_args(argv)
    pythons = {
        "coach": args.python,
        **({"coach (baseline)": args.baseline} if args.baseline else {}),
    }
    coaches = {name: _script(python, "coach") for name, python in pythons.items()}
    proselint = _script(args.python, "proselint")
    if proselint is None or None in coaches.values():
        print("install okr-coach and proselint beside --python: pip install . proselint")
        return 2
    for name, python in pythons.items():
        if _editable(python):
            print(f"note: {name} is an editable install; its import hook slows every start")
    print(f"Python {sys.version.split()[0]}; {os.cpu_count()} CPUs; load {_load()}")
    print(f"{args.runs} runs each; medians\n")
    with tempfile.TemporaryDirectory() as folder:
        floors = {label: [args.python, "-c", code] for label, code in FLOORS.items()}
        compare("floors", floors, args.runs, folder, "python -c pass")

        def commands(flags: list[str], files: list[str]) -> dict[str, list[str]]:
            ours = {
                name: [script, "check", "--fail-on", "never", *flags, *files]
                for name, script in coaches.items()
                if script is not None
            }
            return {**ours, "proselint": [proselint, "check", *files]}

        draft = [str(EXAMPLE)]
        compare("one draft", commands([], draft), args.runs, folder, "proselint")
        compare(
            "one, concise", commands(["--format", "concise"], draft), args.runs, folder, "proselint"
        )
        text = EXAMPLE.read_text(encoding="utf-8")
        drafts = Path(folder) / "drafts"
        drafts.mkdir()
        paths = []
        for i in range(args.files):
            path = drafts / f"team-{i:04d}.md"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        runs = max(3, args.runs // 5)
        compare(f"{args.files} drafts", commands([], paths), runs, folder, "proselint")
        for name, script in coaches.items():
            if script is not None:
                import_times(name, script, folder)
    print(f"\nload after: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
