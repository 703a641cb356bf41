"""Retrieval benchmark: index build time of knowledge/, retrieval latency, no-op sync time.

Run: .venv/bin/python bench/retrieval.py [--queries 50] [--knowledge DIR]
Builds the store in a temporary DRAFTER_HOME, so the user's own store is never touched.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console
from rich.table import Table

from drafter.brief import Brief
from drafter.retrieve import retrieve
from drafter.settings import PROJECT_ROOT, load_settings
from drafter.store import open_store

# (title, language, tone, industry, duties): cycled to make the requested number of queries.
QUERIES: list[tuple[str, str, str, str, list[str]]] = [
    ("Customer Service Representative", "en", "professional", "retail", ["Answer calls"]),
    ("Call Centre Agent", "en", "lively", "call centre", ["Handle inbound calls", "Log cases"]),
    ("Customer Service Team Lead", "en", "professional", "e-commerce", ["Coach 10 agents"]),
    ("Quality Assurance Analyst, Contact Centre", "en", "professional", "banking", []),
    ("Customer Care Manager", "en", "lively", "hospitality", ["Own service levels"]),
    ("Live Chat Support Agent", "en", "lively", "e-commerce", ["Answer chats about orders"]),
    ("客服专员", "zh-Hans", "professional", "retail", ["接待到店顾客", "处理退换货"]),
    ("呼叫中心客服代表", "zh-Hans", "lively", "call centre", ["接听来电"]),
    ("客服主管", "zh-Hans", "professional", "call centre", ["带领 15 人团队"]),
    ("客服质检专员", "zh-Hans", "professional", "banking", ["抽检通话录音"]),
    ("电商客服经理", "zh-Hans", "lively", "e-commerce", ["负责售前售后团队"]),
    ("物流客服", "zh-Hans", "lively", "logistics", ["查询包裹", "处理投诉"]),
    ("客戶服務主任", "zh-Hant", "professional", "call centre", ["處理客戶查詢"]),
    ("零售客戶服務代表", "zh-Hant", "lively", "retail", ["接待顧客"]),
    ("客戶服務經理", "zh-Hant", "professional", "call centre", ["管理團隊"]),
    ("酒店前台客戶服務", "zh-Hant", "professional", "hospitality", ["處理住客查詢"]),
    ("質素保證主任", "zh-Hant", "professional", "banking", ["評核通話質素"]),
]


def main() -> None:
    """Build, query and re-sync the store; print one table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=51)
    parser.add_argument("--knowledge", type=Path, default=PROJECT_ROOT / "knowledge")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="drafter-bench-") as home:
        settings = load_settings(home=Path(home), knowledge_dir=args.knowledge)
        start = time.perf_counter()
        store = open_store(settings, sync=False)
        build = store.sync()
        index_s = time.perf_counter() - start

        briefs = []
        for i in range(args.queries):
            title, language, tone, industry, duties = QUERIES[i % len(QUERIES)]
            brief = Brief(
                title=title,
                company={"name": "Bench Co"},
                location="Hong Kong",
                industry=industry,
                duties=duties,
            )
            briefs.append((brief, language, tone))
        retrieve(store, *briefs[0], k=settings.retrieve_k)  # warm-up: model load, first query
        times = []
        for brief, language, tone in briefs:
            t0 = time.perf_counter()
            retrieve(store, brief, language, tone, k=settings.retrieve_k)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]

        start = time.perf_counter()
        again = open_store(settings, sync=False).sync()  # a fresh process would do this
        resync_s = time.perf_counter() - start

    table = Table(title="drafter retrieval bench")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_row("documents", str(build.documents))
    table.add_row("passages", str(build.passages))
    table.add_row("index build (s)", f"{index_s:.2f}")
    table.add_row("queries (en / zh-Hans / zh-Hant)", str(len(times)))
    table.add_row("retrieval p50 (ms)", f"{statistics.median(times):.1f}")
    table.add_row("retrieval p95 (ms)", f"{p95:.1f}")
    table.add_row("second-run sync (s)", f"{resync_s:.3f}")
    table.add_row("second-run passages re-embedded", str(again.passages_embedded))
    Console().print(table)


if __name__ == "__main__":
    main()
