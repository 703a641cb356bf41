"""Benchmark `drafter rewrite` against a loopback OpenAI-compatible server with fixed latency.

200 legacy JDs, every model call answered after 200 ms, concurrency 16. Prints wall time against
the ideal (calls x latency / concurrency), peak RSS, and a second run over the same inputs (the
content-hash cache: zero model calls expected).

    python bench/rewrite.py [--items 200] [--latency 0.2] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from openai_stub import OpenAIStub, Reply, StubRequest  # noqa: E402

from drafter.backends import make_backend  # noqa: E402
from drafter.rewrite import Batch, RewriteOptions  # noqa: E402
from drafter.settings import load_settings  # noqa: E402
from drafter.tokens import count_tokens  # noqa: E402

LEGACY = """誠聘客戶服務主任（第{i}號）
公司：海港物流有限公司
地點：觀塘
要求：女性，25-35歲，中五程度，粵語流利
職責：接聽客戶電話，跟進送貨查詢，處理投訴，記錄個案
待遇：月薪 HKD 16,000，五天工作
有意者請電郵至 hr@harbour.example.com
"""

EXTRACTED = {
    "title": "Customer Service Officer", "company_name": "海港物流有限公司", "company_about": "",
    "location": "觀塘", "employment_type": "full-time", "schedule": "五天工作",
    "pay_text": "月薪 HKD 16,000", "currency": "HKD", "pay_period": "month",
    "channels": ["phone"], "tools": [], "duties": ["接聽客戶電話", "跟進送貨查詢", "處理投訴"],
    "must_have": ["女性，25-35歲", "中五程度", "粵語流利"], "preferred": [], "nice_to_have": [],
    "benefits": ["五天工作"], "deadline": "", "seniority": "entry", "industry": "logistics",
    "jurisdiction": "hk",
}  # fmt: skip

DRAFT = {
    "title": "Customer Service Officer",
    "hook": "Help thousands of shoppers get their parcels on time. Join a friendly team.",
    "about_us": "We deliver parcels for online shops across the city every day.",
    "role_overview": "You answer enquiries by phone and follow every case up until it is closed.",
    "responsibilities": [
        "Answer delivery enquiries from shoppers and merchants by phone.",
        "Trace delayed parcels with the depot teams and update customers.",
        "Handle complaints calmly and escalate claims with full notes.",
    ],
    "growth": "New colleagues get two weeks of guided training and a buddy.",
    "closing": "If this sounds like you, we would love to hear from you.",
}


def responder(latency: float):  # type: ignore[no-untyped-def]
    def answer(request: StubRequest) -> Reply:
        schema = request.json.get("response_format", {}).get("json_schema", {}).get("schema", {})
        data = EXTRACTED if "company_name" in schema.get("properties", {}) else DRAFT
        return Reply(content=json.dumps(data, ensure_ascii=False), delay_s=latency)

    return answer


def serve(latency: float) -> None:
    """Run the loopback server in its own process (as a real endpoint would be)."""
    stub = OpenAIStub().start()
    stub.responder = responder(latency)
    print(stub.base_url, flush=True)
    sys.stdin.read()  # until the parent closes the pipe
    stub.stop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=200)
    ap.add_argument("--latency", type=float, default=0.2)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        return serve(args.latency)
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--latency", str(args.latency)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert server.stdout is not None and server.stdin is not None
    base_url = server.stdout.readline().strip()
    work = Path(tempfile.mkdtemp(prefix="drafter-bench-rewrite-"))
    inputs = work / "in"
    inputs.mkdir()
    for i in range(args.items):
        (inputs / f"jd-{i:04}.txt").write_text(LEGACY.format(i=i), encoding="utf-8")
    os.environ["OPENAI_API_KEY"] = "sk-bench"
    settings = load_settings(
        home=work / "home", backend="openai", base_url=base_url, model="bench-model"
    )
    options = RewriteOptions(language="en", concurrency=args.concurrency)
    backend = make_backend(settings)
    warm = time.perf_counter()
    backend.client()  # type: ignore[attr-defined]  # import the SDK, build the client once
    count_tokens("warm up")  # load the tokenizer once
    warm_s = time.perf_counter() - warm
    rows = []
    for label in ("first run", "second run (cache)"):
        batch = Batch(settings, backend, options, work / "out", store=None)
        started = time.perf_counter()
        summary = batch.run([inputs])
        wall = time.perf_counter() - started
        ideal = summary.calls * args.latency / args.concurrency
        rows.append((label, summary.done, summary.failed, summary.calls, wall, ideal))
    server.stdin.close()
    server.wait(timeout=10)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"drafter rewrite: {args.items} inputs, {args.latency * 1000:.0f} ms per call, "
          f"concurrency {args.concurrency}, server in its own process, no retrieval")  # fmt: skip
    print(f"{'run':<20} {'done':>5} {'failed':>6} {'calls':>6} {'wall s':>8} {'ideal s':>8} "
          f"{'x ideal':>8}")  # fmt: skip
    for label, done, failed, calls, wall, ideal in rows:
        ratio = f"{wall / ideal:.2f}" if ideal else "-"
        print(f"{label:<20} {done:>5} {failed:>6} {calls:>6} {wall:>8.2f} {ideal:>8.2f} "
              f"{ratio:>8}")  # fmt: skip
    print(f"start-up before the runs (SDK import, client, tokenizer): {warm_s:.2f} s")
    print(f"peak RSS of the batch process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
