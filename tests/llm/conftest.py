"""Shared pieces for the model-layer tests: a request, the real guard, settings for a server."""

from __future__ import annotations

import os
from contextlib import ExitStack

import pytest

# Re-ask bodies must not depend on test order: pydantic reads this once, at its first error text.
os.environ.setdefault("PYDANTIC_ERRORS_INCLUDE_URL", "0")

from coach.config import ModelSettings  # noqa: E402
from coach.llm.protocol import FindingBrief, RewriteRequest  # noqa: E402
from coach.rewrite.guard import build_guard  # noqa: E402
from coach.rubric import load_rubric  # noqa: E402

from .scripted_server import Reply, ScriptedServer  # noqa: E402

GOOD_TEXT = "Increase onboarding completion rate from 45% to [target] by end of Q2"
GOOD = {"direction": "increase", "metric": "onboarding completion rate", "audience": ""}
"""A model's answer: words only. The coach composes GOOD_TEXT from it (45% from the metrics)."""
OFF_SUBJECT = {"direction": "increase", "metric": "quarterly revenue per employee", "audience": ""}
"""Well formed, but about something else: the guard rejects what the coach composes from it."""
INVENTED = {**GOOD, "metric": "onboarding completion rate above 70%"}
"""A model writing numbers anyway: refused by the response model itself (words only)."""


def brief(rule_id: str, message: str) -> FindingBrief:
    """A finding as the checker would brief it: the rule's own texts from the rubric."""
    rule = load_rubric().get(rule_id)
    return FindingBrief(rule.id, rule.name, message, rule.why, rule.fix)


def onboarding_request() -> RewriteRequest:
    return RewriteRequest(
        kind="key_result",
        text="Launch the new onboarding flow by Week 6",
        objective="Improve the onboarding experience for new users",
        findings=(
            brief("OKR201", "Key result is a task or deliverable (“Launch”), not an outcome."),
        ),
        metrics=(("onboarding completion rate", "45%"),),
        quarter="Q2",
    )


@pytest.fixture
def request_kr() -> RewriteRequest:
    return onboarding_request()


@pytest.fixture
def guard(request_kr):
    return build_guard(request_kr)


def settings_for(base_url: str, **overrides) -> ModelSettings:
    values = {"model": "scripted-model", "base_url": base_url, "cache": False, "timeout": 2.0}
    return ModelSettings(**{**values, **overrides})


@pytest.fixture
def serve():
    """Start a ScriptedServer for a script; stopped when the test ends."""
    with ExitStack() as stack:

        def start(*script: Reply, **options) -> ScriptedServer:
            return stack.enter_context(ScriptedServer(list(script), **options))

        yield start
