"""YAML front matter ("---" … "---" at the very top of a Markdown draft) and DraftMeta."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.errors import InputError
from coach.model import DraftMeta

if TYPE_CHECKING:
    import yaml
_KNOWN = {"team", "quarter", "parent", "owner", "first_cycle"}
_FENCES = ("---", "...")
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
    import yaml  # only a draft with front matter needs the YAML reader

    from coach.yamlsafe import StrictFastLoader, load_yaml

    try:
        data = load_yaml("\n".join(lines[1:end]), StrictFastLoader)
    except yaml.YAMLError as exc:
        reason = yaml_reason(exc, 2, end + 1)
        raise InputError(source, "invalid YAML front matter: " + reason) from None
    if not isinstance(data, dict):
        return {}, lines
    return data, [""] * (end + 1) + lines[end + 1 :]


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
