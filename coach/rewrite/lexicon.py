"""The outputs→outcomes lexicon (``rubrics/outcomes.yaml``): which outcome metric a deliverable
should move, and which words count as the same subject. Shared by the offline rewriter and the
faithfulness check, so both agree on what "keeping the subject" means."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from coach.analysis.quotes import in_double_quotes
from coach.errors import RubricError
from coach.resources import resource_dir
from coach.rubric.vocabulary import phrase_regex
from coach.yamlsafe import StrictFastLoader, load_yaml


@dataclass(frozen=True)
class OutcomeEntry:
    match: tuple[str, ...]
    metric: str
    direction: str
    family: tuple[str, ...]
    pattern: re.Pattern[str]
    role: str = "area"
    """"area" (a product or business area) or "output" (a kind of work product: features, specs)."""
    options: tuple[tuple[str, object], ...] = ()
    """The entry's optional template keys (``subject_metric``, ``users``, ``catch_all``,
    ``bare``, ``needs_metric``, ``also``)."""
    not_with: re.Pattern[str] | None = None
    """The ``not_with`` words: on a line that holds one, the entry's words name something else
    ("Traffic is mirrored to staging": the traffic of a test, not of a website)."""

    def option(self, key: str, default=None):
        return dict(self.options).get(key, default)

    def fits(self, text: str) -> bool:
        """Whether the entry may measure ``text`` at all (no ``not_with`` word in it)."""
        return self.not_with is None or self.not_with.search(text) is None


@dataclass(frozen=True)
class Lexicon:
    table: tuple[tuple[str, str], ...]
    entries: tuple[OutcomeEntry, ...]
    adoption: tuple[tuple[str, str], ...] = ()
    """The ``adoption`` block: templates for a user-facing task no entry matches."""
    kinds: tuple[dict, ...] = ()
    """The ``own.kinds`` block: which measure fits which kind of thing, for an item no entry
    knows (``coach.rewrite.offline.own``)."""
    own_default: str = ""
    """The ``own.default`` template: the measure when no kind fits either."""
    reach: tuple[dict, ...] = ()
    """The ``own.reach`` block: the value behind a kind of reach count, by the thing reached."""
    usage: tuple[tuple[str, object], ...] = ()
    """The ``own.usage`` block: a vague "usage of X" written as a share of who adopts X."""
    operations: tuple[tuple[str, str], ...] = ()
    """The ``own.operations`` block: what a kind of component does each time it works (a
    webhook delivers, an export runs), for a metric's ``{operation}``."""
    experience: tuple[str, ...] = ()
    """The ``objectives.experience`` words: an objective subject people use."""
    made: tuple[tuple[str, str], ...] = ()
    """The ``objectives.made`` block: head nouns of what a team makes, with who it is for."""

    def lookup(self, text: str) -> OutcomeEntry | None:
        """The entry whose match words occur earliest in ``text`` (the main subject comes first);
        an area beats a kind of output ("Run 4 A/B tests on the pricing page" is about pricing),
        and words outside parentheses beat words in an aside (``first_match``)."""
        best = None
        for entry in self.entries:
            if not entry.fits(text):
                continue
            m, aside = first_match(entry.pattern.finditer(text), text)
            key = (entry.role == "output", aside, m.start()) if m else None
            if key and (best is None or key < best[0]):
                best = (key, entry)
        return best[1] if best else None


def first_match(matches, text: str) -> tuple[re.Match[str] | None, bool]:
    """The first of ``matches`` outside parentheses and double quotes, else the first inside,
    and whether it is inside: an aside qualifies the item, it does not name its subject
    ("Resolve all solvable (with known fixes) critical security alerts within 7 days": security
    alerts, not fixes), and a quoted title names a thing by words that are not its kind
    ('Define "Give me your end of year budget" campaign': a campaign, not a budget)."""
    first = None
    for m in matches:
        if not _in_aside(text, m.start()):
            return m, False
        first = first or m
    return first, first is not None


def _in_aside(text: str, at: int) -> bool:
    return text.rfind("(", 0, at) > text.rfind(")", 0, at) or in_double_quotes(text, at)


_OPTIONS = ("subject_metric", "users", "catch_all", "bare", "needs_metric", "also")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    path = resource_dir("rubrics") / "outcomes.yaml"
    try:
        # the packaged file: libyaml reads it in about a tenth of the pure-Python loader's
        # 0.15 s (a batch's worst-line proposals pay that in each worker), the same values
        data = load_yaml(path.read_text(encoding="utf-8"), StrictFastLoader)
        table = tuple((row["output"], row["outcome"]) for row in data["table"])
        entries = tuple(
            OutcomeEntry(
                match=tuple(e["match"]),
                metric=e["metric"],
                direction=e.get("direction", "increase"),
                family=tuple(e.get("family", ())),
                pattern=phrase_regex(tuple(e["match"])),
                role=e.get("role", "area"),
                options=tuple(
                    (k, tuple(e[k]) if isinstance(e[k], list) else e[k]) for k in _OPTIONS if k in e
                ),
                not_with=phrase_regex(tuple(e["not_with"])) if e.get("not_with") else None,
            )
            for e in data["deliverables"]
        )
        adoption = tuple((str(k), str(v)) for k, v in (data.get("adoption") or {}).items())
        own = data.get("own") or {}
        kinds = tuple(dict(k) for k in own.get("kinds") or ())
        if any("name" not in k or "metric" not in k for k in kinds):
            raise KeyError("every own.kinds entry needs a name and a metric")
        own_default = str(own.get("default") or "")
        reach = tuple(dict(r) for r in own.get("reach") or ())
        usage = tuple((str(k), v) for k, v in (own.get("usage") or {}).items())
        if any("reach" not in r or "metric" not in r for r in reach):
            raise KeyError("every own.reach entry needs its reach words and a metric")
        operations = tuple(
            (str(head).lower(), str(op)) for head, op in (own.get("operations") or {}).items()
        )
        objectives = data.get("objectives") or {}
        experience = tuple(str(w) for w in objectives.get("experience") or ())
        made = tuple((str(k).lower(), str(v)) for k, v in (objectives.get("made") or {}).items())
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise RubricError(f"{path}: malformed outcomes lexicon: {exc}") from exc
    return Lexicon(
        table=table,
        entries=entries,
        adoption=adoption,
        kinds=kinds,
        own_default=own_default,
        reach=reach,
        usage=usage,
        operations=operations,
        experience=experience,
        made=made,
    )
