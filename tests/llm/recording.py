"""What the cassettes hold and how they are matched: shared by scripts/record_cassettes.py (which
records them) and test_cassettes.py (which replays them), so both use the same vcrpy settings.

The vcrpy settings themselves are in coach/llm/recording.py (shared with ``coach eval``).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from coach.llm.protocol import FindingBrief, RewriteRequest
from coach.llm.recording import make_vcr as _make_vcr

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"
CASES_FILE = CASSETTES / "cases.json"
BASE_URL = "http://127.0.0.1:8765/v1"
MODEL = "gemma-3-270m-q4_k_m"


def make_vcr(record_mode: str):
    return _make_vcr(CASSETTES, record_mode)


def request_to_json(request: RewriteRequest) -> dict[str, Any]:
    return asdict(request)


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
    )


def load_cases() -> dict[str, Any]:
    return json.loads(CASES_FILE.read_text(encoding="utf-8"))
