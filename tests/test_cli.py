"""The CLI: clear one-line errors with exit codes, and every output format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pieces import as_read
from test_draft import answer

from drafter import pipeline, store
from drafter.backends import FakeBackend
from drafter.cli import main

ROOT = Path(__file__).resolve().parent.parent
BRIEF = str(ROOT / "examples" / "briefs" / "hk-cs-officer.yaml")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DRAFTER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeBackend:
    backend = FakeBackend()
    monkeypatch.setattr(pipeline, "make_backend", lambda settings: backend)
    monkeypatch.setattr(store, "open_store", lambda settings: object())
    monkeypatch.setattr(pipeline, "retrieve", lambda *a, **k: [])
    return backend


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["draft", "missing.yaml"], 2, "missing.yaml: file not found"),
        (["draft", "bad.yaml"], 2, "malformed YAML at line"),
        (["draft", "typo.yaml"], 2, "did you mean 'location'"),
        (["draft", "empty.yaml"], 2, "file is empty"),
        (["draft", BRIEF, "--lang", "fr"], 2, "'fr' is not one of"),
        (["draft", BRIEF, "--tone", "funny"], 2, "'funny' is not one of"),
        (["draft", BRIEF, "--backend", "gpt"], 2, "'gpt' is not one of"),
    ],
)
def test_bad_input_is_one_clear_line(env: Path, args: list[str], code: int, words: str) -> None:
    (env / "bad.yaml").write_text("title: [x\n")
    (env / "typo.yaml").write_text("title: CS Rep\ncompany: {name: A}\nlocaton: X\n")
    (env / "empty.yaml").write_text("")
    exit_code, _out, err = run(*args)
    assert exit_code == code
    assert words in err
    assert "Traceback" not in err


def test_missing_api_key_says_how_to_set_it(env: Path) -> None:
    code, _out, err = run("draft", BRIEF, "--backend", "openai",
                          "--base-url", "https://api.example.com/v1")  # fmt: skip
    assert code == 3 and "OPENAI_API_KEY" in err and "Traceback" not in err


def test_unreachable_endpoint_is_a_clear_error(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-123456")
    monkeypatch.setenv("DRAFTER_TIMEOUT", "3")
    monkeypatch.setattr(store, "open_store", lambda settings: object())
    monkeypatch.setattr(pipeline, "retrieve", lambda *a, **k: [])
    code, _out, err = run("draft", BRIEF, "--backend", "openai", "--base-url",
                          "http://127.0.0.1:9/v1", "--quiet")  # fmt: skip
    assert code == 3 and "cannot reach" in err
    assert "sk-test-secret" not in err and "Traceback" not in err


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "json", "jsonld", "docx"])
def test_draft_formats(env: Path, fake: FakeBackend, fmt: str) -> None:
    fake.enqueue(answer())
    out_file = env / f"ad.{fmt}"
    code, _out, err = run("draft", BRIEF, "--format", fmt, "-o", str(out_file))
    assert code == 0, err
    if fmt == "docx":
        import zipfile

        xml = zipfile.ZipFile(out_file).read("word/document.xml").decode("utf-8")
        assert "Harbourline Logistics" in xml
        return
    text = out_file.read_text(encoding="utf-8")
    assert "Harbourline Logistics" in text
    if fmt == "jsonld":
        data = json.loads(text)
        assert data["@type"] == "JobPosting" and data["employmentType"] == "FULL_TIME"
        assert "job-posting markup: identifier" in err  # what the brief cannot give is named
    if fmt == "html":
        assert '<script type="application/ld+json">' in text
    if fmt == "json":
        data = json.loads(text)
        assert {"markdown", "sections", "brief", "sources", "usage", "report"} <= data.keys()
        assert data["usage"]["backend"] == "fake" and "seconds" in data["usage"]
    if fmt == "html":
        assert text.startswith("<!doctype html>") and "<h2>About us</h2>" in text
    if fmt == "txt":
        assert "## " not in text and "• " in text


def test_free_text_brief_is_shown_and_saved(env: Path, fake: FakeBackend) -> None:
    fields = {
        "title": "Customer Service Representative", "company": "Swift Parcel",
        "location": "Kwun Tong", "pay_text": "HKD 18–22k", "benefits": ["5-day week"],
        "must_have": ["HKDSE"], "jurisdiction": "hk", "industry": "logistics",
        "seniority": "entry", "employment_type": "full-time",
    }  # fmt: skip
    fake.enqueue(as_read(fields), answer())
    note = ("CS rep at Swift Parcel, Kwun Tong, HKD 18–22k, HKDSE, 5-day week, "
            "apply hr@swiftparcel.example.com")  # fmt: skip
    saved = env / "brief.yaml"
    code, out, err = run("draft", note, "--save-brief", str(saved))
    assert code == 0, err
    assert "extracted brief" in err and "HKD 18–22k" in err
    assert "HKD 18–22k" in out and "hr@swiftparcel.example.com" in out
    # the saved brief drafts again as a normal brief file
    fake.enqueue(answer())
    code, out2, err = run("draft", str(saved))
    assert code == 0, err
    assert "Swift Parcel" in out2


def test_model_option_follows_the_backend_from_the_environment(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--model is a model name when DRAFTER_BACKEND picks an API backend, a GGUF path locally."""
    from drafter.settings import settings_for_command

    monkeypatch.setenv("DRAFTER_BACKEND", "openai")
    api = settings_for_command("qwen2.5:7b")
    assert (api.backend, api.model) == ("openai", "qwen2.5:7b")
    monkeypatch.delenv("DRAFTER_BACKEND")
    local = settings_for_command("/models/other.gguf")
    assert local.backend == "local" and str(local.model_path) == "/models/other.gguf"


def test_a_binary_format_needs_an_output_file(env: Path, fake: FakeBackend) -> None:
    fake.enqueue(answer())
    code, out, err = run("draft", BRIEF, "--format", "docx")
    assert code != 0 and "--output" in err and "Traceback" not in err
    assert len([ln for ln in err.splitlines() if "error" in ln]) == 1 and not out
