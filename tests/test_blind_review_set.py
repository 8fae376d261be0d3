"""The second blind review set (evals/rewrite-review/blind-2.yaml) is well formed and fresh."""

from pathlib import Path

import yaml

SETS = Path(__file__).resolve().parent.parent / "evals" / "rewrite-review"
ACCEPT_KEYS = {"subjects", "metric_families", "keep_numbers", "markup", "drift"}


def _load(name):
    return yaml.safe_load((SETS / name).read_text(encoding="utf-8"))


def test_blind_set_has_the_documented_shape():
    items = _load("blind-2.yaml")["items"]
    kinds = [item["kind"] for item in items]
    assert (kinds.count("key_result"), kinds.count("objective")) == (44, 10)  # README's counts
    for item in items:
        accept = item["accept"]
        expected = ACCEPT_KEYS | ({"beneficiaries"} if item["kind"] == "objective" else set())
        assert set(accept) == expected, item["id"]
        line = item.get("line", item["text"])
        assert all(mark in line for mark in accept["markup"]), item["id"]
        assert all(number in line for number in accept["keep_numbers"]), item["id"]
        if item["kind"] == "objective":
            assert accept["metric_families"] == [] and accept["beneficiaries"], item["id"]
        else:
            assert accept["metric_families"] and item["objective"], item["id"]


def test_blind_set_repeats_no_id_or_statement_of_the_first_set():
    blind, first = _load("blind-2.yaml"), _load("cases.yaml")
    ids = [item["id"] for item in blind["items"]] + [draft["id"] for draft in blind["drafts"]]
    assert len(ids) == len(set(ids))
    first_ids = {item["id"] for item in first["items"]} | {draft["id"] for draft in first["drafts"]}
    assert not set(ids) & first_ids
    first_texts = {item["text"] for item in first["items"]}
    assert not [item["id"] for item in blind["items"] if item["text"] in first_texts]


def test_blind_drafts_group_key_results_of_one_objective():
    blind = _load("blind-2.yaml")
    by_id = {item["id"]: item for item in blind["items"]}
    for draft in blind["drafts"]:
        members = [by_id[item_id] for item_id in draft["items"]]
        assert 2 <= len(members) <= 4, draft["id"]
        assert {member["objective"] for member in members} == {draft["objective"]}, draft["id"]


def test_the_offline_rewriter_invents_no_number_on_the_blind_set():
    """The set no rewriter change has been tuned on (its first run: 3 of 54 accepted): whatever
    the acceptance, every item is judged and no rewrite carries a number the draft lacks."""
    from coach.config import Settings
    from coach.evals.review import run, totals

    judged = run(SETS / "blind-2.yaml", Settings())  # no model configured: offline
    figures = totals(judged)
    assert figures["items"] == 54
    assert figures["invented_numbers"] == 0
    assert all(j.after is None or j.checks["no_invented"] for j in judged)
