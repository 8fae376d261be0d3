"""Issue 11: when the offline rewriter measures an item by its own words (``own``: no lexicon
entry or template family gave the metric), the change says so in its note, for the user to
check that the metric fits; a metric from a lexicon entry carries no such note, and offline as
the model's fallback keeps the model's reason beside it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from coach.cli import cli
from coach.config import Settings
from coach.llm.fake import FakeRewriter
from coach.llm.protocol import RewriteFailed
from coach.rewrite.engine import OWN_WORDS
from coach.service import RewriteRequest, rewrite_text

OWN = "6 new regional mirror nodes are provisioned and monitored"  # no lexicon entry knows it
KNOWN = "Run 4 A/B tests on the pricing page"  # the lexicon's pricing entry
DRAFT = (
    "---\nquarter: Q4 2026\n---\n\n"
    "## Objective: Make our mirrors and pricing work for every customer\n\n"
    f"- {OWN}\n- {KNOWN}\n"
)


def invoke(draft: Path, *args: str):
    env = {"COACH_MODEL": "", "OPENAI_BASE_URL": "", "OPENAI_API_KEY": ""}
    return CliRunner().invoke(cli, ["rewrite", str(draft), *args], env=env)


def test_the_json_note_says_the_metric_is_the_items_own_words(tmp_path: Path):
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    result = invoke(draft, "--format", "json")
    assert result.exit_code == 0, result.output
    changes = {c["before"]: c for c in json.loads(result.output)["changes"]}
    own, known = changes[OWN], changes[KNOWN]
    assert own["origin"] == "offline" and "availability" in own["after"]
    assert own["note"] == OWN_WORDS
    assert known["origin"] == "offline" and "pricing page conversion rate" in known["after"]
    assert known["note"] == ""


def test_the_text_output_shows_the_note_under_that_change_only(tmp_path: Path):
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    result = invoke(draft)
    assert result.exit_code == 0, result.output
    blocks = result.output.split("\n\n")
    [own] = [b for b in blocks if f"− {OWN}" in b]
    [known] = [b for b in blocks if f"− {KNOWN}" in b]
    assert own.rstrip("\n").endswith(f"      note: {OWN_WORDS}")
    assert "note:" not in known


def model_run(fake: FakeRewriter):
    request = RewriteRequest(
        text=DRAFT,
        source="draft.md",
        settings=Settings(),
        provider="openai",
        rewriter=fake,
        cache=False,
    )
    return rewrite_text(request)


def test_offline_as_the_fallback_keeps_the_models_reason_and_adds_the_note():
    fake = FakeRewriter([RewriteFailed("connection refused (127.0.0.1:9)")] * 2)
    changes = {c.before: c for c in model_run(fake).changes}
    own, known = changes[OWN], changes[KNOWN]
    assert own.origin == known.origin == "offline fallback"
    assert own.note == f"fake: connection refused (127.0.0.1:9); {OWN_WORDS}"
    assert known.note == "fake: connection refused (127.0.0.1:9)"


def test_the_stopped_models_notice_names_its_reason_without_the_note():
    stopped = RewriteFailed("its run deadline passed", skipped=True)
    result = model_run(FakeRewriter([stopped] * 2))
    assert OWN_WORDS in {c.before: c for c in result.changes}[OWN].note
    assert result.notices == [
        "fake was stopped for this run (its run deadline passed): the 2 items left went to the "
        "offline rewriter without asking it"
    ]
