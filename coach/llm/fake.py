"""FakeRewriter: queued replies instead of a model, for every test above the seam.

Each queued reply is a dict (raw model output), a proposal, or an exception. A dict without
"text" for a key result is a model's answer (a ``KeyResultChoice``: direction, metric, audience)
and is validated exactly like a real model's — ``validate_answer``: composed by the guard's
composer, then guarded; a dict with "text" (or a proposal) is a finished proposal, validated with
``validate_proposal``. A rejected reply makes the fake take the next queued reply as the
"re-ask", up to ``max_attempts`` replies per item; a reply repeating one already rejected ends the
item, as with a real model; then ``RewriteFailed``. A queued exception ends the item at
once with ``RewriteFailed`` (a queued ``RewriteFailed`` is raised as it is). The fake records the
requests it saw and the feedback it would have sent back to the model.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from coach.llm.prompts import describe_problems
from coach.llm.protocol import (
    Guard,
    Proposal,
    RepeatedProposal,
    RewriteFailed,
    RewriteRequest,
    Usage,
    validate_answer,
    validate_proposal,
)

Reply = dict | BaseModel | BaseException


@dataclass
class Feedback:
    """A re-ask the fake would have sent: which request, which attempt, and the problems."""

    request: RewriteRequest
    attempt: int
    problems: list[str] = field(default_factory=list)


class FakeRewriter:
    name = "fake"

    def __init__(self, replies: Iterable[Reply] = (), max_attempts: int = 3):
        self.replies: deque[Reply] = deque(replies)
        self.max_attempts = max(max_attempts, 1)
        self.requests: list[RewriteRequest] = []
        self.feedback: list[Feedback] = []
        self.usage = Usage()

    def queue(self, *replies: Reply) -> FakeRewriter:
        self.replies.extend(replies)
        return self

    def propose(self, request: RewriteRequest, guard: Guard) -> Proposal:
        self.requests.append(request)
        problems: list[str] = []
        seen: dict[str, list[str]] = {}
        for attempt in range(1, self.max_attempts + 1):
            if not self.replies:
                raise RewriteFailed(
                    "fake: no reply queued", attempts=attempt - 1, problems=problems
                )
            reply = self.replies.popleft()
            self.usage.calls += 1
            if isinstance(reply, RewriteFailed):
                raise reply
            if isinstance(reply, BaseException):
                raise RewriteFailed(f"fake: {reply}", attempts=attempt) from reply
            try:
                if isinstance(reply, dict) and "text" not in reply:
                    return validate_answer(reply, request, guard, seen)
                return validate_proposal(reply, request.kind, guard)
            except RepeatedProposal as exc:
                raise RewriteFailed(
                    "the model repeated an answer the checks had already rejected; not asked "
                    f"again (after {attempt} attempts)",
                    attempts=attempt,
                    problems=exc.problems,
                ) from exc
            except ValidationError as exc:
                problems = describe_problems(exc)
                if attempt < self.max_attempts:
                    self.feedback.append(Feedback(request, attempt, problems))
        raise RewriteFailed(
            f"no proposal passed the checks after {self.max_attempts} attempts",
            attempts=self.max_attempts,
            problems=problems,
        )
