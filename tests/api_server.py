"""A real `coach serve` process on loopback, for the API tests and the benchmark: started as a
subprocess on a free port, ready once /healthz answers."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ("COACH_", "OPENAI_", "AZURE_OPENAI_")
"""Variables a test server does not inherit: no model, no token, no settings from the shell."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    wait: float = 30.0,
) -> Iterator[str]:
    """The base URL of a `coach serve` started with ``args``; stopped afterwards."""
    with serve_process(args, env, cwd, wait) as (base, _process):
        yield base


@contextlib.contextmanager
def serve_process(
    args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    wait: float = 30.0,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """The base URL and the process of a `coach serve` started with ``args``; stopped
    afterwards."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith(CLEAN)}
    environ.update(env or {})
    command = [sys.executable, "-m", "coach", "serve", "--port", str(port), *args]
    process = subprocess.Popen(
        command,
        cwd=cwd or ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"coach serve exited {process.returncode}: {process.stderr.read()}"
                )
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("coach serve did not answer /healthz in time")
            time.sleep(0.05)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()
