"""`drafter rewrite --engine ray` (issue 26) on a local Ray (`ray.init(num_cpus=2)`) against the
loopback OpenAI-compatible stub: the same ads and reports as the single-machine path, the
results table as the journal (a re-run makes no call, a killed driver's run finishes the rest,
`--retry-failed` runs only the failed), faults that lose and duplicate nothing, a table of 1,000
rows read and written in pieces, and a one-line answer when Ray is not installed."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openai_stub import OpenAIStub, Reply, StubRequest
from test_rewrite import LEGACY, good_reply

from drafter import ray_rewrite
from drafter.backends import make_backend
from drafter.rewrite import Batch, RewriteOptions
from drafter.settings import load_settings

try:
    import ray
except ImportError:  # the extra is missing: the tests below fail, the last one still runs
    ray = None

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.ray


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    if ray is None:  # not a skip: a missing extra must not pass CI silently
        pytest.fail("needs the ray extra: bash scripts/test.sh installs it")
    os.environ["OPENAI_API_KEY"] = "sk-test-ray-0123456789"  # the workers inherit it
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    server = OpenAIStub().start()
    server.responder = good_reply
    yield server
    server.stop()


def settings(home: Path, stub: OpenAIStub) -> Any:
    return load_settings(
        home=home, backend="openai", base_url=stub.base_url, model="stub-model", timeout_s=2.0
    )


def table(path: Path, n: int, start: int = 0) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        for i in range(start, start + n):
            w.writerow([f"A{i}", LEGACY.replace("誠聘", f"第{i}號 誠聘")])
    return path


def results(out: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = []
    for part in sorted((out / "results").glob("*.parquet")):
        rows += pq.read_table(part).to_pylist()
    return rows


def comparable(report: Path) -> dict[str, Any]:
    data = json.loads(report.read_text(encoding="utf-8"))
    data.pop("usage", None)  # seconds differ from run to run
    # a table read in blocks on a cluster has no global row number: the key's id says the row
    data.pop("row", None)
    if data.get("report"):
        data["report"].pop("seconds", None)
    return data


def test_the_same_inputs_give_the_same_ads_and_reports_as_one_machine(
    cluster: None, stub: OpenAIStub, tmp_path: Path
) -> None:
    source = table(tmp_path / "jds.csv", 6)
    options = RewriteOptions(language="en", concurrency=2)
    s = settings(tmp_path / "home", stub)
    one = tmp_path / "one"
    Batch(s, make_backend(s), options, one, store=None).run([source])
    many = tmp_path / "many"
    progress = ray_rewrite.run([str(source)], str(many), s, options, knowledge=False, workers=2)
    assert (progress.done, progress.failed, progress.found) == (6, 0, 6)
    ads = sorted(p.name for p in one.glob("*.md"))
    assert len(ads) == 6 and ads == sorted(p.name for p in many.glob("*.md"))
    for name in ads:
        assert (one / name).read_text("utf-8") == (many / name).read_text("utf-8"), name
        report = name.removesuffix(".md") + ".report.json"
        assert comparable(one / report) == comparable(many / report), report
    rows = results(many)
    assert len(rows) == 6 and {r["state"] for r in rows} == {"done"}
    assert all(r["calls"] > 0 and r["prompt_tokens"] > 0 for r in rows)
    summary = (many / "summary.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(summary) == 7 and summary[0].startswith("key,digest,state")
    assert "<h1>Rewrite summary</h1>" in (many / "summary.html").read_text(encoding="utf-8")

    # the results table is the journal: a re-run makes no model call
    before = len(stub.chat_requests)
    again = ray_rewrite.run([str(source)], str(many), s, options, knowledge=False)
    assert len(stub.chat_requests) == before
    assert (again.done, again.skipped, again.calls) == (0, 6, 0)
    # a changed option is another key: it runs again
    other = RewriteOptions(language="en", concurrency=2, tone="lively")
    third = ray_rewrite.run([str(source)], str(many), s, other, knowledge=False)
    assert third.done == 6 and len(results(many)) == 12


def test_a_failed_item_is_a_row_and_retry_failed_runs_only_those(
    cluster: None, stub: OpenAIStub, tmp_path: Path
) -> None:
    source = table(tmp_path / "jds.csv", 4)
    with source.open("a", encoding="utf-8") as fh:
        fh.write("B1,\nB2,DDDDDDDDDDDDDDDDDDDDDDDD\n")  # no text; no words to read
    s = settings(tmp_path / "home", stub)
    options = RewriteOptions(language="en", concurrency=2)
    out = tmp_path / "out"
    first = ray_rewrite.run([str(source)], str(out), s, options, knowledge=False)
    assert (first.done, first.failed) == (4, 2)
    failed = {r["id"]: r["error"] for r in results(out) if r["state"] == "failed"}
    assert set(failed) == {f"{source}#id=B1", f"{source}#id=B2"}
    assert "text column is empty" in failed[f"{source}#id=B1"]
    assert "no words to read" in failed[f"{source}#id=B2"]
    assert all("\n" not in e for e in failed.values())
    before = len(stub.chat_requests)
    retried = ray_rewrite.run(
        [str(source)], str(out), s, options, knowledge=False, retry_failed=True
    )
    assert (retried.done, retried.failed, retried.skipped) == (0, 2, 4)
    assert len(stub.chat_requests) == before  # the failed ones fail before any call again


def test_faults_lose_and_duplicate_nothing(cluster: None, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from rewrite import responder  # bench/rewrite.py: 20% faults, every kind in turn

    server = OpenAIStub().start()
    server.responder = responder(0.0, 0.2)
    try:
        source = table(tmp_path / "jds.csv", 20)
        s = settings(tmp_path / "home", server)
        options = RewriteOptions(language="en", concurrency=4, backoff_s=0.01)
        out = tmp_path / "out"
        progress = ray_rewrite.run([str(source)], str(out), s, options, knowledge=False, workers=2)
    finally:
        server.stop()
    rows = results(out)
    ids = Counter(r["id"] for r in rows)
    assert len(ids) == 20 and max(ids.values()) == 1  # none lost, none twice
    done = [r for r in rows if r["state"] == "done"]
    assert len(done) == progress.done and progress.done + progress.failed == 20
    assert len(list(out.glob("*.md"))) == len(done)
    assert progress.done >= 18  # the faults are retried within each item's budget


def test_a_killed_driver_finishes_exactly_the_rest(stub: OpenAIStub, tmp_path: Path) -> None:
    """The driver is killed (SIGKILL) once part of the table is written; the next run makes
    calls only for the items not in it, and every item ends with exactly one row."""
    slow = good_reply

    def answer(request: StubRequest) -> Reply:
        reply = slow(request)
        reply.delay_s = 0.3
        return reply

    stub.responder = answer
    source = table(tmp_path / "jds.csv", 60)
    out = tmp_path / "out"
    env = {**os.environ, "DRAFTER_HOME": str(tmp_path / "home"), "OPENAI_API_KEY": "sk-test-1"}
    args = [
        str(Path(sys.executable).with_name("drafter")),
        "rewrite",
        str(source),
        "--out",
        str(out),
        "--engine",
        "ray",
        "--backend",
        "openai",
        "--base-url",
        stub.base_url,
        "--model",
        "stub-model",
        "--lang",
        "en",
        "--no-knowledge",
        "--concurrency",
        "2",
        "--quiet",
    ]
    driver = subprocess.Popen(
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 300
    while not list((out / "results").glob("*.parquet")):
        assert driver.poll() is None, driver.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
        assert time.monotonic() < deadline, "no results within 300 s"
        time.sleep(0.2)
    os.killpg(driver.pid, signal.SIGKILL)  # the driver and the Ray instance it started
    driver.wait(timeout=30)
    kept = {r["id"] for r in results(out)}
    assert 0 < len(kept) < 60
    # calls the dying run's workers had in flight still arrive: wait until none do
    before, quiet_since = len(stub.chat_requests), time.monotonic()
    while time.monotonic() - quiet_since < 3:
        time.sleep(0.2)
        if len(stub.chat_requests) != before:
            before, quiet_since = len(stub.chat_requests), time.monotonic()
    resumed = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    rows = results(out)
    ids = Counter(r["id"] for r in rows)
    assert len(ids) == 60 and max(ids.values()) == 1
    assert len(stub.chat_requests) - before == sum(r["calls"] for r in rows if r["id"] not in kept)
    assert f"{len(kept)} already in the results table" in resumed.stderr


def test_a_table_of_1000_rows_is_read_and_written_in_pieces(cluster: None, tmp_path: Path) -> None:
    """Rows with no words fail before any model call, so the run is quick; the table is read
    in blocks and the results are written one part per block, never all rows at once."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = tmp_path / "jds.parquet"
    ids = [f"R{i}" for i in range(1000)]
    pq.write_table(pa.table({"id": ids, "text": ["x"] * 1000}), source, row_group_size=100)
    s = load_settings(
        home=tmp_path / "home", backend="openai", base_url="http://127.0.0.1:9/v1", model="none"
    )
    options = RewriteOptions(language="en", concurrency=4)  # 16 rows a block
    out = tmp_path / "out"
    progress = ray_rewrite.run([str(source)], str(out), s, options, knowledge=False)
    assert (progress.found, progress.failed, progress.calls) == (1000, 1000, 0)
    parts = sorted((out / "results").glob("*.parquet"))
    sizes = [pq.read_metadata(p).num_rows for p in parts]
    assert sum(sizes) == 1000 and len(parts) >= 10 and max(sizes) <= 100
    assert {r["id"] for r in results(out)} == {f"{source}#id={i}" for i in ids}


def test_without_ray_the_engine_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from drafter.cli import main

    monkeypatch.setitem(sys.modules, "ray", None)
    monkeypatch.setenv("DRAFTER_HOME", str(tmp_path / "home"))

    def rewrite(*flags: str) -> Any:
        args = ["rewrite", str(tmp_path), "--out", str(tmp_path / "o"), *flags, "--backend", "fake"]
        return CliRunner().invoke(main, args)

    result = rewrite("--engine", "ray")
    assert result.exit_code == 2
    assert 'pip install "drafter[ray]"' in result.output and "Traceback" not in result.output
    result = rewrite("--retry-failed")
    assert result.exit_code == 2 and "--retry-failed is for --engine ray" in result.output
