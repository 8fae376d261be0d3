"""`coach review`: the session (coach.service.reviewing) and whole sessions driven through the
Textual app with its pilot. Offline only: the offline rewriter, or the fake one."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli
from coach.config import Settings
from coach.service.reviewing import (
    YOU,
    Question,
    ReviewSession,
    fill_placeholder,
    questions_for,
    state_path_for,
    validate_answer,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SET_DRAFT = """\
# OKRs

## Objective: Make onboarding effortless for every new user
- Increase onboarding completion rate from 45% to 70% by end of Q3
- Raise onboarding completion rate from 45% to 60% by end of Q3
## Objective: Make checkout effortless for returning customers
- Increase checkout completion rate from 62% to 80% by end of Q3
- Reduce checkout error rate from 0.4% to 0.2% by end of Q3
## Objective: Make support feel personal for every customer
- Increase CSAT from 80% to 90% by end of Q3
- Reduce first response time from 8 hours to 2 hours by end of Q3
## Objective: Make our app a daily habit for active users
- Increase weekly active users from 23,000 to 30,000 by end of Q3
- Raise session frequency from 2.1 to 3.5 sessions per user per week by end of Q3
"""


PAYMENT_REPLY = {
    "text": "Increase payment success rate from 97.1% to [target] by end of Q3",
    "metric": "payment success rate",
    "direction": "increase",
    "baseline": "97.1%",
    "target": "[target]",
    "deadline": "by end of Q3",
    "numbers": [
        {"value": "97.1%", "source": "metrics"},
        {"value": "[target]", "source": "placeholder"},
    ],
}
"""A model's reply for line 27 ("Improve payment reliability") that passes the guard."""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A folder with the example draft and metrics, the current directory, with its own
    cache folder (where the review's state file goes)."""
    shutil.copy(EXAMPLES / "draft.md", tmp_path / "draft.md")
    shutil.copy(EXAMPLES / "metrics.yaml", tmp_path / "metrics.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("COACH_CACHE_DIR", raising=False)
    monkeypatch.delenv("COACH_MODEL", raising=False)
    return tmp_path


def new_app(path="draft.md", metrics="metrics.yaml", rewriter=None, theme="textual-dark"):
    from coach.review.app import ReviewApp

    settings = Settings()
    return ReviewApp(
        start=lambda: ReviewSession.start(path, metrics, settings, rewriter=rewriter),
        resume=lambda: ReviewSession.resume(path, settings, rewriter=rewriter),
        theme=theme,
    )


def drive(app, *steps, size=(100, 30)):
    """Run ``app`` headless; each step is a key name, a list of keys, or ("type", text) to type
    text and press Enter. Returns what ``app.exit`` returned (None when the steps end first)."""

    async def run():
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            for step in steps:
                if isinstance(step, tuple) and step[0] == "type":
                    await pilot.press(*list(step[1]), "enter")
                elif isinstance(step, list):
                    await pilot.press(*step)
                else:
                    await pilot.press(step)
                await pilot.pause()
        return app.return_value

    return asyncio.run(run())


def screen_text(app) -> str:
    """Everything the app's current screen shows, as plain text."""
    return "\n".join(
        str(widget.render()) for widget in app.screen.query("Static") if widget.display
    )


def saved(workdir) -> dict:
    return json.loads(state_path_for("draft.md", Settings()).read_text())


# ---- the session, without a user interface ---------------------------------------------------


def test_the_session_has_one_item_per_flagged_line_with_rules_proposal_and_provenance(workdir):
    session = ReviewSession.start("draft.md", "metrics.yaml")
    lines = [item.line for item in session.items]
    assert lines == sorted(lines)
    by_line = {item.line: item for item in session.items}
    assert by_line[12].proposal == "Make onboarding effortless for every new user"
    assert by_line[12].rules[0].id == "OKR102" and by_line[12].rules[0].why
    error_rate = by_line[28]
    assert (
        error_rate.proposal
        == "Reduce checkout error rate from 0.4% to [target] by end of Q3, never above 0.5%"
    )
    assert {n["value"]: n["source"] for n in error_rate.numbers}["0.4%"] == "metrics"
    assert by_line[16].is_task  # "Launch the new onboarding flow by Week 6"
    for item in session.items:  # an item without a proposal says why
        assert item.proposal is not None or item.note or item.is_set
    comp = by_line[39]  # the whole-draft finding: a concrete choice
    assert comp.is_set and comp.choices[0].drop_lines == [39]


def test_questions_name_the_metric_and_the_deadline():
    questions = questions_for(
        "Increase onboarding completion rate from [baseline] to [target] by end of Q3"
    )
    assert [q.prompt for q in questions] == [
        "What is the onboarding completion rate today?",
        "What should the onboarding completion rate be by end of Q3?",
    ]
    assert {q.kind for q in questions} == {"percent"}
    assert (
        questions_for("Reduce time to first value from [baseline] to 1 day")[0].kind == "duration"
    )
    assert (
        questions_for("Increase weekly active users from [baseline] to [target]")[0].kind == "count"
    )


@pytest.mark.parametrize(
    ("kind", "raw", "value", "problem"),
    [
        ("percent", "45", "45%", ""),
        ("percent", " 45 % ", "45%", ""),
        ("percent", "145", None, "a percentage is between 0 and 100"),
        ("percent", "-3%", None, "a percentage is between 0 and 100"),
        ("count", "30,000", "30,000", ""),
        ("count", "-5", None, "a count cannot be negative"),
        ("count", "lots", None, "type a number, e.g. 30,000"),
        ("duration", "2", None, "a duration needs a unit, e.g. 2 days or 90 minutes"),
        ("duration", "2 days", "2 days", ""),
        ("duration", "1 hour", "1 hour", ""),
        ("text", "creates a first project", "creates a first project", ""),
        ("text", "  ", None, "type an answer, or press Escape to leave the placeholder"),
    ],
)
def test_answers_are_checked_against_the_kind_of_number(kind, raw, value, problem):
    question = Question("[baseline]", "?", kind)
    assert validate_answer(question, raw) == (value, problem)


def test_a_target_must_move_the_way_the_verb_says():
    line = "Increase onboarding completion rate from 45% to [target] by end of Q3"
    target = questions_for(line)[0]
    assert validate_answer(target, "40", line) == (
        "40%",
        "for an increase the target must be above the baseline (45)",
    )
    assert validate_answer(target, "70", line) == ("70%", "")


def test_a_filled_number_is_the_persons_own():
    line = "Increase X rate from [baseline] to 70% by end of Q3"
    numbers = [
        {"value": "[baseline]", "source": "placeholder", "detail": "fill in"},
        {"value": "70%", "source": "original", "detail": "X"},
    ]
    text, new = fill_placeholder(line, numbers, questions_for(line)[0], "45%")
    assert text == "Increase X rate from 45% to 70% by end of Q3"
    assert new[0] == {"value": "45%", "source": YOU, "detail": "What is the X rate today?"}
    assert new[1]["source"] == "original"


def test_set_level_findings_offer_concrete_choices(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    Path("set.md").write_text(SET_DRAFT)
    session = ReviewSession.start("set.md")
    sets = {item.rules[0].name: item for item in session.items if item.is_set}
    too_many = sets["too-many-objectives"]
    assert [c.label.split(":")[0] for c in too_many.choices] == [
        "Drop O1",
        "Drop O2",
        "Drop O3",
        "Drop O4",
        "Merge O2 into O1",
        "Merge O3 into O2",
        "Merge O4 into O3",
        "Keep all objectives",
    ]
    duplicate = sets["duplicate-metric"]
    assert [c.label for c in duplicate.choices][:2] == [
        "Keep line 4: Increase onboarding completion rate from 45% to 70% by end of Q3",
        "Keep line 5: Raise onboarding completion rate from 45% to 60% by end of Q3",
    ]
    session.go_to(session.items.index(too_many))
    session.choose(3)  # drop O4 and its key results
    session.go_to(session.items.index(duplicate))
    session.choose(0)  # keep line 4
    final = session.final_text()
    assert "daily habit" not in final and "weekly active users" not in final
    assert "Raise onboarding completion rate" not in final
    assert final.endswith("2 hours by end of Q3\n")
    assert session.summary().score_after >= session.summary().score_before


def test_no_mix_of_committed_and_stretch_offers_to_mark_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    Path("mix.md").write_text(
        "## Objective: Make every new user feel confident within their first week\n"
        "- Increase onboarding completion rate from 45% to 48% by end of Q2\n"
        "- Reduce time to first value from 3.0 days to 2.8 days by end of Q2\n"
        "## Objective: Become the product our enterprise customers recommend\n"
        "- Increase Net Promoter Score from 30 to 32 by end of Q2\n"
        "- Increase renewal rate from 85% to 87% by end of Q2\n"
    )
    session = ReviewSession.start("mix.md")
    [mix] = [item for item in session.items if item.is_set]
    assert mix.choices[0].label.startswith("Mark O1 KR1 stretch")
    session.go_to(session.items.index(mix))
    session.choose(0)
    assert "45% to 48% by end of Q2 [stretch]\n" in session.final_text()


def test_progress_survives_a_new_process_and_a_changed_draft_starts_over(workdir):
    session = ReviewSession.start("draft.md", "metrics.yaml")
    session.accept()
    session.skip()
    resumed = ReviewSession.resume("draft.md")
    assert resumed is not None and list(resumed.decisions) == list(session.decisions)
    assert resumed.final_text() == session.final_text()
    Path("draft.md").write_text(Path("draft.md").read_text() + "\n")
    assert ReviewSession.resume("draft.md") is None


def test_ask_again_with_the_fake_rewriter(workdir):
    from coach.llm.fake import FakeRewriter

    fake = FakeRewriter()  # nothing queued: every item is left for the person at first
    session = ReviewSession.start("draft.md", "metrics.yaml", rewriter=fake)
    session.go_to(next(i for i, item in enumerate(session.items) if item.line == 27))
    assert session.item.proposal is None
    fake.queue(PAYMENT_REPLY)
    assert session.ask_again("focus on payment success") == ""
    assert (
        session.item.proposal == "Increase payment success rate from 97.1% to [target] by end of Q3"
    )
    assert session.item.hint == "focus on payment success"
    assert fake.requests[-1].text == "Improve payment reliability to improve payment success"
    assert (
        session.ask_again()
        == "no new proposal: the offline rewriter has no outcome for this: fake: no reply queued"
    )


# ---- whole sessions through the app ----------------------------------------------------------


def test_accept_edit_skip_undo_and_ask_again(workdir):
    original = Path("draft.md").read_bytes()
    app = new_app()
    drive(
        app,
        "a",  # line 12: the objective, accepted
        "s",  # line 16: the launch task, skipped
        "u",  # ... undone: back on line 16
        "r",  # ask again: "What should change for users if this ships?"
        ("type", "more new users finish onboarding"),
        "a",
        ("type", "30"),  # [baseline]
        ("type", "55"),  # [target]
        "e",  # line 18: edited
        ["ctrl+u"],
        ("type", "Increase interview-backed roadmap decisions from 2 to 6 by end of Q3"),
        "s",  # line 25 skipped
    )
    session = app.session
    decisions = {
        session.items[[i.key for i in session.items].index(k)].line: d
        for k, d in session.decisions.items()
    }
    assert decisions[12].action == "accept"
    assert decisions[16].action == "accept"
    assert decisions[16].text == (
        "Increase the share of new users who finish onboarding from 30% to 55% by end of Q3"
    )
    assert [n["source"] for n in decisions[16].numbers if n["value"] in ("30%", "55%")] == [
        YOU,
        YOU,
    ]
    assert decisions[18].action == "edit"
    assert decisions[18].text.startswith("Increase interview-backed")
    assert decisions[25].action == "skip"
    assert Path("draft.md").read_bytes() == original  # untouched until the end
    assert len(saved(workdir)["decisions"]) == 4


def test_an_invalid_answer_is_refused_and_a_valid_one_fills_the_line(workdir):
    app = new_app()

    async def run():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("n", "n", "n", "n", "n")  # line 28: "from 0.4% to [target]"
            assert app.session.item.line == 28
            await pilot.press("a")
            await pilot.pause()
            await pilot.press(*"120", "enter")
            await pilot.pause()
            assert "a percentage is between 0 and 100" in screen_text(app)
            await pilot.press("ctrl+u", *"0.5", "enter")  # the wrong way for "Reduce"
            await pilot.pause()
            assert "for a reduction the target must be below the baseline (0.4)" in screen_text(app)
            await pilot.press("ctrl+u", *"0.2", "enter")
            await pilot.pause()
            assert "a percentage" not in screen_text(app)

    asyncio.run(run())
    decision = app.session.decisions["objectives[1].key_results[3]"]
    assert (
        decision.text
        == "Reduce checkout error rate from 0.4% to 0.2% by end of Q3, never above 0.5%"
    )
    assert {n["value"]: n["source"] for n in decision.numbers} == {
        "0.4%": "metrics",
        "Q3": "quarter",
        "0.2%": YOU,
        "0.5%": "original",
    }


def test_escape_leaves_the_placeholder(workdir):
    app = new_app()
    drive(app, "n", "n", "a", "escape", "escape")  # line 18: both placeholders left
    decision = app.session.decisions["objectives[0].key_results[2]"]
    assert "[baseline] to [target]" in decision.text


def test_explain_and_help_show_the_rule_and_the_keys(workdir):
    app = new_app()

    async def run():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("x")
            await pilot.pause()
            text = screen_text(app)
            assert "OKR102 objective-describes-activity" in text and "Why" in text
            await pilot.press("escape", "question_mark")
            await pilot.pause()
            assert "ask again, optionally with a hint" in screen_text(app)

    asyncio.run(run())


def test_set_level_choice_by_number(workdir):
    app = new_app()
    drive(app, *["n"] * 8, "1")  # line 39: the bonus line
    assert app.session.decisions["set:OKR603:39"].choice == 0
    assert "bonus" not in app.session.final_text()


def test_resume_after_a_kill_loses_no_decision_and_leaves_the_draft_alone(workdir):
    original = Path("draft.md").read_bytes()
    first = new_app()
    # the app is never quit: it "dies" with the pilot, mid-question on line 25
    drive(first, "a", "s", "a", "escape", "escape", "a")
    kept = dict(first.session.decisions)
    assert len(kept) == 3
    assert Path("draft.md").read_bytes() == original

    second = new_app()
    drive(second, "r")  # "An unfinished review … r resume"
    assert list(second.session.decisions) == list(kept)
    assert second.session.final_text() == first.session.final_text()
    assert Path("draft.md").read_bytes() == original

    third = new_app()
    drive(third, "s")  # start over: the saved decisions are forgotten
    assert third.session.decisions == {}


def test_the_final_write_to_a_new_file(workdir):
    original = Path("draft.md").read_bytes()
    app = new_app()
    result = drive(app, "a", "w", "n", "enter")
    assert result == "wrote draft.reviewed.md"
    written = Path("draft.reviewed.md").read_text()
    assert "## Objective 1: Make onboarding effortless for every new user" in written
    assert Path("draft.md").read_bytes() == original
    assert not state_path_for("draft.md", Settings()).exists()  # finished: nothing to resume


def test_the_final_write_in_place_keeps_a_backup(workdir):
    original = Path("draft.md").read_bytes()
    app = new_app()
    result = drive(app, "a", "w", "i")
    assert result == "wrote draft.md (original kept as draft.md.bak)"
    assert Path("draft.md.bak").read_bytes() == original
    assert "Make onboarding effortless" in Path("draft.md").read_text()


def test_the_summary_shows_score_changes_and_diff(workdir):
    app = new_app()

    async def run():
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            await pilot.press("a", "w")
            await pilot.pause()
            text = screen_text(app)
            assert "Score 49 (weak) → 51 (needs work)" in text
            assert "1 changed · 0 skipped · 8 undecided" in text
            assert "+## Objective 1: Make onboarding effortless for every new user" in text
            await pilot.press("escape")  # back to the review
            await pilot.pause()
            await pilot.press("q")
            await pilot.pause()

    asyncio.run(run())
    assert app.return_value.startswith("review paused: 1 decision(s) kept")


def test_quit_before_any_decision_keeps_nothing(workdir):
    app = new_app()
    assert drive(app, "q") == "review closed; nothing decided, nothing written"
    assert not state_path_for("draft.md", Settings()).exists()


# ---- the command -----------------------------------------------------------------------------


def test_without_a_terminal_it_says_so_in_one_line(workdir):
    result = CliRunner().invoke(cli, ["review", "draft.md"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "coach: coach review needs a terminal (its input or output is not one); "
        "for a non-interactive rewrite use `coach rewrite FILE`"
    ]
    assert not Path("draft.reviewed.md").exists()


def test_a_missing_draft_is_the_usual_input_error(workdir):
    result = CliRunner().invoke(cli, ["review", "nope.md"])
    assert result.exit_code == 2
    assert "nope.md" in result.output


def test_without_textual_it_names_the_extra(workdir, monkeypatch):
    import sys

    import coach.commands.review as review

    monkeypatch.setattr(review, "has_terminal", lambda: True)
    monkeypatch.setitem(sys.modules, "textual", None)
    monkeypatch.delitem(sys.modules, "coach.review.app", raising=False)
    result = CliRunner().invoke(cli, ["review", "draft.md"])
    assert result.exit_code == 3
    assert result.output.strip() == (
        "coach: coach review needs the review extras: pip install 'okr-coach[review]'"
    )


def test_the_new_file_is_never_the_draft_or_the_metrics_file(workdir):
    from coach.errors import InputError

    session = ReviewSession.start("draft.md", "metrics.yaml")
    session.accept()
    for target in ("metrics.yaml", "./draft.md"):
        with pytest.raises(InputError, match="would overwrite"):
            session.write(target)
    resumed = ReviewSession.resume("draft.md")
    with pytest.raises(InputError, match="would overwrite the metrics file"):
        resumed.write("metrics.yaml")
    assert Path("metrics.yaml").read_bytes() == (EXAMPLES / "metrics.yaml").read_bytes()


def test_a_target_that_cannot_be_written_is_said_and_the_session_goes_on(workdir):
    app = new_app()

    async def run():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("a", "w", "n", "ctrl+u", *"metrics.yaml", "enter")
            await pilot.pause()
            assert "would overwrite the metrics file metrics.yaml" in screen_text(app)
            assert "nothing was written" in screen_text(app)

    asyncio.run(run())
    assert app.return_value is None
    assert Path("metrics.yaml").read_bytes() == (EXAMPLES / "metrics.yaml").read_bytes()


def test_with_a_model_the_session_is_built_in_a_worker_showing_progress(workdir):
    from coach.review.app import ReviewApp

    seen = []

    def start():
        def progress(done, total, line):
            seen.append((done, total, line))
            app.call_from_thread(app.show_progress, done, total, line)

        return ReviewSession.start("draft.md", "metrics.yaml", progress=progress)

    app = ReviewApp(start=start, background=True)

    async def run():
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.session is not None and app.session.item.line == 12

    asyncio.run(run())
    assert seen[0][:2] == (0, 8) and seen[-1][0] == seen[-1][1]


def test_a_session_that_cannot_start_ends_with_the_error(workdir):
    from coach.errors import ModelError
    from coach.review.app import ReviewApp

    def start():
        raise ModelError("the model extras are not installed")

    for background in (False, True):
        app = ReviewApp(start=start, background=background)
        drive(app)
        assert str(app.error) == "the model extras are not installed"


def test_a_draft_with_nothing_to_review(workdir):
    Path("good.md").write_text(
        "## Objective: Make every new user feel confident within their first week\n"
        "- Increase onboarding completion rate from 45% to 70% by end of Q2 [stretch]\n"
        "- Reduce time to first value from 3 days to 2 days by end of Q2 (committed)\n"
    )
    app = new_app("good.md", None)
    assert drive(app) == "good.md: nothing to review: no line breaks a rule the coach coaches"


def test_in_place_refuses_a_draft_changed_during_the_review(workdir):
    from coach.errors import InputError

    session = ReviewSession.start("draft.md", "metrics.yaml")
    session.accept()
    Path("draft.md").write_text(Path("draft.md").read_text() + "- a line someone added\n")
    with pytest.raises(InputError, match="changed since the review started"):
        session.write()
    assert Path("draft.md").read_text().endswith("- a line someone added\n")
    assert session.write("draft.reviewed.md") == ("draft.reviewed.md", None)


def test_a_bom_and_crlf_line_endings_are_kept(workdir):
    text = Path("draft.md").read_text().replace("\n", "\r\n")
    Path("draft.md").write_bytes(b"\xef\xbb\xbf" + text.encode())
    session = ReviewSession.start("draft.md", "metrics.yaml")
    session.accept()
    session.write()
    data = Path("draft.md").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == text.count("\r\n")
    assert b"## Objective 1: Make onboarding effortless for every new user\r\n" in data


def test_asking_again_without_a_hint_says_when_nothing_changed(workdir):
    session = ReviewSession.start("draft.md", "metrics.yaml")  # the offline rewriter
    proposal = session.item.proposal
    assert session.ask_again() == (
        "the same proposal came back; a hint (e.g. “focus on activation”) steers it"
    )
    assert session.item.proposal == proposal


def test_a_proposal_measured_by_the_lines_own_words_shows_the_note(workdir):
    from coach.rewrite.engine import OWN_WORDS

    (workdir / "own.md").write_text(
        "## Objective: Make IPFS handle large datasets without a sweat\n\n"
        "- Increase transfer speed of a 1TB dataset from 2 days to 1 day by end of Q3\n"
        "- There is a better and more performant datastore module\n",
        encoding="utf-8",
    )
    app = new_app("own.md")

    async def run():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            if app.session.item.line == 3:  # the first key result has a proposal of its own
                await pilot.press("n")
                await pilot.pause()
            item = app.session.item  # line 4: no lexicon entry knows a datastore module
            assert item.line == 4 and item.proposal is not None
            assert OWN_WORDS in item.note
            assert f"note: {OWN_WORDS}" in " ".join(screen_text(app).split())

    asyncio.run(run())


def test_with_a_model_proposals_are_labelled_and_ask_again_asks_it_once(workdir):
    from coach.config import load_settings
    from coach.llm.fake import FakeRewriter
    from coach.review.app import _origin_label

    settings = load_settings(
        start=Path("."), overrides={"model": {"provider": "openai", "model": "m", "cache": False}}
    )
    fake = FakeRewriter(max_attempts=1)  # nothing queued: the model fails, offline takes over
    session = ReviewSession.start("draft.md", "metrics.yaml", settings, rewriter=fake)
    first = session.item
    assert first.origin == "offline fallback"
    assert _origin_label(first.origin) == "offline (model fallback)"
    session.go_to(next(i for i, item in enumerate(session.items) if item.line == 27))
    asked = len(fake.requests)
    fake.queue(PAYMENT_REPLY)
    assert session.ask_again("payment success") == ""
    assert len(fake.requests) == asked + 1  # one request: this item only
    assert session.item.origin == "model:fake"
    assert _origin_label(session.item.origin) == "model (fake)"


def test_a_yaml_draft_gets_its_decisions_written_as_yaml(tmp_path, monkeypatch):
    """Decisions are placed the way `coach rewrite` places them: in a YAML draft an edit with a
    colon is quoted, so the written file still reads back with the edited key result."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "cache"))
    Path("okrs.yaml").write_text(
        "quarter: Q3\n"
        "objectives:\n"
        "  - text: Make onboarding effortless for every new user\n"
        "    key_results:\n"
        "      - Launch the new onboarding flow\n"
        "      - Reduce time to first value from 3 days to 1 day by end of Q3\n",
        encoding="utf-8",
    )
    session = ReviewSession.start("okrs.yaml")
    task = next(i for i in session.items if "Launch" in i.before)
    session.go_to(session.items.index(task))
    edited = "Increase onboarding completion: from 45% to 70% by end of Q3"
    session.edit(edited)
    from coach import parse_text

    final = session.final_text()
    texts = [kr.text for _, _, kr in parse_text(final, "okrs.yaml").key_results()]
    assert edited in texts and "Launch the new onboarding flow" not in texts
    summary = session.summary()
    assert summary.unplaced == [] and summary.changed[0][2] == edited


def test_a_decision_that_cannot_be_placed_is_said_not_dropped(workdir):
    session = ReviewSession.start("draft.md", "metrics.yaml")
    item = session.items[0]
    session.accept()
    session.text = session.text.replace(item.before, "Something else entirely", 1)
    summary = session.summary()
    assert item.line in summary.unplaced
    assert all(line != item.line for line, _, _ in summary.changed)


def test_too_many_objectives_can_be_merged_into_the_one_before(tmp_path, monkeypatch):
    """Merging drops the objective's own line: its key results are then read under the
    objective before it, and the draft has one objective fewer."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    Path("set.md").write_text(SET_DRAFT)
    session = ReviewSession.start("set.md")
    too_many = next(
        i for i in session.items if i.is_set and i.rules[0].name == "too-many-objectives"
    )
    session.go_to(session.items.index(too_many))
    merge = next(
        i for i, c in enumerate(too_many.choices) if c.label.startswith("Merge O4 into O3")
    )
    session.choose(merge)
    from coach import parse_text

    merged = parse_text(session.final_text(), "set.md")
    assert len(merged.objectives) == 3
    assert [kr.text for kr in merged.objectives[2].key_results][-1].startswith("Raise session")
    assert "daily habit" not in session.final_text()
