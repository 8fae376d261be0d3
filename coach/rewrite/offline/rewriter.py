"""The offline rewriter: the embedded default when no model is configured.

Deterministic templates over the key-result analysis and the outputs→outcomes lexicon
(``rubrics/outcomes.yaml``). No number is invented: values come from the item, the draft or the
user's metrics; anything else is a placeholder ("[baseline]", "[target]", "[key action]"). Each
candidate passes the same guard as a model's proposal; when none does, ``RewriteFailed``.

- OKR201 (task): the outcome the work should move, from its purpose clause ("… to increase
  signups by 10%"; "so customers get fixes faster"; "… that reduce support tickets"; never a
  vague "to reduce risk") or the lexicon (an area before a kind of output: "Run 4 A/B tests on
  the pricing page" is about pricing), "from [baseline] to [target]", keeping the task's own subject and users
  (``outcomes``): a generic entry's metric becomes "the share of CS team members who use
  the churn-risk dashboard weekly", and a user-facing feature no entry knows gets that adoption
  metric too; internal work no user adopts is left alone. Misspelt words match the lexicon
  (``typos``). Its "by Week 6" is the task's due date, so the outcome is read at the end
  of the quarter.
- OKR202 (vanity): the behaviour that proves value; the reach numbers are dropped.
- OKR402 (no baseline): "from [baseline] to <target>"; "by 20%" stays as "(a 20% increase)".
- OKR203 (maintain): "below 3%" is a KPI threshold, not today's value: it stays as the
  guardrail (", never above 3%"); "Maintain 99.9% uptime" states today's value, so 99.9% becomes
  the baseline.
- OKR401/403/404/407: the metric named, a deadline added, a quarter-end survey replaced by a
  bi-weekly pulse, vague words dropped. A dependency clause is kept as the user wrote it.
- Left to the user: compound (OKR204), self-contradicting (OKR405), unnamed dependency (OKR602).
- Objectives (OKR101/102): a qualitative template that keeps the subject and names who benefits
  (a list of verbs is one activity; a purpose clause "… to win the enterprise market" names who).

Issue 11, keeping what the line says:

- Markup the parser leaves in the statement ("[P0][LA]", "Community KR:", "p0 -", a linked owner,
  "(Zach)") is split off and put back around the rewrite byte for byte (``markup``).
- An item the lexicon knows nothing specific about is measured by its own thing (``own``, data in
  ``rubrics/outcomes.yaml``): what it asks of its thing ("rock solid" → failure rate; "can
  quickly add X" → the time it takes), the state it wants for all its things ("Every issue gets
  triaged" → the share of issues that get triaged; "100% of …" → to 100%), its thing's kind
  (nodes → availability, tutorials → completion rate), else "the share of <its users> who
  succeed with <the thing>". Lexicon entries about the item's thing come first, entries matched only
  outside it ("… with community members") after its own kind.
  The proposal it chooses from these says so (``KeyResultProposal._own_words``): the change's
  note asks the user to check the metric fits.
- The numbers the line states stay: a task's count or a reach's from/to is restated beside the
  outcome ("…, alongside the goal: Publish 5 tutorials"; its first sentence only), or, where that
  would be too long, written into the metric ("the completion rate of the 5 tutorials").
- Two items never become one sentence: each keeps its own thing, and the guard's duplicate-metric
  check (``taken_metrics``) sends a sibling's repeat to its next candidate.
- Every number the line states survives, number words too: where restating the whole line is too
  long, its counted nouns are ("…, alongside the goal of at least 15 champions"), and a sentence
  that would still drop one is tried last.
- A reach count becomes the value behind it for the same thing (``own.reach``: views of the
  articles → their read-through rate), before a lexicon entry that knows only the reach word; a
  component's reliability is the success rate of what it does (``own.operations``); a vague
  "usage of X" is the share of who adopts X (``own.usage``).
- What a kind of thing is for, whoever's line it is (``own.kinds``; the rewrite-review README,
  "Kinds of thing"): a usage policy by the abuse and violations it prevents, a roadmap by its
  milestones with a committed owner, a website by the visitors who go on to use the product, a
  report by the readers who plan with it; the users a line does not name are its objective's
  people (``subject.audience_of``). A line that names no measure goes to the entry that knows
  its thing, and with none is left to the team ("Support Python 3.12").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pydantic import ValidationError

from coach.analysis import analyse_key_result
from coach.llm.protocol import (
    Guard,
    Proposal,
    RewriteFailed,
    RewriteRequest,
    Usage,
    validate_proposal,
)
from coach.model import Direction, KeyResultAnalysis
from coach.rewrite import polarity
from coach.rewrite.goal import keeping_the_goal, lost_numbers
from coach.rewrite.guard import GENERIC, content_words, taken_metric
from coach.rewrite.lexicon import load_lexicon
from coach.rewrite.markup import split_markup, wrap
from coach.rewrite.offline import own as own_outcome
from coach.rewrite.offline import subject as sub
from coach.rewrite.offline import templates as t
from coach.rewrite.offline.outcomes import fix_typos, generic, subject_metric
from coach.rewrite.polarity import lower_is_better
from coach.rubric.vocabulary import load_vocabulary

_UNSUPPORTED = {
    "OKR204": "it joins two outcomes; split it into two key results yourself",
    "OKR405": "its numbers contradict its verb; only you know which one is right",
    "OKR602": "it depends on another team; name the team and the date yourself",
}
_KEEP_VERBS = set("increase raise grow boost lift reduce decrease cut lower shorten halve".split())
_KEEP_VERBS |= {"double", "triple"}
_RELATIVE_VERBS = {"double", "triple", "halve"}
_PULSE = ", measured by a bi-weekly pulse survey"
_TASK_VERBS = load_vocabulary().pattern("task_verbs")
_FINISH_DOING = re.compile(
    r"^(?:finish|complete|continue|start|begin|keep|resume)\s+(?P<doing>[a-z]+ing)\s", re.I
)


def _gerund_as_verb(text: str) -> str:
    """ "Finish updating the IPLD format spec" → "Update the IPLD format spec": the work is the
    task the gerund names (its thing is not "the updating the IPLD format spec"), when that
    gerund is a task verb ("updating" → "update", "rolling out" → "roll out", "running" →
    "run"); otherwise the text as it is."""
    m = _FINISH_DOING.match(text)
    if not m:
        return text
    doing, rest = m["doing"].lower(), text[m.end("doing") :]
    for base in (doing[:-3], doing[:-3] + "e", doing[:-4]):
        verb = _TASK_VERBS.match(base + rest)
        if base and verb and len(verb.group(0)) >= len(base):
            return base.capitalize() + rest
    return text


_CADENCE_AFTER_FIRST = re.compile(
    r"^[a-z][\w-]*\s+(?:daily|weekly|bi-?weekly|fortnightly|monthly|quarterly|yearly|annually"
    r"|regularly)\b",
    re.I,
)
"""A word and then how often ("Meet monthly with …"): the word is the verb of a recurring
activity, the work the line plans, not a metric to increase."""
_A_COUNT = re.compile(
    r"^(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)\s", re.I
)
"""A subject that opens with a count ("Increase one hire for each open role"): things to make,
not a measure to move."""
_OWN_WORDS = "_own_words"
"""A candidate's key, taken out before it is validated: its metric is the item's own words."""


@dataclass
class _Plan:
    verb: str
    metric: str
    direction: str
    baseline: tuple[str, str] | None
    target: tuple[str, str] | None
    deadline: str
    relative: str = ""
    suffix: str = ""
    counted: str = ""
    """The metric with the item's count in it ("completion rate of the 5 practical tutorials"),
    for when the count cannot be kept beside it."""
    last: bool = False
    """A catch-all ("the share of users who succeed with …"): tried after every other plan, even
    one that drops a number."""
    own: bool = False
    """Its metric was built from the item's own words (``own``), not a lexicon entry or family."""


def _taken_metrics(problems: list[str]) -> str:
    """The metrics other key results already measure, quoted and joined, when that is every
    problem the templates met ("" otherwise): most refusals in a real draft, whose key results
    under one objective share a domain."""
    found = [taken_metric(p) for p in problems]
    if not found or not all(found):
        return ""
    return ", ".join(f"“{m}”" for m in dict.fromkeys(found))


class OfflineRewriter:
    """Implements ``coach.llm.protocol.Rewriter`` with templates; never calls a model."""

    name = "offline"

    def __init__(self) -> None:
        self.usage = Usage()

    def propose(self, request: RewriteRequest, guard: Guard) -> Proposal:
        problems: list[str] = []
        tried = [0]
        for proposal in self._valid(request, guard, problems, tried):
            return proposal
        taken = _taken_metrics(problems)
        reason = (
            "other key results of the draft already measure each outcome its templates give "
            f"({taken}): name a different outcome for this work"
            if taken and tried[0]
            else f"none of its {tried[0]} template(s) passed the checks"
            if tried[0]
            else "no template fits this objective's wording"
            if request.kind == "objective"
            else "no outcome template matches this work; name the metric it should move"
        )
        raise RewriteFailed(reason, attempts=tried[0], problems=problems)

    def alternatives(self, request: RewriteRequest, guard: Guard) -> list[Proposal]:
        """Every rewrite the templates give that passes the checks, in the order ``propose``
        tries them (it returns the first); empty when none does. For measuring what choosing
        among them could win (``coach.evals.review.alternatives``), not for a run."""
        try:
            return list(self._valid(request, guard, [], [0]))
        except RewriteFailed:
            return []

    def _valid(self, request: RewriteRequest, guard: Guard, problems: list[str], tried: list[int]):
        """The candidates that pass the checks, one at a time; the others' problems and the
        number tried are added to ``problems`` and ``tried``."""
        lead, core, tail = split_markup(request.text)
        if core != request.text:  # "[P0][LA]", "Community KR:": kept as written, not rewritten
            request = replace(request, text=core)
        try:
            if request.kind == "objective":
                candidates = _objective_candidates(request)
            else:
                candidates = _key_result_candidates(request)
        except RewriteFailed:
            raise
        except Exception as exc:  # the protocol: RewriteFailed, never anything else
            raise RewriteFailed(
                f"the offline templates failed ({type(exc).__name__}: {exc})"
            ) from exc
        original = request.text.strip().rstrip(".").lower()
        for data in candidates:
            if data["text"].rstrip(".").lower() == original:
                continue
            tried[0] += 1
            data["text"] = wrap(lead, data["text"], tail)
            own_words = data.pop(_OWN_WORDS, False)
            try:
                proposal = validate_proposal(data, request.kind, guard)
            except ValidationError as exc:
                problems.extend(
                    str(e.get("msg", "")).removeprefix("Value error, ") for e in exc.errors()
                )
                continue
            if own_words:  # the change says so: the user checks that the metric fits
                proposal._own_words = True
            yield proposal


# ----------------------------------------------------------------------------- objectives
_LINK = re.compile(r"\[([^\]\[\n]+)\]\([^)\s]+\)")
"""A Markdown link: its words (group 1) and address."""


def _objective_candidates(request: RewriteRequest) -> list[dict]:
    if not request.findings:
        raise RewriteFailed("no finding to fix")
    text = re.sub(r"\s+", " ", request.text).strip().rstrip(".")
    # a new wording names a link's words, not its address ("Launch the [beta IPFS
    # documentation](https://docs.ipfs.io/) site": not "Make the [beta …](https worth …")
    plain = _LINK.sub(r"\1", text)
    texts, why = t.objective_plan(plain, t.objective_verb_end(plain), request.key_results)
    rules = {f.rule_id for f in request.findings}
    if rules == {"OKR101"} and t.without_numbers(text):  # only its numbers are wrong
        # unless it names a deliverable and nobody ("Real-time dashboard for everything in the
        # Metrics sheet. 100% of metrics."): without its numbers it is still a deliverable
        deliverable = not t.objective_verb_end(plain) and not t.beneficiary(plain)
        texts.insert(len(texts) if deliverable else 0, t.without_numbers(text))
    if rules == {"OKR103"}:
        who = t.key_result_beneficiary(request.key_results) or t.default_beneficiary(text)
        texts.insert(0, f"{text} for every {who}")
    if not texts:
        raise RewriteFailed(f"no wording fits this objective: {why}")
    return [{"text": x} for x in texts]


# ----------------------------------------------------------------------------- key results
def _key_result_candidates(request: RewriteRequest) -> list[dict]:
    rules = {f.rule_id for f in request.findings}
    if not rules:
        raise RewriteFailed("no finding to fix")
    if t.rule_spans("OKR204", request.text):
        rules.add("OKR204")  # compound, even when the request does not say so
    for rule_id, why in _UNSUPPORTED.items():
        if rule_id in rules:
            raise RewriteFailed(why)
    text, dependency = t.split_dependency(t.clean_item(request.text))
    fixed = fix_typos(text)  # "finsih migratng the onbaording emails"
    if fixed != text and ("OKR201" in rules or _TASK_VERBS.match(fixed)):
        text = fixed
        rules |= set() if rules & {"OKR202", "OKR203"} else {"OKR201"}  # a misspelt task verb
    text = _gerund_as_verb(text)  # "Finish updating the IPLD format spec": update it
    a = analyse_key_result(text)
    if "OKR201" in rules and a.baseline and a.target and t.measures_an_outcome(text, a):
        raise RewriteFailed("it already goes from a baseline to a target; its numbers stay yours")
    own = t.own_deadline(text, a, request.quarter, request.objective, len(text))
    nominal = own_outcome.nominal_change(text)  # "Reduction in time spent between …"
    if nominal:
        plans = [_metric_plan(nominal, analyse_key_result(nominal), request)]
    elif "OKR201" in rules:
        deadline = t.task_deadline(text, a, request.quarter, request.objective)
        work, purpose = sub.split_purpose(text)
        subject = sub.task_subject(work)
        specific = _purpose_plan(text, request)
        if sub.vague_purpose(purpose) or specific and sub.vague_metric(specific.metric):
            specific, text = None, work  # "… to reduce risk" is no metric: the work's subject
        wanted = sub.purpose_metric(purpose) if purpose and not specific else None
        helped = wanted and _outcome_plan(*wanted, request, deadline)  # "so customers get …"
        internal = bool(subject and subject.internal)
        work = t.counted_output(text, a) or work  # "from 6 courses to 11": the courses
        lexicon = _lexicon_plans(text, request, deadline, subject, own=None if internal else work)
        if not any([specific, helped, *lexicon]) and internal:
            raise RewriteFailed(
                "it is internal work that no user adopts, and no outcome template matches it; "
                "name the metric it should move"
            )
        served = _objective_count(request, deadline)  # "Increase number of clubs": active clubs
        plans = [
            specific,
            _retired_plan(work, subject, request, deadline),  # "Sunset API v1": who still uses it
            *_users_metric_plans(work, request, deadline),  # the team's own measure of it
            helped,
            served,
            *_what_it_serves_first(text, request, deadline, lexicon),
        ]
    elif "OKR202" in rules:
        plans = _lexicon_plans(text, request, own, own=text)
    elif rules == {"OKR403"}:
        deadline = t.quarter_deadline(request.quarter, text, request.objective)[0]
        # a line that introduces its sub-items keeps its colon last ("Make available the top
        # two features in nodejs.org:" → "… in nodejs.org by end of the quarter:")
        body, colon = (text[:-1].rstrip(), ":") if text.endswith(":") else (text, "")
        return [_render(f"{body} {deadline}{dependency}{colon}", None, request)]
    else:
        lexicon = _lexicon_plans(text, request, own, own=text)
        worded = a.verb or t.ANY_VERB.match(text) or t.COMPARATIVE.match(text)
        if not a.metric and _METRIC_HEAD.search(a.subject or ""):  # "App load time": a metric
            a = replace(a, metric=a.subject)
        said = own_outcome.read_statement(text)
        capability = bool(said and said.action)  # "Customers can export their data": no metric
        # "Improve docs search": no measure; "Secure [section strategy review](…)" neither (the
        # analyser reads no subject in a link, so its words are read here)
        named = a.metric or a.subject or t.metric_span(text, a)[0] or ""
        unnamed = _no_measure(named.replace("[", "").replace("]", ""))
        # "Increase SWAUs by 25%", "Reduce false positives to <10%": a number on the change
        # makes what changes a measure, whatever its name
        unnamed = unnamed and not _numbered_change(text, a)
        # "Increase one hire for each open role", "Meet monthly with …": no measure in its words
        not_a_measure = bool(
            not a.metric
            and _counts_things(text, a)
            or not a.verb
            and _CADENCE_AFTER_FIRST.match(text)
        )
        if not_a_measure:  # not "the share of users who succeed with the Meet monthly"
            lexicon = [p for p in lexicon if p and not p.last]
        if not_a_measure and not lexicon:
            raise RewriteFailed("it counts things or plans a recurring activity; name the outcome")
        unnamed = unnamed or not_a_measure
        if unnamed and not lexicon:  # "Support Python 3.12": not "Increase python 3.12"
            raise RewriteFailed("it names no measure, and no outcome template matches it")
        purpose = _purpose_plan(text, request) if unnamed or not a.metric else None
        if purpose and not sub.vague_metric(purpose.metric):  # "Improve the error reporting to
            plans = [purpose, *lexicon]  # minimize the number of issues open": that number
        elif (
            not capability
            and not unnamed
            and (worded or (a.metric and not t.CLAUSE.search(a.metric)))
        ):
            plans = [_metric_plan(text, a, request), *lexicon]  # "p95 latency in all regions"
        elif not_a_measure:
            plans = lexicon
        else:  # "Customers love the new dashboard": the lexicon knows better than the words
            plans = [*lexicon, _metric_plan(text, a, request) if a.metric else None]
        if "OKR401" in rules and not a.numbers:  # "Improve payment reliability": the team's own
            plans = [*_users_metric_plans(text, request, own), *plans]  # payment success rate
    plans = [p for p in plans if p is not None]
    # a count, a reach's numbers, things counted ("Increase 3 new integrations"): the team's
    counts = rules & {"OKR201", "OKR202", "OKR401"} or _counts_things(text, a)
    sentences = [
        (sentence, p)
        for p in plans
        for sentence in [*(_keeping_numbers(p, text) if counts else []), _sentence(p)]
    ]
    if counts:  # every number the line states survives: a sentence that drops one comes after
        # the others, but the catch-all ("the share of users who succeed with …") stays last
        sentences.sort(key=lambda pair: (pair[1].last, bool(lost_numbers(pair[0], text))))
    return [_render(sentence + dependency, p, request) for sentence, p in sentences]


# Words that say how a metric measures, not what it is about: "onboarding completion rate" is
# about onboarding.
_MEASURING = frozenset(
    "complet succes error failur retent convers adopt activ frequency latency duration engag "
    "satisf weekly daily monthly active day new new-user value resolut respons churn speed".split()
)


def _users_metric_plans(text: str, request: RewriteRequest, deadline: str) -> list[_Plan]:
    """The user's own metrics (``--metrics``) that are about the item's thing, in the file's
    order: "Launch the new onboarding flow" → "onboarding completion rate", with its current
    value as the baseline. A metric is about the item when every word of what it measures
    ("onboarding", not "completion rate") is in the item; a vanity metric never is."""
    if not request.metrics:
        return []
    words = content_words(text)
    vocabulary = load_vocabulary()
    plans = []
    for name, _ in request.metrics:
        about = content_words(name) - GENERIC - _MEASURING
        if about and about <= words and not vocabulary.search("vanity_metrics", name):
            direction = "decrease" if lower_is_better(name) else "increase"
            # "Checkout Completion Rate" as a sentence writes it; "NPS", "iOS" stay as they are
            named = " ".join(
                w.lower() if w[:1].isupper() and w[1:].islower() else w for w in name.split()
            )
            plans.append(_outcome_plan(named, direction, request, deadline))
    return plans


_RETIRE = re.compile(
    r"^(?:sunset|deprecate|retire|decommission|phase\s+out|shut\s+down|turn\s+off|end-of-life"
    r"|EOL)\s",
    re.I,
)
_RETIRED = re.compile(
    r"^(?P<thing>[A-Za-z][^,;]*?)\s+(?:is|are|has\s+been|have\s+been|gets?)\s+(?:deprecated"
    r"|sunset|retired|decommissioned|phased\s+out|shut\s+down)\b",
    re.I,
)
_ACCOUNTS_USE = re.compile(r"\b(?:api|apis|endpoints?|sdks?|integrations?|webhooks?)\b", re.I)


def _retired_plan(
    work: str, subject: sub.Subject | None, request: RewriteRequest, deadline: str
) -> _Plan | None:
    """ "Sunset API v1", "The legacy API is deprecated" → the share of active accounts that
    still use the API v1 (the legacy API), down: what retiring a thing people use changes is how
    many still depend on it (not its adoption, and not an unrelated family). Internal things
    (servers, clusters) have no users to count."""
    if _RETIRE.match(work):  # "Sunset API v1"
        if subject is None or subject.internal:
            return None
        thing, named, users = subject.thing, subject.named, subject.users
    elif said := _RETIRED.match(work):  # "The legacy API is deprecated"
        thing = said["thing"]
        if len(thing.split()) > 6 or sub.INTERNAL.search(thing):
            return None
        named, users = thing[0].lower() + thing[1:] if thing.startswith("The ") else thing, None
    else:
        return None
    users = users or ("active accounts" if _ACCOUNTS_USE.search(thing) else "active users")
    verb = "that still use" if users.endswith(("accounts", "teams", "squads")) else "who still use"
    return _outcome_plan(f"share of {users} {verb} {named}", "decrease", request, deadline)


_OBJECTIVE_COUNT = re.compile(
    r"^(?:increase|grow|raise)\s+(?:the\s+)?(?:number|count)\s+of\s+(?P<things>[a-z][\w-]*s"
    r"(?:\s+[a-z][\w-]*s)?)\s*(?:\(.*\))?\.?$",
    re.I,
)


def _objective_count(request: RewriteRequest, deadline: str) -> _Plan | None:
    """A task under an objective that is itself a count to grow ("Increase number of clubs"):
    what the task serves is that count, the things still active (not a vanity total)."""
    m = _OBJECTIVE_COUNT.match((request.objective or "").strip())
    if not m:
        return None
    things = m["things"].lower()
    return _outcome_plan(f"number of active {things}", "increase", request, deadline)


def _counts_things(text: str, a: KeyResultAnalysis) -> bool:
    """Whether the line's subject opens with a count, after its verb if it has one ("Make one
    hire for each open role", "Increase 3 new integrations"): things to make, no measure."""
    verb = t.ANY_VERB.match(text)
    return bool(_A_COUNT.match(a.subject or "") or verb and _A_COUNT.match(text[verb.end() :]))


def _what_it_serves_first(
    text: str, request: RewriteRequest, deadline: str, lexicon: list[_Plan]
) -> list[_Plan]:
    """The lexicon's plans, with what the work serves that the line itself names: the referrals
    from content to the projects it features (``own.featured_referrals``: "Publish 5 blog posts
    with key ecosystem projects …", first), else the share of the problems it surfaces that get
    resolved (``own.surfaced_problems``), first when that is the line's purpose ("Run a survey
    to identify the biggest onboarding pain points") or no specific entry knows the work:
    "Biweekly updates … highlighting patterns in top developer needs" → the share of top
    developer needs resolved, not what readers do after reading the updates."""
    found = (
        own_outcome.featured_referrals(text)
        or own_outcome.amplified_engagement(text)
        or own_outcome.talk_recruits(text)
        or own_outcome.adopters(text)
        or own_outcome.surfaced_problems(text)
    )
    if found is None:
        return lexicon
    plan = replace(_outcome_plan(found.metric, found.direction, request, deadline), own=True)
    if found.target and plan.target and plan.target[1] == "placeholder":
        plan = replace(plan, target=(found.target, "original"))  # "Get 3 companies to …": theirs
    known = any(not generic(e) for e in t.lexicon_candidates(text))  # "funnel gaps": leads
    return [*lexicon, plan] if known and found.fit != "asked" else [plan, *lexicon]


def _keeping_numbers(plan: _Plan, text: str) -> list[str]:
    """The plan's sentence keeping the item's own numbers (``coach.rewrite.goal``): "Grow docs
    page views from 125k to 200k per month" rewritten to the value behind the reach becomes the
    outcome "…, alongside the goal: Grow docs page views from 125k to 200k per month"; where that
    is too long, the metric with the count in it ("the completion rate of the 5 tutorials"), or
    only the line's counted nouns."""
    counted = _sentence(replace(plan, metric=plan.counted)) if plan.counted else None
    return keeping_the_goal(_sentence(plan), text, counted)


_RELATIVE_VERB = re.compile(r"\s(?:that|which)\s+([a-z]+)(\s.*)$", re.I)
_CHANGE_VERB = r"(?:{increase_verbs}|{decrease_verbs})\s"


def _purpose_plan(text: str, request: RewriteRequest) -> _Plan | None:
    """ "Launch referral program to increase signups by 10%" → the purpose clause's metric;
    "Ship 3 features that reduce support tickets" → its relative clause's ("reduce support
    tickets", the verb read in its base form)."""
    vocabulary = load_vocabulary()
    m = vocabulary.compile(
        r"\s(?:to|in\s+order\s+to|so\s+that(?:\s+we)?|and|that\s+will|which\s+will|aiming\s+to)\s+"
        r"((?:{increase_verbs}|{decrease_verbs})\b.*)$"
    ).search(text)
    if m:
        clause = m.group(1)
    else:  # "… that reduce(s) support tickets"
        m = _RELATIVE_VERB.search(text)
        if not m:
            return None
        verb, rest = m.groups()
        bases = (verb, verb[:-1], verb[:-2]) if verb.endswith("s") else (verb,)
        change = vocabulary.compile(_CHANGE_VERB)
        clause = next((b + rest for b in bases if change.match(b + rest)), None)
        if not clause:
            return None
    a = analyse_key_result(clause)
    if a.direction not in (Direction.INCREASE, Direction.DECREASE) or not a.subject:
        return None
    if vocabulary.search("vanity_metrics", clause):  # "… to get more downloads"
        return None
    deadline = t.task_deadline(text, analyse_key_result(text), request.quarter, request.objective)
    return _metric_plan(clause, a, request, deadline=deadline)


def _lexicon_plans(
    text: str,
    request: RewriteRequest,
    deadline: str,
    subject: sub.Subject | None = None,
    own: str | None = None,
) -> list[_Plan]:
    """The lexicon's outcomes for ``text``; with the task's ``subject``, each entry's metric
    written around that subject too (first when the entry is generic), and for a user-facing
    feature no area knows, the guide's "features shipped → user behaviour change" adoption.

    With ``own`` (the work's words), the outcomes built from the item's own thing (``own``
    module) join them: a fitting kind ("the availability of the 4 new DNS Bootstrap nodes")
    before the entries that match only words outside that thing ("… with community members")
    and before the generic adoption; the catch-all "share of [users] who succeed with …" last.
    An item no entry knows is so measured by its own thing, never by an unrelated family."""
    plans: list[_Plan | None] = []
    later: list[_Plan | None] = []
    facets: list[_Plan] = []
    entries = t.lexicon_candidates(text)
    if subject and subject.users_phrase:  # "Roll out Git training to all new hires": training
        first = t.lexicon_candidates(text.replace(subject.users_phrase, " "))
        entries = first + [e for e in entries if e not in first] if first else entries
    asked, built, fallback, thing, reached = _own_plans(own, request, deadline)
    plans += asked  # "Rock solid webhooks": the item says what it wants of its thing
    # "200k views of the articles": the value behind the reach comes before an entry that knows
    # only the reach word ("views"), after one about the thing ("app downloads", "SDK")
    only_reach = [e for e in entries if reached and _only_reach(e.pattern.search(text).group(0))]
    entries = [e for e in entries if e not in only_reach] + only_reach
    if built:  # the entries about the item's own thing first, then the item's own kind
        inside = [e for e in entries if e.pattern.search(thing)]
        entries = inside + [e for e in entries if e not in inside]
    for entry in entries:
        if reached and entry in only_reach:
            plans += reached
            reached = []
        if built and not entry.pattern.search(thing):
            plans += built
            built = []
        if entry.direction == "binary":  # "Achieve SOC 2 compliance confirmed by an … audit"
            named = entry.pattern.search(text).group(0)
            metric = entry.metric if named.lower() in entry.metric else f"{named} {entry.metric}"
            plans.append(_Plan("Achieve", metric, "binary", None, None, deadline))
            continue
        base = _outcome_plan(entry.metric, entry.direction, request, deadline)
        needs = entry.option("needs_metric") and _NEEDS.search(request.objective or "")
        if needs:  # research for "… enterprise needs": those needs validated, first
            metric = entry.option("needs_metric").format(needs=needs.group(0).lower())
            plans.append(_outcome_plan(metric, entry.direction, request, deadline))
        kept = subject_metric(entry, subject) or _thing_metric(entry, own, subject)
        own = _outcome_plan(kept[0], entry.direction, request, deadline) if kept else None
        plans += [own, base] if kept and kept[1] else [base]
        # the family's other facets, after every other plan: for a second item of the draft
        # whose first facet is taken ("change failure rate" after "deployment frequency")
        facets += [
            _outcome_plan(other, polarity.direction_of(other) or entry.direction, request, deadline)
            for other in entry.option("also", ())
        ]
        later += [] if kept and kept[1] else [own]  # when the guard finds no shared word
    plans += reached + built
    if not any(e.role == "area" for e in entries) and (kept := subject_metric(None, subject)):
        later.append(_outcome_plan(kept[0], "increase", request, deadline))
    fallback = [replace(f, last=True) for f in fallback]
    return [p for p in plans + later + facets + fallback if p is not None]


_NEEDS = re.compile(r"\b(?:[a-z][\w-]*\s+){1,2}needs\b(?!\s+(?:to|of)\b)")
"""The needs an objective names, in its own lowercase words ("enterprise needs" in "Formally
map 'Code as Data' enterprise needs"); "needs to" is a verb."""


def _thing_metric(entry, own: str | None, subject: sub.Subject | None) -> tuple[str, bool] | None:
    """For an item whose work names no task subject ("libp2p has a network visualization
    tool"), a catch-all entry's metric around the item's own thing ("the share of issues
    diagnosed with the network visualization tool of libp2p"), first; its bare metric ("… with
    the tool") would drop the item's own nouns."""
    template = entry.option("subject_metric")
    if subject or not own or not entry.option("catch_all") or not template:
        return None
    if re.search(r"\{(?!subject\})", template):  # {users}, {topic}: only a task subject has them
        return None
    statement = own_outcome.read_statement(own)
    thing = statement.subject if statement else ""
    if not thing or not entry.pattern.search(thing):  # the entry is about another thing
        return None
    metric = template.format(subject=thing)
    return (metric, True) if len(metric) <= 130 else None


def _own_plans(
    text: str | None, request: RewriteRequest, deadline: str
) -> tuple[list[_Plan], list[_Plan], list[_Plan], str, list[_Plan]]:
    """(the plans for what the item asks of its thing, those of its kind, the catch-all, the
    item's verb and thing, the value behind a reach it counts) from ``own``; nothing for
    internal work (laptops, clusters): an honest "unchanged" beats a nonsense outcome."""
    if not text or (sub.INTERNAL.search(text) and not sub.users_of(text)):
        return [], [], [], "", []
    plans = []
    for own in own_outcome.own_metrics(text, sub.audience_of(request.objective)):
        plan = replace(
            _outcome_plan(own.metric, own.direction, request, deadline),
            counted=own.counted,
            own=True,
        )
        if own.target and plan.target and plan.target[1] == "placeholder":
            plan = replace(plan, target=(own.target, "original"))  # "in <10 seconds": theirs
        plans.append((plan, own.fit))
    by_fit = [[p for p, fit in plans if fit == want] for want in ("asked", "kind", "", "reach")]
    return *by_fit[:3], own_outcome.thing_of(text), by_fit[3]


def _only_reach(matched: str) -> bool:
    """Whether a lexicon entry matched nothing but a reach word ("views", "page views")."""
    words = own_outcome.reach_words(load_lexicon().reach)
    return not words.sub(" ", matched).strip()


def _outcome_plan(metric: str, direction: str, request: RewriteRequest, deadline: str) -> _Plan:
    current, goal = t.lookup_metric(metric, request.metrics)
    metric = t.windowed_name(metric, request.metrics) or metric
    verb = "Increase" if direction == "increase" else "Reduce"
    baseline, target = _known(current, t.PLACEHOLDER_BASELINE), _known(goal, t.PLACEHOLDER_TARGET)
    return _Plan(verb, metric, direction, baseline, target, deadline)


_PERCENT_OF = re.compile(r"^%\s*(?:of\s+)?(?=[a-z])", re.I)


def _metric_plan(
    text: str, a: KeyResultAnalysis, request: RewriteRequest, deadline: str | None = None
) -> _Plan | None:
    metric, metric_start, metric_end, comparative = t.metric_span(text, a)
    if not metric or not t.metric_key(metric) or any(q.start == metric_start for q in a.numbers):
        return None  # "Raise $250k from recurring donors": no metric noun to keep
    if _STATE_WORDS.search(metric):  # "Make the dashboard available to …": a state, no metric
        return None
    if sub.is_clause(metric):  # "we have achieved measurable pipeline": a sentence, no metric
        return None
    metric = own_outcome.usage_metric(metric, load_lexicon().usage)  # "usage of X": a share
    metric = _PERCENT_OF.sub("the share of ", metric)  # "% monthly projects with …"
    for link in _LINK.finditer(text) if "](" in text else ():  # "a [CAC Revenue Ratio](…)"
        metric = metric.replace(f"[{link[1]}]", link[0])  # the link, not a placeholder
    metric = _first_of_opposed(metric, a)
    direction = t.direction_of(a, metric, comparative, text)
    inside = (metric_start, metric_end)
    base = t.role_number(text, a, a.baseline, inside, "from")
    goal = t.role_number(text, a, a.target, inside, "to")
    restated = ""
    if goal and a.relative_change and re.search(r"\(\s*$", text[: goal.start]):
        restated, goal = goal.raw, None  # "by 50% (2x)": the brackets restate the change
    guardrail = ""
    if a.direction == Direction.MAINTAIN:  # "below 3%" is a threshold; "99.9% uptime" is today
        base, goal = t.held_value(text, a, goal, inside), None
        guardrail = t.guardrail(text, a, inside) if base is None else ""
    timed = t.timed_metric(metric, base, goal)
    if timed != metric:  # "1 hour response" is a response time, which should fall
        metric, direction = timed, t.direction_of(a, timed, comparative, text)
    current, wanted = t.lookup_metric(metric, request.metrics)
    baseline = (base.raw, "original") if base else _known(current, t.PLACEHOLDER_BASELINE)
    bound = goal and re.search(rf"{t.COMPARATOR}$", text[: goal.start])  # "to <5%": a bound
    worded = goal and not bound and t.WORDED_BOUND.search(text[: goal.start])  # "less than 1%"
    raw = f"{bound.group(0).strip()}{goal.raw}" if bound else goal.raw if goal else ""
    raw = f"{worded.group(1).lower()} {raw}" if worded else raw
    target = (raw, "original") if goal else _known(wanted, t.PLACEHOLDER_TARGET)
    if t.contradicts(baseline[0], target[0], direction):
        target = (t.PLACEHOLDER_TARGET, "placeholder")
    verb = (a.verb or "").lower()
    keep = verb in _KEEP_VERBS and (verb in _RELATIVE_VERBS or t.verb_direction(verb) == direction)
    relative = t.relative_phrase(a, direction) if target[1] == "placeholder" else ""
    if relative and restated:
        relative = f"{relative[:-1]}, {restated})"  # "(a 50% reduction, 2x)"
    return _Plan(
        verb=verb.capitalize() if keep else ("Increase" if direction == "increase" else "Reduce"),
        metric=metric,
        direction=direction,
        relative=relative,
        suffix=(_PULSE if t.rule_spans("OKR404", text) else "") + guardrail,
        baseline=baseline,
        target=target,
        deadline=deadline
        or t.own_deadline(text, a, request.quarter, request.objective, metric_end),
    )


_PAIR = re.compile(r"^(?P<one>\S.*?)\s+(?:and|&)\s+(?P<other>\S.*)$", re.I)


def _first_of_opposed(metric: str, a: KeyResultAnalysis) -> str:
    """ "Uptime and error rate", with no verb and no number: two measures that move opposite
    ways, which no one verb can ask of both ("Increase uptime and error rate"): the first. The
    second stays the team's to write as a key result of its own."""
    pair = _PAIR.match(metric)
    if not pair or a.verb or a.numbers:
        return metric
    one, other = pair["one"], pair["other"]
    if not (t.metric_key(one) and t.metric_key(other)):
        return metric
    return one if lower_is_better(one) != lower_is_better(other) else metric


def _numbered_change(text: str, a: KeyResultAnalysis) -> bool:
    """Whether the line asks its metric to change by or to a number after it ("Increase SWAUs by
    25%", "Reduce false positives to <10%"): that makes the metric a measure, whatever it is
    called. Not a level held ("Maintain ≥85% recall"), nor a count before the metric ("Increase
    3 new integrations": things to make)."""
    if a.direction not in (Direction.INCREASE, Direction.DECREASE) or not (a.verb and a.metric):
        return False
    found = t.find_ignoring_case(text, a.metric)  # the analysis may lower a metric's case
    after = found.end() if found else len(text)
    return any(q is not None and q.start >= after for q in (a.relative_change, a.target))


_EXPERIENCE = re.compile(r"^(?:(?:the|our)\s+)?(?:[\w-]+\s+){0,2}?experiences?$", re.I)


def _no_measure(metric: str) -> bool:
    """Whether a metric names no measure at all: no outcome term ("rate", "time to", "usage"),
    no metric head ("… testing time") and no people to count ("total active contributors")."""
    if _EXPERIENCE.search(metric):  # "developer experience": a quality to put a measure on
        # (not "the developer experience of our SDK": its own words say what it is about)
        return True
    vocabulary = load_vocabulary()
    names = ("outcome_terms", "metric_heads", "people")
    found = any(vocabulary.pattern(n).search(metric) for n in names)
    quantity = re.search(  # a quantity, or a quality a team can put a number on
        r"\b(?:times?|number|count|backlog|size|volume|level|amount|total|queue|reliability"
        r"|performance|quality|speed|security|health|efficiency|productivity|awareness"
        r"|visibility|accuracy|consistency)\b",
        metric,
        re.I,
    )
    return bool(metric) and not found and not quantity


_METRIC_HEAD = re.compile(
    r"\b(?:time|times|rate|rates|latency|duration|score|ratio|throughput|coverage)$", re.I
)

_STATE_WORDS = re.compile(
    r"\b(?:available|ready|live|possible|accessible|in\s+place|done|finished|implemented)\b",
    re.I,
)


def _known(value: str | None, placeholder: str) -> tuple[str, str]:
    return (value, "metrics") if value else (placeholder, "placeholder")


def _sentence(plan: _Plan) -> str:
    parts = [plan.verb, t.with_article(plan.metric), plan.deadline]
    if plan.baseline and plan.target:
        parts[2:2] = ["from", plan.baseline[0], "to", plan.target[0], plan.relative]
    return " ".join(p for p in parts if p) + plan.suffix


def _render(text: str, plan: _Plan | None, request: RewriteRequest) -> dict:
    """The proposal's fields, with every number in the text and where it comes from."""
    known = dict(v for v in (plan.baseline, plan.target) if v) if plan else {}
    numbers = t.number_sources(text, known, request.text, request.metrics)
    data = {"text": text, "numbers": numbers}
    if plan:
        data[_OWN_WORDS] = plan.own
        data.update(
            metric=plan.metric,
            direction=plan.direction,
            deadline=plan.deadline,
            baseline=plan.baseline and plan.baseline[0],
            target=plan.target and plan.target[0],
        )
    else:
        a = analyse_key_result(text)
        kept = a.direction in (Direction.REACH, Direction.BINARY)  # "Validate 4 of the 6 …"
        data.update(
            metric=a.metric or a.subject or "",
            direction=a.direction.value if kept else t.direction_of(a, a.subject or "", None),
            baseline=a.baseline.raw if a.baseline else None,
            target=a.target.raw if a.target else None,
            deadline=a.deadline,
        )
    return data
