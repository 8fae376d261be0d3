"""Settings that need no validation skip pydantic (issue 10, start-up): ``--fail-on``,
``--select`` and ``--ignore``, the model variables (``COACH_MODEL`` …), and a config file's selection, levels, limits, word lists, model table and
include/exclude patterns, give the same Settings as pydantic's validation would, and any value
pydantic would change or refuse still goes through it, with the same errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coach.config import (
    _MODEL_KEYS,
    ModelSettings,
    Settings,
    _plain_settings,
    _settings_adapter,
    load_settings,
)
from coach.errors import ConfigError, InputError
from coach.findings import Level

SAME = [
    {"fail_on": None},
    {"fail_on": "warning"},
    {"fail_on": "suggestion"},
    {"fail_on": Level.ERROR},
    {"select": ["okr2", " OKR301 "]},
    {"ignore": ["OKR201", ""]},
    {"select": [], "ignore": ["okr4"], "fail_on": "error"},
    {"config_file": "x.toml"},
    {"levels": {"OKR403": "suggestion", "OKR201": "error"}, "config_file": "/p/.coach.toml"},
    {"limits": {"max_objectives": 5, "max_key_results": 6}, "fail_on": "warning"},
    {"include": ["okrs/*.md"], "exclude": [], "extend_exclude": ["drafts/old"]},
    {"vocabulary": {"task_verbs": ["spin up", "stand up"], "teams": []}},
    {"levels": {}, "limits": {}, "vocabulary": {}, "select": ["OKR1"]},
    {"model": {"model": "gpt"}},
    {"fail_on": "warning", "model": {}},
    # as the COACH_* variables give them: strings
    {
        "model": {
            "model": "qwen",
            "base_url": "http://127.0.0.1:8080/v1",
            "mode": "tools",
            "timeout": "180",
            "max_attempts": "2",
            "deadline": "600.5",
            "run_deadline": "3600",
            "system_role": "user",
            "cache_dir": "/tmp/c",
            "provider": "openai",
            "api_version": "2024-06-01",
        }
    },
    # as a config file's [model] table gives them
    {
        "model": {
            "timeout": 30,
            "temperature": 0.2,
            "cache": False,
            "mode": None,
            "breaker_after": 5,
            "max_reply_bytes": 2000,
            "deadline": 1.5,
        }
    },
]


@pytest.mark.parametrize("values", SAME)
def test_flags_alone_give_what_pydantic_gives(values):
    plain = _plain_settings(values)
    assert plain is not None
    assert plain == _settings_adapter().validate_python(dict(values))
    assert plain != Settings() or values == {"fail_on": "error"}


OTHERS = [
    {"fail_on": "WARNING"},  # not a level's value: pydantic refuses it
    {"fail_on": "bogus"},
    {"fail_on": 3},
    {"select": "OKR2"},  # a string, not a list
    {"select": ["OKR2", 7]},
    {"model": {"timeout": "abc"}},  # model settings pydantic converts, refuses or words
    {"model": {"timeout": "0"}},
    {"model": {"timeout": "007"}},
    {"model": {"timeout": " 30"}},
    {"model": {"max_attempts": "1.5"}},
    {"model": {"max_attempts": 2.0}},
    {"model": {"max_attempts": True}},
    {"model": {"timeout": True}},
    {"model": {"timeout": float("inf")}},
    {"model": {"temperature": float("nan")}},
    {"model": {"base_url": "ftp://x"}},
    {"model": {"provider": ["openai"]}},
    {"model": {"provider": "OpenAI"}},
    {"model": {"provider": None}},
    {"model": {"modle": "x"}},
    {"model": {"cache": "yes"}},
    {"model": {"model": 3}},
    {"model": "gpt"},
    {"levels": {"OKR403": "loud"}},
    {"levels": {"OKR403": "Warning"}},
    {"levels": ["OKR403"]},
    {"levels": {3: "warning"}},
    {"limits": {"max_objectives": 0}},
    {"limits": {"max_objectives": True}},  # a bool is no count
    {"limits": {"max_objectives": "4"}},  # pydantic would turn it into 4
    {"limits": {"max_objectivs": 4}},  # misspelt: pydantic names it
    {"limits": {"min_key_results": 5, "max_key_results": 4}},  # min over max
    {"include": "*.md"},
    {"exclude": ["a", None]},
    {"vocabulary": {"task_verbs": "spin up"}},
    {"vocabulary": ["spin up"]},
    {"config_file": 3},
    {"max_objectives": 4},  # not a setting
]


@pytest.mark.parametrize("values", OTHERS)
def test_anything_else_is_left_to_pydantic(values):
    assert _plain_settings(values) is None


def test_the_plain_model_keys_are_the_model_settings_fields():
    assert set(_MODEL_KEYS) == set(ModelSettings.__dataclass_fields__)


def test_a_model_in_the_environment_never_loads_pydantic(tmp_path):
    environ = {"COACH_MODEL": "qwen", "COACH_TIMEOUT": "180", "OPENAI_BASE_URL": "http://h:1/v1"}
    shown = "settings.model.model, settings.model.timeout"
    assert _in_a_fresh_process(tmp_path, environ, shown) == ["qwen", "180.0", "False"]


def _in_a_fresh_process(folder, environ: dict[str, str], shown: str) -> list[str]:
    """The words ``print(<shown>, 'pydantic' in sys.modules)`` prints after ``load_settings``
    in ``folder`` with ``environ``, in a fresh interpreter."""
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from coach.config import load_settings\n"
        f"settings = load_settings(Path({str(folder)!r}), environ={environ!r})\n"
        f"print({shown}, 'pydantic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_a_bad_model_variable_is_still_a_config_error_naming_it(tmp_path):
    with pytest.raises(ConfigError, match="COACH_TIMEOUT"):
        load_settings(tmp_path, environ={"COACH_MODEL": "qwen", "COACH_TIMEOUT": "soon"})
    with pytest.raises(ConfigError, match="OPENAI_BASE_URL"):
        load_settings(tmp_path, environ={"OPENAI_BASE_URL": "localhost:8080"})


def test_a_bad_flag_value_is_still_a_usage_error_naming_the_flag():
    with pytest.raises(InputError, match="--fail-on"):
        load_settings(overrides={"fail_on": "bogus"}, environ={})


def test_a_bad_variable_is_still_a_config_error_naming_it(tmp_path):
    with pytest.raises(ConfigError, match="COACH_FAIL_ON"):
        load_settings(tmp_path, environ={"COACH_FAIL_ON": "loud"})


def test_flags_override_the_environment_without_pydantic(tmp_path):
    settings = load_settings(
        tmp_path,
        overrides={"fail_on": "never", "select": ["okr2"]},
        environ={"COACH_FAIL_ON": "warning", "COACH_IGNORE": "OKR201,OKR202"},
    )
    assert (settings.fail_on, settings.select, settings.ignore) == (
        None,
        ["OKR2"],
        ["OKR201", "OKR202"],
    )


def test_a_config_file_of_plain_settings_never_loads_pydantic(tmp_path):
    (tmp_path / ".coach.toml").write_text(
        'select = ["OKR2", "OKR4"]\nfail-on = "warning"\n'
        '[levels]\nOKR403 = "suggestion"\n[limits]\nmax_objectives = 5\n'
        '[vocabulary]\ntask_verbs = ["spin up"]\n',
        encoding="utf-8",
    )
    shown = "settings.limits.max_objectives, settings.levels['OKR403'].value"
    assert _in_a_fresh_process(tmp_path, {}, shown) == ["5", "suggestion", "False"]


def test_a_misspelt_limit_in_a_config_file_is_still_named(tmp_path):
    (tmp_path / ".coach.toml").write_text("[limits]\nmax_objectivs = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\.coach\.toml.*max_objectivs"):
        load_settings(tmp_path, environ={})
