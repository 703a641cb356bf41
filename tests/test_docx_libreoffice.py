"""The Word file as recruiters open it (issue 27, point 5): LibreOffice, headless, opens the .docx
of an ad in each language and converts it to flat OpenDocument, whose XML shows what a reader of
the file gets — every line of the ad as its text, in order, and the East Asian font and language
drafter names (Microsoft JhengHei and zh-HK, Microsoft YaHei and zh-CN) on the document's
defaults and every style, never the template's Japanese theme fonts."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from drafter import formats
from drafter.render import markdown_to_text

ADS = {
    "en": "# Customer Service Officer\n\n**Harbourline Logistics** · Kwun Tong · Full-time\n"
    "**Pay:** HKD 18,000–22,000 per month\n\nAnswer parcel questions by phone and chat.\n\n"
    "## What you'll do\n\n- Answer delivery enquiries\n- Trace delayed parcels\n\n"
    "## What you'll bring\n\n### Must-have\n\n- HKDSE or above\n",
    "zh-Hant": "# 客戶服務主任\n\n**港運物流** · 觀塘 · 全職\n**薪酬：** 月薪 HKD 18,000–22,000\n\n"
    "以電話及即時通訊解答包裹查詢。\n\n## 工作內容\n\n- 解答送貨查詢\n- 追蹤延誤包裹\n\n"
    "## 入職要求\n\n### 必須具備\n\n- 香港中學文憑或以上\n",
    "zh-Hans": "# 客户服务专员\n\n**港运物流** · 深圳南山 · 全职\n"
    "**薪资：** 月薪 CNY 6,000–8,000\n\n通过电话和在线客服解答包裹咨询。\n\n"
    "## 工作内容\n\n- 解答送货咨询\n- 追踪延误包裹\n\n"
    "## 任职要求\n\n### 必须具备\n\n- 大专及以上学历\n",
}
FONTS = {"zh-Hant": ("Microsoft JhengHei", "zh", "HK"), "zh-Hans": ("Microsoft YaHei", "zh", "CN")}


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    soffice = shutil.which("soffice")
    if soffice is None:  # not a skip: a missing LibreOffice must not pass CI silently
        pytest.fail("needs LibreOffice (soffice): bash scripts/test.sh installs it")
    folder = tmp_path_factory.mktemp("docx")
    for language, markdown in ADS.items():
        title = markdown.splitlines()[0][2:]
        data = formats.render("docx", formats.Output(markdown, title, language))
        (folder / f"ad-{language}.docx").write_bytes(data)
    done = subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={(folder / 'p').as_uri()}",
         "--convert-to", "fodt", "--outdir", str(folder / "out"),
         *sorted(str(p) for p in folder.glob("*.docx"))],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = {}
    for language in ADS:
        path = folder / "out" / f"ad-{language}.fodt"
        assert path.is_file(), f"LibreOffice did not open the {language} .docx: {done.stdout}"
        out[language] = path.read_text(encoding="utf-8")
    return out


def body_lines(xml: str) -> list[str]:
    """The text of each line of the document body's paragraphs and headings, in order."""
    import html

    body = xml[xml.index("<office:body>") :]
    paragraphs = re.findall(r"<text:(p|h)\b[^>]*>(.*?)</text:\1>", body, re.S)
    texts = [re.sub(r"<[^>]+>", "", inner.replace("<text:line-break/>", "\n"))
             for _tag, inner in paragraphs]  # fmt: skip
    return [line.strip() for t in texts for line in html.unescape(t).split("\n") if line.strip()]


@pytest.mark.parametrize("language", list(ADS))
def test_libreoffice_reads_every_line_of_the_ad(converted: dict[str, str], language: str) -> None:
    expected = [
        re.sub(r"^• ", "", line).strip()
        for line in markdown_to_text(ADS[language]).splitlines()
        if line.strip()
    ]
    assert body_lines(converted[language]) == expected


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_every_style_names_the_chinese_font_and_language(
    converted: dict[str, str], language: str
) -> None:
    xml = converted[language]
    font, lang, country = FONTS[language]
    # each style the file brings (LibreOffice's own "Heading" parent style is not the file's)
    styles = re.findall(r'<style:style style:name="([^"]+)"[^>]*>(.*?)</style:style>', xml, re.S)
    fonts = {name: set(re.findall(r'style:font-name-asian="([^"]*)"', inner))
             for name, inner in styles if name != "Heading"}  # fmt: skip
    wrong = {name: found for name, found in fonts.items() if found - {font}}
    assert not wrong, wrong  # no MS Mincho / MS Gothic from the template's theme
    assert len([n for n, found in fonts.items() if found]) >= 20  # headings, lists, titles…
    assert set(re.findall(r'style:language-asian="([^"]*)"', xml)) == {lang}
    assert set(re.findall(r'style:country-asian="([^"]*)"', xml)) == {country}
    # the paragraph defaults too: a style the recruiter adds later inherits the Chinese font
    default = re.search(r'<style:default-style style:family="paragraph">.*?</style:default-style>',
                        xml, re.S).group()  # fmt: skip
    assert f'style:font-name-asian="{font}"' in default


def test_the_english_ad_keeps_the_templates_latin_fonts(converted: dict[str, str]) -> None:
    latin = set(re.findall(r'style:font-name="([^"]*)"', converted["en"]))
    assert "Calibri" in latin and not any(re.search(r"[^\x00-\x7f]", f) for f in latin)
