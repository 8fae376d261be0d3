"""Lines of the published documents (source{d} 2018 Q4, GitLab FY20 Q4, src-d's and Meltano's
client work) whose names the offline rewriter read as what they are about: a quoted title's
words, a link's title, and "packaging" read as pricing."""

from __future__ import annotations

import pytest
from offline_rewrites import rewrite
from test_offline_line_shapes import after_of, change_of, draft

from coach.analysis.deadlines import find_deadline
from coach.analysis.quotes import in_double_quotes


def test_a_quoted_title_chooses_neither_the_metric_nor_the_deadline():
    """source{d}: 'Define "Give me your end of year budget" campaign' was "Reduce days to close
    the books … by end of year": the campaign's name chose the finance family ("budget") and
    its deadline ("end of year") over the draft's quarter."""
    line = 'Define "Give me your end of year budget" campaign'
    after = after_of(rewrite(draft("Make Code as Data known to enterprises", line)), line)
    assert after == (
        "Increase marketing-sourced qualified pipeline from [baseline] to [target] by end of Q2"
    )


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ('Define "Give me your end of year budget" campaign', None),
        ("Define \u201cGive me your end of year budget\u201d campaign", None),
        ('Run the "Q3 push" campaign by end of Q2', "by end of Q2"),
        # the line's own words in quotes: a quoted key result, a YAML value, a title at the end
        ('"Ship the billing page by end of Q3"', "by end of Q3"),
        ('text: "Ship the billing page by end of Q3"', "by end of Q3"),
        ('Launch the campaign "Ready by end of Q3"', "by end of Q3"),
    ],
)
def test_a_deadline_inside_a_quoted_title_is_no_deadline(text, deadline):
    assert find_deadline(text)[0] == deadline


def test_only_a_title_inside_a_sentence_is_quoted():
    text = 'the "Better docs" campaign'
    assert in_double_quotes(text, text.index("docs"))
    assert not in_double_quotes(text, text.index("campaign"))
    assert not in_double_quotes('"Better docs"', 3)


def test_a_quoted_title_s_words_choose_the_metric_when_nothing_else_does():
    line = 'Ship "Dark mode" to every user'
    words = ["Dark mode", "dark mode"]
    after = after_of(rewrite(draft("Make our app a pleasure to use at night", line)), line)
    assert any(w in after for w in words)


def test_a_link_s_title_alone_names_no_measure():
    """GitLab FY20 Q4: "Secure [section strategy review](…/issues/381)" was "Increase [section
    strategy review](…) from [baseline] to [target]": the analyser reads no subject in a link,
    so the rewriter took the link for a metric. Its words name no measure, as they do unlinked."""
    line = "Secure [section strategy review](https://gitlab.com/gitlab-com/Product/issues/381)"
    for text in (line, "Secure section strategy review"):
        change = change_of(rewrite(draft("Make our product strategy clear", text)), text)
        assert change.after is None
        assert "names no measure" in change.note
    ratio = "Achieve a [CAC Revenue Ratio](https://about.gitlab.com/handbook/sales/#cac) < $X"
    after = after_of(rewrite(draft("Grow efficiently", ratio)), ratio)
    assert "[CAC Revenue Ratio](https://about.gitlab.com/handbook/sales/#cac) from" in after


@pytest.mark.parametrize(
    "line",
    [
        "Client/Library improvements, packaging, and stability",
        "Complete three key packaging projects",
    ],
)
def test_packaging_software_is_no_pricing(line):
    """src-d and GitLab: a client library's packaging was measured by the pricing page's
    conversion rate; "pricing and packaging" still is."""
    change = change_of(rewrite(draft("Make the client easy to install", line)), line)
    assert change.after is None or "pricing" not in change.after
    priced = "Improve pricing and packaging"
    after = after_of(rewrite(draft("Make self-serve the way teams buy", priced)), priced)
    assert after.startswith("Increase pricing page conversion rate")
