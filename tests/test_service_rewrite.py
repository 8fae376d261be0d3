"""coach.service.rewrite_text: one request object in, changes and editor-ready edits out."""

from __future__ import annotations

import json

import pytest

import coach
from coach.config import Settings
from coach.errors import ConfigError
from coach.llm.fake import FakeRewriter
from coach.rewrite.providers import PROVIDERS, build_chain, provider_named
from coach.service import RewriteRequest, apply_edits, rewrite_file, rewrite_text

MARKDOWN = """---
quarter: Q2 2026
---
## Objective: Make onboarding effortless for every new user
- KR1: Launch the new onboarding flow by Week 6 [stretch] @maria
- KR2: Reduce time to first value from 3 days to 1 day by end of Q2
- KR3: Ship the redesigned checkout flow
"""
YAML = """quarter: Q2 2026
objectives:
  - objective: Make onboarding effortless for every new user
    key_results:
      - "Launch the new onboarding flow by Week 6"
      - 'Ship the redesigned checkout flow'
"""
JSON = json.dumps(
    {
        "quarter": "Q2 2026",
        "objectives": [
            {
                "objective": "Make onboarding effortless for every new user",
                "key_results": ["Launch the new onboarding flow by Week 6"],
            }
        ],
    },
    indent=2,
)


@pytest.mark.parametrize(
    ("text", "source"), [(MARKDOWN, "d.md"), (YAML, "d.yaml"), (JSON, "d.json")]
)
def test_the_edits_turn_the_original_text_into_the_new_text(text, source):
    result = rewrite_text(RewriteRequest(text=text, source=source))
    assert result.edits, "nothing was rewritten"
    assert result.new_text != text
    assert apply_edits(text, result.edits) == result.new_text


def test_an_edit_names_the_exact_span_it_replaces():
    result = rewrite_text(RewriteRequest(text=MARKDOWN, source="d.md"))
    lines = MARKDOWN.splitlines()
    for edit in result.edits:
        line = lines[edit.start_line - 1]
        assert edit.start_line == edit.end_line
        assert line[edit.start_column - 1 : edit.end_column - 1] == edit.old_text
    first = result.edits[0]
    assert (first.path, first.start_line, first.start_column) == (
        "objectives[0].key_results[0]",
        5,
        len("- KR1: ") + 1,
    )
    assert first.old_text == "Launch the new onboarding flow by Week 6"
    assert first.end_column == first.start_column + len(first.old_text)
    assert first.new_text == result.changes[0].after
    assert [e.start_line for e in result.edits] == sorted(e.start_line for e in result.edits)


def test_a_line_ending_without_a_newline_still_has_its_span():
    text = MARKDOWN.rstrip("\n")
    result = rewrite_text(RewriteRequest(text=text, source="d.md"))
    last = result.edits[-1]
    assert last.old_text == "Ship the redesigned checkout flow"
    assert last.end_column == len(text.splitlines()[-1]) + 1
    assert apply_edits(text, result.edits) == result.new_text


def test_rewrite_file_is_rewrite_text_on_the_file(tmp_path):
    path = tmp_path / "d.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    from_file = rewrite_file(path)
    from_text = rewrite_text(RewriteRequest(text=MARKDOWN, source=str(path)))
    assert from_file.new_text == from_text.new_text
    assert from_file.edits == from_text.edits


def test_the_request_overrides_the_provider_and_the_model():
    fake = FakeRewriter([])  # no answers: every item fails and falls back
    request = RewriteRequest(
        text=MARKDOWN, source="d.md", provider="openai", model="m", rewriter=fake, cache=False
    )
    assert request.resolved_settings().model.model == "m"
    result = rewrite_text(request)
    assert {c.origin for c in result.changes} <= {"offline fallback", "unchanged"}
    assert "offline fallback" in {c.origin for c in result.changes}


def test_an_unknown_provider_is_a_configuration_error():
    with pytest.raises(ConfigError, match="provider"):
        rewrite_text(RewriteRequest(text=MARKDOWN, provider="nonesuch"))


def test_the_request_is_one_object_with_no_loose_fields():
    with pytest.raises(ValueError):
        RewriteRequest(text=MARKDOWN, sourse="d.md")


def test_every_provider_is_registered_alike_and_chains_to_its_fallback():
    assert {"offline", "openai", "azure"} <= set(PROVIDERS)
    chain = build_chain(Settings(), FakeRewriter([]), False, provider_named("openai"))
    assert [p.provider.name for p in chain] == ["openai", "offline"]
    assert [p.origin for p in chain] == ["model:fake", "offline"]
    offline = build_chain(Settings())
    assert [p.provider.name for p in offline] == ["offline"]
    assert offline[0].cache is None  # nothing to cache: it is deterministic


def test_an_offline_item_nobody_can_rewrite_says_why():
    text = (
        "## Objective: Make onboarding effortless for every new user\n- Upgrade the team laptops\n"
    )
    [change] = rewrite_text(RewriteRequest(text=text, source="d.md")).changes
    assert change.origin == "unchanged"
    assert change.note.startswith("the offline rewriter has no outcome for this: ")


def test_progress_hears_of_every_item_and_of_the_end():
    """What a front door shows while model calls run: item k of n (with its line), then done."""
    text = (
        "## Objective: Make every new user confident in their first week\n\n"
        "- Launch the new onboarding flow\n- Conduct 20 user interviews\n"
        "- Increase activation from 20% to 30% by end of Q2\n"
    )
    heard = []
    result = rewrite_text(
        RewriteRequest(text=text, source="d.md", progress=lambda *a: heard.append(a))
    )
    flagged = result.changes
    assert heard[:-1] == [(k, len(flagged), c.line) for k, c in enumerate(flagged)]
    assert heard[-1] == (len(flagged), len(flagged), 0) and len(flagged) >= 2


def test_a_request_for_some_items_rewrites_and_asks_the_model_about_only_those():
    """An editor's "rewrite this line": one item proposed (one model request), the rest of the
    draft left byte for byte, and the whole draft still re-checked."""
    fake = FakeRewriter([])  # every item the model is asked about fails and falls back
    chosen = "objectives[0].key_results[2]"
    result = rewrite_text(
        RewriteRequest(
            text=MARKDOWN,
            source="d.md",
            provider="openai",
            model="m",
            rewriter=fake,
            cache=False,
            items=(chosen,),
        )
    )
    assert [r.text for r in fake.requests] == ["Ship the redesigned checkout flow"]
    assert [c.path for c in result.changes] == [chosen]
    assert [e.path for e in result.edits] == [chosen]
    untouched = [line for line in MARKDOWN.splitlines() if "checkout" not in line]
    assert all(line in result.new_text.splitlines() for line in untouched)
    assert result.after.draft.objectives[0].key_results[0].text.startswith("Launch")


def test_a_request_for_no_items_changes_nothing():
    result = rewrite_text(RewriteRequest(text=MARKDOWN, source="d.md", items=()))
    assert (result.changes, result.edits, result.new_text) == ([], [], MARKDOWN)


OBJECTIVE_COLUMN = """# Q3 OKRs

| Objective | Key result |
|---|---|
| Improve onboarding | Launch the new onboarding flow |
| Improve onboarding | Ship the setup wizard |
| Grow revenue | Run 4 webinars |
| Grow revenue | Publish 12 case studies |
"""


def test_an_objective_repeated_down_its_column_is_rewritten_on_every_row():
    """A rewrite of "Improve onboarding" changed only its first cell: read again, the table held
    four objectives instead of two, the second row's key result cut from the first's."""
    result = rewrite_text(RewriteRequest(text=OBJECTIVE_COLUMN, source="d.md"))
    objective_edits = [e for e in result.edits if e.path == "objectives[0]"]
    assert [e.start_line for e in objective_edits] == [5, 6]
    assert {e.old_text for e in objective_edits} == {"Improve onboarding"}
    assert len({e.new_text for e in objective_edits}) == 1
    assert "Improve onboarding" not in result.new_text and "Grow revenue" not in result.new_text
    assert apply_edits(OBJECTIVE_COLUMN, result.edits) == result.new_text
    again = coach.parse_text(result.new_text, "d.md", "markdown")
    assert [len(o.key_results) for o in again.objectives] == [2, 2]


def _outline(draft) -> list[tuple[int, list[int]]]:
    return [(o.position.line, [k.position.line for k in o.key_results]) for o in draft.objectives]


HIRING = (
    "---\nquarter: 2019 Q1\n---\n# Hiring\n\n- Hiring: ML (1 Intern + 1 Senior) [P0][TALENT]\n"
    "- Hiring: Frontend (2 Senior engineers) [P1]\n- Hire 2 data engineers\n"
)
OWNED = "VP People: Make hiring effortless for every candidate"
"""A rewrite of src-d's "Hiring" objective that opens with an owner: under an owner's
objective, items labelled "Hiring: …" are owners' objectives (GitLab's layout), so the draft
would be read with three objectives and the last item a note."""


def test_a_rewrite_that_would_change_how_the_draft_is_read_is_dropped():
    """The objective is left with the reason; the draft is read as before (the score after a
    misread draft's was src-d's 64 → 5 before the engine re-read its rewrites)."""
    fake = FakeRewriter([{"text": OWNED}])
    result = rewrite_text(RewriteRequest(text=HIRING, source="d.md", cache=False, rewriter=fake))
    objective = {c.path: c for c in result.changes}["objectives[0]"]
    assert fake.requests[0].kind == "objective"  # the owner's wording was proposed
    assert objective.after is None and objective.origin == "unchanged"
    assert "change which lines the coach reads" in objective.note
    assert result.new_text == HIRING
    assert _outline(result.after.draft) == _outline(result.before.draft) == [(4, [6, 7, 8])]


def test_an_areas_label_shared_by_key_results_names_no_owners():
    """src-d's hiring plan, its objective reworded ("Make hiring effortless for every
    candidate"): the items labelled "Hiring: …" with nothing under them share an area, they do
    not each own an objective, so they stay its key results and the offline rewrite is placed
    (it was left as it was, since the rewritten heading made them objectives)."""
    reworded = HIRING.replace("# Hiring", "# Make hiring effortless for every candidate")
    draft = coach.parse_text(reworded, "d.md", "markdown")
    assert _outline(draft) == [(4, [6, 7, 8])]
    result = rewrite_text(RewriteRequest(text=HIRING, source="d.md", cache=False))
    by_path = {c.path: c for c in result.changes}
    assert by_path["objectives[0]"].after == "Make hiring effortless for every candidate"
    assert by_path["objectives[0].key_results[2]"].after.startswith("Increase offer-acceptance")
    assert _outline(result.after.draft) == _outline(result.before.draft) == [(4, [6, 7, 8])]
    assert result.after.scorecard.overall > result.before.scorecard.overall


def test_a_few_lines_proposals_keep_the_outline_as_the_whole_rewrite_does():
    """``coach batch`` shows the worst lines' proposals without rewriting the whole draft; an
    objective whose rewrite would make its labelled key results objectives is shown left as it
    was there too, with the same reason, not as a rewrite."""
    from coach.service.rewriting import rewrite_items

    def request():
        fake = FakeRewriter([{"text": OWNED}])
        return RewriteRequest(text=HIRING, source="d.md", cache=False, rewriter=fake)

    whole = {c.path: c for c in rewrite_text(request()).changes}
    for items in (["objectives[0]"], list(whole)):
        few = rewrite_items(request(), items)
        assert few == {p: whole[p] for p in items}
    assert "change which lines the coach reads" in few["objectives[0]"].note
    assert few["objectives[0]"].after is None


def test_placeholders_inside_a_key_results_link_keep_it_a_key_result():
    """Meltano: "[KR: Increase usage of `x` plugins](…)" items nested under "[KR: Increase
    APP](…)"; the rewrite puts "[baseline]" and "[target]" inside the link's text (brackets in
    pairs, which CommonMark allows), and the rewritten items are still key results."""
    text = (
        "# OKRs 2022\n\n**Objective: We will achieve our broad vision.**\n\n#### Key Results\n\n"
        "- [KR: Increase APP](https://gitlab.com/m/217)\n"
        "  - [KR: Increase usage of `orchestrator` plugins](https://gitlab.com/m/220)\n"
        "  - [KR: Increase usage of `transformer` plugins](https://gitlab.com/m/219)\n"
    )
    result = rewrite_text(RewriteRequest(text=text, source="d.md", cache=False))
    rewritten = [c for c in result.changes if c.after and "[baseline]" in c.after]
    assert len(rewritten) >= 2
    assert _outline(result.after.draft) == _outline(result.before.draft) == [(3, [7, 8, 9])]
    after = [k.text for k in result.after.draft.objectives[0].key_results]
    assert after[1] == rewritten[0].after and "](" not in after[1]
