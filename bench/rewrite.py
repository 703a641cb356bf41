"""Benchmark `drafter rewrite` against a loopback OpenAI-compatible server with fixed latency.

200 legacy JDs, every model call answered after 200 ms, concurrency 16: a run with no faults and
a second run over the same inputs (the content-hash cache: zero model calls expected), then the
same into a new folder with 20% of the calls given a fault, every kind in turn (429, 500, a hang
past the timeout, a malformed body, no choices, an answer that is not JSON, a reading outside
its schema). Prints ads written, failed, lost and done twice (read from the output folder and
its journal), calls, wall time against the ideal (calls x latency / concurrency), and peak RSS.

    python bench/rewrite.py [--items 200] [--latency 0.2] [--concurrency 16] [--faults 0.2]
                            [--repeats 5]

The batch and the server share the machine's two cores, so one pair of runs varies by ±15%:
the pair is run `--repeats` times and the median of the fault/no-fault ratios is reported.

With `--engine ray` (the [ray] extra) the same 200 inputs run on a local Ray (2 CPUs) with 1 and
2 workers of `--concurrency` calls each, beside the single-machine path at the same total
concurrency: items/s, wall time against the ideal (calls x latency / (workers x concurrency)),
and Ray's overhead against the single machine.

    python bench/rewrite.py --engine ray [--items 200] [--latency 0.2] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from openai_stub import OpenAIStub, Reply, StubRequest  # noqa: E402
from pieces import pieces_answer, read_answer  # noqa: E402

from drafter.backends import make_backend  # noqa: E402
from drafter.rewrite import Batch, RewriteOptions  # noqa: E402
from drafter.settings import load_settings  # noqa: E402
from drafter.tokens import count_tokens  # noqa: E402

TIMEOUT_S = 1.0  # the client's timeout in these runs
HANG_S = 1.5  # a hung call answers after this, past the timeout

LEGACY = """誠聘客戶服務主任（第{i}號）
公司：海港物流有限公司
地點：觀塘
要求：女性，25-35歲，中五程度，粵語流利
職責：接聽客戶電話，跟進送貨查詢，處理投訴，記錄個案
待遇：月薪 HKD 16,000，五天工作
有意者請電郵至 hr@harbour.example.com
"""

READ = {"title": "Customer Service Officer", "company": "海港物流有限公司", "location": "觀塘"}
DUTIES = [
    "Answer delivery enquiries from shoppers and merchants by phone.",
    "Trace delayed parcels with the depot teams and update customers.",
    "Handle complaints calmly and escalate claims with full notes.",
]
# The faults of a fault run, in turn: every kind an endpoint gives (issue 25).
FAULTS = ("429", "500", "hang", "malformed body", "no choices", "not JSON", "outside schema")


def responder(latency: float, fault_rate: float, seed: int = 7):  # type: ignore[no-untyped-def]
    dice = random.Random(seed)
    lock = threading.Lock()
    turn = [0]

    def answer(request: StubRequest) -> Reply:
        schema = request.json.get("response_format", {}).get("json_schema", {}).get("schema", {})
        props = schema.get("properties", {})
        reading = "company" in props
        with lock:
            fault = FAULTS[turn[0] % len(FAULTS)] if dice.random() < fault_rate else None
            turn[0] += fault is not None
        if fault == "429":
            return Reply(status=429, error="slow down", headers={"Retry-After": "0"})
        if fault == "500":
            return Reply(status=500, error="boom", headers={"Retry-After": "0"})
        if fault == "hang":
            return Reply(content="late", delay_s=HANG_S)
        if fault == "malformed body":
            return Reply(raw_body=b'{"choices": [ {"message": ')
        if fault == "no choices":
            return Reply(raw_body=b'{"id": "x", "object": "chat.completion", "created": 0, '
                         b'"model": "bench-model", "choices": []}')  # fmt: skip
        if fault == "not JSON":
            return Reply(content="Sure! Here is the ad you asked for:", delay_s=latency)
        if fault == "outside schema":
            return Reply(content='{"title": 5, "kinds": {"x": 1}}', delay_s=latency)
        if reading:
            data = read_answer(schema, READ)
        else:
            data = pieces_answer(props, request.json["messages"][-1]["content"],
                                 hook="Answer delivery calls for a logistics company.",
                                 summary="You answer enquiries by phone and follow cases up.",
                                 duties=DUTIES)  # fmt: skip
        return Reply(content=json.dumps(data, ensure_ascii=False), delay_s=latency)

    return answer


def serve(latency: float, fault_rate: float) -> None:
    """Run the loopback server in its own process (as a real endpoint would be)."""
    stub = OpenAIStub().start()
    stub.responder = responder(latency, fault_rate)
    print(stub.base_url, flush=True)
    sys.stdin.read()  # until the parent closes the pipe
    stub.stop()


def outcome(out: Path, items: int) -> tuple[int, int, int]:
    """Ads written, lost (no ad and no failure recorded) and done twice, read from the output
    folder and its journal, not from the batch's own counts."""
    with sqlite3.connect(out / "journal.sqlite") as db:
        rows = list(db.execute("SELECT key, state, runs FROM items"))
    written = len(list(out.glob("*.md")))
    failed = sum(1 for _k, state, _r in rows if state == "failed")
    lost = items - written - failed
    twice = sum(1 for _k, _s, runs in rows if runs > 1)
    return written, lost, twice


def run_batch(base_url: str, work: Path, label: str, inputs: Path, args: argparse.Namespace,
              out: Path) -> tuple[Any, float]:  # fmt: skip
    settings = load_settings(home=work / "home", backend="openai", base_url=base_url,
                             model="bench-model", timeout_s=TIMEOUT_S)  # fmt: skip
    backend = make_backend(settings)
    backend.client()  # type: ignore[attr-defined]  # import the SDK, build the client once
    options = RewriteOptions(language="en", concurrency=args.concurrency)
    batch = Batch(settings, backend, options, out, store=None)
    started = time.perf_counter()
    summary = batch.run([inputs])
    return summary, time.perf_counter() - started


def start_server(latency: float, rate: float) -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--latency", str(latency), "--fault-rate",
         str(rate)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert server.stdout is not None
    return server, server.stdout.readline().strip()


def main_ray(args: argparse.Namespace) -> None:
    """1 and 2 Ray workers against the single machine at the same total concurrency."""
    import ray

    from drafter import ray_rewrite

    work = Path(tempfile.mkdtemp(prefix="drafter-bench-ray-"))
    inputs = work / "in"
    inputs.mkdir()
    for i in range(args.items):
        (inputs / f"jd-{i:04}.txt").write_text(LEGACY.format(i=i), encoding="utf-8")
    os.environ["OPENAI_API_KEY"] = "sk-bench"
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    rows = []
    for label, workers in (("single machine", 1), ("ray, 1 worker", 1), ("single machine", 2),
                           ("ray, 2 workers", 2)):  # fmt: skip
        server, base_url = start_server(args.latency, 0.0)
        out = work / f"out-{len(rows)}"
        settings = load_settings(home=work / "home", backend="openai", base_url=base_url,
                                 model="bench-model", timeout_s=TIMEOUT_S)  # fmt: skip
        started = time.perf_counter()
        first: list[Any] = []
        if label.startswith("ray"):
            options = RewriteOptions(language="en", concurrency=args.concurrency)

            def seen(p: Any, first: list[Any] = first, started: float = started) -> None:
                if not first:
                    first.append((time.perf_counter() - started, p.done + p.failed))

            p = ray_rewrite.run([str(inputs)], str(out), settings, options, knowledge=False,
                                workers=workers, on_progress=seen)  # fmt: skip
            calls, done = p.calls, p.done
        else:  # the same total concurrency on one machine
            options = RewriteOptions(language="en", concurrency=args.concurrency * workers)
            backend = make_backend(settings)
            summary = Batch(settings, backend, options, out, store=None).run([inputs])
            calls, done = summary.calls, summary.done
        wall = time.perf_counter() - started
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=10)
        ideal = calls * args.latency / (args.concurrency * workers)
        rows.append((label, workers, done, calls, wall, ideal, first[0] if first else None))
    ray.shutdown()
    print(f"drafter rewrite --engine ray: {args.items} inputs, {args.latency * 1000:.0f} ms per "
          f"call, {args.concurrency} calls in flight per worker, local Ray on 2 CPUs, server in "
          "its own process, no retrieval")  # fmt: skip
    print(f"{'run':<16} {'workers':>7} {'done':>5} {'calls':>6} {'items/s':>8} {'wall s':>7} "
          f"{'ideal s':>7} {'x ideal':>7} {'1st result s':>12}")  # fmt: skip
    for label, workers, done, calls, wall, ideal, first in rows:
        shown = f"{first[0]:.2f}" if first else "-"
        print(f"{label:<16} {workers:>7} {done:>5} {calls:>6} {done / wall:>8.2f} {wall:>7.2f} "
              f"{ideal:>7.2f} {wall / ideal:>7.2f} {shown:>12}")  # fmt: skip
    for w in (1, 2):
        single, on_ray = (r for r in rows if r[1] == w)
        print(f"Ray's overhead at {w} worker(s): {on_ray[4] / single[4]:.2f}x the single machine")
    for label, _workers, done, _calls, wall, ideal, first in rows:
        if first:  # past the workers' start-up and first block: the rate a long run keeps
            at, done_then = first
            rate = (done - done_then) / (wall - at)
            best = done / ideal  # items/s at exactly the ideal
            print(f"{label}: first block back after {at:.1f}s (workers start, import "
                  f"drafter, load rules); then {rate:.1f} items/s, {best / rate:.2f}x the "
                  "ideal")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=200)
    ap.add_argument("--latency", type=float, default=0.2)
    ap.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="calls in flight (per worker with --engine ray); 16, or 8 on Ray",
    )
    ap.add_argument("--faults", type=float, default=0.2, help="share of calls given a fault")
    ap.add_argument("--repeats", type=int, default=5, help="no-fault and fault runs, in pairs")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--fault-rate", type=float, default=0.0, help=argparse.SUPPRESS)
    ap.add_argument("--engine", choices=["local", "ray"], default="local")
    args = ap.parse_args()
    if args.serve:
        return serve(args.latency, args.fault_rate)
    if args.engine == "ray":
        args.concurrency = args.concurrency or 8
        return main_ray(args)
    args.concurrency = args.concurrency or 16
    work = Path(tempfile.mkdtemp(prefix="drafter-bench-rewrite-"))
    inputs = work / "in"
    inputs.mkdir()
    for i in range(args.items):
        (inputs / f"jd-{i:04}.txt").write_text(LEGACY.format(i=i), encoding="utf-8")
    warm = work / "warm"
    warm.mkdir()
    for i in range(8):
        (warm / f"w-{i}.txt").write_text(LEGACY.format(i=f"w{i}"), encoding="utf-8")
    os.environ["OPENAI_API_KEY"] = "sk-bench"
    count_tokens("warm up")  # load the tokenizer once
    rows = []
    # a few items first, not counted: the process loads its rules, tokenizer and word lists once
    runs: list[tuple[str, float, str]] = [("warm-up", 0.0, "out-warm")]
    for r in range(1, args.repeats + 1):  # both runs share two cores with the server: repeated
        runs += [(f"no faults #{r}", 0.0, f"out-{r}"), (f"second run #{r}", 0.0, f"out-{r}"),
                 (f"{args.faults:.0%} faults #{r}", args.faults, f"out-faults-{r}"),
                 (f"faults, 2nd run #{r}", args.faults, f"out-faults-{r}")]  # fmt: skip
    for label, rate, out in runs:
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", "--latency", str(args.latency),
             "--fault-rate", str(rate)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert server.stdout is not None and server.stdin is not None
        base_url = server.stdout.readline().strip()
        source = warm if label == "warm-up" else inputs
        summary, wall = run_batch(base_url, work, label, source, args, work / out)
        server.stdin.close()
        server.wait(timeout=10)
        written, lost, twice = outcome(work / out, args.items)
        ideal = summary.calls * args.latency / args.concurrency
        rows.append((label, written, summary.failed, lost, twice, summary.calls, wall, ideal))
        if label == "warm-up":
            rows.pop()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"drafter rewrite: {args.items} inputs, {args.latency * 1000:.0f} ms per call, "
          f"concurrency {args.concurrency}, server in its own process, no retrieval; faults in "
          f"turn: {', '.join(FAULTS)} (a hang outlasts the {TIMEOUT_S:g} s timeout)")  # fmt: skip
    print(f"{'run':<20} {'written':>7} {'failed':>6} {'lost':>5} {'twice':>5} {'calls':>6} "
          f"{'wall s':>7} {'ideal s':>7} {'x ideal':>7}")  # fmt: skip
    for label, written, failed, lost, twice, calls, wall, ideal in rows:
        ratio = f"{wall / ideal:.2f}" if ideal else "-"
        print(f"{label:<20} {written:>7} {failed:>6} {lost:>5} {twice:>5} {calls:>6} "
              f"{wall:>7.2f} {ideal:>7.2f} {ratio:>7}")  # fmt: skip
    ratios = sorted(rows[i + 2][6] / rows[i][6] for i in range(0, len(rows), 4))
    shown = ", ".join(f"{r:.2f}" for r in ratios)
    print(f"fault run wall time / no-fault run: median {statistics.median(ratios):.2f}x "
          f"over {len(ratios)} pairs ({shown})")  # fmt: skip
    print(f"peak RSS of the batch process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
