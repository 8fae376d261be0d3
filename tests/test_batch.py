"""`coach batch`: every team's drafts at once, on the fixture organisation in tests/fixtures/org/."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli
from coach.service.batching import RewriteOptions, batch_check

ORG = Path(__file__).parent / "fixtures" / "org"
TEAMS = str(ORG / "teams")
COMPANY = str(ORG / "company.md")


@pytest.fixture(scope="module")
def report():
    return batch_check([TEAMS], company=COMPANY, workers=1)


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _teams(places) -> set[str]:
    return {p.team for p in places}


# ---- the findings ---------------------------------------------------------------------------


def test_every_team_draft_is_a_row_and_the_broken_one_has_its_error(report):
    teams = {r.team for r in report.checked}
    assert len(teams) >= 10
    assert {"Growth", "Sales", "Support", "Platform", "Mobile", "Finance"} <= teams
    (broken,) = report.broken
    assert broken.path.endswith("data/q3.yaml")
    assert broken.team == "data"  # no front matter could be read: named from its folder
    assert broken.error.startswith("invalid YAML")
    assert "\n" not in broken.error


def test_binary_empty_and_too_big_files_are_rows_with_their_error(tmp_path):
    shutil.copytree(ORG / "teams" / "support", tmp_path / "support")
    (tmp_path / "binary.md").write_bytes(b"## Objective: x\n\x00\xff\x00")
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    (tmp_path / "big.md").write_text("## Objective: Grow\n" + "- Ship it\n" * 60, encoding="utf-8")
    (tmp_path / ".coach.toml").write_text("[limits]\nmax_file_bytes = 400\n", encoding="utf-8")
    result = batch_check([str(tmp_path)], workers=1)
    errors = {Path(r.path).name: r.error for r in result.broken}
    assert set(errors) == {"binary.md", "empty.md", "big.md"}
    assert "binary" in errors["binary.md"] and "empty" in errors["empty.md"]
    assert "over the limit of 400 bytes" in errors["big.md"]
    assert [r.team for r in result.checked] == ["Support"]  # still checked
    assert result.exit_code == 2


def test_a_team_without_front_matter_team_is_named_from_its_folder(report):
    (devex,) = [r for r in report.checked if r.path.endswith("devex/q3.md")]
    assert devex.team == "devex"


def test_the_team_name_rule_for_folders_files_and_globs():
    from coach.batch.drafts import team_from_path

    assert team_from_path("okrs/payments/2026/q3.md", "okrs") == "payments"
    assert team_from_path("okrs/payments.md", "okrs") == "payments"
    assert team_from_path("elsewhere/q3.md", None) == "q3"
    globbed = batch_check([TEAMS + "/**/*.md"], workers=1)
    assert {r.team for r in globbed.rows if r.path.endswith("devex/q3.md")} == {"devex"}
    assert not any(r.path.endswith(".yaml") for r in globbed.rows)


def test_the_readme_is_skipped_and_listed(report):
    assert [Path(s.path).name for s in report.skipped] == ["README.md"]
    assert "no OKRs" in report.skipped[0].reason


def test_yaml_and_json_that_are_no_drafts_are_skipped_and_listed_not_error_rows(tmp_path):
    shutil.copytree(ORG / "teams" / "growth", tmp_path / "growth")
    (tmp_path / "growth" / "mkdocs.yml").write_text("site_name: Plans\n", "utf-8")
    (tmp_path / "package.json").write_text('{"name": "plans"}', "utf-8")
    (tmp_path / "broken.yaml").write_text("objectives: x\n", "utf-8")
    found = batch_check([str(tmp_path)], workers=1)
    assert sorted(Path(s.path).name for s in found.skipped) == ["mkdocs.yml", "package.json"]
    assert [(Path(r.path).name, r.error) for r in found.rows if r.error] == [
        ("broken.yaml", "objectives must be a list (line 1)")
    ]


def test_the_same_key_result_in_two_teams_is_a_duplicate_group(report):
    groups = {frozenset(_teams(g.places)): g for g in report.duplicates}
    trial = groups[frozenset({"Growth", "Sales"})]  # "Increase …" and "Raise …": one key result
    assert {p.text.split()[0] for p in trial.places} == {"Increase", "Raise"}
    assert 90 <= trial.similarity <= 100
    assert frozenset({"devex", "Platform"}) in groups
    assert all(len(_teams(g.places)) >= 2 for g in report.duplicates)


def test_a_metric_claimed_by_two_teams_is_found_through_its_synonym(report):
    metrics = {m.metric: _teams(m.places) for m in report.shared_metrics}
    assert metrics["net promoter score"] == {"Growth", "Support"}  # "NPS" in Growth's draft
    assert metrics["trial-to-paid conversion"] == {"Growth", "Sales"}


def test_teams_over_the_objective_limit_first_cycle_included(report):
    over = {o.team: (o.objectives, o.limit) for o in report.over_limit}
    assert over == {"Platform": (4, 3), "Finance": (3, 2)}  # Finance: first_cycle, limit 2


def test_each_team_has_its_share_of_task_key_results(report):
    rows = {r.team: r for r in report.checked}
    assert (rows["Community"].task_key_results, rows["Community"].key_results) == (2, 3)
    assert rows["Support"].task_share == 0.0
    assert report.top_rules[0].rule_id == "OKR201"
    assert report.top_rules[0].findings == sum(r.rules.get("OKR201", 0) for r in report.checked)


def test_the_worst_lines_come_lowest_first_with_labelled_proposals(report):
    scores = [w.score for w in report.worst_lines]
    assert scores == sorted(scores) and scores
    proposed = [w for w in report.worst_lines if w.proposal]
    assert proposed and {w.proposal_source for w in proposed} == {"offline"}
    assert all(w.proposal != w.place.text for w in proposed)


def test_alignment_by_parent_front_matter_by_wording_and_the_orphan(report):
    by_label = {c.label: c for c in report.company}
    growth = [link for link in by_label["O1"].served_by if link.place.team == "Growth"]
    assert len(growth) == 2 and {link.how for link in growth} == {"parent"}  # parent: O1
    mobile = [link for link in by_label["O2"].served_by if link.place.team == "Mobile"]
    assert [link.how for link in mobile] == ["parent"]  # parent: the objective's text
    support = [link for link in by_label["O2"].served_by if link.place.team == "Support"]
    assert support[0].how == "wording" and support[0].similarity >= 70
    assert [c.label for c in report.orphans] == ["O4"]
    assert report.company_path == COMPANY


def test_the_company_draft_among_the_team_drafts_is_skipped_not_a_team(tmp_path):
    shutil.copytree(ORG, tmp_path / "org")
    result = batch_check([str(tmp_path / "org")], company=str(tmp_path / "org" / "company.md"))
    assert "Trailhead" not in {r.team for r in result.rows}
    assert any(s.path.endswith("company.md") for s in result.skipped)


# ---- exit codes -----------------------------------------------------------------------------


@pytest.fixture
def readable_org(tmp_path) -> Path:
    shutil.copytree(ORG / "teams", tmp_path / "teams")
    (tmp_path / "teams" / "data" / "q3.yaml").unlink()
    return tmp_path / "teams"


def test_a_broken_file_exits_2_and_the_others_are_still_reported():
    result = _run("batch", TEAMS, "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["summary"]["broken"] == 1 and data["summary"]["checked"] >= 10


def test_findings_at_or_above_fail_on_exit_1_else_0(readable_org):
    assert _run("batch", str(readable_org)).exit_code == 1
    assert _run("batch", str(readable_org), "--fail-on", "never").exit_code == 0


def test_a_folder_without_drafts_exits_2(tmp_path):
    (tmp_path / "README.md").write_text("# Notes\n\nNothing here.\n", encoding="utf-8")
    result = _run("batch", str(tmp_path))
    assert result.exit_code == 2
    assert "no OKR drafts found" in result.stdout


# ---- outputs --------------------------------------------------------------------------------


def test_json_parses_back_with_every_finding():
    result = _run("batch", TEAMS, "--company", COMPANY, "--format", "json")
    data = json.loads(result.stdout)
    assert data["schema_version"] == "1" and data["kind"] == "batch"
    assert len(data["teams"]) == data["summary"]["drafts"] == 11
    community = next(t for t in data["teams"] if t["team"] == "Community")
    assert community["task_share"] == pytest.approx(2 / 3, abs=1e-3)
    assert {frozenset(p["team"] for p in g["places"]) for g in data["duplicates"]} >= {
        frozenset({"Growth", "Sales"})
    }
    orphans = [o["label"] for o in data["company"]["objectives"] if o["orphan"]]
    assert orphans == ["O4"]
    assert data["thresholds"]["duplicate_similarity"] == 90
    assert data["rewrite"] is None


def test_csv_has_one_row_per_team_draft(readable_org):
    result = _run("batch", str(readable_org), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 10
    by_team = {r["team"]: r for r in rows}
    assert by_team["Finance"]["over_objective_limit"] == "1"
    assert by_team["Support"]["over_objective_limit"] == "0"
    assert by_team["Sales"]["duplicate_key_results"] == "1"
    assert by_team["Growth"]["shared_metrics"] == "2"  # trial-to-paid conversion, NPS
    assert float(by_team["Community"]["task_share"]) == pytest.approx(2 / 3, abs=1e-3)


def test_csv_text_cells_never_start_a_formula(tmp_path):
    (tmp_path / "q3.md").write_text(
        "---\nteam: '=HYPERLINK(\"http://x\")'\n---\n"
        "## Objective: Make every new user feel confident within their first week\n"
        "- Increase onboarding completion rate from 45% to 70% by end of Q3\n",
        encoding="utf-8",
    )
    rows = list(csv.DictReader(io.StringIO(_run("batch", str(tmp_path), "--format", "csv").stdout)))
    assert rows[0]["team"] == '\'=HYPERLINK("http://x")'


def test_text_summary_names_each_finding():
    out = _run("batch", TEAMS, "--company", COMPANY).stdout
    assert "Same key result in several teams" in out
    assert "net promoter score: Growth, Support" in out
    assert "Finance: 3 objectives, limit 2" in out
    assert "ORPHAN" in out and "Open the Japanese market" in out
    assert "proposal (offline):" in out
    assert out.rstrip().endswith("exit 2: a file could not be read")


def test_markdown_fits_a_pull_request_comment_on_a_large_set(tmp_path):
    for n in range(400):
        (tmp_path / f"team{n:03}.md").write_text(
            f"## Objective: Make team {n} the pride of the company, for every customer we serve\n"
            + "".join(
                f"- Launch the {k}th redesigned onboarding flow for segment {n}-{k} with a long "
                f"description of everything it should include, line {k}\n"
                for k in range(8)
            ),
            encoding="utf-8",
        )
    result = _run("batch", str(tmp_path), "--format", "markdown", "--workers", "1")
    assert result.exit_code == 1
    assert len(result.stdout) < 65_536
    assert "… and 350 more" in result.stdout  # teams beyond the first 50
    assert result.stdout.startswith("## OKR batch check")
    text = _run("batch", str(tmp_path), "--workers", "1").stdout
    assert "… and 350 more (every team: --format csv or json)" in text


def test_output_file_format_from_its_extension_written_atomically(tmp_path, readable_org):
    out = tmp_path / "report.csv"
    result = _run("batch", str(readable_org), "-o", str(out))
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8").startswith("team,path,score")
    assert f"wrote {out}" in result.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_output_onto_an_input_is_refused_and_nothing_is_written(readable_org):
    target = readable_org / "growth" / "q3.md"
    before = target.read_text(encoding="utf-8")
    result = _run("batch", str(target), "-o", str(target), "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "coach:" in result.stderr
    assert target.read_text(encoding="utf-8") == before


def test_an_unreadable_company_draft_is_one_line_exit_2_and_nothing_written(tmp_path):
    company = tmp_path / "company.md"
    company.write_bytes(b"\x00\x01binary")
    out = tmp_path / "out.json"
    result = _run("batch", TEAMS, "--company", str(company), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and str(company) in result.stderr
    assert not out.exists()


def test_the_html_report_of_a_real_run(tmp_path):
    """The page the command writes for the fixture organisation: every team, the broken file,
    the duplicate across teams, the orphan company objective; escaped, self-contained."""
    out = tmp_path / "report.html"
    result = _run("batch", TEAMS, "--company", COMPANY, "-o", str(out))
    assert result.exit_code == 2  # the broken file, as for `coach check`
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    for team in ("Growth", "Sales", "Support", "Platform", "Mobile", "Finance", "Community"):
        assert f">{team}<" in page
    assert "invalid YAML" in page  # the broken file's row
    assert "Reduce change failure rate from 18% to 8% by end of Q3" in page  # a duplicate
    assert "Open the Japanese market with a first local partner" in page
    assert "orphan" in page.lower()
    assert "<svg" in page  # the charts inline
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing to fetch


def test_html_without_the_charts_extra_stops_before_any_work(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "report.html"
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "from coach.cli import main\n"
        f"main(['batch', {TEAMS!r}, '-o', {str(out)!r}])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 3
    assert done.stderr.strip().count("\n") == 0
    assert "pip install 'okr-coach[charts]'" in done.stderr
    assert not out.exists()


def test_no_progress_bar_when_stderr_is_not_a_terminal(readable_org):
    result = _run("batch", str(readable_org), "--format", "json")
    assert result.stderr == ""
    json.loads(result.stdout)


def test_the_progress_bar_draws_on_a_terminal(monkeypatch):
    import sys

    from coach.commands.batch import _Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with _Progress() as progress:
        advance = progress.task("checking drafts")
        advance(3, 10)
    assert "checking drafts" in terminal.getvalue()


# ---- parallel and sequential ----------------------------------------------------------------


def test_parallel_and_sequential_runs_give_the_same_report():
    sequential = batch_check([TEAMS], company=COMPANY, workers=1)
    parallel = batch_check([TEAMS], company=COMPANY, workers=2, parallel_threshold=0)
    assert (sequential.workers, parallel.workers) == (1, 2)
    assert replace(parallel, workers=1) == sequential


# ---- --rewrite ------------------------------------------------------------------------------


def _rewrite_org(tmp_path: Path) -> Path:
    """Three teams: two with the very same draft (no `team:` front matter, so the same prompts),
    one with its own; every draft has failing items."""
    org = tmp_path / "org"
    draft = (
        "## Objective: Make every new user feel confident within their first week\n"
        "- Launch the new onboarding flow\n"
        "- Conduct 20 user interviews with new sign-ups\n"
        "- Reduce time to first value from 3 days to 1 day by end of Q3\n"
    )
    for team in ("alpha", "beta"):
        (org / team).mkdir(parents=True)
        (org / team / "q3.md").write_text(draft, encoding="utf-8")
    (org / "gamma").mkdir()
    (org / "gamma" / "q3.md").write_text(
        "## Objective: Improve user engagement\n"
        "- Ship the redesigned checkout flow\n"
        "- Increase weekly active users from 23,000 to 35,000 by end of Q3\n",
        encoding="utf-8",
    )
    return org


def test_rewrite_calls_the_model_once_per_distinct_item_and_shares_the_cache(tmp_path, monkeypatch):
    from llm.conftest import GOOD
    from llm.scripted_server import ScriptedServer, proposal_reply

    org = _rewrite_org(tmp_path)
    monkeypatch.setenv("COACH_MAX_ATTEMPTS", "1")  # one call per item, accepted or not
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with ScriptedServer([], then=proposal_reply(GOOD)) as server:
        options = RewriteOptions(concurrency=3, model="scripted-model", base_url=server.base_url)
        first = batch_check([str(org)], rewrite=options, workers=1)
        sent = len(server.requests)
        again = batch_check([str(org)], rewrite=options, workers=1)
        resent = len(server.requests) - sent
    stats = first.rewrite
    assert stats.items == len(first.rewrites) == 6  # alpha 2, beta 2, gamma 2 failing items
    assert stats.distinct == 4  # alpha's and beta's items are the same prompts: sent once
    assert stats.calls == sent == stats.distinct
    assert (stats.prompt_tokens, stats.completion_tokens) == (11 * sent, 7 * sent)
    fell_back = {r.place.text for r in first.rewrites if r.origin == "offline fallback"}
    accepted = {r.place.text for r in first.rewrites if r.origin.startswith("model:")}
    assert stats.fallbacks == len(fell_back) and accepted  # the scripted answer fits some
    # the second run reads what the first stored, whichever team it came from
    assert again.rewrite.cached == len(accepted) == stats.distinct - stats.fallbacks
    assert again.rewrite.calls == resent == stats.fallbacks
    beta = {r.place.text: r for r in again.rewrites if r.place.team == "beta"}
    assert any(r.origin.startswith("cache:") for r in beta.values())


def test_rewrite_with_an_unusable_model_fails_before_any_draft_is_checked(monkeypatch, tmp_path):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    out = tmp_path / "out.json"
    result = _run("batch", TEAMS, "--rewrite", "--model", "gpt-4o-mini", "-o", str(out))
    assert result.exit_code == 4
    assert result.stderr.count("\n") == 1 and "OPENAI_API_KEY" in result.stderr
    assert not out.exists()


def test_rewrite_proposals_reach_the_worst_lines_and_the_summary(tmp_path, monkeypatch):
    from coach.llm.fake import FakeRewriter

    org = _rewrite_org(tmp_path)
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "cache"))
    made: list[FakeRewriter] = []

    def factory():
        made.append(FakeRewriter(max_attempts=1))  # nothing queued: offline takes over
        return made[-1]

    options = RewriteOptions(
        concurrency=2, model="fake", base_url="http://127.0.0.1:9/v1", rewriter_factory=factory
    )
    result = batch_check([str(org)], rewrite=options, workers=1)
    asked = [r.text for f in made for r in f.requests]
    assert len(asked) == len(set(asked)) == result.rewrite.distinct == 4
    assert result.rewrite.fallbacks == result.rewrite.distinct
    proposed = [w for w in result.worst_lines if w.proposal]
    assert proposed and all(w.proposal_source == "offline fallback" for w in proposed)
    from coach.render.batch_output import render_batch

    line = (
        "6 failing items, 4 distinct, 6 with a proposal; 0 model calls, 0 from the cache, "
        "4 offline fallbacks; tokens 0 prompt, 0 completion"
    )
    assert f"Rewrite\n  {line}\n" in render_batch(result, "text")
    assert f"### Rewrite\n\n{line}.\n" in render_batch(result, "markdown")


def test_hostile_names_stay_on_their_own_line(tmp_path):
    """A folder or file name with a line break, or a `team:` spanning lines, cannot add lines
    of its own to the text report (which a reader or a script takes line by line)."""
    (tmp_path / "a\nb").mkdir()
    (tmp_path / "a\nb" / "q3.md").write_text(
        "## Objective: Make every new user feel at home\n- Launch the new onboarding flow\n",
        encoding="utf-8",
    )
    (tmp_path / "c.md").write_text(
        '---\nteam: "Red\\nTeam"\n---\n## Objective: Make every new user feel at home\n'
        "- Ship the redesigned checkout flow\n",
        encoding="utf-8",
    )
    (tmp_path / "x\nEVIL: injected.md").write_bytes(b"\x00\x01")
    report = batch_check([str(tmp_path)], workers=1)
    assert {r.team for r in report.rows} == {"a b", "Red Team", "x EVIL: injected"}
    text = _run("batch", str(tmp_path)).stdout
    assert not any(line.startswith("EVIL") for line in text.splitlines())
    assert "x\\nEVIL: injected.md: binary file" in text


def test_a_draft_summary_crosses_the_process_boundary_whole():
    """Workers send summaries back pickled (coach.batch.records.pickled_by_fields): every
    record comes back equal, field for field, broken and skipped files too."""
    import pickle

    from coach.batch.drafts import summarise
    from coach.service.checking import SettingsResolver

    resolver = SettingsResolver(None, None)
    paths = sorted(str(p) for p in Path(TEAMS).rglob("*") if p.is_file())
    summaries = [summarise(p, "team", resolver.for_path(p), ()) for p in paths]
    assert any(getattr(s, "key_results", ()) for s in summaries)
    assert any(getattr(s, "row", None) and s.row.error for s in summaries)
    back = pickle.loads(pickle.dumps(summaries))
    assert back == summaries
    assert [type(s) for s in back] == [type(s) for s in summaries]


def test_a_json_report_written_into_the_folder_is_rewritten_by_the_next_run(tmp_path, monkeypatch):
    """The second 'coach batch okrs --format json -o okrs/report.json' refused to write over
    its own earlier report (exit 2: "would overwrite an input"), as 'coach check' did; a draft
    in the folder is still never written over."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ORG / "teams" / "growth", tmp_path / "okrs")
    args = ("batch", "okrs", "--format", "json", "-o", "okrs/report.json", "--fail-on", "never")
    first, second = _run(*args), _run(*args)
    assert (first.exit_code, second.exit_code) == (0, 0), second.output
    report = json.loads((tmp_path / "okrs" / "report.json").read_text("utf-8"))
    assert [Path(t["path"]).name for t in report["teams"]] == ["q3.md"]
    assert report["skipped"] == []
    before = (tmp_path / "okrs" / "q3.md").read_bytes()
    refused = _run("batch", "okrs", "--format", "json", "-o", "okrs/q3.md")
    assert refused.exit_code == 2 and "would overwrite an input" in refused.output
    assert (tmp_path / "okrs" / "q3.md").read_bytes() == before


def test_rewrite_leaves_a_proposal_that_would_change_how_the_draft_is_read(tmp_path, monkeypatch):
    """As ``coach rewrite`` leaves it: an objective worded with an owner ("VP People: …") over
    items labelled "Hiring: …" would make those items owners' objectives."""
    from coach.llm.fake import FakeRewriter
    from coach.llm.protocol import RewriteFailed
    from coach.rewrite.engine import MISREAD

    class OwnerWording(FakeRewriter):
        def propose(self, request, guard):
            if request.kind != "objective":
                raise RewriteFailed("fake: key results are not asked here")
            self.queue({"text": "VP People: Make hiring effortless for every candidate"})
            return super().propose(request, guard)

    (tmp_path / "hiring.md").write_text(
        "---\nquarter: 2019 Q1\n---\n# Hiring\n\n- Hiring: ML (1 Intern + 1 Senior) [P0][TALENT]\n"
        "- Hiring: Frontend (2 Senior engineers) [P1]\n- Hire 2 data engineers\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "cache"))
    options = RewriteOptions(
        concurrency=1,
        model="fake",
        base_url="http://127.0.0.1:9/v1",
        rewriter_factory=lambda: OwnerWording(max_attempts=1),
        cache=False,
    )
    result = batch_check([str(tmp_path / "hiring.md")], rewrite=options, workers=1)
    by_text = {r.place.text: r for r in result.rewrites}
    objective = by_text["Hiring"]
    assert objective.proposal is None and objective.note == MISREAD
    assert objective.origin == "unchanged"
    key_result = by_text["Hire 2 data engineers"]
    assert key_result.proposal.startswith("Increase offer-acceptance rate")
