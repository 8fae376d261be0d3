"""`coach batch` around the check: the paths listed once for the output checks and the batch,
and a folder listed as before."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from coach.cli import cli
from coach.service import batching
from coach.service.batching import batch_check, list_inputs
from coach.service.checking import SettingsResolver, expand_paths, input_files

ORG = Path(__file__).parent / "fixtures" / "org"
TEAMS = str(ORG / "teams")
COMPANY = str(ORG / "company.md")


def test_the_listing_names_the_inputs_input_files_names():
    paths = [TEAMS, str(ORG / "teams" / "*.md"), TEAMS, "-"]
    resolver = SettingsResolver(None, {})
    assert list_inputs(paths).inputs() == input_files(paths, resolver)
    assert len(list_inputs([TEAMS]).inputs()) > 3


def test_a_batch_given_its_listing_reports_as_one_that_lists_itself():
    listing = list_inputs([TEAMS, str(ORG / "nothing-*.md")])
    listed = batch_check([TEAMS, str(ORG / "nothing-*.md")], listing=listing, company=COMPANY)
    fresh = batch_check([TEAMS, str(ORG / "nothing-*.md")], company=COMPANY)
    assert listed == fresh
    assert any(r.error == "no file matches this pattern" for r in listed.rows)


def test_the_command_lists_each_path_once_for_the_output_check_and_the_batch(tmp_path, monkeypatch):
    listed = []

    def counted(paths, resolver=None):
        listed.extend(paths)
        return expand_paths(paths, resolver)

    monkeypatch.setattr(batching, "expand_paths", counted)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["batch", TEAMS, "--format", "json", "-o", str(out)])
    assert result.exit_code == 2, result.output  # the fixture org holds a broken draft
    assert listed == [TEAMS]
    assert len(json.loads(out.read_text(encoding="utf-8"))["teams"]) >= 3


def test_a_folder_is_listed_with_excludes_sidecars_and_links_as_spelled(tmp_path, monkeypatch):
    okrs = tmp_path / "okrs"
    for name in (
        "a.md",
        "alpha/q3.md",
        "alpha/q3.yaml",
        "alpha/other.yaml",
        "beta/c.YML",
        "beta/notes.txt",
        "old/o.md",
        "alpha/deep/x.markdown",
    ):
        (okrs / name).parent.mkdir(parents=True, exist_ok=True)
        (okrs / name).write_text("## Objective: Make users happy\n", encoding="utf-8")
    (okrs / "beta" / "link.md").symlink_to("../a.md")
    (okrs / "beta" / "broken.md").symlink_to("nowhere.md")
    (okrs / ".coach.toml").write_text('exclude = ["old"]\n', encoding="utf-8")
    expected = [
        "a.md",
        "alpha/other.yaml",
        "alpha/q3.md",
        "alpha/deep/x.markdown",
        "beta/link.md",
    ]  # q3.yaml is q3.md's sidecar; the include patterns' case is kept (c.YML is not a draft)
    monkeypatch.chdir(tmp_path)
    assert list_inputs(["okrs/"]).expanded["okrs/"].names == [f"okrs/{n}" for n in expected]
    monkeypatch.chdir(okrs)
    assert list_inputs(["."]).expanded["."].names == expected


def test_settings_by_a_file_name_follow_its_folder_and_the_current_one(tmp_path, monkeypatch):
    for folder, level in (
        ("okrs", "error"),
        ("okrs/alpha", "warning"),
        ("other/okrs", "suggestion"),
    ):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / ".coach.toml").write_text(f'fail_on = "{level}"\n', encoding="utf-8")
    resolver = SettingsResolver(None, {})
    monkeypatch.chdir(tmp_path)
    seen = [
        resolver.for_path(name).fail_on.value
        for name in ("okrs/a.md", "okrs/alpha/q3.md", "okrs//alpha/b.md", "okrs/./c.md")
    ]
    assert seen == ["error", "warning", "warning", "error"]
    assert resolver.for_path(str(tmp_path / "okrs/alpha/q3.md")) is resolver.for_path(
        tmp_path / "okrs" / "alpha" / "q3.md"
    )
    monkeypatch.chdir(tmp_path / "other")  # the same name, another folder
    assert resolver.for_path("okrs/a.md").fail_on.value == "suggestion"


def test_a_listing_of_other_paths_is_not_used():
    listing = list_inputs([str(ORG / "company.md")])
    report = batch_check([TEAMS], listing=listing)
    assert report == batch_check([TEAMS])
    assert len(report.rows) >= 3


def test_the_files_that_may_be_the_output_are_those_earlier_output_needs(tmp_path):
    """``Listing.may_be`` narrows what ``earlier_output`` resolves to the files on the output's
    device and inode (a link to it, the file itself), none when the output does not exist;
    the answer is the one of all the files."""
    from coach.service.checking import earlier_output

    okrs = tmp_path / "okrs"
    okrs.mkdir()
    (okrs / "q3.md").write_text("## Objective: Delight every new customer\n- Ship X\n", "utf-8")
    (okrs / "report.json").write_text('{"kind": "batch"}\n', "utf-8")
    (okrs / "hard.json").hardlink_to(okrs / "report.json")
    (okrs / "soft.json").symlink_to(okrs / "report.json")
    resolver = SettingsResolver(None, {})
    listing = list_inputs([str(okrs)])
    found = listing.found()
    for output, may_be in [
        (okrs / "report.json", {"report.json", "hard.json", "soft.json"}),
        (tmp_path / "elsewhere.json", set()),
        (okrs / "q3.md", {"q3.md"}),
    ]:
        assert {Path(f).name for f in listing.may_be(str(output))} == may_be
        assert earlier_output([str(okrs)], str(output), resolver, listing.may_be(str(output))) == (
            earlier_output([str(okrs)], str(output), resolver, found)
        )
    (tmp_path / "elsewhere.json").write_text("{}", "utf-8")
    assert listing.may_be(str(tmp_path / "elsewhere.json")) == []
    assert earlier_output([str(okrs)], str(okrs / "report.json"), resolver, found) is not None
