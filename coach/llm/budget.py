"""The model's budget for one run: a deadline for all its calls and a circuit breaker.

One ``RunBudget`` per ``OpenAIRewriter`` (one rewriter per run). The clock starts with the first
item. Every request is bounded by what is left (``coach.llm.transport``), every item's retry
policy stops at it (``coach.llm.retry``), and once the run's ``run_deadline`` has passed — or the
endpoint has failed ``breaker_after`` items in a row — ``stopped()`` says why, and the client
raises ``RewriteFailed(skipped=True)`` at once for every item left, which then gets the offline
rewriter.

An endpoint failure is one where the endpoint did not give a usable reply: it could not be
reached, did not answer in time, refused the request (4xx/5xx), or sent a reply that is not a
chat completion or is too large. A reply that the guard rejected is the model's failure, not the
endpoint's: it resets the count, as a success does.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class RunBudget:
    def __init__(
        self, seconds: float, breaker_after: int, clock: Callable[[], float] = time.monotonic
    ):
        self.seconds = seconds
        self.breaker_after = breaker_after
        self.clock = clock
        self.failures_in_row = 0
        self.unreachable: str | None = None
        self._ends: float | None = None

    def start(self) -> None:
        """Start the clock (the first call wins)."""
        if self._ends is None:
            self._ends = self.clock() + self.seconds

    def reset(self) -> None:
        """A fresh run: the clock stopped, no failures (``coach eval`` runs each case alone)."""
        self.failures_in_row = 0
        self.unreachable = None
        self._ends = None

    def remaining(self) -> float:
        """Seconds left for model calls in this run (the whole budget before the start)."""
        if self._ends is None:
            return self.seconds
        return max(self._ends - self.clock(), 0.0)

    @property
    def expired(self) -> bool:
        return self._ends is not None and self.remaining() <= 0

    def record(self, endpoint_failed: bool) -> None:
        self.failures_in_row = self.failures_in_row + 1 if endpoint_failed else 0

    def record_unreachable(self, why: str) -> None:
        """The endpoint cannot be reached at all (nothing listens there): no use asking it for
        the next item, so the breaker opens at once."""
        self.unreachable = why

    def stopped(self) -> str | None:
        """Why no more requests are sent in this run, or None."""
        if self.unreachable is not None:
            return f"the endpoint could not be reached ({self.unreachable})"
        if self.failures_in_row >= self.breaker_after:
            n = self.failures_in_row
            return f"the endpoint failed {n} item{'' if n == 1 else 's'} in a row"
        if self.expired:
            return f"the run's model deadline of {self.seconds:g} s had passed"
        return None
