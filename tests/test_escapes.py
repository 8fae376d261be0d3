"""Control characters from a draft, a data file or a model reply never reach a terminal raw.

Every human output shows them as escapes (``\\x1b``, ``\\u202e``); JSON and SARIF hold them as
JSON escapes; HTML shows them escaped; ``-o`` / ``--in-place`` keep the user's bytes exactly.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli
from coach.render.rich_text import VisibleText
from coach.visible import find_unsafe, is_unsafe, json_safe, visible

# ESC sequences (a CSI that clears the screen, an OSC that sets the title, ended by BEL),
# a C1 CSI, a right-to-left override, an isolate pair and a lone carriage return.
HOSTILE_OBJECTIVE = "Make new users \x1b]lowned\x07 feel \u202econfident\u202c \x9b within a week"
HOSTILE_KR = "Launch the new \x1b[2J onboarding \u2066flow\u2069 for all"
DRAFT = f"""\
---
team: Growth
quarter: Q3 2026
---
## Objective: {HOSTILE_OBJECTIVE}
- KR1: {HOSTILE_KR}
- KR2: Increase activation from 20% to 40% by end of Q3 [stretch]
"""
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_no_raw(text: str) -> None:
    """Nothing a terminal would act on: only tab and newline among the controls."""
    raw = RAW.findall(text)
    assert not raw, f"raw control characters in output: {raw!r}"


def assert_escaped(text: str, *escapes: str) -> None:
    assert_no_raw(text)
    for escape in escapes:
        assert escape in text, f"{escape} not shown in:\n{text}"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("COACH_SELECT", "COACH_IGNORE", "COACH_FAIL_ON", "COACH_MODEL", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def draft(tmp_path) -> Path:
    path = tmp_path / "draft.md"
    path.write_bytes(DRAFT.encode("utf-8"))
    return path


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


# ---- the helper --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred", "\\x1b[31mred"),
        ("bell\x07", "bell\\x07"),
        ("back\x08space", "back\\x08space"),
        ("del\x7f", "del\\x7f"),
        ("nul\x00", "nul\\x00"),
        ("c1 csi \x9b2J", "c1 csi \\x9b2J"),
        ("c1 \x85 next line", "c1 \\x85 next line"),
        ("rlo \u202eevil", "rlo \\u202eevil"),
        ("isolates \u2066a\u2067b\u2068c\u2069", "isolates \\u2066a\\u2067b\\u2068c\\u2069"),
        ("lrm \u200e rlm \u200f", "lrm \\u200e rlm \\u200f"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("line\u2028sep", "line\\u2028sep"),
        ("tag \U000e0041", "tag \\U000e0041"),
        ("lone \ud800", "lone \\ud800"),
        ("over\rwrite", "over\\rwrite"),
    ],
)
def test_visible_shows_each_kind_of_control_character(raw, shown):
    assert visible(raw) == shown


def test_visible_keeps_text_that_belongs_there():
    text = "tab\there\nline → “quoted” 62% · é 中文 👩\u200d💻 \u0646\u200c\u0645 crlf\r\nnext"
    assert visible(text) == text


def test_visible_is_idempotent():
    once = visible("a\x1b[2J\u202eb\x9b")
    assert visible(once) == once


def test_every_format_character_of_the_running_python_is_escaped():
    """The quick candidate search must not miss a character is_unsafe calls unsafe."""
    for code in range(0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Zl", "Zp", "Cs") and char not in "\t\n\r\u200c\u200d":
            assert is_unsafe(char), hex(code)
            assert visible(char) != char, hex(code)


def test_json_safe_escapes_what_json_dumps_leaves_raw_and_keeps_the_data():
    data = {"text": "a\x1b b\x9b c\u202e d\x7f e\ud800 f\U000e0041 é → 👩\u200d💻"}
    document = json_safe(json.dumps(data, ensure_ascii=False))
    assert_no_raw(document)
    assert "\\u009b" in document and "\\u202e" in document and "\\udb40\\udc41" in document
    assert json.loads(document) == data
    document.encode("utf-8")  # a lone surrogate is escaped, so the text can be written


@pytest.mark.parametrize("char", [chr(c) for c in (*range(0x20), 0x7F) if chr(c) not in "\t\n"])
def test_a_long_ascii_text_is_escaped_as_a_short_one(char):
    """Long ASCII text is searched another way (coach.visible._may_be_unsafe): the same
    escapes, wherever the character sits, and a CRLF line break is still kept."""
    padding = "z" * 5000  # "z" is in no escape
    for text in (padding + char, char + padding, padding + char + padding):
        assert visible(text).replace("z", "") == visible(char) != char
        assert json_safe(text).replace("z", "") == json_safe(char) != char
    crlf = padding + "\r\n" + padding
    assert visible(crlf) == crlf and json_safe(crlf) == crlf


def test_visible_text_escapes_appended_strings():
    text = VisibleText("a\x1b")
    text.append("b\u202e")
    assert text.plain == "a\\x1bb\\u202e"
    assert find_unsafe("ok \u2066") == "\u2066" and find_unsafe("ok") is None


# ---- coach check -------------------------------------------------------------------------


def test_check_text_shows_escapes(draft):
    result = run("check", draft, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert_escaped(result.stdout, "\\x1b]lowned\\x07", "\\u202econfident\\u202c", "\\x9b")
    assert_escaped(result.stdout, "\\x1b[2J", "\\u2066flow\\u2069")


def test_check_text_with_colour_escapes_the_draft_but_keeps_its_own_styles(draft, monkeypatch):
    from coach.render import RenderOptions
    from coach.render.text import render_text

    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    from coach.checker import check
    from coach.config import Settings
    from coach.parsing import load_draft

    report = check(load_draft(draft), Settings())
    output = render_text([report], (), RenderOptions(color=True))
    assert "\x1b[" in output  # rich's own colour codes are there …
    assert "\\x1b[2J" in output and "\x1b[2J" not in output  # … the draft's are not
    assert "\x1b]lowned" not in output and "\u202e" not in output


def test_check_quiet_and_file_names_are_escaped(tmp_path):
    name = tmp_path / "q\x1b[31m3.md"
    name.write_text(DRAFT, encoding="utf-8")
    result = run("check", name, "-q", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert_escaped(result.stdout, "q\\x1b[31m3.md: Score")


def test_check_github_annotations_show_escapes(draft):
    result = run("check", draft, "--format", "github", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert "::error " in result.stdout
    assert_escaped(result.stdout, "\\x1b[2J", "\\u2066flow\\u2069")


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_check_json_and_sarif_hold_json_escapes_and_the_exact_text(draft, fmt):
    result = run("check", draft, "--format", fmt, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert_no_raw(result.stdout)
    assert "\\u001b[2J" in result.stdout and "\\u2066flow\\u2069" in result.stdout
    data = json.loads(result.stdout)
    if fmt == "json":
        assert "\\u202e" in result.stdout and "\\u009b" in result.stdout
        texts = [o["text"] for o in data["files"][0]["draft"]["objectives"]]
        assert HOSTILE_OBJECTIVE in texts
    else:
        messages = [r["message"]["text"] for r in data["runs"][0]["results"]]
        assert any("\x1b[2J" in m for m in messages)


def test_error_lines_that_quote_a_file_name_are_escaped(tmp_path):
    result = run("check", tmp_path / "gone\x1b]0;x\x07.md")
    assert result.exit_code == 2
    assert_escaped(result.stderr, "gone\\x1b]0;x\\x07.md: file not found")
    assert len(result.stderr.splitlines()) == 1


def test_error_lines_that_quote_file_content_are_escaped(tmp_path):
    metrics = tmp_path / "metrics.yaml"
    metrics.write_text("onboarding rate \u202e: [1, 2]\n", encoding="utf-8")
    (tmp_path / "d.md").write_text(DRAFT, encoding="utf-8")
    result = run("rewrite", tmp_path / "d.md", "--metrics", metrics)
    assert result.exit_code == 2, result.output
    assert_escaped(result.stderr, "\\u202e")
    assert "Traceback" not in result.output


def test_internal_error_messages_are_escaped(draft, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("bad \x1b[2J thing")

    monkeypatch.setattr("coach.commands.check.check_paths", boom)
    result = run("check", draft)
    assert result.exit_code == 70
    assert_escaped(result.stderr, "bad \\x1b[2J thing")


# ---- coach rewrite -----------------------------------------------------------------------


OBJECTIVE_SHOWN = ("\\x1b]lowned\\x07", "\\u202econfident\\u202c", "\\x9b")
KR_SHOWN = ("\\x1b[2J", "\\u2066flow\\u2069")


@pytest.mark.parametrize(
    ("fmt", "shown"),
    [
        ("text", KR_SHOWN),  # the changes: the task key result before and after
        ("diff", OBJECTIVE_SHOWN + KR_SHOWN),  # context lines and the removed key result
        ("markdown", OBJECTIVE_SHOWN),  # the whole new draft
    ],
)
def test_rewrite_stdout_formats_show_escapes(draft, fmt, shown):
    result = run("rewrite", draft, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert_escaped(result.stdout, *shown)


def test_rewrite_json_holds_json_escapes(draft):
    result = run("rewrite", draft, "--format", "json")
    assert result.exit_code == 0, result.output
    assert_no_raw(result.stdout)
    assert HOSTILE_OBJECTIVE in json.loads(result.stdout)["text"]


def test_rewrite_output_file_keeps_the_users_bytes(draft, tmp_path):
    target = tmp_path / "new.md"
    result = run("rewrite", draft, "-o", target)
    assert result.exit_code == 0, result.output
    written = target.read_bytes().decode("utf-8")
    assert HOSTILE_KR.split(" for")[0] not in written  # the task key result was rewritten …
    assert "\x1b]lowned\x07" in written and "\u202econfident\u202c" in written  # … bytes kept
    assert "\x9b" in written


def test_rewrite_in_place_keeps_the_users_bytes(tmp_path):
    path = tmp_path / "d.md"
    # KR1 (a task) is rewritten; KR2 keeps its escape sequence byte for byte
    original = DRAFT.replace("from 20% to 40%", "from 20% to 40% \x1b[1m")
    path.write_bytes(original.encode("utf-8"))
    result = run("rewrite", path, "--in-place")
    assert result.exit_code == 0, result.output
    assert "\x1b[1m" in path.read_text(encoding="utf-8")
    assert (tmp_path / "d.md.bak").read_bytes() == original.encode("utf-8")


def test_show_prompt_shows_escapes(draft):
    result = run("rewrite", draft, "--show-prompt")
    assert result.exit_code == 0, result.output
    assert_escaped(result.stdout, "\\x1b[2J")


def test_a_model_reply_with_escapes_is_shown_escaped():
    from coach import check, parse_text
    from coach.render.rewrite import render
    from coach.rewrite.engine import Change, RewriteResult

    after = "Increase activation \x1b]8;;http://evil\x1b\\ from 20% to 40%"
    original = "## Objective: Make activation effortless for new users\n- KR1: Launch the flow\n"
    new_text = original.replace("Launch the flow", after)
    change = Change(
        "objectives[0].key_results[0]",
        "key_result",
        2,
        "Launch the flow",
        after,
        ("OKR201",),
        "model:m",
    )
    result = RewriteResult(
        source="d.md",
        original_text=original,
        new_text=new_text,
        before=check(parse_text(original, "d.md")),
        after=check(parse_text(new_text, "d.md")),
        changes=[change],
        rewriter="m",
        headline="m",
    )
    for fmt in ("text", "diff", "markdown"):
        assert_escaped(render(result, fmt), "\\x1b]8;;http://evil\\x1b\\")


# ---- coach grade -------------------------------------------------------------------------


GRADED = """\
---
team: Growth
quarter: Q2 2026
---
## Objective 1: Make checkout \u202eeffortless\u202c for returning customers
- KR1: Increase checkout completion rate \x1b[2J from 62% to 80% by end of Q2 [stretch]
- KR2: Reduce payment failures from 4% to 2% by end of Q2 (committed)
"""


@pytest.fixture
def graded(tmp_path) -> tuple[Path, Path]:
    draft = tmp_path / "okrs.md"
    draft.write_text(GRADED, encoding="utf-8")
    actuals = tmp_path / "actuals.yaml"
    actuals.write_text('O1.KR1: "75%"\nO1.KR2: "3%"\nO9.KR9\u2066: "1%"\n', encoding="utf-8")
    return draft, actuals


def test_grade_text_shows_escapes(graded):
    draft, actuals = graded
    result = run("grade", draft, "--actuals", actuals)
    assert result.exit_code == 0, result.output
    assert_escaped(result.stdout, "\\u202eeffortless\\u202c", "\\u2066")


def test_grade_json_holds_json_escapes(graded):
    draft, actuals = graded
    result = run("grade", draft, "--actuals", actuals, "--format", "json")
    assert result.exit_code == 0, result.output
    assert_no_raw(result.stdout)
    assert "\\u202e" in result.stdout
    json.loads(result.stdout)


def test_grade_html_escapes_control_characters(graded):
    from coach.grading import grade_file
    from coach.grading.grade import GradeInputs
    from coach.render.grade_html import render_html

    draft, actuals = graded
    report = grade_file(draft, GradeInputs(actuals=str(actuals)))
    page = render_html(report, chart="<svg></svg>")
    assert_escaped(page, "\\u202eeffortless\\u202c")
    assert page.count("<script") == 1  # the packaged sorter, and nothing from the draft


# ---- coach rules -------------------------------------------------------------------------


def test_rules_explain_of_an_unknown_rule_shows_escapes():
    result = run("rules", "explain", "OKR\x1b[2J\u202e")
    assert result.exit_code == 2
    assert_escaped(result.stderr, "\\x1b[2J", "\\u202e")


def test_rules_explain_renders_rule_text_through_the_helper():
    from coach.render.text import render_rule_explain, render_rules_plain

    rule = {
        "id": "OKR999",
        "name": "evil\x1b[2J",
        "level": "warning",
        "applies_to": "key_result",
        "message": "Bad \u202e thing",
        "why": "Because \x9b",
        "fix": "Fix \x07 it",
        "examples": {"weak": ["weak \u2066 one"], "strong": ["strong\tone"]},
    }
    assert_escaped(
        render_rule_explain(rule), "evil\\x1b[2J", "\\u202e", "\\x9b", "\\x07", "\\u2066"
    )
    plain = render_rules_plain([rule])
    assert_escaped(plain, "evil\\x1b[2J")
    assert plain.count("\t") == 4


# ---- one place per output path -----------------------------------------------------------


def test_only_the_rich_text_module_builds_rich_text():
    """Every rich-based renderer builds its text with VisibleText, so nothing bypasses it."""
    root = Path(__file__).resolve().parent.parent / "coach"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.relative_to(root).as_posix() != "render/rich_text.py"
        and re.search(r"^from rich\.text import|^import rich\.text", path.read_text(), re.M)
    ]
    assert offenders == []


def test_written_notice_escapes_the_target_name(draft, tmp_path):
    target = tmp_path / "out\x1b[1m.md"
    result = run("rewrite", draft, "-o", target)
    assert result.exit_code == 0, result.output
    assert_escaped(result.stderr, "out\\x1b[1m.md")
    assert target.exists()


def test_a_file_name_with_a_line_break_cannot_add_lines_of_its_own(tmp_path):
    """`path:line:col: …` is read line by line (editors, grep, CI): a hostile name with a line
    feed would otherwise print a line that looks like a finding of another file."""
    from coach.visible import visible_name

    assert visible_name("a\nb\tc\u202ed") == "a\\nb\\tc\\u202ed"
    draft = tmp_path / "x.md\nmain.py:1:1: OKR999 fake.md"
    draft.write_text(
        "## Objective: Make every new user feel at home\n- Launch the new onboarding flow\n",
        encoding="utf-8",
    )
    binary = tmp_path / "bin\nary.md"
    binary.write_bytes(b"\x00\x01")
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "--format", "concise"])
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(str(tmp_path)) for line in lines)
    assert [line for line in result.stderr.splitlines() if "ary.md" in line] == [
        f"coach: {tmp_path}/bin\\nary.md: binary file, not text"
    ]
