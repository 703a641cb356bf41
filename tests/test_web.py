"""The web page's API on a scripted fake backend: streaming drafts, findings with spans, fixes
and re-checks without the model, exports, batches on the rewrite journal, limits and safety."""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pieces import pieces_answer, read_answer
from test_draft import answer
from test_rewrite import LEGACY, extraction

from drafter import web
from drafter.backends import Completion, Message, TokenCallback, Usage
from drafter.errors import BackendError
from drafter.retrieve import RetrievedPassage
from drafter.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
BASE = "http://127.0.0.1:8765"
SECRET = "sk-test-secret-web-0123456789"

# An English answer (the pieces a draft asks for: hook, summary, one bullet per duty).
EN = answer(
    role_overview="The team answers enquiries by phone, email and chat, and keeps every case in"
    " Zendesk.",
    responsibilities=[
        "Answer delivery enquiries from shoppers and merchants.",
        "Trace delayed parcels with the depot teams.",
        "Handle complaints and escalate claims with full notes.",
    ],
)
# A Traditional Chinese answer.
ZH = {
    "title": "客戶服務主任",
    "hook": "海港物流有限公司現招聘客戶服務主任，在觀塘接聽客戶電話。",
    "about_us": "我們為全港網店提供即日及翌日送貨服務，客戶服務團隊設於觀塘，"
                "團隊氣氛友善，互相支援。",
    "role_overview": "客戶服務主任透過電話、電郵及網上即時對話服務客戶。",
    "responsibilities": [
        "接聽客戶電話，解答送貨查詢。",
        "跟進送貨查詢及延誤包裹。",
        "冷靜處理投訴，並記錄每個個案。",
        "在每更結束前把所有個案記錄在工單系統內。",
        "每週整理顧客意見，與營運團隊分享改善建議。",
    ],
    "growth": "新同事會有兩星期的入職培訓，並由資深同事一對一帶領，熟習後可參與更多專案。",
    "closing": "如果你有興趣，歡迎按以下方法申請，我們期待認識你。",
}  # fmt: skip


def pieces_for(props: dict[str, Any], prompt: str) -> dict[str, Any]:
    """The pieces a draft asks for, from EN or ZH (Chinese drafts have shorter limits)."""
    sized = (props.get("hook") or props.get("role_overview")
             or props.get("responsibilities", {}).get("items", {}))  # fmt: skip
    base = ZH if sized.get("maxLength", 999) < 200 else EN
    return pieces_answer(props, prompt, hook=base["hook"], summary=base["role_overview"],
                         duties=base["responsibilities"])  # fmt: skip


class ScriptedBackend:
    """A fake backend that answers by what is asked (brief extraction, or a draft in English or
    Chinese), any number of times and from any thread, streaming the answer in pieces."""

    name = "fake"
    model = "scripted"
    context_window = 8192

    def __init__(
        self,
        *,
        extract: dict[str, Any] | None = None,
        piece: int = 40,
        delay: float = 0.0,
        fail: BaseException | None = None,
    ) -> None:
        self.extract = extract or extraction(LEGACY)
        self.piece = piece
        self.delay = delay
        self.fail = fail
        self.calls: list[str] = []
        self.lock = threading.Lock()

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        on_token: TokenCallback | None = None,
        repeat_penalty: float | None = None,
    ) -> Completion:
        props = (schema or {}).get("properties", {})
        kind = "extract" if "kinds" in props or "company" in props else "draft"
        with self.lock:
            self.calls.append(kind)
        if self.fail is not None:
            raise self.fail
        if kind == "extract":
            data: dict[str, Any] = read_answer(schema, self.extract)
        else:  # the pieces asked for; Chinese drafts have far shorter limits in the schema
            data = pieces_for(props, messages[-1]["content"])
        text = json.dumps(data, ensure_ascii=False)
        if on_token is not None:
            for i in range(0, len(text), self.piece):
                on_token(text[i : i + self.piece])
                if self.delay:
                    time.sleep(self.delay)
        usage = Usage(backend=self.name, model=self.model, prompt_tokens=100,
                      completion_tokens=len(text) // 4, calls=1)  # fmt: skip
        return Completion(text=text, usage=usage)


def passage(pid: str, title: str, kind: str = "guide") -> RetrievedPassage:
    return RetrievedPassage(
        id=pid, doc_id=pid.split("#")[0], n=1, text="## Tone\nWrite plainly, to the candidate.",
        title=title, heading="Tone", kind=kind, language="en", tone="any", role="any",
        industry="any", jurisdiction="any", source="x.md", origin="builtin", score=0.9,
    )  # fmt: skip


# What the draft shows the model is one example ad of its language (as a style sample); the
# guides are retrieved too, but not shown, so they are not its sources.
PASSAGES = [passage("example.en.retail-rep.lively#1", "Example ad", "example"),
            passage("guide.tone#1", "Tone guide")]  # fmt: skip


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("OPENAI_API_KEY", "DRAFTER_BACKEND", "DRAFTER_HOME", "DRAFTER_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "home"


def make_app(home: Path, backend: Any = None, **kw: Any) -> Any:
    settings = load_settings(home=home, backend="fake", max_reasks=1)
    return web.create_app(
        settings, backend=backend or ScriptedBackend(), retriever=lambda *_a: list(PASSAGES),
        knowledge=False, **kw,
    )  # fmt: skip


@pytest.fixture
def backend() -> ScriptedBackend:
    return ScriptedBackend()


@pytest.fixture
def client(home: Path, backend: ScriptedBackend) -> TestClient:
    return TestClient(make_app(home, backend), base_url=BASE)


def example_brief() -> dict[str, Any]:
    import yaml

    data = yaml.safe_load((ROOT / "examples" / "briefs" / "hk-cs-officer.yaml").read_text())
    return json.loads(json.dumps(data, default=str))  # as the page sends it: dates as text


def events(response: Any) -> list[tuple[str, Any]]:
    """The Server-Sent Events of a response body, in order."""
    out = []
    for block in response.text.split("\n\n"):
        lines = [ln for ln in block.split("\n") if ln and not ln.startswith(":")]
        if not lines:
            continue
        name = next(ln[6:].strip() for ln in lines if ln.startswith("event:"))
        data = "".join(ln[5:].strip() for ln in lines if ln.startswith("data:"))
        out.append((name, json.loads(data)))
    return out


def draft(client: TestClient, **body: Any) -> list[tuple[str, Any]]:
    response = client.post("/api/draft", json=body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    return events(response)


def result_of(evs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = [data for name, data in evs if name == "result"]
    assert found, evs
    return found[0]


# --- the page itself --------------------------------------------------------------------------


def test_pages_are_served_locally_with_security_headers(client: TestClient) -> None:
    for path in ("/", "/batch"):
        page = client.get(path)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-content-type-options"] == "nosniff"
        # no CDN: every script, stylesheet and icon comes from this server
        refs = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert refs and all(r.startswith("/") or r.startswith("#") for r in refs), refs
        for ref in refs:
            if ref.startswith("/static/"):
                assert client.get(ref).status_code == 200, ref
    assert "<script" not in client.get("/static/draft.js").text  # plain JS, no markup
    assert client.get("/static/../web.py").status_code == 404


def test_info_names_backend_and_limits(client: TestClient) -> None:
    info = client.get("/api/info").json()
    assert (info["backend"], info["model"]) == ("fake", "scripted")
    assert info["limits"]["max_files"] == 50 and info["limits"]["max_file_bytes"] == 10 * 2**20
    assert ".docx" in info["suffixes"] and ".xlsx" in info["suffixes"]


def test_example_brief_fills_the_form(client: TestClient) -> None:
    brief = client.get("/api/example").json()["brief"]
    assert brief["company"]["name"] == "Harbourline Logistics"
    assert brief["requirements"]["must_have"][0] == "HKDSE or above"


# --- drafting -----------------------------------------------------------------------------------


def test_draft_streams_the_ad_then_findings_sources_and_score(
    client: TestClient, backend: ScriptedBackend
) -> None:
    evs = draft(client, brief=example_brief(), language="en", tone="lively")
    names = [n for n, _ in evs]
    assert names[0] == "status" and names.index("attempt") < names.index("result")
    previews = [d for n, d in evs if n == "preview"]
    assert len(previews) >= 2  # the ad shows up piece by piece
    assert previews[-1]["text"].startswith("# Customer Service Officer\n\nHarbourline Logistics")
    assert "## What you'll do\n\n- Answer delivery enquiries" in previews[-1]["text"]
    assert previews[-1]["tokens"] > previews[0]["tokens"]
    result = result_of(evs)
    md = result["markdown"]
    assert "HKD 18,000–22,000 per month" in md and "careers@harbourline.example.com" in md
    assert [s["id"] for s in result["sources"]] == ["example.en.retail-rep.lively#1"]
    assert (
        result["sources"][0]["title"] == "Example ad"
        and "Write plainly" in (result["sources"][0]["excerpt"])
    )
    check = result["check"]
    # findings come with where they are and why (the check page's fixes are tested below)
    assert all({"rule", "level", "span", "message"} <= f.keys() for f in check["findings"])
    assert not [f for f in check["findings"] if f["category"].startswith("discrimination")]
    penalty = {"error": 25, "warning": 8, "notice": 2}
    assert check["score"] == max(0, 100 - sum(penalty[x["level"]] for x in check["findings"]))
    assert result["brief"]["company"]["name"] == "Harbourline Logistics"
    assert backend.calls == ["draft"]


def test_free_text_note_is_read_into_a_brief_then_drafted(
    client: TestClient, backend: ScriptedBackend
) -> None:
    evs = draft(client, text=LEGACY, language="en")
    brief = next(d for n, d in evs if n == "brief")["brief"]
    assert brief["company"]["name"] == "海港物流有限公司" and brief["location"] == "觀塘"
    # a Chinese note for an English ad: its facts are translated in a call of their own
    assert backend.calls == ["extract", "draft", "draft"]
    assert "海港物流有限公司" in result_of(evs)["markdown"]
    # what the note leaves out is sent for the page to mark: no employment type, no pay period
    event = next(d for n, d in evs if n == "brief")
    assert "employment_type" in {g["field"] for g in event["missing"]}
    assert all({"field", "message"} <= g.keys() for g in event["missing"] + event["ambiguous"])


def test_a_pasted_yaml_brief_is_used_as_is(client: TestClient, backend: ScriptedBackend) -> None:
    text = (
        "title: 客戶服務主任\ncompany: {name: 海港物流有限公司}\nlocation: 觀塘\n"
        "channels: [phone, email, chat]\n"
        "duties: [接聽客戶電話, 跟進送貨查詢]\n"
        "requirements: {must_have: [中五程度, 18至30歲]}\n"
        "how_to_apply: {email: hr@harbour.example.hk}\n"
    )
    evs = draft(client, text=text, language="zh-Hant", tone="professional")
    assert backend.calls == ["draft"] and "brief" not in [n for n, _ in evs]
    result = result_of(evs)
    assert result["language"] == "zh-Hant" and "# 客戶服務主任" in result["markdown"]
    # the age condition in the pasted brief is not printed, and the page is told why
    assert "18至30歲" not in result["markdown"] and "中五程度" in result["markdown"]
    assert any("18至30歲" in f["message"] and "age" in f["message"] for f in result["fixes"])
    assert not [
        f for f in result["check"]["findings"] if f["category"].startswith("discrimination")
    ]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"brief": {"title": "CS Rep", "location": "X"}}, "company", "required field is missing"),
        ({"brief": {"title": "CS Rep", "company": {"name": "A"}, "locaton": "X"}}, "locaton",
         "did you mean 'location'"),
        ({"brief": {"title": "CS Rep", "company": {"name": "A"}, "location": "X"}},
         "how_to_apply", "add an email"),
        ({"brief": {**example_brief(), "pay": {"min": 30, "max": 10}}}, "pay",
         "pay.min is greater than pay.max"),
        ({"brief": example_brief(), "language": "fr"}, "language", "Input should be"),
        ({"brief": example_brief(), "text": "CS rep"}, "brief", "either a brief or a short note"),
        ({"text": "   "}, "brief", "either a brief or a short note"),
    ],
)  # fmt: skip
def test_bad_brief_is_422_naming_the_field_and_the_fix(
    client: TestClient, backend: ScriptedBackend, body: dict[str, Any], field: str, words: str
) -> None:
    response = client.post("/api/draft", json=body)
    assert response.status_code == 422
    data = response.json()
    assert data["field"] == field and words in data["error"] and data["fix"]
    assert "Traceback" not in response.text
    assert backend.calls == []


def test_backend_errors_and_crashes_are_messages_not_tracebacks(home: Path) -> None:
    failing = ScriptedBackend(fail=BackendError("cannot reach http://127.0.0.1:9/v1",
                                                fix="start the server"))  # fmt: skip
    client = TestClient(make_app(home, failing), base_url=BASE)
    error = dict(draft(client, brief=example_brief()))["error"]
    assert error["kind"] == "BackendError" and "cannot reach" in error["error"]
    assert error["fix"] == "start the server"
    crashing = ScriptedBackend(fail=RuntimeError("boom at line 42"))
    client = TestClient(make_app(home, crashing), base_url=BASE)
    error = dict(draft(client, brief=example_brief()))["error"]
    assert error == {"error": "internal error; the details are in the server log"}
    assert client.get("/api/nothing-here").json() == {"error": "Not Found"}
    app = make_app(home)
    app.state.services.check = lambda *_a: 1 / 0
    client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    crash = client.post("/api/check", json={"text": "# Ad\n"})
    assert crash.status_code == 500 and "Traceback" not in crash.text
    assert crash.json()["error"].startswith("internal error (ZeroDivisionError)")


# --- checking, fixing, exporting ------------------------------------------------------------------


def test_recheck_and_fixes_never_call_the_model(
    client: TestClient, backend: ScriptedBackend
) -> None:
    brief = example_brief()
    md = result_of(draft(client, brief=brief))["markdown"]
    calls = list(backend.calls)
    extra = (
        "\n\nHe or she will pass sales leads to the duty salesman and write to "
        "careers@other.example.org for help."
    )
    edited = md.replace("The role", "The role" + extra)
    check = client.post(
        "/api/check", json={"text": edited, "brief": brief, "language": "en"}
    ).json()
    rules = {f["rule"]: f for f in check["findings"]}
    assert {
        "en.gendered_title",
        "en.gendered_pronoun",
        "faithfulness.invented_fact",
    } <= rules.keys()
    invented = rules["faithfulness.invented_fact"]
    assert edited[invented["span"][0] : invented["span"][1]] == "careers@other.example.org"
    assert invented["level"] == "error" and invented["fix"]["insert"] == ""
    one = client.post("/api/fix", json={
        "text": edited, "brief": brief, "language": "en",
        "targets": [{k: rules["en.gendered_title"][k] for k in ("rule", "start", "end")}],
    }).json()  # fmt: skip
    assert one["changed"] and "duty salesperson and" in one["text"] and "He or she" in one["text"]
    assert "en.gendered_title" not in {f["rule"] for f in one["check"]["findings"]}
    every = client.post("/api/fix", json={"text": edited, "brief": brief, "language": "en"}).json()
    assert "careers@other.example.org" not in every["text"] and "salesman" not in every["text"]
    left = {f["rule"] for f in every["check"]["findings"]}
    assert not left & {"en.gendered_title", "faithfulness.invented_fact"}
    stale = client.post("/api/fix", json={
        "text": edited, "brief": brief, "language": "en",
        "targets": [{"rule": "en.gendered_title", "start": 0, "end": 3}],
    }).json()  # fmt: skip
    assert stale["changed"] is False and stale["text"] == edited
    assert backend.calls == calls  # no model call for any of it
    # without a brief, the facts cannot be checked but everything else is
    bare = client.post("/api/check", json={"text": edited, "language": "en"}).json()
    assert "faithfulness.invented_fact" not in {f["rule"] for f in bare["findings"]}


def test_the_page_checks_against_a_chosen_job_board(client: TestClient) -> None:
    boards = client.get("/api/info").json()["boards"]
    assert [b["id"] for b in boards] == ["jobsdb", "generic-cn"]
    brief = example_brief()
    md = result_of(draft(client, brief=brief))["markdown"]

    def rules(board: str | None) -> set[str]:
        body = {"text": md, "brief": brief, "language": "en", "board": board}
        return {f["rule"] for f in client.post("/api/check", json=body).json()["findings"]}

    assert not any(r.startswith("board.") for r in rules(None))
    assert {"board.jobsdb.html", "board.jobsdb.bullets"} <= rules("jobsdb")
    thin = {**brief, "headcount": None}
    body = {"text": md, "brief": thin, "language": "en", "board": "generic-cn"}
    found = client.post("/api/check", json=body).json()["findings"]
    assert any(f["rule"] == "board.generic-cn.required" and "headcount" in f["message"]
               and f["level"] == "error" for f in found)  # fmt: skip
    fixed = client.post("/api/fix", json=body).json()
    assert any(f["rule"] == "board.generic-cn.required" for f in fixed["check"]["findings"])
    unknown = client.post("/api/check", json={"text": md, "board": "monster"})
    assert unknown.status_code == 422 and "board" in unknown.text


def test_the_score_counts_what_a_reader_notices(client: TestClient) -> None:
    """A duty said twice and a hotel the brief never had were once 100/100 on the page."""
    brief = example_brief()
    result = result_of(draft(client, brief=brief))
    md = result["markdown"]
    duty = next(line for line in md.splitlines() if line.startswith("- "))
    edited = md.replace(duty, f"{duty}\n{duty}", 1).replace(
        "\n\n## ", "\n\nGuests of our harbour hotel enjoy sea views from every suite.\n\n## ", 1
    )
    clean = client.post("/api/check", json={"text": md, "brief": brief, "language": "en"}).json()
    check = client.post(
        "/api/check", json={"text": edited, "brief": brief, "language": "en"}
    ).json()
    rules = {f["rule"] for f in check["findings"]}
    assert {"reading.repeated", "reading.ungrounded"} <= rules
    assert check["score"] < clean["score"]
    assert result["check"]["score"] == clean["score"]  # the draft's own check reads it too
    bare = client.post("/api/check", json={"text": edited, "language": "en"}).json()
    assert not any(f["rule"].startswith("reading.") for f in bare["findings"])


def test_spans_are_in_the_pages_utf16_units(client: TestClient) -> None:
    text = "# Sales 🙂🙂 role\n\nOur salesman helps 顧客.\n"
    check = client.post("/api/check", json={"text": text, "language": "en"}).json()
    f = next(f for f in check["findings"] if f["rule"] == "en.gendered_title")
    assert text[f["start"] : f["end"]] == "salesman"
    assert f["span"] == [f["start"] + 2, f["end"] + 2]  # each emoji is two UTF-16 units
    assert (
        text.encode("utf-16-le")[2 * f["span"][0] : 2 * f["span"][1]].decode("utf-16-le")
        == "salesman"
    )


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_control_characters_never_break_an_export(client: TestClient, fmt: str) -> None:
    """Word types \x0b for Shift+Enter; \x00 and \x07 come with pasted text. The docx route
    answered 500 on any of them and the server dropped the connection."""
    md = "# CS Officer\x07\n\nAnswer calls\x0band chats.\x00\n\n- Log cases\x1f\x7f\n"
    got = client.post(f"/api/export/{fmt}", json={"text": md, "language": "en",
                                                   "title": "CS\x00 Officer"})  # fmt: skip
    assert got.status_code == 200, got.text
    if fmt == "docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(io.BytesIO(got.content)).paragraphs)
    else:
        text = got.content.decode("utf-8")
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    assert "Answer calls" in text and "and chats." in text and "Log cases" in text


def test_exports_markdown_escaped_html_and_docx_with_east_asian_font(client: TestClient) -> None:
    import docx

    md = ("# 客戶服務主任 <script>alert(1)</script>\n\n**海港物流** · 觀塘\n\n## 工作範疇\n\n"
          "- 接聽 **顧客** 電話\n- 處理投訴\n\n### 必須\n\n- 中五程度\n")  # fmt: skip
    body = {"text": md, "language": "zh-Hant"}
    got = client.post("/api/export/md", json=body)
    assert got.status_code == 200 and got.text == md
    assert "filename*=UTF-8''%E5%AE%A2" in got.headers["content-disposition"]
    page = client.post("/api/export/html", json=body).text
    assert "<script>" not in page and "&lt;script&gt;" in page and "<h2>工作範疇</h2>" in page
    got = client.post("/api/export/docx", json=body)
    assert got.headers["content-type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(io.BytesIO(got.content))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert styles[0] == ("Title", "客戶服務主任 <script>alert(1)</script>")
    assert ("Heading 1", "工作範疇") in styles and ("Heading 2", "必須") in styles
    assert ("List Bullet", "接聽 顧客 電話") in styles
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "顧客" in bold and "海港物流" in bold
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    run = document.paragraphs[0].runs[0]._element
    fonts = run.find(f"{ns}rPr/{ns}rFonts")
    assert fonts.get(f"{ns}eastAsia") == "Microsoft JhengHei"
    assert run.find(f"{ns}rPr/{ns}lang").get(f"{ns}eastAsia") == "zh-HK"
    heading = document.styles["Heading 1"].element.find(f"{ns}rPr/{ns}rFonts")
    assert heading.get(f"{ns}eastAsia") == "Microsoft JhengHei"
    assert heading.get(f"{ns}eastAsiaTheme") is None  # a theme font would override ours
    hans = client.post("/api/export/docx", json={"text": "# 客服专员\n", "language": "zh-Hans"})
    assert b"Microsoft YaHei" in zipfile.ZipFile(io.BytesIO(hans.content)).read("word/document.xml")
    assert client.post("/api/export/pdf", json=body).status_code == 422


# --- batches --------------------------------------------------------------------------------------


def wait_for(client: TestClient, batch_id: str, states: tuple[str, ...] = ("finished",),
             timeout: float = 20) -> dict[str, Any]:  # fmt: skip
    deadline = time.time() + timeout
    while time.time() < deadline:
        status = client.get(f"/api/batches/{batch_id}").json()
        if status["state"] in states:
            return status
        time.sleep(0.05)
    raise AssertionError(f"batch stuck: {status}")


def legacy_upload(n: int) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [
        (
            "files",
            (f"old/jd-{i}.txt", LEGACY.replace("誠聘", f"第{i}號 誠聘").encode(), "text/plain"),
        )
        for i in range(n)
    ]


def test_uploads_whose_names_look_alike_each_get_their_ad_in_the_zip(
    client: TestClient, backend: ScriptedBackend
) -> None:
    files = [
        ("files", (name, LEGACY.replace("誠聘", f"第{i}號 誠聘").encode(), "text/plain"))
        for i, name in enumerate(["dup name.txt", "dup_name.txt", "Dup_Name.txt"])
    ]
    response = client.post("/api/batches", files=files, data={"language": "en"})
    assert response.status_code == 201, response.text
    batch_id = response.json()["id"]
    assert wait_for(client, batch_id)["counts"]["done"] == 3
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(f"/api/batches/{batch_id}/results.zip").content)
    )
    ads = [n for n in archive.namelist() if n.endswith(".md")]
    assert len(ads) == len({n.lower() for n in ads}) == 3


def test_batch_runs_on_the_rewrite_journal_and_zips_results(
    client: TestClient, backend: ScriptedBackend, home: Path
) -> None:
    options = {"tone": "lively", "language": "en", "jurisdiction": "hk"}
    response = client.post("/api/batches", files=legacy_upload(2), data=options)
    assert response.status_code == 201, response.text
    batch_id = response.json()["id"]
    status = wait_for(client, batch_id)
    assert status["counts"] == {"total": 2, "done": 2, "failed": 0, "running": 0,
                                "remaining": 0, "clean": 2, "review": 0}  # fmt: skip
    assert sorted(i["name"] for i in status["items"]) == ["old__jd-0.txt", "old__jd-1.txt"]
    assert all(i["changes"] and i["score"] is not None for i in status["items"])
    assert status["options"] == {"tone": "lively", "language": "en", "jurisdiction": "hk"}
    out = home / "web" / "batches" / batch_id / "out"
    with sqlite3.connect(out / "journal.sqlite") as db:  # the CLI's journal, rows done
        assert sorted(r[0] for r in db.execute("SELECT state FROM items")) == ["done", "done"]
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(f"/api/batches/{batch_id}/results.zip").content)
    )
    names = {Path(n).name for n in archive.namelist()}
    from drafter.rewrite import safe_name

    for stem in (safe_name("inputs/old__jd-0.txt"), safe_name("inputs/old__jd-1.txt")):
        assert {f"{stem}.md", f"{stem}.html", f"{stem}.docx", f"{stem}.report.json"} <= names
    assert {"summary.csv", "summary.html"} <= names and "journal.sqlite" not in names
    csv_text = client.get(f"/api/batches/{batch_id}/summary.csv").text
    assert csv_text.count("\n") == 3 and "jd-1.txt" in csv_text
    summary = client.get(f"/api/batches/{batch_id}/summary.html")
    assert (
        "Rewrite summary" in summary.text
        and "script-src" not in summary.headers["content-security-policy"]
    )
    listed = client.get("/api/batches").json()["batches"]
    assert [b["id"] for b in listed] == [batch_id] and "items" not in listed[0]
    # each Chinese JD for an English ad: one reading, one translation of its facts, one draft
    assert backend.calls.count("extract") == 2 and backend.calls.count("draft") == 4


def test_upload_limits_are_clear_messages(client: TestClient, backend: ScriptedBackend) -> None:
    too_many = client.post("/api/batches", files=legacy_upload(51))
    assert too_many.status_code == 413 and "51 files" in too_many.json()["error"]
    assert "at most 50" in too_many.json()["error"]
    big = [("files", ("huge.txt", b"x" * (10 * 2**20 + 1), "text/plain")), *legacy_upload(1)]
    response = client.post("/api/batches", files=big)
    assert response.status_code == 413 and "huge.txt is over 10 MB" in response.json()["error"]
    odd = client.post("/api/batches", files=[("files", ("macro.doc", b"x", "application/x"))])
    assert odd.status_code == 422 and "macro.doc" in odd.json()["error"]
    assert "unsupported file type .doc" in odd.json()["error"]
    assert client.post("/api/batches", data={"tone": "lively"}).status_code == 422
    bad = client.post("/api/batches", files=legacy_upload(1), data={"tone": "grumpy"})
    assert bad.status_code == 422 and bad.json()["field"] == "tone"
    assert client.get("/api/batches").json() == {"batches": []} and backend.calls == []
    assert client.get("/api/batches/../../etc").status_code == 404
    assert client.get("/api/batches/20990101-000000-abcdef").status_code == 422


def test_restarted_server_resumes_an_unfinished_batch(home: Path) -> None:
    first = ScriptedBackend()
    client = TestClient(make_app(home, first), base_url=BASE)
    batch_id = client.post("/api/batches", files=legacy_upload(2)).json()["id"]
    wait_for(client, batch_id)
    # As if the server was killed mid-batch: one item still running, its outputs not written.
    folder = home / "web" / "batches" / batch_id
    meta = json.loads((folder / "batch.json").read_text())
    (folder / "batch.json").write_text(json.dumps({**meta, "state": "running"}))
    with sqlite3.connect(folder / "out" / "journal.sqlite") as db:
        key = db.execute("SELECT key FROM items ORDER BY key DESC").fetchone()[0]
        db.execute("UPDATE items SET state = 'running', outcome = NULL WHERE key = ?", (key,))
    from drafter.rewrite import safe_name

    stem = safe_name("inputs/old__jd-1.txt")
    for path in (folder / "out").glob(f"{stem}*"):
        path.unlink()
    second = ScriptedBackend()
    client = TestClient(make_app(home, second), base_url=BASE)  # the restart
    status = wait_for(client, batch_id)
    assert status["counts"]["done"] == 2 and status["counts"]["failed"] == 0
    assert second.calls == ["extract", "draft"]  # only the interrupted item ran again
    assert (folder / "out" / f"{stem}.md").is_file()


def test_failed_items_can_be_retried_and_done_ones_are_kept(home: Path) -> None:
    backend = ScriptedBackend(fail=BackendError("the endpoint said 400", fix="check the model"))
    client = TestClient(make_app(home, backend), base_url=BASE)
    batch_id = client.post("/api/batches", files=legacy_upload(2)).json()["id"]
    status = wait_for(client, batch_id)
    assert status["counts"]["failed"] == 2 and status["counts"]["done"] == 0
    assert all("the endpoint said 400" in i["error"] for i in status["items"])
    backend.fail = None
    backend.calls.clear()
    retried = client.post(f"/api/batches/{batch_id}/retry")
    assert retried.status_code == 202
    status = wait_for(client, batch_id)
    assert status["counts"]["done"] == 2 and status["counts"]["failed"] == 0
    assert backend.calls.count("draft") == 2
    backend.calls.clear()
    assert client.post(f"/api/batches/{batch_id}/retry").status_code == 202
    assert wait_for(client, batch_id)["counts"]["done"] == 2
    assert backend.calls == []  # nothing failed, nothing redone


# --- safety ---------------------------------------------------------------------------------


def test_api_keys_never_reach_the_page(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    leaky = ScriptedBackend(fail=BackendError(f"401 from server: key {SECRET} refused",
                                              fix=f"check {SECRET}"))  # fmt: skip
    settings = load_settings(home=home, backend="openai", base_url="http://127.0.0.1:9/v1",
                             max_reasks=0)  # fmt: skip
    app = web.create_app(settings, backend=leaky, knowledge=False)
    client = TestClient(app, base_url=BASE)
    seen = []
    for path in ("/", "/batch", "/api/info", "/static/draft.js", "/static/common.js"):
        seen.append(client.get(path).text)
    assert "127.0.0.1:9" not in seen[2]  # not even the endpoint
    seen.append(client.post("/api/draft", json={"brief": example_brief()}).text)
    assert "refused" in seen[-1] and "***" in seen[-1]
    seen.append(client.post("/api/draft", json={"text": "CS rep " + SECRET}).text)
    seen.append(client.post("/api/check", json={"text": "# Ad\n", "language": "en"}).text)
    batch_id = client.post("/api/batches", files=legacy_upload(1)).json()["id"]
    status = wait_for(client, batch_id)
    assert status["counts"]["failed"] == 1
    seen.append(json.dumps(status))
    seen.append(client.get(f"/api/batches/{batch_id}/summary.csv").text)
    seen.append(client.get(f"/api/batches/{batch_id}/summary.html").text)
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(f"/api/batches/{batch_id}/results.zip").content)
    )
    seen += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()]
    assert "***" in seen[-1] or any("***" in s for s in seen)
    for text in seen:
        assert SECRET not in text


def test_other_sites_and_hosts_are_refused(client: TestClient, backend: ScriptedBackend) -> None:
    cross = client.post("/api/draft", json={"brief": example_brief()},
                        headers={"Origin": "http://evil.example"})  # fmt: skip
    assert cross.status_code == 403 and backend.calls == []
    upload = client.post("/api/batches", files=legacy_upload(1), headers={"Origin": "null"})
    assert upload.status_code == 403
    rebound = client.get("/api/info", headers={"Host": "evil.example:8765"})
    assert rebound.status_code == 400 and "unknown host" in rebound.json()["error"]
    same = client.post("/api/check", json={"text": "# Ad\n"}, headers={"Origin": BASE})
    assert same.status_code == 200
    huge = client.post("/api/check", content=b"{}", headers={
        "Content-Type": "application/json", "Content-Length": str(5 * 2**20)})  # fmt: skip
    assert huge.status_code == 413


def test_model_and_user_strings_come_back_as_data(client: TestClient) -> None:
    brief = example_brief()
    brief["title"] = "CS Rep <script>alert(1)</script>"
    brief["duties"] = ['<img src=x onerror="alert(2)"> answer calls']
    result = result_of(draft(client, brief=brief))
    # the ad is Markdown text for the page to show with textContent, its markup made inert for
    # whoever pastes it into a CMS; the HTML export escapes it
    assert "# CS Rep &lt;script>alert(1)&lt;/script>" in result["markdown"]
    html = client.post("/api/export/html", json={"text": result["markdown"]}).text
    assert "<script>alert" not in html and "<img src=x" not in html
    js = "".join(p.read_text() for p in (ROOT / "drafter" / "static").glob("*.js"))
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js


# --- helpers and the command ----------------------------------------------------------------------


def test_preview_reads_json_that_is_still_being_written() -> None:
    raw = '{"title": "CS \\"Star\\" Rep", "hook": "Help sh\\u00e9ppers", '
    raw += '"responsibilities": ["A.", "B'
    fields = web.partial_fields(raw)
    assert fields == {"title": 'CS "Star" Rep', "hook": "Help shéppers",
                      "responsibilities": ["A.", "B"]}  # fmt: skip
    assert web.partial_fields('{"hook": "half an escape \\u00') == {"hook": "half an escape "}
    text = web.preview_text(
        '{"hook": "我們", "responsibilities": ["接聽", "跟', "zh-Hant", title="客服"
    )
    assert text == "# 客服\n\n我們\n\n## 工作範疇\n\n- 接聽\n- 跟"


def test_upload_names_are_flattened_and_harmless() -> None:
    assert web.safe_upload_name("../../etc/passwd") == "etc__passwd"
    assert web.safe_upload_name("C:\\jds\\舊職位.docx") == "C___jds__舊職位.docx"
    assert web.safe_upload_name("a/<b>.txt") == "a___b_.txt"
    assert web.safe_upload_name("..") == "upload"


def test_serve_binds_to_loopback_and_says_so(tmp_path: Path) -> None:
    env = {**os.environ, "DRAFTER_HOME": str(tmp_path / "home"), "DRAFTER_BACKEND": "fake"}
    env.pop("OPENAI_API_KEY", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "drafter.cli", "serve", "--port", "0", "--no-knowledge"],
        cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert "bound to loopback (127.0.0.1): only this machine can open it" in line, line
        url = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert url is not None
        import httpx

        for _ in range(50):
            try:
                info = httpx.get(f"{url.group(0)}api/info", timeout=2).json()
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        assert info["backend"] == "fake"
        busy = subprocess.run(
            [sys.executable, "-m", "drafter.cli", "serve", "--port", url.group(1)],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert busy.returncode == 2 and "cannot listen on 127.0.0.1" in busy.stderr
        assert "--port" in busy.stderr and "Traceback" not in busy.stderr
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_page_asks_again_after_a_garbled_answer_at_every_stage(
    home: Path, openai_stub: Any
) -> None:
    """Issue 25, point 7: one stream cut short, one event that is not JSON or one reading that
    breaks its schema failed the page's draft ("internal error", a traceback in the log)."""
    from openai_stub import Reply
    from test_rewrite import good_reply, is_extraction

    from drafter.backends import make_backend

    faults = {True: iter(["schema"]), False: iter(["cut", "garbled"])}  # reading, drafting
    served: list[str] = []

    def responder(request: Any) -> Any:
        fault = next(faults[is_extraction(request)], None)
        served.append(fault or "good")
        if fault == "schema":
            return Reply(content='{"title": 5, "company": {"x": 1}}')
        good = good_reply(request)
        if fault == "cut":
            return Reply(content=good.content, cut_after=3)
        if fault == "garbled":
            return Reply(content=good.content, garbled_after=3)
        return good

    openai_stub.responder = responder
    settings = load_settings(home=home, backend="openai", base_url=openai_stub.base_url,
                             model="stub-model", max_reasks=1)  # fmt: skip
    app = web.create_app(settings, backend=make_backend(settings),
                         retriever=lambda *_a: list(PASSAGES), knowledge=False)  # fmt: skip
    evs = draft(TestClient(app, base_url=BASE), text=LEGACY, language="en")
    assert not [d for n, d in evs if n == "error"], evs
    assert "海港物流有限公司" in result_of(evs)["markdown"]
    # the preview started again after each broken stream: no half answer joined to the next
    assert sum(1 for n, _ in evs if n == "attempt") >= 3
    # …and the facts were translated, not printed as given for want of an answer
    assert served == ["schema", "good", "cut", "garbled", "good", "good"]
    assert "as_given" not in {f["kind"] for f in result_of(evs)["fixes"]}
