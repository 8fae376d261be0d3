"""The small registered functions for rules whose logic is more than a pattern or a count.

Each takes (rule, context) and returns hits. Register with ``@register("name")`` and name the
function in the rule's YAML: ``kind: function``, ``params: {function: name}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from coach.analysis import (
    PLACEHOLDER_ITEM,
    find_deadline,
    find_quantities,
    in_seconds,
    without_restated_goal,
)
from coach.lazyre import lazy
from coach.model import Ambition, Direction, Position, item_path
from coach.resources import resource_dir
from coach.rubric.compiled import load_compiled
from coach.rubric.context import Hit, ItemContext
from coach.rubric.vocabulary import WordListPattern, ascii_words, may_match, phrase_regex

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
    # a role taken up: "IPFS is a transport for npm/tink", "js-ipfs daemons are part of the
    # Bootstrapper nodes", "A JS IPFS daemon is one (or more!) of the IPFS gateway nodes"
    r"|^(?:[\w.&/'’+-]+\s+){1,5}?(?:is|are)\s+(?:one\b(?!\s+of\s+the\s+(?:best|top|most|leading))"
    r"|part\s+of\b|a\s+(?:transport|backend|provider|dependency|component|member|node|plugin)\b)"
    r"|\bexists?\b|^(?:users|developers|people|we|everyone|maintainers|(?:our\s+(?:own\s+)?)?team)"
    r"\s+can\b",
    re.I,
)
# "Brave can add & get all file types from IPFS …", "Customers can export their data to CSV": a
# capability stated as a fact, with no number and no manner ("IPFS can quickly update a large
# package repository" is a quality to measure: OKR401), is the state a deliverable leaves behind
_CAPABLE = re.compile(
    r"^(?:(?!(?:that|which|who|is|are|was|were|has|have|will|would|should|must)\b)"
    r"[\w.&/'’+-]+\s+){1,4}?can\b(?!\s+(?:\w+ly|not|be)\b)",
    re.I,
)
# "Users can perform common tasks in the new GUI in less time and effort compared to the CLI":
# what people can do, said against how it is done now, is a change to measure (a number is what
# it lacks), not the state a deliverable leaves behind
_COMPARED = re.compile(
    r"\b(?:in\s+less\s+time|less\s+(?:time|effort)|faster|quicker|more\s+(?:quickly|easily)"
    r"|compared\s+(?:to|with)|than\s+(?:before|today|now))\b",
    re.I,
)
_MAKE_ACTIVITY = re.compile(r"^make\s+(?:\d|a\s|an\s|the\s+(?:first|final|call|decision))", re.I)


# "Design system components used in 90% of new screens": the share of things that use what
# the words name, an adoption to measure; the first word only looked like a task verb
_ADOPTED_SHARE = re.compile(
    r"\b(?:used|adopted|enabled|in\s+use)\s+(?:in|by|on|across)\s+(?:at\s+least\s+)?"
    r"\d[\d.]*\s?%\s+of\b",
    re.I,
)


def _object_is_outcome(obj: str, rest: str, vocabulary) -> bool:
    """ "Deliver a 20% reduction in churn", "Deploy to production on a weekly cadence": the verb is
    task-like but what follows is a measured change — a change phrase, or a metric word with a
    number or a binary milestone, and no deliverable noun."""
    if _CHANGE.search(obj) or _CHANGE_FROM_TO.search(rest) or _ADOPTED_SHARE.search(obj):
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


_ADVERB = re.compile(r"\w+ly\s+")
_ADVERB_WORD = re.compile(r"\w+ly\b")
_GERUND = re.compile(r"([A-Za-z]+?)(\w)?\2?ing\b")
_YEAR_START = re.compile(r"(?:19|20)\d\d\b")
_PARENTHESES = re.compile(r"\s*\([^()]*\)")


def _task(text: str, vocabulary) -> tuple[str, str] | None:
    """(the task phrase, its purpose clause) when ``text`` opens with a task — also after an
    adverb ("Fully automate the release process") or as a gerund ("Capturing three use cases")."""
    found = _task_at_start(text, vocabulary)
    if found:
        return found
    adverb = _ADVERB.match(text)
    if adverb:
        return _task_at_start(text[adverb.end() :], vocabulary)
    gerund = _GERUND.match(text)
    if gerund:
        stem = gerund.group(1) + (gerund.group(2) or "")
        for base in (stem, stem + "e", gerund.group(1)):
            rest = text[gerund.end() :]
            if not _OBJECT_START_RE.match(rest):
                break  # "Hiring managers report …", "Onboarding completion …": an adjective
            found = _task_at_start(base + rest, vocabulary, gerund=True)
            if found:
                return found
    return None


_TASK_LISTS = (("activity_task_verbs", True), ("task_verbs", False))


def _task_verb(text: str, vocabulary) -> tuple[re.Match[str] | None, bool]:
    """The task verb ``text`` opens with and whether it is an activity ("Run 5 workshops",
    "Make a decision"): ``activity_task_verbs``, then ``_MAKE_ACTIVITY``, then ``task_verbs``.
    On ASCII text the first word is read once for both lists (``Vocabulary.at_start``), and
    ``_MAKE_ACTIVITY`` is tried only on a text starting with "make"."""
    if not text.isascii():
        activity = vocabulary.pattern("activity_task_verbs").match(text) or _MAKE_ACTIVITY.match(
            text
        )
        return activity or vocabulary.pattern("task_verbs").match(text), bool(activity)
    starts = vocabulary.at_start(_TASK_LISTS, text)
    tasks = None
    for is_activity, pattern in starts:
        if not is_activity:
            tasks = pattern
            break
        activity = pattern.match(text)
        if activity:
            return activity, True
    if text[:4].lower() == "make":
        activity = _MAKE_ACTIVITY.match(text)
        if activity:
            return activity, True
    return (tasks.match(text) if tasks else None), False


def _task_at_start(text: str, vocabulary, gerund: bool = False) -> tuple[str, str] | None:
    verb, activity = _task_verb(text, vocabulary)
    if not verb:
        return None
    rest = text[verb.end() :]
    purpose = _PURPOSE.search(rest, 1)
    obj = rest[: purpose.start()] if purpose else rest
    if (gerund or not activity) and _object_is_outcome(obj, rest, vocabulary):
        return None  # "Training completion rate at 90%": a gerund naming a metric
    if gerund and (vocabulary.search("metric_heads", obj) or not obj.strip()):
        return None
    return _quote(verb.group(0) + obj), rest[purpose.end() :] if purpose else ""


def _inflections(verb: str) -> list[str]:
    """ "ship" → ship, ships, shipping; "identify" → identifies; "speak on" → speaks on. Enough
    English to find a task verb after its subject ("ENS ships …", "Each team completes …")."""
    head, _, tail = verb.partition(" ")
    forms = {head, head + "s", head + "ing"}
    if head.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(head + "es")
    if re.search(r"[^aeiou]y$", head):
        forms.add(head[:-1] + "ies")
    if head.endswith("e") and not head.endswith("ee"):
        forms.add(head[:-1] + "ing")
    if re.search(r"^[^aeiou]*[aeiou][bdgklmnprt]$", head):  # ship → shipping, plan → planning
        forms.add(head + head[-1] + "ing")
    return [f"{form} {tail}".strip() for form in sorted(forms)]


def _actor_task_pattern(vocabulary) -> re.Pattern[str]:
    """A short subject, then one of ``actor_task_verbs``: "… is/are (adverb) doing" or "… (adverb)
    does/do" followed by the start of an object."""
    key = "actor-task"
    pattern = vocabulary._patterns.get(key)
    if pattern is None:
        forms = [f for v in vocabulary.words("actor_task_verbs") for f in _inflections(v)]
        progressive = phrase_regex(tuple(f for f in forms if f.split()[0].endswith("ing"))).pattern
        simple = phrase_regex(tuple(f for f in forms if not f.split()[0].endswith("ing"))).pattern
        pattern = vocabulary._patterns[key] = re.compile(
            _SUBJECT + rf"(?:(?:is|are)\s+(?:\w+ly\s+)?(?P<doing>{progressive})"
            rf"|(?:\w+ly\s+)?(?P<does>{simple})(?={_OBJECT_START}))",
            re.I,
        )
    return pattern


# "ENS ships a naming service", "Bifrost team identify 3 performance issues", "We proactively
# update the community": a short subject (no verb, no people whose behaviour is the outcome)
# doing a task.
_SUBJECT = (
    r"^(?P<subject>(?:(?!(?:is|are|was|were|will|would|can|could|should|must|has|have|had|do|does"
    r"|to|of|by|than|that|which|who|when|if|not|no)\b)[\w'’&/.+*-]+,?\s+){1,5}?)"
)
# What follows a verb that has an object: "ships a …", "documents its …", "identify 3 …" (not
# "patch releases take 1 hour", "the health survey indicates …": nouns).
_OBJECT_START = (
    r"\s+(?:a|an|the|our|its|their|his|her|this|these|those|all|every|each|new|at\s+least|one|two"
    r"|three|four|five|on|at|about|and)\b|\s+[\d>~+&]"
)
_OBJECT_START_RE = lazy(_OBJECT_START, re.I)
_OUTCOME_ACTORS = lazy(
    r"\b(?:users?|customers?|clients?|developers?|devs?|veterans?|people|visitors?|applicants?"
    r"|candidates?|admins?|buyers?|patients?|students?|readers?|shoppers?|subscribers?"
    r"|companies|influencers?|press|media|journalists?)\b",
    re.I,
)


def _actor_forms(vocabulary) -> WordListPattern:
    """Every inflected form ``_actor_task_pattern`` looks for, as a word list: a text that holds
    none of their first words cannot match it (its verb is one of them, between word
    boundaries), and most key results hold none."""
    key = "actor-task-forms"
    forms = vocabulary._patterns.get(key)
    if forms is None:
        inflected = (f for v in vocabulary.words("actor_task_verbs") for f in _inflections(v))
        forms = vocabulary._patterns[key] = WordListPattern(tuple(inflected))
    return forms


def _actor_task(text: str, vocabulary) -> str | None:
    if _actor_forms(vocabulary).cannot_occur_in(text):
        return None
    m = _actor_task_pattern(vocabulary).match(text)
    if not m or _OUTCOME_ACTORS.search(m.group("subject")) or _ADVERB_WORD.match(text):
        return None
    if find_quantities(m.group("subject"), vocabulary) and not _YEAR_START.match(
        m.group("subject")
    ):
        return None  # "75% of teams complete …" is a share, measured
    verb = (m.group("doing") or m.group("does")).lower()
    rest = text[m.end() :]
    purpose = _PURPOSE.search(rest, 1)
    obj = rest[: purpose.start()] if purpose else rest
    activity = vocabulary.pattern("activity_task_verbs").fullmatch(_base(verb, vocabulary))
    if not activity and (_object_is_outcome(obj, rest, vocabulary) or _QUALITY_AFTER.match(obj)):
        return None
    return _quote(text[: m.end()] + obj)


def _base(verb: str, vocabulary) -> str:
    """The base form of an inflected ``actor_task_verbs`` entry: "monitoring" → "monitor"."""
    key = "actor-task-bases"
    bases = vocabulary._patterns.get(key)
    if bases is None:
        words = vocabulary.words("actor_task_verbs")
        bases = vocabulary._patterns[key] = {f: v for v in words for f in _inflections(v)}
    return bases.get(re.sub(r"\s+", " ", verb), verb)


# What a status word says about the thing it follows: "offer letters are completed without any
# manual editing", "fixed within 1 day" is a quality or speed, measured.
_QUALITY_AFTER = lazy(
    r"^\s*(?:\w+\s+){0,2}?(?:without|within|on\s+time|correctly|accurately|in\s+under"
    r"|in\s+less\s+than|faster|first\s+time)\b",
    re.I,
)
# A level, not a deliverable: "There are zero dropped collabs", "No transactions … have a fatal
# error", "a faster transaction time than …", "a sentiment of at least a 2", "99.8 or better".
# "10 external projects using Recovoice in production": others' use of the thing, not its
# delivery ("Recovoice in production")
_USED_BY_OTHERS = lazy(r"\b(?:using|use|uses)\s+(?:[\w.-]+\s+){1,2}$", re.I)
_LEVEL_START = lazy(r"^\s*(?:there\s+(?:is|are|will\s+be)\s+)?(?:no|zero|none|fewer|less)\b", re.I)
_LEVEL = lazy(
    r"^\s*(?:there\s+(?:is|are|will\s+be)\s+)?(?:no|zero|none|fewer|less)\b|\bthan\b"
    r"|\b(?:at\s+least|at\s+most|no\s+more\s+than|or\s+(?:better|more|higher|above|less|lower"
    r"|below|fewer))\b",
    re.I,
)
# Perception measured in a survey: "75% of team members are confident they have the knowledge".
_PERCEPTION = lazy(
    r"\b(?:feel|feels|confident|report|reports|say|says|agree|agrees|believe|believes|know|knows"
    r"|satisfied|trust|trusts|rate|rates)\b",
    re.I,
)
# Earned attention — the press writes, a post ranks on Hacker News: reach (OKR202), not output.
_EARNED = re.compile(r"\b(?:press|media|journalists?|hacker\s+news|front\s+page|trending)\b", re.I)
# The part of a key result that says what it is, before an aside, a relative clause or a purpose:
# "Success plan defined for each account (to achieve 100% logo retention)".
_ASIDE = re.compile(r"\s+(?:that|which|who|to\s+(?:achieve|reach|drive|improve))\s|:\s", re.I)


_ASIDE_WORDS = frozenset({"that", "which", "who", "achieve", "reach", "drive", "improve"})


def _without_parentheses(text: str) -> str:
    return _PARENTHESES.sub("", text) if "(" in text else text


def _head(text: str) -> str:
    if "(" in text:
        text = _PARENTHESES.sub("", text)
    elif ":" not in text and not may_match(ascii_words(text), _ASIDE_WORDS):
        return text  # none of the words (or the colon) an aside starts with
    m = _ASIDE.search(text)
    return text[: m.start()] if m else text


# "Baseline Veteran satisfaction score is established", "All tasks have baseline success rates
# collected", "have baselined cycle time": setting up the measure is work, not a change in it.
_BASELINE_TASK = re.compile(
    r"\bbaselined\b|(?<![\[{<])(?<!from\s)\bbaselines?\b(?![\]}>])[^.;]{0,60}?\b(?:established|collected|set|defined|measured"
    r"|captured|gathered|created)\b|\b(?:establish|collect|set|define|capture|gather)(?:e?s|ed|ing)?"
    r"\s+(?:a\s+|the\s+)?baselines?\b",
    re.I,
)
# Headcount against a hiring plan is output: "Meet hiring plan", "Final Q2 hiring is 85%+ of plan",
# "Onboard 2 new full time contributors".
_HIRING = re.compile(
    r"\bhiring\b[^.;]{0,40}?\bplans?\b|\bonboard\s+(?:\d+\+?|one|two|three|four|five|a)\s+"
    r"(?:new\s+)?(?:full[- ]time\s+|part[- ]time\s+)?(?:contributors?|engineers?|employees?|hires?"
    r"|staff|people|team\s*mates?|team\s+members?|recruiters?|maintainers?)\b",
    re.I,
)
# Roll-outs and migrations stated by their end state or their own completion share: "All devs have
# access to …", "Base32 CIDs are the default", "… use the new Core API", "moving or
# decommissioning 100% of existing systems", "the roadmap is public", "have taken 1 training session".
_ROLLOUT = re.compile(
    r"\b(?:has|have|get|gets|got|given)\s+access\s+to\b"
    r"|\b(?:is|are|becomes?)\s+(?:now\s+)?the\s+default\b"
    r"|\b(?:use|uses|using|run|runs|running)\s+(?:on\s+)?the\s+new\b"
    r"(?!(?:\s+[\w-]+){1,3}\s+(?:weekly|daily|monthly|every\s+(?:day|week|month)|regularly)\b)"
    r"|\b(?:migrat|mov|port|decommission|transition|upgrad|convert|switch)\w*\s+(?:or\s+\w+\s+)?"
    r"(?:\w+\s+){0,2}?\d+\s?%\s+of\b"
    r"|\b\d+\s?%\s+of\s+[^,;.]{0,60}?\b(?:migrated|moved|ported|decommissioned|transitioned"
    r"|upgraded|converted|switched)\b"
    r"|\b(?:is|are)\s+(?:now\s+)?(?:public|publicly\s+available)\b"
    r"|^make\s+(?:[\w-]+\s+){1,3}?public\b"
    r"|\bmaintains?\s+(?:a|an|the|our|their|its)\s+(?:[\w-]+\s+){0,2}?(?:list|log|register|backlog"
    r"|roadmap|inventory|catalogu?e|page|record|changelog)s?\b"
    r"|\b(?:taken|completed?|attended|go\s+through|goes\s+through|gone\s+through)\s+"
    r"(?:\w+\s+){0,3}?(?:training|trainings|course|enablement|workshop)s?\b",
    re.I,
)


def _has_deliverable(vocabulary) -> re.Pattern[str]:
    """ "go-ipfs gets a unixfsV2 prototype", "IPFS Research has plans or prototypes", "We have
    separate metrics for our websites": a deliverable now owned."""
    return vocabulary.compile(
        r"(?:\b(?:has|have)|(?<=\w\s)(?:gets?|got))\s+(?:(?:a|an|the|its|their|proper|separate|new"
        r"|rich)\s+)?(?:(?!(?:as|many|more|much|no|zero)\b)(?![\w-]+ed\b)[\w-]+\s+){0,2}?"
        r"(?:{deliverable_nouns}|{content_nouns}|plans|metrics|tests)(?![\w/-])"
    )


def _deliverable_phrase(text: str, vocabulary) -> re.Match[str] | None:
    """A key result that is a noun phrase naming a deliverable ("POC of WebBluetooth", "Swagger API
    documentation for the REST API", "3 blog posts authored by the eng team", "New onboarding
    guide"): its first phrase ends in a deliverable noun, followed by a preposition, an aside, a
    participle or nothing."""
    if vocabulary.pattern("deliverable_nouns").cannot_occur_in(text) and vocabulary.pattern(
        "content_nouns"
    ).cannot_occur_in(text):
        return None  # no noun it could end in
    return vocabulary.compile(
        r"^\W*(?:(?:a|an|the|our|their|its|this|these|one|two|three|four|five|\d[\d,.]*\+?)\s+)?"
        r"(?:(?!(?:is|are|was|were|will|can|has|have|of|to|for|in|on|by|with|from|per|at|and|or|than"
        r"|that|a|an|the|our|their|its|this|these)\b)[\w'’&/.+-]+\s+){0,5}?"
        r"(?P<thing>{deliverable_nouns}|{content_nouns})"
        r"(?=\s*$|\s*[(;:,.]|\s+[-–—]\s|\s+(?:of|for|on|to|per|with|in|about|from|across|by"
        r"|added|authored|published|written|created|outlining|covering|describing|including|listing"
        r"|explaining|showing|documenting|and|spoken|ran|run|held|given|hosted|attended|organi[sz]ed"
        r"|delivered|completed|done|conducted|led)\b)"
    ).match(text)


def _without_verb(text: str, a) -> str:
    """The key result after its leading verb: "Increase" is a metric head only as a noun."""
    words = text.split(None, 1)
    return (words[1] if len(words) > 1 else "") if a and a.verb else text


# A work item named by its name alone ("Sharding", "IPTB + Cluster", "HRIS (Bamboo)"): a few
# capitalised or plain words, no number, no verb, nothing measured (checked against the outcome
# terms by the caller).
_NAME_ONLY = lazy(
    r"^\s*(?!(?:no|zero|all|every|more|less|fewer|faster|higher|lower|better)\b)"
    r"[A-Za-z][\w.-]*(?:\s*(?:\+|&|and|/)?\s*[A-Za-z][\w.-]*){0,2}\s*\.?\s*$",
    re.I,
)


# "Scalability", "App load time", "Responsiveness": a quality or a measure, not a work item.
_QUALITY_NOUN = re.compile(r"(?:ity|ness|ance|ence|time|rate|speed|size|cost)s?\b", re.I)


# "Increase our internal enablement library from 6 courses to 11", "Grow number of Percy
# snapshots from 8 to 40": more output made is still output.
def _output_count(text: str, vocabulary) -> re.Match[str] | None:
    if vocabulary.pattern("content_nouns").cannot_occur_in(text):
        return None
    return vocabulary.compile(
        r"(?:\bnumber\s+of\s+(?:[\w-]+\s+){0,2}?|(?<![\w.,])\d[\d,.]*\+?\s+(?:[a-z][\w-]*\s+){0,2}?)"
        r"(?:{content_nouns})\b"
    ).search(text)


@register("output_as_key_result")
def output_as_key_result(rule, ctx: ItemContext) -> list[Hit]:
    """A task or activity, a deliverable with a status ("… shipped"), or an output metric
    ("sprint velocity") — the guide's outputs column.

    The slowest rule (about half of a check's rule time), and a function of the text and its
    analysis alone: the verdict is kept per text with the analysis it was worked out from, so an
    editor re-checking a draft after one keystroke pays it for the changed line only (the
    unchanged lines' analyses are the analyser's cached ones), and a line never seen before is
    judged once, from the analysis the check already made."""
    if ctx.analysis is None:
        args = _output_args(ctx.text, ctx.vocabulary, None)
    else:
        slot = _output_verdict(ctx.text, ctx.vocabulary)
        kept = slot[0]  # read once: another thread may replace it
        if kept is None or kept[0] is not ctx.analysis:
            kept = slot[0] = (ctx.analysis, _output_args(ctx.text, ctx.vocabulary, ctx.analysis))
        args = kept[1]
    return [] if args is None else [Hit(dict(args))]


@lru_cache(maxsize=4096)
def _output_verdict(text: str, vocabulary) -> list:
    """The place for ``text``'s verdict: [(the analysis it was worked out from, its message
    arguments)], or [None] until the first check of the text fills it in."""
    return [None]


def _output_args(text: str, vocabulary, a) -> tuple[tuple[str, str], ...] | None:
    """The message's arguments when the item is an output, else None. A restated goal after
    the outcome is not read: the outcome is judged, not the work it sits beside. A key result
    that is only a placeholder ("TBD", "TBC (what are the plans for …?)") is no task: it is
    not written yet (OKR406 says so)."""
    if PLACEHOLDER_ITEM.match(text):
        return None
    hits = _output_hits(without_restated_goal(text), vocabulary, a)
    return tuple(hits[0].args.items()) if hits else None


def _whole(text: str) -> dict[str, str]:
    """The message's arguments quoting the whole key result."""
    return {"match": _quote(text.strip(" ."), 12), "hint": ""}


_EARNED_WORDS = frozenset(
    {"press", "media", "journalist", "journalists", "hacker", "front", "trending"}
)
_BASELINE_WORDS = frozenset({"baselined", "baseline", "baselines"})
_HIRING_WORDS = frozenset({"hiring", "onboard"})
_ROLLOUT_WORDS = frozenset(
    "access default public publicly maintain maintains training trainings trainingss course "
    "courses enablement enablements workshop workshops".split()
)
# "use the new …": "new" is common in key results, and this alternative needs two more words
_NEW = frozenset({"new"})
_THE = frozenset({"the"})
_USE_WORDS = frozenset({"use", "uses", "using", "run", "runs", "running"})
_OF = frozenset({"of"})


def _work_done(text: str, words: frozenset[str] | None) -> bool:
    """A baseline set up, hiring to plan, a roll-out (``_BASELINE_TASK``, ``_HIRING``,
    ``_ROLLOUT``), each pattern tried only when the text has a word it cannot match without;
    the roll-out's "N% of …" alternatives need a "%" and an "of"."""
    if may_match(words, _BASELINE_WORDS) and _BASELINE_TASK.search(text):
        return True
    if may_match(words, _HIRING_WORDS) and _HIRING.search(text):
        return True
    rollout = (
        may_match(words, _ROLLOUT_WORDS)
        or ("%" in text and may_match(words, _OF))
        or (may_match(words, _NEW) and may_match(words, _THE) and may_match(words, _USE_WORDS))
    )
    return bool(rollout and _ROLLOUT.search(text))


def _output_hits(text: str, vocabulary, a) -> list[Hit]:
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
    words = ascii_words(text)
    if may_match(words, _EARNED_WORDS) and _EARNED.search(text):
        return []
    moves_a_metric = a and a.verb and a.direction in (Direction.INCREASE, Direction.DECREASE)
    if not moves_a_metric and _work_done(text, words):
        return [Hit(_whole(text))]
    actor = not (a and a.verb) and _actor_task(text, vocabulary)
    if actor:
        return [Hit({"match": actor, "hint": ""})]
    if a and a.direction in (Direction.BINARY, Direction.DECREASE):
        return []
    head = _head(text)
    count = _output_count(text, vocabulary)
    if (
        count
        and not _SHARE_BEFORE.search(text[: count.start()])
        and not vocabulary.search("metric_heads", _without_verb(head, a))
        and not vocabulary.search("outcome_terms", _without_verb(text[: count.start()], a))
    ):  # "Increase test coverage by writing 400 unit tests": the count is the means
        return [Hit({"match": count.group(0), "hint": " — it counts work done"})]
    if vocabulary.search("metric_heads", head):
        return []
    deliverable = not (a and a.verb) and _deliverable_phrase(text, vocabulary)
    if deliverable and not _OUTCOME_ACTORS.search(text[: deliverable.start("thing")]):
        return [Hit(_whole(text))]
    if (
        not (a and a.verb)
        and _NAME_ONLY.match(_without_parentheses(text))
        and not vocabulary.search("outcome_terms", head)
        and not _QUALITY_NOUN.search(head)
    ):
        return [Hit(_whole(text))]
    if a and a.direction == Direction.INCREASE:
        return []
    status = vocabulary.search("deliverable_words", head)
    if (
        status
        and not _QUALITY_AFTER.match(head[status.end() :])
        and not _LEVEL_START.match(head)
        and not _USED_BY_OTHERS.search(head, 0, status.start())
    ):
        return [Hit(_whole(text))]
    state = (
        _STATE.search(head)
        or _has_deliverable(vocabulary).search(head)
        or (None if a and a.numbers else _CAPABLE.search(head))
    )
    if state and state.group(0)[-3:].lower() == "can" and _COMPARED.search(head):
        state = None  # "Users can … in less time": a change, not a capability delivered
    if state and not _LEVEL.search(head) and not _PERCEPTION.search(head[: state.start()]):
        return [Hit(_whole(text))]
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
_ALNUM_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    """Abbreviation → name, lower-case (rubrics/metric_synonyms.yaml)."""
    compiled = load_compiled(resource_dir("rubrics"))
    return compiled["metric_synonyms"] if compiled is not None else synonyms_from_yaml()


def metric_synonyms() -> dict[str, str]:
    """Abbreviation → the metric's name, lower-case ("ctr" → "click-through rate")."""
    return _synonyms()


def synonyms_from_yaml(root: Path | None = None) -> dict[str, str]:
    path = (root or resource_dir("rubrics")) / "metric_synonyms.yaml"
    from coach.yamlsafe import load_yaml  # the slow path: no compiled rubric

    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    return {str(k).lower(): str(v).lower() for k, v in data.items()}


def metric_key(metric: str, vocabulary=None) -> str:
    """What two key results share when they measure the same metric (the duplicate-metric
    rule's comparison): synonyms resolved, plurals and stop words dropped."""
    return _metric_key(metric, vocabulary)


@lru_cache(maxsize=4096)
def _metric_key(metric: str, vocabulary=None) -> str:
    synonyms = _all_synonyms(vocabulary) if vocabulary else _synonyms()
    text = " ".join(synonyms.get(w, w) for w in _ALNUM_WORD.findall(metric.lower()))
    words = [w.rstrip("s") if len(w) > 3 else w for w in text.split()]
    return " ".join(w for w in words if w not in _STOP)


def _all_synonyms(vocabulary) -> dict[str, str]:
    """The packaged synonyms with the team's ``metric_synonyms`` list ("abbr = name") over
    them, merged once per vocabulary (read-only: every metric of every check asks)."""
    key = "metric-synonyms"
    synonyms = vocabulary._patterns.get(key)
    if synonyms is None:
        synonyms = dict(_synonyms())
        for entry in vocabulary.lists.get("metric_synonyms", ()):
            abbreviation, _, name = entry.partition("=")
            synonyms[abbreviation.strip().lower()] = name.strip().lower()
        vocabulary._patterns[key] = synonyms
    return synonyms


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


_TEAM = lazy(
    r"@\w+|\b(?:[A-Z][\w&/-]*\s+){1,3}(?:team|squad|guild|org|group|department|crew)\b|\bteam\s+[A-Z]\w+"
    r"|\b(?:Platform|Data|Design|Legal|Security|Finance|Marketing|Sales|Support|Infra|Infrastructure"
    r"|Engineering|Ops|SRE|DevOps|Mobile|Payments|Growth|Billing|Identity|Procurement|IT|HR"
    r"|Partnerships|Analytics|Brand|Research|Compliance)\b"
)


@register("unnamed_dependency")
def unnamed_dependency(rule, ctx: ItemContext) -> list[Hit]:
    marker = ctx.vocabulary.search("dependency_markers", ctx.text)
    if not marker or _NO_DEPENDENCY.search(ctx.text, 0, marker.end() + 40):
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


_NO_DEPENDENCY = re.compile(
    # the outcome wanted, negated: "Collaborations & other WGs aren’t blocked on …"
    r"(?:n[’']t|\bnot|\bnever|\bno\s+longer)\s+(?:be\s+|been\s+)?(?:blocked|waiting|dependent)\b"
    # the time people spend waiting is the metric: "the total time Veterans spend waiting for …"
    r"|\b(?:spend|spends|spent|time)\s+(?:[\w-]+\s+){0,2}waiting\s+(?:for|on)\b"
    # an amount of effort, not another team's work: "… requires no more than 5 minutes of …"
    r"|\brequires?\s+(?:no\s+more\s+than|less\s+than|fewer\s+than|under|at\s+most|only|\d)"
    # a metric's from-to, not work from another team: "… backed by validated enterprise needs
    # from [baseline] to [target]", "input from 40% to 60% of …"
    r"|\b(?:required|needs?|handoff|hand-off|input)\s+from\s+(?:\[|[$€£]?\d)",
    re.I,
)
"""Where a dependency marker says no such thing (``unnamed_dependency``)."""
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
