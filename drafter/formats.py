"""Output formats, registered once: name, file suffix, media type and renderer.

The CLI (`draft --format`, `rewrite --formats`), the page's downloads, `rewrite` and the batch zip
all read `REGISTRY`; a new format is one entry here. A renderer takes an `Output` (the ad's
Markdown and title, its language, and the brief and draft result where it needs them) and returns
bytes. Control characters never reach a file (`export.without_controls`).

`jsonld` is schema.org `JobPosting` markup for a careers page (Google's job search reads it),
built from the brief's facts only — nothing goes into the markup that the visible ad does not
say — with the properties Google requires and recommends (RESEARCH.md §7). What the brief cannot
give is named for the recruiter (`job_posting` returns it), never filled in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drafter.brief import Brief


@dataclass(frozen=True)
class Output:
    """What a renderer may use: the ad, and the brief and draft result behind it."""

    markdown: str
    title: str
    language: str = "en"
    brief: Brief | None = None
    result: Any = None  # drafter.draft.DraftResult, for the json format
    posted: date | None = None  # the publication date for job-posting markup (today if None)
    notes: list[str] = field(default_factory=list)  # what a renderer names for the recruiter
    board: Any = None  # drafter.boards.Fitted: a board's own fields, for `draft --board`


@dataclass(frozen=True)
class Format:
    """One output format."""

    name: str
    suffix: str
    media_type: str
    render: Callable[[Output], bytes]
    help: str
    binary: bool = False
    needs: tuple[str, ...] = ()  # "brief", "result": what beyond the ad's text it needs


def _clean(out: Output) -> Output:
    from drafter.export import without_controls

    return replace(out, markdown=without_controls(out.markdown), title=without_controls(out.title))


def _md(out: Output) -> bytes:
    from drafter.export import to_markdown

    markdown = _clean(out).markdown
    return to_markdown(out.board.front_matter(markdown) if out.board else markdown)


def _txt(out: Output) -> bytes:
    from drafter.render import markdown_to_text

    text = markdown_to_text(_clean(out).markdown)
    return (out.board.front_matter(text) if out.board else text).encode("utf-8")


def _html(out: Output) -> bytes:
    from drafter.export import to_html

    out = _clean(out)
    if out.board is not None and out.board.html_only:  # what the board takes: its tags only
        return (out.board.body_html + "\n").encode("utf-8")
    page = to_html(out.markdown, out.title, out.language)
    if out.brief is None:
        return page
    # the page carries its job-posting markup, for a careers site that serves it as it is
    data, missing = job_posting(out.brief, out.markdown, posted=out.posted)
    out.notes.extend(missing)
    # <, > and & as JSON escapes: no value can close the script or open another
    script = (json.dumps(data, ensure_ascii=False, indent=2).replace("<", "\\u003c")
              .replace(">", "\\u003e").replace("&", "\\u0026"))  # fmt: skip
    tag = f'<script type="application/ld+json">\n{script}\n</script>\n'
    return page.replace(b"</head>", tag.encode("utf-8") + b"</head>", 1)


def _docx(out: Output) -> bytes:
    from drafter.export import to_docx

    out = _clean(out)
    return to_docx(out.markdown, out.title, out.language)


def _json(out: Output) -> bytes:
    if out.result is None:
        raise ValueError("the json format needs the draft result")
    data = out.result.model_dump(mode="json")
    if out.board is not None:
        data["board"] = {"name": out.board.board, **out.board.fields,
                         "body_html": out.board.body_html}  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def _jsonld(out: Output) -> bytes:
    if out.brief is None:
        raise ValueError("job-posting markup needs the brief")
    data, missing = job_posting(out.brief, _clean(out).markdown, posted=out.posted)
    out.notes.extend(missing)
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


REGISTRY: dict[str, Format] = {
    f.name: f
    for f in (
        Format("md", "md", "text/markdown; charset=utf-8", _md, "Markdown"),
        Format("txt", "txt", "text/plain; charset=utf-8", _txt, "plain text for boards"),
        Format("html", "html", "text/html; charset=utf-8", _html,
               "a standalone page (with job-posting markup when the brief is known)"),
        Format("docx", "docx",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _docx,
               "Word", binary=True),
        Format("json", "json", "application/json", _json,
               "the draft, its brief, fixes and cost", needs=("result",)),
        Format("jsonld", "jsonld", "application/ld+json", _jsonld,
               "schema.org JobPosting markup from the brief's facts", needs=("brief",)),
        Format("greenhouse", "greenhouse.json", "application/json", lambda o: _ats(o, greenhouse),
               "the job as Greenhouse's Job Board API takes it", needs=("brief",)),
        Format("lever", "lever.json", "application/json", lambda o: _ats(o, lever),
               "the posting as Lever's postings API takes it", needs=("brief",)),
    )
}  # fmt: skip


def _ats(out: Output, build: Callable[[Brief, str], dict[str, Any]]) -> bytes:
    if out.brief is None:
        raise ValueError("an ATS export needs the brief")
    return json.dumps(build(out.brief, _clean(out).markdown), ensure_ascii=False,
                      indent=2).encode("utf-8")  # fmt: skip


def _sections(markdown: str) -> list[tuple[str, str]]:
    """(heading, Markdown under it) for each ## section of the ad."""
    parts = re.split(r"^## +(.+)$", markdown, flags=re.M)
    return [(parts[i].strip(), parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2)]


def _html_body(markdown: str) -> str:
    from drafter.render import html_body

    return html_body(markdown).strip()


def greenhouse(brief: Brief, markdown: str) -> dict[str, Any]:
    """A job as Greenhouse's Job Board API returns and takes it: title, location name, content
    as HTML, and the pay range where the brief states one in numbers (pay transparency)."""
    job: dict[str, Any] = {"title": brief.title, "content": _html_body(markdown)}
    if _given(brief.location):
        job["location"] = {"name": brief.location}
    pay = brief.pay
    if pay and pay.period and (read := (
        (pay.min, pay.max, pay.currency) if pay.min is not None and pay.currency
        else amounts(pay.text or "", brief.jurisdiction)
    )):  # fmt: skip
        low, high, currency = read
        low, high = low if low is not None else high, high if high is not None else low
        job["pay_input_ranges"] = [{
            "min_cents": round((low or 0) * 100), "max_cents": round((high or 0) * 100),
            "currency_type": currency.upper(), "title": pay.text or "",
            "blurb": f"per {pay.period}",
        }]  # fmt: skip
    return job


def lever(brief: Brief, markdown: str) -> dict[str, Any]:
    """A posting as Lever's postings API takes it: text (the title), categories (location,
    commitment), the opening as HTML, the ad's sections as lists, and its plain text."""
    from drafter.render import markdown_to_text

    sections = _sections(markdown)
    opening = markdown.split("\n## ", 1)[0]
    opening = re.sub(r"^# .*\n?", "", opening).strip()
    lists = []
    for heading, body in sections:
        items = re.findall(r"^- (.+)$", body, re.M)
        if items:
            content = _html_body("\n".join(f"- {i}" for i in items))
            lists.append({"text": heading, "content": content})
    categories: dict[str, str] = {}
    if _given(brief.location):
        categories["location"] = brief.location
    if brief.employment_type:
        categories["commitment"] = brief.employment_type.replace("-", " ").title()
    posting: dict[str, Any] = {
        "text": brief.title,
        "categories": categories,
        "description": _html_body(opening) if opening else "",
        "descriptionPlain": markdown_to_text(opening),
        "lists": lists,
    }
    if brief.arrangement:
        posting["workplaceType"] = {"on-site": "onsite", "hybrid": "hybrid",
                                    "remote": "remote"}[brief.arrangement.kind]  # fmt: skip
    return posting


def names(*, text_only: bool = False) -> tuple[str, ...]:
    """Format names, in registry order: all, or those a text alone can become (no brief, no
    draft result)."""
    return tuple(n for n, f in REGISTRY.items() if not (text_only and f.needs))


def get(name: str) -> Format:
    try:
        return REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; use one of {', '.join(REGISTRY)}") from None


def render(name: str, out: Output) -> bytes:
    """The ad in format `name`."""
    return get(name).render(out)


# --------------------------------------------------------------------------- job posting

EMPLOYMENT_TYPES = {
    "full-time": "FULL_TIME", "part-time": "PART_TIME", "contract": "CONTRACTOR",
    "temporary": "TEMPORARY", "internship": "INTERN", "freelance": "CONTRACTOR",
}  # fmt: skip
UNITS = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}
COUNTRIES = {"hk": "HK", "cn": "CN", "us": "US"}
# Google's required and recommended JobPosting properties (RESEARCH.md §7).
REQUIRED = ("title", "description", "datePosted", "hiringOrganization")
_PLACEHOLDER = re.compile(r"^\[[^\]]+\]$")


def _given(value: str | None) -> bool:
    return bool(value) and not _PLACEHOLDER.match(str(value).strip())


def job_posting(
    brief: Brief, markdown: str, *, posted: date | None = None
) -> tuple[dict[str, Any], list[str]]:
    """schema.org JobPosting from the brief's facts, and a line per property it could not fill
    (required ones first) for the recruiter."""
    missing: list[str] = []
    body = _html_body(markdown)
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": brief.title,
        "description": body,
        "datePosted": (posted or date.today()).isoformat(),
    }
    if _given(brief.company.name):
        org: dict[str, Any] = {"@type": "Organization", "name": brief.company.name}
        if brief.company.website:
            org["sameAs"] = brief.company.website
        data["hiringOrganization"] = org
    else:
        missing.append("hiringOrganization (required): the brief names no company")
    remote = brief.arrangement is not None and brief.arrangement.kind == "remote"
    if remote:
        data["jobLocationType"] = "TELECOMMUTE"
        if brief.arrangement and brief.arrangement.detail:
            data["applicantLocationRequirements"] = {
                "@type": "AdministrativeArea", "name": brief.arrangement.detail}  # fmt: skip
        else:
            missing.append("applicantLocationRequirements (required for remote work): say where "
                           "applicants may live (the arrangement's detail)")  # fmt: skip
    if _given(brief.location):
        address: dict[str, Any] = {"@type": "PostalAddress", "addressLocality": brief.location}
        if country := COUNTRIES.get(brief.jurisdiction):
            address["addressCountry"] = country
        data["jobLocation"] = {"@type": "Place", "address": address}
    elif not remote:
        missing.append("jobLocation (required): the brief gives no place of work")
    if brief.employment_type:
        data["employmentType"] = EMPLOYMENT_TYPES[brief.employment_type]
    else:
        missing.append("employmentType: the brief gives no employment type")
    pay = brief.pay
    unit = UNITS.get(pay.period or "") if pay else None
    # the amounts as the ad prints them, where the text says them one way only
    if (
        pay and pay.min is None and pay.max is None and pay.text and unit
        and (read := amounts(pay.text, brief.jurisdiction))
    ):  # fmt: skip
        pay = pay.model_copy(update={"min": read[0], "max": read[1], "currency": read[2]})
    if pay and pay.currency and unit and (pay.min is not None or pay.max is not None):
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": unit}
        if pay.min is not None and pay.max is not None and pay.min != pay.max:
            value.update(minValue=pay.min, maxValue=pay.max)
        else:
            value["value"] = pay.min if pay.min is not None else pay.max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": pay.currency.upper(),
                              "value": value}  # fmt: skip
    elif pay is None:
        missing.append("baseSalary: the brief gives no pay")
    else:
        why = ("its period is per shift, which the markup cannot say" if pay.period == "shift"
               else "it needs the amounts as numbers, a currency and a period")  # fmt: skip
        missing.append(f"baseSalary: the pay is shown in the ad as written; {why}")
    deadline = brief.how_to_apply.deadline
    day = deadline if isinstance(deadline, date) else calendar_date(deadline or "")
    if day is not None:
        data["validThrough"] = day.isoformat()
    elif deadline:
        missing.append(f"validThrough: the closing date {deadline!r} is not one day with its "
                       "year (write it as 2026-12-31)")  # fmt: skip
    else:
        missing.append("validThrough: the brief gives no closing date")
    missing.append("identifier: add your own reference for the posting where you publish it")
    missing.append("directApply: say where you publish whether the page itself takes "
                   "applications")  # fmt: skip
    return data, missing


# Currencies a pay text names without doubt; "$" alone (HKD, USD, SGD…) is not one of them.
_CURRENCIES = (
    (r"HK\$|HKD|港幣|港币|港元", "HKD"), (r"US\$|USD|美元", "USD"), (r"S\$|SGD", "SGD"),
    (r"RMB|CNY|人民幣|人民币", "CNY"), (r"MOP|澳門幣|澳门币", "MOP"), (r"£|GBP", "GBP"),
    (r"€|EUR", "EUR"), (r"A\$|AUD", "AUD"), (r"C\$|CAD", "CAD"),
)  # fmt: skip
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s?([kK千万萬])?")
_MULTIPLIER = {"k": 1_000, "K": 1_000, "千": 1_000, "万": 10_000, "萬": 10_000}


_MONTHS = {m: i for i, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), 1) for m in names}  # fmt: skip
_DATES = (  # (pattern, order of its groups: y, m, d); a month name is read through _MONTHS
    (r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号號]?", "ymd"),
    (r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+((?:19|20)\d\d)", "dmy"),
    (r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)", "mdy"),
    (r"(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)", "dmy?"),
)


def calendar_date(text: str) -> date | None:
    """The one day a closing date written as text names, with its year ('31 Dec 2026',
    'December 31, 2026', '2026年12月31日', '31/12/2026'); None when it names no day or could be
    two (05/06/2026 is 5 June in Hong Kong and May 6 in the US)."""
    for pattern, order in _DATES:
        m = re.fullmatch(r"\s*" + pattern + r"\s*", text)
        if m is None:
            continue
        parts = dict(zip(order.rstrip("?"), m.groups(), strict=True))
        month = parts["m"] if parts["m"].isdigit() else _MONTHS.get(parts["m"].lower())
        if month is None:
            return None
        if order.endswith("?"):  # 31/12/2026 or 12/31/2026; 05/06/2026 could be either
            low, high = sorted((int(parts["d"]), int(parts["m"])))
            if high <= 12 and low != high:
                return None
            month, parts["d"] = low, str(high)
        try:
            return date(int(parts["y"]), int(month), int(parts["d"]))
        except ValueError:
            return None
    return None


def amounts(text: str, jurisdiction: str = "other") -> tuple[float, float, str] | None:
    """(min, max, currency) of a pay text that says one amount or one range in a currency it
    names ("HK$17,000 - HK$19,500 per month", "月薪6000-8000元" in a mainland brief); None
    where it says more (a base and a total) or names no currency beyond doubt."""
    codes = {code for pattern, code in _CURRENCIES if re.search(pattern, text)}
    if not codes and jurisdiction == "cn" and re.search(r"\d\s?[kK千万萬]?\s?元", text):
        codes = {"CNY"}
    if len(codes) != 1:
        return None
    found = [m for m in _AMOUNT.finditer(text) if not re.fullmatch(r"1[0-9]", m.group(1))
             or m.group(2)]  # fmt: skip
    values = [float(m.group(1).replace(",", "")) * _MULTIPLIER.get(m.group(2) or "", 1)
              for m in found]  # fmt: skip
    values = [v for v in values if v >= 1]
    if not values or len(values) > 2:
        return None
    if len(values) == 2:
        between = text[found[0].end() : found[1].start()]
        if not re.fullmatch(
            r"\s*(?:HK\$|US\$|S\$|\$|£|€)?\s*[-–—~至到]\s*(?:HK\$|US\$|S\$|\$|£|€)?\s*"
            r"|\s*(?:to|and)\s*(?:HK\$|US\$|S\$|\$|£|€)?\s*",
            between,
        ):
            return None  # "底薪4500+提成，综合6000-8000": more than one amount said
        low, high = sorted(values)
        return low, high, codes.pop()
    return values[0], values[0], codes.pop()


def check_job_posting(data: dict[str, Any]) -> list[str]:
    """What in `data` breaks Google's rules for JobPosting markup (empty when it holds)."""
    problems = [f"missing required {p}" for p in REQUIRED if not data.get(p)]
    if not data.get("jobLocation") and data.get("jobLocationType") != "TELECOMMUTE":
        problems.append("missing required jobLocation (or jobLocationType TELECOMMUTE)")
    if data.get("jobLocationType") == "TELECOMMUTE" and not data.get(
        "applicantLocationRequirements"
    ):
        problems.append("a remote job needs applicantLocationRequirements")
    if (et := data.get("employmentType")) and et not in set(EMPLOYMENT_TYPES.values()):
        problems.append(f"employmentType {et!r} is not one of Google's values")
    if salary := data.get("baseSalary"):
        value = salary.get("value") or {}
        if value.get("unitText") not in UNITS.values():
            problems.append("baseSalary needs unitText HOUR, DAY, WEEK, MONTH or YEAR")
        if not re.fullmatch(r"[A-Z]{3}", str(salary.get("currency", ""))):
            problems.append("baseSalary needs an ISO 4217 currency")
    for key in ("datePosted", "validThrough"):
        if key in data and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(data[key])):
            problems.append(f"{key} is not an ISO date")
    known = set(SCHEMA_ORG_JOBPOSTING)
    problems += [f"{k} is not a schema.org JobPosting property" for k in data
                 if not k.startswith("@") and k not in known]  # fmt: skip
    return problems


# schema.org JobPosting's own and inherited (Thing) properties that this markup may use.
SCHEMA_ORG_JOBPOSTING = (
    "applicantLocationRequirements", "applicationContact", "baseSalary", "datePosted",
    "directApply", "educationRequirements", "employmentType", "experienceRequirements",
    "hiringOrganization", "identifier", "jobBenefits", "jobLocation", "jobLocationType",
    "qualifications", "responsibilities", "skills", "title", "totalJobOpenings", "validThrough",
    "workHours", "description", "name", "url",
)  # fmt: skip
