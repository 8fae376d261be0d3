"""Run the eval suite: cases → checker and rewrite solvers → scores → thresholds → results file.

Providers: ``offline`` (the offline rewriter), ``model`` (the configured model, its traffic
replayed from ``evals/cassettes/`` by default; ``record=True`` re-records it live).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from coach import __version__
from coach.config import ModelSettings, Settings
from coach.errors import ConfigError
from coach.llm.protocol import RewriteRequest
from coach.llm.recording import NOT_RECORDED
from coach.rewrite.guard import INVENTED
from coach.rewrite.providers import build_chain, provider_named

from .dataset import EvalCase, load_cases, read_yaml_file
from .score import overall, rewrite_totals, score_rewrite, tally_checker
from .solve import RewriteOutcome, solve_check, solve_rewrite

SCHEMA_VERSION = "1"
RECORDED_WITH = "recorded_with.json"


@dataclass
class EvalRun:
    provider: str
    results: dict
    failures: list[str] = field(default_factory=list)


class _WatchedRewriter:
    """Wraps a model rewriter: records every guard verdict on the model's replies (so the run
    can count the invented numbers the guard caught). A request that is not in the cassette
    fails with ``NOT_RECORDED`` in its reason (``coach.llm.retry``), which the run reports."""

    def __init__(self, inner):
        self.inner, self.name, self.usage = inner, inner.name, inner.usage
        self.verdicts: list[list[str]] = []

    def propose(self, request: RewriteRequest, guard):
        def watched(proposal):
            problems = guard(proposal)
            self.verdicts.append(problems)
            return problems

        watched.compose = getattr(guard, "compose", None)  # how a model's choice is composed

        return self.inner.propose(request, watched)


def _model_rewriter(cassettes: Path, record: bool, settings: Settings):
    try:
        from coach.llm.client import OpenAIRewriter
        from coach.llm.retry import retry_policy
    except ImportError as exc:  # a plain `pip install okr-coach` has no model SDKs
        raise ConfigError(NO_MODEL_EXTRAS) from exc

    if record:
        if not settings.model.model:
            raise ConfigError("--record needs a live model: set COACH_MODEL and OPENAI_BASE_URL")
        model = replace(settings.model, cache=False)
        return _WatchedRewriter(OpenAIRewriter(model)), _recording_info(model)
    info_path = cassettes / RECORDED_WITH
    if not info_path.is_file():
        raise ConfigError(
            f"{info_path}: no recorded model run; record one with `coach eval --provider model --record`"
        )
    info = json.loads(info_path.read_text(encoding="utf-8"))
    model = ModelSettings(
        model=info["model"],
        base_url=info["base_url"],
        mode=info["mode"],
        system_role=info["system_role"],
        max_attempts=info["max_attempts"],
        cache=False,
    )
    rewriter = OpenAIRewriter(
        model, environ={}, policy=partial(retry_policy, retry_transport=False)
    )
    return _WatchedRewriter(rewriter), info


NO_MODEL_EXTRAS = (
    "coach eval --provider model replays the recorded model, which needs the model extras: "
    "pip install 'okr-coach[llm,dev]' (or run `coach eval --provider offline`)"
)


def _write_recording_info(cassettes: Path, info: dict) -> None:
    (cassettes / RECORDED_WITH).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def _recording_info(model: ModelSettings) -> dict:
    return {
        "model": model.model,
        "base_url": model.base_url,
        "mode": model.mode or "json_schema",
        "system_role": model.system_role,
        "max_attempts": model.max_attempts,
        "date": date.today().isoformat(),
        "server": os.environ.get(
            "COACH_SERVER_DESCRIPTION", "not described (set COACH_SERVER_DESCRIPTION)"
        ),
    }


def _rewrite_all(
    cases: list[EvalCase], provider: str, record: bool, settings: Settings, cassettes: Path
) -> tuple[list[RewriteOutcome], dict]:
    targets = [c for c in cases if c.rewrite and c.kind != "draft"]
    if provider != "model":  # a registered provider, run as it is (no cassettes)
        chain = build_chain(settings, provider=provider_named(provider), use_cache=False)
        return [solve_rewrite(c, chain, settings) for c in targets], {
            "rewriter": chain[0].rewriter.name
        }
    from coach.llm.recording import make_vcr

    rewriter, info = _model_rewriter(cassettes, record, settings)
    chain = build_chain(settings, rewriter, use_cache=False, provider=provider_named("openai"))
    recorder = make_vcr(cassettes, "all" if record else "none")
    outcomes = []
    for case in targets:
        # an item the checker does not flag never reaches the model, so it has no cassette; one
        # that does and has none fails loudly (record_mode "none"), via _WatchedRewriter
        rewriter.verdicts.clear()
        rewriter.inner.budget.reset()  # each case is a run of its own: deadline and breaker
        with recorder.use_cassette(f"{case.id}.yaml"):
            outcome = solve_rewrite(case, chain, settings)
        judged = list(rewriter.verdicts)
        outcomes.append(
            replace(
                outcome,
                model_replies=len(judged),
                invented_caught=sum(any(INVENTED in p for p in v) for v in judged),
                rejected=sum(bool(v) for v in judged),
            )
        )
    if record:
        cassettes.mkdir(parents=True, exist_ok=True)
        _write_recording_info(cassettes, info)
    return outcomes, {"rewriter": rewriter.name, "recorded_with": info}


def _check_thresholds(results: dict, thresholds: dict, provider: str) -> list[str]:
    failures = []
    checker = thresholds.get("checker", {})
    for rule, limits in checker.get("rules", {}).items():
        scores = results["checker"]["per_rule"].get(rule)
        for metric, floor in limits.items():
            if scores is None or scores[metric] < floor:
                failures.append(f"checker {rule} {metric} {scores and scores[metric]} < {floor}")
    for metric in ("precision", "recall"):
        if metric in checker and results["checker"]["overall"][metric] < checker[metric]:
            failures.append(
                f"checker overall {metric} {results['checker']['overall'][metric]} < {checker[metric]}"
            )
    limits = thresholds.get("rewrite", {}).get(provider, {})
    failures += _below_limits("rewrite", results["rewrite"]["totals"], limits)
    not_recorded = [
        r["id"]
        for r in results["rewrite"]["cases"]
        if r["origin"] == "not recorded" or NOT_RECORDED in (r["note"] or "")
    ]
    if not_recorded:
        failures.append(
            f"{len(not_recorded)} case(s) have no recorded traffic: {', '.join(not_recorded[:5])}"
        )
    return failures


def _run_header(provider: str, record: bool, **extra: Any) -> dict[str, Any]:
    """What every results file says of its run: provider, mode, date, coach version, then
    ``extra``."""
    return {
        "provider": provider,
        "mode": "record" if record else ("replay" if provider == "model" else "offline"),
        "date": date.today().isoformat(),
        "coach_version": __version__,
        **extra,
    }


def run_eval(
    root: Path,
    provider: str = "model",
    record: bool = False,
    settings: Settings | None = None,
    only: tuple[str, ...] = (),
) -> EvalRun:
    settings = settings or Settings()
    cases = load_cases(root / "cases", only)
    checked = [(c, solve_check(c, settings)) for c in cases]
    per_rule = tally_checker(checked)
    outcomes, run_info = _rewrite_all(cases, provider, record, settings, root / "cassettes")
    by_id = {c.id: c for c in cases}
    rows = [score_rewrite(by_id[o.case_id], o, settings) for o in outcomes]
    from coach.llm.prompts import PROMPT_VERSION

    results = {
        "schema_version": SCHEMA_VERSION,
        "run": _run_header(provider, record, prompt_version=PROMPT_VERSION, **run_info),
        "cases": {"total": len(cases), "rewrite": len(rows)},
        "checker": {"per_rule": per_rule, "overall": overall(per_rule)},
        "rewrite": {"totals": rewrite_totals(rows), "cases": rows},
    }
    thresholds_path = root / "thresholds.yaml"
    thresholds = read_yaml_file(thresholds_path) if thresholds_path.is_file() else {}
    failures = [] if only else _check_thresholds(results, thresholds or {}, provider)
    results["failures"] = failures
    return EvalRun(provider, results, failures)


REVIEW_SET = Path("rewrite-review")
"""The rewrite-review set in an evals folder: ``cases.yaml``, and ``cassettes/`` with one
recorded model run (``recorded_with.json`` says which model, server, mode and date)."""


def review_model(cassettes: Path, record: bool, settings: Settings):
    """(rewriter, recording info, settings, per-draft reset) for the rewrite-review set with
    the model: live and recorded into ``cassettes`` (``record``), else replayed from them with
    the model, mode and attempts ``recorded_with.json`` names, whatever the environment says —
    a replay's requests must be the recorded ones."""
    watched, info = _model_rewriter(cassettes, record, settings)
    recorded = {k: info[k] for k in ("model", "base_url", "mode", "system_role")}
    # the model is the provider (the offline rewriter its labelled fallback), as recorded
    settings = replace(settings, model=replace(settings.model, **recorded, cache=False))

    def per_draft() -> None:  # each draft is a run of its own: deadline and breaker
        watched.inner.budget.reset()

    return watched, info, settings, per_draft


def run_review(
    root: Path,
    provider: str = "model",
    record: bool = False,
    settings: Settings | None = None,
    only: tuple[str, ...] = (),
) -> EvalRun:
    """The rewrite-review set (``coach.evals.review``) with the offline rewriter or the model
    (replayed from ``cassettes/``, or live with ``record``), against ``review:`` thresholds."""
    from coach.evals.review import run, totals

    settings = settings or Settings()
    folder = root / REVIEW_SET
    cassettes = folder / "cassettes"
    rewriter, info, per_draft = None, {}, None
    if provider == "model":
        rewriter, info, settings, per_draft = review_model(cassettes, record, settings)
    else:
        settings = replace(settings, model=replace(settings.model, model=None))
    judged = run(
        folder / "cases.yaml",
        settings,
        only=None,
        rewriter=rewriter,
        cassettes=cassettes if provider == "model" else None,
        record=record,
        per_draft=per_draft,
        selected=only,
    )
    if record:
        _write_recording_info(cassettes, info)
    figures = totals(judged)
    results = {
        "schema_version": SCHEMA_VERSION,
        "run": {
            "set": "rewrite-review",
            **_run_header(
                provider,
                record,
                rewriter=rewriter.name if rewriter else "offline",
                **({"recorded_with": info} if info else {}),
            ),
        },
        "totals": figures,
        "items": [
            {
                "id": j.id,
                "kind": j.kind,
                "origin": j.origin,
                "accepted": j.accepted,
                "passes_rubric": j.passes_rubric,
                "wrong_direction": j.wrong_direction,
                "failed": [rule for rule, ok in j.checks.items() if not ok],
                "before": j.before,
                "after": j.after,
                "invented": j.invented,
            }
            for j in judged
        ],
    }
    thresholds_path = root / "thresholds.yaml"
    thresholds = (read_yaml_file(thresholds_path) if thresholds_path.is_file() else {}) or {}
    limits = (thresholds.get("review") or {}).get(provider, {})
    failures = [] if only else _below_limits("review", figures, limits)
    results["failures"] = failures
    return EvalRun(provider, results, failures)


def _below_limits(what: str, figures: dict, limits: dict) -> list[str]:
    """A line per figure outside its limit: a floor, or ``{max: n}`` for a ceiling."""
    failures = []
    for metric, limit in limits.items():
        value = figures.get(metric, 0)
        if isinstance(limit, dict) and "max" in limit:
            if value > limit["max"]:
                failures.append(f"{what} {metric} {value} > {limit['max']}")
        elif value < limit:
            failures.append(f"{what} {metric} {value} < {limit}")
    return failures
