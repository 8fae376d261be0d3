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


# ---- deeper: drafts that parse, so the checker, rewriter and grader run ----------------------
# Bodies generated from the schema alone are rarely OKR drafts (most get 422 "no OKRs"); these
# are drafts built from objective and key result lines with arbitrary text in them.

from hypothesis import strategies as st  # noqa: E402

_WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
    max_size=60,
)
_KEY_RESULT = st.one_of(
    _WORDS,
    st.sampled_from(
        [
            "Launch the new onboarding flow",
            "Increase NPS from 31 to 45 by end of Q3",
            "Reduce time to first value from 3 days to 1 day [stretch]",
            "Maintain error rate below 0.5%",
            "Improve payment reliability",
            "Grow weekly active users by [X]%",
        ]
    ),
)
_OBJECTIVE = st.tuples(_WORDS, st.lists(_KEY_RESULT, min_size=0, max_size=5))
_DRAFTS = st.lists(_OBJECTIVE, min_size=1, max_size=4).map(
    lambda objectives: "".join(
        f"## Objective: {o or 'x'}\n\n" + "".join(f"- {kr}\n" for kr in krs) + "\n"
        for o, krs in objectives
    )
)


@settings(max_examples=60, derandomize=True, deadline=None, database=None)
@given(
    text=_DRAFTS,
    path=st.sampled_from(["/v1/check", "/v1/rewrite", "/v1/grade"]),
    actuals=st.one_of(st.none(), _WORDS.map(lambda v: f"KR1: {v}\n")),
)
def test_generated_drafts_never_get_a_server_error(base_url, text, path, actuals):
    import httpx

    body = {"text": text, "source": "fuzz.md"}
    if path == "/v1/grade" and actuals is not None:
        body["actuals"] = {"text": actuals, "name": "a.yaml"}
    if path == "/v1/rewrite":
        body["metrics"] = {"NPS": "31"}
    response = httpx.post(f"{base_url}{path}", json=body, timeout=30)
    assert response.status_code in (200, 422), (path, body, response.text[:500])
