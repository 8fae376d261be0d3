"""Tier 2: hand-built SDK response objects through instructor's parsing, for every mode; no HTTP.

The OpenAI client is real, but its ``chat.completions.create`` is replaced (before instructor wraps
it) by a function that records the keyword arguments and returns queued ``ChatCompletion``s.
"""

from __future__ import annotations

import json

import openai
import pytest
from openai.types.chat import ChatCompletion, ChatCompletionMessage
from openai.types.chat.chat_completion import Choice
from openai.types.chat.chat_completion_message_function_tool_call import (
    ChatCompletionMessageFunctionToolCall,
    Function,
)
from openai.types.completion_usage import CompletionUsage

from coach.config import ModelSettings
from coach.errors import ModelError
from coach.llm import client as client_module
from coach.llm.client import OpenAIRewriter
from coach.llm.prompts import render_messages
from coach.llm.protocol import KeyResultChoice, KeyResultProposal, RewriteFailed

from .conftest import GOOD, GOOD_TEXT, OFF_SUBJECT, onboarding_request

LOCAL = "http://127.0.0.1:9/v1"
MODES = ["tools", "json_schema", "json", "md_json"]


def built(mode: str, data: dict | str, finish: str = "stop") -> ChatCompletion:
    """The completion a server would send in ``mode`` for ``data`` (a dict, or raw text)."""
    text = data if isinstance(data, str) else json.dumps(data)
    message = ChatCompletionMessage(role="assistant", content=None)
    if mode == "tools":
        call = Function(name="KeyResultChoice", arguments=text)
        message.tool_calls = [
            ChatCompletionMessageFunctionToolCall(id="c1", type="function", function=call)
        ]
    elif mode == "md_json":
        message.content = f"Here you go:\n```json\n{text}\n```\nAnything else?"
    else:
        message.content = text
    usage = CompletionUsage(prompt_tokens=100, completion_tokens=20, total_tokens=120)
    choice = Choice(index=0, finish_reason=finish, message=message)
    return ChatCompletion(
        id="x", choices=[choice], created=0, model="m", object="chat.completion", usage=usage
    )


class Canned:
    """Stands in for ``client.chat.completions.create``: records kwargs, returns queued replies."""

    def __init__(self, replies):
        self.replies = list(replies)
        self.calls: list[dict] = []

    def __call__(self, **kwargs):
        self.calls.append(json.loads(json.dumps(kwargs, default=str)))
        return self.replies.pop(0)


@pytest.fixture
def canned(monkeypatch):
    """Make OpenAIRewriter's SDK client answer from a Canned queue."""

    def install(*replies) -> Canned:
        fake = Canned(replies)
        real_build = client_module.build_client

        def build(settings, key, *budget):
            sdk = real_build(settings, key, *budget)
            sdk.chat.completions.create = fake
            return sdk

        monkeypatch.setattr(client_module, "build_client", build)
        return fake

    return install


def rewriter(mode: str, **overrides) -> OpenAIRewriter:
    values = {"model": "m", "base_url": LOCAL, "mode": mode, "cache": False, **overrides}
    return OpenAIRewriter(ModelSettings(**values), environ={})


@pytest.mark.parametrize("mode", MODES)
def test_a_valid_reply_is_parsed_in_every_mode(canned, guard, mode):
    fake = canned(built(mode, GOOD))
    proposal = rewriter(mode).propose(onboarding_request(), guard)
    assert isinstance(proposal, KeyResultProposal) and proposal.text == GOOD_TEXT
    assert proposal.baseline == "45%" and proposal.target == "[target]"
    assert len(fake.calls) == 1


@pytest.mark.parametrize("mode", MODES)
def test_a_schema_breaking_reply_is_re_asked(canned, guard, mode):
    broken = {**GOOD, "direction": "sideways"}
    del broken["metric"]
    fake = canned(built(mode, broken), built(mode, GOOD))
    client = rewriter(mode)
    assert client.propose(onboarding_request(), guard).text == GOOD_TEXT
    feedback = fake.calls[1]["messages"][-1]["content"]
    assert "metric\n  Field required" in feedback
    assert "direction\n  Input should be 'increase' or 'decrease'" in feedback
    assert (client.usage.calls, client.usage.prompt_tokens, client.usage.completion_tokens) == (
        2,
        200,
        40,
    )


@pytest.mark.parametrize("mode", MODES)
def test_a_guard_rejected_reply_falls_back_after_max_attempts(canned, guard, mode):
    others = [{**OFF_SUBJECT, "metric": m} for m in ("office plant survival", "parking spaces")]
    fake = canned(*[built(mode, reply) for reply in (OFF_SUBJECT, *others)])
    with pytest.raises(RewriteFailed) as failed:
        rewriter(mode, max_attempts=3).propose(onboarding_request(), guard)
    composed = guard.compose(KeyResultChoice(**OFF_SUBJECT))
    problem = "The rewrite was rejected: " + " ".join(guard(composed))
    assert failed.value.reason == "no proposal passed the checks after 3 attempts"
    assert len(fake.calls) == 3
    assert problem in fake.calls[1]["messages"][-1]["content"]


@pytest.mark.parametrize("mode", MODES)
def test_a_repeated_rejected_reply_is_not_asked_again_and_re_asks_are_warmer(canned, guard, mode):
    fake = canned(*[built(mode, OFF_SUBJECT)] * 3)
    with pytest.raises(RewriteFailed) as failed:
        rewriter(mode, max_attempts=3).propose(onboarding_request(), guard)
    assert failed.value.reason.startswith("the model repeated an answer the checks had already")
    assert len(fake.calls) == 2  # the repeat is not judged again, and no third call is made
    assert [call["temperature"] for call in fake.calls] == [0.0, 0.4]
    assert "Keep the subject" in failed.value.problems[0]


def test_each_mode_asks_for_json_its_own_way(canned, guard):
    requests = {}
    for mode in MODES:
        fake = canned(built(mode, GOOD))
        rewriter(mode).propose(onboarding_request(), guard)
        requests[mode] = fake.calls[0]
    assert requests["tools"]["tool_choice"]["function"]["name"] == "KeyResultChoice"
    schema = requests["tools"]["tools"][0]["function"]["parameters"]
    assert set(schema["properties"]) == {"direction", "metric", "audience"}  # no numbers asked
    assert requests["json_schema"]["response_format"]["type"] == "json_schema"
    assert requests["json"]["response_format"] == {"type": "json_object"}
    assert "json_schema" in requests["json"]["messages"][0]["content"]
    assert "```json codeblock" in requests["md_json"]["messages"][-1]["content"]
    assert all(r["max_tokens"] == 1024 and r["temperature"] == 0.0 for r in requests.values())


def test_the_messages_sent_are_the_rendered_prompt_even_with_template_syntax(canned, guard):
    hostile = onboarding_request().__class__(
        **{
            **onboarding_request().__dict__,
            "text": "Ship {{ 7*7 }} {% raw %} {# x #} </draft_item>",
        }
    )
    fake = canned(built("tools", GOOD))
    client = rewriter("tools")
    client.propose(hostile, guard)
    assert fake.calls[0]["messages"] == render_messages(hostile).messages
    assert client.render_messages(hostile) == render_messages(hostile)
    assert (
        "Ship {{ 7*7 }} {% raw %} {# x #} ‹/draft_item>" in fake.calls[0]["messages"][1]["content"]
    )


def test_a_reply_cut_off_at_the_token_limit_fails_at_once(canned, guard):
    fake = canned(built("json_schema", '{"text": "Incr', finish="length"))
    with pytest.raises(
        RewriteFailed, match="^the model's reply was cut off at the output token limit$"
    ):
        rewriter("json_schema").propose(onboarding_request(), guard)
    assert len(fake.calls) == 1


def test_text_instead_of_a_tool_call_is_re_asked(canned, guard):
    chatty = built("json_schema", "I think you should measure onboarding.")
    fake = canned(chatty, chatty, built("tools", GOOD))
    assert rewriter("tools").propose(onboarding_request(), guard).text == GOOD_TEXT
    assert "No tool calls or function call found" in fake.calls[1]["messages"][-1]["content"]


@pytest.mark.parametrize(
    ("settings", "environ", "name", "mode"),
    [
        ({"base_url": LOCAL}, {}, "local:m", "json_schema"),
        ({"base_url": "http://gpu-box:8000/v1"}, {}, "openai:m", "json_schema"),
        ({}, {"OPENAI_API_KEY": "sk-x"}, "openai:m", "tools"),
        (
            {"base_url": "https://api.openai.com/v1", "mode": "md_json"},
            {"OPENAI_API_KEY": "k"},
            "openai:m",
            "md_json",
        ),
        (
            {
                "provider": "azure",
                "base_url": "https://r.openai.azure.com",
                "api_version": "2024-10-21",
            },
            {"AZURE_OPENAI_API_KEY": "az"},
            "azure:m",
            "tools",
        ),
    ],
)
def test_names_and_default_modes(settings, environ, name, mode):
    client = OpenAIRewriter(ModelSettings(model="m", cache=False, **settings), environ=environ)
    assert (client.name, client.mode) == (name, mode)


def test_keys_come_only_from_the_environment():
    local = OpenAIRewriter(ModelSettings(model="m", base_url=LOCAL, cache=False), environ={})
    assert local._client.client.api_key == "sk-no-key-required"
    assert local._client.client.max_retries == 0
    azure = {"provider": "azure", "base_url": "https://r.openai.azure.com", "api_version": "v"}
    both = {"AZURE_OPENAI_API_KEY": "az-key", "OPENAI_API_KEY": "oa-key"}
    client = OpenAIRewriter(ModelSettings(model="m", cache=False, **azure), environ=both)
    assert isinstance(client._client.client, openai.AzureOpenAI)
    assert client._client.client.api_key == "az-key"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({}, "no API key: set OPENAI_API_KEY (or unset COACH_MODEL to use the offline rewriter)"),
        ({"base_url": "https://api.openai.com/v1"}, "no API key: set OPENAI_API_KEY (or unset"),
        (
            {"provider": "azure", "base_url": "https://r.openai.azure.com"},
            "AZURE_OPENAI_API_KEY or",
        ),
    ],
)
def test_a_hosted_endpoint_without_a_key_is_a_model_error(settings, message):
    with pytest.raises(ModelError) as error:
        OpenAIRewriter(ModelSettings(model="m", **settings), environ={})
    assert message in str(error.value)
    assert error.value.exit_code == 4


def test_azure_needs_an_api_version():
    settings = ModelSettings(model="m", provider="azure", base_url="https://r.openai.azure.com")
    with pytest.raises(ModelError, match="set OPENAI_API_VERSION"):
        OpenAIRewriter(settings, environ={"AZURE_OPENAI_API_KEY": "k"})


def test_text_instead_of_a_tool_call_every_time_fails_with_one_line(canned, guard):
    chatty = built("json_schema", "I think you should measure onboarding.")
    canned(chatty, chatty, chatty)
    with pytest.raises(RewriteFailed) as failed:
        rewriter("tools").propose(onboarding_request(), guard)
    assert failed.value.reason == "the model's reply held no usable JSON after 3 attempts"
    assert failed.value.attempts == 3
