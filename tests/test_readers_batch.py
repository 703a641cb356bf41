"""Batch inputs for `drafter rewrite`: pdf, csv, jsonl and xlsx, folders, and bad files."""

from __future__ import annotations

import hashlib
import json
import random
import zipfile
from pathlib import Path

import pytest

from drafter.errors import InputError
from drafter.readers import (
    MAX_FILE_BYTES,
    SourceItem,
    collect_batch,
    collect_items,
    read_document,
    read_items,
    read_rows,
)

HANS_ROWS = [
    ("A1", "我们正在招聘客户服务代表，负责接听客户电话、处理投诉、记录工单。"),
    ("A2", "要求沟通能力强，普通话流利，能适应轮班工作，有电商客服经验优先。"),
]
HANT_ROWS = [
    ("B1", "我們正在招聘客戶服務代表，負責接聽客戶電話、處理投訴、記錄工單。"),
    ("B2", "要求溝通能力強，粵語流利，能適應輪班工作，有零售客服經驗優先。"),
]
EN_TEXT = "Customer Service Advisor. Answer calls and emails from customers in Leeds."


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_pdf(text: str) -> bytes:
    """A minimal one-page PDF showing `text` in Helvetica, with a correct xref table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def only(items: list[SourceItem]) -> SourceItem:
    assert len(items) == 1, items
    return items[0]


# --- one-document files ---------------------------------------------------------------------


def test_pdf_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "old.pdf"
    path.write_bytes(make_pdf(EN_TEXT))
    item = only(collect_items([path]))
    assert item.error is None
    assert item.text == EN_TEXT + "\n"
    assert item.key == path.as_posix()
    assert item.row is None
    assert item.sha256 == sha(EN_TEXT + "\n")
    assert read_document(path, allow_pdf=True) == EN_TEXT + "\n"


def test_pdf_stays_out_of_read_document_unless_allowed(tmp_path: Path) -> None:
    path = tmp_path / "old.pdf"
    path.write_bytes(make_pdf(EN_TEXT))
    with pytest.raises(InputError, match=r"unsupported file type \.pdf"):
        read_document(path)


def test_pdf_without_text_says_so(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    path = tmp_path / "scan.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    with path.open("wb") as handle:
        writer.write(handle)
    item = only(collect_items([path]))
    assert item.text is None and item.error is not None
    assert "no extractable text" in item.error.message
    assert item.error.file == str(path)
    assert item.error.fix is not None and "export it as text or .docx" in item.error.fix
    assert item.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_utf16_txt_and_docx_are_read(tmp_path: Path) -> None:
    import docx

    text = "我們正在招聘客戶服務代表，負責接聽客戶電話。"
    (tmp_path / "hk.txt").write_bytes(text.encode("utf-16"))
    document = docx.Document()
    document.add_paragraph("Lead a team of 20 agents.")
    document.save(str(tmp_path / "lead.docx"))
    items = collect_items([tmp_path / "hk.txt", tmp_path / "lead.docx"])
    assert [item.text for item in items] == [text + "\n", "Lead a team of 20 agents.\n"]
    assert [item.error for item in items] == [None, None]


# --- row formats ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "header", "rows"),
    [
        ("utf-8-sig", "id,职位描述", HANS_ROWS),
        ("utf-8", "id,职位描述", HANS_ROWS),
        ("gbk", "id,职位描述", HANS_ROWS),
        ("gb18030", "id,职位描述", HANS_ROWS),
        ("big5", "id,職位描述", HANT_ROWS),
        ("utf-16", "id,職位描述", HANT_ROWS),
    ],
)
def test_csv_in_every_encoding(
    tmp_path: Path, encoding: str, header: str, rows: list[tuple[str, str]]
) -> None:
    path = tmp_path / "list.csv"
    body = "".join(f"{line}\r\n" for line in [header, *(f"{i},{t}" for i, t in rows)])
    path.write_bytes(body.encode(encoding))
    items = collect_items([path])
    assert [item.text for item in items] == [text + "\n" for _, text in rows]
    assert [item.key for item in items] == [f"{path.as_posix()}#id={i}" for i, _ in rows]
    assert [item.row for item in items] == [1, 2]
    assert [item.file for item in items] == [str(path), str(path)]
    assert items[0].sha256 == sha(rows[0][1] + "\n")


def test_csv_picks_longest_column_and_keys_by_row_without_ids(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    path.write_text(
        'title,summary,location\nAgent,"Answer calls, log cases, and help customers.",Leeds\n'
        'Lead,"Coach a team of 12 agents; run the rota, and handle escalations.",York\n',
        encoding="utf-8",
    )
    items = read_rows(path)
    assert [item.text for item in items] == [
        "Answer calls, log cases, and help customers.\n",
        "Coach a team of 12 agents; run the rota, and handle escalations.\n",
    ]
    assert [item.key for item in items] == [
        f"{path.as_posix()}#row=1",
        f"{path.as_posix()}#row=2",
    ]


def test_csv_named_columns_semicolons_html_and_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Ref;Job Description;notes\n"
        "R1;<p>Answer <b>calls</b>.</p><ul><li>Log cases</li></ul>;long long long long note\n"
        "R2;;note\n"
        ";;\n"
        "R1;Duplicate id row;x\n"
        "R3;Too;many;cells\n",
        encoding="utf-8",
    )
    items = collect_items([path], id_column="ref")
    key = path.as_posix()
    assert [item.key for item in items] == [
        f"{key}#row=1",  # R1 appears twice, so neither may own the id
        f"{key}#id=R2",
        f"{key}#row=4",  # row 3 is wholly blank and passed over
        f"{key}#row=5",  # a row that cannot be split has no id to key it by
    ]
    assert items[0].text is not None
    assert "Answer calls." in items[0].text and "- Log cases" in items[0].text
    assert "<p>" not in items[0].text
    empty = items[1].error
    assert empty is not None and items[1].text is None
    assert empty.file == str(path) and empty.field == "row 2 (id R2)"
    assert "empty" in empty.message and empty.fix == "fill in the text or delete the row"
    assert items[2].text == "Duplicate id row\n"
    assert items[3].error is not None and "4 cells but the header has 3" in items[3].error.message
    assert "quotes" in str(items[3].error)


def test_text_column_option_and_unknown_column(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text("id,short,long\n1,Use me,Not me because I am longer\n", encoding="utf-8")
    assert only(collect_items([path], text_column="SHORT")).text == "Use me\n"
    item = only(collect_items([path], text_column="missing"))
    assert item.error is not None and item.key == path.as_posix()
    assert item.error.field == "text_column"
    assert item.error.fix == "use one of: id, short, long"
    assert "no column named 'missing'" in str(item.error)


def test_jsonl_keeps_good_lines_around_a_malformed_one(tmp_path: Path) -> None:
    path = tmp_path / "jds.jsonl"
    lines = [
        json.dumps({"id": "A17", "content": HANS_ROWS[0][1]}, ensure_ascii=False),
        '{"id": "A18", "content": "unterminated',
        "",
        "[1, 2]",
        json.dumps({"id": 19, "content": "Handle live chat.\u2028Second line."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = collect_items([path])
    key = path.as_posix()
    assert [item.key for item in items] == [
        f"{key}#id=A17",
        f"{key}#row=2",
        f"{key}#row=4",
        f"{key}#id=19",
    ]
    assert [item.row for item in items] == [1, 2, 4, 5]
    assert items[0].text == HANS_ROWS[0][1] + "\n"
    assert items[3].text == "Handle live chat.\u2028Second line.\n"
    bad = items[1].error
    assert bad is not None and bad.field == "line 2" and "not valid JSON" in bad.message
    assert bad.fix == "fix the JSON on that line or delete the line"
    assert items[1].sha256 == hashlib.sha256(lines[1].encode()).hexdigest()
    assert items[2].error is not None and "JSON list, not an object" in items[2].error.message


def test_jsonl_with_only_bad_lines_still_reports_each(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text("{oops\nnot json\n", encoding="utf-8")
    items = collect_items([path])
    assert [item.error.field for item in items if item.error] == ["line 1", "line 2"]


def test_xlsx_first_sheet_named_sheet_and_ids(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "jds.xlsx"
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Current"
    first.append([None])  # blank rows above the header are passed over
    first.append(["ID", "內容", "Notes"])
    first.append([17, HANT_ROWS[0][1], "ok"])
    first.append([None, None, None])
    first.append([18, None, "text missing"])
    other = workbook.create_sheet("Archive")
    other.append(["id", "body"])
    other.append(["Z1", "Archived role: night-shift agent."])
    workbook.save(path)

    items = collect_items([path])
    key = path.as_posix()
    assert [item.key for item in items] == [f"{key}#id=17", f"{key}#id=18"]
    assert [item.row for item in items] == [1, 3]
    assert items[0].text == HANT_ROWS[0][1] + "\n"
    assert items[1].error is not None and items[1].error.field == "row 3 (id 18)"

    archived = only(collect_items([path], sheet="Archive"))
    assert (archived.key, archived.text) == (f"{key}#id=Z1", "Archived role: night-shift agent.\n")
    missing = only(collect_items([path], sheet="Nope"))
    assert missing.error is not None and missing.error.fix == "use one of: Current, Archive"


def test_ids_with_spaces_and_hashes_are_escaped(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text(
        '{"id": "HK 01#a", "text": "One"}\n{"id": "HK%2001%23a", "text": "Two"}\n',
        encoding="utf-8",
    )
    keys = [item.key for item in collect_items([path])]
    assert keys == [f"{path.as_posix()}#id=HK%2001%23a", f"{path.as_posix()}#id=HK%252001%2523a"]


def test_header_only_file_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "empty_rows.csv"
    path.write_text("id,text\n", encoding="utf-8")
    item = only(read_items(path))
    assert item.error is not None and "no data rows" in item.error.message
    with pytest.raises(InputError, match="no data rows"):
        read_rows(path)


# --- folders and unusable inputs ------------------------------------------------------------


def test_folder_walk_is_sorted_recursive_and_lists_skipped(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = Path("jds")
    (root / "b_sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "config.txt").write_text("hidden folder", encoding="utf-8")
    (root / "z.txt").write_text("Zed role.", encoding="utf-8")
    (root / "a.md").write_text("# Agent\nAnswer calls.", encoding="utf-8")
    (root / ".draft.txt").write_text("hidden", encoding="utf-8")
    (root / "~$lead.docx").write_bytes(b"lock")
    (root / "logo.png").write_bytes(b"\x89PNG")
    (root / "notes").write_text("no suffix", encoding="utf-8")
    (root / "b_sub" / "c.txt").write_text("Sub role.", encoding="utf-8")
    (root / "b_sub" / "deeper" / "d.jsonl").write_text('{"text": "Deep role."}\n', "utf-8")

    batch = collect_batch([root])
    assert [item.key for item in batch.items] == [
        "jds/a.md",
        "jds/b_sub/c.txt",
        "jds/b_sub/deeper/d.jsonl#row=1",
        "jds/z.txt",
    ]
    assert [item.text for item in batch.items] == [
        "# Agent\nAnswer calls.\n",
        "Sub role.\n",
        "Deep role.\n",
        "Zed role.\n",
    ]
    assert sorted((Path(s.path).name, s.reason) for s in batch.skipped) == [
        (".draft.txt", "hidden"),
        (".git", "hidden"),
        ("logo.png", "unsupported type .png"),
        ("notes", "unsupported type (none)"),
        ("~$lead.docx", "hidden"),
    ]
    # The same call gives the same keys; a file named again through its folder is read once.
    again = collect_items([root / "z.txt", root])
    assert [item.key for item in again] == [
        "jds/z.txt",
        "jds/a.md",
        "jds/b_sub/c.txt",
        "jds/b_sub/deeper/d.jsonl#row=1",
    ]

    flat = collect_batch([root], recursive=False)
    assert [item.key for item in flat.items] == ["jds/a.md", "jds/z.txt"]
    assert ("b_sub", "folder (not recursive)") in [
        (Path(s.path).name, s.reason) for s in flat.skipped
    ]


def test_explicit_unsupported_file_is_an_error_item(tmp_path: Path) -> None:
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    sheet = tmp_path / "old.xls"
    sheet.write_bytes(b"\xd0\xcf\x11\xe0")
    items = collect_items([old, sheet])
    assert [item.error.fix for item in items if item.error] == [
        "save it as .docx",
        "save it as .xlsx",
    ]
    assert all("unsupported file type" in str(item.error) for item in items)


def corrupt_zip_docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not xml")


@pytest.mark.parametrize(
    ("name", "content", "message", "fix_part"),
    [
        ("empty.txt", b"", "file is empty", "add text"),
        ("empty.csv", b"", "file is empty", "add text"),
        ("image.txt", bytes(range(256)) * 8, "binary", "text"),
        ("random.docx", None, "not a valid .docx", "re-save it from Word"),
        ("random.xlsx", None, "not a valid .xlsx", "save it again as .xlsx"),
        ("random.pdf", None, "not a valid .pdf", "export it as text or .docx"),
        ("truncated.pdf", b"%PDF-1.4\n1 0 obj\n<<", "not a valid .pdf", "re-export"),
        ("zipped.xlsx", "zip", "not a valid .xlsx", "save it again as .xlsx"),
        ("zipped.docx", "zip", "not a valid .docx", "re-save it from Word"),
        ("binary.csv", bytes(range(256)) * 8, "binary", "text"),
    ],
)
def test_unusable_files_become_error_items(
    tmp_path: Path, name: str, content: bytes | str | None, message: str, fix_part: str
) -> None:
    path = tmp_path / name
    if content is None:
        path.write_bytes(random.Random(7).randbytes(4096))
    elif content == "zip":
        corrupt_zip_docx(path)
    else:
        assert isinstance(content, bytes)
        path.write_bytes(content)
    item = only(collect_items([path]))
    assert item.text is None and item.error is not None
    assert message in item.error.message
    assert item.error.file == str(path) and str(path) in str(item.error)
    assert item.error.fix is not None and fix_part in item.error.fix
    assert item.key == path.as_posix()
    assert item.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_huge_and_missing_files_become_error_items(tmp_path: Path) -> None:
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.write(b"id,text\n")
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no 10 MB written to disk
    missing = tmp_path / "gone" / "missing.docx"
    items = collect_items([huge, missing])
    assert [item.error.message for item in items if item.error] == [
        f"file is {MAX_FILE_BYTES + 1:,} bytes; the limit is {MAX_FILE_BYTES:,}",
        "file not found",
    ]
    assert items[0].error is not None and items[0].error.fix == "split it into smaller files"
    assert items[1].error is not None and items[1].error.fix == "check the path"
    assert items[1].sha256 == hashlib.sha256(b"").hexdigest()
    assert items[0].sha256 == hashlib.sha256(huge.read_bytes()).hexdigest()


def test_keys_are_unique_across_a_mixed_batch(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Same text.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Same text.", encoding="utf-8")
    (tmp_path / "rows.csv").write_text("text\nSame text.\nSame text.\n", encoding="utf-8")
    (tmp_path / "bad.pdf").write_bytes(b"junk")
    items = collect_items([tmp_path, tmp_path / "missing.txt"])
    keys = [item.key for item in items]
    assert len(keys) == len(set(keys)) == 6
    # Identical text shares one content hash, whatever file or row it came from.
    assert len({item.sha256 for item in items if item.ok}) == 1
