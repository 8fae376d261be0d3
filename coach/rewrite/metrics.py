"""The user's metrics file (``--metrics metrics.yaml``): current values by metric name.

    onboarding completion rate: 45%
    weekly active users: 23,000

Values stay as the user wrote them; numbers in a rewrite may come from here.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from coach.errors import InputError
from coach.parsing.frontmatter import yaml_reason
from coach.parsing.reading import read_source
from coach.yamlsafe import load_yaml


def load_metrics(
    path: str | Path | None, max_bytes: int = 1_000_000
) -> tuple[tuple[str, str], ...]:
    if path is None:
        return ()
    source, text = read_source(path, max_bytes)
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise InputError(source, "invalid YAML: " + yaml_reason(exc)) from None
    if data is None:
        raise InputError(source, "empty metrics file")
    if isinstance(data, list):
        try:
            data = {str(row["name"]): row["value"] for row in data}
        except (TypeError, KeyError):
            raise InputError(
                source, "a list of metrics needs 'name' and 'value' in every entry"
            ) from None
    if not isinstance(data, dict):
        raise InputError(
            source,
            "metrics must be a mapping of metric name to current value",
            hint="e.g. 'onboarding completion rate: 45%'",
        )
    metrics = []
    for name, value in data.items():
        if value is None or isinstance(value, dict | list):
            raise InputError(source, f"metric {name!r} needs one current value")
        metrics.append((str(name).strip(), str(value).strip()))
    return tuple(metrics)
