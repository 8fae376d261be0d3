"""ASGI middleware: a plain, valid ``POST /v1/check`` answered without FastAPI's request
machinery, and every other request passed on to the app untouched.

FastAPI's routing, body parsing (``json.loads``), dependencies, validation of the parsed dict
and its exception and exit-stack middleware cost 0.2-0.5 ms of CPU per request, a tenth to a
quarter of an editor's 3 × 3 check (benchmarks/README.md). This takes the request an editor sends
on every pause in typing straight to the work: pydantic validates the body's bytes
(``model_validate_json``, the model the route validates, so the same fields and limits) and
the answer is the route's own ``JSON`` response. The work is done in its turn
(``coach.api.turns``): one request per turn of the event loop, in the order they came.

Anything out of the ordinary goes to FastAPI instead, which answers it as it always has: another
path or method, a content type other than exactly ``application/json``, a body the model refuses
(pydantic's JSON parser is at least as strict as ``json.loads``, so FastAPI gives the 422), a
missing or wrong token, a draft too large to check on the event loop (FastAPI's route runs it
under the request timeout), or any error from the work itself (FastAPI's handlers word it;
the work is then done twice, which only a request that fails anyway pays)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from coach.api.turns import Turns

JSON_TYPE = b"application/json"


class Shortcut:
    """Answer ``POST path`` with ``answer(body)`` when ``model`` accepts the body's bytes and
    ``allowed(headers)`` holds; ``answer`` returns an ASGI response, or None to pass the request
    on (a body it should not handle here)."""

    def __init__(
        self,
        app: Any,
        path: str,
        model: type[BaseModel],
        answer: Callable[[Any], Any],
        allowed: Callable[[dict[bytes, bytes]], bool],
    ):
        self.app = app
        self.path = path
        self.model = model
        self.answer = answer
        self.allowed = allowed
        self.turns = Turns()

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        headers = dict(reversed(scope["headers"]))  # the first of a repeated one, as Starlette
        message = await receive()
        if (
            headers.get(b"content-type") != JSON_TYPE
            or message["type"] != "http.request"
            or message.get("more_body", False)  # streamed in parts: FastAPI joins them
            or not self.allowed(headers)
        ):
            await self.app(scope, _replay(message, receive), send)
            return
        await self.turns.wait()
        try:
            response = self.answer(self.model.model_validate_json(message.get("body", b"")))
        except Exception:  # a body the model refuses, or an error FastAPI's handlers word and log
            response = None
        finally:
            self.turns.done()
        if response is None:
            await self.app(scope, _replay(message, receive), send)
            return
        await response(scope, receive, send)


def _replay(first: dict, receive: Callable) -> Callable:
    """``receive`` that gives ``first`` again, then the rest."""
    given = False

    async def replay() -> dict:
        nonlocal given
        if not given:
            given = True
            return first
        return await receive()

    return replay
