"""Typo-tolerant lexicon matching: "finsih migratng the onbaording emails" is about onboarding.

A word of five letters or more that is not itself a lexicon or task-verb word (nor one of them
with another ending: "invoices", "migrating"), and is one edit away (two from eight letters; a
swap of neighbours counts as one) from such a word with the same first letter, is read as that
word — but only where the corrected text then matches a lexicon entry on that very word, or the
word is one of the first two and becomes a task verb. Real words are never typos: an English
word (pyspellchecker's English word list: "transactions" is no "translations", "iteration" no
"integration") or a word of the trade the list lacks ("sharding"). The offline rewriter asks for
corrections only when the exact words match no specific entry, so a correctly spelled item keeps
its reading.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from coach.rubric.vocabulary import load_vocabulary

_SUFFIX = re.compile(r"(?:ings?|ers?|ions?|ed|es|ly|s|d|e|y)$")
# Real words one edit from a lexicon word or a task verb that the English word list lacks or
# once lacked: never typos ("a photo contest" is not "content", "Product tours" not "Produce
# tours", "200 lines" not "likes").
_REAL_WORDS = frozenset(
    """aiding altering clash clashes coarse commodity confidence contend contest context crass
    crush crushes curating curse curses dealt dials drifting dunking evens hides hiding hikes
    hiking incidence lakes limes lines locker micros migraine mowing outrage outrages parting
    pasting planting prevent pride prides prime primes prize prizes product reactor regional
    remainders remote reposts resorts rewire rewrote sharding shopping smart souring spending
    stark stores storied stride strive tickers trail trailing trucking white""".split()
)


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str]]:
    """(lexicon words, task verbs): the words a typo may stand for."""
    from coach.rewrite.lexicon import load_lexicon  # coach.rewrite imports this package

    lexicon = {
        w
        for entry in load_lexicon().entries
        for phrase in entry.match
        for w in re.findall(r"[a-z]+", phrase.lower())
    }
    verbs = {w for w in load_vocabulary().words("task_verbs") if re.fullmatch(r"[a-z]+", w)}
    verbs |= {(w[:-1] if w.endswith("e") else w) + "ing" for w in verbs}  # "finish migrating"
    return frozenset(lexicon), frozenset(verbs)


def _grammar(a: str, b: str) -> bool:
    """ "report" / "reports", "fixed" / "fixes": the same word with another ending."""
    return _SUFFIX.sub("", a) == _SUFFIX.sub("", b)


@lru_cache(maxsize=4)
def _stems(words: frozenset[str]) -> frozenset[str]:
    return frozenset(_SUFFIX.sub("", w) for w in words)


@lru_cache(maxsize=1)
def _english():
    """pyspellchecker's English word list, loaded once (about 0.3 s), when first needed."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


def is_real_word(word: str) -> bool:
    """An English word, or one of ``_REAL_WORDS`` with any ending ("contexts")."""
    low = word.lower()
    return _SUFFIX.sub("", low) in _stems(_REAL_WORDS) or bool(_english().known([low]))


@lru_cache(maxsize=4096)  # a long item repeats its words: each is compared once
def closest(word: str, candidates: frozenset[str]) -> str | None:
    """The candidate ``word`` is a typo of, or None."""
    low = word.lower()
    if len(low) < 5 or low in candidates or is_real_word(low):
        return None
    if _SUFFIX.sub("", low) in _stems(candidates):  # "invoices" is "invoice" with an ending
        return None
    limit = 1 if len(low) < 8 else 2
    found = sorted(
        (edit_distance(low, c), c)
        for c in candidates
        if len(c) >= 5 and c[0] == low[0] and abs(len(c) - len(low)) <= limit
    )
    found = [(d, c) for d, c in found if d <= limit and not _grammar(low, c)]
    return found[0][1] if found else None


def correct_typos(text: str) -> str:
    """``text`` with the typos that stand between it and the lexicon corrected."""
    from coach.rewrite.lexicon import load_lexicon

    lexicon, verbs = _words()
    known = lexicon | verbs
    entries = load_lexicon().entries
    tokens = re.finditer(r"\S+", text)
    second = next(itertools.islice(tokens, 1, None), None)  # the text's second word
    for m in reversed(list(re.finditer(r"[A-Za-z]{5,}", text))):
        word = m.group(0)
        if word.lower() in known or any(c.isupper() for c in word[1:]):
            continue
        opening = second is None or second.start() >= m.start()  # "finsih migratng …"
        fix = closest(word, verbs) if opening else None
        if fix is None:
            fix = closest(word, lexicon)
            fixed = text[: m.start()] + fix + text[m.end() :] if fix else text
            if fix and not any(
                s <= m.start() < e
                for entry in entries
                for s, e in (x.span() for x in entry.pattern.finditer(fixed))
            ):
                fix = None
        if fix:
            fix = fix.capitalize() if word[0].isupper() else fix
            text = text[: m.start()] + fix + text[m.end() :]
    return text
