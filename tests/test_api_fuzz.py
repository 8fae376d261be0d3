"""A schema-driven fuzz of the HTTP API (schemathesis): requests generated from the OpenAPI
spec, sent to a real `coach serve` on loopback; no answer may be a 5xx, and every answer must
match the spec (status code, content type, body). Bounded and deterministic: a fixed number
of examples per operation, derandomized, no example database, nothing beyond loopback."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("fastapi")

from api_server import running_server  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from coach.api.app import create_app  # noqa: E402

MAX_EXAMPLES = 40
SCHEMA = schemathesis.openapi.from_dict(create_app().openapi())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with running_server(["--timeout", "20"], cwd=tmp_path_factory.mktemp("fuzz")) as base:
        yield base


def test_the_spec_served_is_the_one_fuzzed(base_url):
    import httpx

    assert httpx.get(f"{base_url}/openapi.json").json() == SCHEMA.raw_schema


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_no_request_gets_a_server_error(base_url, operation):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case):
        response = case.call(base_url=base_url, timeout=30)
        assert response.status_code < 500, (case.method, case.path, response.text[:500])
        case.validate_response(response, checks=CHECKS)

    fuzz()
