"""How model traffic is recorded and matched (vcrpy), shared by the test cassettes, the recorder
script and ``coach eval``'s replayed model runs — one set of settings, from docs/model-stack.md:
match on the body too (else a changed prompt silently replays an old answer), filter credential
request headers, drop cookie / organisation / project / request-id response headers, decode
compressed bodies. vcrpy is a dev dependency: it is imported only when a recorder is built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


NOT_RECORDED = "not in the cassette"
"""What a model failure says when a replayed request was never recorded (every replay checks
for it: ``coach eval``, ``coach eval --review``)."""


def is_unrecorded(error: BaseException | None) -> bool:
    """Whether ``error``, or what caused it, is vcrpy refusing a request its cassette does not
    hold. vcrpy raises inside the HTTP client, so the SDK reports a failed connection."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if type(error).__name__ == "CannotOverwriteExistingCassetteException":
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        lowered = name.lower()
        if lowered in _DROPPED_RESPONSE_HEADERS or "request-id" in lowered:
            del headers[name]
    return response


def make_vcr(cassette_dir: Path, record_mode: str):
    """A vcrpy recorder for ``cassette_dir``: ``record_mode="none"`` replays and fails loudly on
    any request that is not in the cassette; ``record_mode="all"`` re-records, and drops the
    interactions the new run did not make (else a re-recording keeps stale bodies)."""
    try:
        import vcr
    except ImportError as exc:
        from coach.errors import ConfigError

        raise ConfigError(
            "replaying recorded model traffic needs vcrpy: pip install 'okr-coach[dev]'"
        ) from exc
    return vcr.VCR(
        cassette_library_dir=str(cassette_dir),
        record_mode=record_mode,
        match_on=MATCH_ON,
        filter_headers=SECRET_REQUEST_HEADERS,
        before_record_response=scrub_response,
        decode_compressed_response=True,
        drop_unused_requests=record_mode == "all",
    )
