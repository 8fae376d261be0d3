"""Rule files are validated when the rubric loads: a mistake is one line naming the file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from coach.errors import RubricError
from coach.rewrite.requests import fixed_by_rewrite
from coach.rubric import load_rubric
from coach.rubric.rule import load_rule_file

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rubrics" / "rules"


def _write(tmp_path: Path, rule_id: str, **changes) -> Path:
    data = yaml.safe_load((RULES / f"{rule_id}.yaml").read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    path = tmp_path / f"{rule_id}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_which_rules_a_rewrite_fixes_comes_from_the_rule_files():
    rubric = load_rubric()
    assert fixed_by_rewrite(rubric, "objective") == {"OKR101", "OKR102"}
    assert fixed_by_rewrite(rubric, "key_result") == {
        "OKR201", "OKR202", "OKR203", "OKR401", "OKR402", "OKR403", "OKR404", "OKR405", "OKR407",
    }  # fmt: skip
    assert {r.id for r in rubric.rules if r.after_rewrite == "clear"} == {"OKR402"}


def test_a_draft_rule_cannot_be_fixed_by_a_rewrite(tmp_path):
    path = _write(tmp_path, "OKR603", rewrite="fixes")
    with pytest.raises(RubricError, match=r"OKR603\.yaml: invalid rule .*not a draft rule"):
        load_rule_file(path)


def test_a_rule_a_rewrite_fixes_cannot_be_allowed_after_it(tmp_path):
    path = _write(tmp_path, "OKR201", after_rewrite="allow")
    with pytest.raises(RubricError, match="cannot be allowed after the rewrite"):
        load_rule_file(path)


def test_an_unknown_after_rewrite_value_is_named(tmp_path):
    path = _write(tmp_path, "OKR402", after_rewrite="never")
    with pytest.raises(RubricError, match=r"OKR402\.yaml: invalid rule \(after_rewrite:"):
        load_rule_file(path)


# ---- params are typed per kind -------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_id", "params", "named"),
    [
        ("OKR202", {"vocabulry": "vanity_metrics"}, r"params\.pattern\.vocabulry: unknown key"),
        (
            "OKR102",
            {"vocabulary": "activity_verbs", "where": "begining"},
            r"params\.pattern\.where",
        ),
        (
            "OKR402",
            {"when": "number", "require": "baseline"},
            r"params\.metric\.require: unknown key",
        ),
        ("OKR406", {"when": "placeholder", "quarter_counts": "sometimes"}, "quarter_counts"),
        (
            "OKR201",
            {"function": "output_as_keyresult"},
            "no registered function 'output_as_keyresult'",
        ),
        ("OKR201", {"funtion": "output_as_key_result"}, r"params\.function\.funtion: unknown key"),
        ("OKR303", {"count": "key_results", "max": "limits.max_keyresults"}, "no setting"),
        ("OKR303", {"count": "key_result", "max": 4}, r"params\.count\.count"),
        ("OKR303", {"count": "key_results", "max": [4]}, r"params\.count\.max"),
    ],
)
def test_a_mistake_in_params_is_one_line_naming_the_file(tmp_path, rule_id, params, named):
    path = _write(tmp_path, rule_id, params=params)
    with pytest.raises(RubricError, match=named) as caught:
        load_rule_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: invalid rule (")
    assert "\n" not in message


def test_the_packaged_rules_load_with_typed_params():
    rubric = load_rubric()
    assert {type(r.params).__name__ for r in rubric.rules} == {
        "PatternParams", "MetricParams", "CountParams", "FunctionParams",
    }  # fmt: skip
    assert rubric.get("OKR303").params.max == "limits.max_key_results"


def test_a_malformed_rule_file_in_the_rubric_exits_3_with_one_line(tmp_path):
    """docs/exit-codes.md: a malformed rule file in the rubric is a configuration error."""
    rubric = tmp_path / "rubrics"
    shutil.copytree(ROOT / "rubrics", rubric)
    _write(rubric / "rules", "OKR202", params={"vocabulry": "vanity_metrics"})
    draft = tmp_path / "d.md"
    draft.write_text("## Objective: Delight new users\n- Launch the flow\n", encoding="utf-8")
    code = (
        "import sys, pathlib, coach.rubric as r;"
        f"r.resource_dir = lambda kind: pathlib.Path({str(rubric)!r});"
        "from coach.cli import main; main(['check', sys.argv[1]])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(draft)], capture_output=True, text=True, cwd=tmp_path
    )
    assert out.returncode == 3, out.stderr
    assert out.stdout == ""
    [line] = out.stderr.splitlines()
    assert "OKR202.yaml: invalid rule (params.pattern.vocabulry: unknown key" in line
    assert "Traceback" not in out.stderr
