"""Output formats (drafter/formats.py): one registry read by the CLI, rewrite and the page, and
schema.org JobPosting markup from the brief's facts only (issue 27, points 1 and 4)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from drafter import export, formats, rewrite
from drafter.brief import load_brief
from drafter.cli import draft as draft_command
from drafter.cli import rewrite as rewrite_command

ROOT = Path(__file__).resolve().parent.parent
BRIEF = load_brief(ROOT / "examples" / "briefs" / "hk-cs-officer.yaml")
AD = (
    "# Customer Service Officer\n\n**Harbourline Logistics** · Kwun Tong, Kowloon · Full-time · "
    "HKD 18,000–22,000 per month\n\n## What you'll do\n\n- Answer delivery enquiries\n\n"
    "## How to apply\n\nEmail careers@harbourline.example.com by 31 December 2026.\n"
)


def test_every_list_of_formats_is_the_registry() -> None:
    choices = {p.name: p.type.choices for p in draft_command.params if p.name == "fmt"}
    assert tuple(choices["fmt"]) == formats.names()
    rewrite_choices = next(p.type.choices for p in rewrite_command.params if p.name == "formats_")
    assert tuple(rewrite_choices) == formats.names() == rewrite.FORMATS
    assert export.FORMATS == ("md", "txt", "html", "docx")  # what a text alone can become
    assert set(export.MEDIA_TYPES) == set(formats.REGISTRY)
    # no module keeps a list of format names by hand any more
    for path in (ROOT / "drafter").glob("*.py"):
        if path.name == "formats.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"Choice\(\[\"md\"|\(\"md\", \"html\", \"(?:txt|docx)\"\)", text), path


@pytest.mark.parametrize("name", list(formats.REGISTRY))
def test_every_format_renders_the_ad(name: str) -> None:
    class Result:
        def model_dump(self, mode: str) -> dict[str, str]:
            return {"markdown": AD}

    made = formats.Output(AD + "\x0b\x00", "Customer Service Officer", "en", brief=BRIEF,
                          result=Result(), posted=date(2026, 12, 6))  # fmt: skip
    data = formats.render(name, made)
    assert data
    if not formats.get(name).binary:
        text = data.decode("utf-8")
        assert "\x00" not in text and "\x0b" not in text
        assert "Customer Service Officer" in text or name == "json"


def test_job_posting_markup_holds_only_the_briefs_facts_and_passes_googles_rules() -> None:
    data, missing = formats.job_posting(BRIEF, AD, posted=date(2026, 12, 6))
    assert formats.check_job_posting(data) == []
    assert data["title"] == "Customer Service Officer"
    assert data["hiringOrganization"] == {"@type": "Organization", "name": "Harbourline Logistics"}
    address = {"@type": "PostalAddress", "addressLocality": "Kwun Tong, Kowloon",
               "addressCountry": "HK"}  # fmt: skip
    assert data["jobLocation"]["address"] == address
    assert data["employmentType"] == "FULL_TIME"
    value = {"@type": "QuantitativeValue", "unitText": "MONTH", "minValue": 18000,
             "maxValue": 22000}  # fmt: skip
    assert data["baseSalary"] == {"@type": "MonetaryAmount", "currency": "HKD", "value": value}
    assert data["validThrough"] == "2026-12-31" and data["datePosted"] == "2026-12-06"
    assert "<li>Answer delivery enquiries</li>" in data["description"]
    # what the brief cannot give is named, not made up
    assert not {"identifier", "directApply"} & data.keys()
    assert any(m.startswith("identifier") for m in missing)


def test_what_the_brief_leaves_out_is_named_never_filled() -> None:
    from drafter.brief import Brief

    raw = json.loads(BRIEF.model_dump_json())
    raw.update(company={"name": "[Company name]"}, location="[Location]", employment_type=None,
               pay=None, arrangement={"kind": "remote"})  # fmt: skip
    raw["how_to_apply"]["deadline"] = "end of the month"
    remote = Brief.model_validate(raw)
    data, missing = formats.job_posting(remote, AD)
    assert "hiringOrganization" not in data and "jobLocation" not in data
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert not {"employmentType", "baseSalary", "validThrough"} & data.keys()
    said = " ".join(missing)
    for name in ("hiringOrganization (required)", "applicantLocationRequirements", "employmentType",
                 "baseSalary", "validThrough: the closing date 'end of the month'"):  # fmt: skip
        assert name in said
    assert "missing required hiringOrganization" in formats.check_job_posting(data)


def test_the_html_page_carries_the_markup_and_no_script_breaks_out() -> None:
    hostile = BRIEF.model_copy(update={"title": "Officer </script><script>alert(1)</script>"})
    page = formats.render("html", formats.Output(AD, hostile.title, "en", brief=hostile)).decode()
    blocks = re.findall(r'<script type="application/ld\+json">\n(.*?)\n</script>', page, re.S)
    assert len(blocks) == 1
    assert json.loads(blocks[0])["title"] == hostile.title
    assert page.count("<script") == 1  # the title's own tags never open a script


@pytest.mark.parametrize(
    ("text", "jurisdiction", "read"),
    [
        ("HK$17,000 - HK$19,500 per month", "hk", (17000, 19500, "HKD")),
        ("月薪6000-8000元", "cn", (6000, 8000, "CNY")),
        ("1.8万-2.2万/月 人民币", "cn", (18000, 22000, "CNY")),
        ("£11.90/hour", "other", (11.9, 11.9, "GBP")),
        ("月薪$17,000-19,000", "hk", None),  # "$" alone names no currency beyond doubt
        ("底薪4500+提成，综合6000-8000元/月", "cn", None),  # a base and a total: two amounts
    ],
)  # fmt: skip
def test_pay_amounts_are_read_for_the_markup_only_where_the_text_says_them_one_way(
    text: str, jurisdiction: str, read: tuple[float, float, str] | None
) -> None:
    assert formats.amounts(text, jurisdiction) == read


def test_a_note_read_pay_text_gives_the_markup_its_salary() -> None:
    from drafter.brief import Brief

    raw = json.loads(BRIEF.model_dump_json())
    raw["pay"] = {"text": "HK$17,000 - HK$19,500 per month", "period": "month"}
    data, _ = formats.job_posting(Brief.model_validate(raw), AD)
    assert data["baseSalary"]["value"] == {"@type": "QuantitativeValue", "unitText": "MONTH",
                                           "minValue": 17000, "maxValue": 19500}  # fmt: skip
    assert formats.check_job_posting(data) == []


def test_greenhouse_and_lever_exports_carry_the_same_facts() -> None:
    ad = AD + "\n## What you'll bring\n\n- HKDSE or above\n"
    gh = json.loads(formats.render("greenhouse", formats.Output(ad, "x", "en", brief=BRIEF)))
    assert gh["title"] == "Customer Service Officer" and gh["location"] == {
        "name": "Kwun Tong, Kowloon"
    }
    assert "<li>Answer delivery enquiries</li>" in gh["content"]
    assert gh["pay_input_ranges"][0] | {"title": ""} == {
        "min_cents": 1_800_000, "max_cents": 2_200_000, "currency_type": "HKD", "title": "",
        "blurb": "per month"}  # fmt: skip
    lv = json.loads(formats.render("lever", formats.Output(ad, "x", "en", brief=BRIEF)))
    assert lv["text"] == "Customer Service Officer"
    assert lv["categories"] == {"location": "Kwun Tong, Kowloon", "commitment": "Full Time"}
    assert [x["text"] for x in lv["lists"]] == ["What you'll do", "What you'll bring"]
    assert lv["lists"][1]["content"] == "<ul>\n<li>HKDSE or above</li>\n</ul>"
    assert "Harbourline Logistics" in lv["descriptionPlain"]


@pytest.mark.parametrize("language", ["en", "zh-Hans", "zh-Hant"])
def test_the_html_outputs_parse_without_an_error_and_say_their_language(language: str) -> None:
    """Issue 27, point 5: the HTML a recruiter opens or posts passes a strict HTML5 parser
    (html5lib, the WHATWG parsing algorithm), job-posting markup, hostile text and all."""
    import html5lib

    hostile = AD + '\n- <script>alert(1)</script> & <img src=x onerror=y> 50% "quoted"\n'
    for brief in (BRIEF, None):
        page = formats.render("html", formats.Output(hostile, "Officer <b>", language,
                                                     brief=brief)).decode("utf-8")  # fmt: skip
        html5lib.HTMLParser(strict=True).parse(page)  # raises on any parse error
        tag = {"en": "en", "zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant-HK"}[language]
        assert f'<html lang="{tag}">' in page


VNU = ROOT / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_html_output_passes_the_nu_html_checker(tmp_path: Path) -> None:
    """Issue 27, point 5: the W3C's Nu HTML Checker (vnu.jar) finds no error in the HTML page of
    each language, with and without its job-posting markup and with hostile text, nor in the
    board's HTML (Jobsdb's tags only) and the ATS exports' HTML content."""
    import shutil
    import subprocess

    java = shutil.which("java")
    if java is None or not VNU.is_file():  # not a skip: CI must not pass without it
        pytest.fail("needs java and the Nu HTML Checker: bash scripts/test.sh installs both")
    hostile = AD + '\n- <script>alert(1)</script> & <img src=x onerror=y> 50% "quoted"\n'
    files = []
    for language in ("en", "zh-Hans", "zh-Hant"):
        for brief in (BRIEF, None):
            made = formats.Output(hostile, "Officer <b>", language, brief=brief)
            path = tmp_path / f"ad-{language}-{'brief' if brief else 'text'}.html"
            path.write_bytes(formats.render("html", made))
            files.append(path)
    from drafter import boards
    from drafter.render import html_body

    jobsdb = boards.board_html(html_body(hostile), boards.boards()["jobsdb"])
    for name, fragment in (
        ("jobsdb", jobsdb),
        ("greenhouse", formats.greenhouse(BRIEF, hostile)["content"]),
        ("lever", formats.lever(BRIEF, hostile)["description"]),
    ):
        path = tmp_path / f"{name}.html"  # a fragment, validated as the body of a page
        head = f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{name}</title>'
        path.write_text(f"{head}</head><body>{fragment}</body></html>", "utf-8")
        files.append(path)
    command = [java, "-jar", str(VNU), "--errors-only", "--format", "gnu", *map(str, files)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    # and it does find errors: a broken page fails
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html><head><title>x</title></head><body><p><div>x</p>")
    bad = subprocess.run([java, "-jar", str(VNU), "--errors-only", str(broken)],
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert bad.returncode != 0 and "Unclosed element" in bad.stderr


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("31 Dec 2026", "2026-12-31"),
        ("December 31, 2026", "2026-12-31"),
        ("2026年12月31日", "2026-12-31"),
        ("31/12/2026", "2026-12-31"),
        ("12/31/2026", "2026-12-31"),
        ("05/06/2026", None),  # 5 June in Hong Kong, May 6 in the US: not guessed
        ("31 Dec", None),  # no year
        ("end of the month", None),
    ],
)
def test_a_closing_date_written_as_text_is_the_markups_valid_through(
    written: str, day: str | None
) -> None:
    """A note's '31 Dec 2026' stays as written in the ad; the markup reads the one day it names
    (a recruiter's note gave no validThrough at all)."""
    brief = BRIEF.model_copy(update={"how_to_apply": BRIEF.how_to_apply.model_copy(
        update={"deadline": written})})  # fmt: skip
    data, missing = formats.job_posting(brief, AD, posted=date(2026, 12, 6))
    assert data.get("validThrough") == day
    named = [m for m in missing if m.startswith("validThrough")]
    assert (named == []) == (day is not None)
    if day is None:
        assert written in named[0] and "2026-12-31" in named[0]


def eval_briefs() -> list[tuple[str, Any, str]]:
    """(id, brief, language) for every structured brief of the eval datasets."""
    import yaml

    from drafter.brief import Brief

    out = []
    for name in ("briefs.yaml", "briefs-test.yaml", "briefs-test2.yaml"):
        data = yaml.safe_load((ROOT / "evals" / "datasets" / name).read_text(encoding="utf-8"))
        for item in data["items"]:
            if "brief" in item:
                brief = Brief.model_validate(item["brief"])
                out += [(item["id"], brief, lang) for lang in item.get("languages") or ["en"]]
    return out


def visible(markdown: str) -> str:
    from drafter.metrics import normalize

    return normalize(markdown)


@pytest.mark.parametrize(("case", "brief", "language"), eval_briefs(),
                         ids=lambda v: v if isinstance(v, str) else "")  # fmt: skip
def test_the_markup_of_every_eval_brief_validates_and_says_only_what_the_ad_says(
    case: str, brief: Any, language: str
) -> None:
    """Issue 27's check: each eval brief's JobPosting passes Google's required properties and
    every fact in it — title, employer, place, pay amounts and unit, employment type, closing
    date — is in the ad a reader sees (the ad rendered from the brief as drafting prints it)."""
    from test_metrics import rendered

    from drafter.render import EMPLOYMENT, format_amount

    markdown = rendered(brief, language)  # type: ignore[arg-type]
    data, _missing = formats.job_posting(brief, markdown, posted=date(2026, 12, 6))
    assert formats.check_job_posting(data) == [], case
    seen = visible(markdown)
    said = [data["title"], data.get("hiringOrganization", {}).get("name", "")]
    place = data.get("jobLocation", {}).get("address", {})
    said.append(place.get("addressLocality", ""))
    for key in ("minValue", "maxValue", "value"):
        if isinstance(amount := data.get("baseSalary", {}).get("value", {}).get(key), float | int):
            said.append(format_amount(amount))
    for text in said:
        assert visible(text) in seen, (case, text)
    unit = data.get("baseSalary", {}).get("value", {}).get("unitText")
    if unit:
        assert brief.pay.period == unit.lower(), case
    if kind := data.get("employmentType"):
        assert visible(EMPLOYMENT[language][brief.employment_type]) in seen, (case, kind)
    if through := data.get("validThrough"):
        deadline = brief.how_to_apply.deadline
        assert visible(str(deadline)) in seen and through == formats.calendar_date(
            str(deadline)).isoformat(), case  # fmt: skip
