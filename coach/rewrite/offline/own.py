"""Outcomes built from the item's own words, for work the lexicon knows nothing specific about.

When no lexicon entry fits an item, the offline rewriter does not reach for an unrelated
template family (crash-free sessions, self-service share, NPS …): it reads the item's grammar —
what it is about, the count it commits to, what the work claims of it — and measures the change
that thing should bring, keeping the thing's own words and count:

- "4 new DNS Bootstrap nodes are provisioned" → the availability of the 4 new DNS Bootstrap nodes;
- "IPFS can quickly add a large package repository" → the time it takes IPFS to add a large
  package repository;
- "Publish 5 practical tutorials …" → the completion rate of the 5 practical tutorials;
- "Hire at least two Customer Engineers" → the time to hire at least two Customer Engineers;
- anything else → the share of [users] who succeed with <the thing>, a placeholder the team
  fills in.

Which measure fits which kind of thing (``kinds`` in ``rubrics/outcomes.yaml``) is data: each kind
lists the head nouns (or the verbs, or the words of a claim) it covers and a metric template
around ``{subject}``. ``read_statement`` is the grammar; ``own_metrics`` the metrics, best first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.analysis import find_deadline
from coach.rubric.vocabulary import load_vocabulary

_COUNT = r"(?:(?:at\s+least|up\s+to|over|about)\s+)?(?:\d[\d,.]*[kKmM]?\+?x?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|a\s+dozen)"
_STATE = re.compile(
    r"^(?P<np>.+?)\s+(?:is|are|was|were|has\s+been|have\s+been|gets|get|got)\s+(?P<state>.+)$",
    re.I,
)
_THERE = re.compile(r"^there\s+(?:is|are)\s+(?P<np>.+)$", re.I)
_CAN = re.compile(r"^(?P<np>.+?)\s+can\s+(?P<how>(?:(?:\w+ly|and)\s+)*)(?P<vp>[a-z]+\s+.+)$", re.I)
_HAS = re.compile(r"^(?P<owner>.+?)\s+(?:has|have)\s+(?P<np>.+)$", re.I)
_PAST = re.compile(r"^(?:we(?:'ve|’ve|\s+have)\s+)?(?P<verb>[a-z]+ed)\s+(?P<np>.+)$", re.I)
_COUNTED = re.compile(
    rf"^(?P<np>{_COUNT}\s+(?:[\w/#+.'-]+\s+){{0,4}}?[\w/#+.'-]+?)\s+"
    r"(?:(?:is|are|was|were|been|got|get)\s+)?"
    r"(?P<verb>[a-z]+(?:ed|en)|ran|run|done|held|given|built|sent|made|taught|spoken|written)\b",
    re.I,
)
_MORE_VERBS = re.compile(
    r"^(?:provide|offer|make|get|give|land|adopt|amplify|celebrate|bring|send|do|run|hold"
    r"|produce|deliver|ship)(?:\s+and\s+[a-z]+)?\s+",
    re.I,
)
_CUT = re.compile(
    r"\s(?:that|which|who|where|with|so|to|in\s+order|by|while|because|sharing|explaining"
    r"|highlighting|showcasing|covering|including|using|following|and\s+(?:build|create|make"
    r"|identify|track|measure))\s|[,;(:.]\s|\s[-–—]\s|\.$",
    re.I,
)
_LEAD_WORDS = re.compile(r"^(?:(?:a|an|the|our|its|their|this|these|those|all)\s+)+", re.I)
_QUALITY = re.compile(
    r"^(?P<adj>(?:rock[\s-]solid|solid|stable|reliable|robust|performant|fast|faster|quick"
    r"|quicker|better|more\s+\w+|improved|scalable|maintainable|usable)"
    r"(?:\s+and\s+(?:more\s+)?\w+)*)\s+(?P<np>.+)$",
    re.I,
)


@dataclass(frozen=True)
class Statement:
    subject: str
    """The thing the item is about, with its count: "the 4 new DNS Bootstrap nodes"."""
    head: str
    """Its head noun, lower case: "nodes"."""
    verb: str
    """The work's verb, lower case, or "" for a claim or a noun phrase."""
    claim: str
    """What the item says of the thing ("provisioned, monitored and documented", "rock solid")."""
    action: str = ""
    """For "X can quickly add Y": "add Y"."""
    actor: str = ""
    """For "X can quickly add Y": "X"."""


def _noun_phrase(text: str) -> str:
    text = text.strip(" .,;:")
    cut = _CUT.search(text + " ")
    phrase = text[: cut.start()] if cut else text
    phrase = re.sub(r"\s+(?:and|or|of|for|on|in|at|to|with)$", "", phrase.strip(" .,;:"))
    words = phrase.split()
    return " ".join(words[:8])


def _head(phrase: str) -> str:
    core = re.split(r"\s(?:of|for|on|in|at|to|from|with|about)\s", phrase, maxsplit=1)[0]
    words = re.findall(r"[\w#+/.'-]+", core.lower())
    return words[-1].strip(".'") if words else ""


def _named(phrase: str) -> str:
    """ "4 new DNS Bootstrap nodes" → "the 4 new DNS Bootstrap nodes"; "go-unixfs" stays."""
    phrase = _LEAD_WORDS.sub("", phrase).strip()
    # the count is the team's commitment, kept beside the outcome ("alongside the goal: …"), not
    # inside the metric, where two key results would read as the same metric "availability of"
    phrase = re.sub(rf"^{_COUNT}\s+(?:new\s+)?(?=\S)", "", phrase, flags=re.I).strip()
    if not phrase:
        return ""
    first = phrase.split()[0]
    if re.match(r"[A-Z]\w*[A-Z]|\w+[.-]\w+|[a-z]+[A-Z]", first) and len(phrase.split()) == 1:
        return phrase  # a proper name: "go-unixfs", "js.ipfs.io"
    return "the " + phrase


def read_statement(text: str) -> Statement | None:
    """The item's thing, its head noun, the work's verb and what it claims, or None."""
    text = re.sub(r"\s+", " ", text).strip(" .")
    deadline = find_deadline(text)[1]
    if deadline:
        text = (text[: deadline[0][0]] + text[deadline[0][1] :]).strip(" ,.")
        text = re.sub(r"\s+", " ", text)
    verbs = load_vocabulary().pattern("task_verbs")
    m = _CAN.match(text)
    if m and len(m["np"].split()) <= 4:
        action = _noun_phrase(m["vp"])
        return Statement(m["np"], _head(m["np"]), "", m["how"].strip(), action, m["np"])
    m = _THERE.match(text)
    if m:
        np = _noun_phrase(m["np"])
        return Statement(_named(np), _head(np), "", "exists")
    m = _COUNTED.match(text)
    if m and not (verbs.match(text) or _MORE_VERBS.match(text)):
        np = _noun_phrase(m["np"])
        return Statement(_named(np), _head(np), m["verb"].lower(), m["verb"].lower())
    m = _STATE.match(text)
    if m and not verbs.match(text) and len(m["np"].split()) <= 8:
        np = _noun_phrase(m["np"])
        return Statement(_named(np), _head(np), "", m["state"].strip())
    verb = verbs.match(text) or _MORE_VERBS.match(text)
    if verb:
        rest = re.sub(r"^and\s+[a-z]+\s+", "", text[verb.end() :].strip(), flags=re.I)
        rest = re.sub(r"^(?:out|up|off|on)\s+", "", rest, flags=re.I)
        np = _noun_phrase(rest)
        if np:
            return Statement(_named(np), _head(np), verb.group(0).lower().strip(), "")
    m = _PAST.match(text)
    if m and verbs.match(m["verb"][:-1] if m["verb"].endswith("ed") else m["verb"]):
        np = _noun_phrase(m["np"])
        return Statement(_named(np), _head(np), m["verb"].lower(), "done")
    m = _HAS.match(text)
    if m and len(m["owner"].split()) <= 3:
        np = _noun_phrase(m["np"])
        owner = _LEAD_WORDS.sub("", m["owner"]).strip()
        return Statement(_named(f"{np} of {owner}"), _head(np), "", "exists")
    m = _QUALITY.match(text)
    if m:
        np = _noun_phrase(m["np"])
        return Statement(_named(np), _head(np), "", m["adj"].lower())
    if len(text.split()) <= 6 and not re.search(r"\b(?:is|are|will|should)\b", text, re.I):
        np = _noun_phrase(text)
        return Statement(_named(np), _head(np), "", "")
    return None


def _kind(statement: Statement, kinds) -> tuple[str, str, str] | None:
    """(template, direction, why) of the first kind that covers the statement."""
    words = set(re.findall(r"[a-z][\w-]*", f"{statement.claim} {statement.verb}".lower()))
    for kind in kinds:
        if statement.action and kind.get("action"):
            return kind["metric"], kind.get("direction", "increase"), kind["name"]
        claims = {w.lower() for w in kind.get("claims", ())}
        verbs = {w.lower() for w in kind.get("verbs", ())}
        heads = {w.lower() for w in kind.get("heads", ())}
        if (
            (claims and words & claims)
            or (verbs and statement.verb in verbs)
            or statement.head in heads
        ):
            return kind["metric"], kind.get("direction", "increase"), kind["name"]
    return None


def thing_of(text: str) -> str:
    """The work's verb and thing as ``read_statement`` finds them ("hire the senior backend
    engineers"), or ""."""
    statement = read_statement(text)
    return f"{statement.verb} {statement.subject}".strip() if statement else ""


def own_metrics(text: str) -> list[tuple[str, str, bool]]:
    """(metric, direction, whether a kind fits) built from the item's own words, best first:
    the fitting kind's measure, then the catch-all; [] when the item's grammar gives no thing to
    measure."""
    from coach.rewrite.lexicon import load_lexicon  # coach.rewrite imports this package

    statement = read_statement(text)
    if statement is None or not statement.subject:
        return []
    lexicon = load_lexicon()
    found = _kind(statement, lexicon.kinds)
    fields = {"subject": statement.subject, "action": statement.action, "actor": statement.actor}
    metrics = []
    if found:
        template, direction, _ = found
        metrics.append((template.format(**fields), direction, True))
    if lexicon.own_default:
        metrics.append((lexicon.own_default.format(**fields), "increase", False))
    return [(re.sub(r"\s+", " ", m).strip(), d, k) for m, d, k in metrics if len(m) <= 150]
