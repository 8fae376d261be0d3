"""YAML front matter ("---" … "---" at the very top of a Markdown draft) and DraftMeta."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from coach.errors import InputError
from coach.model import DraftMeta

if TYPE_CHECKING:
    import yaml
_KNOWN = {"team", "quarter", "parent", "owner", "first_cycle"}
_FENCES = ("---", "...")
# A line of front matter YAML reads as a string key and a string value, with no YAML needed:
# a key and a value that start with a letter and hold none of the characters that could make
# them anything else (a comment, a quote, a flow collection, an anchor, a tag, a block scalar,
# a nested mapping); a value that is a YAML 1.1 boolean or null word is left to YAML.
_PLAIN_LINE = re.compile(
    r"([A-Za-z_][A-Za-z0-9_-]*(?: [A-Za-z0-9_-]+)*)[ ]*:[ ]+([A-Za-z][^:#{}\[\]&*!|>'\"%@`\t]*)"
)
_YAML_WORDS = frozenset(
    "yes no true false on off null".split()
)  # matched case-insensitively: PyYAML reads "Yes", "NO", "Null" so, but not every casing
# The casings PyYAML's resolver reads as booleans and null (YAML 1.1): such a value is read as
# YAML reads it ("first_cycle: true"); another casing of those words is left to YAML.
_YAML_VALUES: dict[str, bool | None] = {
    **{word: True for word in "yes Yes YES true True TRUE on On ON".split()},
    **{word: False for word in "no No NO false False FALSE off Off OFF".split()},
    **{word: None for word in "null Null NULL".split()},
}
_TRUE = {"true", "yes", "y", "on", "t", "1"}
_FALSE = {"false", "no", "n", "off", "f", "0"}


def split_front_matter(lines: list[str], source: str) -> tuple[dict, list[str]]:
    """The front matter as a dict, and the lines with the front matter blanked out (so line
    numbers stay right). A block that is not a YAML mapping is left alone as Markdown."""
    if not lines or lines[0].rstrip() != "---":
        return {}, lines
    for end in range(1, len(lines)):
        if lines[end].rstrip() in _FENCES:
            break
    else:
        return {}, lines
    data = plain_mapping(lines[1:end])
    if data is not None:
        return data, [""] * (end + 1) + lines[end + 1 :]
    import yaml  # only front matter that is more than plain "key: words" lines needs YAML

    from coach.yamlsafe import StrictFastLoader, load_yaml

    try:
        data = load_yaml("\n".join(lines[1:end]), StrictFastLoader)
    except yaml.YAMLError as exc:
        reason = yaml_reason(exc, 2, end + 1)
        raise InputError(source, "invalid YAML front matter: " + reason) from None
    if not isinstance(data, dict):
        return {}, lines
    return data, [""] * (end + 1) + lines[end + 1 :]


def plain_mapping(lines: list[str]) -> dict[str, str | bool | None] | None:
    """The mapping YAML reads from ``lines`` when every one of them is blank or a plain
    ``key: words`` line (``_PLAIN_LINE``; a value may be a boolean or null word as YAML spells
    it, ``_YAML_VALUES``), else None (and YAML reads them). Most drafts' front matter is such
    lines; reading them here spares a check the YAML library's import and its composer (tests
    compare the two on generated lines)."""
    data: dict[str, str | bool | None] = {}
    for line in lines:
        if not line.strip():
            continue
        found = _PLAIN_LINE.fullmatch(line.rstrip(" "))
        if found is None:
            return None
        key, value = found.group(1), found.group(2).rstrip(" ")
        if value in _YAML_VALUES and key.lower() not in _YAML_WORDS:
            data[key] = _YAML_VALUES[value]
            continue
        if key.lower() in _YAML_WORDS or value.lower() in _YAML_WORDS or not value.isprintable():
            return None
        data[key] = value
    return data or None


def yaml_problem(
    exc: yaml.YAMLError, line_offset: int = 1, last_line: int | None = None
) -> tuple[str, int | None]:
    """(short reason, file line or None) for a PyYAML error; line_offset turns its 0-based line
    into a file line (2 inside front matter, which starts after the opening "---")."""
    problem = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0]
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return problem, None
    line = mark.line + line_offset
    return problem, min(line, last_line) if last_line else line


def yaml_reason(exc: yaml.YAMLError, line_offset: int = 1, last_line: int | None = None) -> str:
    """ "<short reason> at line N" for a PyYAML error."""
    problem, line = yaml_problem(exc, line_offset, last_line)
    return problem if line is None else f"{problem} at line {line}"


def build_meta(data: dict, fallback: dict[str, str], source: str) -> DraftMeta:
    """DraftMeta from front matter (or a YAML draft's top level); ``fallback`` fills known
    keys the data leaves out (team or quarter read from the document's first lines)."""
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        name = str(key).strip()
        norm = name.lower().replace(" ", "_").replace("-", "_")
        if norm in _KNOWN:
            values[norm] = _scalar(value) if norm != "first_cycle" else value
        elif norm not in ("objectives", "key_results", "notes"):
            extra[name] = _plain(value)
    for key, value in fallback.items():
        if values.get(key) is None:
            values[key] = value
    if isinstance(values.get("owner"), str):
        values["owner"] = values["owner"].lstrip("@")
    values["first_cycle"] = _flag(values.get("first_cycle"), source)
    return DraftMeta(**values, extra=extra)


def _flag(value: Any, source: str) -> bool:
    """``first_cycle``: a YAML boolean, or a word or number that plainly means one."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower() if isinstance(value, str | int) else None
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise InputError(source, f"first_cycle must be true or false, not {value!r}")


def _scalar(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value.strip() if isinstance(value, str) else None
    return str(value)


def _plain(value: Any) -> Any:
    """Keep extra metadata JSON-friendly: dates and other YAML types become strings."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return str(value)
