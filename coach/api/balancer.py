"""``coach serve --workers N``: one process accepts every connection and hands it to the worker
holding the fewest open connections.

A keep-alive connection stays with the worker that took it. With uvicorn's own ``--workers``
every worker accepts from one shared socket, and a burst of connections lands mostly on
whichever worker wakes first: 50 editors' connections split 27/23, 50/0 and 30/20 in three
trials, and the busier worker's answers took up to twice as long (benchmarks/README.md,
"Connections shared evenly"). Here the balancer accepts, passes the connection's file
descriptor to a worker over a Unix socket (``SCM_RIGHTS``, as Node's cluster module does), and
counts each worker's connections as the workers report them closed. It handles no request
itself: after the hand-over the client talks to the worker alone.

A worker that dies is started again; one that dies before it was ready stops the server (it
could not start: the error is above, and the next would not start either). SIGTERM or SIGINT stops the workers
and waits for them. POSIX only (``socket.send_fds``); elsewhere ``coach serve`` uses uvicorn's
workers.
"""

from __future__ import annotations

import selectors
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass

from coach.api.worker import CLOSED, READY

STOP_WAIT = 30.0
BACKLOG = 2048


def supported() -> bool:
    return hasattr(socket, "send_fds") and hasattr(socket, "AF_UNIX")


@dataclass(eq=False)  # a worker is itself: compared by identity
class Worker:
    """A worker process, its end of the channel, and the connections it holds."""

    process: subprocess.Popen
    channel: socket.socket
    ready: bool = False
    open: int = 0
    handed: int = 0

    @classmethod
    def start(cls, access_log: bool) -> Worker:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        command = [sys.executable, "-m", "coach.api.worker", str(theirs.fileno())]
        if access_log:
            command.append("--access-log")
        process = subprocess.Popen(command, pass_fds=(theirs.fileno(),))
        theirs.close()
        ours.setblocking(False)
        return cls(process, ours)

    def hand(self, connection: socket.socket) -> None:
        """Pass ``connection`` to this worker. BlockingIOError when its channel is full (it has
        not read it for a while: a long request), another OSError when the worker is gone."""
        socket.send_fds(self.channel, [b"c"], [connection.fileno()])
        self.open += 1
        self.handed += 1


def by_load(workers: list[Worker]) -> list[Worker]:
    """The workers, fewest open connections first; of those, the one handed the fewest."""
    return sorted(workers, key=lambda w: (w.open, w.handed))


def least_loaded(workers: list[Worker]) -> Worker:
    return by_load(workers)[0]


def dispatch(connection: socket.socket, workers: list[Worker]) -> list[Worker]:
    """Hand ``connection`` to the least loaded worker that can take it (a worker whose channel
    is full is passed over); returns the workers found gone. When none can take it, the caller
    closes it, as a full backlog would refuse it."""
    gone = []
    for worker in by_load(workers):
        try:
            worker.hand(connection)
            break
        except BlockingIOError:
            continue
        except OSError:
            gone.append(worker)
    return gone


def listen(host: str, port: int) -> list[socket.socket]:
    """Listening TCP sockets on ``host``:``port``, one per address the name resolves to (as
    uvicorn binds: "localhost" may be both 127.0.0.1 and ::1); OSError when one cannot be had.
    Port 0 takes the first address only (each would get a port of its own)."""
    found: dict[tuple, tuple] = {}  # each address once (getaddrinfo repeats them per protocol)
    for family, _type, _proto, _name, address in socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    ):
        found.setdefault((family, address[:2]), (family, address))
    chosen = list(found.values())
    listeners: list[socket.socket] = []
    try:
        for family, address in chosen[:1] if port == 0 else chosen:
            listeners.append(socket.create_server(address, family=family, backlog=BACKLOG))
    except OSError:
        for listener in listeners:
            listener.close()
        raise
    return listeners


class Balancer:
    def __init__(self, listeners: list[socket.socket], count: int, access_log: bool = False):
        self.listeners = listeners
        self.access_log = access_log
        self.workers = [Worker.start(access_log) for _ in range(count)]
        self.selector = selectors.DefaultSelector()
        self.stopping = False
        self.failed = False
        for listener in listeners:
            listener.setblocking(False)
            self.selector.register(listener, selectors.EVENT_READ, None)
        for worker in self.workers:
            self.selector.register(worker.channel, selectors.EVENT_READ, worker)

    def run(self) -> int:
        """Serve until SIGTERM or SIGINT (0), or until a worker cannot start (3)."""
        wake_read, wake_write = socket.socketpair()
        wake_write.setblocking(False)
        self.selector.register(wake_read, selectors.EVENT_READ, "wake")
        previous = signal.set_wakeup_fd(wake_write.fileno())
        handlers = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            while not self.stopping:
                for key, _events in self.selector.select(timeout=1.0):
                    if key.data is None:
                        self._accept(key.fileobj)
                    elif key.data == "wake":
                        wake_read.recv(512)
                    else:
                        self._heard(key.data)
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)
            signal.set_wakeup_fd(previous)
            self._close()
            wake_read.close()
            wake_write.close()
        return 3 if self.failed else 0

    def _stop(self, signum, frame) -> None:
        self.stopping = True

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                connection, _address = listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # out of file descriptors: let some close before trying again
                time.sleep(0.05)
                return
            with connection:  # the balancer's copy is closed once a worker has it
                for worker in dispatch(connection, self.workers):
                    self._replace(worker)

    def _heard(self, worker: Worker) -> None:
        if worker not in self.workers:
            return
        try:
            data = worker.channel.recv(4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if data:
            worker.ready = worker.ready or READY in data
            worker.open = max(0, worker.open - data.count(CLOSED))
        else:
            self._replace(worker)

    def _replace(self, worker: Worker) -> None:
        """``worker`` is gone: start another in its place, unless it died starting."""
        if worker not in self.workers:
            return  # already replaced (its channel failed and closed in one pass)
        self.workers.remove(worker)
        self.selector.unregister(worker.channel)
        worker.channel.close()
        try:
            worker.process.wait(STOP_WAIT)
        except subprocess.TimeoutExpired:  # its channel is gone but it lingers
            worker.process.kill()
            worker.process.wait()
        if not worker.ready:
            self.failed = self.stopping = True  # it could not start; the next would not either
            return
        if not self.stopping:
            fresh = Worker.start(self.access_log)
            self.workers.append(fresh)
            self.selector.register(fresh.channel, selectors.EVENT_READ, fresh)

    def _close(self) -> None:
        self.selector.close()
        for listener in self.listeners:
            listener.close()
        for worker in self.workers:
            if worker.process.poll() is None:
                worker.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_WAIT
        for worker in self.workers:
            try:
                worker.process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
            worker.channel.close()
