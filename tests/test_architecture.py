"""House rules that are cheap to check mechanically."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SDK_IMPORT = re.compile(r"^\s*(?:import|from)\s+(?:openai|instructor)\b", re.M)


def test_only_the_llm_package_imports_openai_or_instructor():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "coach").rglob("*.py")
        if SDK_IMPORT.search(path.read_text(encoding="utf-8")) and path.parent.name != "llm"
    ]
    assert offenders == []


def test_checking_a_draft_never_imports_the_model_sdks():
    """`coach check` must stay fast and work without the llm extras."""
    code = (
        "import sys; from coach import check; check('## Objective: Make users happy\\n- Ship X\\n');"
        "print(sorted(m for m in ('openai', 'instructor', 'tenacity') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_offline_rewrite_path_does_not_need_the_model_sdks():
    code = (
        "import sys; from coach.service import RewriteRequest, rewrite_text;"
        "r = rewrite_text(RewriteRequest(text='## Objective: Make onboarding effortless for every new user\\n"
        "- Launch the new onboarding flow\\n- Reduce time to first value from 3 days to 1 day\\n', source='d.md'));"
        "print(r.changes[0].origin, sorted(m for m in ('openai', 'instructor') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "offline []"


# ---- the CLI is thin over the service ----------------------------------------------------

FRONT_DOOR_ALLOWED = (
    "coach",  # __version__
    "coach.cli",  # the app and the shared options
    "coach.commands",
    "coach.service",  # all checking, settings per file, rules
    "coach.config",  # load_settings for commands that take one settings file
    "coach.errors",  # exit codes
    "coach.render",  # renderers (and their submodules)
    "coach.visible",  # escaping what is printed
    "coach.files",  # write_atomic / check_output for -o
    "coach.lsp",  # the language server, a front door of its own (`coach lsp`)
    "coach.api",  # the HTTP API, a front door of its own (`coach serve`: balancer, workers)
    "coach.review",  # the review TUI, a front door itself (imports only coach.service)
)
"""What coach/cli.py and the commands may import from coach (docs/cli.md, "Architecture")."""
NOT_YET_ON_THE_SERVICE: dict[str, set[str]] = {}
"""Commands whose library calls have no service function yet (none left)."""


def _coach_imports(path: Path) -> set[str]:
    import ast

    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return {m for m in modules if m == "coach" or m.startswith("coach.")}


def _allowed(module: str) -> bool:
    return any(module == a or module.startswith(a + ".") for a in FRONT_DOOR_ALLOWED[1:]) or (
        module == "coach"
    )


def test_the_cli_and_commands_import_only_the_service_layer():
    files = [ROOT / "coach" / "cli.py", *sorted((ROOT / "coach" / "commands").glob("*.py"))]
    offenders = {}
    for path in files:
        extra = {m for m in _coach_imports(path) if not _allowed(m)}
        extra -= NOT_YET_ON_THE_SERVICE.get(path.name, set())
        if extra:
            offenders[str(path.relative_to(ROOT))] = sorted(extra)
    assert offenders == {}


def test_the_review_app_is_a_front_door_over_the_service():
    """coach/review/ draws a session of coach.service.reviewing; the session itself (and so
    everything a test or another front door needs) has no Textual in it."""
    allowed = ("coach.service", "coach.errors")
    for path in (ROOT / "coach" / "review").glob("*.py"):
        extra = {m for m in _coach_imports(path) if not m.startswith(allowed)}
        assert extra == set(), (path.name, extra)
    assert "textual" not in (ROOT / "coach" / "service" / "reviewing.py").read_text()


def test_the_http_api_imports_only_the_service_layer():
    """coach/api/ is a front door like the commands: the service, settings, errors, renderers."""
    allowed = ("coach.api", "coach.service", "coach.config", "coach.errors", "coach.render")
    offenders = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "coach" / "api").glob("*.py")
        for module in _coach_imports(path)
        if module != "coach"
        and module != "coach.visible"
        and not any(module == a or module.startswith(a + ".") for a in allowed)
    }
    assert offenders == set()


def test_the_language_server_imports_only_the_service_layer():
    """`coach lsp` is a front door like the CLI: checking and rewriting through coach.service."""
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in _coach_imports(path) if not _allowed(m))
        for path in sorted((ROOT / "coach" / "lsp").glob("*.py"))
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_checking_goes_through_the_service_only():
    imports = _coach_imports(ROOT / "coach" / "commands" / "check.py")
    assert "coach.service" in imports
    assert not {"coach.checker", "coach.parsing", "coach.rubric", "coach.config"} & imports


BELOW_THE_MODEL_SEAM = (
    "coach.llm",
    "coach.config",
    "coach.errors",
    "coach.resources",
    "coach.cachefolder",
)
"""What ``coach/llm/`` may import from the coach: itself and the foundations (settings, errors,
packaged files, the cache folder). Nothing above it: no rubric, parsing, rewrite, rendering or
commands."""


def test_the_model_seam_imports_nothing_above_it():
    offenders = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "coach" / "llm").rglob("*.py")
        for module in _coach_imports(path)
        if not any(module == m or module.startswith(m + ".") for m in BELOW_THE_MODEL_SEAM)
    }
    assert offenders == set()


def test_the_layering_check_sees_lazy_imports_too(tmp_path):
    """The rule above would be worthless if it missed an import inside a function."""
    module = tmp_path / "m.py"
    module.write_text(
        "def f():\n    from coach.rubric import load_rubric\n    import coach.parsing\n"
    )
    assert _coach_imports(module) == {"coach.rubric", "coach.parsing"}


def test_the_foundations_of_the_model_seam_import_nothing_above_it():
    for name in BELOW_THE_MODEL_SEAM[1:]:
        path = ROOT / Path(*name.split(".")).with_suffix(".py")
        above = {
            m
            for m in _coach_imports(path)
            if not any(m == b or m.startswith(b + ".") for b in BELOW_THE_MODEL_SEAM)
        }
        assert above <= {"coach.findings"}, (name, above)


def test_the_model_seam_holds_no_rewriter_of_its_own():
    """The offline rewriter is domain code in coach/rewrite/offline/, not part of the seam."""
    assert not list((ROOT / "coach" / "llm").glob("offline*.py"))


SPECIAL_CASE = re.compile(
    r"isinstance\([^)]*Offline|\bis\s+offline\b|==\s*[\"']offline[\"']|[\"']offline[\"']\s*==|"
    r"!=\s*[\"']offline[\"']|resolved_provider\s*[!=]="
)


def test_no_code_asks_whether_the_rewriter_is_the_offline_one():
    """Providers are registered by name (coach.rewrite.providers); the engine, the renderers
    and the service treat them all alike. (coach/commands/ belongs to the CLI's conversion.)"""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "coach").rglob("*.py")
        if "commands" not in path.parts and SPECIAL_CASE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


RULE_ID_SET = re.compile(r"[{(\[]\s*[\"']OKR\d{3}[\"']\s*,\s*[\"']OKR\d{3}[\"']")


def test_no_sets_of_rule_ids_in_python():
    """Which rules a rewrite fixes, may leave or must clear are fields of the rule files
    (``rewrite``, ``after_rewrite``). The offline rewriter's templates are the exception: each
    answers particular findings, so it names them."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "coach").rglob("*.py")
        if RULE_ID_SET.search(path.read_text(encoding="utf-8"))
        and "offline" not in path.relative_to(ROOT).parts
    ]
    assert offenders == []


OWN_JSON_ENCODING = re.compile(r"json\.dumps\([^)]*indent=")


def test_every_json_output_uses_the_one_encoder():
    """check, SARIF, rewrite, grade, rules, config, statistics, batch and eval results JSON go
    through coach.render.json_output.dumps, the API's answers through coach.jsonbytes: one
    encoder (coach.jsonbytes) writes them all."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "coach").rglob("*.py")
        if OWN_JSON_ENCODING.search(path.read_text(encoding="utf-8"))
        and path != ROOT / "coach" / "jsonbytes.py"  # the one encoder
        and path != ROOT / "coach" / "evals" / "run.py"  # recorded_with.json: not an output
    ]
    assert offenders == []


def test_every_package_is_installed():
    """A package missing from [tool.setuptools] works in an editable install and breaks
    `pip install .` (the README's first command)."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "coach").rglob("__init__.py")
    }
    assert found <= listed


# ---- start-up: `coach check` loads only what checking needs (benchmarks/README.md) ----------

NOT_FOR_CHECK = (
    "coach.llm",
    "coach.grading",
    "coach.rewrite",
    "coach.evals",
    "coach.service.rewriting",
    "coach.commands.rewrite",
    "coach.commands.grade",
    "coach.commands.evaluate",
    "coach.commands.review",
    "coach.review",
    "coach.service.reviewing",
    "textual",
    "openai",
    "instructor",
    "tenacity",
    "httpx",
    "matplotlib",
    "jinja2",
    "coach.api",
    "coach.commands.serve",
    "fastapi",
    "starlette",
    "uvicorn",
    "coach.lsp",
    "coach.commands.lsp",
    "pygls",
    "lsprotocol",
    "coach.batch",
    "coach.service.batching",
    "coach.commands.batch",
    "rapidfuzz",
    # markdown-it-py: the reader parses with markdown-it-pyrs (rich imports markdown-it-py
    # only for rich.markdown, which no report draws with)
    "markdown_it",
)
"""Modules (and their submodules) that `coach check` must never import."""


def _loaded_after(code: str, cwd: Path = ROOT) -> list[str]:
    script = "import sys\n" + code + "\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=cwd
    )
    return out.stdout.split()


def _forbidden(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == n or m.startswith(n + ".") for n in NOT_FOR_CHECK)]


def test_coach_check_imports_only_what_checking_needs():
    modules = _loaded_after(
        "from coach.cli import main\n"
        "try:\n    main(['check', '--fail-on', 'never', 'examples/draft.md'])\n"
        "except SystemExit:\n    pass"
    )
    assert "coach.commands.check" in modules  # the run did check
    assert "markdown_it_pyrs" in modules  # and read the draft with markdown-it-pyrs
    assert _forbidden(modules) == []


@pytest.mark.parametrize(
    "flags",
    [
        (),
        ("--fail-on", "never"),
        ("--fail-on", "warning", "--select", "OKR2", "--ignore", "OKR201"),
    ],
)
def test_a_plain_check_loads_no_pydantic_yaml_or_rich(tmp_path, flags):
    """Start-up (issue 10): a Markdown draft with no front matter, no config file and a format
    for programs needs no validation library, no YAML or TOML reader and no terminal renderer; nor do
    the flags that only pick rules and the failing level (their values need no validation)."""
    (tmp_path / "okrs.md").write_text(
        "## Objective: Make onboarding effortless for every new user\n"
        "- Launch the new onboarding flow\n"
        "- Reduce time to first value from 3 days to 1 day by end of Q2\n",
        encoding="utf-8",
    )
    modules = _loaded_after(
        "from coach.startup import main\n"  # the coach script's entry point
        f"try:\n    main(['check', '--format', 'concise', *{list(flags)!r}, 'okrs.md'])\n"
        "except SystemExit:\n    pass",
        cwd=tmp_path,
    )
    assert "coach.commands.check" in modules
    heavy = (
        "pydantic",
        "yaml",
        "rich",
        "statistics",
        "importlib.resources",
        "importlib.metadata",  # no version or entry-point lookups
        "tomllib",
    )
    assert [m for m in modules if m.split(".")[0] in heavy or m in heavy] == []


def test_importing_the_check_command_imports_only_what_checking_needs():
    assert _forbidden(_loaded_after("import coach.commands.check")) == []


def test_the_service_names_every_rewriting_export():
    import coach.service
    import coach.service.rewriting

    assert set(coach.service._REWRITE_ALL) == set(coach.service.rewriting.__all__)
    assert all(getattr(coach.service, name) is not None for name in coach.service.__all__)


def test_every_command_module_is_registered():
    from coach.cli import _MODULES, COMMANDS

    modules = {p.stem for p in (ROOT / "coach" / "commands").glob("*.py")} - {"__init__"}
    assert {_MODULES.get(name, name) for name in COMMANDS} == modules


def test_the_cli_and_commands_keep_their_annotations_as_objects():
    """typer would compile and evaluate every option's annotation kept as a string, at every
    start (``coach/commands/__init__.py``)."""
    modules = [ROOT / "coach" / "cli.py", *sorted((ROOT / "coach" / "commands").glob("*.py"))]
    future = [
        p.name
        for p in modules
        if "from __future__ import annotations" in p.read_text("utf-8").splitlines()
    ]
    assert future == []


def test_the_version_loads_no_checker_parser_or_rubric():
    """``coach --version`` (and any command that never checks) starts without the checker:
    the package's ``check``, ``load_draft`` and ``parse_text`` load on first use."""
    modules = _loaded_after(
        "from coach.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass"
    )
    assert "coach.cli" in modules
    heavy = ("coach.checker", "coach.parsing", "coach.rubric", "coach.analysis", "markdown_it_pyrs")
    assert [m for m in modules if m.split(".")[0] in heavy or m.startswith(heavy)] == []


def test_the_package_still_offers_check_load_draft_and_parse_text():
    import coach
    from coach.checker import check
    from coach.parsing import load_draft, parse_text

    assert (coach.check, coach.load_draft, coach.parse_text) == (check, load_draft, parse_text)
    with pytest.raises(AttributeError):
        coach.no_such_name  # noqa: B018


def test_the_entry_point_pauses_garbage_collection_only_while_loading(tmp_path):
    """``coach.startup.main`` (the ``coach`` script): no collection while the CLI and the
    command load; by the time the drafts are read, what loaded is frozen and the collector
    is back on."""
    (tmp_path / "okrs.md").write_text(
        "## Objective: Make onboarding effortless\n- Launch the new onboarding flow\n",
        encoding="utf-8",
    )
    script = (
        "import gc\n"
        "import coach.service\n"
        "runs = []\n"
        "gc.callbacks.append(lambda phase, info: phase == 'start' and runs.append(1))\n"
        "check_paths = coach.service.check_paths\n"
        "def spy(*args, **kwargs):\n"
        "    print(gc.isenabled(), gc.get_freeze_count() > 0, len(runs))\n"
        "    return check_paths(*args, **kwargs)\n"
        "coach.service.check_paths = spy\n"
        "from coach.startup import main\n"
        "try:\n    main(['check', '--format', 'concise', 'okrs.md'])\n"
        "except SystemExit:\n    pass\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.splitlines()[0] == "True True 0"


def test_the_coach_script_is_the_startup_entry_point():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["coach"] == "coach.startup:main"


def test_pydantic_errors_carry_no_url_once_coach_is_imported():
    """A model's re-ask quotes pydantic's errors; recorded request bodies hold them without
    pydantic's URL. pydantic reads PYDANTIC_ERRORS_INCLUDE_URL once, at the first error it
    formats, so importing any part of coach must set it: set only by the model client, it came
    too late in a process (a test run, a server) that had formatted an error before."""
    import os
    import subprocess
    import sys

    code = (
        "import coach.findings, pydantic\n"
        "try:\n    pydantic.TypeAdapter(int).validate_python('x')\n"
        "except pydantic.ValidationError as e:\n    print(e)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_ERRORS_INCLUDE_URL"}
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert "validation error" in shown and "errors.pydantic.dev" not in shown
