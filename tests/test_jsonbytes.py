"""The JSON writer (coach.jsonbytes) of the API's answers and the CLI's outputs: the standard
library's bytes, whichever encoder wrote them, and the quick path is the one ordinary answers
take."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach import jsonbytes
from coach.visible import json_safe, json_safe_bytes

# any code point, lone surrogates, controls, format characters and emoji included
TEXT = st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=30)
FLOATS = st.one_of(
    st.floats(),  # NaN and the infinities too
    st.floats(min_value=1e-12, max_value=1e-3),  # where Python writes 1e-05
    st.sampled_from([1e-05, 2.5e-07, 1e-10, 1e16, 1.5e300, -0.0, 5e-324]),
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), FLOATS, TEXT)
KEYS = st.one_of(TEXT, st.integers(), st.none(), st.booleans())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=20,
)


def _written(encode, content):
    try:
        return encode(content)
    except ValueError as exc:  # the standard library refuses NaN and the infinities
        return type(exc)


@pytest.mark.parametrize("indent", [None, 2])  # the API's answers, the CLI's outputs
@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_the_bytes_are_the_standard_librarys(indent, content):
    def dumps(value):
        return jsonbytes.dumps(value, indent)

    def standard(value):
        return jsonbytes.standard(value, indent)

    assert _written(dumps, content) == _written(standard, content)


@pytest.mark.parametrize("indent", [None, 2])
@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_the_quick_path_writes_the_standard_bytes_whenever_it_answers(indent, content):
    quick = jsonbytes.compiled(content, indent)
    if quick is not None:
        assert quick == jsonbytes.standard(content, indent)


def test_the_installed_pydantic_core_agrees_on_the_samples():
    assert jsonbytes.agrees() and jsonbytes.agrees(2)


def test_an_ordinary_check_answer_takes_the_quick_path():
    from coach.api.app import ServerConfig, _check
    from coach.api.models import CheckRequest

    text = (
        "## Objective: Make onboarding effortless — for “every” new user\n\n"
        "- Launch the new onboarding flow\n"
        "- Reduce time to first value from 3 days to 1 day by end of Q3\n"
    )
    answer = _check(ServerConfig(), CheckRequest(text=text, source="q3.md"))
    quick = jsonbytes.compiled(answer)
    assert quick is not None
    assert quick == jsonbytes.standard(answer)
    assert json.loads(quick)["source"] == "q3.md"


@pytest.mark.parametrize(
    "content",
    [
        [1e-05],
        {"value": 2.5e-07},
        [float("inf")],
        [float("nan")],
        {None: 1},
        ["lone \ud800 surrogate"],
        # the word after other words with its first letter ("N", "I"): each place is looked at
        ["No Numbers", "Indeed", float("nan")],
        ["Insights", "In", float("-inf")],
        {"Name": "None", "Info": 1, None: 2},
    ],
)
def test_what_pydantic_core_writes_otherwise_takes_the_standard_path(content):
    assert jsonbytes.compiled(content) is None
    assert _written(jsonbytes.dumps, content) == _written(jsonbytes.standard, content)


def test_small_floats_are_written_as_python_writes_them():
    assert jsonbytes.dumps({"rate": 1e-05, "tiny": 2.5e-07}) == b'{"rate":1e-05,"tiny":2.5e-07}'


UTF8_TEXT = st.text(st.characters(codec="utf-8"), max_size=30)  # no lone surrogates


@settings(max_examples=300, deadline=None)
@given(UTF8_TEXT)
def test_json_safe_bytes_is_json_safe_on_utf8(text):
    document = json.dumps({"text": text, "raw": text}, ensure_ascii=False)
    # a raw CR (JSON never has one, a document in general may), with and without an LF after
    for raw in (document, document.replace("\\r", "\r"), document + "\r\n\r"):
        assert json_safe_bytes(raw.encode("utf-8")) == json_safe(raw).encode("utf-8")


def test_json_safe_bytes_escapes_and_passes_through():
    assert json_safe_bytes('{"a":"x\u202ey\x7f"}'.encode()) == b'{"a":"x\\u202ey\\u007f"}'
    plain = '{"a":"caf\u00e9 \u201cok\u201d \u2192"}'.encode()
    assert json_safe_bytes(plain) is plain
