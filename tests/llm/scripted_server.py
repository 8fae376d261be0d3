"""A TEST DOUBLE: a tiny OpenAI-compatible HTTP server on 127.0.0.1 that plays a script.

Not a model and not a mock of the SDK: real HTTP on a random free loopback port, so the real
``openai`` client, ``instructor`` and the retry policy run unchanged. ``POST
/v1/chat/completions`` answers with the next ``Reply`` of the script — a status code with
headers (429 + Retry-After, 500, 401, 404), a delay longer than the client's timeout, a reply
trickled one byte at a time (status line, headers and body: a socket read timeout never fires),
a huge body (with or without a content-length), a malformed JSON body, a completion whose content
is not JSON, schema-valid JSON with invented numbers, or a valid proposal — and records every
request (time, headers, parsed JSON body). When the script runs out it answers ``then`` (by
default 500 "script exhausted", which tests see as an extra request).
``closed_port_url()`` gives a URL where nothing listens ("connection refused").

Run alone it serves one behaviour for ever, for measuring ``coach rewrite`` by hand (see
benchmarks/README.md): ``python -m tests.llm.scripted_server trickle --port 8766``.
"""

from __future__ import annotations

import argparse
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: dict | str | bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering (longer than the client timeout = a timeout)."""
    trickle: float = 0.0
    """Seconds between bytes: the whole reply, status line first, is sent one byte at a time."""
    content_length: bool = True
    """False: no content-length header; the body ends when the connection closes."""


@dataclass
class Received:
    at: float
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.body.get("messages", [])

    def text(self) -> str:
        """Every message's content, joined: what the model was shown."""
        return "\n".join(str(m.get("content") or "") for m in self.messages)


def completion(content: str | None = None, tool_arguments: str | dict | None = None) -> dict:
    """A chat.completion body: text ``content`` (JSON modes) or one tool call (TOOLS mode)."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    finish = "stop"
    if tool_arguments is not None:
        arguments = (
            tool_arguments if isinstance(tool_arguments, str) else json.dumps(tool_arguments)
        )
        message["tool_calls"] = [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "KeyResultProposal", "arguments": arguments},
            }
        ]
        finish = "tool_calls"
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "scripted",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
    }


def proposal_reply(proposal: dict) -> Reply:
    """A 200 whose content is the proposal as JSON (JSON_SCHEMA / JSON modes)."""
    return Reply(body=completion(content=json.dumps(proposal)))


def error_reply(status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
    body = {"error": {"message": message, "type": "scripted", "code": None}}
    return Reply(status=status, body=body, headers=headers or {})


def huge_reply(size: int, content_length: bool = True) -> Reply:
    """A 200 whose content is ``size`` bytes of text (a server that never stops talking)."""
    return Reply(body=completion(content="x" * size), content_length=content_length)


EXHAUSTED = error_reply(500, "scripted server: script exhausted")


class ScriptedServer:
    def __init__(self, script: list[Reply], then: Reply = EXHAUSTED, port: int = 0):
        self.script = list(script)
        self.then = then
        self.requests: list[Received] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _next(self, received: Received) -> Reply:
        with self._lock:
            self.requests.append(received)
            if self.script:
                return self.script.pop(0)
        return self.then

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                body = json.loads(raw) if raw else {}
                headers = {name.lower(): value for name, value in self.headers.items()}
                reply = server._next(Received(time.monotonic(), headers, body))
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self._answer(reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): nothing to answer

            def _answer(self, reply: Reply) -> None:
                payload = reply.body
                if isinstance(payload, dict):
                    payload = json.dumps(payload)
                if isinstance(payload, str):
                    payload = payload.encode("utf-8")
                self.send_response(reply.status)
                self.send_header("content-type", "application/json")
                if reply.content_length:
                    self.send_header("content-length", str(len(payload)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if not reply.trickle:
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                self._headers_buffer.append(b"\r\n")
                whole = b"".join(self._headers_buffer) + payload
                self._headers_buffer = []
                for i in range(len(whole)):
                    self.wfile.write(whole[i : i + 1])
                    self.wfile.flush()
                    time.sleep(reply.trickle)

            def log_message(self, *args) -> None:
                pass

        return Handler


def closed_port_url() -> str:
    """A loopback URL where nothing listens: connecting is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


BEHAVIOURS = {
    "trickle": lambda: Reply(body=completion(content="{}"), trickle=5.0),
    "retry-after": lambda: error_reply(429, "slow down", {"Retry-After": "3600"}),
    "500": lambda: error_reply(500, "internal error"),
    "slow": lambda: Reply(body=completion(content="{}"), delay=29.0),
    "huge": lambda: huge_reply(50_000_000, content_length=False),
}


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve one misbehaviour for ever (test double).")
    parser.add_argument("behaviour", choices=sorted(BEHAVIOURS))
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    with ScriptedServer([], then=BEHAVIOURS[args.behaviour](), port=args.port) as server:
        print(f"serving {args.behaviour!r} at {server.base_url} (Ctrl-C stops)", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
