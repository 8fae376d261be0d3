"""The API's turns: CPU-bound work on the event loop taken one request at a time, in the order
the requests came (coach/api/turns.py)."""

import asyncio

import pytest

from coach.api.turns import Turns


async def _request(turns: Turns, name: str, log: list[str], work=None) -> None:
    await turns.wait()
    try:
        log.append(name)
        if work is not None:
            work()
    finally:
        turns.done()


def test_requests_take_their_turns_in_the_order_they_came():
    async def main() -> list[str]:
        turns, log = Turns(), []
        await asyncio.gather(*(_request(turns, n, log) for n in "abcde"))
        return log

    assert asyncio.run(main()) == list("abcde")


def test_a_request_that_arrives_during_a_turn_waits_behind_those_already_waiting():
    async def main() -> list[str]:
        turns, log = Turns(), []
        late: list[asyncio.Task] = []

        def arrive() -> None:  # a request read from a socket while "a" works
            late.append(asyncio.ensure_future(_request(turns, "late", log)))

        await asyncio.gather(
            _request(turns, "a", log, arrive), _request(turns, "b", log), _request(turns, "c", log)
        )
        await late[0]
        return log

    assert asyncio.run(main()) == ["a", "b", "c", "late"]


def test_one_request_per_turn_of_the_loop():
    """Between two requests' work the loop runs what was scheduled meanwhile (reading the
    sockets, in a server): the next request never starts in the same pass as the last."""

    async def main() -> list[str]:
        turns, log = Turns(), []
        loop = asyncio.get_running_loop()

        def work() -> None:
            loop.call_soon(log.append, "loop ran")

        await asyncio.gather(*(_request(turns, n, log, work) for n in "abc"))
        return log

    assert asyncio.run(main()) == ["a", "loop ran", "b", "loop ran", "c", "loop ran"]


async def _with_b_cancelled(first) -> list[str]:
    """Request "a" runs ``first(turns, log, cancel_b)``; "b" queues behind it and is cancelled
    from there; "c" queues behind "b". The log, once "c" has been served."""
    turns, log = Turns(), []
    second: list[asyncio.Task] = []
    a = asyncio.ensure_future(first(turns, log, lambda: second[0].cancel()))
    await asyncio.sleep(0)  # "a" has the turn; "b" queues behind it
    second.append(asyncio.ensure_future(_request(turns, "b", log)))
    third = asyncio.ensure_future(_request(turns, "c", log))
    await a
    with pytest.raises(asyncio.CancelledError):
        await second[0]
    await asyncio.wait_for(third, 1)
    return log


def test_a_request_cancelled_while_waiting_is_skipped():
    def first(turns: Turns, log: list[str], cancel_b):
        return _request(turns, "a", log, cancel_b)  # "b" is cancelled while "a" has the turn

    assert asyncio.run(_with_b_cancelled(first)) == ["a", "c"]


def test_a_request_cancelled_after_its_turn_came_hands_the_turn_on():
    async def first(turns: Turns, log: list[str], cancel_b) -> None:
        await turns.wait()
        log.append("a")
        turns.done()  # "b" is given the turn and cancelled before it resumes
        cancel_b()

    assert asyncio.run(_with_b_cancelled(first)) == ["a", "c"]
