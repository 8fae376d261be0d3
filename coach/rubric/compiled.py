"""The packaged rubric, compiled: ``rubrics/compiled.json`` holds the rules (as validated), the
word lists and the metric synonyms that the YAML files in ``rubrics/`` describe, so a run reads
one JSON file instead of parsing 47 YAML files and validating 24 rules with pydantic; and the
literals every match of a pattern rule's regex holds (``coach.rubric.literals``), which reading
off the regex took 2 ms of every run.

The file records a digest of the YAML sources it was built from; when the sources differ (a
rule edited and the file not rebuilt) it is ignored and the YAML is read as before, so it can
never be out of date, only slower. Rebuild it after editing a packaged rule or word list::

    python scripts/compile_rubric.py

``tests/test_compiled_rubric.py`` fails while it is stale, and checks that what it holds equals
what validating the YAML sources gives.
"""

from __future__ import annotations

import json
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from coach.model import to_json
from coach.resources import resource_dir

COMPILED = "compiled.json"
FORMAT = 4
"""Bump when the layout of the compiled file changes (3: the digest is a CRC-32; 4: the
literals of the pattern rules' regexes)."""


def source_files(root: Path | None = None) -> list[Path]:
    """The YAML files the compiled rubric is built from, in a fixed order."""
    root = root or resource_dir("rubrics")
    return [
        *sorted((root / "rules").glob("*.yaml")),
        *sorted((root / "vocabulary").glob("*.yaml")),
        root / "metric_synonyms.yaml",
    ]


def sources_digest(root: Path | None = None) -> str:
    """A CRC-32 of the sources' names and bytes: it tells a rule edited since the file was built
    (not an adversary's edit), and unlike hashlib it costs no import on every run."""
    root = root or resource_dir("rubrics")
    digest = zlib.crc32(f"okr-coach compiled rubric {FORMAT}\n".encode())
    for path in source_files(root):
        digest = zlib.crc32(path.relative_to(root).as_posix().encode() + b"\n", digest)
        digest = zlib.crc32(path.read_bytes() + b"\n", digest)
    return f"{digest:08x}"


@lru_cache(maxsize=4)
def load_compiled(root: Path) -> dict[str, Any] | None:
    """The compiled rubric in ``root`` (the packaged ``rubrics`` folder), or None when it is
    missing, unreadable or built from other sources than the YAML files beside it."""
    try:
        data = json.loads((root / COMPILED).read_text(encoding="utf-8"))
        fresh = isinstance(data, dict) and data.get("digest") == sources_digest(root)
    except (OSError, ValueError):
        return None
    return data if fresh else None


def rule_from_data(entry: dict[str, Any]):
    """A ``Rule`` from its compiled form, without validation (it was validated when compiled)."""
    from coach.findings import Level
    from coach.rubric.rule import PARAMS, Examples, Rule

    data = dict(entry)
    data["params"] = PARAMS[data["kind"]](**data["params"])
    data["examples"] = Examples(**data["examples"])
    data["level"] = Level(data["level"])
    data["suppressed_by"] = tuple(data["suppressed_by"])
    return Rule(**data)


def build(root: Path | None = None) -> dict[str, Any]:
    """The compiled rubric, from the YAML sources (validated as when no compiled file exists)."""
    from coach.rubric import rules_from_yaml
    from coach.rubric.functions import synonyms_from_yaml
    from coach.rubric.vocabulary import lists_from_yaml

    root = root or resource_dir("rubrics")
    rules = rules_from_yaml(root)
    return {
        "format": FORMAT,
        "digest": sources_digest(root),
        "rules": [to_json(rule) for rule in rules],
        "literals": pattern_literals(rules),
        "vocabulary": {name: list(words) for name, words in lists_from_yaml(root).items()},
        "metric_synonyms": synonyms_from_yaml(root),
    }


def pattern_literals(rules) -> dict[str, list[list[str]]]:
    """The literals of every regex the pattern rules search with (``Vocabulary.gated``), by
    template, as ``required_literals`` reads them with the flags ``Vocabulary.compile`` uses."""
    import re

    from coach.rubric.literals import required_literals

    flags = re.compile("", re.IGNORECASE).flags
    templates = {
        template for rule in rules if rule.kind == "pattern" for template in rule.params.searched
    }
    return {t: [list(s) for s in required_literals(t, flags)] for t in sorted(templates)}


def write(root: Path | None = None) -> Path:
    root = root or resource_dir("rubrics")
    path = root / COMPILED
    data = build(root)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    path.write_text(text, encoding="utf-8")
    load_compiled.cache_clear()
    return path
