"""Which headings name sections rather than objectives.

A plain heading followed by a list is read as an objective only in drafts with no labelled
objectives; these word lists keep titles ("Q3 2026 OKRs — Growth"), groupings ("Key Results",
"Objectives") and prose sections ("Notes", "Risks") out of that guess.
"""

from __future__ import annotations

import re

# Sections of prose: a list with sub-bullets here is not a list of objectives.
PROSE_SECTIONS = frozenset(
    ["notes", "note", "context", "background", "risks", "dependencies", "assumptions",
     "open questions", "questions", "faq", "next steps", "action items", "initiatives",
     "tasks", "appendix", "references", "links", "glossary", "timeline", "out of scope",
     "non-goals", "comments", "decisions", "learnings", "retrospective", "task details",
     "details", "projects", "workstreams", "how we get there", "basics", "the basics",
     "principles", "guidelines", "tips", "examples", "further reading", "reading", "resources",
     "process", "history", "changelog", "meeting notes", "agenda", "attendees", "minutes",
     "not included", "rationale", "rational", "why", "motivation", "caveats", "scope"]
)  # fmt: skip
# Headings that title or group a draft and never hold one objective's text.
_TITLES = PROSE_SECTIONS | frozenset(
    ["key results", "krs", "okrs", "okr", "objectives", "goals", "summary", "overview",
     "introduction", "conclusion", "contents", "table of contents", "on this page", "toc", "team", "owners",
     "metrics", "kpis", "health metrics", "changelog", "mission", "vision", "strategy"]
)  # fmt: skip
_OKR_WORD = re.compile(r"\bokrs?\b", re.I)
# Words that say a text is about OKRs (Markdown that never says them is a README or a docs page)
OKR_MARKER = re.compile(
    r"(?i:\bOKRs?\b|\bobjectives?\b|\bkey[ \t]*results?\b)|\bKRs?\b|\bKR ?\d|\bO\d\b"
)
# "Key Results", "Ultimate Key Results", "'2022.C1' Key Results"; "Objectives", "Team Objectives"
EXPLANATION_LABEL = re.compile(
    r"[*_\s]*(?:rationale|context|background|why|motivation|notes?|details|description|summary"
    r"|reasoning|risks?|dependencies|possible\s+avenues|ideas)[*_\s]*:[*_\s]*",
    re.I,
)
"""A label over an explanation ("* **Rationale:**" over why): what is under it is never an
objective or a key result."""
KR_HEADER = re.compile(r"^\W*(?:[\w'.]+\s+){0,2}(?:key[ \t]*results?|krs?)\W*$", re.I)
OBJECTIVE_HEADER = re.compile(r"^\W*(?:[\w'.]+\s+){0,2}(?:objectives?|goals?)\W*$", re.I)
NUMBERING = re.compile(r"\s*(?:\d{1,3}[.)]\s+)?")


def section_name(heading: str) -> str:
    """ "2. Notes:" → "notes"."""
    return heading[NUMBERING.match(heading).end() :].strip(" \t*_`:#").lower()


# Explainers: "What is a Key Result", "How we set goals", "Why OKRs".
_EXPLAINER = re.compile(r"(?:what|how|why|about)\b", re.I)


def is_prose_section(heading: str) -> bool:
    name = section_name(heading)
    lead = name.split(":", 1)[0].strip()  # "Further reading: musings about metrics"
    return name in PROSE_SECTIONS or lead in PROSE_SECTIONS or _EXPLAINER.match(name) is not None


def is_title(heading: str) -> bool:
    """True for a heading that cannot be one objective's text (empty, a title, a grouping)."""
    name = section_name(heading)
    return not name or name in _TITLES or _OKR_WORD.search(name) is not None


_OKR_TERM = re.compile(r"\W*(?:the\s+)?(?:objectives?|key\s+results?|krs?|okrs?|goals?)\W*", re.I)
_DEFINITION = re.compile(
    r"\W*(?:an?\s+|the\s+)?(?:objectives?|key\s+results?|krs?|okrs?|goals?)\s+"
    r"(?:are|is|should|must|consist|describe|define|measure)\b",
    re.I,
)


def is_glossary(term: str, items: list[str]) -> bool:
    """An item naming one of the method's terms ("Objectives") over items that define terms
    ("Objectives are qualitative, ambitious …"): an explanation of OKRs, not an objective
    with key results."""
    return (
        _OKR_TERM.fullmatch(term) is not None
        and bool(items)
        and all(_DEFINITION.match(item) for item in items)
    )
