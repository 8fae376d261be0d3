"""The shortcut for POST /v1/check (coach/api/shortcut.py) answers exactly as FastAPI's route:
the same request sent as ``application/json`` (the shortcut's) and as
``application/json; charset=utf-8`` (which only FastAPI takes) gets the same status, content
type and bytes. In process, through Starlette's test client."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi")

from starlette.testclient import TestClient  # noqa: E402

from coach.api import app as api  # noqa: E402

DRAFT = (
    "## Objective: Make onboarding effortless for every new user\n\n"
    "- Launch the new onboarding flow\n"
    "- Reduce time to first value from 3 days to 1 day by end of Q3\n"
)
YAML = "objectives:\n  - objective: Make checkout effortless\n    key_results:\n      - Ship it\n"
TOKEN = "s3cret-token-for-tests-0123456789"
SHORTCUT = "application/json"
FASTAPI = "application/json; charset=utf-8"

BODIES = [
    json.dumps({"text": DRAFT}),
    json.dumps({"text": DRAFT, "source": "q3.md", "select": ["OKR1"], "ignore": ["OKR105"]}),
    json.dumps({"text": YAML, "source": "q.yaml"}),
    json.dumps({"text": DRAFT, "text": "x"}),  # noqa: F601 - both parsers keep the last
    json.dumps({"text": DRAFT, "select": ["NOPE1"]}),  # an unknown rule: an input problem
    json.dumps({"text": "# Meeting notes\n\nNothing to see.\n"}),  # no OKRs
    json.dumps({"text": "objectives: [\n", "source": "q.yaml"}),
    json.dumps({"text": DRAFT, "colour": "red"}),
    json.dumps({"text": 3}),
    json.dumps({"text": DRAFT, "source": "a\nb.md"}),
    json.dumps({"text": DRAFT, "select": ["x"] * 101}),
    json.dumps([DRAFT]),
    '{"text": "' + DRAFT.replace("\n", "\\n").replace("new user", "\\ud800 \\u001b") + '"}',
    '\ufeff{"text": "x"}',
    '{"text": "a\nb"}',  # a raw control character in a string
    '{"text": "x"} trailing',
    '{"text": NaN}',
    "",
    "{not json",
]


@pytest.fixture(scope="module")
def client():
    with TestClient(api.create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize("body", BODIES)
def test_the_shortcut_answers_as_fastapis_route(client, body):
    answers = [
        client.post(
            "/v1/check",
            content=body.encode("utf-8", "surrogatepass"),
            headers={"content-type": content_type},
        )
        for content_type in (SHORTCUT, FASTAPI)
    ]
    quick, route = answers
    assert quick.status_code == route.status_code
    assert quick.headers["content-type"] == route.headers["content-type"]
    assert quick.headers["content-length"] == route.headers["content-length"]
    assert quick.content == route.content


def test_a_plain_check_does_not_reach_the_route(monkeypatch):
    def route_run(*args, **kwargs):
        raise AssertionError("the route ran")

    monkeypatch.setattr(api, "_run", route_run)
    with TestClient(api.create_app(), raise_server_exceptions=False) as client:
        quick = client.post("/v1/check", json={"text": DRAFT})
        route = client.post("/v1/check", json={"text": DRAFT}, headers={"content-type": FASTAPI})
    assert quick.status_code == 200 and quick.json()["counts"]
    assert route.status_code == 500  # the same request, by the route: it ran


def test_a_large_draft_and_a_wrong_token_go_to_the_route(monkeypatch):
    ran = []
    run = api._run
    monkeypatch.setattr(api, "_run", lambda *args, **kw: ran.append(args[1]) or run(*args, **kw))
    config = api.ServerConfig(token=TOKEN)
    right = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(api.create_app(config), raise_server_exceptions=False) as client:
        assert client.post("/v1/check", json={"text": DRAFT}, headers=right).status_code == 200
        assert ran == []
        for wrong in ({}, {"Authorization": f"Bearer {TOKEN}x"}, {"Authorization": TOKEN}):
            response = client.post("/v1/check", json={"text": DRAFT}, headers=wrong)
            assert response.status_code == 401
        large = DRAFT + "- Grow revenue from 1% to 2%\n" * (api.INLINE_CHARS // 20)
        assert client.post("/v1/check", json={"text": large}, headers=right).status_code == 200
    assert ran == [api._check]
