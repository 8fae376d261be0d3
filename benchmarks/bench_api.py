"""Load `coach serve` with POST /v1/check of a 3 × 3 draft, on loopback.

    python benchmarks/bench_api.py [--requests 10000] [--concurrency 50] [--workers 1]
                                   [--client httpx|ab]

Starts `coach serve` (one uvicorn worker by default) on a free loopback port, waits for
/healthz, sends ``--warmup`` untimed requests, then ``--requests`` requests from
``--concurrency`` concurrent clients, one keep-alive connection each, and prints requests per
second, the median / p90 / p99 / max latency in milliseconds and the error count, with the
targets (zero errors, p99 under 50 ms). The client runs on the same machine and shares its cores
with the server: the figures are a floor. ``--client httpx`` (the default) is Python's httpx in
this process; ``--client ab`` is ApacheBench (Debian's apache2-utils), a C client that takes far
less of the CPU the server needs. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
from api_server import running_server  # noqa: E402

P99_TARGET_MS = 50.0
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


async def load(base: str, total: int, concurrency: int) -> tuple[list[float], int, float]:
    """(latencies in ms, errors, wall seconds) for ``total`` requests from ``concurrency``
    clients taking the next request number from a shared counter."""
    body = {"text": DRAFT, "source": "q3.md"}
    latencies: list[float] = []
    errors = 0
    sent = 0

    async def client() -> None:
        nonlocal errors, sent
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            while sent < total:
                sent += 1
                start = time.perf_counter()
                try:
                    response = await http.post("/v1/check", json=body)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - start) * 1000)
                errors += not ok

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - began


def load_with_ab(base: str, total: int, concurrency: int) -> tuple[list[float], int, float]:
    """The same load from ApacheBench: (latency percentiles 0..100 in ms, errors, wall seconds).
    ab reports the latency of each percentile rather than every request's."""
    ab = shutil.which("ab")
    if ab is None:
        raise SystemExit("--client ab needs ApacheBench: apt-get install apache2-utils")
    with tempfile.TemporaryDirectory() as folder:
        body = Path(folder) / "body.json"
        body.write_text(json.dumps({"text": DRAFT, "source": "q3.md"}), encoding="utf-8")
        table = Path(folder) / "percentiles.csv"
        command = [ab, "-k", "-q", "-c", str(concurrency), "-n", str(total), "-p", str(body)]
        command += ["-T", "application/json", "-e", str(table), f"{base}/v1/check"]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        rows = table.read_text().splitlines()[1:]
    fields = dict(
        line.split(":", 1) for line in out.splitlines() if ":" in line and not line.startswith(" ")
    )
    errors = int(fields["Failed requests"].split()[0])
    errors += int(fields.get("Non-2xx responses", "0").split()[0])
    wall = float(fields["Time taken for tests"].split()[0])
    percentiles = [float(row.split(",")[1]) for row in rows]  # rows for 0%, 1%, …, 100%
    return percentiles, errors, wall


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--client", choices=("httpx", "ab"), default="httpx")
    args = parser.parse_args()
    print(f"Python {platform.python_version()} ({platform.python_implementation()})")
    print(f"Platform: {platform.platform()}; {os.cpu_count()} CPUs (client and server share them)")
    print(
        f"coach serve: {args.workers} uvicorn worker(s) on 127.0.0.1; POST /v1/check, 3 × 3 draft"
    )
    print(f"client: {args.client}")
    with running_server(["--workers", str(args.workers)]) as base:
        asyncio.run(load(base, args.warmup, min(args.concurrency, args.warmup)))
        if args.client == "ab":
            before = _cpu(resource.RUSAGE_CHILDREN)  # ab's, once it has been waited for
            by_percent, errors, wall = load_with_ab(base, args.requests, args.concurrency)
            client = _cpu(resource.RUSAGE_CHILDREN) - before
        else:
            client_before = _cpu(resource.RUSAGE_SELF)
            latencies, errors, wall = asyncio.run(load(base, args.requests, args.concurrency))
            client = _cpu(resource.RUSAGE_SELF) - client_before
            latencies.sort()
            by_percent = [percentile(latencies, p) for p in range(1, 101)]
            by_percent.insert(0, latencies[0])
        children = _cpu(resource.RUSAGE_CHILDREN)
    server = _cpu(resource.RUSAGE_CHILDREN) - children  # the server's whole life, warm-up too
    p99 = by_percent[99]
    print(f"requests: {args.requests} at {args.concurrency} concurrent clients; errors: {errors}")
    print(f"throughput: {args.requests / wall:,.0f} requests/s ({wall:.1f} s)")
    print(
        f"latency ms: median {by_percent[50]:.1f} · p90 {by_percent[90]:.1f}"
        f" · p99 {p99:.1f} · max {by_percent[100]:.1f}"
    )
    print(f"CPU seconds: client {client:.1f} (timed part), server {server:.1f} (whole run)")
    met = errors == 0 and p99 < P99_TARGET_MS
    print(f"target (zero errors, p99 under {P99_TARGET_MS:g} ms): {'met' if met else 'not met'}")


if __name__ == "__main__":
    main()
