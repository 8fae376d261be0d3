"""What a batch does around its last result, kept equal to the plain way of doing it: the
worst lines' offline proposals worked out in a worker (coach.service.batching), the JSON
report's records written out without ``to_json``'s walk and begun before the proposals are in
(coach.render.batch_json)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_batch import COMPANY, ORG, TEAMS

from coach.model import to_json
from coach.render import batch_json
from coach.service import batching
from coach.service.batching import batch_check
from coach.service.checking import SettingsResolver


@pytest.fixture(scope="module")
def org_report():
    return batch_check([TEAMS], company=COMPANY, workers=1)


@pytest.fixture(scope="module")
def worst_drafts(org_report) -> list[str]:
    return sorted({line.place.path for line in org_report.worst_lines})


def _worst(report) -> list[tuple[str, object]]:
    """The report's worst lines as the batch holds them: (item path, line)."""
    from coach.batch import across
    from coach.batch.drafts import summarise

    resolver = SettingsResolver()
    drafts = sorted({line.place.path for line in report.worst_lines})
    teams = {line.place.path: line.place.team for line in report.worst_lines}
    summaries = [summarise(d, teams[d], resolver.for_path(d), None, False) for d in drafts]
    found = across.worst_lines(summaries, batching.WORST_LINES)
    assert [line.place for _, line in found] == [line.place for line in report.worst_lines]
    return found


# ---- the offline proposals, in a worker -------------------------------------------------------


def test_proposals_in_a_worker_are_those_worked_out_here(org_report):
    from concurrent.futures import ProcessPoolExecutor

    resolver = SettingsResolver()
    worst = _worst(org_report)
    assert len({line.place.path for _, line in worst}) >= 3
    with ProcessPoolExecutor(
        2, initializer=batching._start_worker, initargs=(None, {}, ())
    ) as pool:
        found = batching._start_offline(worst, resolver, pool)()
        assert batching._start_offline([], resolver, pool)() == {}
    assert found == batching._start_offline(worst, resolver, None)()
    # a change for each worst line the rewriter has a target for (an objective may have none)
    assert set(found) <= {(line.place.path, path) for path, line in worst}
    assert len({draft for draft, _ in found}) >= 3


def test_the_worst_lines_changes_are_those_of_the_whole_drafts_rewrite(org_report):
    """Only the worst lines' items are proposed (and those before them, whose metrics steer
    them), yet each change is the one rewriting the whole draft makes."""
    from coach.service.rewriting import rewrite_items, rewrite_request_for_file, rewrite_text

    sizes = []
    drafts = {line.place.path for line in org_report.worst_lines}
    drafts |= {row.path for row in org_report.rows if row.error is None}
    for draft in sorted(drafts):
        request = rewrite_request_for_file(draft, provider="offline")
        whole = {c.path: c for c in rewrite_text(request).changes}
        sizes.append(len(whole))
        paths = list(whole)  # in the rewrite's order
        if not paths:  # a draft with nothing to rewrite
            assert rewrite_items(request, ["objectives[0]"]) == {}
            continue
        objectives = [p for p in paths if "key_results" not in p]
        for items in ([paths[0]], [paths[-1]], paths[1::2], paths, objectives[-1:]):
            assert rewrite_items(request, items) == {p: whole[p] for p in items}
        assert rewrite_items(request, ["objectives[99]"]) == {}  # no such failing item
    assert max(sizes) >= 4  # drafts with several items, so a late one follows earlier rewrites


def test_a_parallel_run_in_small_chunks_reports_as_a_sequential_one(tmp_path):
    """Duplicates, shared metrics and the worst lines gathered chunk by chunk, the proposals
    worked out in a worker."""
    import shutil

    for n in range(3):
        shutil.copytree(ORG / "teams", tmp_path / f"copy{n}")
    folder = str(tmp_path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batching, "CHUNK", 5)
        parallel = batch_check([folder], workers=2, parallel_threshold=0)
    sequential = batch_check([folder], workers=1)
    assert parallel.worst_lines == sequential.worst_lines
    assert any(line.proposal for line in parallel.worst_lines)
    assert parallel.duplicates == sequential.duplicates
    assert parallel.shared_metrics == sequential.shared_metrics


# ---- the JSON report's records ---------------------------------------------------------------


def test_the_written_out_records_are_to_json_of_them(org_report):
    """A field added to a place or a row would be missing from the written-out form: these
    compare it with ``to_json``, which walks every field."""
    report = org_report
    assert report.duplicates and report.shared_metrics
    assert batch_json._duplicates(report.duplicates) == to_json(report.duplicates)
    assert batch_json._shared(report.shared_metrics) == to_json(report.shared_metrics)
    rows = batch_json._teams(report.rows)
    assert [{k: v for k, v in r.items() if k != "task_share"} for r in rows] == to_json(report.rows)
    assert any(r["error"] for r in rows) and any(r["task_share"] for r in rows)


@given(st.integers(0, 1000), st.integers(1, 120))
def test_chunks_hold_every_job_once_in_order_the_last_in_quarters(count, size):
    jobs = list(range(count))
    chunks = batching._chunks(jobs, size)
    assert [job for chunk in chunks for job in chunk] == jobs
    assert all(0 < len(chunk) <= size for chunk in chunks)
    last = [chunk for chunk in chunks if chunk[0] >= count - 2 * size]
    assert all(len(chunk) <= max(size // 4, 1) for chunk in last)


def test_the_json_report_printed_is_the_one_written_to_a_file(tmp_path):
    """The JSON renderer gives bytes, written to a file as they are and printed as text."""
    from click.testing import CliRunner

    from coach.cli import cli
    from coach.render.batch_output import render_batch

    out = tmp_path / "report.json"
    args = ["batch", TEAMS, "--company", COMPANY, "--format", "json"]
    printed = CliRunner().invoke(cli, args, catch_exceptions=False).stdout_bytes
    CliRunner().invoke(cli, [*args, "-o", str(out)], catch_exceptions=False)
    assert printed == out.read_bytes()
    assert render_batch(batch_check([TEAMS], company=COMPANY), "json").encode() == printed
    assert not printed.isascii()  # the drafts' dashes and quotes, UTF-8 as they are


@pytest.mark.parametrize("count", [0, 1, 5, 6, 13])
def test_drafts_checked_here_are_heard_of_in_order_in_chunks(count, monkeypatch):
    monkeypatch.setattr(batching, "CHUNK", 5)
    monkeypatch.setattr(batching, "summarise", lambda path, team, settings, *options: path)
    heard: list[list[str]] = []
    jobs = [(f"d{n}.md", "team") for n in range(count)]
    results = batching._check_all(jobs, SettingsResolver(), None, (), None, heard.append)
    assert results == [path for path, _ in jobs]
    assert [job for chunk in heard for job in chunk] == results
    assert all(0 < len(chunk) <= 5 for chunk in heard)


# ---- the rewriter's first draft in a process --------------------------------------------------


def test_the_lexicon_read_by_libyaml_holds_what_the_pure_python_loader_reads():
    """The packaged outcomes lexicon is read with libyaml (a tenth of the time): a construct
    the two loaders read otherwise would show here."""
    from coach.resources import resource_dir
    from coach.yamlsafe import StrictFastLoader, load_yaml

    text = (resource_dir("rubrics") / "outcomes.yaml").read_text(encoding="utf-8")
    fast, plain = load_yaml(text, StrictFastLoader), load_yaml(text)
    assert fast["deliverables"] and fast == plain
    assert repr(fast) == repr(plain)  # the same types too (1 and True are equal, not alike)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_json_report_begun_before_the_proposals_is_the_one_rendered_after(workers):
    """``batch_check`` hands the report to ``meanwhile`` before the worst lines' proposals
    are in; the JSON written from it and the finished report is the plain rendering's."""
    renderer = batch_json.BatchJsonInTwo()
    begun = []

    def begin(report):
        begun.append(report)
        renderer.begin(report)

    report = batch_check(
        [TEAMS], company=COMPANY, workers=workers, parallel_threshold=0, meanwhile=begin
    )
    assert [line.proposal for line in begun[0].worst_lines] == [None] * len(report.worst_lines)
    assert any(line.proposal for line in report.worst_lines)  # so the worst lines differ
    assert renderer(report) == batch_json.render_batch_json(report)


def test_the_json_report_begun_for_another_report_is_rendered_whole(org_report):
    from dataclasses import replace

    renderer = batch_json.BatchJsonInTwo()
    renderer.begin(org_report)
    other = replace(org_report, exit_code=org_report.exit_code + 1)
    assert renderer(other) == batch_json.render_batch_json(other)
    assert renderer(other) != batch_json.render_batch_json(org_report)
    assert renderer(org_report) == batch_json.render_batch_json(org_report)
