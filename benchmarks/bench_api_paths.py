"""CPU per ``POST /v1/check`` in process: the shortcut against FastAPI's route, alternating.

    python benchmarks/bench_api_paths.py [--drafts 4000] [--chunk 100]

Drives the app (``coach.api.app.app_from_environment``, warmed up as a worker is) with raw ASGI
messages, no sockets, so only the app's own CPU is counted. Every request is a different
generated 3 × 3 draft; chunks of ``--chunk`` requests alternate between the content type the
shortcut takes (``application/json``) and one only FastAPI's route takes
(``application/json; charset=utf-8``), so load from other jobs falls on both alike. Prints the
mean CPU milliseconds per request of each path, and checks that both answer the same bytes.
A measurement, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_api import editor_drafts  # noqa: E402

from coach.api.app import app_from_environment  # noqa: E402

PATHS = {"shortcut": b"application/json", "FastAPI route": b"application/json; charset=utf-8"}


async def answer(app, body: bytes, content_type: bytes) -> bytes:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/check",
        "raw_path": b"/v1/check",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"content-length", str(len(body)).encode()),
            (b"content-type", content_type),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8765),
        "state": {},
    }
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict] = []

    async def receive() -> dict:
        return messages.pop() if messages else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    if sent[0]["status"] != 200:
        raise SystemExit(f"unexpected answer {sent[0]['status']}: {sent[1].get('body')!r}")
    return sent[1]["body"]


async def run(args: argparse.Namespace) -> None:
    app = app_from_environment()
    bodies = [
        json.dumps({"text": text, "source": "q3.md"}).encode()
        for text in editor_drafts(args.drafts, 7)
    ]
    for body in bodies[:50]:  # the same bytes both ways
        assert len({await answer(app, body, kind) for kind in PATHS.values()}) == 1
    seconds = dict.fromkeys(PATHS, 0.0)
    counts = dict.fromkeys(PATHS, 0)
    for start in range(0, len(bodies), args.chunk):
        name = list(PATHS)[start // args.chunk % 2]
        chunk = bodies[start : start + args.chunk]
        began = time.process_time()
        for body in chunk:
            await answer(app, body, PATHS[name])
        seconds[name] += time.process_time() - began
        counts[name] += len(chunk)
    for name in PATHS:
        print(f"{name}: {seconds[name] / counts[name] * 1000:.3f} ms CPU per request")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drafts", type=int, default=4000)
    parser.add_argument("--chunk", type=int, default=100)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
