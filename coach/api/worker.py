"""One worker of ``coach serve --workers N``: a uvicorn server with no socket of its own, fed
connections by the balancer (``coach.api.balancer``) over a Unix socket.

The balancer accepts each connection and passes its file descriptor here (``SCM_RIGHTS``);
the worker serves it with uvicorn's own HTTP protocol, exactly as if it had accepted it, and
writes one byte back on the channel when it closes (and one when it is ready), so the balancer
knows how many connections each worker holds. When the channel closes (the balancer is gone), the worker
shuts down as on SIGTERM.

    python -m coach.api.worker FD [--access-log]
"""

from __future__ import annotations

import asyncio
import socket
import sys

import uvicorn

READY = b"+"
"""Written to the channel once the worker serves (a worker that dies before could not start)."""
CLOSED = b"\0"
"""Written to the channel when a connection closes."""
APP = "coach.api.app:app_from_environment"


def counted(protocol_class: type, on_lost) -> type:
    """``protocol_class`` calling ``on_lost()`` after each connection it served is lost."""

    class Counted(protocol_class):
        def connection_lost(self, exc: Exception | None) -> None:
            try:
                super().connection_lost(exc)
            finally:
                on_lost()

    return Counted


class HandedServer(uvicorn.Server):
    """uvicorn's server, serving the connections the balancer hands it on ``channel``."""

    def __init__(self, config: uvicorn.Config, channel: socket.socket):
        super().__init__(config)
        self.channel = channel
        self._taking: set[asyncio.Task] = set()  # kept until done: the loop holds tasks weakly

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=[])  # no listening socket: the balancer has it
        if not self.started:
            return
        loop = asyncio.get_running_loop()
        protocol_class = counted(self.config.http_protocol_class, self._closed)
        config, state, app_state = self.config, self.server_state, self.lifespan.state

        def create_protocol() -> asyncio.Protocol:
            return protocol_class(config=config, server_state=state, app_state=app_state)

        self._create_protocol = create_protocol
        self.channel.setblocking(False)
        loop.add_reader(self.channel.fileno(), self._receive)
        self.channel.send(READY)

    def _receive(self) -> None:
        try:
            data, fds, _flags, _address = socket.recv_fds(self.channel, 1024, 64)
        except BlockingIOError:
            return
        except OSError:
            data, fds = b"", []
        loop = asyncio.get_running_loop()
        for fd in fds:
            connection = socket.socket(fileno=fd)
            connection.setblocking(False)
            task = loop.create_task(self._take(loop, connection))
            self._taking.add(task)
            task.add_done_callback(self._taking.discard)
        if not data:  # the balancer is gone: stop as on SIGTERM
            loop.remove_reader(self.channel.fileno())
            self.should_exit = True

    async def _take(self, loop: asyncio.AbstractEventLoop, connection: socket.socket) -> None:
        try:
            await loop.connect_accepted_socket(self._create_protocol, connection)
        except OSError:  # the client left before it could be served
            connection.close()
            self._closed()

    def _closed(self) -> None:
        try:
            self.channel.send(CLOSED)
        except OSError:  # the balancer is gone; the worker is stopping
            pass

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            asyncio.get_running_loop().remove_reader(self.channel.fileno())
        except (OSError, ValueError):
            pass
        await super().shutdown(sockets=sockets)


def main(argv: list[str]) -> None:
    channel = socket.socket(fileno=int(argv[0]))
    access_log = "--access-log" in argv
    config = uvicorn.Config(
        APP,
        factory=True,
        access_log=access_log,
        log_level="info" if access_log else "warning",
        server_header=False,
    )
    HandedServer(config, channel).run()


if __name__ == "__main__":
    main(sys.argv[1:])
