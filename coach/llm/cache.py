"""A disk cache of accepted proposals, so asking again for the same item costs nothing.

``coach.rewrite`` owns the caching decision: it names an entry with ``cache_key`` (endpoint and
model, instructor mode and temperature, ``PROMPT_VERSION`` and ``RewriteRequest.cache_key()``),
re-checks a hit with the current guard before using it, and counts hits in
``Usage.cache_hits``. This module only stores: one JSON file per entry, named by the SHA-256 of
the key parts, in ``settings.cache_dir`` (``COACH_CACHE_DIR``), else ``$XDG_CACHE_HOME/okr-coach``,
else ``~/.cache/okr-coach``. Entries hold only the proposal (never a key or a header) and are
written atomically (a temporary file in the same folder, then ``os.replace``). A cache that cannot
be read or written is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from coach.cachefolder import cache_folder
from coach.config import ModelSettings

CACHE_FORMAT = 1


def default_cache_dir(settings: ModelSettings, environ: Mapping[str, str] = os.environ) -> Path:
    return cache_folder(settings.cache_dir, environ)


def cache_key(**parts: Any) -> str:
    """The entry name for these key parts (order-independent, JSON-serialisable values)."""
    blob = json.dumps({"format": CACHE_FORMAT, **parts}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ProposalCache:
    def __init__(self, directory: Path):
        self.directory = Path(directory)

    @classmethod
    def from_settings(
        cls, settings: ModelSettings, environ: Mapping[str, str] = os.environ
    ) -> ProposalCache | None:
        """The cache the settings ask for, or None when ``cache = false``."""
        return cls(default_cache_dir(settings, environ)) if settings.cache else None

    def path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def get(self, key: str) -> dict | None:
        try:
            entry = json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("format") != CACHE_FORMAT:
            return None
        proposal = entry.get("proposal")
        return proposal if isinstance(proposal, dict) else None

    def put(self, key: str, proposal: dict) -> bool:
        """Store atomically; False (and nothing written) when the folder is not writable."""
        text = json.dumps({"format": CACHE_FORMAT, "proposal": proposal}, ensure_ascii=False)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        except OSError:
            return False
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, self.path(key))
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            return False
        return True
