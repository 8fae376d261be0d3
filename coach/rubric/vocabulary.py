"""Word lists as data: ``rubrics/vocabulary/<name>.yaml`` plus a team's extra words.

Each list compiles once into a case-insensitive, word-bounded regex (longest phrase first, so
"roll out" wins over "roll"). A team extends a list with ``[tool.coach.vocabulary]``. A list
may include another (``includes: [people]``: its words come first), so that words shared by two
lists have one home.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from coach.errors import RubricError
from coach.regexcache import compile_uncached
from coach.resources import resource_dir
from coach.rubric.compiled import load_compiled
from coach.rubric.literals import Literals, best_literals, required_literals


def phrase_source(words: tuple[str, ...]) -> str:
    """The source of ``phrase_regex(words)``, uncompiled (for templates that embed a list)."""
    alternatives = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w))
    if not alternatives:
        return r"(?!x)x"
    body = "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in alternatives)
    return rf"(?<![\w-])(?:{body})(?![\w{{-])"  # "source{d}" is a name, not "source"


def phrase_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(phrase_source(words), re.IGNORECASE)


@lru_cache(maxsize=4096)
def _subset_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    return compile_uncached(phrase_source(words), re.IGNORECASE)  # one text's: not kept


class WordListPattern:
    """A word list as a pattern (``search``, ``match``, ``fullmatch``), compiled for the text
    at hand: only the phrases whose first word occurs in the text can match it, so the regex
    is built from those alone (a handful, cached) instead of the whole list. Compiling a list
    of hundreds of phrases took most of a one-draft ``coach check``; the matches are the same,
    longest phrase first. A match at the start (``match``, ``fullmatch``) of ASCII text needs
    only the phrases whose first word is the text's first word. Anything else (``pattern``,
    ``finditer`` …) is the whole list's regex.
    """

    __slots__ = (
        "words",
        "firsts",
        "_by_first",
        "_whole",
        "_ascii",
        "_at_start",
        "_by_words",
        "_word_phrases",
        "_other_phrases",
    )

    def __init__(self, words: tuple[str, ...]):
        self.words = words
        self._whole: re.Pattern[str] | None = None
        word_phrases: dict[str, list[str]] = {}
        other_phrases: list[str] = []
        for phrase in words:
            m = _TOKEN.match(phrase.strip().lower())
            if m:
                word_phrases.setdefault(m.group(0), []).append(phrase)
            else:
                other_phrases.append(phrase)
        self._word_phrases = word_phrases
        """The phrases that start with a word, by their first word."""
        self._other_phrases = tuple(other_phrases)
        """The phrases that do not ("% of"): every subset of the list has them."""
        by_first = None if other_phrases else word_phrases
        self._by_first = by_first
        self.firsts = None if by_first is None else frozenset(by_first)
        """The first word of every phrase, or None when a phrase does not start with a word."""
        self._ascii = all(phrase.isascii() for phrase in words)
        self._at_start: dict[str, re.Pattern[str]] = {}
        self._by_words: dict[frozenset[str], re.Pattern[str]] = {}

    def _for_start(self, text: str) -> re.Pattern[str] | None:
        """The pattern for a match at the start of ``text``: only the phrases whose first word
        is the text's first word can match there (both ASCII, so case-insensitive means
        equal lower case), and None when there are none."""
        m = _TOKEN.match(text)
        if m is None:
            return None  # every phrase starts with a word character
        return self._for_first(m.group(0).lower())

    def _for_first(self, first: str) -> re.Pattern[str] | None:
        """The pattern of the phrases whose first word is ``first`` (lower case), or None."""
        pattern = self._at_start.get(first)
        if pattern is None:
            phrases = self._by_first.get(first)
            if not phrases:
                return None
            pattern = self._at_start[first] = _subset_regex(tuple(phrases))
        return pattern

    def cannot_occur_in(self, text: str) -> bool:
        """True when no phrase of the list can occur in ``text``: the text is ASCII, so are the
        phrases, and none of their first words is among the text's words."""
        words = ascii_words(text) if self._ascii and self.firsts is not None else None
        return words is not None and self.firsts.isdisjoint(words)

    @property
    def whole(self) -> re.Pattern[str]:
        if self._whole is None:
            self._whole = phrase_regex(self.words)
        return self._whole

    def _for(self, text: str) -> re.Pattern[str]:
        if self._by_first is None:
            # a list with phrases that do not start with a word ("% of" in outcome_terms):
            # on ASCII text its subset is those phrases and the ones whose first word occurs
            if self._ascii and ascii_words(text) is not None:
                return _subset_for(self, text)
            return self.whole
        return _subset_for(self, text)

    def _subset(self, text: str) -> re.Pattern[str]:
        present = _tokens(text) & self._word_phrases.keys()
        key = frozenset(present)
        pattern = self._by_words.get(key)
        if pattern is None:
            if len(self._by_words) >= _MAX_SUBSETS:
                self._by_words.clear()
            candidates = tuple(
                phrase for token in sorted(present) for phrase in self._word_phrases[token]
            )
            pattern = self._by_words[key] = _subset_regex(candidates + self._other_phrases)
        return pattern

    def search(self, text: str, *args) -> re.Match[str] | None:
        return self.whole.search(text, *args) if args else self._for(text).search(text)

    def match(self, text: str, *args) -> re.Match[str] | None:
        return self._anchored("match", text, args)

    def fullmatch(self, text: str, *args) -> re.Match[str] | None:
        return self._anchored("fullmatch", text, args)

    def _anchored(self, how: str, text: str, args: tuple) -> re.Match[str] | None:
        if args:
            return getattr(self.whole, how)(text, *args)
        if self._by_first is not None and self._ascii and ascii_words(text) is not None:
            pattern = self._for_start(text)
            return getattr(pattern, how)(text) if pattern else None
        return getattr(self._for(text), how)(text)

    def __getattr__(self, name: str):
        return getattr(self.whole, name)


# The first words ``Vocabulary.at_start`` keeps its answer for, per tuple of lists; emptied at
# this size.
_MAX_FIRST_WORDS = 4096

# The subset regexes a word list keeps by the set of its first words a text holds (texts that
# hold the same ones share a regex); the set is emptied when it reaches this size.
_MAX_SUBSETS = 4096


@lru_cache(maxsize=8192)
def _subset_for(pattern: WordListPattern, text: str) -> re.Pattern[str]:
    """``pattern``'s regex for ``text``, kept per text: several rules search one item with the
    same list."""
    return pattern._subset(text)


_TOKEN = re.compile(r"\w+")


# Every ASCII character that \w does not match, as a space: on ASCII text the words (\w+) are
# what is left between spaces, and str.translate + split is faster than a regex scan.
_NOT_WORD = str.maketrans(
    {chr(i): " " for i in range(128) if not (chr(i).isalnum() or chr(i) == "_")}
)


@lru_cache(maxsize=8192)
def _tokens(text: str) -> frozenset[str]:
    lowered = text.lower()
    if lowered.isascii():
        return frozenset(lowered.translate(_NOT_WORD).split())
    return frozenset(_TOKEN.findall(lowered))


def ascii_words(text: str) -> frozenset[str] | None:
    """The lower-case words (``\\w+``) of an ASCII text, or None for any other text.

    A gate for a regex that cannot match without one of a few words: for ASCII text a
    case-insensitive ``\\bword\\b`` matches exactly where ``word`` is one of these, so skipping
    the regex when none occurs changes nothing. Outside ASCII, case folding (``ſ`` matches ``s``
    under ``re.IGNORECASE``) breaks that, so callers run every regex."""
    return _tokens(text) if text.isascii() else None


def may_match(words: frozenset[str] | None, needs: frozenset[str]) -> bool:
    """False when ``words`` (``ascii_words`` of a text) has none of the words a pattern needs."""
    return words is None or not needs.isdisjoint(words)


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The word lists the rules and the analysis search, with their compiled patterns."""

    lists: dict[str, tuple[str, ...]]
    _patterns: dict[Any, Any] = field(default_factory=dict, compare=False)

    def words(self, name: str) -> tuple[str, ...]:
        try:
            return self.lists[name]
        except KeyError:
            known = ", ".join(sorted(self.lists))
            raise RubricError(f"unknown word list {name!r}; known: {known}") from None

    def pattern(self, name: str) -> WordListPattern:
        pattern = self._patterns.get(name)
        if pattern is None:
            pattern = self._patterns[name] = WordListPattern(self.words(name))
        return pattern

    def at_start(self, named: tuple[tuple[str, Any], ...], text: str) -> Sequence[tuple[Any, Any]]:
        """(value, pattern) for each (list name, value) of ``named``, in order, where
        ``pattern.match(text)`` is what the list's ``match(text)`` answers, leaving out the lists
        that cannot match. For ASCII text only: the text's first word is read once for all the
        lists."""
        m = _TOKEN.match(text)
        first = m.group(0).lower() if m else None
        # when every list's phrases start with a word, the answer depends on the first word
        # alone: kept per (lists, first word), one lookup instead of a loop over the lists
        key = ("at-start", id(named))
        kept = self._patterns.get(key)
        if kept is None or kept[0] is not named:
            lists = [self.pattern(name) for name, _ in named]
            by_first = all(p._by_first is not None and p._ascii for p in lists)
            kept = self._patterns[key] = (named, {} if by_first else None)
        table = kept[1]
        if table is not None:
            found = table.get(first)
            if found is None:
                if len(table) >= _MAX_FIRST_WORDS:
                    table.clear()
                found = table[first] = tuple(self._starting(named, first, text))
            return found
        return self._starting(named, first, text)

    def _starting(self, named: tuple[tuple[str, Any], ...], first: str | None, text: str) -> list:
        found = []
        for name, value in named:
            pattern = self._patterns.get(name) or self.pattern(name)
            if pattern._by_first is None or not pattern._ascii:
                found.append((value, pattern._for(text)))
            elif first is not None:
                start = pattern._for_first(first)
                if start is not None:
                    found.append((value, start))
        return found

    def one_word_phrases(self, names: tuple[str, ...]) -> frozenset[str] | None:
        """The phrases of the lists ``names`` that are one word of ASCII letters, lower-cased;
        None when a phrase of them is not ASCII. On a word of ASCII letters, whether one of the
        lists' regexes matches it whole (``fullmatch``) is whether its lower case is among these
        (any other phrase holds a character that no such word has); a set lookup, not a regex
        per list."""
        key = ("one-word", names)
        if key not in self._patterns:
            phrases = [phrase.strip() for name in names for phrase in self.words(name)]
            self._patterns[key] = (
                frozenset(p.lower() for p in phrases if p.isalpha())
                if all(p.isascii() for p in phrases)
                else None
            )
        return self._patterns[key]

    def absent(self, name: str, text: str) -> bool:
        """True when the list ``name`` cannot occur in ``text``: the test ``search`` makes
        before it searches."""
        firsts = (self._patterns.get(name) or self.pattern(name)).firsts
        return firsts is not None and firsts.isdisjoint(_tokens(text))

    def search(self, name: str, text: str) -> re.Match[str] | None:
        """Search only when one of the list's first words occurs in the text: a set lookup
        instead of a regex scan for most lists on most lines."""
        pattern = self._patterns.get(name) or self.pattern(name)
        firsts = pattern.firsts
        if firsts is None:
            return pattern.search(text)
        if firsts.isdisjoint(_tokens(text)):
            return None
        return _subset_for(pattern, text).search(text)  # ``pattern.search``, two calls fewer

    def gated(self, template: str) -> GatedPattern:
        """``compile(template)`` with the literals every match holds (``coach.rubric.literals``):
        a line without them is answered at once."""
        key = ("gated", template)
        pattern = self._patterns.get(key)
        if pattern is None:
            regex = self.compile(template)
            literals = _packaged_literals().get(template)
            pattern = self._patterns[key] = GatedPattern(regex, template, literals)
        return pattern

    def compile(self, template: str) -> re.Pattern[str]:
        """A regex in which ``{list_name}`` stands for that word list's alternation."""
        key = ("regex", template)  # a tuple hashes with the template's kept hash
        pattern = self._patterns.get(key)
        if pattern is None:

            def expand(m: re.Match[str]) -> str:
                return "(?:" + phrase_source(self.words(m.group(1))) + ")"

            pattern = re.compile(re.sub(r"\{([a-z_]+)\}", expand, template), re.IGNORECASE)
            self._patterns[key] = pattern
        return pattern


class GatedPattern:
    """A compiled template and, when it has a short one, a set of literals every match holds
    (``coach.rubric.literals``): ``search`` answers at once on ASCII text that holds none of
    them (outside ASCII, where case folding lets other letters match, the regex always runs).
    Only ``search``: a match anchored at the start, or a substitution, fails as fast as the
    test would."""

    __slots__ = ("regex", "literals", "needs", "_lower")

    def __init__(self, regex: re.Pattern[str], template: str, literals: Literals | None = None):
        self.regex = regex
        self.literals = required_literals(template, regex.flags) if literals is None else literals
        """Read off the template, unless the compiled rubric holds them (``literals``)."""
        self.needs = best_literals(self.literals)
        """The set tested: the most telling one, if it is short enough to test quickly."""
        self._lower = bool(regex.flags & re.IGNORECASE)

    def rules_out(self, text: str) -> bool:
        """True when ``text`` is ASCII and holds none of the literals tested."""
        needs = self.needs
        if needs is None or not text.isascii():
            return False
        seen = text.lower() if self._lower else text
        for literal in needs:
            if literal in seen:
                return False
        return True

    def search(self, text: str) -> re.Match[str] | None:
        return None if self.rules_out(text) else self.regex.search(text)


@lru_cache(maxsize=1)
def _packaged_literals() -> dict[str, Literals]:
    """The packaged pattern rules' literals, by template, as the compiled rubric holds them."""
    compiled = load_compiled(resource_dir("rubrics"))
    if compiled is None:
        return {}
    return {t: tuple(map(tuple, sets)) for t, sets in compiled["literals"].items()}


@lru_cache(maxsize=1)
def _packaged_lists() -> dict[str, tuple[str, ...]]:
    compiled = load_compiled(resource_dir("rubrics"))
    if compiled is not None:
        return {name: tuple(words) for name, words in compiled["vocabulary"].items()}
    return lists_from_yaml()


def lists_from_yaml(root: Path | None = None) -> dict[str, tuple[str, ...]]:
    """The packaged word lists read from ``rubrics/vocabulary/*.yaml`` (the slow path)."""
    import yaml

    from coach.yamlsafe import load_yaml

    lists, includes = {}, {}
    for path in sorted((root or resource_dir("rubrics")).joinpath("vocabulary").glob("*.yaml")):
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
            lists[path.stem] = tuple(str(w) for w in data["words"])
            includes[path.stem] = (path, tuple(str(n) for n in data.get("includes") or ()))
        except (yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
            raise RubricError(f"{path}: malformed word list: {exc}") from exc
    for name, (path, names) in includes.items():  # one level: "beneficiaries" includes "people"
        for included in names:
            if included not in lists or includes[included][1]:
                raise RubricError(
                    f"{path}: includes {included!r}, which is no word list without includes"
                )
            lists[name] = lists[included] + lists[name]
    return lists


def load_vocabulary(extra: dict[str, list[str]] | None = None) -> Vocabulary:
    """The packaged word lists, each extended with ``extra[name]`` (a list name may be new)."""
    return _cached_vocabulary(tuple(sorted((k, tuple(v)) for k, v in (extra or {}).items())))


@lru_cache(maxsize=16)
def _cached_vocabulary(extra: tuple[tuple[str, tuple[str, ...]], ...]) -> Vocabulary:
    lists = dict(_packaged_lists())
    for name, words in extra:
        lists[name] = lists.get(name, ()) + words
    return Vocabulary(lists)
