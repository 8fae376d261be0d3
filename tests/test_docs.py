"""Generated docs are checked for staleness: regenerate with `python -m coach.rubric.reference`."""

from __future__ import annotations

from pathlib import Path

from coach.rubric import load_rubric
from coach.rubric.reference import reference, updated_readme

ROOT = Path(__file__).resolve().parent.parent


def test_rule_reference_is_up_to_date():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == reference(load_rubric()), (
        "docs/rules.md is stale: run python -m coach.rubric.reference"
    )


def test_readme_rule_table_is_up_to_date():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == updated_readme(readme, load_rubric()), (
        "README.md's rule table is stale: run python -m coach.rubric.reference"
    )


def test_every_rule_is_documented_with_what_why_and_use_instead():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in load_rubric().rules:
        section = text.split(f"## {rule.id} {rule.name}")[1].split("\n## ")[0]
        for heading in (
            "### What it does",
            "### Why is this bad?",
            "### Use instead",
            "### Examples",
        ):
            assert heading in section, (rule.id, heading)


def test_rule_links_point_at_headings_of_the_published_rule_reference():
    """docs/ is published with MkDocs (mkdocs.yml, .readthedocs.yaml); a rule's URL is the rule
    page plus the anchor MkDocs gives its heading ("## OKR201 name" → "#okr201-name")."""
    import re

    from coach.rubric.rule import RULE_DOCS_URL

    root = Path(__file__).resolve().parent.parent
    assert "rules.md" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    headings = re.findall(r"^## (OKR\d{3}) (\S+)$", (root / "docs" / "rules.md").read_text(), re.M)
    anchors = {f"{rule_id.lower()}-{name}" for rule_id, name in headings}
    for rule in load_rubric().rules:
        url = rule.link
        assert url.startswith(RULE_DOCS_URL)
        assert url.split("#", 1)[1] in anchors, url


def test_the_project_stands_alone():
    """Nothing in the repository points at a folder outside it or at the machine it was made
    on: the docs, the code and the recordings (a server's error message once named its
    virtualenv's path)."""
    import subprocess

    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    if not tracked:  # not a git checkout (an sdist): every text file under the root
        tracked = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()]
    outside = ("../shared", "/work/", "/tmp/w/", "/root/")
    found = []
    for name in tracked:
        path = ROOT / name
        if path.suffix in {".png", ".gguf", ".pyc"} or not path.is_file() or path == Path(__file__):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{name}: {word}" for word in outside if word in text]
    assert not found, found
