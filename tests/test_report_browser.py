"""The HTML reports in a real browser: Debian's headless chromium opens the batch and grade
pages from file:// URLs (no network: no host resolves, and the pages' policy forbids fetches),
reads the console, clicks column headers and checks the order of the rows.

Needs chromium and chromium-driver (.ci/run installs them on Debian); without them the tests
say so and are skipped.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from browser import CHROMEDRIVER, CHROMIUM, MISSING, start_browser
from report_samples import sample_report

from coach.grading import REMINDER, grade_file
from coach.grading.grade import GradeInputs
from coach.render.batch_html import render_batch_html
from coach.render.grade_html import render_html

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None, reason=MISSING)

ROWS = "return Array.from(document.querySelectorAll('#team-table tbody tr'), r => r.cells[0].dataset.sort)"  # fmt: skip


@pytest.fixture(scope="module")
def browser():
    driver = start_browser()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    batch = folder / "batch.html"
    batch.write_text(render_batch_html(sample_report()), encoding="utf-8")
    inputs = GradeInputs(checkins=str(ROOT / "examples/checkins-q2.csv"), as_of=date(2026, 5, 13))
    grade = folder / "grade.html"
    grade.write_text(render_html(grade_file(ROOT / "examples/okrs-q2.md", inputs)), "utf-8")
    return {"batch": batch.as_uri(), "grade": grade.as_uri()}


def open_page(browser, url: str) -> list[dict]:
    """Open the page; the console messages it logged."""
    browser.get_log("browser")  # drop what came before
    browser.get(url)
    assert browser.execute_script("return document.readyState") == "complete"
    return browser.get_log("browser")


def click_header(browser, label: str) -> None:
    from selenium.webdriver.common.by import By

    xpath = f"//table[@id='team-table']//th/button[normalize-space()='{label}']"
    browser.find_element(By.XPATH, xpath).click()


def test_the_batch_page_renders_with_no_console_errors_and_fetches_nothing(browser, pages):
    log = open_page(browser, pages["batch"])
    assert pages["batch"].startswith("file://")
    assert [entry for entry in log if entry["level"] in ("SEVERE", "WARNING")] == []
    assert browser.title == "OKR batch report"
    for section in ("teams", "distribution", "rules", "worst", "alignment", "across", "files"):
        assert browser.execute_script(f"return !!document.getElementById('{section}')")
    assert browser.execute_script("return document.querySelectorAll('figure svg').length") == 2
    # the sorter ran (the policy allowed the packaged script): headers became buttons
    buttons = browser.execute_script("return document.querySelectorAll('#team-table th button').length")  # fmt: skip
    assert buttons == 11
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_clicking_the_score_header_sorts_numerically_with_broken_rows_last(browser, pages):
    open_page(browser, pages["batch"])
    report = sample_report()
    assert browser.execute_script(ROWS) == [row.team for row in report.rows]
    by_score = [r.team for r in sorted(report.checked, key=lambda r: r.score)]
    broken = [r.team for r in report.broken]
    assert broken == ["Security"]

    click_header(browser, "Score")
    assert browser.execute_script(ROWS) == by_score + broken  # 9 before 58 before 100
    assert by_score[0] == "Search" and by_score[-1] == "Mobile"
    header = "return document.querySelector('#team-table th[aria-sort]').textContent"
    assert browser.execute_script(header) == "Score"

    click_header(browser, "Score")
    assert browser.execute_script(ROWS) == by_score[::-1] + broken  # still last


def test_clicking_a_text_header_sorts_by_name(browser, pages):
    open_page(browser, pages["batch"])
    click_header(browser, "Team")
    teams = [row.team for row in sample_report().rows]
    assert browser.execute_script(ROWS) == sorted(teams, key=str.lower)


def test_print_styles_unstick_headers(browser, pages):
    open_page(browser, pages["batch"])
    position = "return getComputedStyle(document.querySelector('#team-table thead th')).position"
    assert browser.execute_script(position) == "sticky"
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.execute_script(position) == "static"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_the_grade_page_renders_with_its_chart_and_one_reminder(browser, pages):
    log = open_page(browser, pages["grade"])
    assert [entry for entry in log if entry["level"] in ("SEVERE", "WARNING")] == []
    assert browser.title == "OKR grades · Growth · Q2 2026"
    assert browser.execute_script("return !!document.getElementById('judge-O1.KR2')")
    text = browser.execute_script("return document.body.innerText")
    assert " ".join(text.split()).count(REMINDER) == 1
    width = browser.execute_script("return document.querySelector('figure svg').getBoundingClientRect().width")  # fmt: skip
    assert 0 < width <= 1366


def test_with_scripts_off_the_team_table_reads_in_run_order(browser, pages):
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(pages["batch"])
        rows = browser.find_elements(By.CSS_SELECTOR, "#team-table tbody tr")
        teams = [row.find_element(By.TAG_NAME, "td").get_attribute("data-sort") for row in rows]
        assert teams == [row.team for row in sample_report().rows]
        assert browser.find_elements(By.CSS_SELECTOR, "#team-table th button") == []
        assert "malformed YAML at line 4" in browser.find_element(By.ID, "team-table").text
        headers = browser.find_elements(By.CSS_SELECTOR, "#team-table th")
        assert [h.text for h in headers][:3] == ["Team", "Score", "Band"]
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
