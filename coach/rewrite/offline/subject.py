"""The task's own subject: what a task-style key result is about and who uses it, so an outcome
can keep it ("Build a churn-risk dashboard for the CS team" is about the churn-risk dashboard and
the CS team, not about "dashboards and reports" in general).

- ``split_purpose``: "… to reduce risk" is the work's purpose, not the work; ``vague_metric`` says
  when a purpose names nothing one could count ("risk", "things"), so the subject is used instead;
  ``purpose_metric`` reads "so customers get fixes faster" as the time it takes them.
- ``task_subject``: the deliverable's noun phrase, its users ("for all staff", "to every squad"),
  platform ("Android …", "on mobile") and place ("in the editor"), whether the work makes
  something new or improves something that exists, and whether it is internal work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.analysis import find_deadline
from coach.rubric.vocabulary import load_vocabulary

PEOPLE = _PEOPLE = (
    r"users?|customers?|clients?|buyers?|sellers?|merchants?|shoppers?|members?|subscribers?"
    r"|developers?|partners?|patients?|students?|learners?|readers?|employees?|people|person"
    r"|engineers?|managers?|admins?|administrators?|agents?|reps?|staff|owners?|marketers?"
    r"|designers?|operators?|drivers?|riders?|guests?|hosts?|creators?|players?|analysts?"
    r"|accountants?|recruiters?|technicians?|clinicians?|doctors?|nurses?|teachers?|parents?"
    r"|volunteers?|donors?|hires|newcomers?|contributors?|reviewers?|moderators?|AEs?|SDRs?"
    r"|CSMs?|PMs?|leads|stakeholders?|vendors?|suppliers?|coaches|mentors?|travell?ers?"
    r"|contractors?|freelancers?|interns?|consultants?|trainees?|residents?|tenants?|citizens?"
    r"|veterans?|claimants?|writers?|attendees?|speakers?|maintainers?|researchers?|candidates?"
)
_GROUPS = (
    r"teams?|squads?|departments?|groups?|orgs?|organi[sz]ations?|accounts?|workspaces?"
    r"|tenants?|compan(?:y|ies)|businesses|business|stores?|clinics?|schools?|offices?|crews?"
)
_USERS = re.compile(
    rf"^(?:(all|every|each|our|the|any|both|an?)\s+)?((?:[\w-]+\s+){{0,3}}?(?:{_PEOPLE}|{_GROUPS}))$",
    re.I,
)
_DEPARTMENT = re.compile(
    r"^(?:the\s+)?(finance|marketing|sales|legal|HR|ops|operations|support|engineering|design"
    r"|product|leadership|procurement|recruiting|security|IT|growth|data)$",
    re.I,
)
GROUP_END = re.compile(rf"(?:{_GROUPS})$", re.I)
_PLURAL = {"person": "people", "staff": "staff", "company": "companies", "business": "businesses"}
_PLACE = re.compile(
    r"^(?:the|our|your)\s+(?:[\w-]+\s+){0,3}?(page|screen|tab|view|dashboard|home\s?page|feed"
    r"|profile|sidebar|toolbar|menu|portal|app|editor|inbox|calendar|console|settings|cart"
    r"|checkout|extension|table|list|grid|form|modal|report|wizard)$",
    re.I,
)
_ON = {"page", "screen", "tab", "view", "dashboard", "homepage", "home page", "feed", "profile"}
_ON |= {"sidebar", "toolbar", "menu", "portal"}
_PLATFORMS = r"Android|iOS|iPadOS|iPad|iPhone|macOS|Mac|web|desktop|mobile|watchOS|Apple\s+Watch"
_PLATFORM = re.compile(rf"^({_PLATFORMS})\s+(?=\S)", re.I)
_ON_PLATFORM = re.compile(rf"^(?:the\s+)?({_PLATFORMS})(?:\s+apps?)?$", re.I)
_LEAD = re.compile(
    r"^(?:(?:a|an|the|our|its|their|this|these|that|those|all|every|each|some|compulsory"
    r"|mandatory|required|initial|basic|full|complete|entire|whole|remaining|outstanding|several"
    r"|multiple|various|additional|v?\d[\d.,]*\+?|one|two|three|four|five|six|ten|dozen)\s+)+",
    re.I,
)
# said without an article: "who use dark mode", "who use two-way calendar sync"
_MASS = {"mode", "export", "import", "sync", "search", "support", "access", "edit", "login"}
_MASS |= {"sso", "2fa", "mfa", "autocomplete", "autosave", "auto-save", "chat", "video", "pay"}
_OWNER = re.compile(r"^(?:our|your|their)\s+", re.I)
_PREPOSITION = re.compile(
    r"\s(for|to|among|across|with|in|on|into|of|from|at|via|using|inside|within|through|about"
    r"|around|under|behind)\s",
    re.I,
)
# a head that names the work, not the thing ("30 stories for the export feature")
_WORK_HEAD = re.compile(
    r"^(?:(?:[\w-]+\s+){0,2}?(?:stories|story|story\s+points|tickets?|epics?|tasks?|items?|work"
    r"|specs?|designs?|mockups?|wireframes?|prototypes?|release|mvp|beta|pilot|rollout|launch)"
    r"|v?\d[\w.]*|version\s+\S+|phase\s+\S+)$",
    re.I,
)
NOT_A_FEATURE = re.compile(
    r"\b(?:memo|plan|plans|strategy|policy|policies|budget|deck|roadmap|process|processes"
    r"|document|doc|docs|okrs?|contract|contracts|rfp|proposal|review|reviews|audit|analysis"
    r"|research|study|interviews?|offsite|retro|retrospective|meetings?|headcount|vendor|rfc|adr"
    r"|postmortem|hiring|hire|hires|board|investors?|fundraise|office|hours|event|conference"
    r"|party|newsletter|podcast|webinar|blog|post|posts|article|articles|training|workshops?"
    r"|hackathon|summit|meetup|all-hands|kickoff|lunch|dinner|awards?|surveys?|campaign"
    r"|metrics|statistics|stats|schedule|baseline|rota|tests?|pieces)\b",
    re.I,
)
_STUDY = re.compile(
    r"map|identify|research|investigate|explore|analy[sz]e|evaluate|assess|gather|collect"
    r"|understand|learn|benchmark|survey|interview|define",
    re.I,
)
_LIST_AFTER = re.compile(r",(?![^()]*\))(?:\s.*)?$")  # not "(Jira, Linear)"
_HOW_AFTER = re.compile(
    r"\s+(?:dedicated|devoted|related|tailored)$|\s+(?:on|in)\s+(?:time|schedule|budget)$", re.I
)
"""What ends a thing: a comma's list ("new version, updated, fixed, including #stars"), then a
participle or a how after it ("web page dedicated", "products on time")."""
INTERNAL = re.compile(
    r"\b(?:laptops?|desktops|workstations?|printers?|monitors|office|offices|wi-?fi|vpn"
    r"|servers?|databases?|dbs?|postgres(?:ql)?|mysql|mongo(?:db)?|redis|kafka|kubernetes|k8s"
    r"|terraform|jenkins|clusters?|infra(?:structure)?|dependenc(?:y|ies)|firmware|hardware"
    r"|data\s+cent(?:er|re)s?|backups?|logging|logs|monorepo|codebase|tech\s+debt|payroll|erp"
    r"|hr\s+system|wiki|confluence|jira|sandbox(?:es)?|staging|test\s+environments?|os"
    r"|windows\s+\d+|macos\s+\d+|python\s+\d|java\s+\d+|node\s+\d+|build\s+system|cron)\b",
    re.I,
)
_NEW = re.compile(
    r"ship|launch|release|roll|add|introduce|enable|build|implement|deliver|create|develop"
    r"|go\s+live|beta|pilot|set\s+up|stand\s+up|publish|offer|design\b",
    re.I,
)
_IMPROVE = re.compile(r"redesign|rebuild|revamp|overhaul|rework|refresh|modernis|moderniz", re.I)
_DELIVERED = load_vocabulary().compile(
    r"\s+(?:{deliverable_words})(?:\s*(?:,|and|&)\s*(?:{deliverable_words}))*\s*$"
)
_PURPOSE = load_vocabulary().compile(
    r"\s(?:so(?:\s+that)?(?=\s+\w+\s+\w)|(?:(?:in\s+order\s+)?to|and\s+thereby|that\s+will"
    r"|which\s+will|aiming\s+to|with\s+the\s+goal\s+of)(?=\s+(?:{increase_verbs}"
    r"|{decrease_verbs}|help|helps|make|let|enable|allow|give|get|support|drive|ensure|prevent"
    r"|avoid|protect|keep|stop|unblock|empower|encourage|reduce|improve)\b))\s+"
)
_PURPOSE_VERB = load_vocabulary().compile(
    r"^(?:(?:{increase_verbs}|{decrease_verbs}|help|make|drive|ensure|support|enable|improve"
    r"|reduce|boost|increase|lower|minimi[sz]e|maximi[sz]e|strengthen|foster|promote|build"
    r"|create|deliver|unlock|address|manage|mitigate|tackle)\s+)+(?:(?:the|our|overall|any)\s+)*"
)
VAGUE = {
    "risk", "risks", "thing", "things", "stuff", "everything", "it", "quality", "efficiency",
    "productivity", "performance", "experience", "experiences", "outcome", "outcomes", "result",
    "results", "value", "impact", "operations", "process", "processes", "collaboration",
    "communication", "alignment", "visibility", "awareness", "culture", "security", "safety",
    "compliance", "reliability", "speed", "engagement", "adoption", "usage", "growth", "success",
    "overall", "general", "our", "the", "team", "business", "product", "work", "workflow",
    "workflows", "ux", "user", "users", "customer", "customers", "satisfaction", "posture",
    "maturity", "readiness", "effectiveness", "agility", "resilience", "morale", "trust",
    "confusion", "friction", "frustration", "pain", "waste", "toil", "chaos", "silos", "noise",
    "overhead", "complexity", "consistency", "clarity", "ownership", "accountability", "focus",
}  # fmt: skip


_FILLER = {"in", "on", "at", "of", "for", "with", "future", "now", "today", "later", "time"}
"""Words that say when or how, not what: "improve it in the future" names nothing either."""


def split_purpose(text: str) -> tuple[str, str | None]:
    """("Run security training for all staff", "reduce risk") for "… to reduce risk"."""
    m = _PURPOSE.search(text)
    return (text[: m.start()].strip(), text[m.end() :].strip()) if m else (text, None)


def vague_metric(metric: str) -> bool:
    """ "risk", "things", "overall quality": a purpose that names nothing one could count."""
    words = [w for w in re.findall(r"[a-z][a-z0-9]*", metric.lower()) if w not in _FILLER]
    return not words or all(w in VAGUE for w in words)


def vague_purpose(purpose: str | None) -> bool:
    """ "reduce risk", "drive growth", "improve compliance": a verb and a vague metric."""
    if not purpose:
        return False
    rest = _PURPOSE_VERB.sub("", purpose.strip(" .,;"))
    return rest != purpose.strip(" .,;") and vague_metric(rest)


def words_of(text: str) -> set[str]:
    """Lower-case words, hyphenated ones split, plural "s" dropped: for comparing subjects."""
    out = set()
    for w in re.findall(r"[a-z][a-z0-9]*", text.lower()):
        out.add(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return out


@dataclass(frozen=True)
class Subject:
    thing: str
    """The deliverable as a noun phrase, without article: "churn-risk dashboard"."""
    named: str
    """How a template names it: "the churn-risk dashboard", "keyboard shortcuts in the editor"."""
    users: str | None
    """Who uses it, as the item says: "CS team members", "staff", "power users"."""
    users_phrase: str | None
    """Where the item says so ("for the CS team"): the lexicon reads the work without it."""
    group: bool
    """Whether the users are teams or accounts ("squads that use …"), not people."""
    platform: str | None
    improves: bool
    """It reworks something that exists ("Redesign …"), rather than making something new."""
    internal: bool
    user_facing: bool
    studied: bool = False
    """The work studies it ("Map features missing", "Gather statistics of …"): what is found out
    is no thing anyone uses."""

    @property
    def words(self) -> set[str]:
        return words_of(f"{self.thing} {self.users or ''}")


_BOUND = re.compile(r"^(?:more\s+than|at\s+least|over|up\s+to|about)\s+(?=\d)", re.I)
_SOFTWARE_CLIENT = re.compile(
    r"\b(?:web|desktop|mobile|api|http|email|e-mail|native|cli|rpc|sdk|git|ipfs|go|js|python)"
    r"\s+clients?$",
    re.I,
)


ANYONE = re.compile(r"(?:some|any|every|no)(?:one|body)\b", re.I)
""""Hire someone to own security": a pronoun, no thing or role named."""
_QUESTION = re.compile(r"\b(?:what|how|why|whether|which)\b", re.I)


def users_of(phrase: str) -> tuple[str, bool] | None:
    """(who, is a group): "the CS team" → "CS team members", "every squad" → "squads"."""
    if _QUESTION.search(phrase):  # "research what ML team": a question, no people
        return None
    dept = _DEPARTMENT.match(phrase.strip())
    if dept:
        return f"{dept.group(1)} team members", False
    m = _USERS.match(phrase.strip())
    if not m or re.search(r"\b[A-Z][a-z]+$", m.group(2)):  # "the App Store" is a place
        return None
    if _SOFTWARE_CLIENT.search(m.group(2)):  # "a unified web client" is software, not people
        return None
    if re.match(r"(?:being|having|becoming|doing|making|getting)\s", m.group(2), re.I):
        return None  # "for being a remote company": what it is for, not who
    # "to more than 20 people": the share of the 20 people (the count stays, its bound goes)
    det, words = (m.group(1) or "").lower(), _BOUND.sub("", m.group(2)).split()
    if det in {"every", "each", "a", "an"}:  # "a new user": new users
        last = words[-1]
        words[-1] = _PLURAL.get(last.lower()) or (last if last.endswith("s") else last + "s")
    elif det == "the" and re.fullmatch(r"team|squad|department|group|crew", words[-1], re.I):
        words.append("members")
    if words[0][:1].isdigit():  # "to 30 team leads": the share of the 30 team leads
        words.insert(0, "the")
    who = " ".join(words)
    return who, bool(GROUP_END.search(who))


def _place(phrase: str) -> str | None:
    m = _PLACE.match(phrase.strip())
    if not m:
        return None
    return ("on " if m.group(1).lower() in _ON else "in ") + phrase.strip()


SECOND_VERB = re.compile(r"^\s*(?:and|&)\s+[a-z]+\s+")
"""The second verb of "Identify and deliver …", "Grow and retain …", after the first."""
ENSURE = re.compile(r"^\s*(?:ensure|make\s+sure|making\s+sure|ensuring)\s+(?:that\s+)?", re.I)
""" "Ensure every endpoint … is documented": the work is what is ensured."""
_JOINED = re.compile(r"(?:,\s*|\s+)(?:and|&|then)\s+(?:then\s+)?")


def without_second_task(work: str, verbs: re.Pattern[str]) -> str:
    """``work`` up to a second task joined to it ("software solutions and select and implement
    one" → "software solutions"): the next verb's object is not more of the thing."""
    for joined in _JOINED.finditer(work):
        if verbs.match(work[joined.end() :]):
            return work[: joined.start()]
    return work


def _opening(text: str) -> tuple[str, str, bool, bool] | None:
    """(the work without its verb, the verb, whether it is a noun-phrase deliverable, whether a
    second verb follows the first: "Identify and deliver …")."""
    verbs = load_vocabulary().pattern("task_verbs")
    cut = min((s for s, _ in find_deadline(text)[1]), default=len(text))
    work = text[:cut].strip(" ,.;:")
    delivered = _DELIVERED.search(work)
    work = work[: delivered.start()] if delivered else work
    if delivered:  # "2 nodes are provisioned, monitored and documented": the nodes
        work = _BEING.split(work, maxsplit=1)[0]
    work = re.sub(r"^We(?:'|’)ve\s+|^We\s+have\s+", "", work, flags=re.I)
    work = ENSURE.sub("", work)
    verb = verbs.match(work) or _past_tense(work, verbs)
    if not verb and not delivered:
        return None  # "Increase sprint velocity …": a measure, not a deliverable
    work = work[verb.end() :] if verb else work
    second = bool(SECOND_VERB.match(work))
    work = SECOND_VERB.sub(" ", work)  # "Identify and deliver …"
    work = without_second_task(work, verbs)
    work = re.sub(r"^\s*(?:out|up|off|on)\s+", " ", work, flags=re.I).strip()
    joined = re.match(r"(?:with|into|onto)\s+", work, re.I)
    if joined:  # "Integrate with Salesforce and HubSpot": the integrations with them
        work = work[joined.end() :]
        if verb and verb.group(0).lower().startswith("integrat"):
            work = f"{work} integrations"
    gerund = re.match(r"(\w+?)ing\s+(?:(?:out|up|off)\s+)?", work)  # "finish migrating …"
    if gerund and (verbs.fullmatch(gerund.group(1)) or verbs.fullmatch(gerund.group(1) + "e")):
        work = work[gerund.end() :]
    return work, verb.group(0) if verb else "", bool(delivered), second


_BEING = re.compile(r"\s(?:is|are|was|were|has\s+been|have\s+been|gets|get|got)\b", re.I)


def _past_tense(work: str, verbs: re.Pattern[str]) -> re.Match[str] | None:
    """ "Created an internal data dashboard", "Rolled out …": a task verb in the past tense."""
    m = re.match(r"([A-Za-z]+?)(e?d)\b(\s+(?:out|up|off))?", work)
    if not m:
        return None
    for stem in (
        m.group(1),
        m.group(1) + "e",
        m.group(1)[:-1] if m.group(1)[-1:] == m.group(1)[-2:-1] else "",
    ):
        if stem and verbs.fullmatch(stem):
            return m
    return None


def _joined_names(parts: list[str]) -> list[str]:
    """``_PREPOSITION.split``'s parts with a preposition between two capitalised words put back
    into the name it is part of ("on Made with Wagtail", "at Bank of America")."""
    i = 2
    while i < len(parts) - 1:
        before, after = parts[i].split(), parts[i + 2].split()
        if before and after and before[-1][:1].isupper() and after[0][:1].isupper():
            parts[i : i + 3] = [f"{parts[i]} {parts[i + 1]} {parts[i + 2]}"]
        else:
            i += 2
    return parts


def task_subject(text: str) -> Subject | None:
    """The work's subject; ``text`` is the item without its purpose clause and dependency."""
    opening = _opening(text)
    if opening is None:
        return None
    work, verb, delivered, second = opening
    parts = _joined_names(_PREPOSITION.split(" " + work + " "))
    head = parts[0].strip()
    article = bool(_LEAD.match(head + " "))
    head = _LEAD.sub("", head + " ").strip()
    users = users_phrase = place = platform = None
    group, extra = False, []
    for prep, phrase in zip(parts[1::2], parts[2::2], strict=True):
        prep, phrase = prep.lower(), phrase.strip()
        found = users_of(phrase) if prep in {"for", "to", "among", "across"} else None
        on = _ON_PLATFORM.match(phrase) if prep in {"on", "for", "in", "to"} else None
        where = _place(phrase) if prep in {"to", "in", "on", "into", "inside", "for"} else None
        if found and not users:
            (users, group), users_phrase = found, f"{prep} {phrase}"
        elif prep in {"for", "of", "on"} and (not head or _WORK_HEAD.match(head)) and not extra:
            article = bool(_LEAD.match(phrase + " "))
            head = _LEAD.sub("", phrase + " ").strip()
        elif on and not platform:
            platform = on.group(1)  # "on mobile", "in the iOS app"
        elif where and not place:
            place = where
        elif (prep in {"for", "on", "about", "of"} or prep == "with" and phrase[:1].isupper()) and (
            not place and not extra
        ):  # "for shipment tracking", "with HubSpot"
            extra.append(prep + " " + _OWNER.sub("", phrase))
    thing = " ".join([head, *extra]).strip()
    thing = _HOW_AFTER.sub("", _LIST_AFTER.sub("", thing)).strip()
    # "Design specs for the new settings page delivered to eng": the page, not its delivery
    thing = _DELIVERED.sub("", thing).strip() or thing
    thing = re.sub(r"^rest\s+of\s+(?:the\s+)?", "", thing, flags=re.I)  # "the rest of the …"
    if not thing or _WORK_HEAD.match(thing) or len(thing.split()) > 7 or ANYONE.match(thing):
        return None  # (not "someone" in "Hire someone to own security": no thing named)
    m = _PLATFORM.match(thing)
    if m and not re.fullmatch(r"(?:mobile|web|desktop)\s+app", thing, re.I):
        platform = platform or m.group(1)
        # "Android widgets" / "the mobile …"; a version stays with its platform ("iOS 17
        # lock-screen widgets": not "17 lock-screen widgets", a count)
        versioned = re.match(r"v?\d", thing[m.end() :], re.I)
        thing = thing if article or versioned else thing[m.end() :]
    last = thing.split()[-1].lower() if thing.split() else ""
    article = article or not (last.endswith("s") or last.endswith("ing") or last in _MASS)
    if re.fullmatch(r"[a-z][\w-]*(?:[.-][a-z][\w-]*)+|[A-Z][\w.-]*", thing):  # "js.ipfs.io"
        article = False  # a name: "js.ipfs.io", "Linear"
    named = ("the " if article else "") + thing + (f" {place}" if place else "")
    internal = bool(INTERNAL.search(thing)) and not users
    user_facing = (
        not internal
        and not NOT_A_FEATURE.search(head)
        and bool(_NEW.match(verb) or _IMPROVE.match(verb) or delivered)
    )
    improves = bool(_IMPROVE.match(verb))
    studied = bool(_STUDY.fullmatch(verb.strip())) and not second  # not "Identify and deliver"
    return Subject(
        thing, named, users, users_phrase, group, platform, improves, internal, user_facing,
        studied,
    )  # fmt: skip


_WHO_DOES = re.compile(
    rf"^(?:(?:help|helps|let|lets|enable|enables|allow|allows)\s+)?(?P<who>(?:(?:the|our|all"
    rf"|every|each)\s+)?(?:[\w-]+\s+){{0,2}}?(?:{_PEOPLE}|{_GROUPS}))\s+(?:can\s+|will\s+|to\s+)?"
    r"(?!(?:are|is|be|were|was|have|has)\b)(?P<verb>[a-z]+)\s+(?P<what>.+?)"
    r"(?:\s+(?P<sooner>faster|sooner|quicker|earlier|more\s+quickly))?$",
    re.I,
)


def purpose_metric(purpose: str) -> tuple[str, str] | None:
    """ "so customers get fixes faster" → ("time it takes customers to get fixes", "decrease");
    "so that admins can export invoices" → ("share of admins who export invoices", "increase")."""
    m = _WHO_DOES.match(purpose.strip(" .,;"))
    found = m and users_of(m.group("who"))
    what = m.group("what") if found else ""
    if not found or len(what.split()) > 6 or re.match(r"(?:less|more|fewer|better|worse)\b", what):
        return None
    (who, group), verb = found, m.group("verb").lower()
    if not who.endswith("s") and verb.endswith("s") and not verb.endswith("ss"):
        verb = verb[:-1]  # "so every customer gets …"
    if m.group("sooner"):
        return f"time it takes {who} to {verb} {m.group('what')}", "decrease"
    return f"share of {who} {'that' if group else 'who'} {verb} {m.group('what')}", "increase"


_OBJECTIVE_PEOPLE = re.compile(
    r"^(?P<np>(?:(?:the|our|all|every)\s+)?(?:[\w.-]+\s+){0,3}?[\w.-]+)\s+(?:feel|have|has|can"
    r"|are|is|get|know|find|trust|love|rely|say|see|understand|make|spend)\b",
    re.I,
)


_WORK_VERBS = ("increase_verbs", "decrease_verbs", "reach_verbs", "maintain_verbs", "task_verbs")


def _opens_with_work(phrase: str) -> bool:
    """Whether ``phrase`` opens with a verb of work and its object ("Grow a team", "Build the
    …"); "Support teams …" may be people, and "Make more people …", "Help …" lead to them."""
    if re.match(r"(?:make|help|let|get)\b", phrase, re.I):
        return False
    vocabulary = load_vocabulary()
    for name in _WORK_VERBS:
        verb = vocabulary.pattern(name).match(phrase)
        if verb and re.match(r"\s+(?:an?|the|our|their|new)\b", phrase[verb.end() :], re.I):
            return True
    return False


def audience_of(objective: str | None) -> str:
    """The people an objective is about, as a line's users when the line names none: "The IPFS
    Working Groups feel supported and …" → "IPFS Working Groups"; "Make X effortless for every
    admin" → "admins"; "" when it names nobody."""
    if not objective:
        return ""
    m = _OBJECTIVE_PEOPLE.match(objective.strip())
    if m and _opens_with_work(m["np"]):  # "Grow a team that can serve …": a task, no people
        m = None
    # "Make more people get to know …": the people, not "make more people"
    phrases = (
        [
            re.sub(
                r"^(?:(?:make|help|let|get)\s+)?(?:(?:more|many|most)\s+)?", "", m["np"], flags=re.I
            )
        ]
        if m
        else []
    )
    phrases += re.findall(r"\bfor\s+((?:[\w.-]+\s+){0,3}[\w.-]+)", objective)
    for phrase in phrases:
        words = phrase.split()
        for n in range(len(words), 0, -1):  # the longest start that names people
            said = words[:n]
            if said[0][1:].islower():  # "Users know …": capital only for the sentence
                said = [said[0].lower(), *said[1:]]
            plain = [w if w.isupper() else w.lower() for w in said]  # "IPFS working groups"
            bare = " ".join(w for w in said if w.lower() not in _DETERMINERS)
            for variant in (" ".join(said), " ".join(plain)):
                found = users_of(variant)
                if found:
                    return bare if found[0].lower() == bare.lower() else found[0]
    return ""


_DETERMINERS = {"the", "our", "all", "every", "each"}


# A pronoun, an auxiliary, a verb of change or "to be"/"to become" in what would be a metric or a
# thing, with no "who" / "that" before it to make it a relative clause ("the share of managers who
# have taken …"): the words are a sentence ("We have achieved measurable pipeline", "Team
# satisfaction increases from start of year to end", "tasks have baseline success rates",
# "Lead Maintainer Protocol to become the Maintainer Protocol …"), and "Increase <sentence> from
# [baseline] …" measures nothing
_CLAUSE_WORD = re.compile(
    r"\b(?:we|you|i|they|is|are|was|were|has|have|had|must|should|will|shall|can|cannot|could"
    r"|would|increases|decreases"
    r"|increased|decreased|proves|receives|knows|understands|believes|feels"
    r"|to\s+(?:become|be))\b",
    re.I,
)
_RELATIVE_WORD = re.compile(r"\b(?:who|that|which|whose|where|when)\b", re.I)


def is_clause(phrase: str) -> bool:
    """Whether ``phrase``, meant as a metric or a thing, is a sentence (``_CLAUSE_WORD``)."""
    found = _CLAUSE_WORD.search(phrase)
    return found is not None and _RELATIVE_WORD.search(phrase, 0, found.start()) is None
