"""What the cassettes hold and how they are matched: shared by scripts/record_cassettes.py (which
records them) and test_cassettes.py (which replays them), so both use the same vcrpy settings.

The vcrpy settings themselves are in coach/llm/recording.py (shared with ``coach eval``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from coach.llm.protocol import FindingBrief, RewriteRequest
from coach.llm.recording import make_vcr as _make_vcr

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"
CASES_NAME = "cases.json"
CASES_FILE = CASSETTES / CASES_NAME
QWEN = CASSETTES / "qwen"
"""The capable set: the same cases recorded with Qwen2.5-Coder-1.5B-Instruct (README.md)."""
BASE_URL = "http://127.0.0.1:8765/v1"
MODEL = "gemma-3-270m-q4_k_m"


def make_vcr(record_mode: str, folder: Path = CASSETTES):
    return _make_vcr(folder, record_mode)


def request_to_json(request: RewriteRequest) -> dict[str, Any]:
    data = asdict(replace(request, context_lines=tuple(request.context_lines)))
    data.pop("taken_metrics", None)  # checked by the guard, never sent
    return data


def request_from_json(data: dict[str, Any]) -> RewriteRequest:
    return RewriteRequest(
        kind=data["kind"],
        text=data["text"],
        objective=data["objective"],
        findings=tuple(FindingBrief(**f) for f in data["findings"]),
        metrics=tuple(tuple(pair) for pair in data["metrics"]),
        context_lines=tuple(data["context_lines"]),
        quarter=data["quarter"],
        team=data["team"],
        suggestion=data.get("suggestion", ""),
    )


def load_cases(folder: Path = CASSETTES) -> dict[str, Any]:
    return json.loads((folder / CASES_NAME).read_text(encoding="utf-8"))
