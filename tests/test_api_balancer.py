"""`coach serve --workers N`: one process accepts every connection and hands it to the worker
holding the fewest (coach/api/balancer.py, coach/api/worker.py). Real processes on loopback;
which worker holds a connection is read from Linux's /proc."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from api_server import ROOT, serve_process

from coach.api.balancer import Balancer, Worker, dispatch, least_loaded, listen

PROC = Path("/proc")


def _worker(open_: int, handed: int) -> Worker:
    return Worker(process=None, channel=None, ready=True, open=open_, handed=handed)


def test_the_least_loaded_worker_takes_the_next_connection():
    workers = [_worker(3, 9), _worker(1, 7), _worker(1, 4), _worker(2, 2)]
    assert least_loaded(workers) is workers[2]  # fewest open, then fewest handed
    assert least_loaded([_worker(0, 5), _worker(0, 5)]) is not None


class _Fake(Worker):
    """A worker whose channel answers with ``error`` (None: it takes the connection)."""

    def __init__(self, open_: int, error: OSError | None = None):
        super().__init__(process=None, channel=None, ready=True, open=open_)
        self.error = error
        self.taken = 0

    def hand(self, connection) -> None:
        if self.error is not None:
            raise self.error
        self.taken += 1


def test_a_connection_passes_over_a_busy_worker_and_reports_a_gone_one():
    busy, gone, free = _Fake(0, BlockingIOError()), _Fake(1, BrokenPipeError()), _Fake(2)
    assert dispatch(object(), [free, gone, busy]) == [gone]
    assert (busy.taken, free.taken) == (0, 1)
    assert dispatch(object(), [_Fake(0, BlockingIOError())]) == []  # none can: the caller closes


def _children(pid: int) -> list[int]:
    """The `coach serve` worker processes under ``pid``."""
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid and b"coach.api.worker" in command:
            found.append(int(entry.name))
    return sorted(found)


def _established(port: int) -> dict[int, int]:
    """Socket inode -> the client's port, for every established connection to ``port``."""
    found = {}
    for line in (PROC / "net" / "tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, state, inode = fields[1], fields[2], fields[3], int(fields[9])
        if state == "01" and int(local.rsplit(":", 1)[1], 16) == port:
            found[inode] = int(remote.rsplit(":", 1)[1], 16)
    return found


def _holders(port: int, workers: list[int]) -> dict[int, int]:
    """The client's port of each established connection to ``port`` -> the worker holding it."""
    inodes = _established(port)
    held = {}
    for pid in workers:
        for fd in (PROC / str(pid) / "fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inode = int(target[8:-1])
                if inode in inodes:
                    held[inodes[inode]] = pid
    return held


def _connect(port: int) -> http.client.HTTPConnection:
    """A keep-alive connection that a worker has answered once (so it holds it)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/healthz")
    response = connection.getresponse()
    response.read()
    assert response.status == 200
    return connection


def _client_port(connection: http.client.HTTPConnection) -> int:
    return connection.sock.getsockname()[1]


def _wait_for(condition, seconds: float = 10.0):
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
    return value


@pytest.fixture()
def two_workers():
    with serve_process(["--workers", "2"]) as (base, process):
        port = int(base.rsplit(":", 1)[1])
        workers = _wait_for(lambda: (w := _children(process.pid)) and len(w) == 2 and w)
        yield port, process, workers


def test_connections_are_shared_evenly(two_workers):
    port, _process, workers = two_workers
    connections = [_connect(port) for _ in range(10)]
    held = _holders(port, workers)
    assert sorted(held) == sorted(_client_port(c) for c in connections)
    assert sorted(list(held.values()).count(pid) for pid in workers) == [5, 5]
    for connection in connections:
        connection.close()


def test_a_worker_whose_connections_closed_takes_the_next_ones(two_workers):
    port, _process, workers = two_workers
    connections = [_connect(port) for _ in range(4)]
    held = _holders(port, workers)
    first = held[_client_port(connections[0])]
    for connection in connections:
        if held[_client_port(connection)] == first:
            connection.close()
    _wait_for(lambda: first not in _holders(port, workers).values())
    time.sleep(0.3)  # the worker's word that they closed reaches the balancer
    fresh = [_connect(port) for _ in range(2)]
    now = _holders(port, workers)
    assert [now[_client_port(c)] for c in fresh] == [first, first]
    for connection in connections + fresh:
        connection.close()


def test_a_worker_that_dies_is_replaced(two_workers):
    port, process, workers = two_workers
    os.kill(workers[0], signal.SIGKILL)
    replaced = _wait_for(
        lambda: (w := _children(process.pid)) and len(w) == 2 and workers[0] not in w and w
    )
    assert workers[1] in replaced
    connections = [_connect(port) for _ in range(4)]  # both answer again
    assert sorted(set(_holders(port, replaced).values())) == replaced
    for connection in connections:
        connection.close()


def test_stopping_the_server_stops_its_workers():
    with serve_process(["--workers", "2"]) as (_base, process):
        workers = _wait_for(lambda: (w := _children(process.pid)) and len(w) == 2 and w)
    assert process.returncode == 0
    assert not [pid for pid in workers if (PROC / str(pid)).exists()]


def test_a_taken_port_is_a_one_line_error_with_exit_3():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "coach", "serve", "--workers", "2", "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 3
    assert f"could not serve on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_name_is_listened_on_at_each_of_its_addresses():
    addresses = {
        (family, address[0])
        for family, *_, address in socket.getaddrinfo("localhost", 0, type=socket.SOCK_STREAM)
    }
    with socket.socket() as probe:  # a free port to ask for
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    listeners = listen("localhost", port)
    try:
        bound = {(s.family, s.getsockname()[0]) for s in listeners}
        assert bound == addresses
        assert {s.getsockname()[1] for s in listeners} == {port}
    finally:
        for listener in listeners:
            listener.close()


def test_workers_that_cannot_start_stop_the_balancer_with_3(monkeypatch):
    # options a worker's app cannot be built from (`coach serve` checks its own before)
    monkeypatch.setenv("COACH_SERVE_OPTIONS", '{"max_body_bytes": "lots"}')
    balancer = Balancer(listen("127.0.0.1", 0), 2)
    workers = [w.process for w in balancer.workers]
    assert balancer.run() == 3
    assert all(process.returncode not in (None, 0) for process in workers)
