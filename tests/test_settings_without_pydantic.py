"""Settings from flags alone skip pydantic (issue 10, start-up): ``--fail-on``, ``--select``
and ``--ignore`` give the same Settings as pydantic's validation would, and any value pydantic
would change or refuse still goes through it, with the same errors."""

from __future__ import annotations

import pytest

from coach.config import Settings, _plain_settings, _settings_adapter, load_settings
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
    {"fail_on": "error", "limits": {"max_objectives": 4}},  # another setting: validated
    {"model": {"model": "gpt"}},
    {"config_file": "x.toml"},
]


@pytest.mark.parametrize("values", OTHERS)
def test_anything_else_is_left_to_pydantic(values):
    assert _plain_settings(values) is None


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
