"""The chart: each key result's score as a horizontal bar against the 0.7 line.

Committed key results are solid blue bars, stretch ones orange and hatched; a forecast is a
diamond (red when the key result is at risk). Drawn with matplotlib's headless Agg backend,
from the optional ``charts`` extra.
"""

from __future__ import annotations

import io
import textwrap

from coach.errors import ConfigError
from coach.grading.bands import REMINDER, STRETCH_TARGET
from coach.grading.records import GradeReport, KeyResultGrade
from coach.model import Ambition

MISSING = "--chart needs matplotlib, which is not installed: pip install 'okr-coach[charts]'"
_AT_RISK = "#c0392b"
_COLOURS = {Ambition.COMMITTED: "#3b6ea8", Ambition.STRETCH: "#e08a2c"}


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ConfigError(MISSING) from None
    return plt


def require_matplotlib() -> None:
    """A ConfigError naming the ``charts`` extra when matplotlib is not installed."""
    _pyplot()


def render_png(report: GradeReport) -> bytes:
    """The chart as PNG bytes."""
    plt = _pyplot()
    from matplotlib.patches import Patch

    krs = report.key_results()
    fig, ax = plt.subplots(figsize=(10, 1.6 + 0.45 * max(len(krs), 1)), dpi=100)
    positions = list(range(len(krs)))[::-1]
    for y, kr in zip(positions, krs, strict=True):
        _bar(ax, y, kr)
    ax.axvline(STRETCH_TARGET, color="#555555", linestyle="--", linewidth=1)
    ax.set_yticks(positions, [_label(kr) for kr in krs], fontsize=8)
    ax.set_xlim(0, 1.12)
    ax.set_ylim(-0.7, len(krs) - 0.3)
    ax.set_xlabel("score (0.0–1.0)")
    ax.set_title(_title(report), fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    handles = [
        Patch(color=_COLOURS[Ambition.COMMITTED], label="committed (1.0 expected)"),
        Patch(facecolor=_COLOURS[Ambition.STRETCH], hatch="//", label="stretch (0.7 expected)"),
        plt.Line2D([], [], color="#555555", linestyle="--", label="0.7 line"),
    ]
    if any(kr.forecast for kr in krs):
        handles.append(
            plt.Line2D([], [], marker="D", linestyle="", color="black", label="forecast")
        )
    if any(kr.forecast and kr.forecast.at_risk for kr in krs):
        handles.append(
            plt.Line2D([], [], marker="D", linestyle="", color=_AT_RISK, label="forecast, at risk")
        )
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.text(0.01, 0.01, textwrap.fill(REMINDER, 140), fontsize=6.5, style="italic", va="bottom")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _bar(ax, y: int, kr: KeyResultGrade) -> None:
    colour = _COLOURS[kr.ambition]
    hatch = "//" if kr.ambition == Ambition.STRETCH else None
    if kr.score is None:
        ax.text(0.01, y, "not graded (see messages)", va="center", fontsize=7, color="#888888")
    else:
        ax.barh(y, kr.score, height=0.6, color=colour, hatch=hatch, edgecolor="white")
        ax.text(kr.score + 0.01, y, f"{kr.score:.2f}", va="center", fontsize=7)
    if kr.forecast is not None:
        colour = _AT_RISK if kr.forecast.at_risk else "black"
        ax.plot(kr.forecast.score, y, marker="D", color=colour, markersize=5)


def _label(kr: KeyResultGrade) -> str:
    return _plain(f"{kr.label}  {textwrap.shorten(kr.text, 48, placeholder='…')}")


def _plain(text: str) -> str:
    """Text as written: a "$" would otherwise start matplotlib's math mode."""
    return text.replace("$", r"\$")


def _title(report: GradeReport) -> str:
    head = " · ".join(filter(None, (report.team, report.quarter)))
    score = "not graded" if report.score is None else f"{report.score:.2f}"
    phase = "progress so far" if report.mid_quarter else "quarter-end grades"
    ahead = f" · forecast {report.forecast:.2f}" if report.forecast is not None else ""
    return _plain(f"{head + ' · ' if head else ''}{phase} · team score {score}{ahead}")
