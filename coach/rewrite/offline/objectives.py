"""The offline rewriter's objective templates: a qualitative objective that keeps the subject and
names who benefits ("Improve the onboarding experience for new users" → "Make onboarding
effortless for every new user"), or the author's own words with incidental numbers taken out.
The wording fits what the subject is (``subject_kind``): "effortless" only for what people use
or do, "worth the time of" for what the team makes, and an aim only for someone the draft
names; otherwise no candidate, and ``objective_plan`` says why."""

from __future__ import annotations

import re

from coach.analysis import find_deadline, find_quantities
from coach.model import Unit
from coach.rewrite.lexicon import load_lexicon
from coach.rewrite.offline.subject import SECOND_VERB
from coach.rubric.vocabulary import load_vocabulary, phrase_regex, phrase_source

# ----------------------------------------------------------------------------- objectives
_BENEFICIARY_NOUNS = load_vocabulary().words("people")
"""Who an objective can be for: the rubric's ``people`` list, which ``beneficiaries`` includes."""
_MODIFIER = r"(?!(?:for|with|to|of|and|or|in|on|by|at|who|that)\b)[A-Za-z][\w-]*\s+"
_BENEFICIARY = re.compile(
    rf"\b(?:for|with|to|among|across|of)\s+(?:all\s+|our\s+|the\s+|every\s+|each\s+)*"
    rf"((?:{_MODIFIER}){{0,2}}{phrase_source(_BENEFICIARY_NOUNS)})\b",
    re.I,
)
_COMPOUND_TAIL = re.compile(r"\s+(?:journeys?|stor(?:y|ies)|flows?|interviews?|personas?)\b", re.I)
_BARE_BENEFICIARY = re.compile(rf"\b({phrase_source(_BENEFICIARY_NOUNS)})\b", re.I)
_CUT = re.compile(
    r"\s(?:for|with|to|among|across|by|from|in|into|so\s+that|without|within|at"
    r"|through|until|via)\s",
    re.I,
)
_GENERIC_TAIL = re.compile(r"\s+(?:experience|process|journey|flow|workflow|experiences)$", re.I)
_GROUP = re.compile(r"\b(?:guild|collective|chapter|circle)s?$", re.I)
"""A group of people: "a guild of writers" is a community for the writers."""
_CATEGORIES = [
    ("retention", r"churn|retention|renewal|cancel"),
    ("engagement", r"engag|active\s+users|\busage\b|sticki|habit|\b[DWM]AU\b"),
    ("nps", r"\bNPS\b|net\s+promoter|satisfaction|CSAT|recommend|loyal"),
    (
        "revenue",
        r"revenue|\bARR\b|\bMRR\b|\bsales\b|profit|bookings|monetis|monetiz|\bsign-?ups\b"
        r"|registrations",
    ),
    ("usability", r"usability|ease\s+of\s+use|\bUX\b|user\s+experience"),
    ("audience", r"\baudiences?\b|\breaders(?:hip)?\b|\bfollowing\b"),
    ("market", r"(?<!\bto[\s-])\bmarkets?\b|\breach\b|international|expansion"),  # not time to it
    (
        "reliability",
        r"reliab|uptime|stabil|incident|outage|quality|defect|\bbugs?\b|release|\bMTT[RDA]\b"
        r"|deploy",
    ),
    ("speed", r"speed|performance|latency|\bfast|load\s+time"),
    ("community", rf"communit|forum|followers|{_GROUP.pattern}"),
    ("cost", r"\b(?:costs?|spend|budget|expenses?|CAC)$"),
    ("security", r"secur|posture|\bSSO\b|\b2FA\b|\bMFA\b|privacy|compliance"),
]
_TEMPLATES = {
    "retention": "Make our product something every {b} wants to keep",
    "engagement": "Make our product a daily habit for every {b} who relies on it",
    "nps": "Become the product every {b} recommends without being asked",
    "revenue": "Make our product so valuable to every {b} that {subject} {follows}",
    "usability": "Make our product effortless to use for every {b}",
    "audience": "Make our work something {subject} seeks out and recommends",
    "market": "Make our product the first choice for every {b} in each market we enter",
    "place": "Make our product the first choice for every {b} in {subject}",
    "reliability": "Make {subject} rock-solid for every {b}",
    "speed": "Make {subject} feel instant for every {b}",
    "community": "Make {subject} a place every {b} wants to be part of",
    "cost": "Make {subject} lean without slowing down any {b}",
    "security": "Make {subject} something every {b} can trust without thinking about it",
    "default": "Make {subject} effortless for every {b}",  # only what people use
}
_QUALITY_TAIL = re.compile(
    r"(?:^|\s+)(?:reliability|stability|uptime|quality|performance|speed|latency|posture|MTT[RDA])$",
    re.I,
)
_INTERNAL = re.compile(
    r"\b(?:stack|code|CI|build|pipeline|infrastructure|infra|deploy\w*|on-call|debug\w*|operations"
    r"|toil"
    r"|tests?|tooling|platform|release\w*|engineering)\b",
    re.I,
)
_CUSTOMER = re.compile(
    r"\b(?:revenue|sales|billing|pricing|checkout|payments?|renewals?|market"
    r"|enterprise|NPS|ARR|MRR|recommend)\w*",
    re.I,
)


def _singular(phrase: str) -> str:
    words = phrase.split()
    last = words[-1]
    if last.lower() == "people":
        return " ".join(words[:-1] + ["person"])
    if last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        last = last[:-1]
    return " ".join(words[:-1] + [last])


def beneficiary(text: str) -> str | None:
    m = _BENEFICIARY.search(text) or _BARE_BENEFICIARY.search(text)
    if not m:
        return None
    phrase = re.sub(r"^(?:all|our|the|every|each)\s+", "", m.group(1).strip(), flags=re.I)
    if _COMPOUND_TAIL.match(text, m.end(1)):  # "critical user journeys": the words before
        phrase = phrase.split()[-1]  # "user" are the journeys', not the users'
    # how a metric counts them, not who they are ("number of total active contributors")
    phrase = re.sub(r"^(?:total|overall|net|unique)\s+", "", phrase, flags=re.I)
    long_words = [w for w in text.split() if len(w) > 3]
    titled = len(long_words) >= 2 and all(w[:1].isupper() for w in long_words)
    proper = m.start(1) > 0 and phrase[:1].isupper() and not titled  # "the Veteran login"
    keep = proper or phrase[:3].isupper()
    return _singular(phrase if keep else phrase[0].lower() + phrase[1:])


def default_beneficiary(text: str) -> str:
    if re.search(r"\b(?:hir(?:e|es|ing)|recruit\w*|candidates?|talent)\b", text, re.I):
        return "candidate"
    people = (
        r"\b(?:collaborat\w*|contribut\w*|open[- ]source\w*|communit\w*"
        r"|(?:the|our)\s+[\w.-]+\s+project)"
    )
    if re.search(people, text, re.I):
        return "contributor"
    if _CUSTOMER.search(text):
        return "customer"
    if re.search(r"\bdebug\w*", text, re.I):  # who debugs: developers, on the team or not
        return "developer"
    if re.search(r"\b(?:dashboards?|metrics|KPIs?|reports?|reporting)\b", text, re.I):
        return "decision maker"  # what a dashboard is for: decisions made from it
    if re.search(r"\b(?:platform|APIs?|SDKs?)\b", text, re.I):  # who builds on it, not "the team"
        return "developer who builds on it"
    return "engineer on the team" if _INTERNAL.search(text) else "user"


_EVENT_WORK = re.compile(
    r"^(?:the\s+)?(?P<event>[\w-]*(?:conf|conference|summit|meetup|hackathon|festival)s?)\s+"
    r"(?:planning|organi[sz]ation|organi[sz]ing|curation|coordination|preparation|logistics)$",
    re.I,
)


_QUALITY_OF = re.compile(
    r"^\s*(?:the|our|its|their)\s+(?P<quality>quality|performance|reliability|stability|speed"
    r"|security|usability|complexity|simplicity|ease)(?:\s+(?:bar|level)s?)?\s+of\s+(?!life\b)"
    r"(?P<rest>\S.*)$",
    re.I,
)
"""A quality of a thing ("the performance of the search API", "the complexity of submitting a
claim"): the thing is the subject, the quality says how to word it."""
_EFFORT = {"usability", "complexity", "simplicity", "ease"}
"""Qualities of what people use or do: made effortless."""


_APPROXIMATELY = re.compile(
    r"\b(?:about|around|approximately|roughly|nearly|almost|over|under|at\s+least|up\s+to"
    r"|more\s+than|less\s+than|fewer\s+than)\s+(?=\0)",
    re.I,
)


_OPENING_VERBS = (
    "activity_verbs",
    "increase_verbs",
    "decrease_verbs",
    "reach_verbs",
    "maintain_verbs",
)
"""The verb lists an activity objective opens with ("Improve", "Grow", "Reach", "Maintain")."""


def _before_second_task(subject: str) -> str:
    """The subject up to a second task joined to it ("systems and automate processes" →
    "systems"): what follows "and" opens with a verb of the lists objectives open with."""
    vocabulary = load_vocabulary()
    for joined in re.finditer(r"\s+(?:and|&)\s+", subject):
        word = re.match(r"[a-z]+", subject[joined.end() :])
        if word and word.group(0) in _ALSO_NOUNS:
            continue  # "ops and support tasks": a noun here as often as a verb
        if any(vocabulary.pattern(n).match(subject, joined.end()) for n in _OPENING_VERBS):
            return subject[: joined.start()]
    return subject


_ALSO_NOUNS = frozenset(
    "support test design plan review report release launch update change process research "
    "document help run work build feedback training".split()
)


def objective_subject(text: str, verb_end: int, keep_case: bool = False) -> str:
    """What the objective is about, without its verb, numbers, time phrases and beneficiary:
    "Improve the onboarding experience for new users" → "onboarding"."""
    masked = list(text[verb_end:])
    spans = [(q.start, q.end) for q in find_quantities(text[verb_end:])]
    for start, end in spans + find_deadline(text[verb_end:])[1]:
        masked[start:end] = "\0" * (end - start)
    rest = re.sub(r"^\s*(?:to|into|in|on|for|with)\s+", "", "".join(masked), flags=re.I)
    rest = _APPROXIMATELY.sub("", rest)  # "about 55 people": "about" goes with its number
    rest = SECOND_VERB.sub("", rest)  # "Grow and retain our …": one verb
    quality = _QUALITY_OF.match(rest)  # "the quality bar of our application and product"
    rest = quality["rest"] if quality else rest
    rest = re.split(r"\s(?:that|which|who)\s", rest, maxsplit=1)[0]  # "… that are responsive …"
    cut = _CUT.search(" " + rest + " ")
    subject = (" " + rest)[: cut.start()] if cut else rest
    on = re.search(r"\son\s", subject)  # where, when the phrase is too long to hold it too:
    if on and len(_ARTICLE.sub("", subject).split()) > 4:
        subject = subject[: on.start()]  # "the beta IPFS documentation site on the IPFS network"
    chunks = [c.strip(" .") for c in re.split(r"\0+|,|;|:|\s[-–—]\s", subject)]
    subject = next((c for c in chunks if c), "")
    # "our $20k ARR base", "Charles’ 2024 OKRs": a determiner or an owner before the number
    if re.fullmatch(r"(?i:the|our|their)|[A-Z][\w-]*(?:’s|'s|s’|s')", subject) and len(chunks) > 1:
        subject = f"{subject} {next((c for c in chunks[chunks.index(subject) + 1 :] if c), '')}"
        subject = subject.strip()
    subject = re.sub(
        r"(?:\s+(?:of|to|by|from|at|in|on|for|with|and|or))+$", "", subject, flags=re.I
    )
    last = subject.rpartition(" ")[2]  # "Grow ARR consistently": how, not what
    adverb = last.lower().endswith("ly") and not last.lower().endswith("friendly")
    if " " in subject and adverb and last.lower() not in _NOT_ADVERBS:
        subject = subject[: -len(last)].rstrip()
    subject = re.sub(r"^(?:an?|of|to|by|from|at|in|on|for|with)\s+", "", subject, flags=re.I)
    owned = re.match(r"^[A-Z][\w-]*(?:’s|'s|s’|s')\s+(?=\S)", subject)  # "Veterans’ personalized …"
    subject = f"the {subject[owned.end() :]}" if owned else subject  # they are who benefits
    stripped = re.sub(r"^(?:the|our)\s*", "", _GENERIC_TAIL.sub("", subject), flags=re.I).strip()
    describes = re.search(r"(?:ed|al|ive|online|digital|mobile|web)$", stripped, re.I)
    # "a customer driven product process" is a process, not a product: the tail goes only
    # after an activity ("the onboarding experience" → onboarding)
    describes = describes or _THING_BEFORE_TAIL.search(stripped)
    whose = _BARE_BENEFICIARY.fullmatch(stripped)  # "the user experience": not "user"
    if stripped and stripped != subject and _GENERIC_TAIL.search(subject) and not describes:
        subject = subject if whose else stripped  # "the onboarding experience" → "onboarding"
    of_people = re.search(r"\s+of\s", subject)  # "a community of writers": they benefit
    group = of_people and _GROUP.search(subject[: of_people.start()])  # "a guild of writers"
    if (
        (len(subject.split()) > 4 or group)
        and of_people
        and _BENEFICIARY.match(subject, of_people.start() + 1)
    ):
        subject = subject[: of_people.start()]
    subject = _before_second_task(subject)  # "Upgrade systems and automate processes"
    first = re.split(r"\s+(?:and|&)\s+", subject, maxsplit=1)[0]  # "the IPFSConf planning and …"
    if _TEAM_OF_BOTH.search(subject):  # "the product and design team": one team, not a product
        first = subject
    event = _EVENT_WORK.match(first)  # "the IPFSConf planning": the event is what people get
    first = event["event"] if event else first
    if (
        len(subject.split()) > 4
        and len(first.split()) <= 3
        and (
            event or subject_kind(first)[0] != "aim"  # not "the contributor base and the docs"
        )
    ):
        subject = first
    event = _EVENT_WORK.match(subject)
    subject = event["event"] if event else subject
    if _PARTICIPLE_OPENING.match(subject):  # "Using only handbook content, 25 people pass …"
        return ""  # how something is done, not what it is about
    words = subject.split()
    if len(_ARTICLE.sub("", subject).split()) > 4 or re.search(
        r"\b(?:they|them|their|we|us|it|its|is|are)\b", subject, re.I
    ):
        return ""  # a clause, not a noun phrase: no template reads well around it
    long_words = [w for w in text.split() if len(w) > 3]
    if keep_case or len(long_words) < 3 or not all(w[:1].isupper() for w in long_words):
        return " ".join(words)
    return " ".join(w if any(c.isupper() for c in w[1:]) else w.lower() for w in words)


_THING_BEFORE_TAIL = re.compile(
    r"\b(?:products?|apps?|site|website|platform|tools?|services?|systems?)$", re.I
)
"""A thing before "process", "flow" …: the tail names what is done with it, which stays."""
_TEAM_OF_BOTH = re.compile(
    r"\s(?:and|&)\s+(?:[\w-]+\s+){0,2}?(?:teams?|groups?|departments?|functions?|org)$", re.I
)
"""Two words joined before one group of people: that group ("the product and design team")."""

_ARTICLE = re.compile(r"^\s*(?:the|our|an?)\s+", re.I)
"""An article before a noun phrase: no word of the thing it names."""
_PARTICIPLE_OPENING = re.compile(
    r"(?:using|based|given|following|including|according|leveraging|building\s+on)\b", re.I
)


_PURPOSE = re.compile(
    r"\s+(?:to|so\s+(?:that\s+)?we\s+can)\s+(?:reach|win|serve|help|attract|delight|support"
    r"|empower|engage)\s+(?:more\s+|the\s+|our\s+|new\s+)*(?P<who>.+)$",
    re.I,
)
_MARKET = re.compile(r"^(?P<who>[\w-]+)\s+(?:market|segment)s?\b", re.I)


def _purpose_beneficiary(text: str) -> tuple[str, str | None]:
    """(the objective without its purpose clause, who the purpose names): "Ship features to
    win the enterprise market" → ("Ship features", "enterprise customer")."""
    m = _PURPOSE.search(text)
    if not m:
        return text, None
    market = _MARKET.match(m["who"])
    who = f"{market['who']} customer" if market else beneficiary(" for " + m["who"])
    return text[: m.start()], who


_REDUCE = {"reduce", "decrease", "cut", "eliminate", "minimise", "minimize", "lower", "remove"}
_STATE = re.compile(
    r"\s+(?:healthy|stable|reliable|fast|secure|safe|clean|green|up[- ]to[- ]date|available"
    r"|running|working|solid|robust)$",
    re.I,
)


_RETAIN = re.compile(r"(?:\S+\s+(?:and|&)\s+)?retain\b", re.I)
_TIME_TO = re.compile(
    r"^(?:the\s+)?time\s+(?:it\s+takes\s+)?(?:for\s+\S+\s+)?to\s+(?P<action>(?P<verb>submit|file"
    r"|apply|find|get|complete|finish|sign\s+up|sign\s+in|pay|book|check\s+out|set\s+up|install"
    r"|onboard|resolve|answer|recover|restore|respond|access|start|learn|buy|order|upload|register"
    r"|renew|claim|join|paid|approve|process|review|merge)\b[\w\s'’&/-]*)$",  # one try: no backtracking
    re.I,
)
"""An objective to cut the time people take to do something ("Reduce time to submit both
CHAMPVA and OHI", VA): that thing made quick for them. "time to paid" is the time to get paid;
"time to first value" names no action of people and is left to the other wordings, and "time to
market" has its own (``_TIME_TO_MARKET``)."""
_TIME_TO_MARKET = re.compile(
    r"^(?:the\s+)?time[\s-]+to[\s-]+market\s+(?:for|of)\s+(?P<what>(?:new\s+)?[\w-]+(?:\s+[\w-]+)?)"
    r"(?=\s+(?:by|through|with|via|for)\b|$)",
    re.I,
)
"""The time to bring something to market ("Reduce time to market for new features by helping
engineering teams …"): made quick for the people the objective names."""
_PRODUCTIVITY = re.compile(r"\b(?:productivity|efficiency|effectiveness)$", re.I)
"""How much people get done, an aim for the people it names ("developer productivity"): their
work made easier, not the quality made "effortless"."""
_GIVEN = re.compile(
    r"\b(?:awareness|visibility|transparency|clarity|access|knowledge|insights?|confidence|trust"
    r"|delight|joy|recognition|perspectives|mentoring|mentorship|coaching|guidance|training"
    r"|education|learning|opportunit(?:y|ies))$",
    re.I,
)
"""What an objective can bring to people ("Bring awareness to every developer"); signups,
engineers or customer support are not brought to anyone."""
_AMOUNT = re.compile(
    r"(?:the\s+|our\s+)?(?:number|share|amount|count|percentage|rate|level|total)\b", re.I
)


def _common_word(word: str) -> bool:
    """Whether a capitalised word is an English word ("Hiring"), not a name ("Babelfish")."""
    from coach.rewrite.offline.typos import is_real_word  # its word list loads when first needed

    return is_real_word(word)


def _opened_lower(subject: str) -> str:
    """A subject that opened the objective, its capital taken off mid-sentence ("Uptime" →
    "uptime"); an acronym ("MTTR") keeps its case."""
    return subject[0].lower() + subject[1:] if subject[1:2].islower() else subject


def key_result_beneficiary(key_results: tuple[str, ...] | list[str]) -> str | None:
    """Who the first key result that names anyone names ("the share of new admins who …",
    "… for Veterans"). Only a group a preposition introduces: a bare word in a key result is
    usually its metric ("weekly active teams"), not who the objective is for."""
    named = (_BENEFICIARY.search(kr) for kr in key_results)
    return next((beneficiary(m.group(0)) for m in named if m), None)


_GROUP_HEADS = frozenset(
    "team teams squad squads staff crew crews department departments org organization "
    "organisation".split()
)
"""Head nouns of a group of people: a subject they head is never something people use."""


def subject_kind(subject: str) -> tuple[str, str | None]:
    """("experience" | "made" | "aim", who a made thing is for) by the lexicon's
    ``objectives`` block: a product or experience people use, something the team makes for
    people to read or visit, or neither."""
    lexicon = load_lexicon()
    words = re.findall(r"[\w.-]+", subject.lower())
    made = dict(lexicon.made)
    if words and words[-1] in made:  # its head noun: "the new website", "impactful content"
        return "made", made[words[-1]]
    if words and re.search(r"conf$", words[-1]) and "conference" in made:  # "IPFSConf"
        return "made", made["conference"]
    if words and words[-1] in _GROUP_HEADS:  # "product team": people, not a product they use
        return "aim", None
    if phrase_regex(lexicon.experience).search(subject):  # "admin analytics", "Patient booking"
        return "experience", None
    made_word = next((w for w in reversed(words) if w in made), None)  # "docs site search"
    return ("made", made[made_word]) if made_word else ("aim", None)


def objective_plan(
    text: str, verb_end: int, key_results: tuple[str, ...] = ()
) -> tuple[list[str], str]:
    """Candidate rewrites of an objective, best first, and why there are none when there are
    none. The wording fits what the subject is (``subject_kind``); who benefits is who the
    objective, its purpose or its key results name, else who the subject's words imply."""
    text, purposed = _purpose_beneficiary(text)
    subject = objective_subject(text, verb_end)
    if not verb_end and len(subject.split()) > 1 and re.match(r"[A-Z][a-z-]+\s", subject):
        subject = f"our {subject[0].lower()}{subject[1:]}"  # "Real-time dashboard for …": a thing
    elif not verb_end and re.fullmatch(r"[A-Z][a-z-]+", subject) and _common_word(subject):
        subject = subject.lower()  # "Hiring": a word that opened the objective, not a name
    named = purposed or beneficiary(text) or key_result_beneficiary(key_results)
    in_text = purposed or beneficiary(text[verb_end:])  # named after its verb ("Hire …" is none)
    if named and _QUALITY_OF.match(text[verb_end:]) and _same(subject, named):
        named = None  # "the security of our customer accounts": the accounts are the subject
    who = named or default_beneficiary(text)
    if purposed and re.search(r"\bcustomer$", purposed):  # "… to win the enterprise market"
        return [f"Make our product the first choice for every {purposed}"], ""
    state = _STATE.search(subject)  # "Keep the mirror network healthy": a state, not a name
    if state:
        subject = subject[: state.start()]
    kinds = [name for name, pattern in _CATEGORIES if re.search(pattern, subject or text, re.I)]
    if _RETAIN.match(text):  # "Retain …", "Grow and retain our customers"
        kinds = ["retention", *(k for k in kinds if k != "retention")]
    quality = _QUALITY_OF.match(text[verb_end:])  # "Improve the performance of X": speed
    effort = bool(quality) and quality["quality"].lower() in _EFFORT
    if quality:
        word = quality["quality"]
        kinds = [] if effort else [n for n, p in _CATEGORIES if re.search(p, word, re.I)]
    kinds = ["reliability"] if state else kinds
    if re.match(r"\s*in\s+[A-Z]", text[verb_end:]):  # "Launch in Germany and France"
        kinds, who = ["place"], beneficiary(text) or "customer"
        subject = objective_subject(text, verb_end, keep_case=True)
    texts = []
    verb = text[:verb_end].strip().lower()
    productive = _PRODUCTIVITY.search(subject) if verb not in _REDUCE else None
    if productive:  # "Improve developer productivity": what changes for the people themselves
        texts.append(f"Help every {named or who} do their best work with less friction")
    quick = _TIME_TO.match(text[verb_end:].strip(" .")) if verb in _REDUCE else None
    market = _TIME_TO_MARKET.match(text[verb_end:].strip(" .")) if verb in _REDUCE else None
    if quick:  # "Reduce time to submit both CHAMPVA and OHI"
        action = quick["action"].strip()
        action = f"get {action}" if quick["verb"].lower() == "paid" else action
        texts.append(f"Make it quick for every {who} to {action}")
    elif market and named:  # "… for new features by helping engineering teams …"
        texts.append(f"Make it quick for every {named} to bring {market['what']} to market")
    if (
        verb in _REDUCE
        and subject
        and not kinds
        and not quality  # "Reduce the complexity of filing a claim": the filing stays
        and not re.match(r"(?:the\s+)?time\b", subject)
    ):
        texts.append(
            f"Free every {who} from {subject}"
        )  # "Reduce TOIL": not "Make TOIL effortless"
    for kind in kinds[:1]:
        if "{subject}" in _TEMPLATES[kind] and not subject:
            continue
        template, named_subject = _TEMPLATES[kind], subject
        if kind in ("reliability", "speed", "security") and _QUALITY_TAIL.search(subject):
            core = re.sub(r"^(?:the|our)\s+", "", _QUALITY_TAIL.sub("", subject), flags=re.I)
            if re.search(r"\s(?:and|or)$|^(?:and|or)$", core):  # "Debuggability and Stability"
                core = ""
            named_subject = "our " + core  # "platform reliability" → "our platform"
            if not core:  # "uptime", "MTTR", "Improved Performance"
                template, named_subject = "Make {subject} something every {b} can count on", subject
                named_subject = _opened_lower(named_subject)
        if kind in ("audience", "community") and not re.match(
            r"(?:the|our|their)\s", subject, re.I
        ):
            named_subject = "our " + subject
        plural = re.search(r"[^s]s$", named_subject) is not None  # "sales follow"
        texts.append(
            template.format(b=who, subject=named_subject, follows="follow" if plural else "follows")
        )
    if not subject:
        texts = texts or _made_clear(text, who)
        return list(dict.fromkeys(texts)), "no short noun phrase names what it is about"
    what, audience = subject_kind(subject)
    what = "experience" if effort else what  # what is complex to use is something people use
    if what == "experience":  # something people use: a product, a flow, a service
        # one of them ("deliver a big feature on Wagtail"): ours, not "Make big feature …"
        one = re.match(r"\s*an?\s", text[verb_end:], re.I) and not re.match(
            r"(?:the|our|their)\s", subject, re.I
        )
        texts.append(
            _TEMPLATES["default"].format(b=who, subject=f"our {subject}" if one else subject)
        )
    elif what == "made":  # something the team makes: worth its readers' or visitors' time
        named_thing = len(subject.split()) == 1 and re.match(r"[A-Z]|\w+[A-Z]", subject)  # IPFSConf
        owner = "" if named_thing or re.match(r"(?:the|our|their|an?)\s", subject, re.I) else "our "
        for_whom = f"every {named}" if named else audience
        texts.append(f"Make {owner}{subject} worth the time of {for_whom}")
    elif named and _GIVEN.search(subject) and not _same(subject, named):  # an aim, for someone
        # the draft names, not itself ("Grow the team": not "Bring the team to every team"), and
        # one that can be brought to people ("Hire 5 engineers": not "Bring engineers to …")
        texts.append(f"Bring {subject} to every {named}")
    texts = texts or _made_clear(text, who)
    return list(dict.fromkeys(texts)), _no_wording(subject, in_text)


def _no_wording(subject: str, named: str | None) -> str:
    """Why an objective about ``subject`` gets no wording; ``named`` is who the objective names
    after its verb, if anyone."""
    if _AMOUNT.match(subject):
        return (
            f'"{subject}" is an amount, not something to make better for anyone: name the outcome'
        )
    aim = f'"{subject}" is an aim, not something people use or the team makes'
    bare = re.sub(r"^(?:the|our)\s+", "", subject)
    themselves = (  # the people are the subject: "Grow the OCTO team", "Hire about 55 people"
        _same(subject, named or "")
        or subject.split()[-1].lower() in _GROUP_HEADS
        or _BARE_BENEFICIARY.fullmatch(bare)
    )
    if named and not themselves:  # "Deliver value to enterprise developers"
        return f"{aim}: say what changes for every {named}"
    return (
        f"{aim}, and neither the objective nor its key results name who it is for: say who benefits"
    )


_KNOWING = re.compile(
    r"^(?:identify|define|map|clarify|determine|decide\s+on|agree\s+on|work\s+out|figure\s+out)"
    r"\s+(?:the\s+)?(?:areas?\s+of\s+|list\s+of\s+)?(?P<what>[a-z][\w\s-]*[a-z])\.?$",
    re.I,
)
"""An objective to find something out: what is found, made clear to whoever benefits ("Identify
areas of progress and future goals" → "Make our progress and future goals clear to every …")."""


def _same(subject: str, who: str) -> bool:
    bare = re.sub(r"^(?:the|our|their)\s+", "", subject.lower())
    return bare in (who.lower(), f"{who.lower()}s")


def _made_clear(text: str, who: str) -> list[str]:
    """An objective to find something out, as the thing found made clear to who benefits; []
    for another objective."""
    known = _KNOWING.match(text)
    if not known or len(known["what"].split()) > 8 or re.match(r"(?:and|or)\s", known["what"]):
        return []  # (not "Identify and start addressing pain points": a second verb's work)
    what = re.sub(r"^(?:an?|the)\s+", "", known["what"], flags=re.I)  # not "our an offering"
    if not re.match(r"(?:our|their|its)\s", what, re.I):  # "the gaps … in our release process"
        what = f"the {what}" if re.search(r"\b(?:our|their|its)\b", what, re.I) else f"our {what}"
    return [f"Make {what} clear to every {who}"]


def objective_texts(text: str, verb_end: int, key_results: tuple[str, ...] = ()) -> list[str]:
    """Candidate rewrites of an objective, best first."""
    return objective_plan(text, verb_end, key_results)[0]


_MORE_VERBS = re.compile(r"(?:set\s+up|guide|champion|open[- ]source)\b", re.I)
"""Activity verbs the checker's lists leave out but no objective should open with."""


_NOT_ADVERBS = frozenset(
    {"apply", "supply", "reply", "rely", "fly", "ally", "only", "early", "family", "assembly"}
    | {"italy", "july", "anomaly", "monopoly"}
)
"""Words ending in "ly" that are no adverb: one opening an objective ("Apply …", "Early access
…"), or ending its subject ("… for every family")."""


def objective_verb_end(text: str) -> int:
    """Where the objective's opening verb ("Improve", "Grow", "Reach") ends, after an adverb
    before it ("Relentlessly improve …"); 0 without one."""
    adverb = re.match(r"[a-z]+ly\s+(?=[a-z])", text, re.I)
    if adverb and adverb.group(0).lower().strip() not in _NOT_ADVERBS:
        end = objective_verb_end(text[adverb.end() :])
        return adverb.end() + end if end else 0
    vocabulary = load_vocabulary()
    ends = [m.end() for m in (vocabulary.pattern(n).match(text) for n in _OPENING_VERBS) if m]
    ends += [m.end() for m in [re.match(r"(?:make|become|be|get|ensure)\b", text, re.I)] if m]
    ends += [m.end() for m in [_MORE_VERBS.match(text)] if m]
    end = max(ends, default=0)
    while end:  # "Grow, enhance, and support collaboration": the whole list of verbs
        m = re.match(r",?\s*(?:and\s+|&\s+)?(?=\S)", text[end:])
        if m is None:  # the verb ends the text ("Grow"): nothing follows it
            break
        rest = end + m.end()
        more = [p.match(text, rest) for p in map(vocabulary.pattern, _OPENING_VERBS)]
        more = [v.end() for v in more if v and (m.group(0).strip() or text[end:rest].strip())]
        if not more or rest == end:
            break
        end = max(more)
    text_after = text[end:]
    on = re.match(r"\s+on\b", text_after, re.I)  # "Execute on hiring plans"
    return end + on.end() if on else end


# a link's address, and a reference's number in its words ("[Epic 39](…)")
_ADDRESS = re.compile(r"\]\([^)\s]*\)|<?https?://[^\s>)]+|\[[A-Za-z]+\s+#?\d+\](?=\()")
_COUNTED_ITEM = re.compile(r"\s*[\w-]+\s*(?:,\s*|(?=\)))")
"""What a number counts when it is a whole list item: " user, " in "(5k+ user, global)"."""


_BEFORE_NUMBER = re.compile(
    r"(?:\s+(?:by|to|of|at|from|with|over|under|about))?"
    r"(?:(?:\s+|(?<=\())(?:at\s+least|at\s+most|up\s+to|more\s+than|fewer\s+than|less\s+than|over|about"
    r"|around|approximately))?"
    r"(?:\s*\b(?:one|two|three|four|five|\d+)\s*/)?\s*$",
    re.I,
)
"""What goes with a number taken out: a preposition, a bound ("at least 2 SDRs") and the other
number of a range written with a slash ("one/two games")."""


def without_numbers(text: str) -> str | None:
    """ "Make onboarding 50% faster for new admins" → "Make onboarding faster for new admins":
    the objective with its metric numbers taken out, when they are incidental to it. A short
    sentence that is only a figure ("100% of metrics.") goes whole."""
    original = text.strip()
    sentences = re.split(r"(?<=\.)\s+", original)
    kept = [x for x in sentences if not (find_quantities(x) and len(x.split()) <= 4)]
    text = " ".join(kept).strip() if kept else text
    vocabulary = load_vocabulary()
    names = ("increase_verbs", "decrease_verbs", "reach_verbs", "maintain_verbs")
    if any(vocabulary.pattern(n).match(text) for n in names):
        return None  # "Increase revenue by 25%": the number is the point; use a template
    addresses = [m.span() for m in _ADDRESS.finditer(text)]
    for q in reversed(find_quantities(text)):
        if any(s <= q.start < e for s, e in addresses):
            continue  # "utf8=%E2%9C%93" in a link's address is no number of the objective
        if re.match(r"\s+of\b", text[q.end :]):  # "so that 60% of them give again"
            if q.value == 100 and q.unit == Unit.PERCENT:  # "100% of GitLab team members"
                text = text[: q.start] + "all" + text[q.end :].replace(" of", "", 1)
                continue
            text = text[: q.start] + "more" + text[q.end :]
            continue
        before = _BEFORE_NUMBER.search(text[: q.start])
        after = q.end + len(text[q.end :]) - len(text[q.end :].lstrip("+"))  # "1TB++", "5k+"
        counted = _COUNTED_ITEM.match(text, after)  # "(5k+ user, …": the list item goes whole
        if counted and re.search(r"[(,]\s*$", text[: before.start()]):
            after = counted.end()
        text = text[: before.start()] + " " + text[after:]
    # a parenthesis the number was all of goes ("large datasets (1TB++)"), and one it began
    # closes up ("(5k+ user, multi-business unit, global)" → "(multi-business unit, global)")
    text = re.sub(r"\s*\(\s*\)", "", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\s*,\s*\)", ")", text)  # "(global, 5k+ user)" → "(global)"
    text = re.sub(r"\s*(?:=>|->|→)\s*$", "", text)  # "… => 100%": the arrow led to the number
    text = re.sub(r"\s+", " ", text).strip(" ,.")
    if text[:1].islower() and not original[:1].islower():  # "100% of GitLab …" → "All GitLab …"
        text = text[0].upper() + text[1:]
    return text or None
