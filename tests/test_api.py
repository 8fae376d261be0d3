"""`coach serve`: the HTTP API, tested against a real uvicorn process on loopback (httpx)."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from api_server import ROOT, running_server

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

TOKEN = "s3cret-token-for-tests-0123456789"
DRAFT = (
    "## Objective: Make onboarding effortless for every new user\n\n"
    "- Launch the new onboarding flow\n"
    "- Reduce time to first value from 3 days to 1 day by end of Q3\n"
    "- Increase onboarding completion rate from 45% to 70% by end of Q3\n"
)
ORIGIN = "https://editor.example"
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """One server for most tests: no token (loopback), a small body limit, one CORS origin."""
    args = ["--max-body-bytes", "300000", "--cors-origin", ORIGIN]
    with running_server(args, cwd=tmp_path_factory.mktemp("serve")) as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client


def _is_problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and body["code"]
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body


def _apply(text: str, edits: list[dict]) -> str:
    """What an editor does with the edits: replace each range, last first."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    for edit in sorted(
        edits, key=lambda e: (e["start"]["line"], e["start"]["column"]), reverse=True
    ):
        start = offsets[edit["start"]["line"] - 1] + edit["start"]["column"] - 1
        end = offsets[edit["end"]["line"] - 1] + edit["end"]["column"] - 1
        assert text[start:end] == edit["old_text"]
        text = text[:start] + edit["new_text"] + text[end:]
    return text


# ---- the endpoints ------------------------------------------------------------------------


def test_healthz(api):
    body = api.get("/healthz").json()
    assert body["status"] == "ok" and body["rewriter"] == "offline"


def test_check_returns_findings_with_ranges_and_scores(api):
    response = api.post("/v1/check", json={"text": DRAFT, "source": "q3.md"})
    assert response.status_code == 200
    body = response.json()
    assert body["source"] == "q3.md" and body["fails"] is True
    task = next(f for f in body["findings"] if f["rule_id"] == "OKR201")
    assert task["line"] == 3 and task["level"] == "error"
    assert task["end_line"] is not None and task["end_column"] is not None
    assert body["counts"]["error"] >= 1
    assert 0 <= body["scorecard"]["overall"] <= 100
    assert len(body["draft"]["objectives"][0]["key_results"]) == 3


def test_check_honours_select_and_rejects_an_unknown_rule(api):
    body = api.post("/v1/check", json={"text": DRAFT, "select": ["OKR201"]}).json()
    assert {f["rule_id"] for f in body["findings"]} == {"OKR201"}
    problem = _is_problem(api.post("/v1/check", json={"text": DRAFT, "select": ["OKR999"]}), 422)
    assert "OKR999" in problem["detail"]


def test_check_reads_yaml_by_the_source_name(api):
    text = "objectives:\n  - objective: Make onboarding effortless for every new user\n    key_results:\n      - Launch the new onboarding flow\n      - Reduce time to first value from 3 days to 1 day\n"
    body = api.post("/v1/check", json={"text": text, "source": "q3.yaml"}).json()
    assert "OKR201" in {f["rule_id"] for f in body["findings"]}


def test_the_server_never_reads_a_file_the_client_names(api, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("## Objective: SECRET-OBJECTIVE-TEXT\n- SECRET-KEY-RESULT\n")
    body = api.post("/v1/check", json={"text": DRAFT, "source": str(secret)}).json()
    assert "SECRET" not in str(body)
    assert body["draft"]["objectives"][0]["text"].startswith("Make onboarding effortless")
    grade = {"text": DRAFT, "actuals": {"text": "KR1: done\n", "name": str(secret)}}
    assert "SECRET" not in api.post("/v1/grade", json=grade).text


def test_rewrite_returns_edits_that_turn_the_text_into_the_rewrite(api):
    text = "## Objective: Make onboarding effortless for every new user\n\n- Launch the new onboarding flow\n- Reduce time to first value from 3 days to 1 day\n"
    response = api.post("/v1/rewrite", json={"text": text, "source": "q3.md"})
    assert response.status_code == 200
    body = response.json()
    assert body["rewriter"] == "offline"
    assert body["edits"] and body["changes"][0]["line"] == 3
    assert _apply(text, body["edits"]) == body["text"] != text
    assert body["score"]["after"] >= body["score"]["before"]


def test_rewrite_numbers_come_only_from_the_draft_and_the_metrics(api):
    text = "## Objective: Make customers love our support\n\n- Improve NPS\n- Cut first-reply time from 9 hours to 2 hours\n"
    body = api.post("/v1/rewrite", json={"text": text, "metrics": {"NPS": "31"}}).json()
    nps = next(c for c in body["changes"] if c["line"] == 3)
    assert "31" in nps["after"]
    assert {n["source"] for n in nps["numbers"]} <= {"metrics", "original", "placeholder"}


def test_grade_from_actuals_in_the_body(api):
    text = "## Objective: Make onboarding effortless for every new user\n\n- Increase onboarding completion rate from 45% to 70% by end of Q3\n- Reduce time to first value from 3 days to 1 day\n"
    request = {"text": text, "actuals": {"text": "KR1: 70%\nKR2: 2 days\n", "name": "a.yaml"}}
    body = api.post("/v1/grade", json=request).json()
    scores = [kr["score"] for kr in body["objectives"][0]["key_results"]]
    assert scores[0] == 1.0 and 0 < scores[1] < 1
    assert body["schema"] == "okr-coach/grade"
    csv = {"text": text, "actuals": {"text": "key_result,actual\nKR1,70%\n", "name": "a.csv"}}
    assert api.post("/v1/grade", json=csv).json()["objectives"][0]["key_results"][0]["score"] == 1.0


def test_grade_history_flags_sandbagging(api):
    past = [
        {"schema": "okr-coach/grade", "quarter": q, "score": 0.95} for q in ("Q4 2025", "Q1 2026")
    ]
    text = "---\nquarter: Q2 2026\n---\n## Objective: Make onboarding effortless for every new user\n\n- Increase onboarding completion rate from 45% to 70% by end of Q2\n- Reduce time to first value from 3 days to 1 day by end of Q2\n"
    request = {"text": text, "actuals": {"text": "KR1: 70%\nKR2: 1 day\n"}, "history": past}
    body = api.post("/v1/grade", json=request).json()
    assert body["sandbagging"]["flagged"] is True
    bad = {"text": text, "history": [{"score": 2}]}
    assert "not a graded quarter" in _is_problem(api.post("/v1/grade", json=bad), 422)["detail"]


def test_rules_list_and_one_rule(api):
    rules = api.get("/v1/rules").json()["rules"]
    assert "OKR201" in {r["id"] for r in rules}
    rule = api.get("/v1/rules/okr201").json()
    assert rule["id"] == "OKR201" and rule["why"] and rule["examples"]["weak"]
    assert api.get("/v1/rules/output-as-key-result").json()["id"] == "OKR201"
    _is_problem(api.get("/v1/rules/OKR999"), 404)


# ---- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, where",
    [
        ({}, "text"),
        ({"text": DRAFT, "colour": "red"}, "colour: unknown key"),
        ({"txt": DRAFT}, "txt: unknown key"),
        ({"text": 3}, "text"),
        ({"text": DRAFT, "source": "a\nb.md"}, "source"),
    ],
)
def test_an_invalid_body_is_a_validation_problem(api, body, where):
    problem = _is_problem(api.post("/v1/check", json=body), 422)
    assert problem["code"] == "validation" and where in problem["detail"]
    assert all("input" not in error for error in problem["errors"])  # the body is not echoed


def test_malformed_json_and_unreadable_drafts_are_problems(api):
    headers = {"content-type": "application/json"}
    _is_problem(api.post("/v1/check", content=b"{not json", headers=headers), 422)
    assert _is_problem(api.post("/v1/check", json={"text": "   "}), 422)["code"] == "input"
    notes = {"text": "# Meeting notes\n\nNothing to see.\n"}
    assert "no OKRs" in _is_problem(api.post("/v1/check", json=notes), 422)["detail"]
    bad_yaml = {"text": "objectives: [\n", "source": "q.yaml"}
    assert _is_problem(api.post("/v1/check", json=bad_yaml), 422)["code"] == "input"


def test_a_number_too_large_for_a_float_is_answered_as_strict_json(api):
    # found by posting hostile drafts to a running server: a 400-digit number in a key result
    # was a 500 (the parsed draft held inf, which the compact JSON encoder refuses)
    import json

    text = DRAFT.replace("from 45% to 70%", "from " + "9" * 400 + " to 70%")
    response = api.post("/v1/check", json={"text": text})
    assert response.status_code == 200, response.text
    json.loads(response.text, parse_constant=lambda name: pytest.fail(f"{name} in the answer"))


def test_unknown_routes_and_methods_are_problems(api):
    _is_problem(api.get("/v2/check"), 404)
    _is_problem(api.get("/v1/check"), 405)


def test_a_body_over_the_limit_is_refused(api):
    big = {"text": "- x\n" * 80_000}  # 320 kB, over the server's 300 kB
    problem = _is_problem(api.post("/v1/check", json=big), 413)
    assert problem["code"] == "too-large"


def test_text_surrogates_and_controls_are_answered_as_escapes(api):
    text = DRAFT.replace("new user", "new user \\ud800 \\u001b[31m")
    raw = '{"text": "' + text.replace("\n", "\\n") + '"}'
    response = api.post("/v1/check", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 200
    assert "\\ud800" in response.text and "\x1b" not in response.text


def test_a_browser_can_read_a_413_too(api):
    big = {"text": "- x\n" * 80_000}
    response = api.post("/v1/check", json=big, headers={"Origin": ORIGIN})
    assert response.status_code == 413
    assert response.headers.get("access-control-allow-origin") == ORIGIN


def test_cors_allows_only_the_listed_origins(api):
    preflight = {"Access-Control-Request-Method": "POST"}
    allowed = api.options("/v1/check", headers={"Origin": ORIGIN, **preflight})
    assert allowed.headers.get("access-control-allow-origin") == ORIGIN
    other = api.options("/v1/check", headers={"Origin": "https://evil.example", **preflight})
    assert "access-control-allow-origin" not in other.headers
    simple = api.post("/v1/check", json={"text": DRAFT}, headers={"Origin": ORIGIN})
    assert simple.headers.get("access-control-allow-origin") == ORIGIN


def test_openapi_and_docs_load_nothing_from_a_cdn(api):
    spec = api.get("/openapi.json").json()
    assert {"/v1/check", "/v1/rewrite", "/v1/grade", "/v1/rules", "/v1/rules/{rule_id}"} <= set(
        spec["paths"]
    )
    page = api.get("/docs").text
    assert "cdn" not in page.lower() and "https://" not in page
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert api.get(f"/docs/assets/{asset}").status_code == 200
    _is_problem(api.get("/docs/assets/..%2F__init__.py"), 404)


def test_a_slow_request_times_out_with_a_problem(tmp_path):
    big = "".join(
        f"## Objective: Objective number {i} for our customers\n- Launch feature {i}\n- Grow revenue from {i}% to {i + 5}%\n"
        for i in range(400)
    )
    with running_server(["--timeout", "0.001"], cwd=tmp_path) as base:
        response = httpx.post(f"{base}/v1/check", json={"text": big}, timeout=30)
    assert _is_problem(response, 503)["code"] == "timeout"


# ---- auth ---------------------------------------------------------------------------------


def test_a_token_is_required_when_one_is_set(tmp_path):
    with running_server(env={"COACH_API_TOKEN": TOKEN}, cwd=tmp_path) as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            assert client.get("/healthz").status_code == 200  # liveness stays open
            spec = client.get("/openapi.json").json()  # open, and says a token is needed
            assert spec["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
            missing = client.post("/v1/check", json={"text": DRAFT})
            assert _is_problem(missing, 401)["code"] == "unauthorized"
            assert missing.headers["www-authenticate"] == "Bearer"
            for wrong in (f"Bearer {TOKEN}x", "Bearer wrong", f"Basic {TOKEN}", TOKEN):
                response = client.post(
                    "/v1/check", json={"text": DRAFT}, headers={"Authorization": wrong}
                )
                _is_problem(response, 401)
            right = {"Authorization": f"Bearer {TOKEN}"}
            assert client.post("/v1/check", json={"text": DRAFT}, headers=right).status_code == 200
            assert client.get("/v1/rules", headers=right).status_code == 200


def _serve(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    environ = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "coach", "serve", *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=ROOT,
        timeout=60,
    )


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "example.com"])
def test_off_loopback_without_a_token_refuses_to_start(host):
    result = _serve("--host", host, "--port", "9")
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1
    assert (
        result.stderr.startswith("coach: refusing to serve on")
        and "COACH_API_TOKEN" in result.stderr
    )


def test_a_short_token_refuses_to_start():
    result = _serve("--host", "0.0.0.0", "--port", "9", env={"COACH_API_TOKEN": "short"})
    assert result.returncode == 3 and "shorter than 16" in result.stderr


def test_loopback_addresses():
    from coach.commands.serve import is_loopback

    assert all(is_loopback(h) for h in ("127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "10.0.0.1", "example.com", ""))


def test_without_the_serve_extra_it_says_what_to_install():
    code = (
        "import sys; sys.modules['fastapi'] = None; sys.modules['uvicorn'] = None\n"
        "from coach.cli import main\nmain(['serve'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 3
    assert (
        result.stderr
        == "coach: coach serve needs the serve extra: pip install 'okr-coach[serve]'\n"
    )


def test_a_bad_configuration_stops_before_binding(tmp_path):
    (tmp_path / "bad.toml").write_text("fail_on = 'sometimes'\n")
    result = _serve("--config", str(tmp_path / "bad.toml"), "--port", "9")
    assert result.returncode == 3 and result.stderr.startswith("coach: ")


def test_a_port_in_use_is_one_more_line_and_exit_3(tmp_path):
    with running_server(cwd=tmp_path) as base:
        result = _serve("--port", base.rsplit(":", 1)[1])
    assert result.returncode == 3
    assert result.stderr.splitlines()[-1].startswith("coach: could not serve on 127.0.0.1:")


def test_rewrites_use_the_model_configured_in_the_servers_environment(tmp_path):
    """The model, its endpoint and its key come from the server's environment only; a request
    can ask for the offline rewriter but cannot name a model."""
    from llm.conftest import GOOD as proposal  # a valid proposal for the onboarding item
    from llm.scripted_server import ScriptedServer, proposal_reply

    text = (
        "---\nquarter: Q2 2026\n---\n"
        "## Objective: Improve the onboarding experience for new users\n\n"
        "- Launch the new onboarding flow by Week 6\n"
        "- Reduce time to first value from 3 days to 1 day by end of Q2\n"
    )
    body = {"text": text, "metrics": {"onboarding completion rate": "45%"}, "select": ["OKR201"]}
    with ScriptedServer([], then=proposal_reply(proposal)) as model:
        env = {
            "COACH_MODEL": "scripted",
            "OPENAI_BASE_URL": model.base_url,
            "OPENAI_API_KEY": "sk-test-key",
            "COACH_CACHE_DIR": str(tmp_path / "cache"),
        }
        with running_server(env=env, cwd=tmp_path) as base:
            assert httpx.get(f"{base}/healthz").json()["rewriter"] == "openai"
            answer = httpx.post(f"{base}/v1/rewrite", json=body, timeout=60).json()
            assert [c["origin"] for c in answer["changes"]] == ["model:local:scripted"]
            after = answer["changes"][0]["after"]
            assert "onboarding completion rate" in after and "45%" in after
            assert len(model.requests) == 1
            offline = httpx.post(f"{base}/v1/rewrite", json={**body, "offline": True}, timeout=60)
            assert offline.json()["rewriter"] == "offline" and len(model.requests) == 1
            named = {**body, "model": "gpt-4o", "base_url": "http://elsewhere.example/v1"}
            assert (
                _is_problem(httpx.post(f"{base}/v1/rewrite", json=named), 422)["code"]
                == "validation"
            )


def test_rewrite_of_chosen_items_leaves_the_others_alone(api):
    text = "## Objective: Make onboarding effortless for every new user\n\n- Launch the new onboarding flow\n- Ship the redesigned checkout flow\n"
    chosen = "objectives[0].key_results[1]"
    body = api.post("/v1/rewrite", json={"text": text, "items": [chosen]}).json()
    assert [c["path"] for c in body["changes"]] == [chosen]
    assert [e["path"] for e in body["edits"]] == [chosen]
    assert "- Launch the new onboarding flow\n" in body["text"]
    assert "- Ship the redesigned checkout flow\n" not in body["text"]
