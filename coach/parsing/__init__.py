"""Reading drafts: Markdown (with YAML front matter), YAML and JSON, into ``coach.model.Draft``.

(Interface stub — the parser lands in coach/parsing/markdown.py and structured.py.)
"""

from __future__ import annotations

from pathlib import Path

from coach.model import Draft


def parse_text(text: str, source: str = "<string>", fmt: str | None = None) -> Draft:
    raise NotImplementedError


def load_draft(path: str | Path, max_bytes: int = 1_000_000) -> Draft:
    raise NotImplementedError
