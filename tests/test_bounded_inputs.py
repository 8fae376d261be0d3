"""Inputs built to take a long time or a lot of memory: every YAML reader refuses aliases, and
pathological drafts under the size limit finish with the right result.

No timing asserts here (benchmarks/bench_pathological.py measures); each case is one that ran
for seconds to hours before its fix and now takes a fraction of a second.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from coach.analysis import find_quantities
from coach.checker import check
from coach.cli import cli
from coach.errors import InputError, RubricError
from coach.parsing import parse_text
from coach.parsing.comments import mask_comments
from coach.parsing.labels import clean
from coach.rewrite.guard import DraftLines, allowed_numbers, first_line_holding
from coach.rewrite.offline.metrics import number_sources
from coach.rewrite.offline.typos import correct_typos
from coach.rewrite.provenance import trace_numbers
from coach.rewrite.requests import build_targets
from coach.rubric import load_rubric
from coach.rubric.rule import load_rule_file
from coach.yamlsafe import AliasNotAllowed, load_yaml

# 9 lists of 9 aliases deep: 9**9 (387 million) "lol"s once expanded, in 342 bytes.
ALIAS_BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "\n".join(
        f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]"
        for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "\n"
)
DRAFT = (
    "## Objective: Make every new user feel confident within their first week\n"
    "- KR1: Increase onboarding completion from 45% to 70% by end of Q3\n"
    "- KR2: Reduce time to first value from 3 days to 1 day by end of Q3\n"
)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("COACH_SELECT", "COACH_IGNORE", "COACH_FAIL_ON", "COACH_MODEL", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def write(name: str, text: str) -> str:
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    Path(name).write_text(text, encoding="utf-8")
    return name


def assert_alias_rejected(result, path: str, line: int) -> None:
    lines = result.stderr.splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith(f"coach: {path}: ")
    assert "alias *a is not allowed" in lines[0] and f"line {line}" in lines[0]


# --- YAML aliases ------------------------------------------------------------------------


def test_an_alias_bomb_in_front_matter_is_rejected_by_check_and_rewrite():
    write("fm.md", "---\nteam: Growth\n" + ALIAS_BOMB + "---\n" + DRAFT)
    for command in ("check", "rewrite"):
        result = run(command, "fm.md")
        assert_alias_rejected(result, "fm.md", 4)
        assert "invalid YAML front matter" in result.stderr


def test_an_alias_bomb_in_a_yaml_draft_is_rejected():
    write("d.yaml", ALIAS_BOMB + "objectives:\n  - objective: Grow\n    key_results: [*i]\n")
    assert_alias_rejected(run("check", "d.yaml"), "d.yaml", 2)


def test_an_alias_bomb_in_the_metrics_file_is_rejected_and_nothing_is_written():
    write("d.md", DRAFT)
    write("metrics.yaml", ALIAS_BOMB)
    result = run("rewrite", "d.md", "--metrics", "metrics.yaml", "-o", "out.md")
    assert_alias_rejected(result, "metrics.yaml", 2)
    assert not Path("out.md").exists()


@pytest.mark.parametrize("option", ["--actuals", "--checkins"])
def test_an_alias_bomb_in_actuals_or_checkins_is_rejected(option: str):
    write("d.md", DRAFT)
    write("data.yaml", ALIAS_BOMB)
    result = run("grade", "d.md", option, "data.yaml", "-o", "grades.txt")
    assert_alias_rejected(result, "data.yaml", 2)
    assert not Path("grades.txt").exists()


def test_an_alias_in_an_eval_case_file_or_thresholds_is_rejected():
    cases = "cases:\n  - &a {id: x, kind: objective, text: Grow}\n  - *a\n"
    write("evals/cases/a.yaml", cases)
    result = run("eval", "--provider", "offline", "--evals", "evals")
    assert_alias_rejected(result, str(Path("evals/cases/a.yaml")), 3)
    write("evals/cases/a.yaml", "cases:\n  - {id: x, kind: objective, text: Grow}\n")
    write("evals/thresholds.yaml", ALIAS_BOMB)
    result = run("eval", "--provider", "offline", "--evals", "evals")
    assert_alias_rejected(result, str(Path("evals/thresholds.yaml")), 2)


def test_an_alias_in_a_rule_file_is_a_rubric_error(tmp_path: Path):
    path = tmp_path / "OKR999.yaml"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    with pytest.raises(RubricError, match="alias \\*a is not allowed"):
        load_rule_file(path)


def test_load_yaml_reads_what_safe_load_reads_and_refuses_only_aliases():
    text = "a: &x [1, 2]\nb: {c: 2026-05-13, d: 'x'}\nmerge: 3\n"  # an anchor alone is harmless
    assert load_yaml(text) == yaml.safe_load(text)
    assert load_yaml("") is None
    for text in ("a: &x 1\nb: *x\n", "base: &b {x: 1}\nother:\n  <<: *b\n", "a: &s [*s]\n"):
        with pytest.raises(AliasNotAllowed):
            load_yaml(text)
    with pytest.raises(yaml.YAMLError) as raised:
        load_yaml("a: [1\n")
    assert not isinstance(raised.value, AliasNotAllowed)


# --- Pathological drafts under the size limit ------------------------------------------------


def test_a_key_result_of_repeated_quarter_names_reads_no_metric_value():
    """10,000 masked "Q3"s against 10,000 numbers: the overlap test was quadratic (19 s)."""
    assert find_quantities("Q3 " * 10_000) == []
    found = find_quantities("Grow MAU 5% " * 10_000)
    assert len(found) == 10_000 and {(q.value, q.raw) for q in found} == {(5.0, "5%")}


def test_unclosed_comment_openers_and_many_directives_are_read_once():
    text = "<!-- " * 100_000  # 500 KB: every opener used to scan to the end for its "-->"
    assert mask_comments(text) == (text, [])
    text = "<!-- coach-ignore OKR201 -->\n" * 10_000 + "- Launch the new flow\n"
    masked, suppressions = mask_comments(text)
    assert masked.endswith("\n- Launch the new flow\n") and len(suppressions) == 10_000
    assert {s.line for s in suppressions} == {10_001} and suppressions[0].rules == {"OKR201"}
    spaces = "<!-- coach-ignore" + " " * 500_000 + "OKR2 -->"  # lazy rules + \s*\Z backtracked
    assert mask_comments(spaces)[1][0].rules == {"OKR2"}


def test_number_sources_read_a_long_run_without_digits_once():
    """The offline rewriter's number regex retried a digitless run at every character."""
    text = "Increase " + "a" * 1_000_000 + " from 45% to [target]"
    assert number_sources(text, {}, "Launch it (45%)", ()) == [
        {"value": "45%", "source": "original"},
        {"value": "[target]", "source": "placeholder"},
    ]


def test_every_request_shares_the_draft_lines_and_sees_the_others():
    lines = DraftLines(["Grow 1", "Cut 2 to 3", "Ship 2"])
    others = lines.others(1)
    assert others == ("Grow 1", "Ship 2") and len(others) == 2 and "Ship 2" in others
    assert others.numbers() == {1.0, 2.0} and lines.others(2).numbers() == {1.0, 2.0, 3.0}
    assert not others.holds(3.0) and lines.others(0).holds(3.0)
    assert first_line_holding(others, {2.0}) == "Ship 2"
    assert first_line_holding(others, {3.0}) is None
    assert first_line_holding(("Grow 1", "Ship 2"), {2.0}) == "Ship 2"  # a plain tuple too
    many = DraftLines([f"Launch checklist {i}" for i in range(30_000)])
    views = [many.others(i) for i in range(30_000)]  # each was a copy of 29,999 lines
    assert views[5].holds(6.0) and not views[5].holds(5.0) and len(views[5]) == 29_999


def test_a_request_traces_and_allows_numbers_from_the_other_lines_of_the_draft():
    draft = parse_text(DRAFT + "- Launch the referral program\n", "d.md")
    targets = build_targets(check(draft), load_rubric())
    request = next(t.request for t in targets if "referral" in t.request.text)
    kr1 = "Increase onboarding completion from 45% to 70% by end of Q3"
    assert kr1 in request.context_lines and request.text not in request.context_lines
    traced = trace_numbers("Increase referral signups from 45% to 99% by end of Q3", request)
    assert [(n.value, n.source) for n in traced[:2]] == [("45%", "draft"), ("99%", "invented")]
    assert traced[0].detail == kr1
    assert {45.0, 70.0, 3.0} <= allowed_numbers(request) and 99.0 not in allowed_numbers(request)


def test_an_item_of_thousands_of_owners_or_tags_keeps_what_the_edge_rounds_leave():
    """Each round took one tag off each end and rescanned the item: 300,000 "@a" hung."""
    cleaned = clean("Grow MAU " + "@ana " * 50_000)
    assert cleaned.owner == "ana" and cleaned.text.startswith("Grow MAU @ana")
    assert clean("Grow MAU @ana [stretch]").text == "Grow MAU"  # normal items: unchanged
    assert clean("[stretch] " * 40 + "Grow MAU").ambition is not None


def test_typo_correction_reads_a_long_item_once_per_distinct_word():
    """Each word split the whole text before it, and every repeat was compared again."""
    text = "Finsih migratng the dashbord " + "[baseline] " * 20_000
    fixed = correct_typos(text)
    assert fixed.startswith("Finish migrating the dashboard ") and fixed.endswith("[baseline] ")
    assert fixed.count("[baseline]") == 20_000


def test_a_draft_over_the_line_limit_is_refused_before_it_is_read():
    from coach.parsing import MAX_LINES

    text = "## Objective: Grow\n" + "- KR: a\n" * MAX_LINES
    with pytest.raises(InputError, match=f"at most {MAX_LINES} are read"):
        parse_text(text, "big.md")


def test_a_markdown_draft_of_more_blockquotes_than_the_limit_is_refused_before_it_is_parsed():
    """markdown-it looks from each blockquote to the end of the document for lines that
    continue it: 9,999 of them, each holding a heading, took 24 s to read."""
    from coach.parsing import MAX_QUOTES

    text = "## Objective: Grow\n- KR: a\n\n" + "> # h\nlazy\n" * (MAX_QUOTES + 1)
    with pytest.raises(InputError, match=f"{MAX_QUOTES + 1} blockquotes; at most {MAX_QUOTES}"):
        parse_text(text, "quotes.md")


def test_quoted_passages_up_to_the_limit_are_read_and_a_long_quote_counts_once():
    from coach.parsing import MAX_QUOTES

    quotes = "".join(f"> a quoted note {i}\n>\n> over lines\n\n" for i in range(MAX_QUOTES))
    draft = parse_text("## Objective: Grow\n- KR: Raise NPS from 20 to 30\n\n" + quotes, "q.md")
    assert [kr.text for kr in draft.objectives[0].key_results] == ["Raise NPS from 20 to 30"]
    one_long = "> quoted\n" * 5_000 + "\n## Objective: Grow\n- KR: Raise NPS from 20 to 30\n"
    assert parse_text(one_long, "long.md").objectives[0].text == "Grow"


def test_a_draft_over_the_item_limit_is_refused():
    from coach.parsing import MAX_ITEMS

    text = "## Objective: Grow\n" + "- KR: a\n" * MAX_ITEMS
    with pytest.raises(InputError, match=f"{MAX_ITEMS + 1} objectives and key results"):
        parse_text(text, "many.md")


def test_a_long_item_is_read_up_to_the_cap_at_a_word_and_keeps_its_whole_span():
    from coach.parsing import MAX_ITEM_CHARS

    long_kr = "Increase weekly active teams from 20 to 30 " + "and more " * 1000
    draft = parse_text(f"## Objective: Grow\n- {long_kr}\n- Raise NPS from 20 to 30\n", "d.md")
    kr = draft.objectives[0].key_results[0]
    assert len(kr.text) <= MAX_ITEM_CHARS and kr.text.startswith("Increase weekly active teams")
    assert not kr.text.endswith(" ") and kr.text.split()[-1] in {"and", "more"}
    assert kr.position.end_column > MAX_ITEM_CHARS  # a rewrite still replaces the whole line
