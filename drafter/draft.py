"""The draft stage: ask the model for the prose of an ad, check it, and assemble the ad."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from drafter import prompt as prompts
from drafter.backends import (
    AVOID_WORDS,
    CJK_FIRST,
    LATIN_ONLY,
    Backend,
    Message,
    TokenCallback,
    Usage,
    repeats_from,
)
from drafter.brief import Brief, Language, Requirements, StrictModel, Tone
from drafter.errors import BackendError, DraftError, InputError
from drafter.extract import MONEY
from drafter.knowledge import load_documents
from drafter.readers import converter
from drafter.render import (
    EQUAL_OPPORTUNITY,
    Ad,
    facts_line,
    format_pay,
    how_to_apply_lines,
    render_markdown,
)
from drafter.retrieve import RetrievedPassage
from drafter.settings import Settings
from drafter.validate import LENGTH_BAND, BriefFacts, band_size, unfaithful

MAX_DUTIES = 8  # a reader takes in about this many; the seeds' good ads list 5–8
CJK = re.compile(r"[\u3400-\u9fff]")

# Character limits per field: (min, max) for English and for Chinese. They are part of the
# JSON schema, so the local model's grammar enforces them while it writes; the mins keep a
# small model from writing a 150-word ad, the maxes keep it inside the 400–700 word band.
LIMITS: dict[str, dict[str, tuple[int, int]]] = {
    "en": {"hook": (200, 440), "about_us": (200, 600), "role_overview": (460, 860),
           "item": (80, 220), "success": (230, 460), "growth": (250, 540), "closing": (70, 240),
           "title": (4, 60)},
    "zh": {"hook": (60, 130), "about_us": (80, 200), "role_overview": (160, 300),
           "item": (26, 70), "success": (80, 170), "growth": (100, 200), "closing": (30, 90),
           "title": (2, 24)},
}  # fmt: skip

# Duties asked for: English answers padded to 7–8 duties looped (2 of 17 lively drafts failed in
# an eval); Chinese answers asked for 7–8 repeated one duty to fill the list, and the repeats
# were cleaned out again (two duties left of eight).
DUTIES = {"en": (6, 7), "zh": (5, 6)}

FIELD_HELP = {
    "title": "the job title in the ad's language, conventional and clear",
    "hook": "two or three opening sentences on the work and why it matters, to make the right "
    "person read on (the company description belongs in about_us)",
    "about_us": "the company and the team, from the brief's company description only",
    "role_overview": "what the job is day to day: channels, tools, the cases that come up "
    "most, who they work with and where they pass a case on",
    "responsibilities": "{min} or {max} duties, each one sentence starting with a verb",
    "success": "to the candidate as 'you': what you will have achieved for customers and the "
    "team after your first months when the job goes well, in plain words (no numbers)",
    "growth": "how a new joiner learns the job, who supports them, and where the role can "
    "lead, in general terms (no perks, no numbers)",
    "closing": "one or two sentences inviting people to apply (no contact details)",
    "requirements": "must_have, preferred, nice_to_have: short skill statements (max 5 must-haves)",
}
# The professional voice writes about the post holder, not to "you" (knowledge/guides/tone.md).
# English only: with it, "you" in the 6 English professional success sections of the eval
# subset fell from 18 to 7; Chinese ads asked this way wrote 我 ("我成功地解決了…"), which is
# dropped, and one lost its whole success section.
PROFESSIONAL_HELP = {
    "success": "in the third person ('the successful candidate', 'the post holder'): what "
    "they will have achieved for customers and the team after the first months when the job "
    "goes well, in plain words (no numbers)",
}


class DraftText(BaseModel):
    """What the model writes. Facts are not in it: they are printed from the brief."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    title: str = ""
    hook: str
    about_us: str
    role_overview: str
    responsibilities: list[str] = Field(min_length=1)  # fewer than 3: the brief's fill in
    success: str = ""
    growth: str = ""
    closing: str = ""
    requirements: Requirements | None = None

    @model_validator(mode="before")
    @classmethod
    def _unbreak_quotes(cls, data: Any) -> Any:
        """A small model sometimes closes a JSON string with Chinese quotes and goes on listing
        items inside it (…关闭”，“超出权限的投诉…”，”，”): list items are split there, and the
        stray quote-and-comma runs are removed from prose."""
        if not isinstance(data, dict):
            return data
        out = dict(data)
        for key, value in data.items():
            if isinstance(value, str):
                value = PROSE_TAIL.sub("", ITEM_BREAK.sub("，", value))
                out[key] = _unquote(PROSE_KEY.sub("", value))
            elif isinstance(value, list) and key == "responsibilities":
                out[key] = _split_items(value, duties=True)
        if isinstance(data.get("requirements"), dict):
            out["requirements"] = {
                k: _split_items(v) if isinstance(v, list) else v
                for k, v in data["requirements"].items()
            }
        return out


DIGIT = re.compile(r"\d")
ITEM_BREAK = re.compile(r"[”\"]\s*[，,、]\s*[“\"]")
JSON_DEBRIS = re.compile(
    r'^\w+"\s*:|"\s*:\s*["\[{]|^\s*[\[\]{}]|[\[{]\s*$|(?:^|\s)[\]}]\s*$'
    r"|^\W*(?:title|hook|about_us|role_overview|responsibilities|growth|closing|requirements"
    r"|must_have|preferred|nice_to_have)\W*(?::|$)|^\(\w+\)$|^[a-z]+(?:_[a-z]+)+\W*$"
)  # "nice_to_have: [] }", "preferred", "(suggested)", "closing_sentence_inviting_people" as an item
# The next field's key written inside a prose value ("…目标。closing”: “我们期待…"): cut there.
# Quoted, "success" too ("…operations., 'success': By delivering…"); bare, it is a plain word.
PROSE_KEY = re.compile(
    r"[,，]?\s*(?:['‘“\"]?\b(?:title|hook|about_us|role_overview|responsibilities|growth|closing"
    r"|requirements|must_have|preferred|nice_to_have)['’”\"]?|['‘“\"]success['’”\"])\s*[:：].*$",
    re.S,
)
# English duties the model ran together in one item ("Advise customers…. Answer Instagram…").
EN_ITEM_BREAK = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z][a-z]+\s)")
JSON_TAIL = re.compile(r"\s*[”\"]\s*[\]}].*$|```.*$")
# The same in prose, to the end of the value ("…與我們聯絡。”} ```python # The JSON").
PROSE_TAIL = re.compile(JSON_TAIL.pattern.replace("$", ""), re.S)
QUOTE_JUNK = re.compile(r"(?:[”\"]\s*[，,、。]\s*){2,}[”\"]?|[”\"]\s*[，,、]\s*$")


# "…provide customers with a" + "success: As a Customer Service Officer, you'll…": the model
# wrote the next field's name and text into the list.
FIELD_LEAK = re.compile(
    r"(?:^|\s|[\"“”])(?:title|hook|about_us|role_overview|responsibilities|success|growth|"
    r"closing|requirements|must_have|preferred|nice_to_have)[\"”]?\s*[:：]"
)  # also quoted: '…处理销售", "success": "在你的第一个月…' inside one list item


def _split_items(values: list[Any], *, duties: bool = False) -> list[str]:
    """List items split where the model ran several together, junk removed, empties dropped;
    `duties` are cut off by the grammar at the schema's length limit (`_rejoin_cut`)."""
    values = _rejoin_cut(values) if duties else values
    values = [
        ZH_LABEL_LEAK.split(FIELD_LEAK.split(v)[0])[0] if isinstance(v, str) else v for v in values
    ]
    parts = (p for v in values if isinstance(v, str) for p in ITEM_BREAK.split(v))
    # "完成领导交办的其他工作”]。\n- seniority: manager": the model wrote on past the list's end
    parts = (JSON_TAIL.sub("", p.strip().split("\n")[0]) for p in parts)
    # "+訓練以提高…", "• Answer…": a bullet of the model's own before the item
    parts = (BULLET.sub("", p) for p in parts)
    # "处理订单和退款；": a list item ends without the semicolon that ran it into the next
    # (a trailing comma stays: _join_broken reads it as an item cut in two)
    items = (_unquote(s).rstrip("；; ") for p in parts for s in _split_sentences(p))
    # "成功：你将为客户…" is another section's text under its name in Chinese; "职责：…" a duty
    items = (ZH_DUTY_LABEL.sub("", u) for u in items if not ZH_SECTION_LABEL.match(u))
    return _join_broken([u for u in items if u])


# The grammar ends an item at its length limit. A model that packs several duties into one
# item ("…；协助处理其他相关客" + "宾事务，如预订…", a Hong Kong hotel draft) goes on in the next.
CUT_OFF = re.compile(r"[^.!?;。！？；，,]$")


def _rejoin_cut(values: list[Any]) -> list[Any]:
    """Duties cut off at the schema's length limit joined to the item that goes on with them."""
    out: list[Any] = []
    for value in values:
        prev = out[-1] if out else None
        if isinstance(prev, str) and isinstance(value, str) and CUT_OFF.search(prev):
            limit = LIMITS["zh" if CJK.search(prev) else "en"]["item"][1]
            if len(prev) >= limit:
                out[-1] = prev + ("" if CJK.search(value[:1]) else " ") + value
                continue
        out.append(value)
    return out


BULLET = re.compile(r"^[+*•·‧\-–—]+\s*")
ZH_SECTION_LABEL = re.compile(
    r"\s*(?:成功|成[长長]|[结結]束?[语語]|[总總][结結]|[关關]于我[们們]|[关關]於我[们們]|[职職]位"
    r"(?:概述|[简簡]介)|福利(?:待遇)?|申[请請](?:方式|方法)|任[职職]要求|入[职職]要求"
    r"|[关關]闭|[關关]閉)\s*[：:]"  # 关闭 ("close"): the model's word for the closing field
)
ZH_DUTY_LABEL = re.compile(r"^\s*(?:工作)?[职職][责責]\s*[：:]\s*")
# '…与客户和团队沟通”成功：在第一个月…': the success field run on inside a duty after a quote
ZH_LABEL_LEAK = re.compile(r"[\"“”」]" + ZH_SECTION_LABEL.pattern)


# "5. 定期接受培训", "（2）处理投诉", "3) Log calls": the model numbered its list items.
DIGIT_MARK = r"[(（]\d{1,2}[)）]|\d{1,2}[.、．)）](?!\d)"
NUMBERING = re.compile(rf"^\s*(?:{DIGIT_MARK}|[一二三四五六七八九十][.、．)）])\s*")
# "你的工作將包括：1. 接待顧客…；2. 處理訂單…": a list numbered inside prose (digits only: in
# prose "，三、四个月" is "three or four months").
INLINE_NUMBERING = re.compile(rf"(?:^|(?<=[：:；;，,。]))\s*(?:{DIGIT_MARK})\s*")


def unnumber(text: str) -> str:
    """A list numbered inside prose without its numbers ("包括：1. 接待…；2. 處理…" reads
    "包括：接待…；處理…"); a number that counts something ("14家店") stays."""
    return INLINE_NUMBERING.sub(
        lambda m: "" if m.start() == 0 or text[m.start() - 1] in "：；，。" else " ", text
    )


# A Chinese item holding several duties, one sentence each ("…问题。 跟进客户的需求。").
ZH_ITEM_BREAK = re.compile(r"(?<=[。；;！!])\s*(?=\S)")


def _split_sentences(item: str) -> list[str]:
    """An item holding several duties, one sentence each, split into them; numbering goes."""
    item = NUMBERING.sub("", item)
    if CJK.search(item):
        pieces = [NUMBERING.sub("", p) for p in ZH_ITEM_BREAK.split(item) if p.strip()]
        # the last piece may be short where the answer was cut ("…；5. 处理销售")
        if (
            len(pieces) > 1
            and all(len(CJK.findall(p)) >= 6 for p in pieces[:-1])
            and len(CJK.findall(pieces[-1])) >= 4
        ):
            return pieces
        return [item]
    pieces = EN_ITEM_BREAK.split(item)
    if len(pieces) > 1 and all(len(p.split()) >= 4 for p in pieces[:-1]):
        return pieces
    return [item]


# A Chinese item that starts on a particle or a stop is the tail of another sentence.
ZH_TAIL_START = re.compile(r"[的地得之，,。、；;]")
# A Chinese item that stops on a particle or conjunction ("…提高自己的") is not finished.
DANGLING_ZH = re.compile(r"[的和及與与並并或以在將将對对把為为、，,]$")
# A "sentence" that stops after its linking word ("此外。", "此外，你還"): the model ran out.
LONE_LINK = re.compile(
    r"^(?:此外|另外|同時|同时|而且|並且|并且|以及|還有|还有|Also|In addition|Moreover)"
    r"[\s，,]*(?:你|您|我們|我们|他們|他们|應徵者|应聘者|獲聘者|任职者)?(?:還|还|也|亦|將|将|可以|並|并)?"
    r"[\s。.，,…]*$",
    re.I,
)


def _join_broken(items: list[str]) -> list[str]:
    """Items the model broke in two ("…提高自己的" + "技能和能力", "Handle complaints and" +
    "escalate claims") joined again."""
    out: list[str] = []
    for item in items:
        prev = out[-1] if out else ""
        if (DANGLING_ZH.search(prev) and CJK.search(item) and len(item) <= 12) or (
            DANGLING.search(prev) and re.match(r"[a-z]", item)
        ):
            out[-1] = prev + ("" if CJK.search(item) else " ") + item
        else:
            out.append(item)
    return out


def _unquote(text: str) -> str:
    """Stray quote runs removed; a string with no letters or Chinese characters left is empty."""
    text = QUOTE_JUNK.sub("", text).strip().strip('“”"').strip()
    # "定期报告水准和解决问题”。": a closing quote that closes nothing
    if text.count("”") > text.count("“"):
        text = re.sub(r"”+(?=[。.！!？?]?$)", "", text)
    if JSON_DEBRIS.search(text):  # the model wrote its JSON keys into a value
        return ""
    return text if re.search(r"[A-Za-z\u3400-\u9fff]", text) else ""


class DraftResult(StrictModel):
    """Everything `drafter draft` reports: the ad, its parts, what it was made from and cost."""

    markdown: str
    sections: Ad
    brief: Brief
    language: Language
    tone: Tone
    sources: list[str]
    usage: Usage
    attempts: int
    fixes: list[str] = Field(default_factory=list)
    report: dict[str, Any] | None = None


def _str(lo_hi: tuple[int, int]) -> dict[str, Any]:
    return {"type": "string", "minLength": lo_hi[0], "maxLength": lo_hi[1]}


def output_schema(language: Language, need_requirements: bool) -> dict[str, Any]:
    """JSON schema of DraftText with length limits for the language."""
    lang = "en" if language == "en" else "zh"
    lim = LIMITS[lang]
    props: dict[str, Any] = {
        "title": _str(lim["title"]),
        "hook": _str(lim["hook"]),
        "about_us": _str(lim["about_us"]),
        "role_overview": _str(lim["role_overview"]),
        "responsibilities": {"type": "array", "items": _str(lim["item"]),
                             "minItems": DUTIES[lang][0], "maxItems": DUTIES[lang][1]},
        "success": _str(lim["success"]),
        "growth": _str(lim["growth"]),
        "closing": _str(lim["closing"]),
    }  # fmt: skip
    if need_requirements:
        item = _str((8, 120))
        props["requirements"] = {
            "type": "object",
            "properties": {
                "must_have": {"type": "array", "items": item, "minItems": 2, "maxItems": 5},
                "preferred": {"type": "array", "items": item, "minItems": 1, "maxItems": 3},
                "nice_to_have": {"type": "array", "items": item, "minItems": 0, "maxItems": 2},
            },
            "required": ["must_have", "preferred", "nice_to_have"],
        }
    schema = {"type": "object", "properties": props, "required": list(props)}
    return {**schema, LATIN_ONLY: True} if language == "en" else schema


def fields_text(schema: dict[str, Any], tone: str | None = None, language: str = "en") -> str:
    """The field list the user prompt shows the model, in the tone's voice."""
    duties = schema["properties"]["responsibilities"]
    span = {"min": duties["minItems"], "max": duties["maxItems"]}
    third_person = tone == "professional" and language == "en"
    helps = {**FIELD_HELP, **(PROFESSIONAL_HELP if third_person else {})}
    return "\n".join(f"- {name}: {helps[name].format(**span)}" for name in schema["properties"])


# --- keeping the recruiter's facts sacred -------------------------------------------------

# Products a small model copies from the example ads; naming one the brief does not list
# is an invented fact about the employer.
TOOL = re.compile(
    r"\b(?:Salesforce(?: Service Cloud)?|Zendesk|Freshdesk|Genesys|Avaya|Five9|Intercom|"
    r"HubSpot|ServiceNow|Kustomer|Gorgias|SAP|Oracle|Shopify|WhatsApp(?: Business)?|WeChat|"
    r"Microsoft Teams|Slack|Jira|point-of-sale system|(?-i:POS))\b",
    re.I,
)
# Departments a small model adds to fill a sentence ("work with other departments such as sales
# and marketing", "housekeeping and maintenance"): in a sentence about teams, a department the
# brief never names is a made-up fact about the employer (21 sentences in the saved English
# eval ads).
# "after-sales" is service, not a sales team.
DEPARTMENT = re.compile(
    r"(?<![\w-])(?:sales|marketing|finance|accounting|(?-i:IT|HR)|human resources|housekeeping"
    r"|maintenance|kitchen|legal|engineering|procurement|purchasing|warehouse|billing)(?![\w-])",
    re.I,
)
TEAM_WORD = re.compile(r"\b(?:teams?|departments?|staff|colleagues)\b", re.I)
# Dates (closing dates, start dates) the model copies from the guides' examples.
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(
    rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b|\b(?:{MONTHS}) \d{{1,2}},? \d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\d{4}\s?年\s?\d{1,2}\s?月(?:\s?\d{1,2}\s?[日号號])?"
)
# How-to-apply channels the model invents ("visit our website") when the brief gives no URL.
WEBSITE = re.compile(
    r"\b(?:our|the company'?s?|company) "
    r"(?:website|web ?site|careers? (?:page|site)|online portal|e-?mail(?: address)?|inbox)\b"
    r"|官网|官網|公司网站|公司網站|招聘网站|招聘網站|我[们們]的(?:招聘)?(?:邮箱|郵箱|電郵|电邮)|公司邮箱|公司郵箱"
    r"|\bour\s*(?:招聘)?(?:郵箱|邮箱|電郵|电邮|網站|网站)",  # "寄到 our招聘郵箱"
    re.I,
)
# Blanks a model leaves for the recruiter ("[insert deadline]", "{{company}}", "XXX").
BLANK = re.compile(r"\[[^\]]{2,40}\]|\{\{[^}]*\}\}|\bX{3,}\b|【[^】]{1,20}】")


def invented_facts(text: str, brief: Brief, facts: BriefFacts | None = None) -> list[str]:
    """Facts in `text` that the brief does not give: what the validator's faithfulness rule
    finds (emails, URLs, phone numbers, amounts, perks), plus what a small model copies or makes
    up while drafting (tools, "visit our website", departments, dates, blanks to fill)."""
    facts = facts or BriefFacts(brief)  # callers checking many sentences build it once
    found = [text[a:b] for a, b, _ in unfaithful(text, facts)]
    known = facts.low
    for pattern in (TOOL, WEBSITE, DATE, BLANK):
        for m in pattern.finditer(text):
            value = m.group(0).strip().rstrip(".,;:)")
            if value and value.lower() not in known:
                found.append(value)
    for sentence in re.split(r"(?<=[.!?。！？])\s+|\n", text) if TEAM_WORD.search(text) else ():
        found += unnamed_departments(sentence, known)
    return found


def unnamed_departments(sentence: str, known: str) -> list[str]:
    """Departments a sentence about teams names that the brief (`known`, lower case) does not."""
    if not TEAM_WORD.search(sentence):
        return []
    return [
        m.group(0) for m in DEPARTMENT.finditer(sentence)
        if not re.search(rf"(?<![\w-]){re.escape(m.group(0).lower())}(?![\w-])", known)
    ]  # fmt: skip


# "Balances shift cash and reports by coordinating with other departments such as the
# Housekeeping team and the IT department": the duty stays, the departments go with their clause.
DEPARTMENT_ASIDE = re.compile(
    r",?\s+(?:by|while|and)\s+\w+ing\s+(?:\w+\s+){0,2}with\s+(?:other|various|different)\s+"
    r"(?:departments|teams)\b[^.;!?]*",
    re.I,
)


def drop_department_asides(text: str, known: str, fixes: list[str]) -> str:
    """`text` without the clauses that tie its work to departments the brief never names."""

    def cut(m: re.Match[str]) -> str:
        if not unnamed_departments(m.group(0), known):
            return m.group(0)
        fixes.append(f"removed departments the brief does not name: {m.group(0).strip(' ,')!r}")
        return ""

    return DEPARTMENT_ASIDE.sub(cut, text)


# Pay talk the model adds although the brief's pay is printed: "competitive salary", 薪酬優厚.
# An amount of money in the model's prose: pay is printed from the brief, never retold.
PAY_AMOUNT = re.compile(
    MONEY.pattern + r"|\d[\d,.]*\s?(?:HKD|RMB|CNY|USD|EUR|GBP|SGD)\b"
    r"|(?:月薪|时薪|時薪|年薪|底薪|薪金|salary|pay)\D{0,12}\d",
    re.I,
)
VAGUE_PAY = re.compile(
    r"\b(?:competitive|attractive|excellent|generous|good) (?:salary|pay|package|remuneration"
    r"|compensation)(?: and benefits)?\b|\bsalary (?:is )?negotiable\b"
    r"|(?:薪酬|薪金|待遇|工資|工资|薪資|薪资)(?:福利)?(?:優厚|优厚|吸引|可觀|可观)|具競爭力的薪酬|有竞争力的薪酬"
    r"|薪(?:酬|资|資)面(?:议|議)",
    re.I,
)
# The working pattern in the model's words: the schedule line prints the brief's own, and a
# retelling alters it ("a full-day work week" for "5-day work week", "在周末休息一天" for "two
# weekend days a month off"). A phrase the brief itself uses may stay.
_DAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?"
SCHEDULE = re.compile(
    r"\b(?:[\w-]+ )?(?:work(?:ing)?[ -]?week|days? (?:a|per) week|days? off|weekends? off"
    r"|[\w-]+-day week)\b"
    # "Monday to Friday" for a job on rotating shifts: days the brief does not give
    rf"|\b{_DAY}\.?\s?(?:to|through|until|-|–)\s?{_DAY}\b|\bweekdays?\b"
    r"|(?:周|週|星期|礼拜|禮拜)[一二三四五六日天](?:至|到|-|–)(?:周|週|星期|礼拜|禮拜)?[一二三四五六日天]"
    r"|[\d一二两兩三四五六七]?[天日]?工作制(?!度)|[\d一二两兩三四五六七][天日]工作|[双雙]休|大小[周週]"
    r"|(?:周末|週末|每周|每週)[^，。；,]{0,6}休息[^，。；,]{0,4}|休息[一二两兩]天",
    re.I,
)
# An ad speaks as "we" to "you"; "I'm  , and I'm  ." or "我会…" is the model talking
# (自我 "self" and 我司/我方 "our company" are not).
FIRST_PERSON = re.compile(r"\b(?:I(?:['’](?:m|ve|ll|d))?|[Mm]y|me)\b|(?<!自)我(?![們们司方])")
# "Please send your resume and cover": how to apply is printed from the brief, it is no duty
# ("screen CVs" / "筛选简历" may well be one).
APPLYING = re.compile(
    r"\b(?:send|submit|e-?mail|forward) (?:us )?your (?:resume|cv|application|cover)|^\s*please\b"
    r"|(?:发送|發送|投递|投遞|寄|提交|电邮|電郵)(?:你的|您的|個人|个人)?(?:简历|簡歷|履历|履歷)"
    r"|[将將把](?:你的|您的|個人|个人)?(?:简历|簡歷|履历|履歷)(?:发送|發送|寄|提交|电邮|電郵)",
    re.I,
)
# "职业发展和成长：我们提供五险一金。", "We offer paid training.": the employer talking, no duty.
WE_OFFER = re.compile(
    r"(?:^|[：:])\s*(?:我们|我們)(?:将|將|会|會|也|还|還)?(?:提供|期待|欢迎|歡迎|致力|希望)"
    r"|^\s*we (?:will |also )?(?:offer|provide|look forward|welcome)\b",
    re.I,
)
# What a small model writes into the duty list that is no duty (a zh-Hant draft from the page:
# "謝意感激您來應徵本職位！", "如果您有任何問題或需要更多資訊。", "我們需要一位熱情。").
NOT_A_DUTY = re.compile(
    r"^\s*(?:我们|我們)(?:需要|正在|是)|^\s*(?:如果|如有)(?:你|您)|^\s*(?:谢|謝|感谢|感謝|多谢|多謝)"
    r"|(?:应聘|應徵|應聘|应征)本?(?:职位|職位)"
    r"|^\s*(?:if you\b|thank|we are\b|we're\b|we need\b|join us\b)"
    # the next field begun inside the list: "success': '你將為客戶提供服務…", or a section's
    # label: "successes and growths: After one month…", "growth and development: As a new…"
    r"|^\W*(?:title|hook|about_us|role_overview|success(?:es)?|growths?|closing|contact details"
    r"|about us|role overview|what success looks like)(?: and [a-z ]{3,24})?['\"‘’“”]?\s*[:：]",
    re.I,
)
# The post holder as a sentence's subject: in about us, that sentence is about the job.
ABOUT_THE_JOB = re.compile(
    r"\s*(?:他們|他们|該職位|该职位|此職位|此职位|這個職位|这个职位|新同事"
    r"|the (?:successful candidate|post holder|ideal candidate)\b)",
    re.I,
)
# A list written inside one sentence ("工作範疇包括：- 處理… - 跟進…"): the duties have their
# own list; in a list item it is another section's text run on.
INLINE_LIST = re.compile(r"[：:]\s*-\s(?=\D)|\s-\s(?=[^\d\s])[^\n]*\s-\s(?=[^\d\s])")
# A list run into prose with a label, a colon and semicolons ("你的工作职责包括：通过电话…；处理
# 投诉…；优化服务质量。", "工作环境包括：现代化的办公场所；灵活的工作时间；…"): seen in a
# supervisor's overview, whose duties then went from the list as said twice, and whose perks
# and promotions the brief never gave. The label's words are group 1.
PROSE_LIST = re.compile(
    r"(?:^|(?<=[。！？.!?]))\s*([^。！？.!?：:]{0,24})[：:]"
    r"((?:[^。！？.!?；;]+[；;]){2,}[^。！？.!?；;]*)(?:[。！？.!?]|$)"
)
DUTY_LABEL = re.compile(r"[职職][责責]|工作内容|工作內容|responsibilit|duties", re.I)


def drop_prose_lists(text: str, fixes: list[str]) -> tuple[str, list[str]]:
    """`text` without the lists run into it (PROSE_LIST), and the items of those labelled as
    duties — they belong in the duty list."""
    duties: list[str] = []

    def cut(m: re.Match[str]) -> str:
        items = [i.strip() for i in re.split(r"[；;]", m.group(2)) if i.strip()]
        if DUTY_LABEL.search(m.group(1)):
            duties.extend(items)
        fixes.append(f"removed a list run into the prose: {m.group().strip()[:80]!r}")
        return ""

    return PROSE_LIST.sub(cut, text).strip(), duties


# The same few words three times in a row: the model looped inside a sentence.
LOOP_RUN = re.compile(r"([^\d\s,.].{2,23}?)\1{2,}", re.S)
# Stops run together where a clause went ("加入。，如果", "服務。.").
LAST_SEMICOLON = re.compile(r"[；;]$")
STOP_RUN = re.compile(r"([。！？])[，,、；;。.]+|\.[。]")
# Scripts an ad in English or Chinese never uses (Greek, Cyrillic, Hebrew, Arabic, Devanagari,
# Thai, Japanese kana, Hangul): a small model slips into them mid-sentence.
FOREIGN_SCRIPT = re.compile(
    "[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0900-\u097f\u0e00-\u0e7f\u3040-\u30ff\uac00-\ud7af]"
)
QUESTION = re.compile(r"[?？]['\"”’）)]*\s*$")

# A full stop inside an email or URL ("a@b.com") does not end a sentence.
END = re.compile(r"[.!?。！？]['\"”’）)]*\s*$")
SENTENCE = re.compile(r".+?(?:[.!?;](?=\s|$)|[。！？；]|$)", re.S)
# An English duty stopped by the length limit ends on a word that needs more after it.
DANGLING = re.compile(
    r"(?:[,;:(]|\b(?:and|or|but|to|the|a|an|of|for|with|by|in|on|at|from|into|as|that|which|"
    r"who|while|including|such|so|ensure|ensuring|make sure|our|your|their|its|is|are|be|will|"
    r"can|would|could|should|shall|might|must))\s*$",
    re.I,
)


# Duties a small model adds to a front-line ad from the supervisor and manager examples it was
# shown: leading, training or hiring people, budgets, marketing, sales targets.
BEYOND_FRONT_LINE = re.compile(
    r"\b(?:train\w*\b[^.;]{0,30}?\b(?:staff|colleagues|team members|agents|hires|employees|"
    r"new joiners|newcomers|new starters)|"
    r"(?:coach|mentor|supervis)\w*|(?:manag|lead)(?:e|es|ing)? (?:the|a|our) team|"
    r"performance reviews?|recruit\w*|hiring|budgets?|marketing|sales targets?)\b"
    r"|培[訓训]新|管理[團团][隊队]|[帶带]領?[團团][隊队]|督[導导]|招聘|[預预]算|市[場场](?:推廣|推广|營銷|营销)"
    r"|[營营][銷销]|[銷销]售目[標标]"
    r"|培[訓训][^。；，,]{0,8}?(?:[團团][隊队]成[員员]|同事|新人|新[員员]工|下[屬属])"
    r"|(?:[團团][隊队]成[員员]|同事|新人|新[員员]工|下[屬属])[^。；，,]{0,6}?培[訓训]",
    re.I,
)


# "…by phone and chat support and by email and by phone": a duty that loops on how it is done.
MEANS_LOOP = re.compile(r"(\bby [^,.;]+?)(?:,? (?:and|or) by [^,.;]+)+(?=[.;]?\s*$)", re.I)


def finish_duty(duty: str) -> str:
    """An English duty cut mid-sentence ("…by phone and email, and ensure that") loses the
    words left hanging, and one that loops on its means ("…by phone and by email and by
    phone") keeps the first; "" when too little of it is left to be a duty."""
    duty = MEANS_LOOP.sub(r"\1", duty.strip())
    if not duty or END.search(duty) or not DANGLING.search(duty):
        return duty
    head = duty
    while DANGLING.search(head):
        head = DANGLING.sub("", head).rstrip()
    return head + "." if len(WORD.findall(head.lower())) >= 4 else ""


# --- the tone's voice in English ------------------------------------------------------------
# A 1.5B model half-follows the tone rules: lively ads stay in the third person ("The successful
# candidate will…") with no contractions; professional ads slip into "you'll" and "we're". A copy
# editor's pass fixes what can be fixed word for word. In Chinese only the professional 你/您 is
# changed (`_voice_zh`).

_ROLE_SUBJECT = (
    r"(?:the|our|a) (?:successful|ideal|right|new|selected) (?:candidate|applicant|hire|"
    r"team member|person)|the post ?holder|the role ?holder|the jobholder"
)
# "The successful candidate will" → "You'll"; "…is responsible" → "You're responsible";
# any other verb loses its -s ("plays" → "You play", "carries" → "You carry").
_ROLE_VERB = {"will": "You'll", "is": "You're", "has": "You have", "can": "You can",
              "should": "You should", "must": "You must", "may": "You may",
              "would": "You'd", "does": "You do", "goes": "You go"}  # fmt: skip
# Lively: a sentence that opens "They <verb>" / "Their <noun>" right after one about the post
# holder ("Our Associate works on the phone. They also handle refunds.") is about the reader.
_THEY_AFTER_HOLDER = re.compile(r"^(?:They (?=[a-z])|Their (?=[a-z]))")


_MODALS = "(?:will|can|should|must|may|would)"
# Verbs a post holder "…and handles"; words that are as often nouns ("and answers") are not here.
_AND_VERB = re.compile(
    r"((?:,| and| or) )(handles|takes|helps|supports|manages|resolves|ensures|provides|builds|"
    r"keeps|makes|plays|responds|assists|coordinates|maintains|monitors|gives|learns|follows|"
    r"deals|guides|solves|checks|updates|shares|explains|welcomes)\b"
)


def _you_do(verb: str) -> str:
    """'You' and the verb that followed the post holder, in its form after 'you'."""
    low = verb.lower()
    if low in _ROLE_VERB:
        return _ROLE_VERB[low]
    if low.endswith("ss") or low in ("was", "this", "has"):  # not a verb in the -s form
        return f"You {low}" if low != "was" else "You were"
    if low.endswith("ies") and len(low) > 4:
        return f"You {low[:-3]}y"
    if re.search(r"(?:ch|sh|x|z|ss)es$", low):
        return f"You {low[:-2]}"
    return f"You {low[:-1]}"


_CONTRACT = {"you are": "you're", "you will": "you'll", "we are": "we're", "we will": "we'll",
             "it is": "it's", "do not": "don't", "does not": "doesn't", "cannot": "can't",
             "is not": "isn't", "are not": "aren't", "will not": "won't", "that is": "that's",
             "there is": "there's", "let us": "let's", "you would": "you'd"}  # fmt: skip
_EXPAND = {v: k for k, v in _CONTRACT.items()} | {"won't": "will not", "you've": "you have",
                                                   "we've": "we have", "they're": "they are",
                                                   "i'm": "I am", "isn't": "is not"}  # fmt: skip
# A contraction needs a word after it ("…as it is." stays); "you are" before "not" too.
_CONTRACTABLE = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in _CONTRACT) + r")\b(?=\s+(?!not\b)[A-Za-z])", re.I
)
_CONTRACTION_WORD = re.compile(
    r"\b(" + "|".join(re.escape(k).replace("'", "['’]") for k in _EXPAND) + r")(?![A-Za-z])",
    re.I,
)
# A long lively sentence split where a new subject starts: "…, and you'll…" → "…. You'll…",
# "…, which helps us grow" → "…. This helps us grow".
_JOINED = re.compile(r",? (?:and|so) (you|we|our|your|it|there)\b")
_WHICH = re.compile(r", which (?=(?:[a-z]+s|is|means|will|can)\b)")
# "…, ensuring that they feel valued" → "…. This ensures that they feel valued".
_ENSURING = re.compile(r", (ensur|allow|help|enabl)ing\b")
_ENSURES = {"ensur": "ensures", "allow": "allows", "help": "helps", "enabl": "enables"}


# The last word of a job title after "As a…" (_AS_A_YOU, _AS_A_WE).
_ROLE_NOUN = (
    "associate|representative|officer|agent|supervisor|lead|leader|manager|analyst|specialist|"
    "assistant|coordinator|director|CSR"
)


# Plain words for the lively voice's short sentences: a writer's cuts, not the model's padding.
# "You'll be responsible for leading a team and handling escalations" → "You'll lead a team
# and handle escalations"; "you'll have the opportunity to learn" → "you'll learn"; "As a
# Guest Service Agent, you'll…" → "You'll…" (the ad is about that job).
_VERBS = (
    "answer follow help lead support coach resolve handle manage provide ensure process respond "
    "deal maintain keep take work assist track update check sort welcome greet monitor review "
    "train make guide solve share explain build give settle escalate arrange coordinate oversee "
    "deliver create investigate schedule motivate interact communicate address record organise "
    "organize conduct prepare identify develop improve achieve meet drive serve promote sell "
    "recommend book verify collect enter issue write read call contact inform advise teach "
    "mentor evaluate assess report document complete open close pass raise transfer route "
    "reply return exchange"
)
_GERUND_BASE = {
    (f"{v[:-1]}ing" if v.endswith("e") and not v.endswith("ee") else f"{v}ing"): v
    for v in _VERBS.split()
} | {"planning": "plan", "running": "run", "logging": "log", "setting": "set",
     "auditing": "audit", "testing": "test", "filing": "file", "flagging": "flag",
     "referring": "refer"}  # fmt: skip
_RESPONSIBLE_FOR = re.compile(r"(?:\bbe|\bare|['’]re) (?:also )?responsible for (\w+ing)\b")
_WHILE_ALSO = re.compile(r",? while also (\w+ing)\b")
_NEXT_GERUND = re.compile(r"(,\s(?:and\s|or\s)?|\s(?:and|or)\s)(\w+ing)\b")
_WORDY = (
    (re.compile(r"\b(you(?:'ll| will)|You(?:'ll| will)) (?:also )?have (?:the|an?|many|plenty of) "
                r"(?:opportunit(?:y|ies)|chances?) to\b"), r"\1"),
    (re.compile(r"\b(you(?:'ll| will)|You(?:'ll| will)) be able to\b"), r"\1"),
    (re.compile(r"\bin order to\b"), "to"),
    (re.compile(r"^In addition(?: to this)?, (\w)"), lambda m: m[1].upper()),
)  # fmt: skip
_AS_A_YOU = re.compile(
    rf"^As (?:an?|the) [^,.;]{{0,50}}?\b(?:{_ROLE_NOUN}|joiner|starter|hire|member), (you|your)\b",
    re.I,
)


def _plain(sentence: str) -> str:
    """The lively sentence in fewer words (see _GERUND_BASE)."""
    for pattern, put in _WORDY:
        sentence = pattern.sub(put, sentence)
    sentence = _AS_A_YOU.sub(lambda m: m[1].capitalize(), sentence)
    # "You'll handle queries, while also managing delays" → "…queries. You also manage delays"
    if sentence.startswith("You"):
        sentence = _WHILE_ALSO.sub(
            lambda w: (
                f". You also {_GERUND_BASE[w[1].lower()]}" if w[1].lower() in _GERUND_BASE else w[0]
            ),
            sentence,
        )
    m = _RESPONSIBLE_FOR.search(sentence)
    if m and (verb := _GERUND_BASE.get(m[1].lower())):
        # "you'll be responsible for…" → "you'll …"; "you're responsible for…" → "you …"
        head = sentence[: m.start()] + (" " if m[0][0] in "'’" else "")
        tail = _NEXT_GERUND.sub(
            lambda g: g[1] + _GERUND_BASE.get(g[2].lower(), g[2]), sentence[m.end() :]
        )
        also = "also " if " also responsible" in m[0] else ""
        sentence = head + also + verb + tail
    return sentence


def _split_long(sentence: str) -> str:
    """A long sentence split after its main clause: "…, which helps…" and "…, ensuring…" go on
    as a sentence of their own about "this"."""
    sentence = _WHICH.sub(". This ", sentence)
    return _ENSURING.sub(lambda m: f". This {_ENSURES[m[1]]}", sentence)


# "As a Front Desk Supervisor, they will…", "As a new joiner, they…": barred from "you" (see
# SECOND_PERSON), the model names the post holder "they", with nothing for it to refer to.
_AS_A_THEY = re.compile(
    r"(?:^|(?<=[.!?] ))(As an? (?!result|whole|team|company|group|business)[^,.;]{2,60}), "
    r"they (?=will|can|may|should|must|would)"
)
# "As a Customer Service Associate, we will be responsible…": the model speaking as the post
# holder in the company's "we" (two English eval drafts).
_AS_A_WE = re.compile(
    rf"(?:^|(?<=[.!?] ))(As (?:an?|the) [^,.;]{{0,40}}?\b(?:{_ROLE_NOUN})), "
    r"we (will|can|may|should|must|would|are)\b",
    re.I,
)
_WE_AS = {"professional": {"are": "is"}, "lively": {"will": "'ll", "are": "'re", "would": "'d"}}


def _as_a_we(sentence: str, tone: Tone) -> str:
    def put(m: re.Match[str]) -> str:
        verb = m[2].lower()
        if tone == "lively":
            form = _WE_AS["lively"].get(verb, f" {verb}")
            return f"{m[1]}, you{form}"
        return f"{m[1]}, {HOLDER} {_WE_AS['professional'].get(verb, verb)}"

    return _AS_A_WE.sub(put, sentence)


# A section that opens with "They will…" has no one for "they" to be.
_OPENING_THEY = re.compile(r"^(?:They (?=will|can|may|should|must|would)|Their (?=[a-z]))")
HOLDER = "the successful candidate"


def name_the_holder(section: str) -> str:
    """A professional English section (overview, success, growth) that opens with "They" /
    "Their" opens with the successful candidate instead."""
    return _OPENING_THEY.sub(
        lambda m: HOLDER.capitalize() + ("'s " if m[0] == "Their " else " "), section, count=1
    )


def _cased(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


# A professional English ad speaks of "the successful candidate", never to "you"
# (prompts/styles.yaml), and the model cannot write these words in one. Not in Chinese: with
# 你/您 barred the model wrote 我们将负责 ("we will handle") for the post holder and then broke
# the JSON (hk-cs-officer, zh-Hans and zh-Hant).
SECOND_PERSON = ("you", "your", "yours", "yourself", "yourselves")
# A coder model drifts from a list item into code fences ("…处理退货退款……”,\n```bash\nexit"),
# and an ad never holds a backtick: no token with one is ever sampled.
CODE_MARKS = ("`",)


BANG = re.compile("[!！]")


def voice(
    sentence: str,
    tone: Tone | None,
    title: str = "",
    language: Language = "en",
    they_hold: bool = False,
) -> str:
    """A sentence in the tone's voice. English: lively speaks to the reader ("you'll") with
    contractions and short sentences; professional has no contractions and no "you will".
    Chinese: professional speaks of the post holder, not to 你/您 (`_voice_zh`). `they_hold`:
    the sentence before was about the post holder (`about_holder`), so lively "They…" is the
    reader too."""
    if language != "en":
        return _voice_zh(sentence, language) if tone == "professional" else sentence
    body = sentence.lstrip()  # a sentence after the first of a field starts with a space
    lead = sentence[: len(sentence) - len(body)]
    if tone == "lively" and they_hold:
        body = _THEY_AFTER_HOLDER.sub(lambda m: "You " if m[0] == "They " else "Your ", body, 1)
    return lead + _voice(body, tone, title)


def _holder(title: str) -> str:
    """The post holder as a sentence's subject: "the successful candidate", or the title."""
    return _ROLE_SUBJECT + (f"|(?:the|our|an?) {re.escape(title)}" if title else "")


def about_holder(sentence: str, title: str, they_hold: bool = False) -> bool:
    """Whether an English sentence's subject is the post holder in the third person: "The
    successful candidate…", "Our Customer Service Associate…", or "They…" right after one."""
    body = sentence.lstrip()
    if they_hold and _THEY_AFTER_HOLDER.match(body):
        return True
    return re.match(rf"(?:{_holder(title)})\b", body, re.I) is not None


# The professional Chinese voice names the post holder (knowledge/guides/tone.md: 應徵者,
# 該職位) where the model, told not to, still writes 你/您 (5 of 5 professional Hong Kong ads
# drafted in Simplified characters, 2 to 3.5 per 100 characters): 獲聘者 in Hong Kong, 任职者 as
# mainland ads say.
ZH_HOLDER = {"zh-Hant": "獲聘者", "zh-Hans": "任职者"}
_ZH_YOU = r"(?<!迷)[你您](?:們|们)?"  # 迷你 is "mini"


def _voice_zh(sentence: str, language: Language) -> str:
    holder = ZH_HOLDER[language]
    sentence = re.sub(rf"(期待[著着]?){_ZH_YOU}的", rf"\1{holder}的", sentence)  # 期待你的加入
    sentence = re.sub(rf"{_ZH_YOU}(?:的|自己的|(?=自己))", "", sentence)  # 你的工作 → 工作
    # 如果你有興趣 → 如果有興趣; 歡迎你申請 → 歡迎申請
    sentence = re.sub(rf"(如果|如|若|歡迎|欢迎){_ZH_YOU}", r"\1", sentence)
    return re.sub(_ZH_YOU, holder, sentence)


def _voice(sentence: str, tone: Tone | None, title: str) -> str:
    if tone == "lively":
        role = _holder(title)
        sentence = re.sub(
            rf"(?:^|(?<=[.!?] ))(?:{role})(?:'s| (?P<verb>{_MODALS}|[a-z]+s)\b)",
            lambda m: _you_do(m["verb"]) if m["verb"] else "Your",
            sentence,
            flags=re.I,
        )
        if sentence.startswith("You ") and not sentence.startswith(("You'", "You " + _MODALS)):
            # "You work on the phone and handles refunds": the verbs tied to the first
            sentence = _AND_VERB.sub(lambda m: m[1] + _you_do(m[2])[4:], sentence)
        sentence = _as_a_we(sentence, tone)
        sentence = _CONTRACTABLE.sub(lambda m: _cased(_CONTRACT[m[1].lower()], m[1]), sentence)
        sentence = _plain(sentence)
        if len(WORD.findall(sentence.lower())) > 16:
            sentence = _JOINED.sub(lambda m: ". " + _cased(m[1], "X"), sentence)
            sentence = _split_long(sentence)
    elif tone == "professional":
        if len(WORD.findall(sentence.lower())) > 18:  # the tone's 10 to 18 words
            sentence = _JOINED.sub(
                lambda m: m[0] if m[1].lower() in ("you", "your") else ". " + _cased(m[1], "X"),
                sentence,
            )
            sentence = _split_long(sentence)
        sentence = re.sub(
            r"(?:^|(?<=[.!?] ))You(?:'ll| will)\b", "The successful candidate will", sentence
        )
        sentence = _AS_A_THEY.sub(rf"\1, {HOLDER} ", sentence)
        sentence = _as_a_we(sentence, tone)
        sentence = _CONTRACTION_WORD.sub(
            lambda m: _cased(_EXPAND[m[1].lower().replace("’", "'")], m[1]), sentence
        )
    return sentence


def scrub(text: str, brief: Brief, facts: BriefFacts | None = None) -> tuple[str, list[str]]:
    """Drop each sentence that carries an invented fact; returns the text and what was dropped."""
    facts = facts or BriefFacts(brief)
    kept: list[str] = []
    dropped: list[str] = []
    for sentence in SENTENCE.findall(text):
        bad = invented_facts(sentence, brief, facts)
        if bad:
            dropped.append(f"removed {', '.join(bad)!s} — not in the brief: {sentence.strip()!r}")
        else:
            kept.append(sentence)
    return "".join(kept).strip(), dropped


WORD = re.compile(r"[a-z0-9]+")


def shingles(text: str) -> set[str]:
    """Overlapping 4-grams: of Chinese characters, and of English words."""
    han = "".join(CJK.findall(text))
    words = WORD.findall(text.lower())
    grams = {han[i : i + 4] for i in range(len(han) - 3)}
    grams |= {" ".join(words[i : i + 4]) for i in range(len(words) - 3)}
    return grams


# Sentences made of the prompt's own field descriptions ("Training, support, and career growth in
# general terms.") are no ad text.
PROMPT_GRAMS = set().union(
    *(shingles(h) for h in [*FIELD_HELP.values(), *PROFESSIONAL_HELP.values()])
)

NAME = re.compile(r"\b[A-Z][a-z]+(?: (?:&|of|and) )?(?: [A-Z][a-z]+)+\b")


def copied_names(sentence: str, reference: str, brief_text: str) -> list[str]:
    """Capitalised names ("Store Service Supervisor") taken from a reference ad, not the brief."""
    return [n for n in NAME.findall(sentence) if n in reference and n.lower() not in brief_text]


# The employer an example ad is about, named in its facts line: "**晴灣酒店** · 香港九龍尖沙咀 · …".
FACTS_NAME = re.compile(r"^\*\*([^*\n]{2,60})\*\*\s*·", re.M)


@lru_cache(maxsize=4)
def example_companies(folder: Path) -> tuple[str, ...]:
    """Employers named in the facts lines of the example ads under `folder`: companies the ad
    is not about (a draft for The Lanternfield Hotel once opened "晴灣酒店是一家…")."""
    if not folder.is_dir():
        return ()
    docs = load_documents(folder)  # read once per process; the store has loaded them already
    found = {n for d in docs if d.meta.kind == "example" for n in FACTS_NAME.findall(d.body)}
    return tuple(sorted(found))


# A guide's quoted sample line: “…”, "…", 「…」.
QUOTED = re.compile(r"[“\"「]([^”\"」\n]{6,120})[”\"」]")


def copied(sentence: str, reference: set[str], brief_grams: set[str]) -> bool:
    """True when most of a sentence repeats a reference ad (about another company) verbatim."""
    grams = shingles(sentence) - brief_grams
    if len(grams) < 4:
        return False
    return len(grams & reference) / len(grams) >= 0.5


def drop_copied_clauses(
    sentence: str, reference: set[str], brief_grams: set[str]
) -> tuple[str, list[str]]:
    """Clauses of a sentence that repeat a reference ad word for word ("包括週末及公眾假期" from
    another company's shift rules): they go, and the sentence goes whole when its first does."""
    kept: list[str] = []
    gone: list[str] = []
    for i, clause in enumerate(CLAUSE.findall(sentence)):
        grams = shingles(clause) - brief_grams
        if len(grams) >= 4 and len(grams & reference) / len(grams) >= 0.75:
            gone.append(clause.strip(" ，,、；;。.!?！？"))
            if i == 0:
                return "", [sentence.strip()]
            continue
        kept.append(clause)
    return (_close("".join(kept), sentence), gone) if gone else (sentence, [])


def _close(piece: str, sentence: str) -> str:
    """What is left of `sentence` after clauses went, ended with the sentence's own stop."""
    body = re.sub(r"[，,、；;。.!?！？\s]+$", "", piece)
    stop = re.search(r"[。.!?！？]\s*$", sentence.rstrip())
    return body + ((stop.group().strip() if stop else "") or ("。" if CJK.search(body) else "."))


def to_script(text: str, language: Language) -> str:
    """Convert model text to the target script: Traditional or Simplified.

    Traditional uses OpenCC `s2tw`: the forms Hong Kong job ads are typed in (為, 說, 溫, 群, 戶 —
    the Big5 set), not `s2t`'s 爲/衆/羣, which read as old-fashioned, nor `s2hk`'s glyph-list 户,
    which candidates searching for 客戶服務 do not type. The validator accepts all three."""
    if language == "en" or not text:
        return text
    # A Japanese word slipped in for "team" ("與庫房和配送員チーム分享周報", 4 drafts in the
    # saved eval runs) is the Chinese word, not a reason to drop the sentence.
    text = text.replace("チーム", "团队" if language == "zh-Hans" else "團隊")
    if language != "zh-Hant":
        return converter("t2s").convert(text)
    # s2tw reads 并为 as 合并为 ("merge into"): "并为他们提供" is 並為 ("and for"), 合併為 stays.
    hant = HANT_MERGE.sub("並為", converter("s2tw").convert(text))
    # OpenCC changes characters, not words: the words Hong Kong uses where the mainland's differ
    # (knowledge/guides/language-zh-hant.md) are put in here.
    return HK_WORD.sub(lambda m: HK_WORDS[m.group()], hant)


HANT_MERGE = re.compile(r"(?<![合兼吞歸])併為")
# Mainland (or Taiwan) word → the Hong Kong word, after s2tw.
HK_WORDS = {
    "短信息": "短訊", "短信": "短訊", "信息": "資訊", "電子郵件": "電郵", "電子郵箱": "電郵",
    "在線客服": "網上客服", "質量": "質素", "軟體": "軟件", "視頻": "影片",
}  # fmt: skip
HK_WORD = re.compile("|".join(sorted(map(re.escape, HK_WORDS), key=len, reverse=True)))


# A comma or point between digits ("900,000", "2.5") does not end a clause.
CLAUSE = re.compile(r"(?:[^，,、；;。.!?！？]|(?<=\d)[,.](?=\d))+[，,、；;。.!?！？]*")


# A clause most of whose 4-grams the ad has already said ("…, ensuring that our customers receive
# prompt and efficient service" for the fourth time) goes.
CLAUSE_REPEAT_SHARE = 0.8
_STOP = re.compile(r"[.!?。！？]$")


def dedupe_clauses(
    text: str, seen: set[str], grams: set[str] | None = None, tails: set[str] | None = None
) -> tuple[str, int]:
    """Drop clauses (between commas and stops) already in `seen` or earlier in `text`, or —
    with `grams`, the 4-grams said so far in the ad — mostly said before; returns the text and
    how many went. With `tails`, a clause after a sentence's first goes when mostly in `tails`
    too (filler glued to every duty), while a first clause may repeat them. Short clauses
    (under 6 Chinese characters or 4 words) stay. A sentence whose first clause goes goes
    whole: what follows it ("plans and roaming.") is no sentence."""
    out: list[str] = []
    dropped = 0
    for sentence in SENTENCE.findall(text):
        kept: list[str] = []
        added: list[tuple[str, set[str]]] = []
        for i, clause in enumerate(CLAUSE.findall(sentence)):
            words, han = WORD.findall(clause.lower()), CJK.findall(clause)
            key = "".join(words) + "".join(han)
            long = len(han) >= 6 or len(words) >= 4  # "email and chat" may well come twice
            mine = shingles(clause) if grams is not None and long else set()
            hits = (mine & grams if grams is not None else set()) | (
                mine & tails if i and tails else set()
            )
            again = bool(grams is not None and len(mine) >= 3
                         and len(hits) / len(mine) >= CLAUSE_REPEAT_SHARE)  # fmt: skip
            if long and (key in seen or again or key in {k for k, _ in added}):
                dropped += 1
                if i == 0:
                    kept = []
                    break
                continue
            if long:
                added.append((key, mine))
            kept.append(clause)
        if not kept:
            continue
        for key, mine in added:
            seen.add(key)
            if grams is not None:
                grams |= mine
        piece = "".join(kept)
        if piece.rstrip() != sentence.rstrip():  # a clause went: the sentence still ends
            piece = _close(piece, sentence)
        out.append(piece)
    if not dropped:
        return text, 0
    return "".join(out).strip(), dropped


# Claims about the employer a small model adds to any ad ("a leading e-commerce company",
# ", making us the go-to choice for…", "领先的"): printed only when the brief says so.
# English praise needs its article ("a leading courier", "the world's leading …"): "By leading
# front desk agents", the verb, is no claim. The article stays, fitted to the next word.
CLAIM_WORD = re.compile(
    r"\b(an?|the|our|its) +(?:world's +)?(?:leading|top|premier|world-class|best-in-class|"
    r"award-winning|renowned|industry-leading|market-leading|well-known|go-to) +(?=\w)"
    r"|(?:领先的|領先的|一流的|知名的|著名的|龍頭|龙头)"
    # seen in mainland drafts: "拥有强大的客户服务网络和先进的技术工具", "经验丰富的专业人士"
    r"|(?:强大的|強大的|先进的|先進的|卓越的|经验丰富的|經驗豐富的)",
    re.I,
)
CLAIM_CLAUSE = re.compile(
    r",\s*(?:making|which makes) (?:us|it|them) (?:the|a|one of the)\b[^.!?]*",
    re.I,
)


NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers_in(text: str) -> list[str]:
    """The numbers written with digits in `text`, commas and a trailing ".0" dropped."""
    return [
        re.sub(r"\.0+$", "", m.group().replace(",", "")).rstrip(",") for m in NUMBER.finditer(text)
    ]


# Quantities spelled out ("two weeks of training", "三班輪更", "十二天年假"): a number all the same,
# held to the brief like a digit.
_EN_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
_ZH_DIGITS = {"二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}  # fmt: skip
SPELLED = re.compile(
    rf"\b({'|'.join(_EN_NUMBERS)})[\s-]+(?:([a-z]+)[\s-]+)?(weeks?|months?|years?|days?|hours?|"
    r"shifts?|people|staff|members|agents|colleagues|stores|shops|branches|offices|sites|"
    r"countries|cities|languages)\b"
    r"|(?<![一二两兩三四五六七八九十])([二两兩三四五六七八九十]{1,3})\s*(?:个|個)?\s*"
    r"(星期|週|周|月|年|天|日|小时|小時|班|名|人|间|間|家|国家|國家|种语言|種語言)",
    re.I,
)
# How the brief writes a quantity of each unit after its digits ("12 days", "5-day", "5天").
UNITS = {
    "week": r"weeks?|星期|週|周", "month": r"months?|个月|個月|月", "year": r"years?|年",
    "day": r"days?|天|日", "hour": r"hours?|小时|小時", "shift": r"shifts?|班",
}  # fmt: skip
_UNIT_OF = {
    "星期": "week", "週": "week", "周": "week", "月": "month", "年": "year", "天": "day",
    "日": "day", "小时": "hour", "小時": "hour", "班": "shift",
}  # fmt: skip


def _zh_value(numeral: str) -> int | None:
    """二 -> 2, 十二 -> 12, 二十 -> 20, 三十五 -> 35; None for what is no plain numeral."""
    if "十" not in numeral:
        return _ZH_DIGITS.get(numeral) if len(numeral) == 1 else None
    tens, _, ones = numeral.partition("十")
    high = _ZH_DIGITS.get(tens, 0 if not tens else -1)
    low = _ZH_DIGITS.get(ones, 0 if not ones else -1)
    if high < 0 or low < 0:
        return None
    return (high or 1) * 10 + low


def spelled_numbers(text: str) -> list[tuple[str, str, str]]:
    """Quantities written in words in `text`: (the words, their value as digits, the unit:
    week, month, year, day, hour, shift, or "" for a count of people or places)."""
    found = []
    for m in SPELLED.finditer(text):
        if m.group(1):
            value: int | None = _EN_NUMBERS[m.group(1).lower()]
            ones = _EN_NUMBERS.get((m.group(2) or "").lower(), 0)
            if value and value >= 20 and ones < 10:  # "twenty-five staff"
                value += ones
            unit = m.group(3).lower().rstrip("s")
        else:
            value, unit = _zh_value(m.group(4)), _UNIT_OF.get(m.group(5), "")
        if value is not None:
            found.append((m.group().strip(), str(value), unit if unit in UNITS else ""))
    return found


def quantities(text: str) -> set[str]:
    """Every number in `text` as digits: written with digits, in English words or as a single
    Chinese numeral ("5", "five", "五" → "5")."""
    words = re.findall(r"[a-z]+|[一二两兩三四五六七八九]", text.lower())
    spelled = {
        str(_EN_NUMBERS.get(w) or _zh_value(w) or (1 if w in ("one", "一") else "")) for w in words
    }
    return (set(numbers_in(text)) | spelled) - {""}


def said_in(phrase: str, brief_text: str, brief_script: str, numbers: set[str]) -> bool:
    """A phrase about the working pattern the brief gives: in its words, or with numbers that
    all come from the brief's schedule and benefits ("5 days a week" for "5-day week")."""
    if phrase.lower() in brief_text or phrase in brief_script:
        return True
    own = quantities(phrase)
    return bool(own) and own <= numbers


# An aside in brackets with a number in it: "(3-4 times per day)", "（每日约 60 宗）".
NUMBERED_ASIDE = re.compile(r"\s*[（(][^()（）]*\d[^()（）]*[)）]")


def drop_numbered_asides(text: str, numbers: set[str], fixes: list[str]) -> str:
    """Asides in brackets whose numbers the brief does not give go, and the sentence stays
    (a duty "Answer enquiries by phone (3-4 times per day)" was lost whole for its made-up
    frequency)."""

    def keep(m: re.Match[str]) -> str:
        if set(numbers_in(m.group())) <= numbers:
            return m.group()
        fixes.append(f"removed an aside with a number the brief does not give: {m.group()!r}")
        return ""

    return NUMBERED_ASIDE.sub(keep, text)


# Examples in brackets after a duty: "Answer delivery enquiries by phone and chat (e.g.,
# checking order status, …)". Cut at the item's length limit, they ran the next duties into one
# unclosed bracket (the README quick start's ad, 822dd75); the duty says enough without them.
EXAMPLE_ASIDE = re.compile(
    r"\s*[（(]\s*(?:e\.\s?g\.?|eg\b|i\.\s?e\.?|for example|such as|including|例如|比如|如)"
    r"[^)）]*(?:[)）]|$)",
    re.I,
)


def drop_examples(text: str, fixes: list[str]) -> str:
    """A duty without its bracketed examples (an unclosed bracket runs to the end)."""
    cut = EXAMPLE_ASIDE.sub("", text)
    if cut != text:
        fixes.append(f"removed examples in brackets from a duty: {text!r}")
        cut = cut.rstrip(" ,;，；")
        if text.rstrip().endswith((".", "。")) and not cut.endswith((".", "。")):
            cut += "。" if CJK.search(cut[-1:]) else "."
    return cut


# A channel named in a list with another ("通过电话和在线客服", "by phone and chat") that the brief
# does not list: copied from a guide's sample line, it tells candidates the job takes calls
# when it does not (seen in a chat-only zh-Hans ad). Only the listed word goes.
_CHANNEL_WORDS = {
    "phone": r"电话|電話|(?:tele)?phone",
    "email": r"电子邮件|電子郵件|电邮|電郵|邮件|郵件|e-?mail",
    # "by phone and chat" for a walk-in and phone job (a Sanya hotel's front desk, en eval draft)
    "chat": r"在线客服|在線客服|网上客服|網上客服|即时对话|即時對話|(?:live )?chat",
}
_ANY_CHANNEL = (
    r"(?:在线客服|在線客服|网上客服|網上客服|在线|在線|网上即时对话|網上即時對話|即时对话|即時對話|"
    r"微信|社交媒体|社交媒體|门店|門市|短信|短訊|电话|電話|邮件|郵件|电邮|電郵|"
    r"(?<![A-Za-z])(?:live chat|chat|e-?mail|(?:tele)?phone|social media|whatsapp|wechat|"
    r"walk-in|in person|in store|text|sms|messaging)(?![A-Za-z]))"
)
_JOIN = r"(?:\s*(?:和|、|及|与|與|或)\s*|\s*,\s*(?:and |or )?|\s+(?:and|or)\s+)"


def _values(data: Any) -> list[str]:
    """Every string value in a dumped model (its keys, such as how_to_apply.phone, left out)."""
    if isinstance(data, dict):
        return [v for item in data.values() for v in _values(item)]
    if isinstance(data, list):
        return [v for item in data for v in _values(item)]
    return [data] if isinstance(data, str) else []


ChannelRule = tuple[str, re.Pattern[str], re.Pattern[str]]


def unlisted_channels(brief: Brief) -> list[ChannelRule]:
    """For each channel the brief neither lists nor mentions: (its name, the pattern for it after
    another channel, the pattern for it before one). Built once per ad, used on every field."""
    if not brief.channels:  # the brief does not say: nothing to hold the ad to
        return []
    said = " ".join(_values(brief.model_dump(exclude={"channels"})))
    rules: list[ChannelRule] = []
    for channel, words in _CHANNEL_WORDS.items():
        if channel in brief.channels or re.search(words, said, re.I):
            continue
        word = rf"(?:(?<![A-Za-z])(?:{words})(?![A-Za-z]))"
        # "chat and phone" keeps "chat"; "phone and chat" keeps "chat"
        after = re.compile(rf"({_ANY_CHANNEL}){_JOIN}(?:by |via )?{word}", re.I)
        before = re.compile(rf"{word}{_JOIN}(?={_ANY_CHANNEL})", re.I)
        rules.append((channel, after, before))
    return rules


def drop_unlisted_channels(text: str, rules: list[ChannelRule], fixes: list[str]) -> str:
    """`text` without the channels of `rules` named in a list with another channel:
    "通过电话和在线客服" -> "通过在线客服", "by phone and chat" -> "by chat"."""
    for channel, after, before in rules:
        cleaned = before.sub("", after.sub(r"\1", text))
        if cleaned != text:
            fixes.append(f"removed a channel the brief does not list ({channel}): {text.strip()!r}")
            text = cleaned
    return text


def given_quantity(words: str, value: str, unit: str, brief_text: str, numbers: set[str]) -> bool:
    """Whether the brief gives a quantity written in words: the same words, or its digits
    before the same unit ("two weeks" ~ "2 weeks"); a count of people or places by its value."""
    if words.lower() in brief_text:
        return True
    if not unit:
        return value in numbers
    return bool(re.search(rf"(?<![\d.]){value}\s*-?\s*(?:{UNITS[unit]})", brief_text))


ELLIPSIS = re.compile(r"(?:\.{3}|…)+\s*$")


def cut_ellipsis(item: str) -> str:
    """A list item the model trailed off ("…and reduce customer..."): cut back to its last
    comma, or "" when too little is left to be an item."""
    head = ELLIPSIS.sub("", item).rstrip()
    if len(CJK.findall(head)) >= 6 and not re.search(r"[，,、；;：:]", head):
        # "处理退货退款……": one Chinese clause the model ended with 等等's ellipsis, not one it
        # broke off in — keep it when nothing dangles at its end.
        return "" if DANGLING_ZH.search(head) else head + "。"
    cut = max(head.rfind(c) for c in ",;，；")
    head = head[:cut].rstrip() if cut > 0 else ""
    enough = len(WORD.findall(head.lower())) >= 6 or len(CJK.findall(head)) >= 8
    return (head + ("。" if CJK.search(head) else ".")) if enough else ""


# "港灣路快遞有限公司是一家…" for Harbourlane Couriers: the model's own Chinese name for a company
# the brief names in English. A registered name (…有限公司) the brief does not give is the
# brief's company.
ZH_REGISTERED = re.compile(
    r"(?<![我本])[\u4e00-\u9fff]{2,12}(?:有限公司|有限责任公司|有限責任公司)"
)


# "Cloud Digital Bank is a virtual bank…" for 雲港數碼銀行: the model's English for a company the
# brief names only in Chinese. A capitalised name ending in a kind of business, opening the
# sentence or after "at"/"join", is the company ("customers of Hong Kong Airlines" is not).
EN_COMPANY = re.compile(
    r"(?:^\s*(?!(?:Join|At|About|Welcome) )|(?<=\b[Aa]t )|(?<=\b[Jj]oin ))(?:The )?"
    r"(?:[A-Z][a-z]+ ){1,4}"
    r"(?:Bank|Group|Company|Co\.|Limited|Ltd\.?|Logistics|Express|"
    r"Couriers?|Hotel|Resort|Airlines?|Telecom|Insurance|Retail|Stores?|Mall|Beauty|Cosmetics|"
    r"Technology|Technologies|Holdings|International|Services|Freight|Shipping|Centre|Center)\b"
)


def own_name(sentence: str, brief: Brief, language: Language) -> str:
    """The sentence with the brief's company name for a name the model made for it: a Chinese
    registered name the brief does not give, or — when the brief names the company only in
    Chinese — an English one."""
    name = brief.company.name
    if language != "en":
        return ZH_REGISTERED.sub(lambda m: m[0] if m[0] in name else name, sentence)
    if re.search(r"[A-Za-z]", name):
        return sentence
    return EN_COMPANY.sub(lambda m: m[0][: len(m[0]) - len(m[0].lstrip())] + name, sentence)


def drop_claims(sentence: str, brief_text: str) -> str:
    """The sentence without praise of the employer the brief does not give."""
    out = CLAIM_CLAUSE.sub("", sentence)
    for m in reversed(list(CLAIM_WORD.finditer(out))):
        article = m.group(1) or ""
        if m.group()[len(article) :].strip().lower() in brief_text:
            continue
        if article.lower() in ("a", "an"):  # "a leading e-commerce company" -> "an e-commerce…"
            vowel = out[m.end() : m.end() + 1].lower() in tuple("aeio")
            article = article[0] + ("n" if vowel else "")
        out = out[: m.start()] + (f"{article} " if article else "") + out[m.end() :]
    return out


# --- the stage ---------------------------------------------------------------------------


def parse_output(raw: str) -> tuple[DraftText | None, list[str]]:
    """Parse the model's JSON; problems are phrased so they can be sent back to the model."""
    text = raw.strip()
    if text.startswith("```"):
        text = re.sub(r"^```(?:json)?|```$", "", text, flags=re.M).strip()
    try:
        data = json.loads(text, strict=False)  # raw newlines inside strings are common
    except json.JSONDecodeError as exc:
        return None, [f"the answer was not valid JSON ({exc.msg} at character {exc.pos})"]
    try:
        return DraftText.model_validate(data), []
    except ValidationError as exc:
        return None, [
            f"field {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
        ]


def salvage_output(raw: str) -> DraftText | None:
    """The whole fields of an answer cut off before the end (stopped where it began to loop):
    the last, unfinished value is dropped; None when a required field is not whole yet."""
    text = re.sub(r"^\s*```(?:json)?", "", raw).strip()
    try:
        data = pydantic_core.from_json(text, allow_partial=True)
        return DraftText.model_validate(data) if isinstance(data, dict) else None
    except (ValueError, ValidationError):
        return None


WRITE_CHINESE = "write every field in Chinese"
PROSE_FIELDS = ("hook", "about_us", "role_overview", "responsibilities", "success", "growth",
                "closing")  # fmt: skip


def content_problems(text: DraftText, language: Language) -> list[str]:
    """Problems the model can fix: wrong language, empty sections."""
    problems: list[str] = []
    prose = " ".join([text.hook, text.about_us, text.role_overview, *text.responsibilities])
    cjk_share = len(CJK.findall(prose)) / max(1, len(prose))
    if language == "en" and cjk_share > 0.05:
        problems.append("write every field in English")
    duties = [d for d in text.responsibilities if d.strip()]
    english_duties = sum(not CJK.search(d) for d in duties)
    # Chinese prose with English duties (a Hong Kong ad from an English note, 3 attempts of the
    # same answer): the re-ask must switch the grammar to Chinese (draft_ad), not only say so.
    if language != "en" and (cjk_share < 0.3 or english_duties * 2 > len(duties)):
        problems.append(WRITE_CHINESE)
    return problems


def _same_language(text: str, language: Language) -> bool:
    return (language == "en") != bool(CJK.search(text))


# "他們會管理…" and "他們需要管理…" say the same: modal words are left out of the comparison.
MODAL_ZH = re.compile(r"需要|會|会|將|将|可以|能夠|能够|應該|应该|必須|必须")


@lru_cache(maxsize=4096)
def _keys(text: str) -> frozenset[str]:
    """Content words (English) and character pairs (Chinese) for a rough 'says the same' test."""
    han = "".join(CJK.findall(MODAL_ZH.sub("", text)))
    return frozenset({w for w in WORD.findall(text.lower()) if len(w) > 3}) | {
        han[i : i + 2] for i in range(len(han) - 1)
    }


def covered(duty: str, others: list[str], share: float = 0.6) -> bool:
    """True when one of `others` already says most (`share`) of `duty`."""
    keys = _keys(duty)
    return bool(keys) and any(len(keys & _keys(o)) >= share * len(keys) for o in others)


def brief_duties(brief: Brief, language: Language, have: list[str]) -> list[str]:
    """The brief's own duty hints (in the ad's language) that the drafted duties do not cover."""
    extra: list[str] = []
    for duty in brief.duties:
        if not _same_language(duty, language):
            continue  # an English hint in a Chinese ad (or the reverse) reads wrong
        duty = to_script(duty.strip(), language)
        if duty and not covered(duty, have + extra):
            extra.append(duty[:1].upper() + duty[1:])
    return extra


def _tail_units(text: str) -> list[str]:
    """A duty as words (English) or characters (Chinese), for comparing endings."""
    return CJK.findall(text) if CJK.search(text) else WORD.findall(text.lower())


def drop_shared_tails(duties: list[str], fixes: list[str]) -> list[str]:
    """The ending a model glues to every duty ("… using WhatsApp Business and Excel tools to
    manage customer data.") kept on the first duty only, so the others are not taken for
    repeats of one another and read as their own duty."""
    out: list[str] = []
    for duty in duties:
        mine = _tail_units(duty)
        cut = 0
        for earlier in out:
            theirs = _tail_units(earlier)
            n = 0
            while n < min(len(mine), len(theirs)) and mine[-1 - n] == theirs[-1 - n]:
                n += 1
            zh = bool(CJK.search(duty))
            if n >= (6 if zh else 4) and len(mine) - n >= (8 if zh else 5):
                cut = max(cut, n)
        if cut:
            head = _cut_units(duty, cut)
            fixes.append(
                f"removed the ending shared with an earlier duty: {duty[len(head) :].strip()!r}"
            )
            duty = head
        out.append(duty)
    return out


def _cut_units(text: str, n: int) -> str:
    """`text` without its last `n` words (English) or Chinese characters, ended with a stop."""
    pattern = CJK if CJK.search(text) else re.compile(r"[A-Za-z0-9]+")
    starts = [m.start() for m in pattern.finditer(text)]
    head = text[: starts[-n]].rstrip(" ,，、;；")
    head = re.sub(r"\s+(?:using|with|by|via|to|and|for|through|in order to)$", "", head, flags=re.I)
    return head + ("。" if CJK.search(head) else ".")


def _whole(text: str, name: str, fixes: list[str]) -> str:
    """A prose section, or "" when cleaning left only a scrap ("销售、客服等。")."""
    scrap = re.fullmatch(r"[\u3400-\u9fff]{1,8}(?:、[\u3400-\u9fff]{1,8})+等?[。.]?", text)
    tiny = len(CJK.findall(text)) < 4 and len(WORD.findall(text.lower())) < 2  # "合適"
    if text and (scrap or tiny):
        fixes.append(f"removed what was left of the {name}: {text!r}")
        return ""
    return text


def assemble(
    brief: Brief,
    text: DraftText,
    language: Language,
    reference: str = "",
    tone: Tone | None = None,
    *,
    names: str | None = None,
    others: tuple[str, ...] = (),
) -> tuple[Ad, list[str]]:
    """Merge model prose with the brief's facts; drop invented or copied sentences; fix script;
    hold the professional voice to statements (no questions or exclamation marks) and put
    English sentences in the tone's voice (voice())."""
    fixes: list[str] = []
    ref_grams = shingles(to_script(reference, language))
    name_source = reference if names is None else names
    # Guides may be reused word for word, except their sample numbers ("60 chats a day") and
    # their quoted sample lines ("在工单系统中记录问题并跟进到关闭"), which are about no real job.
    guide_grams = shingles(to_script(names, language)) if names else set()
    sample_grams = shingles(to_script("\n".join(QUOTED.findall(names or "")), language))
    facts = BriefFacts(brief)
    brief_text = facts.low
    name = to_script(brief.company.name.strip(), language)
    # "港灣物流是香港的一家…" as a duty: the company described, no duty
    company_is = re.compile(rf"\s*{re.escape(name)}\s*(?:是|為|为|is\b)") if name else None
    channel_rules = unlisted_channels(brief)
    brief_plain = re.sub(r"\s", "", brief_text)
    week_numbers = quantities(" ".join([brief.schedule or "", *brief.benefits]))
    # numbers the brief gives, with digits or in words ("within two hours" allows "2 小時")
    brief_json = brief.model_dump_json()
    brief_numbers = set(numbers_in(brief_json))
    brief_numbers |= {value for _, value, _ in spelled_numbers(brief_json)}
    brief_script = to_script(brief_text, language)
    brief_grams = shingles(brief_text + brief_script)
    # Other employers: those of the reference ads shown, and `others` (the knowledge examples')
    other_names = sorted({
        variant
        for other in {o.strip() for o in (*FACTS_NAME.findall(name_source or ""), *others)}
        if other.lower() not in brief_text and to_script(other, language) not in brief_script
        for variant in (other, to_script(other, language))
    }, key=len, reverse=True)  # fmt: skip
    seen: set[str] = set()
    said: list[str] = []  # prose sentences kept so far, in reading order
    bangs: list[str] = []  # kept sentences with an exclamation mark (lively allows one)
    full_stop = "." if language == "en" else "。"

    duty_clauses: set[str] = set()
    ad_grams: set[str] = set()  # 4-grams of every prose clause kept so far
    duty_grams: set[str] = set()  # 4-grams of every duty clause kept so far
    revoiced: list[str] = []  # sentences put in the tone's voice (voice())

    def unwanted(sentence: str, prose: bool) -> str | None:
        """Why a sentence goes as a whole, or None: each reason is something the brief prints
        itself, or no ad text at all. `prose` is False for list items (duties)."""
        text, short = sentence.strip(), sentence.strip()[:80]
        if any(
            not said_in(m.group(), brief_text, brief_script, week_numbers)
            for m in SCHEDULE.finditer(sentence)
        ):
            return (f"removed the working pattern in the model's words (the schedule is printed "
                    f"from the brief): {text!r}")  # fmt: skip
        if VAGUE_PAY.search(sentence):
            return f"removed vague pay wording (pay is printed from the brief): {text!r}"
        if FIRST_PERSON.search(sentence):
            return f"removed a sentence in the first person: {short!r}"
        if not prose and WE_OFFER.search(sentence):
            return f"removed the employer's own words from a list: {text!r}"
        if not prose and (
            NOT_A_DUTY.search(sentence) or (company_is is not None and company_is.match(sentence))
        ):
            return f"removed a sentence that is no duty from the list: {text!r}"
        if INLINE_LIST.search(sentence):
            return f"removed a list run into one sentence: {short!r}"
        if not prose and APPLYING.search(sentence):
            return (f"removed an application step from the duties (how to apply is printed "
                    f"from the brief): {text!r}")  # fmt: skip
        if LOOP_RUN.search(sentence):  # "香水、彩妝品、香水、彩妝品、香水、彩妝品、…"
            return f"removed a sentence that loops: {short!r}"
        if FOREIGN_SCRIPT.search(sentence):  # "提供快速、 качеств的服務": a slip into Russian
            return f"removed a sentence with words in another script: {text!r}"
        if any(  # "17000.0 HKD minimum pay": the pay line says it ("300 万持卡人" is no pay)
            re.sub(r"\s", "", m.group()).lower() not in brief_plain
            for m in PAY_AMOUNT.finditer(sentence)
        ):
            return f"removed pay restated in the model's words: {text!r}"
        return None

    def clean(value: str, prose: bool = True, *, last: bool = False) -> str:
        value = to_script(unnumber(value) if prose else value, language)
        # A small model loops ("…办理业务，安抚客户情绪，…办理业务，安抚客户情绪"): a clause said
        # again in the same field, or in another duty, goes.
        # A duty is checked against the other duties; against the prose only after its first
        # clause: the list spells out what the overview sums up (a duty dropped for echoing the
        # overview left Chinese ads with two duties of eight), but filler glued to it goes.
        # A section cleaned `last` (success) is checked against the duties too: it sums them up.
        deduped, looped = (
            dedupe_clauses(value, set(), ad_grams | duty_grams if last else ad_grams)
            if prose
            else dedupe_clauses(value, duty_clauses, duty_grams, tails=ad_grams)
        )
        if looped:
            fixes.append(f"removed {looped} repeated clause(s)")
            words, han = WORD.findall(deduped.lower()), CJK.findall(deduped)
            head = CLAUSE.match(value)
            if not prose and (
                (len(han) < 8 and len(words) < 5)
                or (head and not deduped.startswith(head.group().rstrip("，,、；; ")))
            ):
                # what is left of a repeated duty ("monthly plans.", "…服务，以确保…") is no duty
                return ""
            value = deduped
        if not prose:
            value = drop_examples(value, fixes)
        value = drop_numbered_asides(value, brief_numbers, fixes)
        value = drop_unlisted_channels(value, channel_rules, fixes)
        value = drop_department_asides(value, facts.low, fixes)
        cleaned, dropped = scrub(value, brief, facts)
        fixes.extend(dropped)
        kept = []
        they_hold = False  # the last sentence kept was about the post holder (about_holder)
        sentences = SENTENCE.findall(cleaned)
        # Duties may end without a stop ("Log every case"); in Chinese a duty whose second
        # sentence stops mid-way ("…以确保") is cut there.
        if (prose or language != "en") and len(sentences) > 1 and not END.search(sentences[-1]):
            fixes.append(f"removed an unfinished sentence: {sentences[-1].strip()!r}")
            sentences.pop()
        elif (
            prose
            and len(sentences) == 1
            and not END.search(sentences[0])
            and (DANGLING if language == "en" else DANGLING_ZH).search(sentences[0].rstrip())
        ):  # "If you are … excited about the opportunity …, then we would": cut by the limit
            fixes.append(f"removed an unfinished sentence: {sentences[0].strip()!r}")
            sentences = []
        for sentence in sentences:
            if LONE_LINK.match(sentence.strip()):
                fixes.append(f"removed a sentence that stops after its linking word: "
                             f"{sentence.strip()!r}")  # fmt: skip
                continue
            if ELLIPSIS.search(sentence):
                if prose:  # "If you're a food or grocery...": the model stopped mid-thought
                    fixes.append(f"removed an unfinished sentence: {sentence.strip()!r}")
                    continue
                sentence = cut_ellipsis(sentence)
                if not sentence:
                    continue
            if reference:
                sentence, gone = drop_copied_clauses(sentence, ref_grams, brief_grams)
                if gone:
                    fixes.append(f"removed words copied from a reference ad: {gone!r}")
                if not sentence.strip():
                    continue
            if (named := own_name(sentence, brief, language)) != sentence:
                fixes.append(f"put the brief's company name for the model's: {sentence.strip()!r}")
                sentence = named
            if (unclaimed := drop_claims(sentence, brief_text)) != sentence:
                fixes.append(f"removed praise of the employer the brief does not give: "
                             f"{sentence.strip()!r}")  # fmt: skip
                sentence = unclaimed
            holder = language == "en" and about_holder(sentence, brief.title, they_hold)
            voiced = voice(sentence, tone, brief.title, language, they_hold=they_hold)
            they_hold = holder
            if voiced != sentence:
                revoiced.append(sentence.strip())
                sentence = voiced
            key = "".join(WORD.findall(sentence.lower())) + "".join(CJK.findall(sentence))
            if why := unwanted(sentence, prose):
                fixes.append(why)
                continue
            if tone == "professional" and prose:
                if QUESTION.search(sentence):
                    fixes.append(f"removed a question (professional voice): {sentence.strip()!r}")
                    continue
                # "请加入我们!" ends 。 in Chinese, "…a buddy！" ends . in English
                sentence = BANG.sub(full_stop, sentence)
            if copied(sentence, PROMPT_GRAMS, brief_grams):
                fixes.append(f"removed the prompt's own words: {sentence.strip()!r}")
            elif other := next((n for n in other_names if n in sentence), None):
                fixes.append(f"removed another company's name ({other}, from a reference ad): "
                             f"{sentence.strip()!r}")  # fmt: skip
            elif (
                (reference and copied(sentence, ref_grams, brief_grams))
                or (name_source and copied_names(sentence, name_source, brief_text))
                or (DIGIT.search(sentence) and copied(sentence, guide_grams, brief_grams))
                or copied(sentence, sample_grams, brief_grams)
            ):
                fixes.append(f"removed text copied from a reference ad: {sentence.strip()!r}")
            elif odd := [n for n in numbers_in(sentence) if n not in brief_numbers] + [
                words
                for words, value, unit in spelled_numbers(sentence)
                if not given_quantity(words, value, unit, brief_text, brief_numbers)
            ]:
                # "成立于2015年，拥有超过100名员工": a small model makes up the company's numbers
                fixes.append(f"removed {', '.join(odd)} — a number the brief does not give: "
                             f"{sentence.strip()!r}")  # fmt: skip
            elif key and key in seen:
                fixes.append(f"removed a sentence said twice: {sentence.strip()!r}")
            elif prose and len(_keys(sentence)) >= 6 and covered(sentence, said, 0.8):
                # "We are looking for someone who…" after "…, and we are looking for someone who…"
                fixes.append(
                    f"removed a sentence that repeats an earlier one: {sentence.strip()!r}"
                )
            else:
                seen.add(key)
                if tone == "lively" and BANG.search(sentence):
                    if bangs:  # the tone allows one "!" in the ad (prompts/styles.yaml)
                        sentence = BANG.sub(full_stop, sentence)
                        fixes.append(f"made a second '!' a full stop: {sentence.strip()!r}")
                    bangs.append(sentence)
                kept.append(sentence)
                if prose:
                    said.append(sentence)
        result = STOP_RUN.sub(lambda m: m.group(1) or "。", "".join(kept).strip())
        # "…提高客戶滿意度；" when the sentence after the semicolon went: it ends the text now
        result = LAST_SEMICOLON.sub(lambda m: "。" if m[0] == "；" else ".", result)
        if not prose and language == "en":
            finished = finish_duty(result)
            if finished != result:
                fixes.append(f"removed the words left hanging at the end of an item: {result!r}")
            result = finished
        return result

    # Lists run into the prose go; duties among them join the model's duty list.
    listed: list[str] = []
    prose = {}
    for field in ("hook", "about_us", "role_overview", "success", "growth", "closing"):
        prose[field], more = drop_prose_lists(getattr(text, field), fixes)
        listed += [d for d in more if not covered(d, [*text.responsibilities, *listed])]
    # In reading order: a sentence said again in a later section is dropped there.
    hook, about_us, role_overview = (
        clean(prose["hook"]),
        clean(prose["about_us"]),
        clean(prose["role_overview"]),
    )
    growth, closing = clean(prose["growth"]), clean(prose["closing"])
    hook, about_us, role_overview, growth, closing = (
        _whole(part, name, fixes)
        for part, name in ((hook, "hook"), (about_us, "about us"), (role_overview, "overview"),
                           (growth, "growth"), (closing, "closing"))
    )  # fmt: skip
    # About us is the company: a sentence whose subject is the post holder ("他們需要處理投訴…",
    # seen as a whole zh-Hant about-us) is about the job, said again in the overview and duties.
    sentences = SENTENCE.findall(about_us)
    if job := [x for x in sentences if ABOUT_THE_JOB.match(x)]:
        fixes.extend(f"removed a sentence about the job from about us: {x.strip()!r}" for x in job)
        about_us = "".join(x for x in sentences if x not in job).strip()
    # A Hong Kong ad may carry the company's own English description (HK ads mix the two); a
    # mainland or English ad takes it only in its own language.
    if (
        not about_us
        and brief.company.about
        and (language == "zh-Hant" or _same_language(brief.company.about, language))
    ):
        about = to_script(brief.company.about.strip(), language)
        if about not in hook:  # the hook may already have said it
            about_us = about
            fixes.append("used the brief's company description for about us")
    duties = [d for d in (clean(i, prose=False) for i in [*text.responsibilities, *listed]) if d]
    # What success looks like sums up the duties: cleaned after them, a sentence that only
    # repeats a duty or an earlier section goes; a scrap ("在你的第一個月。") is no section.
    success = _whole(clean(prose["success"], last=True), "success", fixes)
    if language == "en" and tone == "professional":
        parts = (role_overview, success, growth)
        opened = [name_the_holder(x) for x in parts]
        revoiced.extend(
            SENTENCE.findall(x)[0].strip() for x, y in zip(parts, opened, strict=True) if x != y
        )
        role_overview, success, growth = opened

    # A scrap left of a section after the clean-up ("加入我們。" as a whole overview) is no section.
    def scrap(text: str, name: str, han: int, words: int) -> str:
        if text and len(CJK.findall(text)) < han and len(WORD.findall(text.lower())) < words:
            fixes.append(f"removed what was left of {name}: {text!r}")
            return ""
        return text

    # a short overview may stand ("You answer calls.", "你會在客服中心工作。")
    role_overview = scrap(role_overview, "the overview", 8, 4)
    success = scrap(success, "success", 16, 10)
    for duty in [
        d
        for d in duties
        if (len(CJK.findall(d)) < 4 and len(WORD.findall(d.lower())) < 3)
        or (len(CJK.findall(d)) < 12 and DANGLING_ZH.search(d.rstrip()))
        or ZH_TAIL_START.match(d)
    ]:  # what is left of an item cut off at the end of the answer ("与", "与客户和商户的"), or
        # the tail of a sentence ("的工作中保持良好的沟通和客户服务！")
        duties.remove(duty)
        what = "the tail of a sentence" if ZH_TAIL_START.match(duty) else "too short to be a duty"
        fixes.append(f"removed an item {what}: {duty!r}")
    # A Chinese ad's duty in English is the brief's own duty as written, or the model talking
    # ("seniority: entry level, …", "ulates the creation of a job advertisement…").
    if language != "en":
        own_en = {d.strip().lower().rstrip(".") for d in brief.duties}
        for duty in [d for d in duties if not CJK.search(d)]:
            if duty.strip().lower().rstrip(".") not in own_en:
                duties.remove(duty)
                fixes.append(f"removed a duty in English that is not the brief's: {duty!r}")
    # A front-line ad keeps duties of leading, training or hiring people, budgets, marketing or
    # sales targets only when the brief itself asks for something of that kind.
    if brief.role_family() == "representative" and not BEYOND_FRONT_LINE.search(brief_text):
        for duty in [d for d in duties if BEYOND_FRONT_LINE.search(d)]:
            duties.remove(duty)
            fixes.append(f"removed a duty beyond a front-line role: {duty!r}")
    duties = drop_shared_tails(duties, fixes)
    distinct: list[str] = []
    for duty in duties:  # "…to ensure all interactions are of high quality" said three ways
        if covered(duty, distinct):
            fixes.append(f"removed a duty that repeats an earlier one: {duty!r}")
        else:
            distinct.append(duty)
    duties = distinct
    # "處理客戶查詢及跟進貨件狀態，安排派送及收件時間，處理延誤及損毀索償個案" as one item: the
    # brief's duties run together read as one duty; each goes back on its own line.
    own = [to_script(d.strip(), language) for d in brief.duties if _same_language(d, language)]
    own = [o[:1].upper() + o[1:] for o in own if o]
    split: list[str] = []
    for duty in duties:
        inside = [o for o in own if covered(o, [duty])]
        if len(inside) >= 2:
            fixes.append(f"split a duty that runs {len(inside)} of the brief's together: {duty!r}")
            split += [o for o in inside if o not in split]
        else:
            split.append(duty)
    duties = split
    added = brief_duties(brief, language, duties)  # the recruiter's duties always appear
    duties = added + duties
    fixes.extend(f"added the brief's duty {d!r}" for d in added)
    if len(duties) > MAX_DUTIES:  # the brief's duties first, then the model's, up to a list
        fixes.extend(
            f"removed a duty past the first {MAX_DUTIES}: {d!r}" for d in duties[MAX_DUTIES:]
        )
        duties = duties[:MAX_DUTIES]
    if len(duties) < 3:  # too little left: the recruiter's own duties, even in their language
        for duty in (d.strip() for d in brief.duties):
            if duty and not covered(duty, duties) and duty.lower() not in map(str.lower, duties):
                duties.append(duty[:1].upper() + duty[1:])
                fixes.append(f"added the brief's duty as written {duty!r}")
    # One list, one style: when most duties end with a stop, the others get one too.
    if 2 * sum(bool(END.search(d)) for d in duties) >= len(duties):
        duties = [d if END.search(d) else d.rstrip() + ("。" if CJK.search(d) else ".")
                  for d in duties]  # fmt: skip
    reqs = brief.requirements
    if reqs.is_empty() and text.requirements is not None:
        reqs = Requirements(
            must_have=[
                c for c in (clean(i, prose=False) for i in text.requirements.must_have) if c
            ],
            preferred=[
                c for c in (clean(i, prose=False) for i in text.requirements.preferred) if c
            ],
            nice_to_have=[
                c for c in (clean(i, prose=False) for i in text.requirements.nice_to_have) if c
            ],
        )
    title = brief.title
    model_title = to_script(text.title, language)
    if (
        language != "en"
        and not CJK.search(brief.title)
        and CJK.search(model_title)
        and not re.search(r"[A-Za-z]", model_title)  # not "客服 Officer Customer Service Officer"
        and len(model_title) <= 16
        and not re.search(r"[（(，,：:|/]", model_title)
        and not (ref_grams and shingles(model_title) & ref_grams - brief_grams)
    ):
        title = f"{model_title} {brief.title}"  # a Chinese title before the brief's own
    if revoiced:
        fixes.append(f"put {len(revoiced)} sentence(s) in the {tone} voice, e.g. {revoiced[0]!r}")
    ad = Ad(
        title=title,
        hook=hook,
        about_us=about_us,
        role_overview=role_overview,
        responsibilities=duties,
        success=success,
        requirements=reqs,
        benefits=list(brief.benefits),
        growth=growth,
        how_to_apply=how_to_apply_lines(brief, language),
        closing=closing,
        equal_opportunity=EQUAL_OPPORTUNITY[language].format(company=brief.company.name),
        facts_line=facts_line(brief, language),
        pay_line=format_pay(brief.pay, language),
    )
    return ad, fixes


Validator = Callable[[str, Brief, Language], tuple[list[str], dict[str, Any] | None]]


def draft_ad(
    brief: Brief,
    *,
    language: Language,
    tone: Tone,
    backend: Backend,
    settings: Settings,
    passages: list[RetrievedPassage],
    on_token: TokenCallback | None = None,
    validator: Validator | None = None,
) -> DraftResult:
    """Draft one ad; re-ask the model a bounded number of times when its answer is unusable."""
    if brief.how_to_apply.is_empty():
        raise InputError(
            "the brief says nothing about how to apply",
            field="how_to_apply",
            fix="add how_to_apply.email, .url, .phone, .address or .instructions",
        )
    schema = output_schema(language, brief.requirements.is_empty())
    avoid_words = [
        *CODE_MARKS,
        *(SECOND_PERSON if tone == "professional" and language == "en" else ()),
    ]
    schema = {**schema, AVOID_WORDS: avoid_words}
    completion_budget = settings.max_completion_tokens
    messages, sources = prompts.draft_messages(
        brief, language, tone, passages, prompts_dir=settings.prompts_dir,
        fields=fields_text(schema, tone, language), context_window=backend.context_window,
        completion_tokens=completion_budget,
    )  # fmt: skip
    used = [p for p in passages if p.id in set(sources)]
    language_name, _ = prompts.writer(settings.prompts_dir, language)
    # Example ads are about other companies: their sentences must not be copied. Our guides are
    # written to be reused, but names in them (a sample company) still must not leak.
    reference = "\n".join(p.text for p in used if p.kind == "example")
    names = "\n".join(p.text for p in used)
    usage = Usage(backend=backend.name, model=backend.model)
    history: list[Message] = list(messages)
    last_raw = ""
    problems: list[str] = []
    best: tuple[Ad, list[str], dict[str, Any] | None, int] | None = None
    avoid: list[str] = []
    for attempt in range(1, settings.max_reasks + 2):
        completion = backend.complete(
            history, schema=schema, max_tokens=completion_budget, on_token=on_token,
            repeat_penalty=settings.draft_repeat_penalty,
        )  # fmt: skip
        usage = usage.add(completion.usage)
        last_raw = completion.text
        parsed, problems = parse_output(last_raw)
        loop_problem = ""
        if completion.looped:
            # Stopped mid-loop: send back only the part before the loop, and say why it stopped.
            before = last_raw[: repeats_from(last_raw) or len(last_raw)]
            last_raw = before + " …"
            loop_problem = (
                "you wrote the same sentences again and again until you were stopped; write each"
                f" thing once, keep every field short, and write in {language_name}"
            )
            problems = [loop_problem]
            # What came before the loop is kept as a fallback: if every attempt loops, the
            # recruiter still gets an ad from the fields the model finished.
            parsed = parsed or salvage_output(before)
        if parsed is not None:
            problems = content_problems(parsed, language)
            ad, fixes = assemble(
                brief, parsed, language, reference, tone, names=names,
                others=example_companies(settings.knowledge_dir),
            )  # fmt: skip
            if loop_problem:
                fixes.insert(0, "used the fields the model finished before it began to loop")
            copies = [f.split(": ", 1)[1] for f in fixes if f.startswith("removed text copied")]
            avoid.extend(c for c in copies if c not in avoid)
            # A missing hook or too few duties is worth a re-ask, but such an ad is still an ad.
            # An answer cut short with one or two duties is usable once the brief's own duties
            # bring the list to three.
            usable = (
                not problems
                and bool(ad.responsibilities)
                and (len(ad.responsibilities) >= 3 or len(parsed.responsibilities) >= 3)
                and bool(ad.hook or ad.role_overview)
            )
            if not ad.hook:
                problems.append("the hook must describe THIS job at THIS company")
            if len(ad.responsibilities) < 3:
                why = [f for f in fixes if any(d[:24] in f for d in parsed.responsibilities if d)]
                problems.append(
                    f"only {len(ad.responsibilities)} responsibilities were usable"
                    + (f" ({'; '.join(w[:160] for w in why[:3])})" if why else "")
                    + "; write 6 duties for THIS job from the brief's duties, channels and tools"
                )
            report = None
            if validator is not None:
                findings, report = validator(render_markdown(ad, language, brief), brief, language)
                problems += findings
            if loop_problem:  # worth a re-ask; kept as the best so far if usable
                problems.append(loop_problem)
            if not problems:
                if validator is not None and settings.lengthen and not completion.looped:
                    ad, fixes, report, usage = lengthen(
                        Lengthening(ad=ad, text=parsed, fixes=fixes, report=report, usage=usage),
                        brief, language, tone, backend=backend, settings=settings,
                        history=history, answer=completion.text, schema=schema,
                        reference=reference, names=names, validator=validator,
                        on_token=on_token,
                    )  # fmt: skip
                return _result(ad, brief, language, tone, sources, usage, attempt, fixes, report)
            # Only validator findings (or a loop after whole fields) remain: keep the fewest.
            if usable and (best is None or len(problems) < best[3]):
                best = (ad, fixes, report, len(problems))
        if attempt <= settings.max_reasks:
            if WRITE_CHINESE in problems and CJK_FIRST not in schema:
                # Asking again rarely helps (3 English answers of 3): the grammar now makes
                # every prose field and duty begin with a Chinese character.
                schema = {**schema, CJK_FIRST: list(PROSE_FIELDS)}
            ask = list(problems)
            if avoid:  # copied sentences were already removed; on a re-ask, name them
                ask.append(
                    "these sentences describe OTHER companies' jobs; do not write them or"
                    " anything like them: " + "; ".join(avoid[:6])
                )
            history = [*messages, *prompts.reask_message(settings.prompts_dir, last_raw, ask)]
    if best is not None:
        # No clean answer: hand the best usable ad over with its report rather than nothing.
        ad, fixes, report, _ = best
        if not ad.hook:
            ad, moved = hook_from_overview(ad)
            fixes = [*fixes, f"used the overview's first sentence as the hook: {moved!r}"]
            if validator is not None:  # the text moved: the report must describe it
                _, report = validator(render_markdown(ad, language, brief), brief, language)
        attempts = settings.max_reasks + 1
        return _result(ad, brief, language, tone, sources, usage, attempts, fixes, report)
    raise DraftError(
        f"the model gave no usable draft after {settings.max_reasks + 1} attempts"
        f" ({'; '.join(p[:120] for p in problems[:3])})",
        last_output=last_raw,
        attempts=settings.max_reasks + 1,
        problems=problems,
        usage=usage,
        fix="try again, raise DRAFTER max_reasks, or use a stronger --backend",
    )


# An ad under the validator's floor after clean-up (400 words; 600 Chinese characters) gets one
# more call for new text on what the ad does not describe yet (prompts/extend.txt). Asked for
# more of its own fields ("role_overview_more"), the 1.5B model wrote them out again. The answer
# and the prompt before it are still in the local model's cache: the call reads only the ask.
LENGTHEN_INTO = {"a_typical_shift": "role_overview", "team_support": "growth"}
MORE_LIMITS = {"en": (200, 600), "zh": (70, 220)}
MORE_TOKENS = 450
# Who the new text speaks of, in the tone's voice: asked for "a typical shift" without it, the
# model wrote "我会…" (first person, which the clean-up removes).
MORE_VOICE = {
    ("en", "professional"): 'about "the successful candidate" and "the team", never "I" or "you"',
    ("en", "lively"): 'to the reader as "you", never "I"',
    ("zh", "professional"): "about 任职者 and 团队 (the post holder and the team), never 我 or 你",
    ("zh", "lively"): "to the reader as 你, never 我",
}


class MoreText(BaseModel):
    """The answer to prompts/extend.txt."""

    model_config = ConfigDict(extra="ignore")

    a_typical_shift: str = ""
    team_support: str = ""


class Lengthening(BaseModel):
    """A clean draft that may be too short: what `lengthen` starts from and returns."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    ad: Ad
    text: DraftText
    fixes: list[str]
    report: dict[str, Any] | None
    usage: Usage


def report_size(report: dict[str, Any], language: Language) -> float:
    """Words (English) or Chinese-character equivalents, as the validator counts them."""
    stats = report["stats"]
    return band_size(stats["words"], stats["cjk_chars"], language != "en")


def shortfall(report: dict[str, Any] | None, language: Language) -> tuple[float, int, str] | None:
    """(size, floor, unit) when the validator found the ad too short; else None."""
    findings = (report or {}).get("findings") or []
    if (
        not report
        or "stats" not in report
        or not any(f.get("rule") == "length.too_short" for f in findings)
    ):
        return None
    low, _, unit = LENGTH_BAND["en" if language == "en" else "zh"]
    return report_size(report, language), low, unit


# Words the new text may not hold, by language and tone: told the voice, the model still wrote
# the typical shift as "我会…" (first person), which the clean-up then removes whole.
MORE_AVOID = {
    ("en", "professional"): ("I", "me", "my"),
    ("en", "lively"): ("I", "me", "my"),
    ("zh", "professional"): ("我", "你", "您", "you", "I"),
    ("zh", "lively"): ("我", "您", "I"),
}


def more_schema(language: Language, tone: Tone, schema: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema of MoreText, with the draft schema's grammar keys carried over."""
    lang = "en" if language == "en" else "zh"
    props = {f: _str(MORE_LIMITS[lang]) for f in LENGTHEN_INTO}
    more: dict[str, Any] = {"type": "object", "properties": props, "required": list(props)}
    if LATIN_ONLY in schema:
        more[LATIN_ONLY] = schema[LATIN_ONLY]
    more[AVOID_WORDS] = [*schema.get(AVOID_WORDS, ()), *MORE_AVOID[lang, tone]]
    if CJK_FIRST in schema:
        more[CJK_FIRST] = list(props)
    return more


def lengthen(
    start: Lengthening,
    brief: Brief,
    language: Language,
    tone: Tone,
    *,
    backend: Backend,
    settings: Settings,
    history: list[Message],
    answer: str,
    schema: dict[str, Any],
    reference: str,
    names: str,
    validator: Validator,
    on_token: TokenCallback | None = None,
) -> tuple[Ad, list[str], dict[str, Any] | None, Usage]:
    """A clean ad under the length floor, with the model's typical shift added to the overview
    and how the team works added to growth (LENGTHEN_INTO), cleaned like the rest; the ad as it
    was when the answer is unusable or the ad is still short, with a note saying why."""
    ad, fixes, report, usage = start.ad, start.fixes, start.report, start.usage
    short = shortfall(report, language)
    if short is None:
        return ad, fixes, report, usage
    size, low, unit = short
    need = int(low - size) + (40 if language == "en" else 80)  # a margin above the floor
    language_name, _ = prompts.writer(settings.prompts_dir, language)
    messages = [
        *history,
        *prompts.extend_message(
            settings.prompts_dir, answer, size=size, low=low, need=need, unit=unit,
            language_name=language_name,
            voice=MORE_VOICE["en" if language == "en" else "zh", tone],
        ),
    ]  # fmt: skip
    kept = f"kept the ad at {size:.0f} {unit}"
    try:
        completion = backend.complete(
            messages, schema=more_schema(language, tone, schema), max_tokens=MORE_TOKENS,
            on_token=on_token, repeat_penalty=settings.draft_repeat_penalty,
        )  # fmt: skip
    except BackendError as exc:
        return ad, [*fixes, f"{kept}: asking for more failed ({exc.message})"], report, usage
    usage = usage.add(completion.usage)
    try:
        more = MoreText.model_validate(json.loads(completion.text.strip(), strict=False))
    except (ValueError, ValidationError):
        return ad, [*fixes, f"{kept}: the answer with more text was not valid JSON"], report, usage
    sep = " " if language == "en" else ""
    text = start.text
    longer = text.model_copy(
        update={
            into: (getattr(text, into).rstrip() + sep + getattr(more, f).strip()).strip()
            for f, into in LENGTHEN_INTO.items()
        }
    )
    ad2, fixes2 = assemble(
        brief, longer, language, reference, tone, names=names,
        others=example_companies(settings.knowledge_dir),
    )  # fmt: skip
    findings, report2 = validator(render_markdown(ad2, language, brief), brief, language)
    size2 = report_size(report2, language) if report2 and "stats" in report2 else 0.0
    if content_problems(longer, language) or findings or size2 < low:
        why = "too little of the text the model added survived clean-up"
        return ad, [*fixes, f"{kept}: {why}"], report, usage
    note = f"lengthened the ad from {size:.0f} to {size2:.0f} {unit} with a second call"
    return ad2, [*fixes2, note], report2, usage


def hook_from_overview(ad: Ad) -> tuple[Ad, str]:
    """The overview's first sentence as the hook, when the model's own hook did not survive."""
    sentences = SENTENCE.findall(ad.role_overview)
    hook = sentences[0].strip() if sentences else ""
    rest = "".join(sentences[1:]).strip()
    return ad.model_copy(update={"hook": hook, "role_overview": rest}), hook


def _result(
    ad: Ad,
    brief: Brief,
    language: Language,
    tone: Tone,
    sources: list[str],
    usage: Usage,
    attempts: int,
    fixes: list[str],
    report: dict[str, Any] | None,
) -> DraftResult:
    return DraftResult(
        markdown=render_markdown(ad, language, brief),
        sections=ad,
        brief=brief,
        language=language,
        tone=tone,
        sources=sources,
        usage=usage,
        attempts=attempts,
        fixes=fixes,
        report=report,
    )
