"""When a serving process collects its garbage (``coach.service.collector``): the young
generations after each piece of work, the middle one each time its count passes its threshold,
the oldest once nothing has been in flight for a while or after ``FULL_EVERY`` middle
collections; `coach serve` workers after each request, `coach lsp` after each check."""

from __future__ import annotations

import asyncio
import gc

import pytest

from coach.service import collector


class Counts:
    """``gc.get_count`` and ``gc.collect`` as CPython keeps the counts: a collection of a
    generation empties it and those below, and counts one towards the next."""

    def __init__(self, counts: tuple[int, int, int] = (0, 0, 0)):
        self.counts = list(counts)
        self.collected: list[int] = []

    def get_count(self) -> tuple[int, int, int]:
        return tuple(self.counts)

    def collect(self, generation: int = 2) -> int:
        self.collected.append(generation)
        for younger in range(generation + 1):
            self.counts[younger] = 0
        if generation < 2:
            self.counts[generation + 1] += 1
        return 0


@pytest.fixture
def counts(monkeypatch) -> Counts:
    counts = Counts()
    monkeypatch.setattr(collector.gc, "get_count", counts.get_count)
    monkeypatch.setattr(collector.gc, "collect", counts.collect)
    monkeypatch.setattr(collector.gc, "get_threshold", lambda: (700, 10, 10))
    monkeypatch.setattr(collector, "IDLE_SECONDS", 0.05)
    return counts


def test_the_middle_generation_is_collected_each_time_its_count_passes_its_threshold(counts):
    """CPython collects the middle generation only in collections it starts itself, which a
    young generation emptied after every request almost never lets happen: its survivors piled
    up until one collection took them all (59.5 ms in a load run)."""
    schedule = collector.Collector()
    for _ in range(25):
        schedule.started()
        counts.counts[0] += 5  # what the work left in the youngest generation
        schedule.finished()
    assert counts.collected[:11] == [0] * 10 + [1]  # the tenth young one counted, then it
    assert counts.collected.count(1) == 2 and 2 not in counts.collected


def test_the_oldest_generation_waits_for_an_idle_spell_or_full_every(counts):
    """No full pass while work keeps coming (under ``FULL_EVERY``); one once nothing has been
    in flight for ``IDLE_SECONDS``; one after ``FULL_EVERY`` middle collections even when the
    server is never idle."""
    schedule = collector.Collector()

    async def busy_then_idle() -> None:
        for _ in range(30):  # three middle collections: the oldest generation counts 3
            schedule.started()
            schedule.finished()
            await asyncio.sleep(0.001)  # the next piece of work, well inside the idle wait
        assert 2 not in counts.collected
        await asyncio.sleep(0.1)
        assert counts.collected[-1] == 2

    asyncio.run(busy_then_idle())
    counts.collected.clear()
    counts.counts = [0, 0, collector.FULL_EVERY]
    schedule.started()
    schedule.finished()  # no running loop to wait on, and FULL_EVERY reached
    assert counts.collected == [0, 2]


def test_work_in_flight_puts_the_idle_pass_off(counts):
    """The idle wait ends while other work is in flight (it started after the wait did): no full
    pass then; it comes once that work is done and the server is idle again."""
    counts.counts = [0, 0, 1]
    schedule = collector.Collector()

    async def run() -> None:
        schedule.started()
        schedule.finished()  # the idle wait starts
        schedule.started()  # other work, still in flight when the wait ends
        await asyncio.sleep(0.1)
        assert 2 not in counts.collected
        counts.counts[2] = 1
        schedule.finished()
        await asyncio.sleep(0.1)
        assert counts.collected[-1] == 2

    asyncio.run(run())


def test_take_over_puts_only_the_oldest_threshold_out_of_reach():
    before = gc.get_threshold()
    try:
        collector.take_over()
        assert gc.get_threshold()[:2] == before[:2]
        assert gc.get_threshold()[2] >= 2**31 - 1
    finally:
        gc.set_threshold(*before)


def test_the_language_server_collects_after_each_check(counts):
    """`coach lsp` checks on its event loop between edits; each check is followed by the young
    collection, and the oldest waits for the idle spell after the last."""
    pytest.importorskip("pygls")
    from coach.lsp.server import CoachServer

    server = CoachServer()
    checks: list[str] = []
    server._check = lambda uri: checks.append(uri)  # the check itself is tested in test_lsp
    counts.counts = [0, 0, 1]

    async def edits() -> None:
        server.check("file:///okrs.md")
        server.check("file:///okrs.md")
        assert counts.collected == [0, 0]
        await asyncio.sleep(0.1)
        assert counts.collected == [0, 0, 2]

    asyncio.run(edits())
    assert checks == ["file:///okrs.md", "file:///okrs.md"]
