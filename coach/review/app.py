"""The ``coach review`` app: a Textual front door over ``coach.service.reviewing``.

The session (items, decisions, the state file, the final write) lives in the service layer;
this module only draws it and turns keys into the session's calls. Colours come from the theme's
variables ($success, $error, …), so the light theme and ``NO_COLOR`` (Textual's monochrome
filter) stay readable.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from coach.errors import CoachError
from coach.service.reviewing import (
    YOU,
    Question,
    ReviewItem,
    ReviewSession,
    fill_placeholder,
    numbers_for_edit,
    placeholders_in,
    questions_for,
    validate_answer,
)

OUTCOME_QUESTION = "What should change for users if this ships?"
HELP = """\
[b]coach review[/b] walks through the flagged lines of the draft, one at a time.
Nothing is written until you finish ([b]w[/b]); every decision is saved as you go, so
quitting (or a crash) loses nothing: run the same command again to resume.

[b]a[/b]  accept the proposal (you are asked for each [i]\\[placeholder][/i] first)
[b]e[/b]  edit: an editor prefilled with the proposal
[b]s[/b]  skip: leave the line as it is
[b]r[/b]  ask again, optionally with a hint ("focus on activation");
   on a task key result: "What should change for users if this ships?"
[b]1[/b]–[b]9[/b]  pick a choice (set-level findings)
[b]x[/b]  explain the rules this line breaks
[b]u[/b]  undo the last decision
[b]n[/b] / [b]p[/b]  next / previous item
[b]w[/b]  finish: summary, diff, then write a new file or in place
[b]q[/b]  quit (progress kept)
[b]?[/b]  this help

In a question, Enter answers and Escape leaves the placeholder as it is.
"""


def _origin_label(origin: str) -> str:
    if origin.startswith("model:") or origin.startswith("cache:"):
        return f"model ({origin.split(':', 1)[1]})"
    return {"offline fallback": "offline (model fallback)"}.get(origin, origin)


def _provenance(numbers: list[dict]) -> str:
    rows = []
    for number in numbers:
        value, source, detail = number["value"], number["source"], number.get("detail", "")
        if source == "placeholder":
            text = "[$warning]placeholder: you fill it in[/]"
        elif source == YOU:
            text = f"[$success]{YOU}[/]"
        else:
            text = escape(f"{source}" + (f" ({detail})" if detail else ""))
        rows.append(f"  [b]{escape(value)}[/b] ← {text}")
    return "\n".join(rows)


class TextPrompt(ModalScreen[str | None]):
    """One line of text: an edit, a hint, an answer. Enter submits, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        value: str = "",
        placeholder: str = "",
        check: Callable[[str], str] | None = None,
        explain: str = "",
    ):
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.check = check
        self.explain = explain

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(escape(self.title_text), id="dialog-title")
            if self.explain:
                yield Static(self.explain, id="dialog-explain")
            yield Input(self.value, placeholder=self.placeholder, id="answer")
            yield Static("", id="dialog-error")
            yield Static("[dim]Enter: OK · Escape: cancel[/dim]", id="dialog-keys")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        problem = self.check(event.value) if self.check else ""
        if problem:
            self.query_one("#dialog-error", Static).update(f"[$error]✗ {escape(problem)}[/]")
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class InfoScreen(ModalScreen[None]):
    """Text to read (help, a rule's explanation); any of Escape, q, ? or Enter closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark,enter,x", "close", "Close"),
    ]

    def __init__(self, title: str, body: str):
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="info"):
            yield Static(f"[b]{escape(self.title_text)}[/b]", id="info-title")
            with VerticalScroll(id="info-body"):
                yield Static(self.body)
            yield Static("[dim]Escape: close[/dim]")

    def action_close(self) -> None:
        self.dismiss(None)


class ResumeScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("r,enter", "answer(True)", "Resume"),
        Binding("s", "answer(False)", "Start over"),
    ]

    def __init__(self, decisions: int):
        super().__init__()
        self.decisions = decisions

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("[b]An unfinished review of this draft was found[/b]", id="dialog-title")
            yield Static(
                f"It holds {self.decisions} decision{'s' * (self.decisions != 1)}.\n\n"
                "[b]r[/b]  resume where you left off\n[b]s[/b]  start over (forget them)"
            )

    def action_answer(self, resume: bool) -> None:
        self.dismiss(resume)


class SummaryScreen(ModalScreen[str | None]):
    """The end: score before → after, what changed, the diff; write a new file or in place."""

    BINDINGS = [
        Binding("n", "write_new", "New file"),
        Binding("i", "write_in_place", "In place"),
        Binding("escape,b", "back", "Back"),
        Binding("q", "quit_unwritten", "Quit unwritten"),
    ]

    def __init__(self, session: ReviewSession):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        summary = self.session.summary()
        lines = [
            f"Score [b]{summary.score_before}[/b] ({summary.band_before}) → "
            f"[b]{summary.score_after}[/b] ({summary.band_after})",
            f"{len(summary.changed)} changed · {summary.skipped} skipped · "
            f"{summary.undecided} undecided (left as they are)",
            "",
        ]
        if summary.unplaced:  # never silently: the file will not hold these
            where = ", ".join(str(n) for n in summary.unplaced)
            lines += [
                f"[$error]Not written: line(s) {where} no longer read as they did; "
                "change them by hand.[/]",
                "",
            ]
        for line, before, after in summary.changed:
            if not before:  # a set-level choice
                lines.append(f"line {line}: {escape(after)}")
                continue
            lines.append(f"line {line}: [$error]− {escape(before)}[/]")
            lines.append(f"{' ' * (len(str(line)) + 6)}[$success]+ {escape(after)}[/]")
        diff = []
        for row in summary.diff.splitlines():
            style = "$success" if row.startswith("+") else "$error" if row.startswith("-") else ""
            text = escape(row)
            diff.append(f"[{style}]{text}[/]" if style and text else text)
        with Vertical(id="summary"):
            yield Static("[b]Review finished: what will be written[/b]", id="summary-title")
            with VerticalScroll(id="summary-body"):
                yield Static("\n".join(lines))
                yield Static("\n".join(diff) or "[dim]no change: the draft stays as it is[/dim]")
            yield Footer(compact=True)

    def action_write_new(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.dismiss(path.strip())

        self.app.push_screen(
            TextPrompt(
                "Write the reviewed draft to (a new file):",
                self.session.default_output(),
                check=lambda p: "" if p.strip() else "name a file",
            ),
            chosen,
        )

    def action_write_in_place(self) -> None:
        self.dismiss("")

    def action_back(self) -> None:
        self.dismiss(None)

    def action_quit_unwritten(self) -> None:
        self.app.close_with(_kept_message(self.session))


def _kept_message(session: ReviewSession) -> str:
    if not session.decisions:
        session.discard()
        return "review closed; nothing decided, nothing written"
    return (
        f"review paused: {len(session.decisions)} decision(s) kept; the draft is untouched. "
        f"Run `coach review {session.path}` again to resume."
    )


class ReviewApp(App[str]):
    """The review session. ``start`` builds a fresh session; ``resume`` returns the saved one
    (or None). ``run()`` returns the line to print when it ends."""

    TITLE = "coach review"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    Screen { layout: vertical; }
    #title { height: 1; background: $panel; color: $text; padding: 0 1; }
    #panes { height: 1fr; }
    #draft { width: 40%; border-right: solid $primary; }
    #draft-text { text-wrap: nowrap; text-overflow: ellipsis; }
    #item { width: 1fr; padding: 0 1; }
    #message { height: auto; max-height: 2; padding: 0 1; background: $boost; }
    ModalScreen { align: center middle; }
    #dialog { width: 90%; max-width: 100; height: auto; border: round $primary;
              background: $surface; padding: 0 1; }
    #dialog-title { text-style: bold; margin-bottom: 1; }
    #dialog-error { height: auto; }
    #info, #summary { width: 95%; height: 90%; border: round $primary; background: $surface;
                      padding: 0 1; }
    #info-body, #summary-body { height: 1fr; }
    """
    BINDINGS = [
        Binding("a", "accept", "Accept"),
        Binding("e", "edit", "Edit"),
        Binding("s", "skip", "Skip"),
        Binding("r", "ask_again", "Again"),
        Binding("x", "explain", "Explain"),
        Binding("u", "undo", "Undo"),
        Binding("n,down", "move(1)", "Move", key_display="n/p"),
        Binding("p,up", "move(-1)", "Prev", show=False),
        Binding("w", "finish", "Finish"),
        Binding("q", "quit_review", "Quit"),
        Binding("ctrl+c", "quit_review", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        *(Binding(str(n), f"choose({n - 1})", show=False) for n in range(1, 10)),
    ]

    def __init__(
        self,
        start: Callable[[], ReviewSession],
        resume: Callable[[], ReviewSession | None] = lambda: None,
        theme: str = "textual-dark",
        background: bool = False,
    ):
        super().__init__()
        self._start = start
        self.background = background
        self.error: CoachError | None = None
        """Why the session could not start (the command turns it into its one line)."""
        self._resume = resume
        self.session: ReviewSession | None = None
        self._theme_name = theme

    def compose(self) -> ComposeResult:
        yield Static("coach review", id="title")
        with Horizontal(id="panes"):
            with VerticalScroll(id="draft"):
                yield Static("", id="draft-text")
            with VerticalScroll(id="item"):
                yield Static("reading the draft …", id="item-text")
        yield Static("", id="message")
        yield Footer(compact=True)

    def close_with(self, line: str) -> None:
        """End the app; ``line`` is its return value and, in a terminal, is printed once the
        screen is restored (Textual prints it after leaving the alternate screen)."""
        from rich.text import Text

        self.exit(line, message=None if self.is_headless else Text(line))

    def on_mount(self) -> None:
        self.theme = self._theme_name
        saved = self._resume()
        if saved is not None and saved.decisions:

            def answered(resume: bool | None) -> None:
                if resume:
                    self._begin(saved, "resumed: your earlier decisions are kept")
                else:
                    saved.discard()
                    self._start_session()

            self.push_screen(ResumeScreen(len(saved.decisions)), answered)
        else:
            self._start_session()

    def _start_session(self) -> None:
        """Build the session: at once, or (when a model is asked) in a thread while the item
        pane shows which item is being proposed."""
        if not self.background:
            try:
                session = self._start()
            except CoachError as exc:
                self._failed(exc)
                return
            self._begin(session)
            return

        def work() -> None:
            try:
                session = self._start()
            except CoachError as exc:
                self.call_from_thread(self._failed, exc)
                return
            self.call_from_thread(self._begin, session)

        self.run_worker(work, thread=True, exit_on_error=False)

    def show_progress(self, done: int, total: int, line: int) -> None:
        """Called (from the worker, through ``call_from_thread``) before each item is proposed."""
        if done < total:
            self.query_one("#item-text", Static).update(
                f"asking for proposals: item {done + 1} of {total} (line {line}) …"
            )

    def _failed(self, error: CoachError) -> None:
        self.error = error
        self.exit(None)

    # -- drawing -------------------------------------------------------------------------

    def _begin(self, session: ReviewSession, message: str = "") -> None:
        self.session = session
        session.save()
        if not session.items:
            self.close_with(
                f"{session.path}: nothing to review: no line breaks a rule the coach coaches"
            )
            return
        self.refresh_view(message)

    def say(self, message: str) -> None:
        self.query_one("#message", Static).update(message)

    def refresh_view(self, message: str | None = None) -> None:
        session = self.session
        if session is None:
            return
        item = session.item
        decided = len(session.decisions)
        self.query_one("#title", Static).update(
            escape(
                f"coach review · {session.path} · item {session.current + 1} of "
                f"{len(session.items)} · {decided} decided"
            )
        )
        self.query_one("#draft-text", Static).update(self._draft_markup())
        self.query_one("#item-text", Static).update(self._item_markup(item))
        if message is not None:
            self.say(message)
        if item is not None:
            self.query_one("#draft", VerticalScroll).scroll_to(
                y=max(0, item.line - 6), animate=False
            )

    def _draft_markup(self) -> str:
        session = self.session
        assert session is not None
        marks: dict[int, str] = {}
        shown = session.text.splitlines()
        for item in session.items:
            decision = session.decision_for(item)
            if decision is not None and decision.text and item.before in shown[item.line - 1]:
                # the line as it will be written
                shown[item.line - 1] = shown[item.line - 1].replace(item.before, decision.text, 1)
            mark = "[$warning]●[/]"
            if decision is not None:
                mark = {
                    "skip": "[dim]–[/dim]",
                    "choose": "[$success]✓[/]",
                }.get(decision.action, "[$success]✓[/]")
            marks.setdefault(item.line, mark)
        current = session.item.line if session.item else 0
        width = len(str(len(session.text.splitlines())))
        rows = []
        for number, line in enumerate(shown, 1):
            mark = "[b $accent]▶[/]" if number == current else marks.get(number, " ")
            text = escape(line) or " "
            row = f"{mark}[dim]{number:>{width}}[/dim] {text}"
            rows.append(f"[reverse]{row}[/reverse]" if number == current else row)
        return "\n".join(rows)

    def _item_markup(self, item: ReviewItem | None) -> str:
        session = self.session
        if item is None or session is None:
            return ""
        where = "whole draft" if item.is_set else item.kind.replace("_", " ")
        parts = [f"[b]line {item.line}[/b] · {where}"]
        if not item.is_set:
            parts.append(f"  {escape(item.before)}")
        parts.append("")
        for rule in item.rules:
            level = {"error": "$error", "warning": "$warning"}.get(rule.level, "$text-muted")
            parts.append(f"[b {level}]{rule.id}[/] {escape(rule.message or rule.name)}")
            if rule.why:
                parts.append(f"[dim]why:[/dim] {escape(_first_sentence(rule.why))}")
        parts.append("")
        decision = session.decision_for(item)
        if item.is_set:
            parts.append("[b]Choose[/b] (press its number):")
            for n, choice in enumerate(item.choices, 1):
                chosen = decision is not None and decision.choice == n - 1
                mark = "[$success]✓[/]" if chosen else " "
                parts.append(f"{mark}[b]{n}[/b]  {escape(choice.label)}")
        else:
            if item.proposal is not None:
                label = escape(_origin_label(item.origin))
                hint = f" · asked with “{escape(item.hint)}”" if item.hint else ""
                parts.append(f"[b]Proposal[/b] [dim]({label}{hint})[/dim]")
                parts.append(f"  [$success]{escape(item.proposal)}[/]")
                if item.numbers:
                    parts.append("[b]Numbers[/b]")
                    parts.append(_provenance(item.numbers))
                if item.note:  # a fallback's reason, a metric built from the line's own words
                    parts.append(f"[dim]note: {escape(item.note)}[/dim]")
                if placeholders_in(item.proposal):
                    parts.append("[dim]a: you are asked for each placeholder first[/dim]")
            else:
                parts.append("[b]No proposal[/b]" + (f": {escape(item.note)}" if item.note else ""))
                if item.is_task:
                    parts.append(
                        f"[$accent]{OUTCOME_QUESTION}[/] press [b]r[/b] to answer, "
                        "[b]e[/b] to write it yourself"
                    )
                else:
                    parts.append("press [b]e[/b] to write it yourself or [b]r[/b] to ask again")
        if decision is not None:
            parts.append("")
            if decision.action == "skip":
                parts.append("[b]Decided:[/b] skipped (the line stays as it is)")
            elif decision.action in ("accept", "edit"):
                verb = "accepted" if decision.action == "accept" else "edited"
                parts.append(f"[b]Decided:[/b] {verb}")
                parts.append(f"  [$success]{escape(decision.text or '')}[/]")
                if decision.numbers:
                    parts.append(_provenance(decision.numbers))
            else:
                parts.append("[b]Decided:[/b] choice made")
        return "\n".join(parts)

    # -- actions -----------------------------------------------------------------------------

    def _item(self) -> ReviewItem | None:
        return self.session.item if self.session is not None else None

    def _after(self, message: str) -> None:
        self.refresh_view(message)
        if self.session is not None and self.session.done:
            self.say(message + " · every item is decided: press w to finish")

    def action_accept(self) -> None:
        item = self._item()
        if item is None:
            return
        if item.is_set:
            self.say("choose with 1–9 (this finding is about the whole draft)")
            return
        if item.proposal is None:
            if item.is_task:
                self.action_ask_again()
            else:
                self.say("no proposal to accept: e to write it yourself, r to ask again")
            return
        self._fill(
            item.proposal, list(item.numbers), lambda text, numbers: self._accepted(text, numbers)
        )

    def _accepted(self, text: str, numbers: list[dict]) -> None:
        assert self.session is not None
        line = self.session.item.line if self.session.item else 0
        self.session.accept(text, numbers)
        self._after(f"accepted line {line}")

    def _fill(
        self, text: str, numbers: list[dict], done: Callable[[str, list[dict]], None]
    ) -> None:
        """Ask for each placeholder of ``text`` in turn, then call ``done`` with the result."""
        questions = questions_for(text)
        if not questions:
            done(text, numbers)
            return

        def ask(index: int, text: str, numbers: list[dict]) -> None:
            if index == len(questions):
                done(text, numbers)
                return
            question = questions[index]

            def answered(raw: str | None) -> None:
                if raw is None:  # Escape: the placeholder stays
                    ask(index + 1, text, numbers)
                    return
                value, _ = validate_answer(question, raw, text)
                assert value is not None
                filled, new_numbers = fill_placeholder(text, numbers, question, value)
                ask(index + 1, filled, new_numbers)

            self.push_screen(_question_screen(question, text), answered)

        ask(0, text, numbers)

    def action_edit(self) -> None:
        item = self._item()
        if item is None or self.session is None:
            return
        if item.is_set:
            self.say("a set-level finding has choices, not a line to edit: press 1–9")
            return
        session = self.session
        decision = session.decision_for(item)
        start = (
            (decision.text if decision and decision.text else None) or item.proposal or item.before
        )

        def edited(text: str | None) -> None:
            if text is None:
                self.say("edit cancelled")
                return
            known = item.numbers if item.proposal else []
            numbers = numbers_for_edit(text, known)

            def done(final: str, numbers: list[dict]) -> None:
                session.edit(final, numbers)
                self._after(f"edited line {item.line}")

            self._fill(" ".join(text.split()), numbers, done)

        self.push_screen(
            TextPrompt(
                f"Edit line {item.line}:",
                start,
                check=lambda t: "" if t.strip() else "the line cannot be empty (s skips it)",
            ),
            edited,
        )

    def action_skip(self) -> None:
        item = self._item()
        if item is None or self.session is None:
            return
        self.session.skip()
        self._after(f"skipped line {item.line}")

    def action_choose(self, index: int) -> None:
        item = self._item()
        if item is None or self.session is None or not item.is_set:
            return
        if index >= len(item.choices):
            self.say(f"there are {len(item.choices)} choices")
            return
        self.session.choose(index)
        self._after(f"chose: {escape(item.choices[index].label)}")

    def action_ask_again(self) -> None:
        item = self._item()
        if item is None or self.session is None:
            return
        if item.is_set:
            self.say("a set-level finding has choices, not proposals: press 1–9")
            return
        session = self.session
        title = (
            OUTCOME_QUESTION
            if item.is_task
            else "Ask again: a hint for the coach (optional; Enter alone asks again as it is)"
        )
        placeholder = (
            "e.g. more new users finish onboarding in their first week"
            if item.is_task
            else "e.g. focus on activation"
        )

        def asked(hint: str | None) -> None:
            if hint is None:
                self.say("not asked")
                return
            problem = session.ask_again(hint.strip())
            self.refresh_view(problem or f"new proposal for line {item.line}")

        self.push_screen(TextPrompt(title, "", placeholder), asked)

    def action_explain(self) -> None:
        item = self._item()
        if item is None:
            return
        from coach.service import find_rule

        blocks = []
        for brief in item.rules:
            rule = find_rule(brief.id, self.session.settings if self.session else None)
            lines = [f"[b]{rule.id} {escape(rule.name)}[/b] ({escape(brief.level)})"]
            lines.append(escape(brief.message))
            lines.append(f"\n[b]Why[/b]\n{escape(brief.why)}")
            lines.append(f"\n[b]Fix[/b]\n{escape(brief.fix)}")
            weak = getattr(rule.examples, "weak", None) or []
            strong = getattr(rule.examples, "strong", None) or []
            if weak or strong:
                lines.append("\n[b]Examples[/b]")
                lines.extend(f"[$error]✗[/] {escape(w.strip())}" for w in weak[:2])
                lines.extend(f"[$success]✓[/] {escape(s.strip())}" for s in strong[:2])
            blocks.append("\n".join(lines))
        self.push_screen(InfoScreen(f"Line {item.line}: the rules", "\n\n".join(blocks)))

    def action_undo(self) -> None:
        if self.session is None:
            return
        item = self.session.undo()
        self.refresh_view(
            f"undone: line {item.line} is undecided again" if item else "nothing to undo"
        )

    def action_move(self, step: int) -> None:
        if self.session is not None:
            self.session.go(step)
            self.refresh_view("")

    def action_page(self, direction: int) -> None:
        item = self.query_one("#item", VerticalScroll)
        item.scroll_page_down() if direction > 0 else item.scroll_page_up()

    def action_help(self) -> None:
        self.push_screen(InfoScreen("Keys", HELP))

    def action_finish(self) -> None:
        session = self.session
        if session is None:
            return

        def chosen(target: str | None) -> None:
            if target is None:
                self.refresh_view("back to the review")
                return
            try:
                written, backup = session.write(target or None)
            except CoachError as exc:  # a target that cannot be written: say so, stay
                self.refresh_view(f"[$error]✗ {escape(str(exc))}[/] (nothing was written)")
                return
            note = f" (original kept as {backup})" if backup else ""
            self.close_with(f"wrote {written}{note}")

        self.push_screen(SummaryScreen(session), chosen)

    def action_quit_review(self) -> None:
        if self.session is None:
            self.close_with("review closed; nothing decided, nothing written")
            return
        self.close_with(_kept_message(self.session))


def _question_screen(question: Question, line: str) -> TextPrompt:
    examples = {
        "percent": "a percentage, e.g. 45%",
        "count": "a number, e.g. 30,000",
        "duration": "a duration with its unit, e.g. 3 days",
        "score": "a score, e.g. +22",
        "text": "a few words",
    }
    return TextPrompt(
        question.prompt,
        "",
        examples[question.kind],
        check=lambda raw: _problem(question, raw, line),
        explain=f"[dim]in:[/dim] {escape(line)}",
    )


def _problem(question: Question, raw: str, line: str) -> str:
    value, problem = validate_answer(question, raw, line)
    return problem if value is None or problem else ""


def _first_sentence(text: str) -> str:
    cut = text.find(". ")
    return text if cut < 0 or cut > 240 else text[: cut + 1]
