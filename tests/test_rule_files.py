"""Rule files are validated when the rubric loads: a mistake is one line naming the file."""

from __future__ import annotations

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
