"""Load `coach serve` with POST /v1/check of a 3 × 3 draft, on loopback.

    python benchmarks/bench_api.py [--requests 10000] [--concurrency 50] [--workers 1]
                                   [--drafts distinct|editing|one|mixed] [--client aiohttp|bare]

Starts `coach serve` (one uvicorn worker by default) on a free loopback port, waits for
/healthz, sends ``--warmup`` untimed requests, then ``--requests`` requests from
``--concurrency`` concurrent clients (aiohttp, one keep-alive connection each) and prints
requests per second, the median / p90 / p99 / max latency in milliseconds and the error count,
with the targets (zero errors, p99 under 50 ms). The client runs on the same machine and
shares its cores with the server: the figures are a floor. A measurement, not a test.

The clients are aiohttp on the standard asyncio loop: at 50 clients it spends about 0.4 ms of
CPU per request where httpx (the figures before 2026-11-28) spent about 1.1 ms, CPU the server
then did not get on the two shared cores. It is still a real HTTP/1.1 client on a real socket:
every request is a JSON POST and every answer is read to its end.

``--client bare`` loads the server with less of the client's own CPU: each client is an
asyncio protocol on one keep-alive connection that writes a request encoded before the timing
starts and reads the answer with httptools (uvicorn's own C parser of HTTP/1.1) to its end,
counting any status but 200 as an error. It takes less than half of aiohttp's CPU per request
(0.11 against 0.25 ms: no session, no per-request objects), so more of the two cores is left
to the server: the figures with it are the server's with less of the client in them, not a
different load.

``--drafts distinct`` (the default) sends a different generated 3 × 3 draft with every request
(``generate_drafts.py``): the server's per-text caches help only where generated lines repeat.
``--drafts editing`` is what editors typing send: each of ``--concurrency`` editors has its own
3 × 3 draft, and every request is the next version of one editor's draft, with one key result
changed from the one before (a word typed at its end), so every request holds one line the
server has not seen and eight it has (if the same worker took that editor's previous request).
``--drafts one`` sends the same draft every time (the figures before 2026-11-27), which the
caches answer almost entirely. ``--drafts mixed`` is ``distinct`` with every 50th draft a
different 200-line organisation draft: large drafts among small ones.

The client's own garbage collector is off while the timed requests run
(``client_collector_off``), so that its pauses are not counted as the server's.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import os
import platform
import resource
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import aiohttp  # noqa: E402
import httptools  # noqa: E402
from api_server import running_server  # noqa: E402
from generate_drafts import generate_drafts  # noqa: E402

P99_TARGET_MS = 50.0
WORKLOADS = {
    "distinct": "a different one per request",
    "editing": "each client's own, one key result changed per request",
    "one": "one",
    "mixed": "a different one per request, every 50th a different 200-line org draft",
}
Ask = Callable[[int], Awaitable[bool]]
"""A client's request: sends request number ``i``, answers whether it got a 200."""
DRAFT = """---
team: Growth
quarter: Q3 2026
---
## Objective: Make onboarding effortless for every new customer

- Increase onboarding completion rate from 45% to 70% by end of Q3
- Reduce time to first value from 3 days to 1 day [stretch]
- Launch the new onboarding flow by Week 6

## Objective: Make checkout effortless for returning customers

- Increase checkout completion rate from 62% to 80% by end of Q3
- Improve payment reliability
- Maintain checkout error rate below 0.5%

## Objective: Earn the trust of every customer who calls support

- Raise CSAT from 78% to 90% by end of Q3
- Cut median first-reply time from 9 hours to 2 hours
- Write the new support playbook
"""


def percentile(sorted_values: list[float], p: float) -> float:
    index = max(0, math.ceil(p / 100 * len(sorted_values)) - 1)
    return sorted_values[index]


def editor_drafts(count: int, seed: int) -> list[str]:
    """``count`` distinct generated drafts of 3 objectives × 3 key results."""
    drafts: list[str] = []
    batch = 0
    while len(drafts) < count:
        batch += 1
        drafts += [d.text for d in generate_drafts(5 * count, seed + batch) if d.is_editor_case]
    return drafts[:count]


def mixed_drafts(count: int, seed: int) -> list[str]:
    """``editor_drafts``, with every 50th a 200-line organisation draft (``bench_lsp``'s):
    large drafts among small ones, as an organisation's editors send them."""
    from bench_lsp import org_draft

    return [
        org_draft(seed + n) if n % 50 == 49 else text
        for n, text in enumerate(editor_drafts(count, seed))
    ]


def editing_drafts(count: int, editors: int, seed: int) -> list[str]:
    """``count`` drafts as ``editors`` editors typing send them: request ``n`` is version
    ``n // editors`` of editor ``n % editors``'s 3 × 3 draft, the one before it with one more
    word typed at the end of one key result's text (its key results in turn, where the reader
    places them)."""
    from coach import parse_text

    typed = ["faster", "for", "new", "users", "weekly", "in", "Q3", "2", "teams"]
    drafts, ends = [], []
    for i, text in enumerate(editor_drafts(editors, seed)):
        read = parse_text(text, f"editor-{i}.md", "markdown")
        drafts.append(text.split("\n"))
        ends.append(
            [
                (kr.position.end_line - 1, kr.position.end_column - 1)
                for objective in read.objectives
                for kr in objective.key_results
            ]
        )
    texts = []
    for n in range(count):
        editor, version = n % editors, n // editors
        lines, places = drafts[editor], ends[editor]
        k = version % len(places)
        row, column = places[k]
        word = f" {typed[version % len(typed)]}"
        lines[row] = lines[row][:column] + word + lines[row][column:]
        places[k] = (row, column + len(word))  # the key result's text now ends after the word
        texts.append("\n".join(lines))
    return texts


async def drive(
    total: int, concurrency: int, open_client: Callable[[], AbstractAsyncContextManager[Ask]]
) -> tuple[list[float], int, float]:
    """(latencies in ms, errors, wall seconds) for requests 0 … ``total`` - 1 from
    ``concurrency`` clients, each opened with ``open_client`` (an ``ask(i)`` that answers whether
    request ``i`` got a 200), taking the next request number from a shared counter."""
    latencies: list[float] = []
    errors = 0
    sent = 0

    async def client() -> None:
        nonlocal errors, sent
        async with open_client() as ask:
            while sent < total:
                number = sent
                sent += 1
                start = time.perf_counter()
                ok = await ask(number)
                latencies.append((time.perf_counter() - start) * 1000)
                errors += not ok

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - began


async def load(base: str, texts: list[str], concurrency: int) -> tuple[list[float], int, float]:
    """:func:`drive` with aiohttp clients, one keep-alive connection each."""

    @asynccontextmanager
    async def open_client() -> AsyncIterator[Ask]:
        connection = aiohttp.TCPConnector(limit=1)  # one keep-alive connection per client
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(base, connector=connection, timeout=timeout) as http:

            async def ask(number: int) -> bool:
                body = {"text": texts[number], "source": "q3.md"}
                try:
                    async with http.post("/v1/check", json=body) as response:
                        await response.read()
                        return response.status == 200
                except (aiohttp.ClientError, TimeoutError):
                    return False

            yield ask

    return await drive(len(texts), concurrency, open_client)


class _Exchange(asyncio.Protocol):
    """One keep-alive connection of the bare client: writes a request, reads its answer."""

    def __init__(self) -> None:
        self.parser = httptools.HttpResponseParser(self)
        self.answer: asyncio.Future[int] | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(exc)

    def on_message_complete(self) -> None:
        if self.answer is not None and not self.answer.done():
            self.answer.set_result(self.parser.get_status_code())

    def connection_lost(self, exc: Exception | None) -> None:
        self._fail(exc or ConnectionError("the server closed the connection"))

    def _fail(self, exc: Exception) -> None:
        if self.answer is not None and not self.answer.done():
            self.answer.set_exception(exc)

    async def ask(self, request: bytes) -> int:
        self.answer = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return await self.answer


def bare_requests(base: str, texts: list[str]) -> list[bytes]:
    """Each text's POST /v1/check as the bytes on the wire, encoded before any timing."""
    host = base.split("//", 1)[1]
    requests = []
    for text in texts:
        body = json.dumps({"text": text, "source": "q3.md"}).encode()
        head = (
            f"POST /v1/check HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        requests.append(head.encode() + body)
    return requests


async def load_bare(
    base: str, requests: list[bytes], concurrency: int
) -> tuple[list[float], int, float]:
    """:func:`drive` with the bare client."""
    host, port = base.split("//", 1)[1].rsplit(":", 1)
    loop = asyncio.get_running_loop()

    @asynccontextmanager
    async def open_client() -> AsyncIterator[Ask]:
        exchange: _Exchange | None = None

        async def ask(number: int) -> bool:
            nonlocal exchange
            try:
                if exchange is None:
                    _, exchange = await loop.create_connection(_Exchange, host, int(port))
                return await asyncio.wait_for(exchange.ask(requests[number]), 30) == 200
            except (OSError, TimeoutError, httptools.HttpParserError):
                if exchange is not None:
                    exchange.transport.close()
                exchange = None  # a new connection for the next request
                return False

        try:
            yield ask
        finally:
            if exchange is not None:
                exchange.transport.close()

    return await drive(len(requests), concurrency, open_client)


def worker_cpu(port: str) -> list[float]:
    """CPU seconds of each process answering on ``port`` (the uvicorn workers, or the one
    ``coach serve`` process with one worker), from Linux's /proc; [] elsewhere.

    Keep-alive connections stay with the worker that accepted them, and a burst of connects
    can land mostly on one (each worker accepts whatever is waiting when it wakes), so with
    several workers the split says how much of the run was one worker's."""
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    processes: dict[int, tuple[int, bytes]] = {}  # pid -> (parent pid, command line)
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                processes[int(entry.name)] = (parent, (entry / "cmdline").read_bytes())
            except (OSError, IndexError, ValueError):
                continue
    serving = f"serve\0--port\0{port}\0".encode()
    serve = [pid for pid, (_, command) in processes.items() if serving in command]
    workers = [
        pid
        for pid, (parent, command) in processes.items()
        if parent in serve
        and (b"multiprocessing.spawn" in command or b"coach.api.worker" in command)
    ] or serve
    ticks = os.sysconf("SC_CLK_TCK")
    seconds = []
    for pid in workers:
        fields = (proc / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
        seconds.append((int(fields[11]) + int(fields[12])) / ticks)
    return sorted(seconds, reverse=True)


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def client_collector_off() -> Iterator[None]:
    """This process's cyclic garbage collector off while the load runs (as ``timeit`` turns it
    off while it times), its heap frozen first: the client's own pauses are not the server's.
    Its full collections over the drafts it holds took 37-40 ms, and one of them falling inside
    the timed part made every request in flight, all fifty, that much slower (2026-11-29)."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--drafts",
        choices=("distinct", "editing", "one", "mixed"),
        default="distinct",
        help="distinct: a different generated 3 x 3 draft per request; editing: each client's "
        "own draft, one line changed per request; one: the same draft; mixed: distinct, every "
        "50th a 200-line draft",
    )
    parser.add_argument(
        "--client",
        choices=("aiohttp", "bare"),
        default="aiohttp",
        help="aiohttp sessions, or bare asyncio protocols with httptools (less client CPU)",
    )
    args = parser.parse_args()
    if args.drafts == "one":
        warmup, timed = [DRAFT] * args.warmup, [DRAFT] * args.requests
    elif args.drafts == "editing":  # the warm-up: other editors' drafts
        warmup = editing_drafts(args.warmup, args.concurrency, 1_000_003)
        timed = editing_drafts(args.requests, args.concurrency, 1)
    elif args.drafts == "mixed":
        warmup, timed = mixed_drafts(args.warmup, 1_000_003), mixed_drafts(args.requests, 1)
    else:  # the warm-up drafts come from other seeds than the timed ones
        warmup = editor_drafts(args.warmup, 1_000_003)
        timed = editor_drafts(args.requests, 1)
    print(f"Python {platform.python_version()} ({platform.python_implementation()})")
    print(f"Platform: {platform.platform()}; {os.cpu_count()} CPUs (client and server share them)")
    print(
        f"coach serve: {args.workers} uvicorn worker(s) on 127.0.0.1; POST /v1/check, "
        f"3 × 3 drafts ({WORKLOADS[args.drafts]})"
    )
    with running_server(["--workers", str(args.workers)]) as base:
        if args.client == "bare":
            warmup, timed = bare_requests(base, warmup), bare_requests(base, timed)
        run = load_bare if args.client == "bare" else load
        asyncio.run(run(base, warmup, min(args.concurrency, args.warmup)))
        client_before = _cpu(resource.RUSAGE_SELF)
        with client_collector_off():
            latencies, errors, wall = asyncio.run(run(base, timed, args.concurrency))
        client = _cpu(resource.RUSAGE_SELF) - client_before
        workers = worker_cpu(base.rsplit(":", 1)[1])
    server = _cpu(resource.RUSAGE_CHILDREN)  # the server's whole life, warm-up included
    latencies.sort()
    p99 = percentile(latencies, 99)
    print(
        f"requests: {len(latencies)} at {args.concurrency} concurrent clients ({args.client}); "
        f"errors: {errors}"
    )
    print(f"throughput: {len(latencies) / wall:,.0f} requests/s ({wall:.1f} s)")
    print(
        f"latency ms: median {percentile(latencies, 50):.1f} · p90 {percentile(latencies, 90):.1f}"
        f" · p99 {p99:.1f} · max {latencies[-1]:.1f}"
    )
    print(f"CPU seconds: client {client:.1f} (timed part), server {server:.1f} (whole run)")
    if workers:
        print(f"server CPU seconds by worker: {', '.join(f'{s:.1f}' for s in workers)}")
    met = errors == 0 and p99 < P99_TARGET_MS
    print(f"target (zero errors, p99 under {P99_TARGET_MS:g} ms): {'met' if met else 'not met'}")


if __name__ == "__main__":
    main()
