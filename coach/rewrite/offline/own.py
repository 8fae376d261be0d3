"""Outcomes built from the item's own words, for work the lexicon knows nothing specific about.

When no lexicon entry fits an item, the offline rewriter does not reach for an unrelated
template family (crash-free sessions, self-service share, NPS …): it reads the item's grammar —
what it is about, the count it commits to, what the work claims of it — and measures the change
that thing should bring, keeping the thing's own words and count:

- "4 new DNS Bootstrap nodes are provisioned" → the availability of the new DNS Bootstrap nodes
  (the count is restated beside the outcome by the rewriter, or written into the metric);
- "IPFS can quickly add a large package repository" → the time it takes IPFS to add it;
- "Ship a dashboard where the team can review corrections in <10 seconds" → the time it takes
  the team to review corrections, to the line's own "<10 seconds";
- "Every issue gets triaged" → the share of issues that get triaged ("100% of …": to 100%);
- "Users can opt out of X" → the share of users who opt out of X;
- "Rock solid webhooks" → the failure rate of the webhooks; "Publish 5 tutorials" → their
  completion rate; "Hire two Customer Engineers" → the time to hire them;
- anything else → the share of <the people the line names, else users> who succeed with <the
  thing>, for the team to sharpen.

Which measure fits which kind of thing (``own.kinds`` in ``rubrics/outcomes.yaml``) is data:
each kind lists the head nouns (or the verbs, or the words of a claim) it covers and a metric
template around ``{subject}``. ``read_statement`` is the grammar; ``own_metrics`` the metrics,
best first. A line whose grammar names no thing (a clause, a metric already, a bare "X can …")
gives nothing: an honest "unchanged" beats a nonsense outcome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from coach.analysis import find_deadline
from coach.analysis.keyresult import EXAMPLE_WORDS
from coach.rewrite.markup import LINK_ADDRESS
from coach.rewrite.offline.subject import (
    ANYONE,
    ENSURE,
    GROUP_END,
    PEOPLE,
    without_second_task,
)
from coach.rewrite.polarity import lower_is_better
from coach.rubric.vocabulary import load_vocabulary

_COUNT = (
    r"(?:(?:at\s+least|up\s+to|over|about)\s+)?(?:\+?\d[\d,.]*[kKmM]?\+?x?|one|two|three|four"
    r"|five|six|seven|eight|nine|ten|twelve|twenty|a\s+dozen)"
)
_STATE = re.compile(
    r"^(?P<np>.+?)\s+(?:is|are|was|were|has\s+been|have\s+been|gets|get|got|exists?"
    r"|works?(?=\s+(?:reliably|smoothly|consistently|flawlessly|correctly)\b))\s+"
    r"(?P<state>.+)$",
    re.I,
)
_ROLE = re.compile(r"(?:a|an|the|one\s+of\s+the)\s+([\w-]+)\s+(?:for|of|in)\s+(.+)", re.I)
_WHERE = re.compile(r"\s(?:where|so\s+that|so)\s+(?P<rest>\S.*\scan\s.+)$", re.I)
_GOAL = re.compile(
    r"\s+(?:in|within|under)\s+(?P<goal>(?:<|under\s+|less\s+than\s+)?\s*\d[^,;]*)$", re.I
)
_SPEED = re.compile(r"\b(?:quickly|fast|rapidly|efficiently|instantly|easily)\b", re.I)
_THERE = re.compile(r"^there\s+(?:is|are)\s+(?P<np>.+)$", re.I)
_CAN = re.compile(
    r"^(?P<np>.+?)\s+can\s+(?P<how>(?:(?:\w+ly|and)\s+)*)(?P<vp>[a-z]+,?\s+.+)$", re.I
)
_HAS = re.compile(r"^(?P<owner>.+?)\s+(?:has|have)\s+(?P<np>.+)$", re.I)
_HEADLINE = re.compile(
    r"^(?P<np>[A-Z][\w/.'-]*(?:\s+[\w/.'-]+){0,5}?)\s+(?P<verb>[a-z]+ed)"
    r"\s+(?:with|to|for|in|on|by|at)\b"
)
_UNIT = re.compile(
    r"(?:per|a|an|the|of|to|from|in|by|at|on|days?|weeks?|months?|years?|hours?|minutes?"
    r"|seconds?|percent|%|times)$",
    re.I,
)
_COUNTED_NOUN = re.compile(
    rf"\b(?P<np>{_COUNT}\s+[A-Za-z][\w/-]*(?:\s+[A-Za-z][\w/-]*){{0,2}})\s*$", re.I
)
# "We've rolled out updated nurture flows": the particle of a phrasal verb is not the thing's
_PAST = re.compile(
    r"^(?:we(?:'ve|’ve|\s+have)\s+)?(?P<verb>[a-z]+ed)\s+(?:(?:out|up|off)\s+)?(?P<np>.+)$", re.I
)
_COUNTED = re.compile(
    rf"^(?P<np>{_COUNT}\s+(?:[\w/#+.'-]+\s+){{0,4}}?[\w/#+.'-]+?)\s+"
    r"(?:(?:is|are|was|were|been|got|get)\s+)?"
    r"(?P<verb>[a-z]+(?:ed|en)|ran|run|done|held|given|built|sent|made|taught|spoken|written)\b",
    re.I,
)
_MORE_VERBS = re.compile(
    r"^(?:provide|offer|make|get|give|land|adopt|amplify|celebrate|bring|send|do|run|hold"
    r"|unblock|onboard|produce|deliver|ship|stabili[sz]e|harden|polish)(?:\s+and\s+[a-z]+)?\s+",
    re.I,
)
_CUT_WORDS = (
    r"that|which|who|where|with|so|to|in\s+order|by|while|because|ready\s+for|based\s+on"
    r"|aimed\s+at|focused\s+on|designed\s+(?:to|for)|intended\s+(?:to|for)|across"
    r"|for\s+(?:what|how|why|whether|which)|sharing|explaining"
    r"|highlighting|showcasing|covering|including|using|following|and\s+(?:build|create|make"
    r"|identify|track|measure|have|get|reach|hit|gain)|is|are|was|were"
)
_CUT_MARKS = r"[,;(:.]\s|\s\(|\s[-–—]\s|\.$"
_CUT = re.compile(rf"\s(?:{_CUT_WORDS}|every|each)\s|{_CUT_MARKS}", re.I)
_ACTION_CUT = re.compile(rf"\s(?:{_CUT_WORDS})\s|{_CUT_MARKS}", re.I)
"""Where a verb phrase's object ends: as a noun phrase's, but "every" and "each" start its
object ("opt out of providing every IPLD node"), not a cadence after a thing."""
_LEAD_WORDS = re.compile(
    r"^(?:(?:a|an|the|our|its|their|this|these|those|all|enough|sufficient)\s+)+", re.I
)
_QUALITY = re.compile(
    r"^(?P<adj>(?:rock[\s-]solid|solid|stable|reliable|robust|performant|fast|faster|quick"
    r"|quicker|better|more\s+\w+|improved|scalable|maintainable|usable)"
    r"(?:\s+and\s+(?:more\s+)?\w+)*)\s+(?P<np>.+)$",
    re.I,
)


_USERS = re.compile(
    r"\b(?:for|to|among|across)\s+(?P<who>(?:(?:all|every|each|our|the)\s+)?[\w/-]+"
    r"(?:\s+[\w/-]+){0,3})",
    re.I,
)
_NOMINAL = re.compile(
    r"^(?:(?P<change>reduction|decrease|drop|cut|increase|growth|rise|improvement)\s+(?:in|of)"
    r"|(?:measure|track|baseline|monitor|report\s+on)(?=\s+(?:the\s+)?(?:number|share"
    r"|percentage|proportion|rate|time|count)\b))\s+",
    re.I,
)


_BASELINED = re.compile(
    r"^(?:an?\s+|the\s+)?baseline\s+(?:for\s+|of\s+)?(?P<metric>.+?\b(?:score|rate|time|ratio"
    r"|index|satisfaction|NPS|CSAT))\s+(?:is|are|has\s+been|was)\s+(?:established|set|measured"
    r"|defined|captured|agreed)$",
    re.I,
)


_HAS_CHANGED = re.compile(
    r"^(?P<who>[\w/&.-]+(?:\s+[\w/&.-]+){0,3}?)\s+(?:has|have)\s+(?P<change>improved|increased"
    r"|grown|raised|reduced|lowered|decreased|cut)\s+(?:its\s+|their\s+)?(?P<metric>.+?)\.?$",
    re.I,
)
"""A metric key result written as a state reached: "Core implementation has improved API/CLI
test coverage" asks the coverage of the core implementation to go up."""


def nominal_change(text: str) -> str | None:
    """ "Reduction in time spent between creating a flag and its first event" is a metric key
    result written as a noun: "Reduce time spent between …"; "Measure number of Veterans who
    file online" one written as the work of measuring it. None for anything else."""
    base = _BASELINED.match(text.strip().rstrip("."))  # "Baseline Veteran satisfaction score is
    if base:  # established": the score is what the key result moves
        rest = base["metric"]
        return f"{'Reduce' if lower_is_better(rest) else 'Increase'} {rest}"
    had = _HAS_CHANGED.match(text.strip())
    if had and not re.match(r"(?:by|to|from|over|more|less|\d)\b", had["metric"], re.I):
        who, rest = had["who"], had["metric"]
        down = had["change"].lower() in {"reduced", "lowered", "decreased", "cut"} or (
            had["change"].lower() == "improved" and lower_is_better(rest)
        )
        if not re.fullmatch(r"we|our\s+team|the\s+team|they", who, re.I):  # whose metric
            first, *more = who.split()
            if more and re.fullmatch(r"[A-Z][a-z]+", first):  # "Core implementation": a common
                first = first.lower()  # noun that opens the sentence
            owner = " ".join([first, *more])
            if more and not re.match(r"(?:the|our|their|its)$", first):
                owner = f"the {owner}"  # "go-ipfs", a name, stays as it is
            cut = re.search(r"\s(?:by|to|from|below|under|above)\s+[\d<>≤≥$~]", rest)
            end = cut.start() if cut else len(rest)  # "… to 3x": the owner before the target
            rest = f"{rest[:end]} of {owner}{rest[end:]}"
        return f"{'Reduce' if down else 'Increase'} {rest}"
    m = _NOMINAL.match(text.strip())
    if not m:
        return None

    rest = text.strip()[m.end() :]
    change = (m["change"] or "").lower()  # "Measure the number of …": which way is better
    down = change in {"reduction", "decrease", "drop", "cut"} or (
        not change and lower_is_better(rest)
    )
    return f"{'Reduce' if down else 'Increase'} {rest}"


def _users(text: str) -> tuple[str, str]:
    """(who the item says the thing is for, the words saying so): ("staff", "to all staff"),
    or ("", "")."""
    from coach.rewrite.offline.subject import users_of

    for m in _USERS.finditer(text):
        words = m["who"].split()
        if re.search(r"\d", m["who"]) or (
            m.group(0).lower().startswith("to ")
            and not re.match(r"(?:all|every|each|our|the)\s", m["who"], re.I)
            and not re.search(r"(?:s|staff|people)$", words[0])
            and not (words[0][:1].isupper() and any(w.endswith("s") for w in words[1:]))
        ):  # "to IPFS working groups": people, named after a proper noun
            continue  # "to 5 client proposals", "to host ZIM": no people
        for n in range(len(words), 0, -1):  # the longest phrase that names people
            phrase = " ".join(words[:n]).strip(".,;")
            found = users_of(phrase)
            if found:
                return found[0], text[m.start() : m.start("who")] + phrase
    return "", ""


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
    users: str = ""
    """Who the item says it is for: "staff", "blocked customers"."""
    count: str = ""
    """The count the item commits to for its thing ("5", "at least two"), kept out of
    ``subject``."""
    goal: str = ""
    """For "… can review corrections in <10 seconds": "<10 seconds", the target it states."""
    activity: bool = False
    """The subject is an activity the item wants to take less effort ("Testing an analyzer
    locally is easy": "testing an analyzer locally")."""
    said: str = ""
    """Where the item names ``users`` ("for store managers"): a template that names them too
    leaves these words out of the subject."""


def _past_tense(word: str, verbs: re.Pattern[str]) -> bool:
    """ "documented", "created", "planned": a task verb in the past tense."""
    if not word.lower().endswith("ed"):
        return bool(verbs.fullmatch(word))
    stems = (word[:-1], word[:-2], word[:-3] if word[-3:-2] == word[-4:-3] else "")
    return any(stem and verbs.fullmatch(stem) for stem in stems)


_GLOSS = re.compile(r"\s\((?P<gloss>[a-z][a-z-]*(?:\s[a-z][a-z-]*)?)\)(?=\s*(?:$|[,;.]))")


def _noun_phrase(text: str, cut_at: re.Pattern[str] = _CUT) -> str:
    text = text.strip(" .,;:")
    cut = cut_at.search(text + " ")
    gloss = cut and _GLOSS.match(text, cut.start())  # "batch processing (exports)": one thing
    if gloss:
        return " ".join(text[: gloss.end()].split()[:12])
    phrase = " ".join((text[: cut.start()] if cut else text).split()[:10])
    return re.sub(r"(?:\s+(?:and|or|of|for|on|in|at|to|with|@|&))+$", "", phrase.strip(" .,;:"))


def _head(phrase: str) -> str:
    phrase = LINK_ADDRESS.sub("", _GLOSS.sub("", phrase))  # "[strategy visuals](https://…)"
    core = re.split(r"\s(?:of|for|on|in|at|to|from|with|about)\s", phrase, maxsplit=1)[0]
    words = re.findall(r"[\w#+/.'-]+", core.lower())
    return words[-1].strip(".'") if words else ""


def _named(phrase: str) -> str:
    """ "4 new DNS Bootstrap nodes" → "the 4 new DNS Bootstrap nodes"; "go-unixfs" stays."""
    phrase = _LEAD_WORDS.sub("", phrase).strip()
    # the count is the team's commitment, kept beside the outcome ("alongside the goal: …"), not
    # inside the metric, where two key results would read as the same metric "availability of"
    phrase = re.sub(rf"^{_COUNT}\s+(?=\S)", "", phrase, flags=re.I).strip()
    if not phrase:
        return ""
    first = phrase.split()[0]
    if re.match(r"[A-Z]|\w+[.-]\w+|[a-z]+[A-Z]", first) and len(phrase.split()) == 1:
        return phrase  # a name: "Demandbase", "go-unixfs", "js.ipfs.io"
    return "the " + phrase


def read_statement(text: str) -> Statement | None:
    """The item's thing, its head noun, the work's verb and what it claims (with who it is for),
    or None. A quality the item wants of its thing ("a better and more performant datastore
    module") is a claim, not part of the thing."""
    found = _read(text)
    if found is None:
        return None
    done = load_vocabulary().compile(r"\s+(?:{deliverable_words})$")  # "the fieldwork completed"
    done_with = _DONE_STATE.sub("", done.sub("", found.subject).strip())  # "… plan complete"
    if done_with != found.subject:
        if done_with.startswith("the "):  # "the Babelfish in production": a name, "Babelfish"
            done_with = _named(done_with) or done_with
        head = _head(re.sub(r"^the\s+", "", done_with)) or found.head
        found = replace(found, subject=done_with, head=head)
    bare = re.sub(r"^the\s+", "", found.subject)
    if found.activity:
        return found
    if (
        not bare
        or _NOT_A_THING.search(found.subject)
        or _A_METRIC.match(bare)
        or ANYONE.match(bare)
    ):
        return None  # a clause ("… aren’t blocked"), already a metric, or "someone": no thing
    vague = found.head in _VAGUE_HEADS or found.head.endswith(("ity", "ness"))  # a quality
    if (vague and not found.action) or _TASK_LINK.search(found.subject):
        return None  # "Plans are in place …", "[Improve abuse detection](…)": no thing named
    quality = _QUALITY.match(re.sub(r"^the\s+", "", found.subject))
    if quality and not found.action:
        np = _noun_phrase(quality["np"])
        claim = f"{quality['adj']} {found.claim}".strip().lower()
        found = Statement(_named(np), _head(np), found.verb, claim)
    bare = re.sub(r"^the\s+", "", found.subject)
    count = re.search(rf"\b({_COUNT})\s+(?:new\s+)?{re.escape(bare.split()[0])}", text, re.I)
    users, said = _users(text)
    count = count[1] if count and bare else ""
    if count[:1].isupper() and not count[:2].isupper():  # "At least four customers …"
        count = count[0].lower() + count[1:]
    return replace(found, users=users or found.users, said=said, count=count)


_STATUS = re.compile(r"^(?P<np>.+?)\s+(?P<verb>[a-z]+ed)(?:,?\s+(?:and\s+)?[a-z]+ed)*$", re.I)
_MORE_WORK = re.compile(r"^(?:(?:and|or|&)\s+[a-z]+(?:/[a-z]+)*\s+|/\s*[a-z]+\s+)+", re.I)
_NOT_A_THING = re.compile(
    r"\b(?:can|will|should|must|than|is|are|receives|knows|understands|believes|proves)\b"
    r"|n[’']t\b|^the\s+(?:and|or)\b|^the\s*/"
    r"|^(?:the\s+)?(?:how|what|why|where|when|whether|which|who)\b",  # "how dat and beaker …"
    re.I,
)
_VAGUE_HEADS = frozenset(
    "plan plans improvement improvements performance option options thing things work changes "
    "efforts progress items stuff usage adoption engagement awareness growth".split()
)
"""Head nouns that name no thing anyone could succeed with ("Short term improvements are
implemented", "Update Performance"): the catch-all would measure nothing; so does a quality
("the gitbase interoperability", "-ity", "-ness")."""
_TASK_LINK = load_vocabulary().compile(
    r"\[(?:{task_verbs}|{activity_verbs}|{increase_verbs}|{decrease_verbs})\b"
)
"""A link whose words open with a verb is a ticket's title ("[Improve Abuse ML detection and
response](…)"): work, not a thing."""
_A_METRIC = re.compile(r"(?:number|share|percentage|proportion|rate|amount)\s+of\b", re.I)


def _people_do(text: str) -> tuple[tuple[str, str], str] | None:
    """((who, their words), what they do) for people doing something, in the present ("Team
    members rely on the handbook …"): as "can" says they are able to, this says they do, and
    how many of them do is the measure. The longest opening of up to three words that names
    people (not a group), then a verb in the plural's form; else None."""
    from coach.rewrite.offline.subject import users_of

    words = text.split()
    for n in (3, 2, 1):
        if len(words) < n + 2:
            continue
        verb = words[n]
        if not verb.isalpha() or not verb.islower() or verb in _NOT_PEOPLE_DO:
            continue
        if verb.endswith("s") or verb.endswith("ed") or verb.endswith("ing"):
            continue  # "relies" (one of them), "documented" (a status), "shipping"
        np = " ".join(words[:n])
        last = words[n - 1].lower()
        if (
            not (last.endswith("s") or last in ("staff", "people"))
            or not np.replace(" ", "").isalpha()
        ):
            continue  # "Do 8 user research …", "Sales leadership owns …": no people doing
        if _OPENS_WITH_WORK.match(np):  # "Design the user experience": a task
            continue
        people = users_of(np[:1].lower() + np[1:])
        if people and not people[1] and people[0].split()[-1].lower() == last:
            return (people[0], np), " ".join(words[n:])
    return None


_OPENS_WITH_WORK = load_vocabulary().compile(r"(?:{task_verbs}|{activity_verbs})\b")


_NOT_PEOPLE_DO = frozenset(
    "is are was were has have had will would should must shall may might do does did get gets "
    "and or of to in on at for with by from who that which".split()
    # a feeling about a thing: the thing's own measure says more ("Customers love the new
    # dashboard": how many use it)
    + "love like enjoy hate trust prefer appreciate value want need".split()
)


_AS_PLANNED = re.compile(r"(?:to|on|per)\s+(?:plan|target|budget|schedule|spec|time)\b", re.I)
"""After a verb of work, how it is done ("Hire to plan", "Ship on time"), not a thing."""
_SOURCE_AND_HIRE = re.compile(
    r"(?:source|sourced|interview|interviewed)\s+[^.;]*?\band\s+hire\s+"
    r"(?P<role>(?:\[[^\]\n]*\]\([^()\s]*\)|[^.;()\[])+)",  # a linked role whole: "[Backend Developer](…)"
    re.I,
)
"""Sourcing candidates to hire: the hire is what the line is for, its role the line's thing."""


def _read(text: str) -> Statement | None:
    from coach.rewrite.offline.subject import users_of

    text = re.sub(r"\s+", " ", text).strip(" .").replace("**", "")  # "**the**": emphasis
    if _EXAMPLES.match(text):  # "Such as [Guido’s list](…)": examples of the line above
        return None
    verbs = load_vocabulary().pattern("task_verbs")
    adverb = _ADVERB.match(text)  # "Successfully implement OKRs": the verb is the work
    if adverb and (verbs.match(text[adverb.end() :]) or _MORE_VERBS.match(text[adverb.end() :])):
        text = text[adverb.end() :]
    deadline = find_deadline(text)[1]
    if deadline:
        text = (text[: deadline[0][0]] + text[deadline[0][1] :]).strip(" ,.")
        text = re.sub(r"\s+", " ", text)
    where = _WHERE.search(text)  # "Ship a dashboard where the full team can review … in <10 s"
    m = _CAN.match(where["rest"] if where else text)
    fast = m and (_SPEED.search(m["how"]) or _GOAL.search(m["vp"].strip(" .")))
    if fast and len(m["np"].split()) <= 4 and not re.match(r"be\s", m["vp"]):  # "can be used"
        vp = m["vp"].strip(" .")
        goal = _GOAL.search(vp)
        vp = vp[: goal.start()] if goal else vp
        action = vp if where else _noun_phrase(vp)
        actor = re.sub(r"^(The|A|An|Our|Users?)\b", lambda a: a[1].lower(), m["np"])
        claim = m["how"].strip() or "quickly"
        found = Statement(actor, _head(m["np"]), "", claim, action, actor)
        return replace(found, goal=goal["goal"] if goal else "")
    people = m and users_of(m["np"][:1].lower() + m["np"][1:])
    if people and not re.match(r"be\s", m["vp"]):  # "Users can opt out of X"
        actor = people[0]
        action = _noun_phrase(m["vp"], _ACTION_CUT)
        return Statement(actor, _head(m["np"]), "", "can", action, actor)
    does = None if m else _people_do(text)  # "Team members rely on the handbook for …"
    if does:
        (actor, np), vp = does
        return Statement(actor, _head(np), "", "can", _noun_phrase(vp, _ACTION_CUT), actor)
    m = _UNBLOCK.match(text)  # "Unblock deployment for blocked customers": they now can
    if m and (action := _action_verb(m["action"])):
        actor = _LEAD_WORDS.sub("", m["who"]).strip()
        noun = f"the {m['action']}"
        return Statement(noun, _head(noun), "", "can", action, actor, users=actor)
    m = _EASY.match(text)  # "Testing an analyzer locally is easy": the effort it takes
    if m and m["activity"].split()[0].lower() not in _NOT_GERUNDS:
        activity = m["activity"][:1].lower() + m["activity"][1:]
        return Statement(activity, _head(activity), "", m["easy"].lower(), activity=True)
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
        np = m["np"].strip(" ,")  # "Common processes, tools and decisions": the whole list
        np = np if "," in np else _noun_phrase(np)
        role = _ROLE.match(m["state"])
        if role and not role[1].endswith("ed"):  # "IPFS is a transport for npm/tink"
            return Statement(f"{np} as the {role[1]} for {_noun_phrase(role[2])}", role[1], "", "")
        return Statement(_named(np), _head(np), "", m["state"].strip())
    verb = verbs.match(text) or _MORE_VERBS.match(text)
    hires = _SOURCE_AND_HIRE.match(text)
    if hires:  # "Source 100 candidates and hire 2 monitoring engineers": who is hired
        np = _noun_phrase(hires["role"])
        if np and re.search(r"[A-Za-z]{2}", np):  # "hire 3": no role named
            return Statement(_named(np), _head(np), "hire", "")
    if verb:
        rest = _MORE_WORK.sub("", text[verb.end() :].strip())  # "and implement/update …"
        rest = without_second_task(rest, verbs)
        if _AS_PLANNED.match(rest):  # "Hire to plan": how, not what
            return None
        if re.match(r"away\s", rest, re.I):  # "Automate away the release captain role": gone
            return None
        rest = re.sub(r"^(?:out|up|off|on|down)\s+", "", rest, flags=re.I)  # "Write down …"
        rest = without_second_task(rest, _MORE_VERBS)  # "… and adopt continuous releases"
        rest = re.sub(r"^(?:(?:on|in)?to|with)\s+", "", rest, flags=re.I)  # "Migrate to the …"
        if _GERUND_OBJECT.match(rest) and rest.split()[0].lower() not in _NOT_GERUNDS:
            return None  # "Understand sharing an IPFS node …": an activity, not a thing
        word = verb.group(0).lower().strip()
        trained = _TRAINED_ON.match(rest) if word in _TRAINING_VERBS else None
        people = trained and users_of(trained["who"])
        if people:  # "Train 200 nurses on the new EHR module": the nurses can use it now
            np = _noun_phrase(trained["thing"])
            who, named = people[0], _named(np)
            return Statement(named, _head(np), word, "can", f"use {named}", who, users=who)
        np = _noun_phrase(rest)
        if word == "make" and _STATE_AFTER.search(np):  # "Make information default public":
            return None  # a state to reach, no thing anyone succeeds with
        better = _BETTER_AFTER.match(np) if word in ("make", "get", "keep") else None
        if better:  # "Make the token highlight layer more efficient": what it asks of it
            np = better["np"]
            return Statement(_named(np), _head(np), word, better["adj"].lower())
        if np:
            return Statement(_named(np), _head(np), word, "")
    m = _PAST.match(text)
    if m and (_past_tense(m["verb"], verbs) or _past_tense(m["verb"], _WON)):
        np = _noun_phrase(m["np"])
        return Statement(_named(np), _head(np), m["verb"].lower(), "done")
    m = _HEADLINE.match(text)  # "Biweekly updates published to IPFS working groups"
    if m and _past_tense(m["verb"], verbs):
        np = re.sub(r"\s+v?\d+(?:\.\d+)*$", "", m["np"], flags=re.I)  # "… Program V1"
        return Statement(_named(np), _head(np), m["verb"].lower(), "done")
    m = _HAS.match(text)  # not "We have wrapped up …": a perfect tense, no thing owned
    if m and len(m["owner"].split()) <= 3 and not _PARTICIPLE.match(m["np"]):
        np = _noun_phrase(m["np"])
        owner = _LEAD_WORDS.sub("", m["owner"]).strip()
        return Statement(_named(f"{np} of {owner}"), _head(np), "", "exists")
    m = _QUALITY.match(text)
    if m:
        np = _noun_phrase(m["np"])
        return Statement(_named(np), _head(np), "", m["adj"].lower())
    from coach.rewrite.offline.templates import ANY_VERB  # a measure's verb: no noun phrase

    if ANY_VERB.match(text + " ") or re.search(r"\d", text.split()[0] if text else ""):
        return None
    m = _STATUS.match(text)  # "Demandbase implemented", "VP Talent hired and started"
    if m and _past_tense(m["verb"], verbs):
        np = _noun_phrase(m["np"])
        return Statement(_named(np), _head(np), m["verb"].lower(), "done")
    done = any(_past_tense(w, verbs) for w in text.split()[1:] if w.lower().endswith("ed"))
    if (
        len(text.split()) <= 6
        and not done
        and not re.search(r"\b(?:is|are|will|should|can)\b", text, re.I)
        and not _CLAUSE_VERB.search(text)  # "The CLI supports Windows": a clause, no thing
        and not _verb_first(text)  # "Support Python 3.12": work, no thing named as a noun
    ):
        np = _noun_phrase(text)
        return Statement(_named(np), _head(np), "", "")
    m = _MADE_FOR.match(text)  # "A Standard of Process (SOP) for promoting Wechaty in events"
    if m:
        from coach.rewrite.lexicon import load_lexicon  # coach.rewrite imports this package

        heads = {h.lower() for kind in load_lexicon().kinds for h in kind.get("heads", ())}
        head = (m["short"] or _head(m["np"])).lower()
        if head in heads and len(m["np"].split()) <= 5:
            np = _LEAD_WORDS.sub("", f"{m['np']} ({m['short']})" if m["short"] else m["np"])
            return Statement(_named(np), head, "", "")
    m = _COUNTED_NOUN.search(text)  # "… speak on CommComm initiatives at 10 confs": the confs
    if m and not _UNIT.match(m["np"].split()[-1]) and not _UNIT.match(m["np"].split()[1]):
        np = _noun_phrase(m["np"])
        return Statement(_named(np), _head(np), "", "")
    return None


_TRAINING_VERBS = frozenset({"train", "teach", "coach", "educate", "upskill", "onboard"})
_TRAINED_ON = re.compile(r"^(?P<who>.+?)\s+(?:on|in|to\s+use)\s+(?P<thing>\S.*)$", re.I)

_EXAMPLES = re.compile(rf"{EXAMPLE_WORDS}\s", re.I)
_ADVERB = re.compile(r"[A-Za-z]+ly\s+(?=[a-z])")
_BETTER_AFTER = re.compile(
    r"^(?P<np>.+?)\s+(?P<adj>(?:more|less)\s+[a-z-]+|faster|quicker|better|easier|simpler|safer"
    r"|cheaper|lighter|smaller)$",
    re.I,
)
_STATE_AFTER = re.compile(
    r"\s(?:public|private|available|visible|accessible|searchable|discoverable|open)$", re.I
)
_DONE_STATE = re.compile(r"\s+complete$", re.I)
"""The status "complete", which the deliverable words leave out ("done", "finished" … are
there): "Complete the guide" opens a task, so the checker's list cannot hold it."""
_GERUND_OBJECT = re.compile(
    r"[a-z]{2,}ing\s+(?:a|an|the|our|their|its|this|these|those|all|every|each|new)\s", re.I
)
_PARTICIPLE = re.compile(r"[a-z]+(?:ed|en)\b", re.I)
_EASY = re.compile(
    r"^(?P<activity>[A-Za-z]{2,}ing\s+\S.*?)\s+(?:is|are|gets|becomes)\s+(?:now\s+)?"
    r"(?P<easy>easy|easier|simple|simpler|quick|quicker|fast|faster|painless|straightforward"
    r"|effortless|seamless|frictionless)\b",
    re.I,
)
_NOT_GERUNDS = frozenset(
    "thing things nothing something anything everything string strings spring during king "
    "ring wing ping bring sing".split()
)
_MADE_FOR = re.compile(
    r"^(?P<np>[A-Za-z][\w\s-]*?)(?:\s+\((?P<short>[\w-]+)\))?\s+for\s+[a-z]+ing\s", re.I
)
"""A thing and what it is for doing, no verb: the thing (of a kind ``own.kinds`` knows) is what
the line makes, whatever it is for."""


def _verb_first(text: str) -> bool:
    """Whether a line opens with a verb of the rubric's lists ("Support …", "Onboarded …")."""
    vocabulary = load_vocabulary()
    first = text.split()[0] if text.split() else ""
    names = ("reach_verbs", "activity_verbs", "increase_verbs", "decrease_verbs", "maintain_verbs")
    return any(vocabulary.pattern(n).match(text) for n in names) or _past_tense(first, _WON)


_WON = re.compile(r"onboard|sign|land|win|acquire|recruit|welcome", re.I)
"""Verbs of people won over ("Onboarded 5 new design partners"), the task verbs aside."""
_CLAUSE_VERB = re.compile(
    r"\s(?:supports|works|handles|manages|covers|integrates|serves|provides|includes|allows"
    r"|enables|lets|needs|has|have)\s",
    re.I,
)


_UNBLOCK = re.compile(
    r"^unblock\s+(?:the\s+)?(?P<action>[\w-]+)\s+(?:for|of)\s+(?P<who>[\w\s-]+)$", re.I
)
_ACTION_NOUN = (  # an action's noun and its verb: "deployment" → "deploy", "migration" → "migrate"
    (re.compile(r"(?<=\w{4})ment$"), ""),
    (re.compile(r"(?<=\w{3})ation$"), "ate"),
    (re.compile(r"(?<=\w{4})ing$"), ""),
)


def _action_verb(noun: str) -> str | None:
    """The verb of an action noun ("deployment" → "deploy", "onboarding" → "onboard"), or None
    for a noun of another shape."""
    for suffix, verb in _ACTION_NOUN:
        if suffix.search(noun):
            return suffix.sub(verb, noun.lower())
    return None


_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+(?:io|com|org|net|dev|app|co|ai|gov|edu)")
"""A thing named by its domain ("js.ipfs.io") is a website."""


def occasions_of(text: str, occasions: dict) -> str:
    """The occasions a process document is for, as its kind's metric writes them ("an SOP for
    promoting X in events in the future" → "future events run"; "a runbook for common and
    emergency situations" → "common and emergency situations handled"), or ""."""
    nouns = "|".join(sorted(map(re.escape, occasions), key=len, reverse=True))
    for m in re.finditer(
        rf"\b(?:in|for|at|during|on)\s+(?:(?:all|every|each|our|the|any)\s+)?"
        rf"(?P<mods>(?:[a-z-]+\s+(?:and|or)\s+)?[a-z-]+\s+)??(?P<noun>{nouns})\b"
        r"(?P<later>\s+in\s+the\s+future)?",
        text,
        re.I,
    ):
        mods = (m["mods"] or "").lower()
        if re.search(r"ing\b", mods):  # "for hosting meetups": what is done at them
            mods = ""
        return f"{'future ' if m['later'] else ''}{mods}{occasions[m['noun'].lower()]}"
    return ""


def _kind(statement: Statement, kinds, text: str = "") -> tuple[str, str, str] | None:
    """(template, direction, how it fits: "asked" when the item itself says what it wants of
    its thing — a claim or a capability — else "kind") of the first kind that covers it. A
    kind with ``occasions`` covers only an item whose ``text`` names them."""
    words = set(re.findall(r"[a-z][\w-]*", f"{statement.claim} {statement.verb}".lower()))
    for kind in kinds:
        occasions = occasions_of(text, kind["occasions"]) if kind.get("occasions") else None
        if occasions == "":
            continue
        if statement.activity or kind.get("activity"):  # the effort an activity takes
            if statement.activity and kind.get("activity"):
                return kind["metric"], kind.get("direction", "increase"), "asked"
            continue
        if statement.action and statement.claim == "can":  # people who now can: how many do
            if kind.get("capability"):
                return kind["metric"], kind.get("direction", "increase"), "asked"
            continue
        if statement.action and kind.get("action"):
            return kind["metric"], kind.get("direction", "increase"), "asked"
        about = kind.get("about")  # "documentation for the dds_web/api": what it documents
        if about and not re.search(
            rf"\b(?:{'|'.join(map(re.escape, about))})\b", statement.subject, re.I
        ):
            continue
        unlike = kind.get("not_about")  # "the quarterly performance reviews": no code review
        if unlike and re.search(
            rf"\b(?:{'|'.join(map(re.escape, unlike))})\b", statement.subject, re.I
        ):
            continue
        claims = {w.lower() for w in kind.get("claims", ())}
        verbs = {w.lower() for w in kind.get("verbs", ())}
        heads = {w.lower() for w in kind.get("heads", ())}
        if claims and words & claims:  # (``fit: kind``: a claim weaker than the lexicon's)
            return kind["metric"], kind.get("direction", "increase"), kind.get("fit", "asked")
        head = "website" if _DOMAIN.fullmatch(statement.head) else statement.head
        if (verbs and statement.verb in verbs) or head in heads:
            fit = "asked" if about else "kind"  # narrowed by what it is about: more specific
            metric = kind["metric"]
            if occasions:  # the thing without what it is for: that is in the occasions
                thing = re.split(r"\s+(?:in|for|at|during|on)\s+", statement.subject)[0]
                metric = metric.replace("{occasions}", occasions).replace("{subject}", thing)
            return metric, kind.get("direction", "increase"), fit
    return None


_WITH_COUNT = re.compile(
    rf"\b(?:with|across|for|at|to)\s+(?P<count>{_COUNT})\s+(?P<np>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?)",
    re.I,
)


def _counted_kind(text: str, kinds) -> tuple[Statement | None, tuple | None]:
    """For an item whose own thing has no kind: the thing it counts ("with at least 15
    champions", "at 3 events") and that thing's kind, or (None, None)."""
    for m in _WITH_COUNT.finditer(text):
        np = _noun_phrase(m["np"])
        counted = Statement(_named(np), _head(np), "", "", count=m["count"])
        found = _kind(counted, kinds)
        if found and found[2] == "kind":
            return counted, found
    return None, None


def thing_of(text: str) -> str:
    """The work's verb and thing as ``read_statement`` finds them ("hire the senior backend
    engineers"), or ""."""
    statement = read_statement(text)
    return f"{statement.verb} {statement.subject}".strip() if statement else ""


@dataclass(frozen=True)
class OwnMetric:
    metric: str
    direction: str
    fit: str
    """ "asked" (the item says what it wants of its thing), "kind" (its thing's kind), "reach"
    (the value behind the reach it counts), or "" (the catch-all)."""
    counted: str = ""
    """The metric with the item's count in it, or ""."""
    target: str = ""
    """A target the item itself states for this metric ("100%", "<10 seconds per place")."""


_EVERY = re.compile(
    r"^(?P<all>100\s*%\s+of|every|each|all)\s+(?:of\s+)?(?:the\s+|our\s+)?(?P<np>.+?)\s+"
    r"(?P<vp>(?:is|are|gets?|has|have|goes|go|maintains?|uses?|runs?|can)\s.+)$",
    re.I,
)
_PLURAL_VERB = {"is": "are", "gets": "get", "has": "have", "goes": "go", "maintains": "maintain"}
_PLURAL_VERB |= {"uses": "use", "runs": "run"}


def _plural(phrase: str) -> str:
    """ "issue on the tracker" → "issues on the tracker"."""
    m = re.match(r"^(.*?)(\s(?:on|in|of|for|at|from|with)\s.*)?$", phrase)
    head, rest = m[1], m[2] or ""
    if not re.search(r"(?:s|people|staff)$", head):
        head = head[:-1] + "ies" if re.search(r"[^aeiou]y$", head) else head + "s"
    return head + rest


def share_of(text: str) -> OwnMetric | None:
    """ "Every issue gets triaged" → the share of issues that get triaged; "100% of VA employees
    have access to X" → the share of VA employees who have access to X, with 100% its target.
    The item says which state it wants for all of its things: the share in that state."""
    m = _EVERY.match(re.sub(r"\s+", " ", text).strip(" ."))
    if not m:
        return _in_place(text)
    np = re.sub(r"\s(?:on|in|at)\s+https?://\S+", "", m["np"]).strip()  # a link is no subject
    many = m["all"].lower() in {"every", "each"}
    np = _plural(np) if many else np
    verb, _, rest = m["vp"].partition(" ")
    verb = _PLURAL_VERB.get(verb.lower(), verb) if many else verb
    rest = re.sub(r"\bits\s+own\b", "their own", rest) if many else rest  # "has its own …"
    rest = re.split(r"\s\(|\s+to\s+help\b|[;,]\s", rest, maxsplit=1)[0].strip(" .")
    if len(np.split()) > 6 or not rest or re.search(r"https?://", rest):
        return None
    who = "who" if re.search(rf"\b(?:{PEOPLE}|teammates?)$", np, re.I) else "that"
    if m["all"].startswith("100"):  # the team's own target: what it asks for
        return OwnMetric(f"share of {np} {who} {verb} {rest}", "increase", "asked", target="100%")
    return OwnMetric(f"share of {np} {who} {verb} {rest}", "increase", "")


_IN_PLACE = re.compile(
    r"^(?P<np>[^,;]+?)\s+(?:is|are)\s+in\s+place\s+(?:for|in|across)\s+(?P<all>all|every|each)"
    r"\s+(?:of\s+)?(?:the\s+|our\s+)?(?P<who>[^,;()]+?)$",
    re.I,
)


def _in_place(text: str) -> OwnMetric | None:
    """ "Functional owners are in place for all Operations teams" → the share of Operations
    teams with functional owners: what each of them should have."""
    m = _IN_PLACE.match(re.sub(r"\s+", " ", text).strip(" ."))
    if not m or len(m["np"].split()) > 5 or len(m["who"].split()) > 5:
        return None
    who = _plural(m["who"]) if m["all"].lower() != "all" else m["who"]
    np = m["np"] if m["np"][:2].isupper() else m["np"][0].lower() + m["np"][1:]
    return OwnMetric(f"share of {who} with {np}", "increase", "asked")


_CHOICE = re.compile(
    r"^make\s+(?P<thing>\S.*?)\s+(?:the|a|our|their)\s+(?:default|first|go-to|preferred|standard"
    r"|obvious|natural|primary|top|number[- ]one)\s+(?:[\w-]+\s+){0,2}?for\s+"
    r"(?:(?P<all>all|every|each)\s+|(?:our|the)\s+)?(?P<who>\S.*)$",
    re.I,
)
_CHOICE_END = re.compile(
    r"\s\(|[;,]\s|\s+(?:by|before|in|within)\s+(?:the\s+)?(?:end|Q[1-4]|\d)", re.I
)


def choice_of(text: str) -> OwnMetric | None:
    """ "Make PostHog for Startups the default choice for technical founders" → the share of
    technical founders who choose PostHog for Startups; "Make Rust the preferred language for
    new services" → the share of new services that use Rust. Being the choice of a group is
    measured by how many of the group choose it."""
    m = _CHOICE.match(re.sub(r"\s+", " ", text).strip(" ."))
    if not m:
        return None
    who = _CHOICE_END.split(m["who"], maxsplit=1)[0].strip(" .")
    thing = m["thing"].strip()
    if not who or len(who.split()) > 5 or len(thing.split()) > 6:
        return None
    who = _plural(who) if m["all"] and m["all"].lower() != "all" else who
    people = re.search(rf"\b(?:{PEOPLE}|founders?|teams?|companies|startups?)$", who, re.I)
    verb = "who choose" if people else "that use"
    if people and GROUP_END.search(who):
        verb = "that choose"
    return OwnMetric(f"share of {who} {verb} {thing}", "increase", "asked")


_SOFTWARE_TOO = frozenset(
    "client clients driver drivers agent agents host hosts operator operators player players "
    "reader readers".split()
)
"""Words of ``PEOPLE`` that name software as often ("the C# driver", "the js-cluster client")."""


def own_metrics(text: str, audience: str = "") -> list[OwnMetric]:
    """The metrics built from the item's own words, best first: the share it states for all its
    things, what it asks of its thing, its thing's kind, the catch-all; [] when the item's
    grammar gives no thing to measure. ``audience``: the people its objective is about, its
    users when the line names none ("The IPFS Working Groups feel supported …")."""
    from coach.rewrite.lexicon import load_lexicon  # coach.rewrite imports this package

    lexicon = load_lexicon()
    text = ENSURE.sub("", text)  # "Ensure every endpoint … is documented": what is ensured
    chosen = choice_of(text)  # "Make X the default choice for Y": how many of Y choose X
    if chosen:
        return [chosen]
    valued = reach_value(text, lexicon.reach)  # "200k views of the articles": what they are for
    shared = share_of(text)  # with no target of its own, only before the catch-all
    statement = read_statement(text)
    if statement is None or not statement.subject:
        return [m for m in (valued, shared) if m]
    found = _kind(statement, lexicon.kinds, text)
    # no one succeeds with people: "hire 2 engineers" has no catch-all ("… succeed with the
    # engineers"), only the kinds that read hiring ("the js-cluster client" is software)
    head = (statement.head or "").lower()
    people = head not in _SOFTWARE_TOO and re.fullmatch(rf"(?:{PEOPLE})", head, re.I)
    templates = [(*found,) if found else None, (lexicon.own_default, "increase", "")]
    metrics = [valued] if valued else []
    metrics += [shared] if shared and shared.target else []
    if found is None:  # "Champions Program deployed with at least 15 champions": the counted
        counted, kind = _counted_kind(text, lexicon.kinds)  # people have a kind of their own
        metrics += _from_templates(counted, [kind], lexicon, None, audience) if kind else []
    metrics += _from_templates(statement, templates, lexicon, shared, audience)
    if people:
        metrics = [m for m in metrics if m.fit or m is shared]
    return [m for m in metrics if len(m.metric) <= 150]


def _from_templates(
    statement: Statement, templates: list, lexicon, shared: OwnMetric | None, audience: str = ""
) -> list[OwnMetric]:
    """The metrics of ``templates`` (template, direction, fit) around the statement's thing."""

    who = statement.users or audience
    fields = {
        "operation": operation_of(statement.subject, lexicon.operations),
        "subject": statement.subject,
        "action": statement.action,
        "actor": statement.actor,
        "users": who or "users",
        "readers": who or "readers",
    }
    bare = re.sub(r"^the\s+", "", statement.subject)
    counted = dict(fields, subject=f"the {statement.count} {bare}") if statement.count else None
    if counted and not re.match(r"\d", statement.count):
        counted["subject"] = f"{statement.count} {bare}"  # "at least two Customer Engineers"
    metrics = []
    for template, direction, fit in [t for t in templates if t and t[0]]:
        if not fit and shared and not shared.target:
            metrics.append(shared)
        if statement.said and re.search(r"\{(?:users|readers)\}", template):  # named once
            fields["subject"] = statement.subject.replace(f" {statement.said}", "")
            counted = counted and dict(
                counted, subject=counted["subject"].replace(f" {statement.said}", "")
            )
        if who and GROUP_END.search(who):  # "the share of IPFS Working Groups that use …"
            template = template.replace("{users} who ", "{users} that ")
            template = template.replace("{readers} who ", "{readers} that ")
        with_count = _tidy(template.format(**counted)) if counted else ""
        target = statement.goal if "{action}" in template else ""
        metric = _tidy(template.format(**fields))
        metrics.append(OwnMetric(metric, direction, fit, with_count, target))
    return metrics


_REACH_LEAD = re.compile(
    rf"^(?:\s*(?:per|a|an|each|every|in)\s+(?:\d+\s+|{_COUNT}\s+)?(?:days?|weeks?|months?"
    r"|quarters?|years?)\b|\s*(?:from|to|by)\s+\S+)*\s*",
    re.I,
)
_REACH_BEFORE = re.compile(r"(?:[A-Za-z][\w.#/+'-]*\s+){1,3}$")


def reach_value(text: str, reach: tuple[dict, ...]) -> OwnMetric | None:
    """ "200k views per 30 days of Node.js Collection articles" → the read-through rate of the
    Node.js Collection articles; "Grow docs page views …" → the read-through rate of the docs:
    a reach count becomes the value behind it, for the thing the line counts reach for (the
    words after "of"/"on"/"for", else the words before the reach word). None when the line
    counts no reach, or names no thing an entry covers."""
    from coach.rubric.vocabulary import load_vocabulary

    words = sorted({w for entry in reach for w in entry["reach"]}, key=len, reverse=True)
    if not words:
        return None
    flat = re.sub(r"\s+", " ", text).strip(" .")
    m = re.search(rf"\b({'|'.join(map(re.escape, words))})\b", flat, re.I)
    if not m:
        return None
    counted = load_vocabulary().compile(
        rf"(?:\d|\b(?:{_COUNT}|{{increase_verbs}}|reach|get|hit|gain)\b)(?:\s+\S+){{0,3}}\s*$"
    )
    if not counted.search(flat[: m.start()]):  # "community members who …": no reach counted
        return None
    after = flat[m.end() :]
    after = after[_REACH_LEAD.match(after).end() :]
    of = re.match(r"(?:of|on|for|to|in|across)\s+(?P<np>\S.*)$", after, re.I)
    thing = _noun_phrase(of["np"]) if of else ""
    thing = re.sub(rf"^{_COUNT}\s+", "", thing, flags=re.I)  # "on 3 new projects": the projects
    if not thing or re.search(r"\d", thing):
        before = _REACH_BEFORE.search(flat[: m.start()])
        verbs = load_vocabulary().compile(
            r"^(?:(?:{increase_verbs}|{task_verbs}|reach|get|hit|have|having|has)\s+)+"
        )
        thing = verbs.sub("", before.group(0)).strip() if before else ""
        thing = re.sub(rf"^{_COUNT}\s+", "", thing, flags=re.I)  # "Having one million …"
        thing = "" if re.search(r"\d", thing) else thing
    thing = re.sub(
        r"^(?:the|our|its|their|(?:million|billion|thousand|hundred)\b)\s*",
        "",
        thing.strip(),
        flags=re.I,
    )
    thing = re.sub(r"\s+(?:per|a|each|every)\s+(?:day|week|month|quarter|year)$", "", thing)
    if not thing:
        return None
    head = _head(thing)
    said = m.group(1).lower()
    for entry in reach:
        things = {w.lower() for w in entry.get("things") or ()}
        if said in {w.lower() for w in entry["reach"]} and (not things or head in things):
            name = f"the {thing}" if re.fullmatch(r"[A-Z]{2,}", thing) else _named(thing)
            metric = entry["metric"].format(subject=name, reach=said)
            return OwnMetric(_tidy(metric), "increase", "reach")
    return None


def reach_words(reach: tuple[dict, ...]) -> re.Pattern[str]:
    """Any reach word of ``own.reach`` or the vanity-metric vocabulary, as a whole phrase."""
    from coach.rubric.vocabulary import load_vocabulary

    words = {w for entry in reach for w in entry["reach"]}
    words |= set(load_vocabulary().words("vanity_metrics"))
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, ordered))})\b", re.I)


_USAGE = re.compile(r"^(?:the\s+)?(?:usage|use)\s+of\s+(?P<thing>\S.*)$", re.I)


def usage_metric(metric: str, usage: tuple[tuple[str, object], ...]) -> str:
    """ "usage of `orchestrator` plugins" → "share of active projects using `orchestrator`
    plugins": a vague usage made a share of who adopts the thing; any other metric as it is."""
    m = _USAGE.match(metric.strip())
    spec = dict(usage)
    if not m or "metric" not in spec:
        return metric
    thing = re.sub(r"^(?:our|their|its)\s+", "the ", m["thing"].strip(), flags=re.I)
    units = {str(k).lower(): str(v) for k, v in (spec.get("units") or {}).items()}
    unit = units.get(_head(thing), str(spec.get("unit") or "users"))
    return _tidy(str(spec["metric"]).format(unit=unit, subject=thing))


def operation_of(subject: str, operations: tuple[tuple[str, str], ...]) -> str:
    """What the subject's kind of component does each time it works ("the webhooks" →
    "delivery", "the batch processing (exports)" → "run"), from the last word that names one;
    "" when none does."""
    known = dict(operations)
    words = re.findall(r"[a-z][\w-]*", subject.lower())
    return next((known[w] for w in reversed(words) if w in known), "")


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_SURFACES = re.compile(
    r"\b(?:identif(?:y|ies|ied|ying)|highlight(?:s|ed|ing)?|surfac(?:e|es|ed|ing)|uncover(?:s|ed"
    r"|ing)?|collect(?:s|ed|ing)?|gather(?:s|ed|ing)?|map(?:s|ped|ping)?|list(?:s|ed|ing)?"
    r"|document(?:s|ed|ing)?|find(?:s|ing)?|found|prioriti[sz](?:e|es|ed|ing))\s+"
    r"(?:(?:the|our|their|all|any|common|recurring|of)\s+)*(?:patterns\s+(?:in|of)\s+(?:the\s+)?)?"
    r"(?P<problems>(?:[\w-]+\s+){0,3}?(?:needs|pain[\s-]points|gaps|problems|issues|blockers"
    r"|bottlenecks|friction\s+points|frustrations|complaints|obstacles))\b",
    re.I,
)


def surfaced_problems(text: str) -> OwnMetric | None:
    """Work that surfaces problems ("… highlighting patterns in top developer needs", "identify
    top-5 devex pain points") is worth what gets resolved of them: the share of those problems
    resolved. The problems are the line's own words; None when it surfaces none. Its ``fit`` is
    "asked" when surfacing them is the line's purpose ("Run a survey to identify …")."""
    m = _SURFACES.search(text)
    if not m:
        return None
    problems = re.sub(r"\s+", " ", m["problems"]).strip()
    if re.match(r"\d", problems):  # "identify 3 performance issues": the share of those three
        problems = f"the {problems}"
    purpose = re.search(
        r"\b(?:to|in\s+order\s+to|so\s+(?:that\s+)?we\s+can)\s+$", text[: m.start()]
    )
    return OwnMetric(f"share of {problems} resolved", "increase", "asked" if purpose else "kind")


_FEATURES = re.compile(
    r"\b(?P<content>(?:blog\s+)?(?:posts?|articles?|stories|case\s+studies|spotlights?|videos?"
    r"|interviews?|episodes?|newsletters?))\s+(?:with|featuring|about|on|spotlighting"
    r"|showcasing|profiling)\s+(?:(?:the|our|key|top|selected)\s+)*"
    r"(?P<featured>(?:[\w-]+\s+){0,2}?(?:projects|partners|maintainers|startups|contributors"
    r"|communities|nonprofits|open-source\s+organi[sz]ations))\b",
    re.I,
)


def featured_referrals(text: str) -> OwnMetric | None:
    """Content that features others ("Publish 5 blog posts with key ecosystem projects sharing
    their success") is worth what it sends them: the referrals from the content to the featured
    projects, in the line's own words. None when the line features nobody, or only customers or
    the company's own teams (a case study about a customer markets the company: not theirs)."""
    m = _FEATURES.search(text)
    if not m:
        return None
    content = re.sub(r"^blog\s+", "", m["content"].lower())
    content = content if content.endswith(("s", "es")) else f"{content}s"
    featured = re.sub(r"\s+", " ", m["featured"]).strip()
    return OwnMetric(
        f"referrals from the {content} to the featured {featured}", "increase", "asked"
    )


_AMPLIFIES = re.compile(
    r"^(?:amplify|promote|boost|celebrate|spotlight|signal-boost)(?:\s+(?:and|&)\s+[a-z]+)?\s+"
    rf"(?:(?:the|their|{_COUNT})\s+)*(?P<content>(?:[\w-]+\s+){{0,2}}?(?:announcements|releases"
    r"|launches|milestones|posts|stories|news|achievements|successes|wins)"
    r"(?:\s+(?:from|of|by)\s+(?:[\w-]+\s+){0,3}?(?:projects|partners|teams|communities"
    r"|maintainers|contributors|members|companies))?)\b",
    re.I,
)


def amplified_engagement(text: str) -> OwnMetric | None:
    """Amplifying others' news ("Amplify and celebrate 20 announcements from JavaScript
    ecosystem projects") is worth the engagement it earns them, shares and replies rather than
    impressions: the engagement on the amplified news, in the line's own words. None for any
    other line."""
    m = _AMPLIFIES.match(re.sub(r"\s+", " ", text).strip())
    if not m:
        return None
    content = re.sub(r"\s+", " ", m["content"]).strip()
    return OwnMetric(f"engagement on the amplified {content}", "increase", "asked")


_SPEAKS = re.compile(
    rf"\b(?:speak|speaks|present|presents|talk|talks|gives?\s+(?:{_COUNT}\s+)?talks)\s+(?:on|about)\s+"
    r"(?P<topic>(?:[\w-]+\s+){0,3}?(?:initiatives?|projects?|programs?|programmes?"
    r"|communit(?:y|ies)|working\s+groups?|efforts?|open[\s-]source\s+work))\s+"
    r"(?:at|in|during)\b",
    re.I,
)


_ADOPTERS = re.compile(
    rf"^(?:get|convince|help|bring|persuade|have)\s+(?P<count>{_COUNT})\s+(?:new\s+)?"
    rf"(?P<who>(?:[\w-]+\s+)?(?:companies|organi[sz]ations|teams|projects|customers|users"
    rf"|partners|agencies|universities|schools|developers|maintainers|businesses))\s+to\s+"
    rf"(?P<action>[a-z]+\s+\S.*)$",
    re.I,
)


def adopters(text: str) -> OwnMetric | None:
    """ "Get 3 companies to run IPFS in production" already names its outcome: the number of
    companies that run IPFS in production, with the line's count its target. None for any other
    line."""
    m = _ADOPTERS.match(re.sub(r"\s+", " ", text).strip(" ."))
    if not m:
        return None
    who = m["who"].strip()
    that = "who" if re.search(rf"\b(?:{PEOPLE})$", who, re.I) else "that"
    metric = f"number of {who} {that} {m['action'].strip()}"
    return OwnMetric(metric, "increase", "asked", target=m["count"])


def talk_recruits(text: str) -> OwnMetric | None:
    """Talks about something people can join ("… speak on CommComm initiatives at 10 confs")
    are worth who joins it after hearing them: the new participants joining it after the talks
    (not the audience size, a reach). None when the line speaks on nothing people join."""
    m = _SPEAKS.search(text)
    if not m:
        return None
    topic = re.sub(r"\s+", " ", m["topic"]).strip()
    return OwnMetric(f"new participants joining {topic} after the talks", "increase", "asked")
