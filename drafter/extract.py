"""Free-text briefs: the model proposes fields; facts are kept exactly as written."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any, get_args

from pydantic import ValidationError

from drafter import prompt as prompts
from drafter.backends import Backend, Usage
from drafter.brief import (
    Brief,
    Channel,
    EmploymentType,
    Jurisdiction,
    PayPeriod,
    Seniority,
    validation_to_input_error,
)
from drafter.errors import DraftError
from drafter.settings import Settings

# Facts parsed straight from the text (the model's reading is checked against these).
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|hk|cn|org|net|io)(?:/\S*)?\b", re.I)
PHONE = re.compile(r"(?<!\d)(?:\+?\d[\d\s-]{6,}\d)(?!\d)")
MONEY = re.compile(
    r"(?:HK\$|US\$|RMB|CNY|HKD|USD|EUR|GBP|SGD|[$€£¥￥])\s?\d[\d,.]*\s?[kK万千]?"
    r"(?:\s?[-–—~至到]\s?\d[\d,.]*\s?[kK万千]?)?"
    r"|\d[\d,.]*\s?(?:[kK]\b|万|元|港元|港幣|美元|dollars?\b)"
)

# What follows the pay range in a note and belongs to it: the period ("/hr", "a month") and
# what comes on top ("加绩效", "另加佣金", "+ commission"). May match nothing.
PAY_EXTRA = re.compile(
    r"(?:\s?/\s?(?:hr|hour|h|month|mo|year|yr|week|wk)\b|\s(?:an?|per) (?:hour|month|year|week)\b)?"
    r"(?:\s?(?:另加|另有|加|\+|＋|plus\s)\s?(?:绩效|績效|提成|佣金|奖金|獎金|花红|花紅|分红|分紅"
    r"|commissions?|bonus(?:es)?|tips)(?:奖金|獎金|工资|工資)?)?",
    re.I,
)
PAY_RANGE = re.compile(
    r"(?:月薪|時薪|时薪|年薪|日薪|底薪|salary|pay)?\s?(?:HK\$|US\$|RMB|CNY|HKD|USD|[$¥￥])?\s?"
    r"\d[\d,.]*\s?[kK万千]?\s?[-–—~至到]\s?(?:HK\$|US\$|RMB|CNY|HKD|USD|[$¥￥])?\s?\d[\d,.]*"
    r"\s?(?:[kK万千](?![A-Za-z])|元|港元|港幣|港币|美元)?",
    re.I,
)

# Shown in the ad when the note names no company, so the validator flags it as a placeholder
# and the recruiter fills it in the saved brief.
MISSING_COMPANY = "[Company name]"

CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
_S = {"type": "string"}
_LIST = {"type": "array", "items": {"type": "string"}}


def _enum(literal: Any) -> dict[str, Any]:
    return {"type": "string", "enum": list(get_args(literal))}


EXTRACT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "title": _S, "company_name": _S, "company_about": _S, "location": _S,
        "employment_type": _enum(EmploymentType), "schedule": _S,
        "pay_text": _S, "pay_min": {"type": "number"}, "pay_max": {"type": "number"},
        "currency": _S, "pay_period": _enum(PayPeriod),
        "channels": {"type": "array", "items": _enum(Channel)}, "tools": _LIST, "duties": _LIST,
        "must_have": _LIST, "preferred": _LIST, "nice_to_have": _LIST, "benefits": _LIST,
        "deadline": _S, "seniority": _enum(Seniority), "industry": _S,
        "jurisdiction": _enum(Jurisdiction),
    },
    "required": ["title", "company_name", "location", "pay_text", "benefits", "must_have",
                 "jurisdiction", "industry", "seniority", "employment_type"],
}  # fmt: skip


HK_PLACES = re.compile(
    r"香港|hong kong|\bhk\b|kowloon|kwun tong|九龍|九龙|觀塘|观塘|港島|新界|荃灣|沙田|旺角"
    r"|銅鑼灣|尖沙咀",
    re.I,
)
# What old JDs and blog posts put around a job title: "客服岗位职责怎么写350字", "【第1篇】".
_TITLE_NOISE = re.compile(
    r"【[^】]*】|\[[^\]]*\]|(?:的)?(?:岗位|崗位|职位|職位)?(?:职责|職責|描述|说明|說明)(?:范本|範本|模板)?"
    r"|怎么写|怎麼寫|\d+\s*字|范文|範文|(?:job|position) description|\bJD\b",
    re.I,
)


# "Hiring 10 inbound CSRs": a note's opening words taken for the title (an eval note).
_HIRING = re.compile(r"^(?:we(?:'re| are) )?(?:now )?hiring:?\s+(?:\d{1,3}\s+)?", re.I)
HEADCOUNT = re.compile(
    r"(?i:\bhiring\s+(\d{1,3})\b)|招(?:聘)?[^\d，,；;。\n]{0,12}?(\d{1,3})\s*(?:名|人|位)"
)


def _job_title(title: str) -> str:
    """The job title without the document words around it (职责, 怎么写, 350字, JD), or the
    "Hiring 10" before it; a plural abbreviation in the singular ("inbound CSRs" → "Inbound
    CSR")."""
    cleaned = re.sub(r"\s{2,}", " ", _TITLE_NOISE.sub("", title)).strip(" -–—:：|/")
    if _HIRING.match(cleaned):
        cleaned = _HIRING.sub("", cleaned)
        cleaned = re.sub(r"\b([A-Z]{2,5})s\b", r"\1", cleaned)
        cleaned = cleaned[:1].upper() + cleaned[1:]
    # "Front office agent for Hotel Donaublick in Vienna": the place and employer are printed
    # from the brief; the title is the role.
    cleaned = re.split(r"\s+(?:for|at|in|with)\s+(?:our|the|a|an)?\b", cleaned, maxsplit=1)[0]
    return cleaned if len(cleaned) >= 2 else title.strip()


# A title the model built from the note's first words: "銅鑼灣化妝品店（晴嵐美妝）門市客戶服務主任".
_EMPLOYER_END = re.compile(r"(?:店|舖|公司|集團|集团|[）)])\s*")
_ROLE_WORD = re.compile(
    r"客服|客戶|客户|服務|服务|專員|专员|主任|主管|組長|组长|經理|经理|助理|代表|顧問|顾问|質檢|质检"
    r"|customer|service|support|care|agent|officer|associate|lead|manager|advisor|representative",
    re.I,
)


# "西安云岭客服中心招客服主管 1 名" read as the title: the hiring verb and the headcount are no part
# of the role (the headcount has its own line).
_ZH_HIRING = re.compile(
    r"^\s*(?:急招|急聘|诚聘|誠聘|招聘|招募|招)\s*|\s*\d{1,3}\s*(?:名|位|人)\s*$"
)


def _title_without_employer(title: str, company: str) -> str:
    """The role part of a title that opens with the employer or its shop, without the hiring
    verb around it (招…1 名)."""
    return _ZH_HIRING.sub("", _role_part(title, company)).strip() or title.strip()


def _role_part(title: str, company: str) -> str:
    if company != MISSING_COMPANY:
        title = re.sub(rf"[（(]\s*{re.escape(company)}\s*[）)]|{re.escape(company)}", "", title)
    tail = _EMPLOYER_END.split(title)[-1]
    head = title[: len(title) - len(tail)]  # the employer part must not itself name the role
    tail = tail.strip(" -–—:：|/")
    if head and not _ROLE_WORD.search(head) and len(tail) >= 3 and _ROLE_WORD.search(tail):
        return tail
    return title.strip()


def _place_in(text: str, *, specific: bool = False) -> str | None:
    """A Hong Kong place named in the note (a district before 香港), as written there; with
    `specific`, only a district."""
    found = [m.group() for m in HK_PLACES.finditer(text)]
    districts = [p for p in found if p.lower() not in {"香港", "hong kong", "hk"}]
    return (districts or ([] if specific else found) or [None])[0]


def _simplified(text: str) -> bool:
    from drafter.readers import detect_language

    return detect_language(text) == "zh-Hans"


def _verbatim(value: str, source: str) -> str | None:
    """The value if the note contains it word for word (ignoring case), else None."""
    value = (value or "").strip()
    return value if value and value.lower() in source.lower() else None


# Words of an organisation's name a model drops ("Hotel Donaublick" → "Donaublick").
_ORG_WORD = (
    r"(?:Hotels?|Hostel|Resort|Bank|Café|Cafe|Restaurant|Group|Airlines?|Insurance|Logistics|"
    r"Mobile|Telecom|Stores?|Shops?|Clinic|Hospital|Company|Co\.|Ltd\.?|Limited|GmbH|AG|Inc\.?|"
    r"LLC|plc|S\.?A\.?|B\.?V\.?|Holdings|Express|Travel|Retail|Pharmacy)"
)


def _whole_name(name: str, source: str) -> str:
    """A Latin company name with the organisation words the note writes around it."""
    if not name or not re.search(r"[A-Za-z]", name):
        return name
    m = re.search(
        rf"(?:\b{_ORG_WORD}\s+)*(?i:{re.escape(name)})(?:\s+{_ORG_WORD}(?![\w]))*", source
    )
    if not m:
        return name
    whole = m.group().strip()
    return whole if whole.lower() != name.lower() else name


# The note's own pieces: "…, HKDSE, Cantonese + English, 5-day week, …" or
# "要求三年以上…、一年以上…；".
# A comma between digits ("EUR 2,300") or a full stop inside a number or address does not split.
_PIECE_BREAK = re.compile(r"(?<!\d),(?!\d)|,(?=\s)|[;；。，、\n:：]|\.(?=\s|$)")
_PIECE_LEAD = re.compile(
    r"^(?:要求|需要|需|必须|必須|具备|具備|具有|有|懂|and|with|plus|incl\.?|including)\s*", re.I
)
_UNIT = re.compile(r"[\u3400-\u9fff]|[a-z0-9]+", re.I)


def _units(text: str) -> set[str]:
    """Characters of Chinese and words of English (plural s dropped) for a loose comparison."""
    out = set()
    for u in _UNIT.findall(text.lower()):
        out.add(u[:-1] if len(u) > 3 and u.endswith("s") and not u.endswith("ss") else u)
    return out


def note_pieces(text: str) -> list[str]:
    """The note split into the short pieces a recruiter lists facts in."""
    pieces = [
        _PIECE_LEAD.sub("", p.strip(" -–—*·•()（）")).strip() for p in _PIECE_BREAK.split(text)
    ]
    return [p for p in pieces if len(_units(p)) >= 2 or len(p) >= 3]


# A piece of the note must share this much (Dice) with the model's wording to replace it.
SNAP_SHARE = 0.6


def _snap(value: str, text: str, pieces: list[str]) -> str | None:
    """The value as the note writes it: itself when verbatim, else the note's piece that says
    nearly the same ("5 days a week" → "5-day week"); None when the note says nothing like it."""
    mine = _units(value)
    if _verbatim(value, text):
        # "German" of "German and English": the note's whole short piece
        around = [p for p in pieces if value.strip().lower() in p.lower() and len(_units(p)) <= 6]
        return min(around, key=len) if around else value.strip()
    best, score = None, 0.0
    for piece in pieces:
        theirs = _units(piece)
        share = 2 * len(mine & theirs) / (len(mine) + len(theirs)) if mine and theirs else 0.0
        if share > score:
            best, score = piece, share
    return best if score >= SNAP_SHARE else None


def _snapped(values: list[str], text: str, pieces: list[str], *, keep: bool) -> list[str]:
    """Each value in the note's words, without repeats; with `keep`, values the note says
    nothing like stay as the model wrote them (requirements), else they go (benefits)."""
    out: list[str] = []
    for value in (v for v in values if v and v.strip()):
        found = _snap(value, text, pieces) or (value.strip() if keep else None)
        if found and found not in out:
            out.append(found)
    return out


# What a note offers: the perks the faithfulness rule knows (drafter/rules/lexicons.yaml) and
# training the employer pays for.
@cache
def _benefit_like() -> re.Pattern[str]:
    from drafter.validate import _lexicons

    lex = _lexicons()
    return re.compile(
        rf"{lex.perk_en.pattern}|{lex.perk_zh.pattern}|paid training|[带帶有]薪培[训訓]", re.I
    )


# What a model files under benefits that is a requirement ("中五程度", "HKDSE", "2 years'
# experience").
_REQUIREMENT_LIKE = re.compile(
    r"程度|學歷|学历|經驗|经验|以上學|HKDSE|DSE|degree|diploma|experience|fluent|識講|识讲|會講|会讲",
    re.I,
)
_LANGUAGE = re.compile(
    r"\b(?:Cantonese|English|Mandarin|Putonghua|German|French|Spanish|Dutch|Italian|Japanese)\b"
    r"|粵語|粤语|廣東話|广东话|普通話|普通话|英語|英语|英文|日語|日语",
    re.I,
)
SCHEDULE = re.compile(
    r"\d-day week|\d[- ]days? a week|mon(?:day)?\s?[-–to]+\s?fri(?:day)?[^,;，；]*"
    r"|做五休二|做六休一|(?:每週|每周|一週|一周)[五六]天半?(?:工作)?|[五六]天工作"
    r"|(?:周|週|星期)一至(?:周|週|星期)?[五六][^，,；;]*"
    r"|輪班|轮班|shifts? incl\.? weekends|rotating shifts?",
    re.I,
)


# --- what an old job description's own lists say -------------------------------------------
# Headings old JDs put over their duty and requirement lists, and the numbered or bulleted lines
# under them ("1、接听客户热线；", "2. ...", "- Handle complaints", "• ..."). The model reads the JD
# too, but a 1.5B model drops or merges items (and leaves out a whole requirement list when one
# item of it is discriminatory): the JD's own lists are the facts to keep, then neutralised like
# the rest (rewrite.neutralise).
_NUMBERED_HEAD = r"^\W*(?:[一二三四五六七八九十]+\s*[、.．]\s*)?"
_DUTY_HEAD = re.compile(
    _NUMBERED_HEAD
    + r"(?:职责描述|岗位职责|工作职责|工作内容|职位描述|職責描述|崗位職責|工作職責|工作內容"
    r"|主要职责|主要職責|(?:key |main )?(?:responsibilities|duties)|what you(?:'ll| will) do"
    r"|job duties)",
    re.I,
)
_REQ_HEAD = re.compile(
    _NUMBERED_HEAD
    + r"(?:任职资格|任职要求|任职条件|岗位要求|职位要求|应聘要求|任職資格|任職要求|任職條件"
    r"|崗位要求|職位要求|應徵要求|入职要求|入職要求|requirements?|qualifications?"
    r"|person specification|what we(?:'re| are) looking for)",
    re.I,
)
_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[、.．)）]|[（(]\d{1,2}[)）]|[-*•·●▪])\s*")
_KEY_VALUE = re.compile(r"^([\u3400-\u9fff]{2,6}|[A-Za-z]+(?: [A-Za-z]+){0,2})\s*[:：]\s*(.+)$")
_PREFERRED = re.compile(
    r"优先|優先|更好|更佳|加分|preferred|an advantage|a plus|is a bonus|desirable", re.I
)
_PIECE = re.compile(
    r"[，；;]"
)  # ASCII commas list one condition's parts ("电话销售,呼叫中心…优先")
# Key-value lines that say nothing is required ("学历要求：不限"), or that are no requirement.
_NOTHING = re.compile(
    r"[:：]\s*(?:不限|无|無|无要求|無要求|不要求|无工作经验|無工作經驗|none|n/?a|any)\s*$", re.I
)
# "男女不限", "年龄不限": no condition, so no requirement to list.
_NO_CONDITION = re.compile(
    r"(?:男女|性别|性別|年龄|年齡|学历|學歷|经验|經驗|专业|專業)不限|不限(?:男女|性别|性別)"
    r"|(?:any|no) (?:age|gender|experience)(?: required| needed)?",
    re.I,
)
_NOT_A_REQUIREMENT = re.compile(
    r"^(?:薪酬|薪资|薪資|待遇|工资|工資|福利|地点|地點|工作地点|工作地點|联系|聯絡|pay|salary|benefits?"
    r"|location|contact|apply)\s*[:：]",
    re.I,
)


# A JD's section names the model lists as requirements ("3.0医疗服务", "邮件收发职责",
# "服务接待中注意事项"): headings of its outline, not something asked of a candidate.
_SECTION_NAME = re.compile(
    r"^\s*\d{1,2}\.0(?!\d)|(?:职责|職責|注意事项|注意事項|工作要求|duties|responsibilities)\s*$",
    re.I,
)


def _heading_rest(line: str) -> tuple[str | None, str]:
    """Which list a heading line opens ("duties" / "requirements", or None) and the text after
    the heading words on the same line ("Requirements: digital native, able-bodied")."""
    for kind, head in (("duties", _DUTY_HEAD), ("requirements", _REQ_HEAD)):
        m = head.match(line)
        if m and len(line) <= 200:
            rest = line[m.end() :]
            while again := _DUTY_HEAD.match(rest.strip()) or _REQ_HEAD.match(rest.strip()):
                rest = rest.strip()[again.end() :]  # "主要職責 Key Responsibilities："
            rest = rest.strip()
            if rest.startswith((",", "，")) or re.fullmatch(r"[^:：]{0,30}[:：]?", rest):
                rest = ""  # "Responsibilities, tactical level:"
            return kind, rest.lstrip(":： ").strip()
    return None, ""


def legacy_lists(text: str) -> tuple[list[str], list[str], list[str]]:
    """The JD's own duties, must-haves and preferred items: the numbered or bulleted lines (or
    the list on the heading's own line) under its duty and requirement headings. A
    requirement line is split into its pieces ("25周岁以内，已婚已育者优先，汉族"), those saying
    优先 / preferred go to preferred."""
    duties: list[str] = []
    reqs: list[str] = []
    current: list[str] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        kind, rest = _heading_rest(stripped)
        if kind is not None:
            current = duties if kind == "duties" else reqs
            if rest:
                rest = re.split(r"\.\s+(?=[A-Z])", rest)[0]  # "…speaker. Pay: DOE."
                parts = [p for p in re.split(r"[;；]|,\s(?=[a-z])", rest) if p.strip()]
                current.extend(p.strip(" .。") for p in parts)
            continue
        if current is None:
            continue
        if _ITEM.match(stripped):
            item = _ITEM.sub("", stripped, count=1)
        elif current is reqs and _KEY_VALUE.match(stripped):
            if _NOT_A_REQUIREMENT.match(stripped):
                current = None
                continue
            item = stripped  # "教育程度：副學士或以上", "性别：男" (the key says what is asked)
        else:
            current = None  # a line that is no list item ends the list
            continue
        if current is duties and (kv := re.match(r"^[^：:]{2,8}[：:](.{6,})$", item)):
            item = kv.group(1)  # "（2）质量辅导：每周抽听组员录音…"
        item = item.strip(" ；;。.")
        if item and not _NOTHING.search(item) and not _NO_CONDITION.fullmatch(item):
            current.append(item)
    must: list[str] = []
    preferred: list[str] = []
    for item in reqs:
        pieces = _PIECE.split(item) if CJK_CHAR.search(item) else [item]
        for piece in (p.strip(" ，,。.") for p in pieces):
            if piece and not _NO_CONDITION.fullmatch(piece):
                (preferred if _PREFERRED.search(piece) else must).append(piece)
    return duties, must, preferred


_PAY_MARK = re.compile(
    r"薪|元|港元|港幣|美元|salary|pay|HK\$|US\$|RMB|CNY|HKD|USD|[$¥￥]|\d\s?[kK万千]", re.I
)


def _phone(text: str) -> str | None:
    """A phone number in the note: 8 or more digits, not part of a pay range ("3500-6000")
    or a date."""
    money = [m.span() for m in MONEY.finditer(text)]
    money += [m.span() for m in PAY_RANGE.finditer(text) if _PAY_MARK.search(m.group())]
    for m in PHONE.finditer(text):
        inside = any(a <= m.start() < b or a < m.end() <= b for a, b in money)
        date = re.fullmatch(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}", m.group().strip())
        if not inside and not date and len(re.sub(r"\D", "", m.group())) >= 8:
            return m.group(0).strip()
    return None


# Hours worked that no one offers as a perk.
_DUTY_HOURS = re.compile(
    r"shifts?\b|rota\b|roster|weekends?\b(?!\s*off)|nights?\b|overnight|輪班|轮班|[三两兩]班|倒班|夜班"
    r"|通宵",
    re.I,
)
# A clause of the note that says what the job does: it opens with a verb of the work.
_DUTY_START = re.compile(
    r"(?:负责|負責|带领|帶領|带|帶|管理|处理|處理|接听|接聽|解答|跟进|跟進|回复|回覆|协助|協助"
    r"|督导|督導|培训|培訓)\s?\S"
    r"|(?:handle|handling|answer|answering|lead|leading|manage|managing|resolve|resolving|coach"
    r"|coaching|run|running|support|supporting|respond|responding|process|processing)\s",
    re.I,
)


def _clauses(text: str) -> list[str]:
    """The note's clauses: between stops, semicolons and commas (not within a list of 、)."""
    parts = re.split(r"[，；。：;\n]|[,:]\s|\.\s", text)
    return [p.strip(" -–—*·•") for p in parts if p.strip(" -–—*·•")]


def build_brief(
    data: dict[str, Any], text: str, *, legacy: bool = False
) -> tuple[Brief, list[str]]:
    """A Brief from the model's fields, keeping only facts found verbatim in the note; for an
    old JD (`legacy`), its own duty and requirement lists win over the model's reading."""
    notes: list[str] = []
    if legacy:
        data = dict(data)
        duties, must, preferred = legacy_lists(text)
        if len(duties) >= 3:
            data["duties"] = duties
            notes.append(f"duties: the {len(duties)} listed in the description")
        if len(must) + len(preferred) >= 2:
            data.update(must_have=must, preferred=preferred, nice_to_have=[])
            notes.append(
                f"requirements: the {len(must) + len(preferred)} listed in the description"
            )
    title = _job_title(data.get("title") or "") or "Customer Service Representative"
    company = _whole_name(_verbatim(data.get("company_name", ""), text) or "", text)
    company = company or MISSING_COMPANY
    if company == MISSING_COMPANY:
        notes.append("company.name: the note names no company — fill it in the saved brief")
    location = _verbatim(data.get("location", ""), text)
    district = _place_in(text, specific=True)
    if location and district and not HK_PLACES.search(location):
        location = None  # the note names a district; the model's "location" was no place ("HKDSE")
    location = location or _place_in(text)
    owner = re.fullmatch(r"(.{2,8}?)的(.{2,})", company)
    if owner and location is None:  # "公司是杭州余杭的橙屿服饰": the place, then the company
        location, company = owner.group(1), owner.group(2)
    if location is None:
        location = "[Location]"
        notes.append("location: not found word for word in the note — fill it in")
    title = _title_without_employer(title, company)
    pay: dict[str, Any] | None = None
    pay_text = _verbatim(data.get("pay_text", ""), text)
    if pay_text is None:
        m = MONEY.search(text)
        pay_text = m.group(0) if m else None
    # The model may keep one end of a range ("7500 元" of "月薪 5500-7500 元"): take the whole.
    wider = [m.group().strip() for m in PAY_RANGE.finditer(text)]
    pay_text = next((w for w in wider if pay_text and pay_text in w), pay_text)
    if pay_text and not re.search(r"\d", pay_text):  # "面议", "Competitive salary": no pay
        notes.append(f"pay: {pay_text!r} gives no amount — add the pay range to the brief")
        pay_text = None
    # "月薪 9000-12000 元加绩效", "另加佣金", "+ commission": what comes on top is pay too
    at = text.find(pay_text) if pay_text else -1
    if pay_text and at >= 0 and (more := PAY_EXTRA.match(text, at + len(pay_text))):
        pay_text += more.group()
    if pay_text:
        pay = {"text": pay_text}
        if data.get("pay_period") in get_args(PayPeriod):
            pay["period"] = data["pay_period"]
    pieces = note_pieces(text)
    offered = [str(b) for b in data.get("benefits") or []]
    must = [str(r) for r in data.get("must_have") or []]
    for key in ("must_have", "preferred", "nice_to_have"):
        heads = [str(r) for r in data.get(key) or [] if _SECTION_NAME.search(str(r))]
        if heads:
            notes.append(f"requirements: dropped {heads} — section names, not requirements")
            if key == "must_have":
                must = [r for r in must if r not in heads]
            else:
                data = {**data, key: [r for r in data.get(key) or [] if r not in heads]}
    for item in [b for b in offered if _REQUIREMENT_LIKE.search(b)]:
        offered.remove(item)  # "中五程度" is asked of the candidate, not offered
        must.append(item)
    extra_preferred: list[str] = []
    if not legacy:  # a note's "HKDSE" or "Cantonese + English" the model did not list
        listed = " ".join(must + list(data.get("preferred") or []) + list(data.get("nice_to_have")
                          or []) + offered).lower()  # fmt: skip
        for piece in pieces:
            if (
                (_REQUIREMENT_LIKE.search(piece) or _LANGUAGE.search(piece))
                and not (EMAIL.search(piece) or URL.search(piece) or MONEY.search(piece))
                and len(piece) <= 40
                and piece.lower() not in listed
            ):
                (extra_preferred if _PREFERRED.search(piece) else must).append(piece)
                notes.append(f"requirements: added {piece!r} from the note")
    benefits = _snapped(offered, text, pieces, keep=False)
    dropped = [b for b in offered if not _snap(b, text, pieces)]
    if dropped:
        notes.append(f"benefits: dropped {dropped} — not written that way in the note")
    if not legacy:  # a note's "3 weeks paid training" the model did not list
        for piece in pieces:
            low = piece.lower()
            if (
                _benefit_like().search(piece)
                and not (EMAIL.search(piece) or URL.search(piece) or MONEY.search(piece))
                and not _REQUIREMENT_LIKE.search(piece)
                and len(piece) <= 40
                and company.lower() not in low
                and not any(low in b.lower() or b.lower() in low for b in benefits)
            ):
                benefits.append(piece)
                notes.append(f"benefits: added {piece!r} from the note")
    schedule = _snap(data.get("schedule") or "", text, pieces)
    if schedule is None and (m := SCHEDULE.search(text)):
        schedule = m.group().strip(" ,;，；")
    same = [
        b for b in benefits if schedule and b.lower() in schedule.lower() and _DUTY_HOURS.search(b)
    ]
    if same:
        # "shifts incl. weekends" as a perk too (a Vienna note): work at those hours is no
        # benefit ("5-day week", 做五休二 are, as HK and mainland ads list them)
        benefits = [b for b in benefits if b not in same]
        notes.append(f"benefits: dropped {same} — the schedule, not a benefit")
    how: dict[str, Any] = {}
    for key, pattern in (("email", EMAIL), ("url", URL)):
        m = pattern.search(text if key != "url" else EMAIL.sub(" ", text))
        if m:
            how[key] = m.group(0).rstrip(".,;")
    if phone := _phone(text):
        how["phone"] = phone
    deadline = str(data.get("deadline") or "")
    # a date has a digit and is no address ("截止日期：zhaopin@…" in a Xi'an eval draft)
    if (
        deadline
        and _verbatim(deadline, text)
        and re.search(r"\d", deadline)
        and not (EMAIL.search(deadline) or URL.search(deadline))
    ):
        how["deadline"] = deadline
    if not how:
        how["instructions"] = "[How to apply]"
        notes.append("how_to_apply: the note gives no email, link or phone — add one")
    headcount = data.get("headcount")
    if not isinstance(headcount, int) and (m := HEADCOUNT.search(text)):
        headcount = int(m.group(1) or m.group(2))
    duties = [str(d) for d in data.get("duties") or [] if str(d).strip()]
    if not duties and not legacy:  # "带 20 人呼入团队，负责排班、质检辅导和投诉升级"
        duties = [c for c in _clauses(text) if _DUTY_START.match(c) and len(c) <= 60]
        if duties:
            notes.append(f"duties: {duties} from the note")
    fields: dict[str, Any] = {
        "title": title,
        "headcount": headcount if isinstance(headcount, int) and headcount > 0 else None,
        "company": {"name": company, "about": (data.get("company_about") or "").strip()},
        "location": location,
        "employment_type": data.get("employment_type") or "full-time",
        "schedule": schedule,
        "pay": pay,
        "channels": [c for c in data.get("channels") or [] if c in get_args(Channel)],
        "tools": [t for t in data.get("tools") or [] if _verbatim(t, text)],
        "duties": duties,
        "requirements": {
            "must_have": _snapped(must, text, pieces, keep=True),
            "preferred": _snapped(
                list(data.get("preferred") or []) + extra_preferred, text, pieces, keep=True
            ),
            "nice_to_have": _snapped(data.get("nice_to_have") or [], text, pieces, keep=True),
        },
        "benefits": benefits,
        "how_to_apply": how,
        "seniority": data.get("seniority") or "entry",
        "industry": data.get("industry") or "call centre",
        "jurisdiction": data.get("jurisdiction") or "other",
    }
    if HK_PLACES.search(text):
        fields["jurisdiction"] = "hk"
    elif fields["jurisdiction"] in ("hk", "other") and _simplified(text):
        # A Simplified-Chinese note naming no Hong Kong place is a mainland job.
        fields["jurisdiction"] = "cn"
    try:
        return Brief.model_validate(fields), notes
    except ValidationError as exc:
        raise validation_to_input_error(exc, "free-text brief") from None


def extract_brief(
    text: str, *, backend: Backend, settings: Settings, legacy: bool = False
) -> tuple[Brief, list[str], Usage]:
    """Ask the model for the brief's fields; re-ask on malformed output (bounded)."""
    messages = prompts.extract_messages(settings.prompts_dir, text, legacy=legacy)
    usage = Usage(backend=backend.name, model=backend.model)
    last = ""
    for _ in range(settings.max_reasks + 1):
        done = backend.complete(messages, schema=EXTRACT_SCHEMA, max_tokens=700)
        usage = usage.add(done.usage)
        last = done.text
        try:
            data = json.loads(last, strict=False)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict):
            brief, notes = build_brief(data, text, legacy=legacy)
            return brief, notes, usage
    raise DraftError(
        "the model could not read the free-text brief",
        last_output=last,
        attempts=settings.max_reasks + 1,
        fix="write the brief as YAML (see examples/briefs/) and pass the file",
    )
