"""The package as a user installs it (issue 25, point 5): a wheel built from this tree and
installed into a fresh virtual environment runs drafter — draft, check, rewrite, serve and eval —
from a folder far from the repository, with its knowledge, prompts, page and datasets inside.

No download: the wheel is built without build isolation and installed without its dependencies,
which the fresh environment finds in the test environment's site-packages through a .pth file
(so the test environment's editable drafter is not seen: .pth files of an added path are not read).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from openai_stub import OpenAIStub
from test_rewrite import LEGACY, good_reply

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh venv holding only the wheel built from this tree."""
    base = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "-q", "-w", str(base / "dist")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-2000:]
    assert "importable" not in build.stderr  # no setuptools warning about data folders
    wheel = next((base / "dist").glob("drafter-*.whl"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps",
         "--no-index", str(wheel)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr[-2000:]
    purelib = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    Path(purelib, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


@pytest.fixture
def user(tmp_path: Path, openai_stub: OpenAIStub) -> Iterator[dict[str, str]]:
    """A user's folder and environment: the openai backend on the loopback stub."""
    openai_stub.responder = good_reply
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRAFTER_")}
    env.update(DRAFTER_HOME=str(tmp_path / "home"), DRAFTER_BACKEND="openai",
               DRAFTER_BASE_URL=openai_stub.base_url, DRAFTER_MODEL="stub-model",
               OPENAI_API_KEY="sk-test-secret-abcdef123456", PYTHONPATH="")  # fmt: skip
    yield env


def drafter(
    bin_dir: Path, cwd: Path, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bin_dir / "drafter"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip


def test_the_installed_package_is_not_the_repository(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(installed / "python"), "-c",
         "import drafter.settings as s; d = s.Settings(); print(d.knowledge_dir, d.prompts_dir)"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert all("/site-packages/drafter/data/" in w for w in where), where
    assert all(Path(w).is_dir() for w in where)


def test_draft_check_rewrite_and_eval_run_from_the_wheel(
    installed: Path, tmp_path: Path, user: dict[str, str]
) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text((ROOT / "examples" / "briefs" / "hk-cs-officer.yaml").read_text("utf-8"))
    done = drafter(installed, tmp_path, user, "draft", "brief.yaml", "--output", "ad.md")
    assert done.returncode == 0, done.stderr[-2000:]
    ad = (tmp_path / "ad.md").read_text(encoding="utf-8")
    assert ad.startswith("# ") and "Harbourline Logistics" in ad
    assert "Traceback" not in done.stderr

    checked = drafter(installed, tmp_path, user, "check", "ad.md")
    assert checked.returncode in (0, 1), checked.stderr[-2000:]
    assert "score" in checked.stdout + checked.stderr

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "jd.txt").write_text(LEGACY, encoding="utf-8")
    rewrote = drafter(installed, tmp_path, user, "rewrite", "in", "--out", "out", "--lang", "en",
                      "--quiet")  # fmt: skip
    assert rewrote.returncode == 0, rewrote.stderr[-2000:]
    assert len(list((tmp_path / "out").glob("*.md"))) == 1

    evaluated = drafter(installed, tmp_path, user, "eval", "--dataset", "retrieval", "--workers",
                        "1", "--quiet")  # fmt: skip
    assert evaluated.returncode == 0, evaluated.stderr[-2000:]
    summary = json.loads(next(tmp_path.glob("evals-runs/*/summary.json")).read_text("utf-8"))
    assert summary["datasets"]["retrieval"]["overall"]["n"] == 24


def test_serve_runs_from_the_wheel(installed: Path, tmp_path: Path, user: dict[str, str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [str(installed / "drafter"), "serve", "--port", str(port), "--no-knowledge"],
        cwd=tmp_path, env=user, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/example", timeout=2) as r:
                    example = json.loads(r.read())
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(
                "the page did not start: " + (server.stderr.read() if server.poll() else "")
            )
        assert example["brief"]["title"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert b"<html" in r.read().lower()
    finally:
        server.terminate()
        server.wait(timeout=20)
