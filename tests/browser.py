"""Debian's headless chromium, driven by selenium through /usr/bin/chromedriver: nothing is
downloaded (no Selenium Manager, no browser build), and the browser resolves no host names, so
a page that tried to fetch anything would fail. Used by tests/test_report_browser.py and
scripts/report_screenshots.py."""

from __future__ import annotations

import os
import shutil

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
MISSING = (
    "chromium is not installed: the browser tests need Debian's chromium and chromium-driver "
    "(apt-get install chromium chromium-driver)"
)
LAPTOP = (1366, 900)


def start_browser(size: tuple[int, int] = LAPTOP):
    """A headless chromium session that keeps the console log ("browser")."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # never let selenium fetch a driver
    options = Options()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--window-size={size[0]},{size[1]}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
