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
