"""Every cache the checker keeps per text, in one list.

Analyses, OKR201's output verdict, metric keys, pattern rules' matches and verdicts, list
items' first lines, item labels, cleaned text and a one-line item's segments, a text's words
and its word-list regexes are kept per text (bounded ``lru_cache``s), so an editor re-checking
a draft pays only for the lines that changed. A benchmark of never-seen text (``bench_check.py
--cold``) and the tests that compare the fast paths with the straightforward ones clear them
all with :func:`clear_per_text_caches`.
"""

from __future__ import annotations


def per_text_caches() -> tuple:
    """The caches, each with ``cache_clear()`` and ``cache_info()``."""
    from coach import analysis
    from coach.parsing import blocks, labels, segments
    from coach.rubric import functions, kinds, vocabulary

    return (
        *analysis.CACHES,
        functions._output_verdict,
        functions._metric_key,
        kinds._found,
        kinds._kept_pattern_verdict,
        blocks._kept_item_line,
        labels._kept_label,
        labels._kept_clean,
        segments._kept_line,
        vocabulary._tokens,
        vocabulary._subset_for,
    )


def clear_per_text_caches() -> None:
    for cache in per_text_caches():
        cache.cache_clear()
