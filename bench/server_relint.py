"""How long `copylint server` takes to re-lint a 1 MB Markdown draft after a change.

Starts the real server over stdio (pygls client), opens one synthetic page of about 1 MB
(bench/gen_corpus.py's generator, seeded), then makes N one-word edits and times each from
sending didChange (the edited range, as an editor sends it to this server; --full: the whole
buffer) to receiving the diagnostics for that version. The server runs with
`--debounce 0` so the figure is the re-lint itself; in an editor the default 250 ms debounce
comes on top (it waits for a pause in typing, it is not work). Also times a hover and a code
action request on a finding, as an editor sends them while the cursor moves.

    .venv/bin/python bench/server_relint.py [--mb 1] [--runs 5] [--full]
"""
from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import BaseLanguageClient

sys.path.insert(0, str(Path(__file__).parent))
from gen_corpus import SEED, Writer, page  # noqa: E402

from copylint.server.positions import LspText  # noqa: E402


class Client(BaseLanguageClient):
    """A client that hands each publishDiagnostics to whoever waits for its version."""

    def __init__(self):
        super().__init__("bench", "1")
        self.waiting: dict[int, asyncio.Future] = {}
        self.sizes: dict[int, int] = {}

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.sizes[params.version] = len(params.diagnostics)
            fut = self.waiting.pop(params.version, None)
            if fut is not None and not fut.done():
                fut.set_result(params.diagnostics)

    def expect(self, version: int) -> asyncio.Future:
        fut = asyncio.get_running_loop().create_future()
        self.waiting[version] = fut
        return fut


async def run(megabytes: float, runs: int, full: bool = False) -> dict:
    text = page(Writer(random.Random(SEED)), int(megabytes * 1_000_000))
    root = Path(tempfile.mkdtemp(prefix="copylint-bench-"))
    uri = (root / "big.md").as_uri()
    client = Client()
    await client.start_io(sys.executable, "-m", "copylint", "server", "--debounce", "0")
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                         root_uri=root.as_uri()))
    client.initialized(types.InitializedParams())
    first = client.expect(1)
    t0 = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    diagnostics = await asyncio.wait_for(first, 120)
    open_s = time.perf_counter() - t0
    times, cpus = [], []
    for version in range(2, runs + 2):
        at = text.index(" the ", len(text) * version // (runs + 3))
        lsp = LspText(text)
        rng = types.Range(types.Position(*lsp.position(at)), types.Position(*lsp.position(at + 4)))
        text = text[:at] + " a" + text[at + 4:]  # one word changed somewhere in the page
        change = (types.TextDocumentContentChangeWholeDocument(text=text) if full
                  else types.TextDocumentContentChangePartial(range=rng, text=" a"))
        fut = client.expect(version)
        t0, c0 = time.perf_counter(), _cpu(client)
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[change]))
        diagnostics = await asyncio.wait_for(fut, 120)
        times.append(time.perf_counter() - t0)
        cpus.append(_cpu(client) - c0)
    doc = types.TextDocumentIdentifier(uri=uri)
    # a finding whose quick fixes include a sentence rewrite (it reads the draft's sentences)
    target = next((d for d in diagnostics[len(diagnostics) // 2:] if d.code == "safety.no-side-effects"),
                  diagnostics[len(diagnostics) // 2])
    t0 = time.perf_counter()
    await client.text_document_hover_async(types.HoverParams(text_document=doc, position=target.range.start))
    hover_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=doc, range=target.range, context=types.CodeActionContext(diagnostics=[target])))
    action_s = time.perf_counter() - t0
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return {"bytes": len(text.encode("utf-8")), "findings": len(diagnostics), "open_s": open_s,
            "relint_median_s": statistics.median(times), "relint_cpu_s": statistics.median(cpus), "relint_max_s": max(times), "runs": runs,
            "hover_s": hover_s, "code_action_s": action_s, "actions": len(actions or [])}


def _cpu(client: Client) -> float:
    """CPU seconds the server process has used (Linux /proc; NaN elsewhere): a figure load does not skew."""
    import os

    try:
        with open(f"/proc/{client._server.pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, AttributeError, IndexError, ValueError):
        return float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=1.0, help="size of the draft (default 1 MB)")
    ap.add_argument("--runs", type=int, default=5, help="edits to time (default 5)")
    ap.add_argument("--full", action="store_true", help="send the whole buffer on each change, not the edited range")
    args = ap.parse_args()
    r = asyncio.run(run(args.mb, args.runs, args.full))
    print(f"draft: {r['bytes'] / 1e6:.2f} MB Markdown, {r['findings']} findings")
    print(f"open (first lint, cold): {r['open_s']:.2f} s")
    print(f"re-lint after a change: median {r['relint_median_s']:.2f} s, max {r['relint_max_s']:.2f} s "
          f"({r['runs']} edits; didChange sent -> diagnostics received; debounce 0); "
          f"server CPU per re-lint: median {r['relint_cpu_s']:.2f} s")
    print(f"hover: {r['hover_s'] * 1000:.0f} ms; code action ({r['actions']} actions): {r['code_action_s'] * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
