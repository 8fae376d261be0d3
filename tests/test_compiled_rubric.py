"""rubrics/compiled.json: fresh, equal to what validating the YAML sources gives, ignored when
stale, and shipped in the package."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

from coach.resources import resource_dir
from coach.rubric import _packaged_rules, rules_from_yaml
from coach.rubric.compiled import COMPILED, build, load_compiled, rule_from_data, sources_digest
from coach.rubric.functions import _synonyms, synonyms_from_yaml
from coach.rubric.vocabulary import _packaged_lists, lists_from_yaml

ROOT = Path(__file__).resolve().parent.parent
STALE = "rubrics/compiled.json is stale: run `python scripts/compile_rubric.py`"


def test_the_compiled_rubric_is_fresh():
    on_disk = json.loads((ROOT / "rubrics" / COMPILED).read_text(encoding="utf-8"))
    assert on_disk == build(ROOT / "rubrics"), STALE


def test_the_compiled_rubric_is_what_the_yaml_sources_give():
    assert load_compiled(resource_dir("rubrics")) is not None, STALE
    from_yaml = rules_from_yaml()
    compiled = _packaged_rules()
    assert compiled == from_yaml
    for fast, slow in zip(compiled, from_yaml, strict=True):
        assert fast.__dict__ == slow.__dict__
        assert type(fast.params) is type(slow.params)
        assert fast.params == slow.params
        assert fast.examples == slow.examples
        assert {type(v) for v in fast.__dict__.values()} == {
            type(v) for v in slow.__dict__.values()
        }
    assert _packaged_lists() == lists_from_yaml()
    assert _synonyms() == synonyms_from_yaml()


def test_a_stale_compiled_rubric_is_ignored(tmp_path):
    rubrics = tmp_path / "rubrics"
    shutil.copytree(ROOT / "rubrics", rubrics)
    try:
        assert load_compiled(rubrics) is not None
        rule = rubrics / "rules" / "OKR201.yaml"
        rule.write_text(rule.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        load_compiled.cache_clear()
        assert load_compiled(rubrics) is None
        assert sources_digest(rubrics) != json.loads((rubrics / COMPILED).read_text())["digest"]
        (rubrics / COMPILED).write_text("{not json", encoding="utf-8")
        load_compiled.cache_clear()
        assert load_compiled(rubrics) is None
    finally:
        load_compiled.cache_clear()


def test_a_compiled_rule_round_trips():
    data = build(ROOT / "rubrics")
    assert [rule_from_data(e) for e in data["rules"]] == list(rules_from_yaml())


def test_the_compiled_rubric_is_package_data():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["coach.rubrics"]
    assert COMPILED in patterns
    assert (resource_dir("rubrics") / COMPILED).is_file()


def test_the_compiled_literals_are_what_reading_the_regexes_gives():
    """``Vocabulary.gated`` takes a packaged pattern rule's literals from the compiled rubric
    instead of reading them off the regex on every run: the same sets, for every such regex."""
    from coach.rubric.literals import required_literals
    from coach.rubric.vocabulary import _packaged_literals, load_vocabulary

    kept = _packaged_literals()
    templates = {
        t for rule in _packaged_rules() if rule.kind == "pattern" for t in rule.params.searched
    }
    assert set(kept) == templates and len(templates) >= 5
    vocabulary = load_vocabulary()
    for template in templates:
        gated = vocabulary.gated(template)
        assert gated.literals == kept[template]
        assert gated.literals == required_literals(template, gated.regex.flags)
    assert any(kept.values())  # some are gated at all
