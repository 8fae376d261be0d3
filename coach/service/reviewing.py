"""The service layer, reviewing: the state of a ``coach review`` session, free of any user
interface (the Textual app in ``coach.review`` draws it; tests drive it directly).

A session is built once from a rewrite of the draft (``rewrite_text``): one item per flagged
line, with the rules it breaks (and their why), the proposal and the provenance of each of its
numbers; then one item per set-level finding (too many objectives, no committed/stretch mix, two
key results on one metric) with concrete choices. The person decides item by item: accept (the
placeholders answered first), edit, skip, or pick a choice. Every decision is saved at once to a
small state file in the cache folder (atomically), so a killed session loses at most the item
being decided; the draft itself is written only by :meth:`ReviewSession.write`, at the end.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from coach.config import Settings

__all__ = [
    "STATE_VERSION",
    "YOU",
    "Choice",
    "Decision",
    "Question",
    "ReviewItem",
    "ReviewSession",
    "RuleBrief",
    "Summary",
    "fill_placeholder",
    "item_from_json",
    "numbers_for_edit",
    "placeholders_in",
    "questions_for",
    "state_path_for",
    "validate_answer",
]

STATE_VERSION = 1
YOU = "you, in review"
"""The provenance of a number the person typed during the review."""
PLACEHOLDER = re.compile(r"\[[a-z][a-z ]*\]")
_NUMBER = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?\s*%?")
_VERB = r"(?:increase|raise|grow|boost|lift|improve|reduce|decrease|cut|lower|shorten|halve|double)"
_METRIC = re.compile(rf"^{_VERB}\s+(?:the\s+)?(?P<metric>.+?)\s+from\s+", re.I)
_DEADLINE = re.compile(r"\b(by (?:the )?end of [^,;]+|by [A-Z][^,;]*)$")
_DOWN = re.compile(r"^(?:reduce|decrease|cut|lower|shorten|halve)\b", re.I)
_UP = re.compile(r"^(?:increase|raise|grow|boost|lift|improve|double)\b", re.I)
_DURATION_UNITS = {
    "ms": "ms",
    "millisecond": "ms",
    "milliseconds": "ms",
    "s": "seconds",
    "sec": "seconds",
    "secs": "seconds",
    "second": "seconds",
    "seconds": "seconds",
    "min": "minutes",
    "mins": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
    "h": "hours",
    "hr": "hours",
    "hrs": "hours",
    "hour": "hours",
    "hours": "hours",
    "d": "days",
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
}


# ---- the records ---------------------------------------------------------------------------


@dataclass
class RuleBrief:
    """A rule an item breaks, as the session shows it."""

    id: str
    name: str
    level: str
    message: str
    why: str
    fix: str


@dataclass
class Choice:
    """One concrete answer to a set-level finding: what it does to the draft."""

    label: str
    drop_lines: list[int] = field(default_factory=list)
    """1-based lines of the draft to remove."""
    tag_line: int | None = None
    tag: str = ""
    """Appended to ``tag_line`` (" [stretch]")."""


@dataclass
class ReviewItem:
    key: str
    """Stable within a session: the item's path, or "set:<rule id>:<line>"."""
    kind: str
    """"objective", "key_result" or "set"."""
    line: int
    before: str
    """The item's text as the draft has it (no label, no tags); for a set finding, its message."""
    rules: list[RuleBrief]
    proposal: str | None = None
    origin: str = "unchanged"
    """"offline", "model:<name>", "offline fallback", "unchanged", or "set"."""
    note: str = ""
    numbers: list[dict] = field(default_factory=list)
    """Where every number of the proposal comes from: {value, source, detail}."""
    choices: list[Choice] = field(default_factory=list)
    hint: str = ""
    """The last hint or answer the proposal was asked for with."""

    @property
    def is_task(self) -> bool:
        return self.kind == "key_result" and any(
            r.name == "output-as-key-result" for r in self.rules
        )

    @property
    def is_set(self) -> bool:
        return self.kind == "set"


@dataclass
class Decision:
    key: str
    action: str
    """"accept", "edit", "skip" or "choose"."""
    text: str | None = None
    """The line's new text (accept, edit)."""
    numbers: list[dict] = field(default_factory=list)
    choice: int | None = None


@dataclass(frozen=True)
class Question:
    placeholder: str
    prompt: str
    kind: str
    """"percent", "count", "duration", "score" or "text": what an answer must look like."""


@dataclass
class Summary:
    score_before: int
    band_before: str
    score_after: int
    band_after: str
    changed: list[tuple[int, str, str]]
    """(line, before, after) for each accepted or edited item; (line, "", what was chosen) for
    a set-level choice that changes the draft."""
    skipped: int
    undecided: int
    diff: str
    unplaced: list[int] = field(default_factory=list)
    """Lines of accepted or edited items whose text could not be found where the draft had it
    (so they are not in the written file): said in the summary, never dropped silently."""


# ---- placeholders and the questions for them ---------------------------------------------


def placeholders_in(text: str) -> list[str]:
    """The placeholders of a line, in order, each once: ["[baseline]", "[target]"]."""
    seen: list[str] = []
    for match in PLACEHOLDER.finditer(text):
        if match.group() not in seen:
            seen.append(match.group())
    return seen


def _metric_of(text: str) -> str:
    match = _METRIC.search(text)
    if match:
        return match.group("metric")
    return ""


def _kind_of(metric: str, text: str) -> str:
    words = metric.lower()
    if re.search(r"\b(time|duration|latency|lead time|cycle time|days|hours|minutes)\b", words):
        return "duration"
    if re.search(r"\b(rate|share|percentage|percent|ratio|proportion)\b|%", words):
        return "percent"
    if re.search(r"\b(score|nps|csat)\b", words):
        return "score"
    if re.search(r"\d\s*%", PLACEHOLDER.sub("", text)):
        return "percent"
    return "count"


def questions_for(text: str) -> list[Question]:
    """The question to ask for each placeholder of ``text``, in words: "What is the onboarding
    completion rate today?" for ``[baseline]``."""
    metric = _metric_of(text)
    kind = _kind_of(metric, text) if metric else "count"
    deadline = _DEADLINE.search(text)
    when = deadline.group(1) if deadline else "at the end of the cycle"
    name = f"the {metric}" if metric else "it"
    questions = []
    for placeholder in placeholders_in(text):
        if placeholder == "[baseline]":
            questions.append(Question(placeholder, f"What is {name} today?", kind))
        elif placeholder == "[target]":
            questions.append(Question(placeholder, f"What should {name} be {when}?", kind))
        elif placeholder == "[key action]":
            prompt = "Which action shows a user got real value (the key action)?"
            questions.append(Question(placeholder, prompt, "text"))
        else:
            questions.append(Question(placeholder, f"What is the {placeholder[1:-1]}?", "text"))
    return questions


def _number(raw: str) -> float | None:
    try:
        return float(raw.replace(",", "").replace("%", "").strip())
    except ValueError:
        return None


def validate_answer(question: Question, raw: str, line: str = "") -> tuple[str | None, str]:
    """(the value as it goes into the line, "") or (None, why it was refused). A percentage is
    0–100, a count or duration is not negative, a duration has a unit; a target must move the
    way the line's verb says from its baseline."""
    answer = " ".join(raw.split())
    if not answer:
        return None, "type an answer, or press Escape to leave the placeholder"
    if "[" in answer or "]" in answer:
        return None, "an answer has no brackets"
    if question.kind == "text":
        return answer, ""
    match = re.fullmatch(r"([+-]?\d[\d,]*(?:\.\d+)?)\s*(%?)\s*(.*)", answer)
    if not match:
        example = {"percent": "70%", "duration": "2 days", "score": "+40"}.get(
            question.kind, "30,000"
        )
        return None, f"type a number, e.g. {example}"
    digits, percent, rest = match.groups()
    value = _number(digits)
    if value is None:
        return None, "type a number"
    if question.kind == "percent":
        if rest:
            return None, "a percentage is just a number, e.g. 70%"
        if not 0 <= value <= 100:
            return None, "a percentage is between 0 and 100"
        text = f"{digits.lstrip('+')}%"
    elif question.kind == "duration":
        unit = _DURATION_UNITS.get(rest.lower())
        if percent or unit is None:
            return None, "a duration needs a unit, e.g. 2 days or 90 minutes"
        if value < 0:
            return None, "a duration cannot be negative"
        unit = unit[:-1] if value == 1 and unit != "ms" else unit
        text = f"{digits} {unit}"
    elif question.kind == "score":
        if percent:
            return None, "a score is a number without %"
        text = f"{digits}{' ' + rest if rest else ''}"
    else:
        if value < 0:
            return None, "a count cannot be negative"
        if percent:
            return None, "this metric is a count, not a percentage"
        text = f"{digits}{' ' + rest if rest else ''}"
    return text, _direction_problem(question, value, line)


def _direction_problem(question: Question, value: float, line: str) -> str:
    match = re.search(r"\bfrom\s+(\[[a-z ]+\]|[+-]?\d[\d,]*(?:\.\d+)?)\S*\s+to\s+(\S+)", line)
    if not match:
        return ""
    baseline, target = match.groups()
    if question.placeholder == "[target]" and not baseline.startswith("["):
        start, end = _number(baseline), value
    elif question.placeholder == "[baseline]" and not target.startswith("["):
        start, end = value, _number(target.rstrip(".,;"))
    else:
        return ""
    if start is None or end is None:
        return ""
    if _UP.search(line) and end <= start:
        return f"for an increase the target must be above the baseline ({match.group(1)})"
    if _DOWN.search(line) and end >= start:
        return f"for a reduction the target must be below the baseline ({match.group(1)})"
    return ""


def fill_placeholder(
    text: str, numbers: list[dict], question: Question, value: str
) -> tuple[str, list[dict]]:
    """The line with ``question.placeholder`` replaced by ``value``, and the provenance with
    that number's source now "you, in review"."""
    filled = text.replace(question.placeholder, value)
    entry = {"value": value, "source": YOU, "detail": question.prompt}
    new_numbers = [n for n in numbers if n["value"] != question.placeholder]
    index = next(
        (i for i, n in enumerate(numbers) if n["value"] == question.placeholder), len(new_numbers)
    )
    new_numbers.insert(min(index, len(new_numbers)), entry)
    return filled, new_numbers


def numbers_for_edit(text: str, known: list[dict]) -> list[dict]:
    """Provenance for a line the person edited: a number the proposal had keeps its source, any
    other is the person's own."""
    by_value = {n["value"]: n for n in known}
    result = [by_value[v] for v in by_value if v in text]
    for token in _NUMBER.findall(text):
        token = token.strip()
        if not any(token in n["value"] or n["value"] in token for n in result):
            result.append({"value": token, "source": YOU, "detail": "typed in the editor"})
    return result


# ---- where the progress is kept ----------------------------------------------------------


def state_path_for(draft: str | Path, settings: Settings | None = None) -> Path:
    """The state file of a review of ``draft``: in the cache folder (``COACH_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/okr-coach``), named after the draft's absolute path."""
    from coach.llm.cache import default_cache_dir

    settings = settings or Settings()
    absolute = os.path.realpath(os.fspath(draft))
    name = hashlib.sha256(absolute.encode("utf-8")).hexdigest()[:20]
    return default_cache_dir(settings.model) / "review" / f"{name}.json"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---- the session ---------------------------------------------------------------------------


class ReviewSession:
    """One review of one draft: its items, the decisions so far, and where the person is."""

    def __init__(
        self,
        path: str,
        text: str,
        items: list[ReviewItem],
        settings: Settings,
        metrics: tuple[tuple[str, str], ...] = (),
        headline: str = "",
        state_path: Path | None = None,
        rewriter: Any = None,
        request_fields: dict | None = None,
        metrics_path: str | None = None,
    ):
        self.path = path
        self.metrics_path = metrics_path
        self.text = text
        self.items = items
        self.settings = settings
        self.metrics = metrics
        self.headline = headline
        self.state_path = state_path or state_path_for(path, settings)
        self.rewriter = rewriter
        self.request_fields = request_fields or {}
        self.decisions: dict[str, Decision] = {}
        self.history: list[str] = []
        self.current = 0
        self._before = None

    # -- building --------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        path: str | Path,
        metrics_path: str | Path | None = None,
        settings: Settings | None = None,
        rewriter: Any = None,
        progress: Callable[[int, int, int], None] | None = None,
        **request_fields: Any,
    ) -> ReviewSession:
        """A new session on the draft at ``path``: the rewrite is run once, here."""
        from coach.service.rewriting import rewrite_request_for_file, rewrite_text

        settings = settings or Settings()
        request = rewrite_request_for_file(
            path, settings, metrics_path, rewriter=rewriter, progress=progress, **request_fields
        )
        result = rewrite_text(request)
        items = _items_from(result, settings)
        session = cls(
            os.fspath(path),
            request.text,
            items,
            settings,
            request.metrics,
            result.headline,
            rewriter=rewriter,
            request_fields=request_fields,
            metrics_path=os.fspath(metrics_path) if metrics_path is not None else None,
        )
        session._before = result.before
        return session

    @classmethod
    def resume(
        cls,
        path: str | Path,
        settings: Settings | None = None,
        rewriter: Any = None,
        **request_fields: Any,
    ) -> ReviewSession | None:
        """The saved session of ``path``, or None when there is none, it cannot be read, or
        the draft changed since it was saved."""
        from coach.parsing.reading import read_source

        settings = settings or Settings()
        state_path = state_path_for(path, settings)
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
            if state.get("version") != STATE_VERSION:
                return None
            _, text = read_source(path, settings.limits.max_file_bytes)
            if state["draft_sha256"] != _digest(text):
                return None
            items = [item_from_json(i) for i in state["items"]]
            session = cls(
                os.fspath(path),
                text,
                items,
                settings,
                tuple(tuple(m) for m in state.get("metrics", [])),
                state.get("headline", ""),
                state_path,
                rewriter,
                request_fields,
                state.get("metrics_path"),
            )
            session.decisions = {d["key"]: Decision(**d) for d in state["decisions"]}
            session.history = [k for k in state["history"] if k in session.decisions]
            session.current = min(int(state["current"]), max(len(items) - 1, 0))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return session

    @staticmethod
    def saved_progress(path: str | Path, settings: Settings | None = None) -> int | None:
        """How many decisions a saved session of ``path`` holds (None: nothing to resume)."""
        session = ReviewSession.resume(path, settings)
        return None if session is None else len(session.decisions)

    # -- the state file ----------------------------------------------------------------------

    def save(self) -> None:
        """Write the progress (atomically: a kill leaves the old state or the new one)."""
        from coach.files import write_atomic

        state = {
            "version": STATE_VERSION,
            "draft": os.path.realpath(self.path),
            "draft_sha256": _digest(self.text),
            "metrics": [list(m) for m in self.metrics],
            "metrics_path": self.metrics_path,
            "headline": self.headline,
            "items": [asdict(item) for item in self.items],
            "decisions": [asdict(d) for d in self.decisions.values()],
            "history": self.history,
            "current": self.current,
        }
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.state_path, json.dumps(state, ensure_ascii=False))

    def discard(self) -> None:
        """Forget the saved progress (after the final write, or to start over)."""
        self.state_path.unlink(missing_ok=True)

    # -- moving and deciding ---------------------------------------------------------------

    @property
    def item(self) -> ReviewItem | None:
        return self.items[self.current] if self.items else None

    def go(self, step: int) -> None:
        if self.items:
            self.current = max(0, min(len(self.items) - 1, self.current + step))
            self.save()

    def go_to(self, index: int) -> None:
        if 0 <= index < len(self.items):
            self.current = index
            self.save()

    def next_undecided(self) -> None:
        """Move to the first undecided item after the current one (wrapping round)."""
        count = len(self.items)
        for offset in range(1, count + 1):
            index = (self.current + offset) % count
            if self.items[index].key not in self.decisions:
                self.current = index
                break
        else:
            self.current = min(self.current + 1, max(count - 1, 0))
        self.save()

    def decide(self, decision: Decision) -> None:
        """Record a decision for its item (replacing an earlier one), save, move on."""
        self.decisions.pop(decision.key, None)
        if decision.key in self.history:
            self.history.remove(decision.key)
        self.decisions[decision.key] = decision
        self.history.append(decision.key)
        self.next_undecided()

    def accept(self, text: str | None = None, numbers: list[dict] | None = None) -> None:
        item = self.item
        assert item is not None and item.proposal is not None
        self.decide(
            Decision(
                item.key,
                "accept",
                text if text is not None else item.proposal,
                numbers if numbers is not None else item.numbers,
            )
        )

    def edit(self, text: str, numbers: list[dict] | None = None) -> None:
        item = self.item
        assert item is not None
        text = " ".join(text.split())
        known = item.numbers if item.proposal else []
        self.decide(
            Decision(
                item.key,
                "edit",
                text,
                numbers if numbers is not None else numbers_for_edit(text, known),
            )
        )

    def skip(self) -> None:
        item = self.item
        assert item is not None
        self.decide(Decision(item.key, "skip"))

    def choose(self, index: int) -> None:
        item = self.item
        assert item is not None and 0 <= index < len(item.choices)
        self.decide(Decision(item.key, "choose", choice=index))

    def undo(self) -> ReviewItem | None:
        """Take back the last decision; the session goes back to its item."""
        if not self.history:
            return None
        key = self.history.pop()
        self.decisions.pop(key, None)
        self.current = next(i for i, item in enumerate(self.items) if item.key == key)
        self.save()
        return self.items[self.current]

    def decision_for(self, item: ReviewItem) -> Decision | None:
        return self.decisions.get(item.key)

    @property
    def done(self) -> bool:
        return all(item.key in self.decisions for item in self.items)

    # -- asking again -----------------------------------------------------------------------

    def ask_again(self, hint: str = "") -> str:
        """Ask the rewriter again for the current item (the cache bypassed), steered by
        ``hint`` ("focus on activation"); returns "" or why the proposal did not change."""
        item = self.item
        assert item is not None and not item.is_set
        text = _with_purpose(item.before, hint) if hint else item.before
        change = self._propose(item, text)
        if change is None or change.after is None:
            why = change.note if change is not None else "the item was not flagged again"
            return f"no new proposal: {why}" if why else "no new proposal"
        if change.after == item.proposal and change.origin == item.origin and hint == item.hint:
            return "the same proposal came back; a hint (e.g. “focus on activation”) steers it"
        item.proposal = change.after
        item.origin = change.origin
        item.note = change.note
        item.numbers = [n.to_json() for n in change.numbers]
        item.hint = hint
        self.save()
        return ""

    def answer_outcome(self, answer: str) -> str:
        """Build the current task key result's proposal from the person's answer to "What
        should change for users if this ships?"; returns "" or why nothing came of it."""
        return self.ask_again(answer)

    def _propose(self, item: ReviewItem, text: str):
        from coach.service.rewriting import RewriteRequest, rewrite_text

        lines = self.text.splitlines(keepends=True)
        line = lines[item.line - 1]
        if item.before not in line:
            return None
        lines[item.line - 1] = line.replace(item.before, text, 1)
        rewriter = _OnlyThis(
            text, self.rewriter or _make_rewriter(self.settings, self.request_fields)
        )
        request = RewriteRequest(
            text="".join(lines),
            source=self.path,
            settings=self.settings,
            metrics=self.metrics,
            rewriter=rewriter,
            cache=False,
            **self.request_fields,
        )
        result = rewrite_text(request)
        return next((c for c in result.changes if c.path == item.key), None)

    # -- the end -------------------------------------------------------------------------------

    def _placed_rewrites(self) -> tuple[str, list[int]]:
        """The draft with the accepted and edited rewrites placed the way ``coach rewrite``
        places them (so a YAML or JSON draft gets them quoted and escaped as its format needs),
        and the lines of those that could not be placed."""
        from coach.parsing import guess_format, parse_text
        from coach.rewrite.apply import Edit, apply_text_edits, place_edits

        decided = [
            (item, self.decisions[item.key])
            for item in self.items
            if item.key in self.decisions
            and self.decisions[item.key].action in ("accept", "edit")
            and self.decisions[item.key].text is not None
        ]
        if not decided:
            return self.text, []
        edits = [Edit(item.key, item.before, decision.text) for item, decision in decided]
        fmt = guess_format(self.path, self.text)
        placed, skipped = place_edits(self.text, parse_text(self.text, self.path), edits, fmt)
        lines = {item.key: item.line for item, _ in decided}
        return apply_text_edits(self.text, placed), sorted(lines[e.path] for e in skipped)

    def final_text(self) -> str:
        """The draft with every decision applied; undecided and skipped items as they were."""
        text, _ = self._placed_rewrites()
        lines = text.splitlines(keepends=True)
        drop: set[int] = set()
        tags: dict[int, str] = {}
        for item in self.items:
            decision = self.decisions.get(item.key)
            if decision is None:
                continue
            if decision.action == "choose" and decision.choice is not None:
                choice = item.choices[decision.choice]
                drop.update(choice.drop_lines)
                if choice.tag_line:
                    tags[choice.tag_line] = choice.tag
        for number, tag in tags.items():
            line = lines[number - 1]
            body = line.rstrip("\r\n")
            lines[number - 1] = body + tag + line[len(body) :]
        return "".join(line for n, line in enumerate(lines, 1) if n not in drop)

    def _check(self, text: str):
        from coach.checker import check
        from coach.parsing import parse_text

        return check(parse_text(text, self.path), self.settings)

    def before_report(self):
        if self._before is None:
            self._before = self._check(self.text)
        return self._before

    def summary(self) -> Summary:
        before = self.before_report().scorecard
        final = self.final_text()
        after = self._check(final).scorecard if final.strip() else before
        _, unplaced = self._placed_rewrites()
        changed: list[tuple[int, str, str]] = []
        skipped = 0
        for item in self.items:
            decision = self.decisions.get(item.key)
            if decision is None:
                continue
            if decision.action == "skip":
                skipped += 1
            elif decision.action == "choose" and decision.choice is not None:
                choice = item.choices[decision.choice]
                if choice.drop_lines or choice.tag_line:
                    changed.append((item.line, "", choice.label))
            elif decision.text and decision.text != item.before and item.line not in unplaced:
                changed.append((item.line, item.before, decision.text))
        undecided = sum(1 for item in self.items if item.key not in self.decisions)
        return Summary(
            before.overall,
            before.band,
            after.overall,
            after.band,
            changed,
            skipped,
            undecided,
            self.diff(final),
            unplaced,
        )

    def diff(self, final: str | None = None) -> str:
        final = self.final_text() if final is None else final
        name = os.path.basename(self.path)
        return "".join(
            difflib.unified_diff(
                self.text.splitlines(keepends=True),
                final.splitlines(keepends=True),
                f"{name} (before)",
                f"{name} (reviewed)",
            )
        )

    def default_output(self) -> str:
        path = Path(self.path)
        return str(path.with_name(f"{path.stem}.reviewed{path.suffix or '.md'}"))

    def write(self, target: str | None = None) -> tuple[str, Path | None]:
        """Write the reviewed draft to ``target`` (a new file), or in place (None) with a
        backup; both atomic. The saved progress is discarded afterwards. Returns (the file
        written, the backup or None)."""
        from coach.errors import InputError
        from coach.files import UTF8_BOM, starts_with_bom, write_atomic
        from coach.parsing.reading import read_source

        in_place = target is None
        if in_place:
            try:
                _, now = read_source(self.path, self.settings.limits.max_file_bytes)
            except InputError:
                now = None
            if now is None or _digest(now) != _digest(self.text):
                raise InputError(
                    self.path,
                    "changed since the review started; not replaced",
                    hint="write the reviewed draft to a new file instead",
                )
        bom = UTF8_BOM.decode("utf-8") if starts_with_bom(self.path) else ""
        destination = self.path if in_place else target
        inputs = [("the metrics file", self.metrics_path)]
        if not in_place:
            inputs.insert(0, ("the draft", self.path, "choose “in place” to replace it"))
        backup = write_atomic(destination, bom + self.final_text(), backup=in_place, inputs=inputs)
        self.discard()
        return destination, backup


# ---- building the items --------------------------------------------------------------------


def _briefs(rule_ids, findings, settings: Settings) -> list[RuleBrief]:
    from coach.service.checking import rules_by_id

    rules = rules_by_id(settings)
    briefs = []
    for rule_id in rule_ids:
        rule = rules.get(rule_id)
        finding = next((f for f in findings if f.rule_id == rule_id), None)
        message = finding.message if finding is not None else ""
        if rule is None:
            briefs.append(RuleBrief(rule_id, rule_id, "", message, "", ""))
            continue
        briefs.append(
            RuleBrief(
                rule.id,
                rule.name,
                str(getattr(rule.level, "value", rule.level)),
                message,
                " ".join(str(rule.why or "").split()),
                " ".join(str(rule.fix or "").split()),
            )
        )
    return briefs


def _items_from(result, settings: Settings) -> list[ReviewItem]:
    findings = result.before.findings
    items = []
    for change in result.changes:
        own = [f for f in findings if f.path == change.path]
        rule_ids = list(dict.fromkeys([*change.rules, *(f.rule_id for f in own)]))
        items.append(
            ReviewItem(
                change.path,
                change.kind,
                change.line,
                change.before,
                _briefs(rule_ids, own, settings),
                change.after,
                change.origin,
                change.note,
                [n.to_json() for n in change.numbers],
            )
        )
    items.extend(_set_items(result.before, result.original_text.splitlines(), settings))
    items.sort(key=lambda item: (item.line, item.is_set))
    return items


def _objective_span(draft, index: int, total_lines: int, lines: list[str]) -> list[int]:
    objective = draft.objectives[index]
    start = objective.position.line
    end = max([start, *(kr.position.line for kr in objective.key_results)])
    if index + 1 < len(draft.objectives):
        following = draft.objectives[index + 1].position.line
        end = following - 1
        while end > start and not lines[end - 1].strip():
            end -= 1
    while end < total_lines and not lines[end].strip():
        end += 1  # the blank lines after it go with it
    return list(range(start, end + 1))


def _merge_choices(draft, lines: list[str], settings: Settings) -> list[Choice]:
    """ "Merge O3 into O2": the objective's own line goes, so its key results are read under
    the objective before it. Offered only where the draft, read again without that line, has
    exactly that shape (one objective fewer, the one before holding both sets of key results)."""
    from coach.parsing import parse_text

    choices = []
    for i in range(1, len(draft.objectives)):
        objective, previous = draft.objectives[i], draft.objectives[i - 1]
        line = objective.position.line
        text = "\n".join(line_ for n, line_ in enumerate(lines, 1) if n != line) + "\n"
        try:
            merged = parse_text(text, draft.source)
        except Exception:  # noqa: BLE001 - a draft that no longer reads is no choice to offer
            continue
        wanted = [kr.text for kr in previous.key_results + objective.key_results]
        if (
            len(merged.objectives) == len(draft.objectives) - 1
            and [kr.text for kr in merged.objectives[i - 1].key_results] == wanted
        ):
            choices.append(
                Choice(
                    f"Merge O{i + 1} into O{i}: its {len(objective.key_results)} key result(s) "
                    f"move under “{previous.text}”",
                    drop_lines=[line],
                )
            )
    return choices


def _set_items(report, lines: list[str], settings: Settings) -> list[ReviewItem]:
    draft = report.draft
    items = []
    for finding in report.findings:
        name = finding.rule_name
        choices: list[Choice] = []
        if name == "too-many-objectives":
            for i, objective in enumerate(draft.objectives):
                span = _objective_span(draft, i, len(lines), lines)
                count = len(objective.key_results)
                choices.append(
                    Choice(
                        f"Drop O{i + 1}: {objective.text} ({count} key result{'s' * (count != 1)})",
                        drop_lines=span,
                    )
                )
            choices += _merge_choices(draft, lines, settings)
            choices.append(Choice("Keep all objectives"))
        elif name == "no-committed-stretch-mix":
            tag, word = (
                (" [committed]", "committed")
                if "looks stretch" in finding.message
                else (" [stretch]", "stretch")
            )
            for i, j, kr in draft.key_results():
                choices.append(
                    Choice(
                        f"Mark O{i + 1} KR{j + 1} {word}: {kr.text}",
                        tag_line=kr.position.line,
                        tag=tag,
                    )
                )
            choices.append(Choice("Leave the ambition as it is"))
        elif name == "duplicate-metric":
            other = re.search(r"on line (\d+)", finding.message)
            if other is None:
                continue
            first, second = int(other.group(1)), finding.line
            text = {kr.position.line: kr.text for _, _, kr in draft.key_results()}
            choices = [
                Choice(f"Keep line {first}: {text.get(first, '')}", drop_lines=[second]),
                Choice(f"Keep line {second}: {text.get(second, '')}", drop_lines=[first]),
                Choice("Keep both"),
            ]
        elif name == "scores-tied-to-compensation":
            said = lines[finding.line - 1].strip() if finding.line <= len(lines) else ""
            choices = [
                Choice(f"Drop line {finding.line}: {said}", drop_lines=[finding.line]),
                Choice("Keep it (say elsewhere that scores are for learning, not pay)"),
            ]
        else:
            continue
        items.append(
            ReviewItem(
                f"set:{finding.rule_id}:{finding.line}",
                "set",
                finding.line,
                finding.message,
                _briefs([finding.rule_id], [finding], settings),
                origin="set",
                choices=choices,
            )
        )
    return items


def item_from_json(data: dict) -> ReviewItem:
    """An item as the state file keeps it (``dataclasses.asdict``), back as a ReviewItem."""
    data = dict(data)
    data["rules"] = [RuleBrief(**r) for r in data["rules"]]
    data["choices"] = [Choice(**c) for c in data["choices"]]
    return ReviewItem(**data)


# ---- asking the rewriter about one item -----------------------------------------------------

_STEER = re.compile(
    r"^(?:please\s+)?(?:focus(?:ing)?\s+on|more\s+about|about|make\s+it\s+about)\s+", re.I
)
_OUTCOME_VERB = re.compile(rf"^{_VERB}\b|^(?:get|help|let|make)\b", re.I)
_SUBJECT = re.compile(r"^(?:more|fewer|less)\s+", re.I)


def _with_purpose(text: str, hint: str) -> str:
    """The item with the person's answer or hint as its purpose clause, which both the model
    and the offline rewriter read as the outcome the work should move."""
    hint = _STEER.sub("", " ".join(hint.split()).rstrip(".!"))
    if not hint:
        return text
    if _OUTCOME_VERB.search(hint):
        return f"{text} to {hint[0].lower()}{hint[1:]}"
    if len(hint.split()) <= 3:
        return f"{text} to improve {hint}"
    return f"{text} so that {_SUBJECT.sub('', hint)}"


def _make_rewriter(settings: Settings, request_fields: dict):
    from coach.rewrite.providers import make_rewriter
    from coach.service.rewriting import RewriteRequest

    return make_rewriter(
        RewriteRequest(text="", settings=settings, **request_fields).resolved_settings()
    )


class _OnlyThis:
    """A rewriter that answers for one item's text and declines every other, so asking again
    about one item sends one request."""

    def __init__(self, text: str, inner: Any):
        self.text = text
        self.inner = inner
        self.name = inner.name
        self.usage = inner.usage

    def propose(self, request, guard):
        from coach.llm.protocol import RewriteFailed

        if request.text.strip() != self.text.strip():
            raise RewriteFailed("not asked: another item", skipped=True)
        return self.inner.propose(request, guard)
