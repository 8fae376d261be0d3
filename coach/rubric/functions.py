"""The small registered functions for rules whose logic is more than a pattern or a count.

Each takes (rule, context) and returns hits. Register with ``@register("name")`` and name the
function in the rule's YAML: ``kind: function``, ``params: {function: name}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from coach.analysis import find_deadline, find_quantities, in_seconds
from coach.model import Ambition, Direction, Position, item_path
from coach.resources import resource_dir
from coach.rubric.context import Hit, ItemContext
from coach.yamlsafe import load_yaml

FUNCTIONS: dict[str, Callable] = {}


def register(name: str):
    def decorator(function):
        FUNCTIONS[name] = function
        return function

    return decorator


_PURPOSE = re.compile(
    r"\s(?:to|so\s+that|in\s+order\s+to|that\s+will|which\s+will|aiming\s+to"
    r"|driving|and\s+(?:increase|reduce|grow|raise|improve|cut|lift))\s",
    re.I,
)
_CHANGE = re.compile(
    r"\b(?:reduction|increase|decrease|growth|improvement|uplift|lift|drop|rise"
    r"|gain)\s+(?:in|of)\b",
    re.I,
)
# "Build pipeline duration down from 22 min to 8 min": a task-looking verb is a noun here, because
# what follows moves a number from a baseline to a target.
_CHANGE_FROM_TO = re.compile(
    r"\bfrom\s+[$€£+±~]?(?:\d|daily|weekly|fortnightly|bi-?weekly|monthly|quarterly)[^\s]*(?:\s+\w+)?"
    r"\s+to\s+[$€£+±~]?(?:\d|daily|weekly|hourly|on[- ]demand)",
    re.I,
)
# "Close 300 customer-reported bugs", "Write 400 unit tests": a count of work items is output.
_OUTPUT_COUNT = re.compile(
    r"^(?:close|fix|resolve|write|label|annotate|complete|merge|publish|answer|process|review|ship)"
    r"\s+[\d,.]+k?\s+(?:[\w-]+\s+){0,3}?(?:bugs?|tickets?|issues?|unit\s+tests?|tests?|stories"
    r"|story\s+points|features?|PRs?|pull\s+requests?|commits?|blog\s+posts?|posts?|articles?"
    r"|images?|tasks?|calls?|emails?)\b",
    re.I,
)
_SHARE_BEFORE = re.compile(
    r"\b(?:share|percentage|proportion|rate|ratio)\s+of\b[^,;]*$|%\s+of\b[^,;]*$", re.I
)
# "There is a prototype …", "libp2p has a visualization tool", "Users can opt out …", "A repo
# migration tool exists": the state a deliverable leaves behind, not a measured change.
_STATE = re.compile(
    r"^(?:there\s+(?:is|are|will\s+be)\s)|\b(?:has|have)\s+(?:a|an|the|its|their|proper)\s"
    r"|\bexists?\b|^(?:users|developers|people|we|everyone|maintainers)\s+can\b",
    re.I,
)
_MAKE_ACTIVITY = re.compile(r"^make\s+(?:\d|a\s|an\s|the\s+(?:first|final|call|decision))", re.I)


def _object_is_outcome(obj: str, rest: str, vocabulary) -> bool:
    """ "Deliver a 20% reduction in churn", "Deploy to production on a weekly cadence": the verb is
    task-like but what follows is a measured change — a change phrase, or a metric word with a
    number or a binary milestone, and no deliverable noun."""
    if _CHANGE.search(obj) or _CHANGE_FROM_TO.search(rest):
        return True
    if not vocabulary.search("metric_heads", obj) or vocabulary.search("deliverable_nouns", obj):
        return False
    return bool(find_quantities(obj, vocabulary) or vocabulary.search("binary_milestones", obj))


def _quote(phrase: str, limit: int = 8) -> str:
    """The task phrase without its deadline, shortened at a word boundary."""
    _, spans = find_deadline(phrase)
    if spans:
        phrase = phrase[: min(start for start, _ in spans)]
    words = phrase.split()
    return " ".join(words[:limit]) + (" …" if len(words) > limit else "")


def _task(text: str, vocabulary) -> tuple[str, str] | None:
    """(the task phrase, its purpose clause) when ``text`` opens with a task."""
    activity = vocabulary.pattern("activity_task_verbs").match(text) or _MAKE_ACTIVITY.match(text)
    verb = activity or vocabulary.pattern("task_verbs").match(text)
    if not verb:
        return None
    rest = text[verb.end() :]
    purpose = _PURPOSE.search(rest, 1)
    obj = rest[: purpose.start()] if purpose else rest
    if not activity and _object_is_outcome(obj, rest, vocabulary):
        return None
    return _quote(verb.group(0) + obj), rest[purpose.end() :] if purpose else ""


@register("output_as_key_result")
def output_as_key_result(rule, ctx: ItemContext) -> list[Hit]:
    """A task or activity, a deliverable with a status ("… shipped"), or an output metric
    ("sprint velocity") — the guide's outputs column."""
    vocabulary, text, a = ctx.vocabulary, ctx.text, ctx.analysis
    task = _task(text, vocabulary)
    if task:
        phrase, purpose = task
        hint = ""
        if purpose and vocabulary.search("metric_heads", purpose):
            hint = f"; the outcome is in its purpose clause — lead with “{purpose.strip(' .')}”"
        return [Hit({"match": phrase, "hint": hint})]
    output = vocabulary.search("output_metrics", text) or _OUTPUT_COUNT.match(text)
    if output and _SHARE_BEFORE.search(text[: output.start()]):
        output = None  # "the share of P0 bugs fixed within 24 hours" is a rate, not a count
    if output:
        return [
            Hit(
                {
                    "match": output.group(0),
                    "hint": " — it counts work done (the guide's outputs column)",
                }
            )
        ]
    status = vocabulary.search("deliverable_words", text) or _STATE.search(text)
    if (
        status
        and a
        and a.direction not in (Direction.BINARY, Direction.INCREASE, Direction.DECREASE)
        and not vocabulary.search("metric_heads", text)
    ):
        return [Hit({"match": text.strip(" ."), "hint": ""})]
    return []


@register("objective_with_metric_numbers")
def objective_with_metric_numbers(rule, ctx: ItemContext) -> list[Hit]:
    numbers = find_quantities(ctx.text, ctx.vocabulary)
    if not numbers:
        return []
    return [Hit({"match": ", ".join(q.raw for q in numbers)})]


@register("target_contradicts_direction")
def target_contradicts_direction(rule, ctx: ItemContext) -> list[Hit]:
    a = ctx.analysis
    if not a or not a.baseline or not a.target:
        return []
    b, t = a.baseline, a.target
    if _comparable(b) != _comparable(t):
        return []
    if b.value == t.value:
        return [Hit({"problem": f"the baseline and the target are both {t.raw}"})]
    b_value, t_value = in_seconds(b), in_seconds(t)
    if a.direction == Direction.INCREASE and t_value < b_value:
        return [Hit({"problem": f"it says “{a.verb}” but goes down from {b.raw} to {t.raw}"})]
    if a.direction == Direction.DECREASE and t_value > b_value:
        return [Hit({"problem": f"it says “{a.verb}” but goes up from {b.raw} to {t.raw}"})]
    return []


def _comparable(q) -> str:
    """Quantities in different unit kinds (percent vs count) are not compared."""
    return q.unit.value if q.unit and q.unit.value != "duration" else ("duration" if q.unit else "")


def _inferred_ambition(a) -> Ambition | None:
    """Stretch when the asked-for change is at least half again the baseline (or 20 points)."""
    if a is None:
        return None
    if a.relative_change:
        return Ambition.STRETCH if abs(a.relative_change.value) >= 50 else Ambition.COMMITTED
    if a.baseline and a.target and a.baseline.value:
        change = abs(a.target.value - a.baseline.value)
        if a.unit and a.unit.value == "percent" and change >= 20:
            return Ambition.STRETCH
        return Ambition.STRETCH if change / abs(a.baseline.value) >= 0.5 else Ambition.COMMITTED
    return None


@register("no_committed_stretch_mix")
def no_committed_stretch_mix(rule, ctx: ItemContext) -> list[Hit]:
    krs = [kr for _, _, kr in ctx.draft.key_results()]
    if len(krs) < 3:
        return []
    if any(kr.ambition for kr in krs):
        kinds = {kr.ambition or Ambition.COMMITTED for kr in krs}
        how = "tagged (untagged key results count as committed)"
    else:
        inferred = [_inferred_ambition(kr.analysis) for kr in krs]
        known = [k for k in inferred if k]
        if len(known) < 3:
            return []
        kinds = set(known)
        how = f"inferred from the size of the change in {len(known)} key results; no tags used"
    if len(kinds) > 1:
        return []
    kind = kinds.pop().value
    return [Hit({"kind": kind, "how": how})]


_STOP = {"the", "a", "an", "our", "of", "average", "overall", "total", "mean"}


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    """Abbreviation → name, lower-case (rubrics/metric_synonyms.yaml)."""
    path = resource_dir("rubrics") / "metric_synonyms.yaml"
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    return {str(k).lower(): str(v).lower() for k, v in data.items()}


def _metric_key(metric: str, vocabulary=None) -> str:
    synonyms = dict(_synonyms())
    for entry in vocabulary.lists.get("metric_synonyms", ()) if vocabulary else ():
        abbreviation, _, name = entry.partition("=")
        synonyms[abbreviation.strip().lower()] = name.strip().lower()
    text = " ".join(synonyms.get(w, w) for w in re.findall(r"[a-z0-9]+", metric.lower()))
    words = [w.rstrip("s") if len(w) > 3 else w for w in text.split()]
    return " ".join(w for w in words if w not in _STOP)


@register("duplicate_metric")
def duplicate_metric(rule, ctx: ItemContext) -> list[Hit]:
    seen: dict[str, tuple[int, str]] = {}
    hits = []
    for i, j, kr in ctx.draft.key_results():
        metric = kr.analysis.metric if kr.analysis else None
        if not metric:
            continue
        key = _metric_key(metric, ctx.vocabulary)
        if key in seen:
            line, first = seen[key]
            hits.append(Hit({"metric": metric, "first_line": line}, item_path(i, j), kr.position))
        else:
            seen[key] = (kr.position.line, metric)
    return hits


_TEAM = re.compile(
    r"@\w+|\b(?:[A-Z][\w&/-]*\s+){1,3}(?:team|squad|guild|org|group|department|crew)\b|\bteam\s+[A-Z]\w+"
    r"|\b(?:Platform|Data|Design|Legal|Security|Finance|Marketing|Sales|Support|Infra|Infrastructure"
    r"|Engineering|Ops|SRE|DevOps|Mobile|Payments|Growth|Billing|Identity|Procurement|IT|HR"
    r"|Partnerships|Analytics|Brand|Research|Compliance)\b"
)


@register("unnamed_dependency")
def unnamed_dependency(rule, ctx: ItemContext) -> list[Hit]:
    marker = ctx.vocabulary.search("dependency_markers", ctx.text)
    if not marker:
        return []
    after = ctx.text[marker.start() :]
    missing = []
    if not _TEAM.search(after):
        missing.append("who")
    if find_deadline(after)[0] is None:
        missing.append("by when")
    if not missing:
        return []
    return [Hit({"match": marker.group(0), "missing": " and ".join(missing)})]


_OKR_WORDS = re.compile(
    r"\b(?:OKRs?|scores?|scoring|grades?|graded|grading|key\s+results?|objectives?"
    r"|attainment)\b",
    re.I,
)
# A sentence that denies the link, warns against it, or is a generic hypothetical ("When team
# members know their OKR score affects their bonus, they set conservative KRs") is advice, not policy.
_NEGATION = re.compile(
    r"\b(?:not|never|no|separate|separately|independent|decoupled|unrelated"
    r"|don't|do\s+not|won't|isn't|aren't|without|avoid|anti-pattern|kills)\b"
    r"|^\s*(?:when|if|whenever)\b",
    re.I,
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


@register("scores_tied_to_compensation")
def scores_tied_to_compensation(rule, ctx: ItemContext) -> list[Hit]:
    places = [(note.text, note.position, "draft") for note in ctx.draft.notes]
    places += [(o.text, o.position, item_path(i)) for i, o in enumerate(ctx.draft.objectives)]
    hits = []
    for text, position, path in places:
        for sentence in _SENTENCE.findall(text):
            term = ctx.vocabulary.search("compensation_terms", sentence)
            if term and _OKR_WORDS.search(sentence) and not _NEGATION.search(sentence):
                hits.append(
                    Hit(
                        {"match": term.group(0), "sentence": sentence.strip()},
                        path,
                        Position(line=position.line, column=position.column),
                    )
                )
                break
    return hits


@register("unread_okr_lines")
def unread_okr_lines(rule, ctx: ItemContext) -> list[Hit]:
    """Lines the reader saw as OKR-like but could not place (``Draft.skipped``)."""
    skipped = ctx.draft.skipped
    if not skipped:
        return []
    shown = ", ".join(map(str, skipped[:5])) + (", …" if len(skipped) > 5 else "")
    return [
        Hit(
            {"count": len(skipped), "lines": shown},
            position=Position(line=skipped[0], column=1),
        )
    ]
