"""Requests' CPU-bound work taken one per turn of the event loop, in the order they came.

An event loop reads every socket that is ready, then runs every request it read before it
reads again. Under a steady load each such batch is a round, and the client served last in a
round sends its next request just after the loop has read the sockets for the next round: it
waits that whole round out and is served in the one after, every time. With 25 editors on one
worker, one or two of them got every answer in twice the time of the others (benchmarks/
README.md, "Answered in the order asked"). Here each request waits for its turn in one queue;
one request's work is done per turn of the loop and the sockets are read between turns, so a
request that arrives is queued behind those that came before it, never behind a whole round.
"""

from __future__ import annotations

import asyncio
from collections import deque


class Turns:
    """A first-come, first-served queue for work done on the event loop.

    ``await turns.wait()`` returns when it is this request's turn; ``turns.done()`` (always
    called after a ``wait`` that returned, in a ``finally``) hands the turn on. The next
    request starts on a later turn of the loop, after it has read the sockets again."""

    def __init__(self) -> None:
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._busy = False

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        turn: asyncio.Future[None] = loop.create_future()
        self._waiting.append(turn)
        if not self._busy:
            self._busy = True
            loop.call_soon(self._next)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.done()  # given the turn and cancelled before taking it: hand it on
            raise

    def done(self) -> None:
        self._next()

    def _next(self) -> None:
        while self._waiting:
            turn = self._waiting.popleft()
            if not turn.done():
                turn.set_result(None)  # the waiter resumes on the loop's next turn
                return
        self._busy = False
