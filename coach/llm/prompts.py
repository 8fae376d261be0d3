"""The prompts: files in ``prompts/`` (found through ``coach.resources``), rendered strictly.

Templates use ``string.Template`` placeholders (``$item``); rendering uses ``substitute``, so a
placeholder without a value is an error, never an empty hole. ``PROMPT_VERSION`` is a hash of
every prompt file's name and contents: it keys the cache and is shown by ``--show-prompt``.

Everything that comes from the draft is data: it is put between tags (``<draft_item>`` …) that the
system prompt declares are never instructions, and any copy of those tags inside the draft text
is neutralised (``</draft_item>`` → ``‹/draft_item>``) so the text cannot close its own tag.
"""

from __future__ import annotations

import hashlib
import re
import string
from functools import lru_cache

from pydantic import ValidationError

from coach.errors import ConfigError
from coach.llm.protocol import FindingBrief, RenderedPrompt, RewriteRequest
from coach.resources import resource_dir

SYSTEM_PROMPT = "system.md"
USER_PROMPTS = {"key_result": "rewrite_key_result.md", "objective": "rewrite_objective.md"}
DELIMITERS = ("objective", "draft_item", "findings", "metrics", "draft_context")
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


def _finding(brief: FindingBrief) -> str:
    return (
        f"- {brief.rule_id} {brief.name}: {_one_line(brief.message)}\n"
        f"  Why: {_one_line(brief.why)}\n"
        f"  Fix: {_one_line(brief.fix)}"
    )


def _bullets(lines: list[str], empty: str) -> str:
    return "\n".join(f"- {line}" for line in lines) if lines else empty


def prompt_values(request: RewriteRequest) -> dict[str, str]:
    """The placeholders' values, every draft-derived one neutralised."""
    findings = "\n".join(_finding(f) for f in request.findings) or "(none)"
    metrics = [f"{_one_line(name)}: {_one_line(value)}" for name, value in request.metrics]
    return {
        "objective": neutralise(_one_line(request.objective)),
        "item": neutralise(_one_line(request.text)),
        "findings": neutralise(findings),
        "metrics": neutralise(_bullets(metrics, "(none given)")),
        "context": neutralise(_bullets([_one_line(c) for c in request.context_lines], "(none)")),
        "quarter": neutralise(_one_line(request.quarter or "not stated")),
        "team": neutralise(_one_line(request.team or "not stated")),
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


def describe_problems(exc: ValidationError) -> list[str]:
    """One line per validation error: the guard's own words, or ``field: what is wrong``."""
    problems = []
    for error in exc.errors(include_url=False):
        message = str(error["msg"]).removeprefix("Value error, ")
        where = ".".join(str(part) for part in error["loc"])
        problems.append(f"{where}: {message}" if where else message)
    return problems
