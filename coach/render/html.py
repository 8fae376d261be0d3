"""HTML pages from the Jinja2 templates in ``coach/render/templates/`` (package data).

Autoescape is on, and every value a template prints passes through
:func:`coach.visible.visible` first (the environment's ``finalize``), so a draft's ``<script>``,
quotes, ampersands and bidi controls reach the page as text. Only values already marked safe
(an inline SVG chart drawn by :mod:`coach.render.charts`, the packaged script) are printed as
they are. Pages are self-contained: a Content-Security-Policy forbids every fetch and allows
only the one packaged script, by its hash.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache

from coach.errors import ConfigError
from coach.visible import visible

MISSING = "{what} needs jinja2, which is not installed: pip install 'okr-coach[charts]'"
_SCRIPT = "sortable.js"


@dataclass(frozen=True, slots=True)
class Column:
    label: str
    numeric: bool = False


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its text (a tuple is several lines), the value a sortable table sorts
    it by ("" sorts last in either direction), a CSS class, a note in small type under the
    text, and how many columns it spans."""

    text: str | tuple[str, ...] = ""
    sort: str | None = None
    css: str | None = None
    note: str | None = None
    span: int = 1


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    css: str | None = None


def number(value: float | int | None, digits: int = 0, empty: str = "—") -> Cell:
    """A numeric cell: shown with ``digits`` decimals, sorted by its value; None sorts last."""
    if value is None:
        return Cell(empty, "", "n")
    return Cell(f"{value:.{digits}f}", repr(value), "n")


def require_jinja2(what: str) -> None:
    """A ConfigError naming the ``charts`` extra when Jinja2 is not installed."""
    _environment(what)


def render_page(template: str, what: str = "the HTML report", **context) -> str:
    """The named template rendered with ``context``, plus the packaged script and the page's
    Content-Security-Policy."""
    from markupsafe import Markup

    env = _environment(what)
    script = env.loader.get_source(env, _SCRIPT)[0]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )
    return env.get_template(template).render(script=Markup(script), csp=csp, **context)


def _finalize(value):
    from markupsafe import Markup

    if isinstance(value, Markup) or not isinstance(value, str):
        return "" if value is None else value
    return visible(value)


def _environment(what: str):
    try:
        import jinja2  # noqa: F401
    except ImportError:
        raise ConfigError(MISSING.format(what=what)) from None
    return _build()


@cache
def _build():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("coach.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
