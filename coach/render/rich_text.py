"""``VisibleText``: rich's ``Text`` for the renderers drawn with rich. Kept apart from
``coach.visible`` so that the formats that do not use rich (concise, JSON, SARIF, GitHub) do not
import it."""

from __future__ import annotations

from rich.text import Text

from coach.visible import visible


class VisibleText(Text):
    """A ``rich.text.Text`` whose content is passed through ``visible`` — also what is appended
    as a string. The text renderers build every piece of output with it."""

    def __init__(self, text: str = "", *args, **kwargs) -> None:
        super().__init__(visible(text), *args, **kwargs)

    def append(self, text, style=None):  # type: ignore[override]
        if isinstance(text, str):
            text = visible(text)
        return super().append(text, style)
