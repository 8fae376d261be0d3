"""Include and exclude patterns match as ``fnmatch.fnmatch`` does, all patterns at once."""

from __future__ import annotations

import fnmatch

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.service.checking import _matcher

PATTERNS = ["*.md", "*.y?ml", ".*", "node_modules", "drafts/*", "[!a]*.json", "**/x", "a[b-d]"]
NAMES = st.text(alphabet="abcdxyz.*?[]!-/_mdjsonl", max_size=12)


@given(st.lists(st.sampled_from(PATTERNS), max_size=4, unique=True), NAMES)
@settings(max_examples=500, deadline=None)
def test_a_set_of_patterns_matches_a_name_as_fnmatch_does(patterns, name):
    expected = any(fnmatch.fnmatch(name, pattern) for pattern in patterns)
    assert _matcher(tuple(patterns))(name) is expected


def test_known_names():
    matches = _matcher(("*.md", ".*"))
    assert matches("q3.md") and matches(".git") and not matches("q3.yaml")
    assert not _matcher(())("anything")
