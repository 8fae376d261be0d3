"""Recognising OKR labels, tags and owners in one item's text, with exact character spans.

Everything here works on one item's content string (a heading, a paragraph's lines or a list
item's first paragraph). ``clean`` returns the text the checker sees plus the span it occupies
in the content, so the parser can turn the span into a source position.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from coach.lazyre import lazy
from coach.model import Ambition

_SEP = r"[:.)\-–—]"
_LABEL = re.compile(
    rf"""[ \t]*(?:[^\w\s\[\]()*_\#:|>.-]{{1,3}}[ \t]*)?  # an emoji or symbol, "🎯 "
    (?:\[[ xX]\]\s+)?                    # a task checkbox, "[ ] "
    (?:\[(?=(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\())?  # a link around the line, "[KR: …](https://…)"
    (?:(?:\[P[0-4X]\]|`P[0-4X]`|\*\*P[0-4X]\*\*|P[0-4X][ \t]*[:|])[ \t]*(?:[-–—][ \t]*)?)?  # "[P1] "
    (?:(?P<num>\d{{1,3}})[.)]\s+)?            # "1. " numbering in a heading
    (?P<e>\*\*|__|\*|_)?\s*
    (?:
       (?P<krs>key[ \t]*results|krs)
      |(?:(?!(?:the|an?|this|that|each|every|your|our|my|their|its|one  # "OCTO Objective 1:"
                 |supports?|serves?|contributes|aligns|ladders|maps|towards?|see)\b)  # a reference
         (?-i:[A-Z][A-Za-z&]*)[ \t]+){{0,2}}(?P<obj>objective)(?:[ \t]*\#?[ \t]*(?P<onum>\d{{1,3}}))?
      |(?:O|OKR[ \t]*\#?[ \t]*)(?P<onum2>\d{{1,3}})
      |O(?=[ \t]*:)                                 # "O: Improve …"
      |(?P<kr>key[ \t]*result|kr)(?:[ \t-]*\#?[ \t]*(?P<knum>\d{{1,3}}(?:\.\d{{1,3}})?))?
    )
    [ \t]*(?P<s1>{_SEP})?[ \t]*(?(e)(?P<ce>(?P=e))?)[ \t]*(?P<s2>{_SEP})?\s*
    """,
    re.I | re.X,
)
_META_LINE = re.compile(r"(team|quarter|owner|parent)[ \t]*:[ \t]*(\S.*)", re.I)
_TAG_WORDS = r"(stretch|committed|aspirational)(?:[ \t]+(?:goal|target|kr))?"
_TAG_BRACKET = re.compile(rf"[ \t]*[\[(][ \t]*{_TAG_WORDS}[ \t]*[\])]", re.I)
_TAG_HASH = re.compile(r"(?<![\w#&])#(stretch|committed|aspirational)\b", re.I)
# "(owner: maria)", "(**Owner:** Andy)", "[Owners: Lior]"
_OWNER_BRACKET = re.compile(
    r"[\[(][ \t]*[*_]{0,2}owners?[ \t]*:[*_]{0,2}[ \t]*@?([^\])\n]*?)[ \t]*[\])]", re.I
)
_NAME = r"[A-Za-z][\w.'\-]*(?:[ \t]+[A-Za-z][\w.'\-]*){0,3}"
_OWNER_TAIL = lazy(rf"(?<![^\s(\[—–|,;-])owner[ \t]*:[ \t]*@?({_NAME})[ \t]*\Z", re.I)
# A person's name in the last cell of a pasted table row ("…\tDana Smith")
_CELL_NAME = lazy(r"[ \t]*@?[A-Z][\w.'\-]*(?:[ ][A-Z][\w.'\-]*){0,3}[ \t]*")
_OWNER_WORD = lazy(r"[ \t]*(?:[-–—|,][ \t]*)?\bowners?[ \t]*:?[ \t]*\Z", re.I)
_AT = re.compile(r"@([A-Za-z][\w.\-]*)")
# An owner's name set off by a dash and emphasis at the end ("… - _Simon_", PostHog's handbook)
_DASH_NAME = re.compile(
    r"[ \t]+[-–—][ \t]+(?P<mark>[*_]{1,2})(?P<name>[A-Z][\w.'\-]*(?:[ \t]+[A-Z][\w.'\-]*){0,2})"
    r"(?P=mark)[ \t]*\Z"
)
# A mention the sentence needs ("reviewed by someone other than @Stebalien", "pair with @bob")
# is its words, not the item's owner tag.
_MENTIONED = re.compile(
    r"\b(?:than|by|to|with|from|for|of|and|or|at|about|like|via|between|except|without)[ \t]+\Z",
    re.I,
)
# Task-list boxes and priority tags are fields of the item, never its words.
_BOX = re.compile(r"\[([ xX])\][ \t]+")
_PRIORITY_MARKED = re.compile(
    r"(?:\*\*|__)?(?:\[[ \t]*(P[0-4X])[ \t]*\]|\([ \t]*(P[0-4X])[ \t]*\)|`(P[0-4X])`"
    r"|(?:\*\*|__)(P[0-4X])(?:\*\*|__))(?:\*\*|__)?(?:[ \t]*[:\-–—|])?(?=[ \t]|\Z)"
)
_BOX_ANYWHERE = re.compile(r"\[([ xX])\]")
_PRIORITY_ANYWHERE = re.compile(r"\bP[0-4X]\b")
_PRIORITY_BARE = re.compile(r"(P[0-4X])[ \t]*[:\-–—|](?=[ \t])")
_SPACE = " \t\n"
_LEAD_SEP = " \t\n:—–|"
_MARKS = "*_`~"
_TAIL_SEP = " \t\n—–|,;"
_QUARTER = re.compile(
    r"""\b(?:Q([1-4])(?:[ \t]*(?:(\d{4})|(FY[ \t]?\d{2,4})|('\d{2})))?   # Q3 2026, Q3 FY26
    |(\d{4})[ \t]*[-/]?[ \t]*Q([1-4]))\b                               # 2026-Q3""",
    re.I | re.X,
)
_AMBITION = {
    "stretch": Ambition.STRETCH,
    "aspirational": Ambition.STRETCH,
    "committed": Ambition.COMMITTED,
}


class Label(NamedTuple):
    """A label at the start of a line ("Objective 1:", "KR2 -") and where it ends. Immutable
    (kept per line and shared); a named tuple, cheaper to make than a frozen dataclass."""

    kind: str  # "objective" | "kr" | "krs" (a "Key Results:" section label)
    label: str | None  # normalised: "O1", "KR2", or None when unnumbered
    end: int  # where the label (and its separator) ends in the content


class Cleaned(NamedTuple):
    """An item's statement with its markup removed: where it sits in the line, and the markup.
    Immutable (kept per content and shared), like ``Label``."""

    text: str
    start: int
    end: int
    ambition: Ambition | None = None
    owner: str | None = None
    priority: str | None = None
    done: bool | None = None


def match_label(content: str, pos: int = 0) -> Label | None:
    """The OKR label at ``content[pos:]``, or None. A label needs a separator ("Objective:",
    "KR1 -", "**O2:**"), a closing emphasis ("**Objective** Make …"), a number ("KR1 Increase
    …"), or to stand alone on its line ("## Objective"), so "Objectives matter" is no label.

    Kept per content of item size: the reader asks about one item's text several times (the
    list, the segments, the outline); long paragraphs are not kept."""
    if len(content) > _KEPT_CHARS:
        return _match_label(content, pos)
    return _kept_label(content, pos)


_KEPT_CHARS = 500


@lru_cache(maxsize=4096)
def _kept_label(content: str, pos: int) -> Label | None:
    return _match_label(content, pos)


# The common labels, "KR1: ", "KR: ", "Objective 2: ", "O3: " (ASCII, a colon right after,
# spaces, then a letter or digit), which ``_LABEL`` reads the same way in a quarter of its
# time (a test compares the two)
_PLAIN_LABEL = re.compile(
    r"(?:(?P<kr>kr)[ \t]?(?P<knum>\d{1,3})?|objective(?:[ \t]?(?P<onum>\d{1,3}))?"
    r"|o(?P<onum2>\d{1,3})):[ \t]+(?=[a-z0-9])",
    re.I | re.A,
)


def _match_label(content: str, pos: int) -> Label | None:
    m = _PLAIN_LABEL.match(content, pos)
    if m is not None:
        kr, number, objective, short = m.groups()
        if kr:
            return Label("kr", f"KR{number}" if number else None, m.end())
        number = objective or short
        return Label("objective", f"O{number}" if number else None, m.end())
    return _match_full_label(content, pos)


def _match_full_label(content: str, pos: int) -> Label | None:
    m = _LABEL.match(content, pos)
    if m is None:
        return None
    end = m.end()
    if not (m["s1"] or m["s2"]):
        at_eol = end >= len(content) or content[m.end() - 1] == "\n" or content[end] == "\n"
        number_end = m.end("knum") if m["knum"] else m.end("onum") if m["onum"] else -1
        numbered = 0 <= number_end < end  # "KR1 Increase …", "Objective 2 (stretch): …"
        if not (at_eol or numbered or m["ce"]):
            return None
    if m["krs"]:
        return Label("krs", None, end)
    if m["kr"]:
        return Label("kr", f"KR{m['knum']}" if m["knum"] else None, end)
    number = m["onum"] or m["onum2"] or m["num"]
    return Label("objective", f"O{number}" if number else None, end)


# A label numbered with a letter that stands for any number ("**Objective X: [short title] --
# [long description]**", "- **Key Result Y for Objective X [COMMITTED / …]:**", the format
# SciLifeLab's DDS plan shows above its OKRs; "KR N.M"): a template's, naming no real item.
# Capital X, Y, Z or N only, not followed by more of a word ("KR X-ray").
PLACEHOLDER_LABEL = re.compile(
    r"\b(?i:objective|key[ \t]*result|kr)(?:[ \t]+\#?|[ \t]*\#)[ \t]*[XYZN](?:\.[XYZNM])?\b"
    r"(?![-'’]\w)"
)


def holds_placeholder(text: str) -> bool:
    """``is_placeholder`` for a whole document, in a few microseconds: the search runs only
    around each capital X, Y, Z or N that follows a space, a tab or "#" (``str.find`` for a
    letter is a C loop; the regex tried at every position of a draft took 27 µs of a 0.66 ms
    check)."""
    for letter in "XYZN":
        at = text.find(letter)
        while at > 0:
            if (
                text[at - 1] in " \t#"
                and not text[at + 1 : at + 2].isalnum()  # a letter alone, not "NPS"
                and PLACEHOLDER_LABEL.search(text, max(0, at - 40), at + 6)
            ):
                return True
            at = text.find(letter, at + 1)
    return False


def is_placeholder(content: str) -> bool:
    """Whether ``content`` names an objective or key result by a placeholder
    (``PLACEHOLDER_LABEL``): the text shows how OKRs are written; it is none of them."""
    return PLACEHOLDER_LABEL.search(content) is not None


_ASIDE = re.compile(r"\([^()]*\)")


def is_aside(text: str) -> bool:
    """Text that is all one parenthesis ("(Add more Key Results as needed)", a template's
    instruction): a remark beside the list, never a key result."""
    text = text.strip()
    return text[:1] == "(" and _ASIDE.fullmatch(text) is not None


def meta_line(line: str) -> tuple[str, str] | None:
    """("team", "Growth") for a "Team: Growth" line; also quarter, owner and parent."""
    m = _META_LINE.fullmatch(line.strip())
    return (m[1].lower(), m[2].strip()) if m else None


def _put(found: dict, key: str, value: object) -> None:
    if value and key not in found:
        found[key] = value


EDGE_ROUNDS = 32
"""At most this many rounds of tags, owners and emphasis are taken off an item's ends (real
items have a few; each round may scan the item, and 300,000 "@a" would be as many rounds).
What is left stays in the text."""


def _strip_edges(content: str, s: int, e: int, found: dict) -> tuple[int, int]:
    """Move s and e inwards past emphasis, separators, tags and owners at either end."""
    for _ in range(EDGE_ROUNDS):
        before = (s, e)
        while s < e and (content[s] in _LEAD_SEP or content.startswith("- ", s)):
            s += 1
        while e > s and content[e - 1] in _TAIL_SEP:
            e -= 1
        if e - s >= 2 and content[e - 1] == "-" and content[e - 2] in " \t":
            e -= 1
        if _settled(content, s, e):  # nothing below, nor a later round, would move them
            break
        # each helper only where its first test would pass (a call costs more than the test)
        if s < e and content[s] > "\x7f":
            s = _skip_marker(content, s, e)
        if s < e and content[e - 1] > "\x7f":
            e = _drop_end_marker(content, s, e)
        if s < e and (content[s] in _MARKS or content[e - 1] in _MARKS):
            s, e = _strip_marks(content, s, e)
        if s < e and content[s] == "[":
            s, e = _unwrap_link(content, s, e)
        if s < e and content[s] in _LEAD_TAG_START:
            s = _strip_lead_tag(content, s, e, found)
        e = _strip_tail_tag(content, s, e, found)
        if (s, e) == before:
            break
    return s, e


# What a round of ``_strip_edges`` can act on: at the start, a separator, "- ", an emphasis
# or code mark, a link, a tag's or owner's first character; at the end, a separator, " -", a
# mark, a bracket or code span closing a tag; anywhere, the "#", "@", "owner" or tab that ends a
# tag, an owner or a pasted owner cell; a non-ASCII symbol (an emoji marker) at either end.
_LEAD_ACTS = frozenset(" \t\n:—–|" + "-" + "*_`~" + "[(*_`P \t#@")
_TAIL_ACTS = frozenset(" \t\n—–|,;" + "-" + "*_`~" + ")]`")


def _settled(content: str, s: int, e: int) -> bool:
    """True when a round of ``_strip_edges`` would move neither end (most key results: a
    letter at each end and no tag character between): then it is not run. Only true where
    every step of the round is sure to leave s and e alone; a test compares the two."""
    if s >= e:
        return False
    first, last = content[s], content[e - 1]
    return not (
        first in _LEAD_ACTS
        or last in _TAIL_ACTS
        or first > "\x7f"
        or last > "\x7f"
        or content.find("#", s, e) >= 0
        or content.find("@", s, e) >= 0
        or content.find("\t", s, e) >= 0
        or content.find("wner", s, e) >= 0
    )


_JOINERS = "\u200d\ufe0e\ufe0f\u20e3"  # zero-width joiner, variation selectors, keycap


def _is_mark(char: str) -> bool:
    """A non-ASCII symbol (categories So and Sk: emoji, ✅, ★) or one of their joiners."""
    return char > "\x7f" and (unicodedata.category(char) in ("So", "Sk") or char in _JOINERS)


def _skip_marker(content: str, s: int, e: int) -> int:
    """Past an emoji or symbol that marks the item ("🎯 Launch …", "✅ ", "⭐️ "): it is no
    word of the item, and would hide its verb from the rules. Symbols only (categories So and
    Sk, with their joiners), and only before a space: a sign or currency ("+5", "$2M") stays."""
    j = s
    while j < e and _is_mark(content[j]):
        j += 1
    return j if s < j < e and content[j] in " \t" else s


def _drop_end_marker(content: str, s: int, e: int) -> int:
    """Before an emoji or symbol that ends the item after a space ("Launch the new onboarding
    flow 🚀"): like a leading one (``_skip_marker``), no word of the item; a rewrite of the
    statement kept it inside ("… flow 🚀 from [baseline] to [target]")."""
    j = e
    while j > s and _is_mark(content[j - 1]):
        j -= 1
    return j if s < j < e and content[j - 1] in " \t" else e


# its text may hold brackets in pairs, as CommonMark allows: a rewrite's "[baseline]"
_WHOLE_LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])+)\]\([^()\s]*\)")


def _unwrap_link(content: str, s: int, e: int) -> tuple[int, int]:
    """ "[ProtoSchool has its own Roadmap.](https://…/issues/104)": the text is the link's."""
    if s >= e or content[s] != "[":
        return s, e
    m = _WHOLE_LINK.fullmatch(content, s, e)
    return (m.start("text"), m.end("text")) if m else (s, e)


def _strip_marks(content: str, s: int, e: int) -> tuple[int, int]:
    """Drop an emphasis or code run ("**", "_", "`") at either end unless the same run also
    occurs inside, where it is emphasis on part of the text ("*Increase* signups")."""
    j = s
    while j < e and content[j] in _MARKS:
        j += 1
    i = e
    while i > j and content[i - 1] in _MARKS:
        i -= 1
    if j == s and i == e:
        return s, e
    inner = content[j:i]
    if j > s and content[s:j] not in inner:
        s = j
    if i < e and content[i:e] not in inner:
        e = i
    return s, e


def _priority(m: re.Match) -> str:
    return next(g for g in m.groups() if g).upper()


# What a leading tag can start with: a box or bracket, emphasis, code, "P1", a space before a
# bracketed tag, "#stretch", "@owner" (the first characters of the patterns below).
_LEAD_TAG_START = "[(*_`P \t#@"


def _strip_lead_tag(content: str, s: int, e: int, found: dict) -> int:
    if s >= e or content[s] not in _LEAD_TAG_START:
        return s  # none of the patterns can match here
    m = _BOX.match(content, s, e)
    if m and "done" not in found:
        found["done"] = m[1] != " "
        return m.end()
    m = _PRIORITY_MARKED.match(content, s, e) or _PRIORITY_BARE.match(content, s, e)
    if m and m.end() < e:
        _put(found, "priority", _priority(m))
        return m.end()
    for pattern in (_TAG_BRACKET, _TAG_HASH):
        m = pattern.match(content, s, e)
        if m:
            _put(found, "ambition", _AMBITION[m[1].lower()])
            return m.end()
    m = _AT.match(content, s, e)
    if m and m.end() < e and content[m.end()] in _SPACE:
        _put(found, "owner", m[1].rstrip(".-"))
        return m.end()
    return s


_OPENING = {"]": "[", ")": "(", "`": "`"}  # what opens a tag that ends with each of these


def _strip_tail_tag(content: str, s: int, e: int, found: dict) -> int:
    """Indices only, no slicing: a line ending in many tags must not cost quadratic time."""
    last = content[e - 1] if e > s else ""
    if last and last in ")]`":
        opening = content.rfind(_OPENING[last], s, e - 1)
        if opening >= 0:
            priority = content.find("P", opening, e) >= 0  # every marked priority has its "P"
            m = _PRIORITY_MARKED.fullmatch(content, opening, e) if priority else None
            if m and opening > s:
                _put(found, "priority", _priority(m))
                return opening
        if opening >= 0 and last != "`":
            m = _TAG_BRACKET.fullmatch(content, opening, e)
            if m:
                _put(found, "ambition", _AMBITION[m[1].lower()])
                return opening
            m = _OWNER_BRACKET.fullmatch(content, opening, e)
            if m:
                _put(found, "owner", m[1].strip().lstrip("@"))
                return opening
    if last in "*_":  # "… in Friday syncs - _Marcus_": an owner's name, emphasised
        m = _DASH_NAME.search(content, s, e)
        if m and m.start() > s:
            _put(found, "owner", m["name"])
            return m.start()
    hash_at = content.rfind("#", s, e)
    if hash_at >= 0 and _TAG_HASH.fullmatch(content, hash_at, e):
        _put(found, "ambition", _AMBITION[content[hash_at + 1 : e].lower()])
        return hash_at
    at = content.rfind("@", s, e)
    if (
        at >= 0
        and (at == s or content[at - 1] in " \t\n(")
        and _AT.fullmatch(content, at, e)
        and not _MENTIONED.search(content, max(s, at - 12), at)  # "… other than @Stebalien"
    ):
        _put(found, "owner", content[at + 1 : e].rstrip(".-"))
        word = _OWNER_WORD.search(content, s, at)  # "… - Owner @hazzadous": the word goes too
        return word.start() if word and word.start() > s else at
    if content.find("wner", s, e) >= 0:
        m = _OWNER_TAIL.search(content, s, e)
        if m:
            _put(found, "owner", m[1].strip())
            return m.start()
    tab = content.rfind("\t", s, e)
    if tab > s and content[s:tab].strip() and _CELL_NAME.fullmatch(content, tab + 1, e):
        _put(found, "owner", content[tab + 1 : e].strip())  # a pasted table's owner cell
        return tab
    return e


# A bold title before a key result's statement ("**Workshop for users [COMMITTED]:** Plan a
# workshop …", SciLifeLab's DDS plan; "**API documentation:** …"): it names the key result, and
# the statement after it is what the rules judge, as a rewrite keeps the title and replaces the
# statement (``coach.rewrite.markup``). Not when fewer than two words follow, or what follows
# goes on from the title ("**Increase NPS:** from 30 to 50").
_BOLD_TITLE = re.compile(
    r"(\*\*|__)(?=[^\s*_])[^*_\n]{1,60}?(?::\1|\1:)[ \t]+"
    r"(?!(?:from|to|by|at|of)\b|[\d$€£%+~<>-])(?=\S+\s+\S)",
    re.I,
)


# An area's or owner's label before a key result's statement, as GitLab's cascaded OKRs write
# them ("Revenue: SDR Acceleration Team up and running.", "Controller: Close cycle reduced to 9
# days."): a title too. At most four words, capitalised, and a capitalised statement of two words
# or more after it, so that "Reduce churn: target 3%" and "NPS: 45 to 60" stay whole.
_PLAIN_TITLE = re.compile(
    r"[A-Z][\w&/'.-]*(?:[ \t]+[A-Za-z][\w&/'.-]*){0,3}:[ \t]+(?=[A-Z][\w'’-]*\s+\S)"
)


# A reference to the key result it serves, set off by a dash, as a cascaded plan writes it
# ("Support objective 1, key result 2 – Number of transactions …", VA's 2024 OKRs): a title too,
# not the metric ("support objective 1" is not what should increase).
_REFERENCE_TITLE = re.compile(
    r"(?:[A-Za-z]+[ \t]+)?(?:objective|O)[ \t]*\d+[ \t]*[,/;]?[ \t]*(?:key[ \t]+result|KR)[ \t]*\d+"
    r"[ \t]*(?:[-–—:]|--)[ \t]+(?=[A-Z][\w'’-]*\s+\S)",
    re.I,
)


def after_title(content: str, start: int) -> int:
    """Where the statement starts after a title at ``start`` (``_BOLD_TITLE``,
    ``_PLAIN_TITLE``, ``_REFERENCE_TITLE``), else ``start``."""
    if content.startswith(("**", "__"), start):
        m = _BOLD_TITLE.match(content, start)
    elif content[start : start + 1].isupper():
        m = _PLAIN_TITLE.match(content, start)
        if m is None and _names_an_objective(content, start):
            m = _REFERENCE_TITLE.match(content, start)
    else:
        return start
    return m.end() if m else start


def _names_an_objective(content: str, s: int) -> bool:
    """Whether the item at ``s`` can open with a reference to the key result it serves: it
    names an objective ("objective 1", "O1") near its start."""
    return content.find("bjective", s, s + 30) >= 0 or (
        content[s : s + 1] in "Oo" and content[s + 1 : s + 2].isdigit()
    )


def _may_have_title(content: str, s: int) -> bool:
    """Whether a title can open the item at ``s``: every title ends in a colon, or is a
    reference to the key result served (most items have neither near their start)."""
    return content.find(":", s, s + 80) >= 0 or _names_an_objective(content, s)


def _with_tags_of(inner: Cleaned, whole: Cleaned) -> Cleaned:
    """The statement after a title, with the tags, owner, priority and box read from the whole
    item where the statement has none ("**Feedback [COMMITTED]:** Run …")."""
    return inner._replace(
        ambition=inner.ambition or whole.ambition,
        owner=inner.owner or whole.owner,
        priority=inner.priority or whole.priority,
        done=whole.done if inner.done is None else inner.done,
    )


def clean_key_result(content: str, start: int = 0) -> Cleaned:
    """``clean`` for a key result: after a title before its statement (``after_title``), with
    the tags, owner and box read from the whole item ("**Feedback [COMMITTED]:** Run …")."""
    cleaned = clean(content, start)
    s = cleaned.start
    if not _may_have_title(content, s):  # most items have no title
        return cleaned
    statement = after_title(content, s)
    if statement == s:
        return cleaned
    inner = clean(content, statement)
    return _with_tags_of(inner, cleaned)


# A short title before an objective's statement, set off by a dash ("Support -- "Optimize
# support"", SciLifeLab's DDS plan, whose stated format is "Objective X: [short title] -- [long
# description]"): like a key result's title (``after_title``) it names the objective, and the
# statement after it, out of its quotes, is what the rules judge and a rewrite replaces. As
# ``_PLAIN_TITLE``: at most four words, capitalised, then two words or more, quoted or starting
# with a capital ("Ship v2 -- the fastest editor" stays whole). A double hyphen or a long dash
# only: "Update - …" is a label the rewriter keeps (``coach.rewrite.markup``).
_DASH_TITLE = re.compile(
    r"[A-Z][\w&/'.-]*(?:[ \t]+[A-Za-z][\w&/'.-]*){0,3}[ \t]+(?:--|—|–)[ \t]+"
    r"(?=[\"“][^\"”\n]*?\S\s+\S|[A-Z][\w'’-]*\s+\S)"
)
_CLOSING = {'"': '"', "“": "”"}


_BARE_NUMBER = re.compile(r"(?:[1-9]|1\d)[ \t]+(?=[A-Z][a-z]|[A-Z]{2,}[ \t]+[A-Z][a-z])")
"""An objective's number without its period, before a capitalised word ("1 Finish …", "3
Collaborations are systematized …", "1 IPFS Implementations are …"): a key result's count ("5
new meetup groups") is not read so, nor is an objective's count of something named in capitals
("3 AWS regions")."""


def clean_objective(content: str, start: int = 0) -> Cleaned:
    """``clean`` for an objective: after a short title set off by a dash (``_DASH_TITLE``),
    the statement out of the quotes around it, with the tags and owner read from the whole."""
    cleaned = clean(content, start)
    s = cleaned.start
    numbered = _BARE_NUMBER.match(content, s, cleaned.end) if content[s : s + 1].isdigit() else None
    if numbered:  # "**1 Finish the "base cluster" use-case**": the objective's number
        cleaned = _with_tags_of(clean(content, numbered.end()), cleaned)
        s = cleaned.start
    near = content[s : s + 80]
    if "-" not in near and "—" not in near and "–" not in near:  # most objectives: no dash
        return cleaned
    m = _DASH_TITLE.match(content, s, cleaned.end)
    if m is None:
        return cleaned
    inner = clean(content, m.end())
    i, e = inner.start, inner.end
    quote = content[i] if i < e else ""
    if quote in _CLOSING and e - i > 2 and content[e - 1] == _CLOSING[quote]:
        if content.find(_CLOSING[quote], i + 1, e - 1) < 0:  # one quotation, all of it
            inner = inner._replace(
                text=" ".join(content[i + 1 : e - 1].split()), start=i + 1, end=e - 1
            )
    return _with_tags_of(inner, cleaned)


_PROGRESS = re.compile(r"[ \t]+=+>(?:[ \t.]|$)")
_FROM_TO = re.compile(r"\bfrom\b.+\bto\b", re.I)
_DASH_SCORE = re.compile(r"[ \t]+[-–—][ \t]+(?:100|[1-9]?\d)%[ \t]*$")
# a tally after a colon, each count with its share of the goal: "…: Sourced 160 (100%), Hired 1
# (33%)", "…: Sourced 10 - In progress (6%), Hired 3 (100%)" (GitLab's scored OKRs)
_TALLY_ENTRY = r"[A-Z][a-z]+[ \t]+\d[\d,.]*[^,()\n:]*\(\d+(?:\.\d+)?%\)"
_TALLY = re.compile(rf":[ \t]+{_TALLY_ENTRY}(?:[ \t]*,[ \t]*{_TALLY_ENTRY})*[ \t]*$")


def _before_progress(content: str, start: int, end: int) -> int:
    """Where the statement ends before a progress note written after an arrow ("… => Done",
    "… ==> Not Done", "…** => 100%", "… => Released in 3.15 (#9628)."), a score after a
    dash at the end ("… - 75%") or a tally after a colon ("…: Sourced 52 (110%), Hired 0
    (0%)"), as published OKR retrospectives annotate each line; the note is
    not part of what the key result says. An arrow between two values ("2% => 5%") is part of
    it, unless the line already says its change ("from 8 to 10 => 100%")."""
    for m in _PROGRESS.finditer(content, start, end):
        before = content[start : m.start()].rstrip()
        if before and (before[-1] not in "0123456789%" or _FROM_TO.search(before)):
            end = m.start()  # a tally may stand before the arrow
            break
    if "%" in content:
        score = _DASH_SCORE.search(content, start, end) or _TALLY.search(content, start, end)
        # after a statement of its own ("Transition Okta Administration … - 100%"), not a
        # short change ("Cut churn - 5%")
        if score and len(content[start : score.start()].split()) >= 4:
            return score.start()
    return end


_STATUS_NOTE = re.compile(
    r"\((?:WIP|work\s+in\s+progress|in\s+progress|not\s+started|started|ongoing|done"
    r"|completed?|partially\s+done|postponed|dropped|deferred)\b[^()]*\)",
    re.I,
)


def _before_status(content: str, start: int, end: int) -> int:
    """Where the statement ends before a status in parentheses at its end ("C# driver (WIP:
    _started_)", "… (done)"): how the work stands, as a retrospective notes it, not what the key
    result says. "(blocked on CRDTs)" stays: a dependency is the checker's (OKR602)."""
    close = content.rstrip().rfind(")", start, end)
    opening = content.rfind("(", start, close)
    if opening <= start or not _STATUS_NOTE.fullmatch(content, opening, close + 1):
        return end
    return opening if content[start:opening].strip() else end


def clean(content: str, start: int = 0) -> Cleaned:
    """The item text in ``content[start:]`` (labels already skipped): tags, owners, edge
    emphasis and separators removed; inner whitespace (line wraps) collapsed to one space.
    Kept per content of item size, like labels (an editor re-reads mostly unchanged items)."""
    if len(content) > _KEPT_CHARS:
        return _clean(content, start)
    return _kept_clean(content, start)


@lru_cache(maxsize=4096)
def _kept_clean(content: str, start: int) -> Cleaned:
    return _clean(content, start)


def _clean(content: str, start: int) -> Cleaned:
    found: dict = {}
    opening = content.rfind("[", 0, start) if start else -1
    # a box or priority in front of the label ("[x] [P1] KR1: …"); each needs its "[" or "P"
    if opening >= 0:
        box = _BOX_ANYWHERE.search(content, 0, start)
        if box:
            found["done"] = box[1] != " "
    if start and content.find("P", 0, start) >= 0:
        priority = _PRIORITY_ANYWHERE.search(content, 0, start)
        if priority:
            found["priority"] = priority[0].upper()
    end = len(content)
    if opening >= 0:  # the label was inside a link: "[KR: Increase APP](https://…)"
        link = _WHOLE_LINK.fullmatch(content, opening, len(content.rstrip()))
        end = link.end("text") if link else end
    if "=>" in content or "%" in content:  # "Hire two Customer Engineers => No CEs hired yet."
        end = _before_progress(content, start, end)
    if content[start:end].rstrip().endswith(")"):  # "C# driver (WIP: _started_)"
        end = _before_status(content, start, end)
    if _settled(content, start, end):  # most items: no round of ``_strip_edges`` would act
        s, e = start, end
    else:
        s, e = _strip_edges(content, start, end, found)
    inner = content[s:e]
    if "[" in inner or "(" in inner or "#" in inner:
        inner = _remove_inner_tags(inner, found)
    text = " ".join(inner.split())
    if not found:  # most items: no tag, owner, priority or box
        return Cleaned(text, s, e)
    return Cleaned(
        text,
        s,
        e,
        found.get("ambition"),
        found.get("owner"),
        found.get("priority"),
        found.get("done"),
    )


def _remove_inner_tags(inner: str, found: dict) -> str:
    def tag(m: re.Match) -> str:
        _put(found, "ambition", _AMBITION[m[1].lower()])
        return ""

    def owner(m: re.Match) -> str:
        _put(found, "owner", m[1].strip().lstrip("@"))
        return ""

    inner = _TAG_BRACKET.sub(tag, inner)
    inner = _TAG_HASH.sub(tag, inner)
    return _OWNER_BRACKET.sub(owner, inner)


def ambition_of(value: str) -> Ambition | None:
    """The ambition named by a tag word ("stretch", "aspirational", "committed")."""
    return _AMBITION.get(value.strip().strip("[]()#").lower())


def find_quarter(text: str) -> str | None:
    """ "Q3 2026" from "# Q3 2026 OKRs — Growth"; "Q2" from "Q2 goals"; None if absent."""
    m = _QUARTER.search(text)
    if m is None:
        return None
    if m[5]:
        return f"Q{m[6]} {m[5]}"
    year = m[2] or (m[3] and m[3].replace(" ", "").upper()) or m[4]
    return f"Q{m[1]} {year}" if year else f"Q{m[1]}"
