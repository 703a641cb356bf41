"""`drafter rewrite --engine ray` with its input table and its outputs on object storage (issue 26,
point 1): a real S3 protocol server on loopback (moto), read and written by pyarrow's S3
filesystem in the driver and in every Ray worker — ads, reports, the results table and the
summary all land in the bucket, and a re-run makes no model call."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openai_stub import OpenAIStub
from test_rewrite import LEGACY, good_reply

from drafter import ray_rewrite
from drafter.rewrite import RewriteOptions
from drafter.settings import load_settings

pytestmark = pytest.mark.ray


@pytest.fixture(scope="module")
def bucket() -> Iterator[Any]:
    """A loopback S3 server with a bucket, and a local Ray whose workers know where it is."""
    try:
        import boto3
        import ray
        from moto.server import ThreadedMotoServer
        from pyarrow import fs
    except ImportError:  # not a skip: a missing extra must not pass CI silently
        pytest.fail("needs the ray and test extras: bash scripts/test.sh installs them")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    saved = dict(os.environ)
    os.environ.update(
        AWS_ENDPOINT_URL=f"http://{host}:{port}", AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="us-east-1",
        AWS_EC2_METADATA_DISABLED="true", OPENAI_API_KEY="sk-test-s3-0123456789",
    )  # fmt: skip
    boto3.client("s3").create_bucket(Bucket="jds")
    if ray.is_initialized():
        ray.shutdown()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)  # workers get the env
    yield fs.FileSystem.from_uri("s3://jds")[0]  # the endpoint from AWS_ENDPOINT_URL
    ray.shutdown()
    server.stop()
    os.environ.clear()
    os.environ.update(saved)


def test_a_table_in_a_bucket_rewritten_into_a_bucket(bucket: Any, tmp_path: Path) -> None:
    sheet = io.StringIO()
    w = csv.writer(sheet)
    w.writerow(["id", "text"])
    for i in range(4):
        w.writerow([f"S{i}", LEGACY.replace("誠聘", f"第{i}號 誠聘")])
    with bucket.open_output_stream("jds/in/jds.csv") as fh:
        fh.write(sheet.getvalue().encode("utf-8"))
    stub = OpenAIStub().start()
    stub.responder = good_reply
    try:
        s = load_settings(home=tmp_path / "home", backend="openai", base_url=stub.base_url,
                          model="stub-model")  # fmt: skip
        options = RewriteOptions(language="en", concurrency=2)
        first = ray_rewrite.run(["s3://jds/in/jds.csv"], "s3://jds/out", s, options,
                                knowledge=False)  # fmt: skip
        calls = len(stub.chat_requests)
        again = ray_rewrite.run(["s3://jds/in/jds.csv"], "s3://jds/out", s, options,
                                knowledge=False)  # fmt: skip
    finally:
        stub.stop()
    assert (first.found, first.done, first.failed) == (4, 4, 0) and calls > 0
    assert (again.done, again.skipped, len(stub.chat_requests)) == (0, 4, calls)
    from pyarrow import fs

    names = [i.path for i in bucket.get_file_info(fs.FileSelector("jds/out", recursive=True))]
    ads = [n for n in names if n.endswith(".md")]
    assert len(ads) == 4 and len([n for n in names if n.endswith(".report.json")]) == 4
    assert any(n.startswith("jds/out/results/part-") for n in names)
    assert {"jds/out/summary.csv", "jds/out/summary.html"} <= set(names)
    with bucket.open_input_stream(ads[0]) as fh:
        assert fh.read().decode("utf-8").startswith("# ")
    assert len(ray_rewrite.read_results("s3://jds/out")) == 4
