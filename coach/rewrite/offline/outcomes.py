"""Outcomes that keep the task's own subject, from the lexicon's ``subject_metric`` templates
(``rubrics/outcomes.yaml``): "Build a churn-risk dashboard for the CS team" → "the share of CS
team members who use the churn-risk dashboard weekly", not "weekly active users of dashboards and
reports"; "Ship Android lock-screen widgets" → "the share of active Android users who use
lock-screen widgets weekly", not "weekly retention of mobile app users".

The subject's own metric goes *before* the entry's metric when the entry is generic (an output,
or ``catch_all``: it names a family of metric, not a thing), when the entry's metric shares no
word with the subject, or when the item names users the entry's metric leaves out ("… for all
engineers" → "the share of engineers who click simulated phishing emails"); otherwise *after*
all the entries' own metrics, as a fallback for when the guard finds no word of the (misspelt)
item in them — an entry without a template then gives "<its metric> for <the subject>". A task
no entry knows gets the guide's "features shipped → user behaviour change" (``adoption``) when
it is user-facing, or, for a redesign, the task success rate in it. Non-features (a policy, an
event) are measured by their own kind (``own``: the share of staff who find what they need in
the policy, of attendees who take the next step); internal work (laptops, clusters) gets
nothing: an honest "unchanged" beats a nonsense outcome.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from coach.rewrite.offline.subject import (
    GROUP_END,
    NOT_A_FEATURE,
    Subject,
    is_clause,
    words_of,
)
from coach.rewrite.offline.templates import lexicon_candidates
from coach.rewrite.offline.typos import correct_typos

if TYPE_CHECKING:
    from coach.rewrite.lexicon import OutcomeEntry

_PLAIN = {
    "new", "redesigned", "improved", "updated", "revamped", "refreshed", "version", "next",
    "beta", "legacy", "old", "existing", "modern", "better", "flow", "page", "feature", "mvp",
    "the", "a", "an", "of", "for", "on", "in", "to", "and", "our", "v1", "v2", "v3", "first",
}  # fmt: skip


def _adoption() -> dict[str, str]:
    from coach.rewrite.lexicon import load_lexicon  # coach.rewrite imports this package

    return dict(load_lexicon().adoption)


def _spec(entry: OutcomeEntry | None) -> dict:
    """The template keys for an entry (or, with None, the adoption templates)."""
    return _adoption() if entry is None else dict(entry.options)


def generic(entry: OutcomeEntry) -> bool:
    """An output-kind entry or a catch-all one ("weekly active users of dashboards and reports"):
    it names which family of metric, not which thing."""
    return entry.role == "output" or bool(entry.option("catch_all"))


def fix_typos(text: str) -> str:
    """``text`` with its misspelt lexicon words corrected, when its exact words match no specific
    entry ("finsih migratng the onbaording emails" matches only the generic "emails")."""
    return correct_typos(text) if all(generic(e) for e in lexicon_candidates(text)) else text


def _fill(template: str, subject: Subject, spec: dict, topic: str) -> str | None:
    if is_clause(subject.named):  # "the tasks have baseline success rates": no thing to use
        return None
    users, group = subject.users, subject.group
    if not users:
        users = spec.get("users") or _adoption().get("users") or "active users"
        users = users.replace("{platform}", subject.platform or "mobile app")
        group = bool(GROUP_END.search(users))
    text = template.format(users=users, subject=subject.named, topic=topic)
    if group:
        text = text.replace(f"{users} who ", f"{users} that ")
    text = re.sub(r"\s+", " ", text).strip()
    if re.search(r"\bweekly\b.*\bweekly$", text):  # "… who use the weekly KPI report weekly"
        text = text[: -len(" weekly")]
    return text if len(text) <= 130 else None


def _is_the_output(entry: OutcomeEntry, thing: str) -> bool:
    """Whether ``thing`` is the entry's kind of output itself, at most at a rate ("story points
    per sprint", "stories"), not something it is for ("stories for the invoice export")."""
    bare = re.sub(
        r"^(?:the|new|more)\s+|\s+(?:per|a|each|every)\s+[\w-]+$", "", thing.strip(), flags=re.I
    )
    return entry.pattern.fullmatch(bare) is not None


_VERSION = re.compile(r"versions?|releases?|editions?|v?\d[\w.]*", re.I)


def _not_its_head(entry: OutcomeEntry | None, thing: str) -> bool:
    """For an output entry (features shipped) whose words the thing holds: whether the thing
    is something else that only names them ("blog series for each feature": a series)."""
    if entry is None or entry.role != "output":
        return False
    head = re.split(r"\s(?:of|for|on|in|at|to|from|with|about)\s", thing, maxsplit=1)[0]
    words = [w for w in head.split() if not _VERSION.fullmatch(w)]  # "… beta version": a beta
    named = entry.pattern.search(thing)  # not "40 user stories for the team workspace feature"
    return bool(named) and (not words or not entry.pattern.fullmatch(words[-1]))


def subject_metric(entry: OutcomeEntry | None, subject: Subject | None) -> tuple[str, bool] | None:
    """(the metric that keeps the item's subject, whether it goes before the entry's), or None.

    With ``entry`` None: the metric for a user-facing task no entry matches."""
    if subject is None or (entry is None and not subject.user_facing):
        return None
    if entry is not None and entry.role == "output" and _is_the_output(entry, subject.thing):
        return None  # "Deliver 45 story points per sprint": no thing people use, the output
    adoption, spec = _adoption(), _spec(entry)
    template = spec.get("subject_metric")
    if (
        template
        and " use " in template
        and (
            subject.studied
            or _not_its_head(entry, subject.thing)
            or NOT_A_FEATURE.search(subject.thing)
        )
    ):  # "Map features missing", "blog series for each feature", "Add metrics": nothing used
        return None
    if subject.improves and (entry is None or generic(entry)):  # a redesign: how well it works
        template = adoption.get("improved_metric") if template else None
    if not template and entry is not None:  # a specific entry: its metric, for this thing
        metric = f"{entry.metric} for {subject.named}"
        keeps = words_of(subject.thing) - words_of(entry.metric)
        return (metric, False) if keeps and len(metric) <= 130 else None
    if not template:
        return None
    topic, own = "", set()
    if entry is not None:
        topic = re.sub(r"\s+", " ", entry.pattern.sub(" ", subject.thing)).strip(" -")
        own = words_of(" ".join((*entry.family, entry.metric)))
        if not spec.get("catch_all"):  # a catch-all's match words are things: "dark mode"
            own |= words_of(" ".join(entry.match))
        if "{topic}" in template and (
            not words_of(topic) - own - _PLAIN
            or len(topic.split()) > 3
            or re.match(r"(?:for|to|with|at|on|in|of|by|from)\b", topic, re.I)  # who it is for
            or re.search(r"\d", topic)  # "organisation of 5" in "… of 5 workshops": a count
        ):
            return None
    metric = _fill(template, subject, spec, topic)
    if not metric or entry is None:
        return (metric, True) if metric else None
    # Nothing of its own to keep ("Deliver 5 new dashboards"): only a fallback to the entry's
    # metric, for a misspelt item whose words the entry's metric does not share.
    users = "{users}" in template and subject.users and not words_of(subject.users) & own
    distinct = words_of(subject.thing) - own - _PLAIN
    first = generic(entry) or users or not words_of(entry.metric) & subject.words
    return metric, bool(distinct or users) and bool(first)
