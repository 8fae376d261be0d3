"""What the cassettes hold and how they are matched: shared by scripts/record_cassettes.py (which
records them) and test_cassettes.py (which replays them), so both use the same vcrpy settings.

The vcrpy settings follow shared/STACK.md: match on the body too (else a changed prompt silently
replays an old answer), filter credential request headers, drop cookies / organisation / project /
request-id response headers, decode compressed bodies.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import vcr

from coach.llm.protocol import FindingBrief, RewriteRequest

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"
CASES_FILE = CASSETTES / "cases.json"
BASE_URL = "http://127.0.0.1:8765/v1"
MODEL = "gemma-3-270m-q4_k_m"
MATCH_ON = ("method", "scheme", "host", "port", "path", "query", "body")
SECRET_REQUEST_HEADERS = [
    "authorization",
    "api-key",
    "x-api-key",
    "openai-organization",
    "openai-project",
    "cookie",
]
_DROPPED_RESPONSE_HEADERS = {"set-cookie", "openai-organization", "openai-project"}


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        lowered = name.lower()
        if lowered in _DROPPED_RESPONSE_HEADERS or "request-id" in lowered:
            del headers[name]
    return response


def make_vcr(record_mode: str) -> vcr.VCR:
    return vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode=record_mode,
        match_on=MATCH_ON,
        filter_headers=SECRET_REQUEST_HEADERS,
        before_record_response=scrub_response,
        decode_compressed_response=True,
    )


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
