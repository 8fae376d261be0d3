"""The prompts: files in ``prompts/`` (found through ``coach.resources``), rendered strictly.

Templates use ``string.Template`` placeholders (``$item``); rendering uses ``substitute``, so a
placeholder without a value is an error, never an empty hole. ``PROMPT_VERSION`` is a hash of
every prompt file's name and contents: it keys the cache and is shown by ``--show-prompt``.

Everything that comes from the draft is data: it is put between tags (``<draft_item>`` …) that the
system prompt declares are never instructions, and any copy of those tags inside the draft text
is neutralised (``</draft_item>`` → ``‹/draft_item>``) so the text cannot close its own tag.

Nothing sent carries an example: small models copy the rubric's examples word for word — its
numbers ("from 62% to 80%", "first 7 days", which the guard then rejects as invented) and its
metrics ("checkout completion rate", which drifts every item to the example's subject). So a
finding is sent as its rule's name and message only, never the rule's why and fix (they quote
the guide's examples), and every number in a rubric-derived text (a message; the guard's re-ask
feedback) that the request's own data does not hold is replaced by a placeholder
(``mask_numbers``); rule ids are not sent. Only the draft's text, the user's metrics and the
quarter carry numbers.
"""

from __future__ import annotations

import hashlib
import re
import string
from functools import lru_cache

from coach.errors import ConfigError
from coach.llm.numbers import NUMBER, numbers_in
from coach.llm.protocol import (  # noqa: F401  (describe_problems: re-exported)
    FindingBrief,
    RenderedPrompt,
    RewriteRequest,
    describe_problems,
)
from coach.resources import resource_dir

SYSTEM_PROMPT = "system.md"
USER_PROMPTS = {"key_result": "rewrite_key_result.md", "objective": "rewrite_objective.md"}
DELIMITERS = ("objective", "draft_item", "findings", "metrics", "draft_context", "suggestion")
_TAG = re.compile(r"<(\s*/?\s*)(" + "|".join(DELIMITERS) + r")(?![\w-])", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


class PromptError(ConfigError):
    """A prompt file that cannot be rendered (a placeholder with no value, a stray ``$``)."""


@lru_cache(maxsize=8)
def load_prompt(name: str) -> str:
    path = resource_dir("prompts") / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PromptError(
            f"prompt file {name} cannot be read ({exc}); reinstall okr-coach"
        ) from exc


def prompt_version() -> str:
    """A short hash of every prompt file: changes whenever any prompt's text changes."""
    digest = hashlib.sha256()
    for path in sorted(resource_dir("prompts").glob("*.md")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


PROMPT_VERSION = prompt_version()


def render(name: str, **values: str) -> str:
    """Substitute ``values`` into a prompt file; a missing value raises PromptError."""
    try:
        text = string.Template(load_prompt(name)).substitute(values)
    except KeyError as exc:
        raise PromptError(f"prompt {name} uses ${exc.args[0]}, which has no value") from exc
    except ValueError as exc:
        raise PromptError(f"prompt {name}: {exc} (write $$ for a literal dollar sign)") from exc
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def neutralise(text: str) -> str:
    """Draft text, made safe to put between the prompt's tags."""
    return _TAG.sub(lambda m: "‹" + m.group(1) + m.group(2), text).strip()


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


_FROM_TO = re.compile(rf"\bfrom\s+({NUMBER.pattern})\s+to\s+({NUMBER.pattern})", re.I)
_QUARTER = re.compile(r"\b(?:Q[1-4]|H[12])(?:\s+(?:FY)?\d{2,4})?\b")
_DIGIT_RUN = re.compile(r"\d+(?:[.,]\d+)*")
_RULE_ID = re.compile(r"\bOKR\d{3}\b\s*")


def request_numbers(request: RewriteRequest) -> set[float]:
    """Every number the request's own data holds: the item, its objective, the draft's other
    lines, the user's metrics (names and values), the quarter and the team."""
    texts = [request.text, request.objective, request.quarter or "", request.team or ""]
    texts += [f"{name} {value}" for name, value in request.metrics]
    texts += list(request.context_lines)
    return set().union(*(numbers_in(t) for t in texts))


def mask_numbers(text: str, allowed: set[float]) -> str:
    """``text`` with every number ``allowed`` does not hold replaced by a placeholder: a
    "from … to …" pair by "[baseline]" and "[target]", a quarter by "[quarter]", any other number
    by "[n]"; rule ids ("OKR201") are dropped."""

    def kept(token: str) -> bool:
        return bool(numbers_in(token)) and numbers_in(token) <= allowed

    def pair(m: re.Match) -> str:
        before = m.group(1) if kept(m.group(1)) else "[baseline]"
        after = m.group(2) if kept(m.group(2)) else "[target]"
        return f"from {before} to {after}"

    text = _RULE_ID.sub("", text)
    text = _FROM_TO.sub(pair, text)
    text = _QUARTER.sub(lambda m: m.group(0) if kept(m.group(0)) else "[quarter]", text)
    text = NUMBER.sub(lambda m: m.group(0) if kept(m.group(0)) else "[n]", text)
    return _DIGIT_RUN.sub(lambda m: m.group(0) if kept(m.group(0)) else "[n]", text)


def _finding(brief: FindingBrief, allowed: set[float]) -> str:
    """The rule's name and message: its why and fix quote examples a small model would copy."""
    return f"- {brief.name}: {mask_numbers(_one_line(brief.message), allowed)}"


def _bullets(lines: list[str], empty: str) -> str:
    return "\n".join(f"- {line}" for line in lines) if lines else empty


def prompt_values(request: RewriteRequest) -> dict[str, str]:
    """The placeholders' values, every draft-derived one neutralised."""
    allowed = request_numbers(request)
    findings = "\n".join(_finding(f, allowed) for f in request.findings) or "(none)"
    metrics = [f"{_one_line(name)}: {_one_line(value)}" for name, value in request.metrics]
    return {
        "objective": neutralise(_one_line(request.objective)),
        "item": neutralise(_one_line(request.text)),
        "findings": neutralise(findings),
        "metrics": neutralise(_bullets(metrics, "(none given)")),
        "context": neutralise(_bullets([_one_line(c) for c in request.context_lines], "(none)")),
        "quarter": neutralise(_one_line(request.quarter or "not stated")),
        "team": neutralise(_one_line(request.team or "not stated")),
        "suggestion": neutralise(mask_numbers(_one_line(request.suggestion), allowed) or "(none)"),
    }


def render_messages(request: RewriteRequest, system_role: str = "system") -> RenderedPrompt:
    """Exactly the messages sent for ``request`` (``coach rewrite --show-prompt`` prints them).

    ``system_role="user"`` folds the system prompt into the user message, for servers whose chat
    template has no system role and drops it (llama-cpp-python's ``--chat_format gemma``).
    """
    system = render(SYSTEM_PROMPT)
    user = render(USER_PROMPTS[request.kind], **prompt_values(request))
    if system_role == "user":
        messages = [{"role": "user", "content": f"{system}\n\n{user}"}]
    else:
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    return RenderedPrompt(messages=messages, prompt_version=PROMPT_VERSION)
