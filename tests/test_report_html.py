"""The HTML reports (coach.render.batch_html, grade_html, the shared templates): hostile text
reaches the page as text, every section of the batch report is there, the team table carries
what the sorter needs, the one script is the one the page's policy allows."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import sys
import tomllib
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_samples import HOSTILE, empty_report, hostile_report, sample_report

from coach.errors import ConfigError
from coach.render.batch_html import render_batch_html

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def page() -> str:
    return render_batch_html(sample_report())


class Tables(HTMLParser):
    """Each table by id: its rows of (text, data-sort) cells."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[tuple[str, str | None]]]] = {}
        self.current = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.current = self.tables.setdefault(attrs.get("id") or "", [])
        elif tag == "tr" and self.current is not None:
            self.current.append([])
        elif tag in ("td", "th") and self.current is not None:
            self.cell = ["", attrs.get("data-sort")]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.current[-1].append((self.cell[0].strip(), self.cell[1]))
            self.cell = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0] += data


def tables(page: str):
    parser = Tables()
    parser.feed(page)
    return parser.tables


def test_hostile_text_reaches_the_page_as_text():
    page = render_batch_html(hostile_report())
    assert page.count("<script") == 1  # the packaged sorter only
    assert "<script>alert" not in page
    assert "\u202e" not in page and "\u202c" not in page  # bidi controls shown as escapes
    shown = html.escape('<script>alert(1)</script> "quoted" & \\u202eevil\\u202c', quote=False)
    escaped = shown.replace('"', "&#34;")
    assert page.count(escaped) >= 15  # every field that carried it, escaped
    # nothing breaks out of an attribute: data-sort values are numbers, empty, or the team
    values = set(re.findall(r'data-sort="([^"]*)"', page))
    assert escaped in values
    assert all(v in ("", escaped, "B &amp; co") or re.fullmatch(r"-?[\d.e+-]+", v) for v in values)
    assert HOSTILE not in html.unescape(page)


def test_every_section_is_there(page):
    for section in ("teams", "distribution", "rules", "worst", "alignment", "across", "files",
                    "rewrite"):  # fmt: skip
        assert f'<section id="{section}">' in page
    assert page.count("<svg") == 2  # the distribution and the task-style share
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page)


def test_the_summary_counts(page):
    assert "<li><strong>8</strong> drafts checked</li>" in page
    assert "<li><strong>1</strong> broken file</li>" in page
    assert "<li><strong>78.5</strong> median score</li>" in page  # of 8 scores
    assert "<li><strong>1</strong> orphan company objective</li>" in page
    assert "<li><strong>exit 1</strong> with --fail-on error</li>" in page


def test_many_teams_chart_only_the_largest_task_shares():
    from dataclasses import replace

    from coach.render.charts import SHARE_LIMIT

    base = sample_report().rows[0]
    rows = tuple(replace(base, team=f"T{i}", task_key_results=i % 7) for i in range(40))
    page = render_batch_html(replace(sample_report(), rows=rows))
    assert f"The {SHARE_LIMIT} teams (of 40) with the largest share" in page
    assert len(tables(page)["team-table"]) == 41  # every team is in the table


def test_sections_without_data_are_left_out_or_say_none():
    page = render_batch_html(empty_report())
    assert 'id="alignment"' not in page and 'id="rewrite"' not in page
    assert "<svg" not in page
    assert "No draft could be checked" in page
    assert "only.md: file not found" in page


def test_the_team_table_in_report_order_with_sort_keys(page):
    rows = tables(page)["team-table"]
    head, body = rows[0], rows[1:]
    assert [text for text, _ in head][:3] == ["Team", "Score", "Band"]
    report = sample_report()
    assert [r[0] for r in body] == [(row.team + row.path, row.team) for row in report.rows]
    scores = {r[0][1]: r[1] for r in body}
    assert scores["Search"] == ("9", "9") and scores["Mobile"] == ("100", "100")
    assert scores["Security"] == ("—", "")  # broken: sorts last
    security = next(r for r in body if r[0][1] == "Security")
    assert security[2] == ("malformed YAML at line 4", "")  # spans the rest, sorts last
    assert f'colspan="{len(head) - 2}"' in page
    assert '<tr class="broken">' in page


def test_numeric_headers_are_marked_for_the_sorter(page):
    head = re.search(r'<table id="team-table" class="sortable">.*?</thead>', page, re.S).group(0)
    numeric = re.findall(r'<th scope="col" class="n" data-type="number">([^<]+)</th>', head)
    assert numeric == ["Score", "Objectives", "Key results", "Task-style", "Errors", "Warnings",
                       "Suggestions", "Exit"]  # fmt: skip


def test_worst_lines_show_the_fix_and_its_source(page):
    worst = tables(page)["worst-table"]
    fixes = [row[-1][0] for row in worst[1:]]
    assert fixes[0].startswith("Increase searches that end in a click")
    assert fixes[0].endswith("source: offline")
    assert fixes[1].endswith("source: model")
    assert fixes[2] == "no proposal"


def test_the_alignment_map_links_and_flags_orphans(page):
    alignment = page[page.index('<section id="alignment">') : page.index('<section id="across">')]
    assert "Growth" in alignment and "— <em>parent</em>" in alignment
    assert "<em>wording, similarity 82%</em>" in alignment  # 81.5 rounds half to even
    c3 = alignment[alignment.index("C3 · ") :]
    assert "orphan: no team objective serves it" in c3
    assert alignment.count("orphan: no team objective serves it") == 1


def test_findings_across_drafts(page):
    across = page[page.index('<section id="across">') : page.index('<section id="files">')]
    assert "similarity 94%" in across
    assert "30-day churn" in across and "okrs/data.md:21" in across
    assert 'Data <span class="muted">okrs/data.md</span>: 5 objectives, the limit is 3' in across
    files = page[page.index('<section id="files">') :]
    assert "okrs/security.yaml: malformed YAML at line 4" in files
    assert "okrs/README.md: no objectives or key results" in files
    assert "<strong>18250</strong> prompt tokens" in page


def test_the_one_script_is_the_one_the_policy_allows(page):
    script = re.search(r"<script>(.*)</script>", page, re.S).group(
        1
    )  # exactly what the browser hashes
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = html.unescape(re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert f"script-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy


def test_print_styles_drop_sticky_headers_and_keep_rows_whole(page):
    print_css = page[page.index("@media print") :]
    assert "position: static" in print_css
    assert "break-inside: avoid" in print_css


def test_without_jinja2_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "jinja2", None)
    with pytest.raises(ConfigError) as error:
        render_batch_html(sample_report())
    assert str(error.value) == (
        "the HTML report needs jinja2, which is not installed: pip install 'okr-coach[charts]'"
    )


def test_templates_are_package_data():
    """Every file in coach/render/templates/ is in pyproject's package-data, so `pip install .`
    ships it (checked by hand too: a non-editable install renders both pages)."""
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["coach.render"]
    folder = ROOT / "coach" / "render"
    files = [p.relative_to(folder).as_posix() for p in (folder / "templates").iterdir()]
    assert files and all(any(fnmatch(f, pattern) for pattern in patterns) for f in files)
