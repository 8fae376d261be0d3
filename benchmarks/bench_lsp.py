"""Time from ``didChange`` to published diagnostics in ``coach lsp``, as an editor sees it.

    python benchmarks/bench_lsp.py [--samples 200] [--seed 1]

Starts the real server (``python -m coach lsp``) and talks to it over stdio with pygls's
client, as an editor does. For each draft — a 3 objectives × 3 key results draft (the editor
case) and a 200-line organisation draft — it opens the document, then repeats: wait for the
server's debounce spell to pass, send one incremental ``didChange`` (a character typed, then
deleted, at the end of a key result), and time until ``textDocument/publishDiagnostics`` for
that document version arrives. Prints the median, p90, p99 and max milliseconds per draft, and
the target (median under 10 ms for the 3 × 3 draft). A measurement, not a test: it never fails
on time. Needs the lsp extra (``pip install 'okr-coach[lsp]'``).

The quiet wait between samples is the server's debounce (``debounceMs``, default 150 ms) plus a
margin: an edit after a quiet spell is checked at once; edits faster than that are folded into
one check at the end of the spell, which this does not time.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_drafts import generate_drafts  # noqa: E402

TARGET_MEDIAN_MS = 10.0
DEBOUNCE_MS = 150


def editor_draft(seed: int) -> str:
    return next(d.text for d in generate_drafts(200, seed) if d.is_editor_case)


def org_draft(seed: int, lines: int = 200) -> str:
    """A 200-line draft: generated team drafts, one after another, cut at ``lines``."""
    out: list[str] = ["# Company OKRs, Q3 2026", ""]
    for draft in generate_drafts(400, seed):
        body = draft.text.split("\n")
        if body and body[0] == "---":  # front matter only at the very top
            body = body[body.index("---", 1) + 1 :]
        out.extend(body)
        if len(out) >= lines:
            break
    return "\n".join(out[:lines]) + "\n"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


async def measure(text: str, name: str, samples: int) -> list[float]:
    from lsprotocol import types as lsp
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("bench-lsp", "1")
    waiting: dict[int, asyncio.Future] = {}

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: lsp.PublishDiagnosticsParams) -> None:
        future = waiting.pop(params.version, None) if params.version is not None else None
        if future is not None and not future.done():
            future.set_result(time.perf_counter())

    folder = Path(tempfile.mkdtemp(prefix="coach-bench-lsp-"))
    uri = (folder / name).as_uri()
    await client.start_io(sys.executable, "-m", "coach", "lsp")
    await client.initialize_async(
        lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(),
            root_uri=folder.as_uri(),
            initialization_options={"coach": {"debounceMs": DEBOUNCE_MS}},
        )
    )
    client.initialized(lsp.InitializedParams())
    loop = asyncio.get_running_loop()
    waiting[1] = loop.create_future()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=text
            )
        )
    )
    await asyncio.wait_for(waiting[1], 30)
    lines = text.split("\n")
    row = max(i for i, line in enumerate(lines) if line.lstrip().startswith(("-", "1.", "*")))
    end = len(lines[row].encode("utf-16-le")) // 2
    timings = []
    for version in range(2, samples + 2):
        await asyncio.sleep(DEBOUNCE_MS / 1000 + 0.02)
        typed = version % 2 == 0  # type a character, then delete it
        start = lsp.Position(line=row, character=end)
        stop = lsp.Position(line=row, character=end + (0 if typed else 1))
        change = lsp.TextDocumentContentChangePartial(
            range=lsp.Range(start=start, end=stop), text="s" if typed else ""
        )
        future = waiting[version] = loop.create_future()
        sent = time.perf_counter()
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[change],
            )
        )
        timings.append((await asyncio.wait_for(future, 30) - sent) * 1000)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return timings


def report(label: str, text: str, timings: list[float], target: float | None) -> None:
    median = percentile(timings, 0.5)
    lines = text.count("\n")
    print(f"{label} ({lines} lines, {len(timings)} changes):")
    print(
        f"  didChange → diagnostics: median {median:.2f} ms, p90 {percentile(timings, 0.9):.2f}"
        f" ms, p99 {percentile(timings, 0.99):.2f} ms, max {max(timings):.2f} ms"
    )
    if target is not None:
        verdict = "met" if median < target else "NOT met"
        print(f"  target: median under {target:g} ms — {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--samples", type=int, default=200, help="changes timed per draft")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.platform()}; debounceMs {DEBOUNCE_MS}"
    )
    small, large = editor_draft(args.seed), org_draft(args.seed)
    report(
        "3 × 3 draft",
        small,
        asyncio.run(measure(small, "team-okrs.md", args.samples)),
        TARGET_MEDIAN_MS,
    )
    report(
        "200-line org draft", large, asyncio.run(measure(large, "org-okrs.md", args.samples)), None
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
