"""The rewrite-review set: would a careful reviewer accept the coach's rewrites?

``evals/rewrite-review/cases.yaml`` holds real published task-style or vague key results and
objectives, each with what a reviewer would accept, written blind to the rewriter (its README).
Each item is put into a draft the way its document had it — its objective, its line with the
markup, the quarter in front matter, the draft's other items for a ``drafts:`` group — and
rewritten through the service layer (offline, or with a model: live, recorded, or replayed from
recorded traffic). The rewrite of the item's line is judged by the README's rules, all
deterministic:

a. subject kept — an ``accept.subjects`` entry appears (case-insensitive);
b. fitting metric — every content word of some ``accept.metric_families`` entry appears
   (Snowball word stems, so "completion rate" matches "rate of completion" and "filing"
   "file"); objectives: a
   ``beneficiaries`` entry appears (or one of it: "for every admin" names "admins") and the
   text does not open with an activity verb;
c. numbers kept — every ``accept.keep_numbers`` value appears (digits or number words);
d. markup kept — every ``accept.markup`` string appears byte for byte in the rewritten line;
e. no drift — no ``accept.drift`` phrase appears;
f. no invented number — every number comes from the line, the objective, the metrics, the
   quarter or (in a draft) the other items; placeholders in brackets are not numbers.

An item the coach leaves as it was is not accepted: the reviewer asked for a rewrite. Drafts add
one more rule: no two rewrites in a draft may be the same sentence once numbers and placeholders
are masked. ``passes_rubric`` (reported, not part of acceptance) says the rewritten line has no
finding of the rules a rewrite fixes; ``wrong_direction`` (reported too: the README's criteria
were written before it) that a key result moves its metric the wrong way ("Increase latency …").
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from coach.yamlsafe import load_yaml

RULES = ("rewritten", "subject", "metric", "numbers_kept", "markup", "no_drift", "no_invented")
ACTIVITY_VERBS = (
    "improve increase enhance optimize optimise grow expand scale launch build implement migrate "
    "support create develop identify ship deliver complete execute maintain reduce decrease "
    "solidify champion guide open-source set up level up level-up"
).split()
_NUMBER = re.compile(r"(?<![\w.])[-+]?\d[\d,]*(?:\.\d+)?(?:[kKmMbB]\b)?%?")
_PLACEHOLDER = re.compile(r"\[[^\]\n]*\]|\bX+%?(?=\W|$)")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = set(
    "a an the of to for in on at by with and or from per our their its as is are be".split()
)
# A key result said to move its metric the wrong way, as a reviewer reads it at a glance: a time,
# latency, cost or errors said to grow; availability or a success rate said to fall. Written
# here apart from the rewriter's own word list (coach.rewrite.polarity), so that the scorer does
# not grade the code by the code's own list.
_UP = r"(?:increase|grow|raise|boost)"
_DOWN = r"(?:reduce|decrease|cut|lower)"
_WRONG_WAY = re.compile(
    rf"\b{_UP}\s+(?:the\s+)?(?:(?:mean|median|average)\s+)?(?:time\s+(?:to|it\s+takes|for|between)"
    r"|latency|error\s+rate|churn|costs?|downtime|incidents|defects|MTTR|lead\s+time)\b"
    rf"|\b{_DOWN}\s+(?:the\s+)?(?:availability|uptime|success\s+rate|conversion\s+rate|retention"
    r"|satisfaction|share\s+of\s+[\w\s-]{1,40}?\bwho\s+(?:succeed|deploy|return|complete|adopt))\b",
    re.I,
)


def wrong_direction(text: str | None) -> bool:
    """Whether a key result's rewrite says its metric moves the wrong way (its own sentence,
    not the goal it keeps: "…, alongside the goal: Cut CI time …" is the team's)."""
    from coach.rewrite.goal import GOAL_CLAUSE

    return bool(text) and _WRONG_WAY.search(text.split(GOAL_CLAUSE)[0]) is not None


_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "twelve": "12", "twenty": "20", "hundred": "100",
}  # fmt: skip


@dataclass
class Judged:
    id: str
    kind: str
    before: str
    after: str | None
    origin: str
    checks: dict[str, bool] = field(default_factory=dict)
    invented: list[str] = field(default_factory=list)
    passes_rubric: bool = False
    """No finding of a rule a rewrite fixes on the rewritten line (reported; not a criterion)."""
    wrong_direction: bool = False
    """A key result's rewrite moves its metric the wrong way (reported; not a criterion)."""

    @property
    def accepted(self) -> bool:
        return all(self.checks.values())


HALVES = ("tuning", "held-out")


def half(item_id: str) -> str:
    """The half of the set an item belongs to, by a rule fixed before issue 11's tuning began:
    "tuning" when the SHA-256 of its id (UTF-8), read as a number, is even, else "held-out".
    Only tuning-half failures are looked at while improving the rewriter; the held-out half
    says whether an improvement is general (README, "Tuning and held-out halves")."""
    return HALVES[int(hashlib.sha256(item_id.encode("utf-8")).hexdigest(), 16) % 2]


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def _stem(word: str) -> str:
    """The word's Snowball (Porter 2) English stem: "filing" and "file" are one word, and so are
    "milestones" and "milestone" (a suffix list cut them apart: "fil" / "file")."""
    return _stemmer().stemWord(word)


def _content(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP}


def _spelled_out(text: str) -> str:
    """``text`` with each metric abbreviation the checker knows followed by its name ("CTR" →
    "CTR (click-through rate)"): the README's "or an obvious synonym", for the ones the rubric
    itself treats as the same metric (``rubrics/metric_synonyms.yaml``)."""
    from coach.rubric.functions import metric_synonyms

    names = metric_synonyms()
    return re.sub(
        r"\b[A-Za-z]{2,6}\b",
        lambda m: (
            f"{m[0]} ({names[m[0].lower()]})" if m[0].lower() in names and m[0].isupper() else m[0]
        ),
        text,
    )


def _numbers(text: str) -> set[str]:
    """Numbers in a text, normalised ("1,200" → "1200", "125K" → "125k"), placeholders ignored."""
    text = _PLACEHOLDER.sub(" ", text)
    found = set()
    for raw in _NUMBER.findall(text):
        value = raw.replace(",", "").lower().lstrip("+")
        found.add(value.rstrip("%"))
    for word, digit in _NUMBER_WORDS.items():
        if re.search(rf"\b{word}\b", text, re.I):
            found.add(digit)
    return found


def _quarter_numbers(quarter: str | None) -> set[str]:
    return _numbers(quarter or "") | ({"4"} if quarter else set())  # "end of Q3" etc.


def _item_line(item: dict) -> str:
    """The item's line as its document had it: a list item, a numbered item or a heading
    ("### KR: Land push notifications"); any other line becomes a list item."""
    line = item.get("line") or f"- {item['text']}"
    kept = line.lstrip().startswith(("-", "*", "+", "#")) or line[:1].isdigit()
    return line if kept else f"- {line}"


def _draft_text(items: list[dict]) -> tuple[str, dict[str, int]]:
    """One draft holding the items (one objective, or a key result under its objective), and
    the 1-based line of each item."""
    first = items[0]
    quarter = first.get("quarter")
    lines = ["---", f"quarter: {quarter}", "---", ""] if quarter else []
    where: dict[str, int] = {}
    if first["kind"] == "objective":  # as its document had it, markup and all, with one KR
        line, key_result = (
            first.get("line"),
            "Raise weekly active teams from [baseline] to [target]",
        )
        numbered = re.match(r"\s*\d{1,2}[.)]\s+", line or "")
        if line and (line.lstrip()[:1] in "-*+" or numbered):  # a list item under "Objectives"
            lines += ["## Objectives", "", line]
            where[first["id"]] = len(lines)
            marker = "-" if numbered else line.lstrip()[0]
            indent = " " * (len(numbered.group(0)) if numbered else 2)  # "2. CEO: …" nests at 3
            lines.append(f"{indent}{marker} {key_result}")
        else:  # a heading or a labelled line
            lines.append(line or f"## Objective: {first['text']}")
            where[first["id"]] = len(lines)
            lines += ["", f"- {key_result}"]
        return "\n".join(lines) + "\n", where
    lines += [f"## Objective: {first.get('objective') or 'Make our users successful'}", ""]
    for item in items:
        lines.append(_item_line(item))
        where[item["id"]] = len(lines)
    return "\n".join(lines) + "\n", where


def _names(beneficiary: str, low: str) -> bool:
    """Whether a lower-cased text names ``beneficiary``, or one of it ("for every admin" names
    "admins"; "every enterprise customer" names "enterprise customers")."""
    b = beneficiary.lower()
    one = re.sub(r"(?<=[a-z]{3})s$", "", b)
    return b in low or bool(re.search(rf"\b{re.escape(one)}\b", low))


def _judge(item: dict, after: str | None, line: str | None, allowed: set[str]) -> dict:
    accept = item.get("accept") or {}
    text = after or ""
    low = text.lower()
    checks = {"rewritten": after is not None}
    subjects = accept.get("subjects") or []
    checks["subject"] = not subjects or any(s.lower() in low for s in subjects)
    if item["kind"] == "objective":
        beneficiaries = accept.get("beneficiaries") or []
        first = _WORD.findall(low)[:2]
        opens_with_activity = bool(first) and (
            first[0] in ACTIVITY_VERBS or " ".join(first) in ACTIVITY_VERBS
        )
        checks["metric"] = (
            not beneficiaries or any(_names(b, low) for b in beneficiaries)
        ) and not opens_with_activity
    else:
        families = accept.get("metric_families") or []
        words = _content(_spelled_out(text))
        checks["metric"] = not families or any(_content(f) <= words for f in families)
    keep = accept.get("keep_numbers") or []
    have = _numbers(text)
    checks["numbers_kept"] = all(
        str(k).lower() in low or (_numbers(str(k)) and _numbers(str(k)) <= have) for k in keep
    )
    markup = accept.get("markup") or []
    checks["markup"] = all(m in (line or "") for m in markup)
    checks["no_drift"] = not any(d.lower() in low for d in accept.get("drift") or [])
    invented = sorted(have - allowed)
    checks["no_invented"] = not invented
    return {"checks": checks, "invented": invented}


def load_groups(path: Path) -> list[list[dict]]:
    """The items of the set in drafts: each ``drafts:`` group, then every other item alone."""
    data = load_yaml(path.read_text(encoding="utf-8"))
    items = {item["id"]: item for item in data["items"]}
    groups = [[items[i] for i in d["items"]] for d in data.get("drafts") or []]
    grouped = {item["id"] for group in groups for item in group}
    return groups + [[item] for item in data["items"] if item["id"] not in grouped]


def run(
    path: Path,
    settings,
    only: str | None = None,
    rewriter=None,
    cassettes: Path | None = None,
    record: bool = False,
    per_draft=None,
    selected: tuple[str, ...] = (),
) -> list[Judged]:
    """Judge every item (or those whose id contains ``only``), rewritten by ``rewriter`` (else
    the provider ``settings`` name). With ``cassettes``, each draft's model traffic is recorded
    there (``record``) or replayed from there, one file per draft (a draft that made no
    request has none; in a replay, a request that was not recorded stops the run with a
    ``ConfigError``). ``per_draft()`` runs before
    each draft; ``selected`` keeps the drafts holding an item whose id starts with one of them."""
    import json

    from coach.rubric import load_rubric
    from coach.service import rewrite_file

    recorder = None
    if cassettes is not None:
        from coach.llm.recording import make_vcr

        recorder = make_vcr(cassettes, "all" if record else "none")
    rubric = load_rubric(settings)
    fixes = {
        kind: {r.id for r in rubric.rules if r.rewrite == "fixes" and r.applies_to == kind}
        for kind in ("objective", "key_result")
    }
    judged: list[Judged] = []
    for group in load_groups(path):
        if only and not any(only in item["id"] for item in group):
            continue
        if selected and not any(item["id"].startswith(selected) for item in group):
            continue
        text, where = _draft_text(group)
        with tempfile.TemporaryDirectory() as folder:
            draft = Path(folder) / "draft.md"
            draft.write_text(text, encoding="utf-8")
            metrics_values = {
                k: str(v) for item in group for k, v in (item.get("metrics") or {}).items()
            }
            metrics = None
            if metrics_values:
                metrics = Path(folder) / "metrics.yaml"
                metrics.write_text(json.dumps(metrics_values), encoding="utf-8")  # YAML too
            traffic = recorder.use_cassette(f"{group[0]['id']}.yaml") if recorder else nullcontext()
            if per_draft is not None:
                per_draft()
            with traffic:
                result = rewrite_file(draft, settings, metrics, rewriter, use_cache=False)
            if recorder is not None and not record:
                _fail_if_unrecorded(result, cassettes / f"{group[0]['id']}.yaml", group[0]["id"])
        by_line = {c.line: c for c in result.changes}
        new_lines = result.new_text.split("\n")
        allowed_all = set().union(*(_numbers(_item_line(i)) for i in group))
        for item in group:
            change = by_line.get(where[item["id"]])
            after = change.after if change is not None else None
            line = new_lines[where[item["id"]] - 1] if after is not None else None
            verdict = _judge(item, after, line, _allowed(item, allowed_all))
            verdict["checks_reported"] = {
                "passes_rubric": after is not None
                and not any(
                    f.line == where[item["id"]] and f.rule_id in fixes[item["kind"]]
                    for f in result.after.findings
                )
            }
            judged.append(
                Judged(
                    item["id"],
                    item["kind"],
                    item["text"],
                    after,
                    change.origin if change is not None else "unchanged",
                    verdict["checks"],
                    verdict["invented"],
                    verdict["checks_reported"]["passes_rubric"],
                    item["kind"] == "key_result" and wrong_direction(after),
                )  # fmt: skip
            )
        rewrites = [
            _PLACEHOLDER.sub("#", _NUMBER.sub("#", j.after or "")) for j in judged[-len(group) :]
        ]
        repeated = {r for r, n in Counter(r for r in rewrites if r).items() if n > 1}
        for j, masked in zip(judged[-len(group) :], rewrites, strict=True):
            j.checks["distinct"] = masked not in repeated
    return judged


def _allowed(item: dict, in_draft: set[str]) -> set[str]:
    """The numbers a rewrite of ``item`` may hold: those of its draft's lines (``in_draft``),
    its text, objective, metrics and quarter."""
    return (
        in_draft
        | _numbers(item.get("text", ""))
        | _numbers(item.get("objective") or "")
        | _numbers(" ".join(str(v) for v in (item.get("metrics") or {}).values()))
        | _quarter_numbers(item.get("quarter"))
    )


def _fail_if_unrecorded(result, cassette: Path, item_id: str) -> None:
    """Stop the replay when a request of the draft was not recorded: the provider chain would
    otherwise answer it with the offline rewriter, and the figures would silently be another
    run's."""
    from coach.errors import ConfigError
    from coach.llm.recording import NOT_RECORDED

    if any(NOT_RECORDED in (c.note or "") for c in result.changes):
        raise ConfigError(
            f"{cassette}: a model request of this draft is not recorded; re-record it with "
            f"--record --only {item_id}"
        )


def summary(judged: list[Judged]) -> str:
    rows = []
    for label, subset in (
        ("all", judged),
        ("key results", [j for j in judged if j.kind == "key_result"]),
        ("objectives", [j for j in judged if j.kind == "objective"]),
    ):
        if not subset:
            continue
        accepted = sum(j.accepted for j in subset)
        done = [j for j in subset if j.after is not None] or subset
        rates = f"rewritten {len([j for j in subset if j.after is not None]) / len(subset):.2f}"
        rates += "   of those: " + "  ".join(
            f"{rule} {sum(j.checks.get(rule, True) for j in done) / len(done):.2f}"
            for rule in (*RULES[1:], "distinct")
        )
        rows.append(
            f"{label:<12} accepted {accepted}/{len(subset)} = {accepted / len(subset):.2f}   {rates}"
        )
    for name in HALVES:
        subset = [j for j in judged if half(j.id) == name]
        if subset:
            accepted = sum(j.accepted for j in subset)
            rows.append(
                f"{name + ' half':<12} accepted {accepted}/{len(subset)}"
                f" = {accepted / len(subset):.2f}"
            )
    invented = sum(bool(j.invented) for j in judged if j.after is not None)
    rows.append(f"rewrites with an invented number: {invented}")
    wrong = [j for j in judged if j.wrong_direction]
    rows.append(
        f"key results moved the wrong way: {len(wrong)}"
        f" ({sum(j.accepted for j in wrong)} of them accepted)"
    )
    return "\n".join(rows)


def totals(judged: list[Judged]) -> dict:
    """The figures ``coach eval --review`` tabulates and checks against its thresholds:
    ``accepted`` and ``rewritten`` over every item judged, the criteria over the rewritten ones
    (what a reviewer saw), ``invented_numbers`` counted."""
    done = [j for j in judged if j.after is not None]

    def rate(values: list[bool]) -> float:
        return round(sum(values) / len(values), 3) if values else 0.0

    figures = {
        "items": len(judged),
        "accepted": rate([j.accepted for j in judged]),
        **{
            f"accepted_{name.replace('-', '_')}": rate(
                [j.accepted for j in judged if half(j.id) == name]
            )
            for name in HALVES
        },
        "rewritten": rate([j.after is not None for j in judged]),
        "passes_rubric": rate([j.passes_rubric for j in done]),
    }
    for rule in (*RULES[1:-1], "distinct"):
        figures[rule] = rate([j.checks.get(rule, True) for j in done])
    figures["invented_numbers"] = sum(bool(j.invented) for j in done)
    figures["wrong_direction"] = sum(j.wrong_direction for j in done)
    return figures


@dataclass
class Alternatives:
    """What choosing among the offline rewriter's valid rewrites of an item could win."""

    id: str
    accepted: bool
    """The rewrite a run makes (the first valid one) is accepted."""
    texts: list[str]
    """Every valid rewrite of the item, in the order the rewriter tries them."""
    each: list[bool]
    """Each one judged on its own, as the item's only rewrite."""

    @property
    def some_accepted(self) -> bool:
        return self.accepted or any(self.each)


def alternatives(path: Path, settings, selected: tuple[str, ...] = ()) -> list[Alternatives]:
    """For every item: is the offline rewrite accepted, and would any of the offline rewriter's
    other valid rewrites be? An upper bound for a model (or anything) that only chose among
    them. Each alternative is judged alone, as its item's only rewrite (no check across a
    draft's items), with the numbers a run allows (``_allowed``)."""
    from coach.rewrite.markup import split_markup
    from coach.rewrite.offline.rewriter import OfflineRewriter

    seen: dict[str, list[str]] = {}

    class Recording(OfflineRewriter):
        def propose(self, request, guard):
            texts = [p.text for p in self.alternatives(request, guard)]
            seen[request.text.strip()] = seen[split_markup(request.text)[1].strip()] = texts
            return super().propose(request, guard)

    judged = run(path, settings, rewriter=Recording(), selected=selected)
    items, in_draft = {}, {}
    for group in load_groups(path):
        numbers = set().union(*(_numbers(_item_line(i)) for i in group))
        for item in group:
            items[item["id"]], in_draft[item["id"]] = item, numbers
    found = []
    for j in judged:
        item = items[j.id]
        allowed = _allowed(item, in_draft[j.id])
        texts = seen.get(item["text"].strip(), [])
        each = [all(_judge(item, t, t, allowed)["checks"].values()) for t in texts]
        found.append(Alternatives(j.id, j.accepted, texts, each))
    return found
