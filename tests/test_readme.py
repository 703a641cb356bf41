"""The README's code blocks run (issue 27, point 6): every `drafter …` line of its bash blocks and
every Python block, as a user would type them, in a folder of their own — against the loopback
OpenAI-compatible stub (the same answers as the rewrite tests), so they are quick and offline.
The two set-up commands (`bash scripts/…`) are not run here: CI runs the test one itself, and the
quick start's draft on the embedded model is what tests/test_e2e_local.py does.

A line may exit 1 only where it asks for that (`check … --fail-on`, or `check` finding errors);
anything else must exit 0 with no traceback. The files the README's commands name are made
here, as a user would have them; a new command naming a new file fails until it is added."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from openai_stub import OpenAIStub
from test_rewrite import LEGACY, good_reply

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DRAFTER = str(Path(sys.executable).with_name("drafter"))
EXAMPLE_ENDPOINT = "http://127.0.0.1:11434/v1"  # the README's example of a local endpoint


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, re.S | re.M)


def commands() -> list[str]:
    lines = [ln.strip() for block in blocks("bash") for ln in block.splitlines()]
    return [ln for ln in lines if ln and not ln.startswith(("#", "bash scripts/"))]


def test_the_readme_has_the_blocks_this_test_runs() -> None:
    assert [c for c in commands() if not c.startswith("drafter ")] == []
    assert len(commands()) >= 20 and len(blocks("python")) >= 1
    setup = [ln for b in blocks("bash") for ln in b.splitlines() if ln.startswith("bash ")]
    assert [ln.split()[1] for ln in setup] == ["scripts/quickstart.sh", "scripts/test.sh"]
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def stub() -> Iterator[OpenAIStub]:
    server = OpenAIStub().start()
    server.responder = good_reply
    yield server
    server.stop()


@pytest.fixture(scope="module")
def user(tmp_path_factory: pytest.TempPathFactory, stub: OpenAIStub) -> tuple[Path, dict[str, str]]:
    """A user's folder with the files the README names, and an environment on the stub."""
    home = tmp_path_factory.mktemp("user")
    shutil.copytree(ROOT / "examples", home / "examples")
    (home / "old-jds").mkdir()
    for i in range(2):
        (home / "old-jds" / f"jd-{i}.txt").write_text(LEGACY.replace("誠聘", f"第{i}號 誠聘"),
                                                       encoding="utf-8")  # fmt: skip
    one_line = " ".join(LEGACY.split())
    (home / "jds.csv").write_text(f'id,職位描述\nA1,"{one_line}"\n', encoding="utf-8")
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": ["P1", "P2"], "text": [LEGACY, one_line]}), home / "jds.parquet")
    (home / "my-guide.md").write_text(
        "# Writing for our contact centre\n\nName the shift pattern and the languages each "
        "queue uses; say which tools the team works in.\n", encoding="utf-8",
    )  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRAFTER_")}
    env.update(DRAFTER_HOME=str(home / ".drafter-home"), DRAFTER_BACKEND="openai",
               DRAFTER_BASE_URL=stub.base_url, DRAFTER_MODEL="stub-model",
               OPENAI_API_KEY="sk-test-readme-0123456789")  # fmt: skip
    return home, env


def run(line: str, cwd: Path, env: dict[str, str], stub: OpenAIStub) -> None:
    args = [a.replace(EXAMPLE_ENDPOINT, stub.base_url) for a in shlex.split(line, comments=True)]
    assert args[0] == "drafter"
    if args[1] == "serve":
        serve(args, cwd, env)
        return
    done = subprocess.run([DRAFTER, *args[1:]], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)  # fmt: skip
    allowed = {0, 1} if args[1] == "check" else {0}
    assert done.returncode in allowed, f"{line}\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr, line
    assert "sk-test-readme" not in done.stdout + done.stderr


def serve(args: list[str], cwd: Path, env: dict[str, str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [DRAFTER, *args[1:], "--port", str(port)], cwd=cwd, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                    assert b"drafter" in page.read()
                return
            except OSError:
                assert server.poll() is None, server.communicate()[1][-2000:]
                time.sleep(0.2)
        pytest.fail("drafter serve did not answer")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_every_command_of_the_readme_runs(
    user: tuple[Path, dict[str, str]], stub: OpenAIStub
) -> None:
    cwd, env = user
    for line in commands():
        run(line, cwd, env, stub)
    # what the commands were to make is there
    assert (cwd / "ad.md").read_text(encoding="utf-8").startswith("# ")
    assert (cwd / "brief.yaml").is_file() and (cwd / "ad.docx").is_file()
    assert (cwd / "jobsdb.md").read_text(encoding="utf-8").startswith("---\nboard: jobsdb")
    assert len(list((cwd / "new-ads").glob("*.md"))) == 3  # two files and one csv row
    assert len(list((cwd / "results").glob("*.md"))) == 2  # the table's two rows, on Ray
    assert list((cwd / "results" / "results").glob("part-*.parquet"))


def test_the_python_api_block_runs(user: tuple[Path, dict[str, str]]) -> None:
    cwd, env = user
    for code in blocks("python"):
        done = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=600)  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        assert "# " in done.stdout and "Harbourline Logistics" in done.stdout
        assert "part-time" in done.stdout  # the note's employment type, read from the note
