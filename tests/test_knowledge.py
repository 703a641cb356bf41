"""Knowledge documents, chunking and readers, on files the tests write."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import knowledge_file

from drafter.errors import InputError
from drafter.knowledge import (
    MAX_EXAMPLE_TOKENS,
    MAX_PASSAGE_TOKENS,
    chunk_document,
    estimate_tokens,
    load_documents,
    parse_document,
)
from drafter.readers import MAX_FILE_BYTES, decode_bytes, detect_language, read_document

GOOD_FRONT = (
    "id: g1\nkind: guide\nlanguage: en\ntone: any\nrole: any\nindustry: any\n"
    "jurisdiction: any\ntitle: A guide\n"
)

# --- front matter ------------------------------------------------------------------------


def test_valid_document_is_parsed() -> None:
    doc = parse_document(f"---\n{GOOD_FRONT}---\n## One\nText.\n", "g1.md")
    assert doc.meta.id == "g1"
    assert doc.meta.kind == "guide"
    assert doc.body == "## One\nText.\n"
    assert len(doc.content_hash) == 64


@pytest.mark.parametrize(
    ("front", "field", "fix_part"),
    [
        (GOOD_FRONT.replace("kind: guide", "kind: guidance"), "kind", "'example'"),
        (GOOD_FRONT.replace("tone: any", "tone: cheerful"), "tone", "'lively'"),
        (GOOD_FRONT.replace("industry: any", "industry: call center"), "industry", "call centre"),
        (GOOD_FRONT.replace("jurisdiction: any\n", ""), "jurisdiction", "add 'jurisdiction:'"),
        (GOOD_FRONT + "langauge2: en\n", "langauge2", "did you mean 'language'"),
        (GOOD_FRONT.replace("id: g1", "id: my guide#1"), "id", "no spaces"),
    ],
)
def test_front_matter_errors_name_file_field_and_fix(front: str, field: str, fix_part: str) -> None:
    with pytest.raises(InputError) as info:
        parse_document(f"---\n{front}---\nBody.\n", "knowledge/bad.md")
    err = info.value
    assert err.file == "knowledge/bad.md"
    assert err.field == field
    assert fix_part in (err.fix or "")
    assert "Traceback" not in str(err)


def test_missing_front_matter_and_malformed_yaml() -> None:
    with pytest.raises(InputError, match="no front matter"):
        parse_document("## Just a body\n", "x.md")
    with pytest.raises(InputError, match="malformed front matter"):
        parse_document("---\nid: [unclosed\n---\nBody\n", "x.md")
    with pytest.raises(InputError, match="key: value"):
        parse_document("---\n- a list\n---\nBody\n", "x.md")
    with pytest.raises(InputError, match="no body"):
        parse_document(f"---\n{GOOD_FRONT}---\n\n", "x.md")


def test_load_documents_recurses_skips_readme_and_refuses_duplicate_ids(tmp_path: Path) -> None:
    knowledge_file(tmp_path / "guides", "a", "## A\nText a.\n")
    knowledge_file(tmp_path / "examples" / "en", "b", "## B\nText b.\n", kind="example")
    (tmp_path / "README.md").write_text("# About this folder\n", encoding="utf-8")
    docs = load_documents(tmp_path)
    assert [d.meta.id for d in docs] == ["b", "a"]  # sorted by path: examples/ before guides/
    knowledge_file(tmp_path / "other", "a", "## A again\n", name="dup.md")
    with pytest.raises(InputError, match="duplicate id 'a'") as info:
        load_documents(tmp_path)
    assert info.value.field == "id"


def test_missing_knowledge_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="knowledge folder not found"):
        load_documents(tmp_path / "nope")


# --- chunking ----------------------------------------------------------------------------

SECTION = "Candidates read the first lines of every section closely, so make each count. " * 3


def _doc(body: str, kind: str = "guide", title: str = "Title T") -> object:
    front = GOOD_FRONT.replace("kind: guide", f"kind: {kind}").replace("A guide", title)
    return parse_document(f"---\n{front}---\n{body}", "t.md")


def test_guide_gives_one_passage_per_section_with_title_and_heading() -> None:
    body = f"# Title T\n\n## Pay\n{SECTION}\n\n## Duties\n{SECTION}\n\n## Apply\n{SECTION}\n"
    passages = chunk_document(_doc(body))  # type: ignore[arg-type]
    assert [p.heading for p in passages] == ["Pay", "Duties", "Apply"]
    assert [p.id for p in passages] == ["g1#1", "g1#2", "g1#3"]
    for p in passages:
        assert p.text.startswith("# Title T\n\n## ")
        assert p.text.count("# Title T") == 1  # the body's own H1 is not repeated
        assert p.doc_id == "g1" and p.kind == "guide" and p.source == "t.md"


def test_short_sections_are_merged() -> None:
    body = f"## Pay\nState it.\n\n## Hours\nSay them.\n\n## Duties\n{SECTION}\n"
    passages = chunk_document(_doc(body))  # type: ignore[arg-type]
    assert passages[0].heading.startswith("Pay / Hours")
    assert "State it." in passages[0].text and "Say them." in passages[0].text


def test_long_section_is_split_at_paragraphs_and_keeps_heading() -> None:
    paragraphs = "\n\n".join(f"Paragraph {i}. " + SECTION for i in range(12))
    passages = chunk_document(_doc(f"## Long\n{paragraphs}\n"))  # type: ignore[arg-type]
    assert len(passages) > 1
    for p in passages:
        assert p.heading.startswith("Long (")
        assert estimate_tokens(p.text) <= MAX_PASSAGE_TOKENS + 20
    joined = " ".join(p.text for p in passages)
    assert all(f"Paragraph {i}." in joined for i in range(12))


def test_short_example_stays_one_passage() -> None:
    body = "## About us\nWe sell tea.\n\n## Duties\n- Answer calls\n\n## Apply\nEmail us.\n"
    passages = chunk_document(_doc(body, kind="example"))  # type: ignore[arg-type]
    assert len(passages) == 1
    assert all(h in passages[0].text for h in ("## About us", "## Duties", "## Apply"))


def test_long_example_is_packed_into_whole_sections() -> None:
    sections = [f"## Part {i}\n" + SECTION * 2 for i in range(6)]
    passages = chunk_document(_doc("\n\n".join(sections), kind="example"))  # type: ignore[arg-type]
    assert 1 < len(passages) < 6
    for p in passages:
        assert estimate_tokens(p.text) <= MAX_EXAMPLE_TOKENS + 20
    # No section is cut in two: each "## Part i" appears exactly once overall.
    all_text = "".join(p.text for p in passages)
    assert all(all_text.count(f"## Part {i}\n") == 1 for i in range(6))


def test_chinese_tokens_are_counted_per_character() -> None:
    assert estimate_tokens("客户服务") == 4
    assert estimate_tokens("abcdefgh") == 2


# --- readers -----------------------------------------------------------------------------

ZH_HANS = "我们正在招聘客户服务代表，负责接听客户电话、处理投诉、记录工单。要求沟通能力强。" * 4
ZH_HANT = "我們正在招聘客戶服務代表，負責接聽客戶電話、處理投訴、記錄工單。要求溝通能力強。" * 4


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Customer service – café résumé\n", "utf-8"),
        ("Customer service – café résumé\n", "utf-8-sig"),
        (ZH_HANS, "utf-16"),
        (ZH_HANS, "gbk"),
        (ZH_HANS, "gb18030"),
        (ZH_HANT, "big5"),
        (ZH_HANT, "utf-8-sig"),
    ],
)
def test_read_document_detects_encodings(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "ad.txt"
    path.write_bytes(text.encode(encoding))
    assert read_document(path) == text.strip() + "\n"


def test_bomless_utf16_is_read() -> None:
    assert decode_bytes("Hello agents\n".encode("utf-16-le")) == "Hello agents\n"


def test_html_headings_become_markdown(tmp_path: Path) -> None:
    path = tmp_path / "ad.html"
    path.write_text(
        "<html><head><title>x</title><style>p{}</style></head><body><h1>Agent</h1>"
        "<h2>Duties</h2><ul><li>Answer calls</li><li>Log cases</li></ul>"
        "<script>alert(1)</script><p>Apply by email.</p></body></html>",
        encoding="utf-8",
    )
    text = read_document(path)
    assert "# Agent" in text and "## Duties" in text
    assert "- Answer calls" in text and "- Log cases" in text
    assert "alert" not in text and "p{}" not in text


def test_docx_headings_paragraphs_and_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Customer Care Manager", level=1)
    document.add_paragraph("Lead a team of 20.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Reports to"
    table.rows[0].cells[1].text = "Head of Service"
    path = tmp_path / "jd.docx"
    document.save(str(path))
    text = read_document(path)
    assert "## Customer Care Manager" in text  # Heading 1 sits under the document title
    assert "Lead a team of 20." in text
    assert "Reports to | Head of Service" in text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.md", b"  \n\n", "no text"),
        ("image.txt", bytes(range(256)) * 8, "binary"),
        ("fake.docx", b"not a zip file at all", "not a valid .docx"),
        ("broken.docx", None, "not a valid .docx"),
        ("old.doc", b"x", "save it as .docx"),
        ("data.pdf", b"%PDF-1.4", "unsupported file type"),
    ],
)
def test_unusable_files_raise_input_error(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is None:  # a zip that is not a Word document
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hi")
    else:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_document(path)
    assert info.value.file == str(path)


def test_huge_missing_and_folder_paths(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse file: no 10 MB write needed
    with pytest.raises(InputError, match="the limit is"):
        read_document(huge)
    with pytest.raises(InputError, match="not found"):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="folder"):
        read_document(tmp_path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We are hiring a customer service representative in Leeds.", "en"),
        (ZH_HANS, "zh-Hans"),
        (ZH_HANT, "zh-Hant"),
        (
            "誠聘 Customer Service Officer，負責處理客戶查詢及投訴，使用 CRM 系統記錄個案。",
            "zh-Hant",
        ),
        ("Join 禾川 as a customer service agent answering calls and chats all day.", "en"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected
