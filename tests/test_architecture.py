"""House rules that are cheap to check mechanically."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

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
        "import sys; from coach.rewrite import rewrite_text; from coach.llm.offline import OfflineRewriter;"
        "o = OfflineRewriter(); r = rewrite_text('## Objective: Make onboarding effortless for every new user\\n"
        "- Launch the new onboarding flow\\n- Reduce time to first value from 3 days to 1 day\\n', 'd.md', o, o);"
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
)
"""What coach/cli.py and the commands may import from coach (docs/cli.md, "Architecture")."""
NOT_YET_ON_THE_SERVICE = {
    "rewrite.py": {"coach.rewrite", "coach.rewrite.output"},
    "grade.py": {"coach.grading", "coach.grading.output"},
    "evaluate.py": {"coach.evals.run", "coach.evals.table"},
}
"""Commands whose library calls have no service function yet; checking has one."""


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


def test_checking_goes_through_the_service_only():
    imports = _coach_imports(ROOT / "coach" / "commands" / "check.py")
    assert "coach.service" in imports
    assert not {"coach.checker", "coach.parsing", "coach.rubric", "coach.config"} & imports
