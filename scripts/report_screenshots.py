"""Save the pictures of docs/batch-report.md and docs/grading.md: the batch HTML report of the
hand-built sample (tests/report_samples.py) at laptop size in headless chromium, and the grade
chart of examples/okrs-q2.md as SVG and PNG. Needs chromium and chromium-driver (Debian).

    python scripts/report_screenshots.py     # writes docs/images/batch-report*.png, grade-chart.*
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
sys.path.insert(0, str(ROOT / "tests"))


def grade_charts() -> None:
    from coach.grading import grade_file
    from coach.grading.grade import GradeInputs
    from coach.render import charts

    actuals = GradeInputs(actuals=str(ROOT / "examples/actuals-q2.yaml"))
    report = grade_file(ROOT / "examples/okrs-q2.md", actuals)
    for fmt in ("svg", "png"):
        path = OUT / f"grade-chart.{fmt}"
        path.write_bytes(charts.encode(charts.grade_figure(report), fmt, dpi=110))
        print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)


def batch_screenshots() -> None:
    from browser import CHROMEDRIVER, CHROMIUM, LAPTOP, MISSING, start_browser
    from report_samples import sample_report

    from coach.render.batch_html import render_batch_html

    if CHROMIUM is None or CHROMEDRIVER is None:
        sys.exit(MISSING)
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "batch.html"
        page.write_text(render_batch_html(sample_report()), encoding="utf-8")
        browser = start_browser(LAPTOP)
        try:
            browser.get(page.as_uri())
            # the first screen, as a reader on a laptop sees it
            browser.save_screenshot(str(OUT / "batch-report.png"))
            # the whole page: the window as tall as the document
            height = browser.execute_script("return document.documentElement.scrollHeight")
            browser.set_window_size(LAPTOP[0], height + 140)
            browser.save_screenshot(str(OUT / "batch-report-full.png"))
        finally:
            browser.quit()
    for name in ("batch-report.png", "batch-report-full.png"):
        print(f"wrote {(OUT / name).relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    grade_charts()
    batch_screenshots()
