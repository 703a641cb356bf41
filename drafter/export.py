"""Export an ad for download: Markdown, a standalone HTML page, or a Word document (.docx).

The Word file uses the template's own styles (Title, Heading 1–2, List Bullet/Number) so a
recruiter can restyle it in Word, and names an East Asian font on every style and run
(`w:rFonts w:eastAsia`, with the theme attributes removed because they would win) plus the
East Asian language, so Chinese text renders in Word with a Chinese font, not a fallback.
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

from drafter import formats
from drafter.render import markdown_to_html

# The formats a download of an edited ad's text can take (no brief, no draft result).
FORMATS: tuple[str, ...] = formats.names(text_only=True)
MEDIA_TYPES = {name: formats.get(name).media_type for name in formats.names()}
# Fonts Word has on Windows and Office for Mac; other readers substitute a CJK font they have.
EAST_ASIAN_FONT = {"zh-Hant": "Microsoft JhengHei", "zh-Hans": "Microsoft YaHei"}
EAST_ASIAN_LANG = {"zh-Hant": "zh-HK", "zh-Hans": "zh-CN"}
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


# Control characters no document format may carry: Word's Shift+Enter line break (\x0b) and a
# form feed become line breaks, the rest (NUL, BEL, DEL, C1 controls) go.
_LINE_CONTROLS = re.compile(r"[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")


def without_controls(text: str) -> str:
    """`text` with line-breaking controls as line breaks and every other control removed."""
    return _CONTROLS.sub("", _LINE_CONTROLS.sub("\n", text))


def to_markdown(markdown: str) -> bytes:
    """The ad's Markdown as UTF-8 with one final newline."""
    return (markdown.rstrip() + "\n").encode("utf-8")


def to_html(markdown: str, title: str, language: str = "") -> bytes:
    """A standalone HTML page; raw HTML in the ad is escaped (shown as text, never run)."""
    return markdown_to_html(markdown, title, language).encode("utf-8")


def script_of(markdown: str, language: str) -> str:
    """zh-Hant or zh-Hans: the Chinese script the ad's Chinese text (if any) is written in."""
    if language in EAST_ASIAN_FONT:
        return language
    from drafter.readers import detect_language

    han = "".join(_CJK.findall(markdown))
    return "zh-Hans" if han and detect_language(han) == "zh-Hans" else "zh-Hant"


def to_docx(markdown: str, title: str, language: str) -> bytes:
    """A Word document with headings, bullets and bold runs, and an East Asian font set."""
    import docx
    from markdown_it import MarkdownIt

    markdown, title = without_controls(markdown), without_controls(title)
    script = script_of(markdown, language)
    font, lang = EAST_ASIAN_FONT[script], EAST_ASIAN_LANG[script]
    document = docx.Document()
    _east_asian_everywhere(document, font, lang)
    props = document.core_properties
    props.title = title
    props.language = language
    tokens = MarkdownIt("commonmark", {"html": False}).parse(markdown)
    lists: list[str] = []  # "bullet" / "ordered", innermost last
    paragraph: Any = None
    heading: int | None = None
    for tok in tokens:
        if tok.type == "heading_open":
            heading = int(tok.tag[1])
        elif tok.type == "heading_close":
            heading = None
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("bullet" if tok.type == "bullet_list_open" else "ordered")
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "inline":
            if heading is not None:
                # `#` is the ad's title; `##` its sections; `###` the requirement tiers.
                paragraph = document.add_heading("", level=min(heading - 1, 9))
            elif lists:
                style = "List Bullet" if lists[-1] == "bullet" else "List Number"
                paragraph = document.add_paragraph(style=style)
            else:
                paragraph = document.add_paragraph()
            _inline(paragraph, tok.children or [], font, lang)
        elif tok.type in ("fence", "code_block"):
            paragraph = document.add_paragraph()
            _run(paragraph, tok.content.rstrip("\n"), font, lang, mono=True)
        elif tok.type == "hr":
            document.add_paragraph()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _east_asian_everywhere(document: Any, font: str, lang: str) -> None:
    """The East Asian font and language on the document's defaults and every paragraph and
    character style, not only those the ad uses: the template's theme names a Japanese font
    (MS Mincho, MS Gothic), which a style the recruiter adds later would otherwise take."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None:
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_default.append(rpr)
        _east_asian(rpr, font, lang)
    for style in document.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            _east_asian(style.element.get_or_add_rPr(), font, lang)


def _inline(paragraph: Any, children: list[Any], font: str, lang: str) -> None:
    bold = italic = False
    link: str | None = None
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind == "link_open":
            link = str(child.attrs.get("href") or "")
        elif kind == "link_close":
            if link and link not in paragraph.text:
                _run(paragraph, f" ({link})", font, lang)
            link = None
        elif kind in ("softbreak", "hardbreak"):
            paragraph.add_run().add_break()
        elif kind == "code_inline":
            _run(paragraph, child.content, font, lang, mono=True)
        elif child.content:
            _run(paragraph, child.content, font, lang, bold=bold, italic=italic)


def _run(paragraph: Any, text: str, font: str, lang: str, *, bold: bool = False,
         italic: bool = False, mono: bool = False) -> None:  # fmt: skip
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if mono:
        run.font.name = "Consolas"
    _east_asian(run._element.get_or_add_rPr(), font, lang, hint=bool(_CJK.search(text)))


def _east_asian(rpr: Any, font: str, lang: str, *, hint: bool = False) -> None:
    """Name the East Asian font and language in a run or style's properties (w:rPr)."""
    from docx.oxml.ns import qn

    rfonts = rpr.get_or_add_rFonts()
    # A theme attribute overrides the explicit font name, so it has to go.
    for attr in ("w:eastAsiaTheme", "w:hintTheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:eastAsia"), font)
    if hint:  # quotes and dashes next to Chinese take the East Asian font too
        rfonts.set(qn("w:hint"), "eastAsia")
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = rpr.makeelement(qn("w:lang"), {})
        after = [rpr.find(qn(t)) for t in ("w:eastAsianLayout", "w:specVanish", "w:oMath")]
        successor = next((el for el in after if el is not None), None)
        if successor is None:
            rpr.append(lang_el)
        else:
            successor.addprevious(lang_el)
    lang_el.set(qn("w:eastAsia"), lang)


def filename(title: str, fmt: str) -> str:
    """A file name from the ad's title: letters, digits and CJK kept, the rest dashes."""
    text = unicodedata.normalize("NFKC", title).strip().lower()
    stem = re.sub(r"[^\w\u3400-\u9fff]+", "-", text).strip("-_")[:60] or "job-ad"
    return f"{stem}.{fmt}"


def export(markdown: str, fmt: str, *, title: str, language: str) -> bytes:
    """The ad in one of FORMATS (control characters never reach a file)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return formats.render(fmt, formats.Output(markdown, title, language))
