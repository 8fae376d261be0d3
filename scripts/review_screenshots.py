"""Save the SVG screenshots of docs/review.md: a `coach review` session on examples/draft.md,
driven by Textual's pilot (offline rewriter, no network), each screen saved by Textual.

    python scripts/review_screenshots.py        # writes docs/images/review-*.svg

The session's progress goes to a temporary cache folder; the draft is never written.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
SIZE = (100, 30)

# (file name, keys pressed before the screenshot; ("type", text) types text and presses Enter)
SHOTS = [
    ("review-objective.svg", []),
    ("review-task-question.svg", ["a", "r"]),
    ("review-outcome.svg", [("type", "more new users finish onboarding")]),
    ("review-placeholder-refused.svg", ["a", ("type", "145")]),
    ("review-placeholder-filled.svg", ["ctrl+u", ("type", "30"), ("type", "55"), "p"]),
    ("review-set-choice.svg", ["n"] * 8),
    ("review-summary.svg", ["1", "w"]),
]


async def main() -> None:
    from coach.config import Settings
    from coach.review.app import ReviewApp
    from coach.service.reviewing import ReviewSession

    os.chdir(ROOT)
    settings = Settings()
    draft, metrics = "examples/draft.md", "examples/metrics.yaml"
    app = ReviewApp(start=lambda: ReviewSession.start(draft, metrics, settings))
    OUT.mkdir(parents=True, exist_ok=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for name, keys in SHOTS:
            for key in keys:
                if isinstance(key, tuple):
                    await pilot.press(*list(key[1]), "enter")
                else:
                    await pilot.press(key)
                await pilot.pause()
            await pilot.pause()
            app.save_screenshot(name, str(OUT))
            print(f"wrote {OUT.relative_to(ROOT) / name}", file=sys.stderr)
        app.session.discard()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as cache:
        os.environ["XDG_CACHE_HOME"] = cache
        os.environ.pop("COACH_CACHE_DIR", None)
        os.environ.pop("COACH_MODEL", None)
        asyncio.run(main())
