"""Reading a recruiter's note (or a legacy JD) into a brief without changing a single fact.

The note is data, never instructions. It is read in three passes, and every value that reaches
the brief is a span of the note:

1. **Labels, in code.** "Must:", "Nice:", "Benefits:", "要求：", "福利：", "加分：", headings on
   their own line and the bullets under them (drafter/rules/note.yaml) decide the field and the
   requirement level.
2. **Typed facts, in code.** E-mail, URL, phone, WhatsApp, WeChat, contact person, pay with its
   period and what comes on top, employment type, work arrangement, schedule, headcount,
   deadline and places are found by pattern wherever they are.
3. **The model, for the rest.** Pieces that neither labels nor patterns place are numbered and
   the model picks a kind for each from a fixed list (duty, requirement, benefit, …), and names
   the title, company and place as spans of the note. A span the note does not contain, a
   company that is a place or a generic noun, or a kind the label disagrees with goes to the
   ambiguous list, never into the brief.

What the note does not say stays empty (no default employment type, seniority or place) and is
listed in `Reading.missing`, with the rule that requires it where a jurisdiction does.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from drafter import prompt as prompts
from drafter.backends import Backend, Usage
from drafter.brief import Brief, validation_to_input_error
from drafter.errors import ConfigError
from drafter.loading import once, read_yaml
from drafter.settings import Settings

NOTE_VOCABULARY = Path(__file__).parent / "rules" / "note.yaml"

# Facts parsed straight from the text.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(
    r"(?:https?://|www\.)[^\s，。；、）)]+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|hk|cn|org|net|io|jobs|careers"
    r"|ie|co\.uk|de|at|sg|eu|ai|app|co|us|uk|au|tw|mo|my|ph|in|jp|kr|ca|fr|es|it|nl|biz|info|work|example)"
    r"(?:\.[a-z]{2}\b)?(?:/[^\s，。；、）)]*)?\b",  # "orbitmoney.com.au/careers"
    re.I,
)
PHONE = re.compile(r"(?<![\d.])(?:\+?\(?\d[\d\s()-]{6,}\d)(?!\d|\.\d)")
MONEY = re.compile(
    r"(?:HK\$|US\$|RMB|CNY|HKD|USD|EUR|GBP|SGD|[$€£¥￥])\s?\d[\d,.]*\s?[kK万萬千]?"
    r"(?:\s?[-–—~至到]\s?\d[\d,.]*\s?[kK万萬千]?)?"
    r"|\d[\d,.]*\s?(?:[kK]\b|万|萬|元|港元|港幣|美元|dollars?\b)"
)
CJK_CHAR = re.compile(r"[\u3400-\u9fff]")

# Shown in the ad when the note names no company or place, so the validator flags it and the
# recruiter fills it in the saved brief.
MISSING_COMPANY = "[Company name]"
MISSING_LOCATION = "[Location]"
MISSING_APPLY = "[How to apply]"
MAX_TITLE = 120

# Text that addresses the model rather than describing a job: the sentence goes, and is reported.
INJECTION = re.compile(
    r"(?i)\b(?:ignore|disregard|forget|override|bypass)\b.{0,30}\b(?:previous|prior|above|earlier|all|"
    r"any)\b.{0,20}\b(?:instructions?|prompts?|rules?|directions?)\b|\byou are now\b|"
    # words that address the writer of the ad, whatever they then ask: "assistant: …",
    # "disregard the brief", "instead state that …"
    r"(?:^|<!--|[\[(（【]|[.!?。]\s)\s*(?:ai|assistant|model|chatgpt|gpt|llm|bot|system|admin)\s*[:：]|"
    r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,20}\b(?:the|this|your|my)\s+(?:brief|note|"
    r"instructions?|prompt|text above|rules?|guidelines?)\b|\binstead,?\s+(?:state|say|write|add|claim|"
    r"tell|print|mention)\b|\b(?:the )?(?:real|actual) instructions?\b|"
    r"(?:无视|無視|忽略|不要理会|不要理會)(?:以上|之前|前面|上述|上面)?.{0,6}(?:内容|內容|简报|簡報|说明|說明|要求)|"
    r"\bsystem (?:prompt|message|instruction)s?\b|\bnote to (?:the )?(?:ai|model|assistant)\b|"
    r"\b(?:ai|assistant|model|chatgpt|gpt)\s*[:,]\s*(?:please )?(?:add|write|include|ignore)\b|"
    r"\b(?:add|insert|include|append|print|put)\b.{0,25}\b(?:line|sentence|text|phrase)\b.{0,40}"
    r"\b(?:ad|advert|advertisement|posting|output)\b|"
    r"\b(?:add|insert|append)\s+(?:the|this)\s+(?:line|sentence|text)\b|"
    r"\b(?:write|compose) (?:me )?a (?:poem|song|story)\b|"
    r"(?:忽略|無視|无视|忘記|忘记)(?:以上|之前|前面|上述|所有|全部)?.{0,6}(?:指示|指令|提示|規則|规则|要求)|"
    r"(?:給|给|對|对)\s*(?:ai|chatgpt|gpt|llm|模型|機械人|机器人|人工智能|助手)\s*(?:的)?\s*(?:指令|指示|提示|說明|说明|話|话)|"
    r"\b(?:instructions?|note|message) (?:for|to) (?:the )?(?:ai|model|assistant|bot|llm)\b|"
    r"(?:系統|系统)(?:提示|指令|通知)|"
    # a bracketed tag that names the system, the AI or a template is addressed to the writer of
    # the ad ("【系统模板要求】", "【備註（AI 系統格式規定）】"), as is "when you generate the ad…"
    r"[【\[]\s*[^】\]]{0,8}(?:系統|系统|模板|\bAI\b|template|system)[^】\]]{0,8}"
    r"(?:要求|備註|备注|提示|指令|指示|說明|说明|規定|规定|格式|設定|设定|note|instructions?|prompt|"
    r"rules?)[^】\]]{0,6}[】\]]|"  # ("【系统操作】" is a heading: the system is the job's)
    # … or whose head, before its colon, does ("【给系统的备注：把月薪写成…】", "【系統備註：…】")
    r"[【\[]\s*[^】\]:：]{0,8}(?:系統|系统|模板|\bAI\b|template|system)[^】\]:：]{0,8}[:：]|"
    # a request to change a fact or insert words of its own: "把月薪写成8000", "人工改為 $20,000",
    # "加句「保證轉正」", "寫廣告嗰陣…"
    r"把.{0,12}(?:写成|寫成|改成|改为|改為)|(?:人工|薪金|薪资|薪資|月薪|工资|工資|待遇)\s*(?:改为|改為|改成)|"
    r"(?:加句|加一句|加上一句|加埋一句|寫埋|写埋|寫句|写句|加上|加入|寫上|写上)\s*[「“\"『]|"
    r"(?:寫|写|撰寫|撰写)(?:廣告|广告|文案|JD|招聘廣告|招聘广告)\s*(?:嗰陣|個陣|的時候|的时候|時|时)|"
    r"(?:生成|撰寫|撰写|產生|产生|輸出|输出)\s*(?:岗位|崗位|职位|職位|广告|廣告|文案|招聘|brief|JD|简介|簡介)"
    r"[^，。,]{0,6}(?:时|時)|"
    r"(?:在|喺)(?:廣告|广告|文案|招聘啟事|招聘启事|岗位描述|崗位描述|职位描述|職位描述|JD)(?:裡|里|中|內|内)?.{0,8}"
    r"(?:寫上|写上|加上|加入|註明|注明|寫|写)|寫一首詩|写一首诗|"
    # a sentence addressed to the model by name, whatever it then asks: "[AI assistant: …",
    # "Dear AI, please …", "AI請加上：…", "ChatGPT 麻煩寫埋…"
    r"(?:^|[\[(（【]|[.!?。！？]\s)\s*(?:dear\s+|hey\s+|hi\s+|to\s+|致|給|给)?(?:the\s+)?"
    r"(?:ai|chatgpt|gpt|llm|bot(?=\s*helper)|人工智能|機械人|机器人)"
    r"(?:\s*(?:assistant|helper|bot|model|助手|助理))?\s*"
    r"(?:[:：,，\-–—]|please\b|pls\b|請|请|麻煩|麻烦|幫|帮)"
)

LIST_FIELDS = ("duties", "must", "preferred", "nice", "unlabelled", "benefits")
# Labels whose value is one span, never split into items.
SCALAR_FIELDS = ("title", "company", "about", "location", "schedule", "deadline", "headcount")
REQUIREMENT_FIELDS = ("must", "preferred", "nice", "unlabelled")


class Gap(BaseModel):
    """Something for the recruiter to check: a missing fact or an ambiguous reading."""

    field: str
    message: str
    rule: str | None = None  # the rule that requires the field, where a jurisdiction has one
    text: str | None = None  # the note's words this is about


class Reading(BaseModel):
    """A note read into a brief, with what the recruiter must check."""

    brief: Brief
    missing: list[Gap] = []
    ambiguous: list[Gap] = []
    ignored: list[str] = []  # sentences that tried to instruct the model
    notes: list[str] = []  # what the reader did, for the log

    def check_lines(self) -> list[str]:
        """One line per thing to check, for the CLI and the page."""
        lines = [f"missing {g.field}: {g.message}" + (f" ({g.rule})" if g.rule else "")
                 for g in self.missing]  # fmt: skip
        lines += [f"check {g.field}: {g.message}" + (f" — {g.text!r}" if g.text and g.text not in
                  g.message else "") for g in self.ambiguous]  # fmt: skip
        lines += [f"ignored (instructions to the model, not a fact): {t!r}" for t in self.ignored]
        return lines


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Vocabulary:
    """drafter/rules/note.yaml compiled."""

    labels: dict[str, re.Pattern[str]]
    levels: dict[str, re.Pattern[str]]
    employment: dict[str, re.Pattern[str]]
    arrangement: dict[str, re.Pattern[str]]
    periods: dict[str, re.Pattern[str]]
    pay_extras: re.Pattern[str]
    generic_company: re.Pattern[str]
    places: dict[str, re.Pattern[str]]
    directive: tuple[re.Pattern[str], re.Pattern[str]]  # (asks, points_at): both, or no directive
    raw: dict[str, Any] = field(repr=False, compare=False, hash=False, default_factory=dict)


def _compile(pattern: str, where: str, flags: int = re.I) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise ConfigError(f"bad pattern {where}: {exc}", file=str(NOTE_VOCABULARY)) from None


@once
def vocabulary() -> Vocabulary:
    """The reader's vocabulary (labels, levels, types, arrangements, periods, places)."""

    data = read_yaml(NOTE_VOCABULARY.read_text(encoding="utf-8"))

    def table(key: str) -> dict[str, re.Pattern[str]]:
        return {
            name: _compile(entry["pattern"], f"{key}.{name}") for name, entry in data[key].items()
        }

    def place_pattern(names: list[str]) -> re.Pattern[str]:
        ordered = sorted(set(names), key=len, reverse=True)
        alts = "|".join(
            re.escape(n) if CJK_CHAR.search(n) else rf"(?<![\w.$]){re.escape(n)}(?![\w$])"
            for n in ordered
        )
        return _compile(alts, "places", flags=0)  # proper nouns: case matters ("US", "MK")

    return Vocabulary(
        labels={
            name: _compile(rf"(?:{e['pattern']})", f"labels.{name}")
            for name, e in data["labels"].items()
        },
        levels=table("levels"),
        employment=table("employment_type"),
        arrangement=table("arrangement"),
        periods={k: _compile(v, f"periods.{k}") for k, v in data["periods"].items()},
        pay_extras=_compile(data["pay_extras"]["pattern"], "pay_extras"),
        generic_company=_compile(data["generic_company"]["pattern"], "generic_company"),
        places={j: place_pattern(names) for j, names in data["places"].items()},
        directive=(
            _compile(data["directives"]["asks"], "directives.asks"),
            _compile(data["directives"]["points_at"], "directives.points_at"),
        ),
        raw=data,
    )


# --------------------------------------------------------------------------- pieces


@dataclass
class Piece:
    """A short stretch of the note: one list item, one clause, or a labelled value."""

    text: str
    label: str | None  # the field its label names, or None
    line: int
    # a must-have level said at the head of the piece's clause ("need good Cantonese, ok
    # English"): the level of the piece when it says none of its own and asks something
    said: str | None = None
    # which sentence (a clause between 。. | and line ends) of the note the piece is cut from:
    # the items of one clause are listed together
    clause: int = -1


_BULLET = re.compile(
    r"^\s*(?:[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\uFE0F]+\s*|[-–—*•·・･＊>\u2022\u2023\u2043\u2190-\u21FF\u2580-\u259F\u25A0-\u25FF\u2610\u2713\u2714]+\uFE0F?(?=\s|[^\d\s])|\d{1,2}\s*[.、)）]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]|[a-h][.)](?=\s))\s*"
)
_EMAIL_HEADER = re.compile(
    r"^\s*(?:>\s*)*(?:(?:from|to|cc|bcc|sent|date|發件人|发件人|收件人|收件者|寄件者|抄送|副本|日期)\s*[:：]"
    # "时间：2024年3月12日 17:20": a time with its year is when the mail was sent, not a schedule
    r"|(?:时间|時間|发送时间|發送時間|寄件日期)\s*[:：]\s*\d{4}\s*[年/-])",
    re.I,
)
_SUBJECT = re.compile(r"^\s*(?:>\s*)*(?:subject|re|fw|fwd|主題|主题)\s*[:：]\s*", re.I)
_FORWARD = re.compile(
    r"^\s*(?:-{2,}.*(?:forwarded|original) message.*-{2,}|-{2,}\s*(?:轉發|转发|原始)郵件.*|>+\s*$)",
    re.I,
)
_SIGN_OFF = re.compile(
    r"^\s*(?:thanks|thank you|cheers|best|regards|best regards|kind regards|many thanks|br|"
    r"謝謝|谢谢|多謝|多谢|唔該|唔该|辛苦晒|麻煩晒|麻烦了|祝好)[!,.！，。\s]*$",
    re.I,
)
# A sentence break: 。! ? (and a full stop before a space), or a bar (| or ｜). A label's value runs to
# the end of its sentence; ；; and commas separate its items.
# Words a full stop abbreviates: no sentence ends there ("shifts incl. weekends", "Ms. Wong").
ABBREVIATIONS = ("incl", "approx", "e.g", "i.e", "etc", "St", "Dr", "Mr", "Ms", "Mrs", "No", "vs",
                 "min", "max", "Ave", "Rd", "Jr", "Sr", "Co", "Ltd", "Inc", "dept", "ext", "Tel",
                 "p.a", "p.m", "a.m")  # fmt: skip
# no sentence ends after these: "Desert Valley Water Co. is hiring…"
_NO_ABBREVIATION = "".join(rf"(?<!\b{re.escape(a)})" for a in ABBREVIATIONS)
_SENTENCE = re.compile(
    # a full stop inside a quote ends it with the quote: "…升職』。」有意者…"
    r"(?<=[。！？!?])(?![」』”’\"）)])\s*|(?<=[。！？!?][」』”’\"）)])\s*|(?<=[a-z0-9)\]])"
    + "".join(rf"(?<!\b{re.escape(a)})" for a in ABBREVIATIONS)
    + r"\.\s+(?=\S)|\s*[|｜]\s*|\s+/\s+(?=[A-Z](?![A-Z\d.]))"  # "F.5 / DSE" is one item
    # "Front Office Agent · Cotai (Macau) · MOP 17,500/mth": a spaced middle dot, as a bar
    r"|\s+[·•・]\s+"
    # "直播电商售后客服 / 杭州萧山 / 兼职（晚班）/ 19:00-23:00": a spaced slash between Chinese
    # pieces ("25元/小时" is one)
    r"|(?<=[\u3400-\u9fff）)])\s*/\s+(?=[\u3400-\u9fff\d])(?![^（(\n]*[）)])"
    r"|(?<=[\u3400-\u9fff])\s+/\s*(?=[\u3400-\u9fff])(?![^（(\n]*[）)])"
)


_KEY_VALUE = re.compile(r"^([\u3400-\u9fff]{2,6}|[A-Za-z]+(?: [A-Za-z]+){0,2})\s*[:：]\s*(.+)$")
# "学历要求：不限", "Experience: none": nothing is asked.
NOTHING_ASKED = re.compile(
    r"[:：]\s*(?:不限|无|無|无要求|無要求|不要求|none|n/?a|any)\s*$|(?:男女|性别|性別|年龄|年齡|学历|學歷|经验|"
    r"經驗|专业|專業)不限|不限(?:男女|性别|性別)|^(?:any|no) (?:age|gender|experience|exp)(?: required| needed)?$|^(?:no|not)\b.{0,30}\b(?:needed|required)$"
    r"|^[^,;]{2,60}\b(?:is|are)\s+not\s+(?:required|needed|necessary)\b(?!.*\b(?:plus|bonus|advantage|prefer))"
    r"|^(?:唔需要|不需要|无需|無需|毋須|毋需|唔使|不要求|不需)\s*(?:任何)?\s*(?:相關|相关)?\s*(?:經驗|经验|學歷|学历|"
    r"degree|experience|exp)",
    re.I,
)


# a line that only says what level the list under it has: "以下均为必须：", "All of the
# following are required:"
_LIST_REMARK = re.compile(
    r"^((?:以下|下列|下面|the following|all of the following|all of these|all (?:are|items))"
    r"[^:：\n]{0,20}?)\s*[:：]?\s*$",
    re.I,
)
# a level said and then taken back: "非必須", "唔係必要", "not required"
_NOT_LEVEL = re.compile(
    r"(?:非|不是|唔係|并非|並非|不)\s*(?:必須|必须|必要|必需|硬性)|\bnot\s+(?:required|essential|"
    r"needed|necessary|mandatory|a must)\b",
    re.I,
)
# a remark about some of the list only: "the first two are must-haves"
_SOME_OF = re.compile(
    r"\b(?:first|some|last|one of|two of)\b|部分|其中|前[一二两兩三]|除[了咗]", re.I
)


_ALL_NEEDED = re.compile(r"(?:全部|全都|所有|以下|通通)?\s*(?:都|全)?\s*(?:要|需要|要有)")


def _remark_level(remark: str) -> str | None:
    """The level a remark gives a whole list: "all required" is must, "全部優先考慮，非必須"
    preferred, "以下任何一樣都係加分，唔係必要" nice; none when it speaks of some items only."""
    if _SOME_OF.search(remark):
        return None
    if _ALL_NEEDED.fullmatch(remark.strip()):  # "要求（全部都要）"
        return "must"
    return _level_of(_NOT_LEVEL.sub(" ", remark))


def _label_at(text: str) -> tuple[str, str, bool] | None:
    """(field, rest, is_heading) when `text` opens with a label: "Must: …", "【福利】…",
    "**Benefits**", or a label alone on its line."""
    vocab = vocabulary()
    stripped = text.strip()
    # "以下均为必须：" on its own line under a heading: the list below takes that level
    if (m := _LIST_REMARK.match(stripped)) and (level := _remark_level(m.group(1))):
        return level, "", True
    if m := re.match(r"^【([^】]{1,12})】\s*[:：]?\s*(.*)$", stripped):
        for name, pattern in vocab.labels.items():
            if re.fullmatch(rf"(?:{pattern.pattern})", m.group(1).strip(), re.I):
                return name, m.group(2).strip(), not m.group(2).strip()
        return None
    bare = re.sub(r"^\s*(?:#+|\*\*|__)\s*", "", stripped)
    bare = re.sub(r"^([^:：*_]{1,40}?)\s*(?:\*\*|__)\s*(?=[:：]|$)", r"\1", bare)
    for name, pattern in vocab.labels.items():
        m = re.match(rf"(?:{pattern.pattern})(?=\s*[:：]|\s*$|\s+[-–—]\s)", bare, re.I)
        remark = re.match(
            rf"(?:{pattern.pattern})\s*[(（]([^)）]{{1,40}})[)）]\s*[:：]?\s*$", bare, re.I
        )
        if remark and not m:
            # "Requirements (all required unless marked)", "要求（以下任何一樣都係加分，唔係必要）":
            # a heading with a remark; a remark that gives the whole list a level gives it to
            # the list
            if name in REQUIREMENT_FIELDS and (level := _remark_level(remark.group(1))):
                return level, "", True
            return name, "", True
        if not m:
            continue
        rest = bare[m.end() :]
        sep = re.match(r"\s*[:：]\s*|\s+[-–—]\s+", rest)
        if sep:
            value = rest[sep.end() :].strip()
            if (
                name == "arrangement"
                and value
                and not any(p.search(value) for p in vocab.arrangement.values())
                and find_schedule(value)
            ):  # "工作安排：24小時輪班（早、午、夜更）": arranged hours, not where the work is
                return "schedule", value, False
            return name, value, not value
        if not rest.strip() and (len(bare) <= 40):
            return name, "", True
    return None


@once
def _mid_label() -> re.Pattern[str]:
    """A label inside a line, after a separator: "…做五休二，要求：…", "… Nice: Spanish"."""
    alts = "|".join(p.pattern for p in vocabulary().labels.values())
    # the label is taken whole, so "job:" inside "Main job:" is no second label
    # …not a noun after its article: "幫手出個 post：…" asks for a posting, it labels nothing
    return re.compile(
        rf"(?<=[，,；;、]|\s)(?<!個\s)(?<!个\s)(?<!個)(?<!个)(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)(?<!\bthis\s)"
        rf"\s*((?:{alts})\s*[:：](?=\s*\S))",
        re.I,
    )


_HEAD_AFTER_ROLE = re.compile(
    r"^([\u3400-\u9fffA-Za-z]{2,20}?)(?=(?:岗位职责|崗位職責|工作职责|工作職責|职位描述|職位描述|岗位要求|崗位要求|"
    r"任职要求|任職要求|职责描述|職責描述|工作内容|工作內容)\s*[:：])"
)


# "…depending on experience, and we offer medical…": what follows is a list of its own
_MID_OPENER = re.compile(
    r"(?<=[,，;；])\s*(?=(?:and |but |while )?(?:we (?:also )?(?:offer|provide)|you(?:'ll| will) (?!need|be "
    r"expected)|(?:the )?(?:requirements?|duties|benefits|perks) (?:are|include))\b)|(?<=[，；])(?=(?:公司)?提供)",
    re.I,
)


def _break_at_labels(line: str) -> str:
    """The line with a sentence break before each label inside it."""
    line = _MID_OPENER.sub("。", line)
    if not (colon := re.search(r"[:：]", line)):
        return line
    if _label_at(line):  # "Work schedule: …", "Send CV: …": the opening label is one label
        head, rest = line[: colon.end()], line[colon.end() :]
        return head + _mid_label().sub(r"。\1", rest)
    return _mid_label().sub(r"。\1", line)


@once
def _openers() -> list[tuple[str, re.Pattern[str], re.Pattern[str] | None]]:
    out = []
    for name, entry in vocabulary().raw["openers"].items():
        keep = _compile(rf"^\s*(?:{entry['keep']})", f"openers.{name}") if entry["keep"] else None
        out.append((name, _compile(rf"^\s*(?:{entry['strip']})\s*", f"openers.{name}"), keep))
    return out


@once
def _corrections() -> list[tuple[re.Pattern[str], dict[str, Any]]]:
    """Each correction pattern with its entry (`everywhere`, `space_after`)."""
    return [
        (_compile(entry["pattern"], f"corrections.{entry['name']}"), entry)
        for entry in vocabulary().raw["corrections"]
    ]


def _changed_everywhere(pattern: re.Pattern[str], text: str, pairs: list[tuple[str, str]]) -> str:
    """Each amount the note says was changed, changed wherever else the note gives it."""
    for m in list(pattern.finditer(text)):
        old = m.group("old") or m.group("old_en")
        new = m.group("new") or m.group("new_en")
        same = re.compile(rf"(?<![\d.,]){re.escape(old)}(?![\d.,])")
        head, tail = text[: m.start()], text[m.end() :]
        if same.search(head) or same.search(tail):
            pairs.append((old, new))
            text = same.sub(new, head) + m.group() + same.sub(new, tail)
    return text


@once
def _correction_words() -> re.Pattern[str]:
    """Words that say a fact was changed or said wrong, in any form (note.yaml, `corrections_said`)."""
    return _compile(vocabulary().raw["corrections_said"]["pattern"], "corrections_said")


_COUNT_SAID = re.compile(
    r"\b(?:headcount|openings|vacancies|hiring)\s*(?:is\s+)?(?:now\s+)?(?:to\s+)?(\d{1,3})\b"
    r"|(?:招|請|请|聘|人數|人数|名額|名额)\s*(?:應該|应该|應|应)?\s*(?:改為|改为|為|为|是|係)?\s*"
    r"(\d{1,3}|[一二两兩三四五六七八九十])\s*(?:人|個|个|名|位)",
    re.I,
)


# a correcting line's new amount with no currency or pay word: "平日改 200 了", "人工改咗 18K"
_BARE_NEW_PAY = re.compile(
    r"改(?:為|为|成|咗|了|返|到)?\s*(?P<amount>\d[\d,]*(?:\.\d+)?\s?[kK千]?)(?![\d:./-]|\s*(?:點|点|號|号|日|天|人|個|个|名|位|%))"
)


# What a correcting line says was wrong ("…, not Mon-Wed - my mistake", "，唔係星期一至五") and
# the words that bring in its new value ("correction: days are …", "返工時間應該係…")
_WRONG_PART = re.compile(
    r"[,，]?\s*(?:\bnot\b|唔係|不是)\s*(?:[^,，.。;；—–\n]|(?<=\d)[,.](?=\d))*"
    r"|\s*[-—–]+\s*(?:my mistake|my bad|sorry)\b.*$"
    r"|(?<=[.。])\s*(?:my mistake|my bad|sorry)\b.*$",
    re.I,
)
_SAID_AS = re.compile(
    r"^\s*(?:\w+\s*[:：]\s*)?(?:(?:the\s+)?(?:days|hours|shifts?|schedule|working hours|times?)\s+"
    r"(?:are|is|will be|should be)\s+(?:now\s+)?|(?:返工時間|返工时间|工作時間|工作时间|上班時間|上班时间|"
    r"時間|时间|班次)\s*(?:應該係|应该是|改為|改为|係|是|為|为)\s*)",
    re.I,
)


def _later_corrections(text: str, d: _Draft) -> None:
    """A schedule or pay said on a line that corrects what came before wins over the one read
    from the whole note (the earlier one, usually). (A work arrangement read from the line alone
    loses its context: "WFH 得 2 日" alone reads as remote.) The pay is read in the Chinese
    sentence that corrects ("…月薪4000元。更正：月薪是4500元，刚才写成4000元了。")."""
    for line in text.splitlines():
        if not _correction_words().search(line):
            continue
        # "headcount now 12", "…写的是招10人，实际只招6人": the last count the line gives
        if counts := _COUNT_SAID.findall(_WRONG_PART.sub("", line)):
            before = d.values.get("headcount")
            english, chinese = counts[-1]
            d.values["headcount"] = _count(english or chinese)
            if before is not None and before != d.values["headcount"]:
                d.ambiguous.append(Gap(field="headcount", text=str(before),
                                       message=f"a later line corrects it; read as "
                                               f"{d.values['headcount']}"))  # fmt: skip
        said_in = next(
            (x for x in re.split(r"(?<=[。！？])", line) if _correction_words().search(x)), line
        )
        # "更正：唔係時薪$60，係時薪$65": what the line says was wrong is not its pay
        pay = find_pay_and_extras(_WRONG_PART.sub("", said_in)) or find_pay_and_extras(said_in)
        if not pay and d.values.get("pay") and (m := _BARE_NEW_PAY.search(line)):
            # "阿不對 平日改 200 了": the new amount alone, of the pay read before (its period)
            pay = (m.group("amount"), None, [])
        said = find_schedule(_WRONG_PART.sub("", line))
        schedule = said and _SAID_AS.sub("", said).strip(" ,，")
        if schedule:  # what the line says was wrong is read with it, into no field
            d.consumed += [said, find_schedule(line) or said, *(
                m.group().strip(" ,，.") for m in _WRONG_PART.finditer(line) if m.group().strip()
            )]  # fmt: skip
        for name, value in (("schedule", schedule), ("pay", pay and pay[0])):
            before = d.values.get(name)
            if not value or value == before:
                continue
            d.values[name] = value
            if name == "pay":
                d.values["pay_period"] = pay[1] or d.values.get("pay_period")
                d.consumed.append(value)
            if before:
                d.ambiguous.append(Gap(field=name, text=str(before),
                                       message=f"a later line corrects it; read as {value!r}"))  # fmt: skip


def apply_corrections(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The note with each fact it corrects as it goes given as corrected (drafter/rules/note.yaml,
    `corrections`): "Venue is the Cotai convention hall - wait no, it's Taipa Central Pavilion"
    reads "Venue is Taipa Central Pavilion". Also the (old, new) pairs, for the recruiter."""
    pairs: list[tuple[str, str]] = []
    done: list[tuple[str, str]] = []  # pairs their entry changed everywhere already
    for pattern, entry in _corrections():
        if entry.get("everywhere"):
            text = _changed_everywhere(pattern, text, done)
            continue
        # a correction in brackets leaves a space where its brackets were ("8-10K + 提成")
        after = " " if entry.get("space_after") else ""

        def given(m: re.Match[str], after: str = after) -> str:
            pairs.append((m.group("old").strip(" ，,（）()"), m.group("new").strip()))
            return m.group("head") + m.group("new") + (m.groupdict().get("tail") or "") + after

        text = pattern.sub(given, text)
    for old, new in pairs:  # an amount said to be wrong is wrong wherever else it stands
        was, now = _AMOUNT.search(old), _AMOUNT.search(new)
        if was and now and was.group() != now.group():
            text = re.sub(rf"(?<![\d.,]){re.escape(was.group())}(?![\d.,])", now.group(), text)
    return text, done + pairs


# An amount or a number to call: "4500", "15,500", "8.5K", "£15.20", "9123 4567"
_AMOUNT = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{3,}(?:[ -]\d{4})?(?:\.\d+)?|\d+(?:\.\d+)?\s*[KkＫ千万萬]"
    r"|\d{1,3}\.\d{2}\b"
)


# Facts a note gives once: a second value of one of them in an older message is the old value.
_ONCE = ("title", "company", "location", "arrangement", "employment_type", "pay", "schedule",
         "headcount", "deadline")  # fmt: skip


def _facts_of(line: str) -> set[str]:
    """The facts given once that `line` gives: by its label, or by what the finders read in it
    (a pay, a schedule, an arrangement, a place, an employment type, each channel to apply)."""
    body = re.sub(r"^\s*(?:>\s*)+", "", line)
    out: set[str] = set()
    if (label := _label_at(body)) and label[0] in _ONCE:
        out.add(label[0])
    if find_pay_and_extras(body):
        out.add("pay")
    if find_schedule(body):
        out.add("schedule")
    if find_arrangement(body):
        out.add("arrangement")
    if find_places(body):
        out.add("location")
    if any(p.search(body) for p in vocabulary().employment.values()):
        out.add("employment_type")
    out |= {f"apply.{k}" for k in find_apply(body)[0] if k != "contact"}
    return out


@once
def _older_message() -> re.Pattern[str]:
    """The line that opens an older message forwarded or quoted below (note.yaml, `older_message`)."""
    return _compile(vocabulary().raw["older_message"]["pattern"], "older_message")


def older_lines_given_again(text: str) -> tuple[str, list[str], list[tuple[str, str]]]:
    """The note without each line of an older message it forwards or quotes (after a line that
    opens one, or opened by ">") that gives a fact the newer message gives too: a forwarded
    first version's "Salary: HK$16,800" is the old pay when the newer message above says
    HK$18,200. Also the lines left out, for the recruiter. A newer message that is no version
    of the job (fewer than three facts of its own outside its subject line: "please post the
    below", "pay is 3500 now") leaves the older message to be read whole."""
    lines = text.splitlines()
    older, after_marker = [], False
    for line in lines:
        after_marker = after_marker or bool(_older_message().match(line))
        older.append(after_marker or line.lstrip().startswith(">"))
    if not any(older):
        return text, [], []
    # a newer line that says what changed gives its values in place of the older message's
    pairs: list[tuple[str, str]] = []
    older_text = "\n".join(ln for ln, old in zip(lines, older, strict=True) if old)
    for at, (line, old) in enumerate(zip(list(lines), older, strict=True)):
        if old or _EMAIL_HEADER.match(line) or _SUBJECT.match(line) or is_directive(line):
            continue
        if not _older_changes().search(line):
            continue
        found = _values_corrected(line, older_text)
        # a line whose every fact is a value it changes is read: its values now stand in the
        # older message ("the job is now at our Sham Shui Po clinic, and pay has gone up to …")
        if (
            found
            and _facts_of(line) <= {fact for _w, _n, fact in found}
            and not find_apply(line)[0].get("contact")
            and not _PERSON_OR_COUNT.search(line)
        ):
            lines[at] = ""
        for was, now, _fact in found:
            lines = [
                _given_as(was, now, ln) if o else ln for ln, o in zip(lines, older, strict=True)
            ]
            older_text = _given_as(was, now, older_text)
            pairs.append((was, now))
    # the newer message's sign-off and the name under it, above the older message, close the
    # note: a signature, not a line of the job ("Thanks, / Grace" had become a requirement)
    first_old = older.index(True)
    for i in range(first_old):
        signed = [ln for ln in lines[i + 1 : first_old] if ln.strip()]
        if _SIGN_OFF.match(lines[i]) and len(signed) <= 3 and all(len(ln) <= 40 for ln in signed):
            moved = lines[i:first_old]
            lines[i:first_old] = [""] * (first_old - i)
            lines += ["", *moved]
            older += [False] * (len(moved) + 1)
            break
    for was, _now in pairs:  # "…, not Tsuen Wan": what the newer line says is wrong is not read
        wrong = re.compile(rf"[,，]?\s*(?:\bnot(?:\s+the)?|唔係|不是)\s*{re.escape(was)}", re.I)
        lines = [ln if o else wrong.sub("", ln) for ln, o in zip(lines, older, strict=True)]
    given: set[str] = set()
    for line, old in zip(lines, older, strict=True):
        if not old and not _EMAIL_HEADER.match(line) and not _SUBJECT.match(line):
            given |= _facts_of(line)
    if len(given & set(_ONCE)) < 3:  # "please post the below; pay is 3500 now": no new version
        return "\n".join(lines), [], pairs
    dropped = []
    for i, (line, old) in enumerate(zip(lines, older, strict=True)):
        if old and _facts_of(line) & given:
            if not (_EMAIL_HEADER.match(line) or _SUBJECT.match(line)):
                dropped.append(re.sub(r"^\s*(?:>\s*)+", "", line).strip())
            lines[i] = ""
    return "\n".join(lines), dropped, pairs


# a person or a headcount a line gives, which the values it changes do not carry
_PERSON_OR_COUNT = re.compile(
    r"\d+\s*(?:人|個|个|名|位)|headcount|openings|vacanc|"
    r"(?-i:\b(?:Mr|Ms|Mrs|Miss)\.?\s+[A-Z])|[\u4e00-\u9fff](?:小姐|先生|太)",
    re.I,
)


@once
def _older_changes() -> re.Pattern[str]:
    """Words of a newer message that say it changes the older one (note.yaml, `older_message`)."""
    return _compile(vocabulary().raw["older_message"]["changes"], "older_message.changes")


def _given_as(old: str, new: str, text: str) -> str:
    """`text` with the value `old` given as `new` wherever it stands whole ("9123 4567" not
    inside "9123 45678", "Mong Kok" not inside an e-mail address)."""
    return re.sub(rf"(?<![A-Za-z0-9.@_-]){re.escape(old)}(?![A-Za-z0-9@_-])", new, text)


# "…, not CWB", "唔係銅鑼灣": the place named after it is the one the line says is wrong
_NOT_BEFORE = re.compile(r"(?:\bnot(?:\s+the)?|唔係|不是)\s*$", re.I)
_CHANNEL_WORDS = (("whatsapp", r"whats\s?app|\bWA\b"), ("wechat", r"微信|wechat|\bvx\b"),
                  ("phone", r"電話|电话|\bcall\b|\bphone\b|\btel\b|號碼|号码|\bnumber\b"))  # fmt: skip


_SHOP_AFTER = re.compile(r"分店|分行|門市|门市|店")


def _values_corrected(line: str, before: str) -> list[tuple[str, str, str]]:
    """(old, new) for each value `line` gives in place of one said before it: the one e-mail,
    phone number, WeChat ID or place the note gave before, or the one of the channel the line
    names ("微信号打错了，是 chen_hr10"), or the place the line itself says is wrong."""
    pairs: list[tuple[str, str, str]] = []  # (old, new, the fact)
    said = find_apply(before)[0]
    new = [e for e in dict.fromkeys(EMAIL.findall(line)) if e not in before]
    old = [e for e in dict.fromkeys(EMAIL.findall(before)) if e not in line]
    if len(new) == 1 and len(old) == 1:
        pairs.append((old[0], new[0], "apply.email"))
    new = [n for n in dict.fromkeys(_phone_spans(line, [])) if n not in before]
    old = [n for n in dict.fromkeys(_phone_spans(before, [])) if n not in line]
    named = [k for k, words in _CHANNEL_WORDS if re.search(words, line, re.I)]
    if len(new) == 1 and old:
        by_channel = [said[k] for k in named if said.get(k) in old]
        if len(old) == 1 or len(set(by_channel)) == 1:
            was = (by_channel or old)[0]
            pairs += [(was, new[0], f"apply.{k}") for k, v in said.items() if v == was]
    if (
        "wechat" in named
        and (wechat := said.get("wechat"))
        and wechat not in line
        and (
            (m := re.search(r"(?:是|係|is|[:：])\s*([A-Za-z][\w-]{4,})", line))
            or (m := WECHAT.search(line))
        )
    ):
        pairs.append((wechat, m.group(1).strip(), "apply.wechat"))
    # the one person the line names in place of the one the note named before ("陈主管出差了，
    # 报名改找何组长", "Derek is away, so call Ms Ada Ho instead")
    new = [
        p
        for p in dict.fromkeys(m.group().strip() for m in PERSON.finditer(line))
        if p not in before
    ]
    old = list(dict.fromkeys(m.group().strip() for m in PERSON.finditer(before)))
    if len(new) == 1 and len(old) == 1 and not _NOT_A_NAME.match(new[0]):
        pairs.append((old[0], new[0], "apply.contact"))
    places = [(p, pos) for p, _j, pos in find_places(line) if p not in before]
    wrong = {p for p, pos in places if _NOT_BEFORE.search(line[:pos])}  # "…, not TST. TST one…"
    new = list(dict.fromkeys(p for p, _pos in places if p not in wrong))
    old = list(dict.fromkeys(p for p, _j, _pos in find_places(before)))
    old = [p for p in old if p in line] or old
    if len(new) == 1 and len(old) == 1:
        was = old[0]
        # "唔係上環店，改為 西營盤第三街分店": the old shop with its 店, as the new one has
        shop = _SHOP_AFTER.match(before, before.find(was) + len(was))
        if shop and _SHOP_AFTER.search(new[0][-2:]):
            was += shop.group()
        pairs.append((was, new[0], "location"))
    if (
        (was := said.get("deadline"))
        and (now := find_apply(line)[0].get("deadline"))
        and now not in before
        and was not in line
    ):
        pairs.append((was, now, "apply.deadline"))
    if (now := find_pay_and_extras(line)) and (was := find_pay_and_extras(before)):
        a, b = _figures(was[0]), _figures(now[0])
        if a and b and b not in before and a != b:
            pairs.append((a, b, "pay"))  # the amount or range; the rest of the pay stays
    types = [
        (m.group(), name, bool(_NOT_BEFORE.search(line[: m.start()])))
        for name, p in vocabulary().employment.items()
        for m in p.finditer(line)
    ]
    new = list(dict.fromkeys(name for _w, name, wrong in types if not wrong))
    said_types = [
        (m.group(), name) for name, p in vocabulary().employment.items() for m in p.finditer(before)
    ]
    old = list(dict.fromkeys(w for w, name in said_types if name not in new))
    if len(new) == 1 and len(old) == 1:
        word = next(w for w, name, wrong in types if name == new[0] and not wrong)
        pairs.append((old[0], word, "employment_type"))
    return pairs


_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:\s?[KkＫ千万萬])?")


def _figures(pay: str) -> str:
    """The amount of a pay, from its first figure to its last: "2,800 - S$3,100" of
    "S$2,800 - S$3,100 + AWS", so that a new range takes the place of both ends."""
    found = list(_FIGURE.finditer(pay))
    return pay[found[0].start() : found[-1].end()] if found else ""


# "更正：岗位名称改为“售后服务顾问”": a correction that names its field by the note's label
_LABEL_CHANGED = re.compile(
    r"(?P<label>[^\s：:，,。；;“”\"「」]{2,10}?)\s*(?:改为|改為|改成|调整为|調整為|更改为|更改為|变更为|變更為|"
    r"changed to|is now|should be)\s*(?:[“\"「『](?P<quoted>[^”\"」』\n]{1,40})[”\"」』]"
    r"|(?P<new>[^，。；;\n]{1,60}?)(?=[，。；;\n]|\.(?:\s|$)|$))",
    re.I,
)


def _labelled_value_corrected(line: str, lines: list[str]) -> tuple[int, str, str] | None:
    """(line number, old value, new value) when `line` changes the value of a field the note
    gave under a label before it ("岗位名称：客服专员" … "更正：岗位名称改为“售后服务顾问”")."""
    for m in _LABEL_CHANGED.finditer(line):
        named = _label_at(m.group("label") + "：")
        if not named or named[0] not in _ONCE:
            continue
        for j, earlier in enumerate(lines):
            if (said := _label_at(earlier)) and said[0] == named[0] and said[1]:
                return j, said[1], (m.group("quoted") or m.group("new")).strip()
    return None


def later_values_corrected(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The note with each place or contact a later line corrects ("唔好意思搞錯咗，係九龍灣",
    "Sorry 個號碼係 6012 3465 先啱") given as corrected wherever it stands before, and the
    value the line says is wrong left out of it ("…, not CWB"). Also the (old, new) pairs."""
    lines = text.splitlines()
    pairs: list[tuple[str, str]] = []
    for i, line in enumerate(lines):
        if not _correction_words().search(line) or is_directive(line):
            continue
        before = "\n".join(
            ln for ln in lines[:i] if not (_EMAIL_HEADER.match(ln) or _SUBJECT.match(ln))
        )  # a subject names the job in passing ("Re: 荃灣店請人廣告")
        if labelled := _labelled_value_corrected(line, lines[:i]):
            j, old, new = labelled
            lines[j] = lines[j].replace(old, new, 1)
            lines[i] = ""  # what it said now stands under the field's own label
            pairs.append((old, new))
            continue
        # a pay on a correcting line is read as said there (_later_corrections), with its words
        found = [f for f in _values_corrected(line, before) if f[2] != "pay"]
        for old, new, _fact in found:
            lines = [_given_as(old, new, ln) for ln in lines]
            if (old, new) not in pairs:
                pairs.append((old, new))
        # the line only said what was wrong: its new values now stand where the old ones stood
        if found and _facts_of(line) <= {fact for _o, _n, fact in found}:
            lines[i] = ""
    return "\n".join(lines), pairs


def _opener(sentence: str) -> tuple[str, str] | None:
    """(field, the sentence without a strip opener) when the sentence opens with words that say
    what it lists: "Requirements are …", "要求大专…", "須具…", "主要负责…"."""
    for name, strip, keep in _openers():
        if (m := strip.match(sentence)) and len(sentence) > m.end() + 1:
            return name, sentence[m.end() :]
        if (
            keep is not None
            and keep.match(sentence)
            and not _bare_level(sentence.strip(" ，,;；。."))
        ):
            return name, sentence  # "…，必须" alone is the level of what comes before
    return None


_ADDRESSEE = re.compile(
    r"^\s*(?:(?:hi|hey|hello|dear|嗨|哈囉)\s*)?(?:[A-Z][a-z]+|[\u3400-\u9fff]{1,3}(?:小姐|先生|女士|姐|哥|經理|经理|總|总|生)"
    r"|小[\u3400-\u9fff])\s*(?:(?:您好|你好|好)\s*[,，!！:：～~]?|[,，!！～~])\s*",
)
_TRAILING_NAME = re.compile(r"\s[-–—~]\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s*$")


_SENDER = re.compile(
    r"^\s*(?:from|發件人|发件人|寄件者)\s*[:：]\s*(?P<name>[^<\n@]*?)\s*(?:<(?P<email>[^>\s]+@[^>\s]+)>)?\s*$",
    re.I | re.M,
)


def _says_something(opening: str) -> bool:
    """ "Hybrid,", "Remote,", "Cashier,": a word of the job, not a colleague's name."""
    word = re.sub(r"^\s*(?:hi|hey|hello|dear)\b", "", opening, flags=re.I).strip(" ,，!！:：～~")
    if word != opening.strip(" ,，!！:：～~"):
        return False  # a greeting says it is a name
    vocab = vocabulary()
    return bool(
        any(p.search(word) for p in vocab.arrangement.values())
        or any(p.search(word) for p in vocab.employment.values())
        or ROLE_WORD.search(word)
        or find_places(word)
    )


# Who wrote a chat line: "Kelly: …", "[9:04] Tom: …", "Sam 10:02: …"; or a line of its own,
# "王哥 14:02", above what they wrote.
_SPEAKER = re.compile(
    r"^\s*(?:\[[^\]\n]{1,20}\]\s*)?(?P<who>[A-Za-z\u3400-\u9fff][\w\u3400-\u9fff .'-]{0,14}?)"
    r"(?<![\d\s])(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?"
    # "Owen Price (10:15): …"
    r"|\s*[(（]\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?[)）])?\s*[:：](?=\s*\S)"
)
_SPEAKER_LINE = re.compile(
    r"^\s*(?P<who>[A-Za-z\u3400-\u9fff][\w\u3400-\u9fff .'-]{0,14}?)\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s?[AaPp]\.?[Mm]\.?)?\s*$"  # "Dana Ortiz  2:06 PM" (a Slack export)
)


def without_speakers(text: str) -> tuple[str, str | None]:
    """A chat export without the name of who wrote each line: a name at the head of three
    lines or more that is no label of the note ("Kelly: need: Cantonese") is who speaks, not
    what the job asks; so is one at the head of two lines in a chat where someone speaks thrice.
    Also who speaks most, the one a line such as "简历发我邮箱" means by "me"."""
    lines = text.splitlines()
    said = [
        m
        for ln in lines
        if (m := _SPEAKER.match(ln)) and not _label_at(ln) and not _SPEAKER_LINE.match(ln)
    ]
    heads = [m.group("who").strip() for m in said]
    heads += [m.group("who").strip() for ln in lines if (m := _SPEAKER_LINE.match(ln))]
    if not heads or max(heads.count(w) for w in heads) < 3:
        return text, None
    speakers = {w for w in heads if heads.count(w) >= 2}
    # "Gareth Lloyd (10:22): Welsh speakers?": one who speaks once, in the chat's own timed form
    speakers |= {m.group("who").strip() for m in said if re.search(r"\d{1,2}:\d{2}", m.group())}
    out = []
    for line in lines:
        if (m := _SPEAKER_LINE.match(line)) and m.group("who").strip() in speakers:
            continue
        if (
            (m := _SPEAKER.match(line))
            and m.group("who").strip() in speakers
            and not _label_at(line)
        ):
            line = line[m.end() :].lstrip()
        out.append(line)
    return "\n".join(out), max(speakers, key=heads.count)


# "P.S.", "PS:", "P.P.S." opening a line: what follows is the writer's, after the signature
_POSTSCRIPT = re.compile(r"^\s*(?:P\.\s?P\.\s?S\b\.?|P\.\s?S\b\.?|PP?S\b)\s*[:：,，-]?\s*", re.I)


def body_and_signature(text: str) -> tuple[str, str]:
    """The note without e-mail header lines, and the signature after a sign-off (kept apart:
    the sender's own address and name are not how to apply, unless the note says "me"). A note
    that opens with the colleague it is written to ("张姐，…", "Hi Carmen,") loses the name. A
    postscript below the signature ("P.S. candidates should call Ms Ho instead") is the
    writer's too: it stays in the body, after the rest."""
    lines = text.splitlines()
    at = next((i for i, ln in enumerate(lines) if i and _POSTSCRIPT.match(ln)), None)
    if at is None:
        return _body_and_signature(text)
    body, signature = _body_and_signature("\n".join(lines[:at]))
    postscript = "\n".join([_POSTSCRIPT.sub("", lines[at], count=1), *lines[at + 1 :]])
    return f"{body}\n\n{postscript.strip()}", signature


def _body_and_signature(text: str) -> tuple[str, str]:
    lines = [ln for ln in text.splitlines() if not _EMAIL_HEADER.match(ln)]
    first = next((i for i, ln in enumerate(lines) if ln.strip() and not _SUBJECT.match(ln)), None)
    if (
        first is not None
        and (m := _ADDRESSEE.match(lines[first]))
        and not _label_at(lines[first])
        and not _says_something(m.group())
    ):
        lines[first] = _ADDRESSEE.sub("", lines[first], count=1)  # "吴经理您好，" is to whom
    text = "\n".join(lines).strip()
    if m := _TRAILING_NAME.search(text):  # "… thx!! - Rui"
        return text[: m.start()], m.group(1)
    paragraphs = re.split(r"\n\s*\n", text.strip())
    last = paragraphs[-1].splitlines() if len(paragraphs) > 1 else []
    if (
        0 < len(last) <= 3
        and all(len(ln.strip()) <= 30 and not re.search(r"[:：@]|\d{4}", ln) for ln in last)
        and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}|[\u3400-\u9fff]{2,3}", last[0].strip())
    ):
        return "\n\n".join(paragraphs[:-1]), "\n".join(last)  # "Lucas Xu / 星野互动 用户运营部"
    lines = text.splitlines()
    body: list[str] = []
    for i, line in enumerate(lines):
        if _SIGN_OFF.match(line) and i >= len(lines) - 6:
            return "\n".join(body), "\n".join(lines[i + 1 :])
        if _EMAIL_HEADER.match(line) or _FORWARD.match(line):
            continue
        body.append(line)
    return "\n".join(body), ""


# "…needs 8 agents at the airport to check in…": the " to " after a hiring verb
_HIRED_TO = re.compile(
    r"\b(?:needs?|hiring|looking for|recruiting)\b[^,;，；。]{0,80}?(\sto\s)", re.I
)


# the one who does the duties, before the words that open them: "旅客服务员", "呢個位"
_WHO_BEFORE_DUTIES = re.compile(
    r"^[\u3400-\u9fff]{1,8}?(?=主要|日常工作|工作內容|工作内容|負責|负责)"
)


def _opened_parts(sentence: str, label: str | None) -> list[tuple[str | None, str]]:
    """The sentence cut where a clause opens with words that say what it lists: "现招聘…，全职，
    主要负责A、B" → (None, "现招聘…，全职"), ("duties", "A、B")."""
    if label is not None:
        return [(label, sentence)]
    out: list[tuple[str | None, str]] = []
    current: str | None = None
    start = 0
    for m in re.finditer(r"(?:^|[，,；;])\s*", sentence):
        clause = sentence[m.end() :]
        opened = _opener(clause) if clause else None
        cut = m.start()
        # "旅客服务员主要负责A、B", "呢個位主要喺櫃位處理A、B": who does them, then the duties
        if opened is None and (who := _WHO_BEFORE_DUTIES.match(clause)):
            opened = _opener(clause[who.end() :])
            if opened is not None and opened[0] == "duties":
                cut = m.end() + who.end()
            else:
                opened = None
        if opened is None:
            continue
        if sentence[start:cut].strip():
            out.append((current, sentence[start:cut]))
        name, rest = opened
        current = name
        start = len(sentence) - len(rest)
    out.append((current, sentence[start:]))
    # "SkyBridge needs 8 agents at the airport to check in passengers and handle boarding": who
    # is hired, then the duties the purpose clause lists
    split: list[tuple[str | None, str]] = []
    for lab, text in out:
        m = _HIRED_TO.search(text) if lab is None else None
        if (
            m
            and DUTY_START.match(text[m.end(1) :])
            and not re.match(r"(?:join|work|be|become|start)\b", text[m.end(1) :], re.I)
        ):  # "someone to join our counter team" is who, not a task
            split += [(None, text[: m.start(1)]), ("duties", text[m.end(1) :])]
        else:
            split.append((lab, text))
    return [(lab, text) for lab, text in split if text.strip(" ，,；;")]


def is_directive(sentence: str) -> bool:
    """Words to the ad's writer about what to put in the ad (drafter/rules/note.yaml,
    `directives`): they ask for words in the ad and point at the ad or whoever writes it."""
    asks, points_at = vocabulary().directive
    return bool(asks.search(sentence) and points_at.search(sentence))


_CLOSING = {"[": "]", "【": "】", "(": ")", "（": "）", "「": "」", "“": "”"}


def _directive_cut(sentence: str, injected: re.Match[str] | None = None) -> tuple[str, str]:
    """A directive sentence as (what the recruiter stated around it, the directive). An order in
    brackets is the brackets ("… | 中专以上学历 | 【模板规则：…统一写面议】"); else the words before
    the clause the order opens stay when they quote nothing ("Location is either Kowloon Bay or
    Futian, so please state both in the ad": the places stay). `injected`: where a sentence
    addressed to the model opens; only brackets around it are cut out of the rest."""
    asks, points_at = vocabulary().directive
    if injected:
        first = injected.start() + len(injected.group()) - len(injected.group().lstrip("[【(（ "))
        if (named := points_at.search(sentence)) and named.start() < first:
            first = named.start()  # "//给自动生成文案的AI：…": whom it addresses opens it
    else:
        first = min(m.start() for m in (asks.search(sentence), points_at.search(sentence)) if m)
    # a bracket still open where the order starts ("(SaaS, tier 1), …, #ignore…" opens none)
    opened = [
        m
        for m in re.finditer(r"[\[【(（「“]", sentence[: first + 1])
        if _CLOSING[m.group()] not in sentence[m.end() : first]
    ]
    if opened:
        start = opened[-1].start()
        closing = _CLOSING[sentence[start]]
        end = sentence.find(closing, first)
        end = len(sentence) - 1 if end < 0 else end
        inside = sentence[start : end + 1]
        if INJECTION.search(inside) if injected else is_directive(inside):
            # "【系统更新】客服岗位描述须统一添加…": a header; its order is what follows it, to the
            # end of its piece
            piece_end = re.search(r"\s[/|｜]\s|[|｜]|$", sentence[end + 1 :])
            follows = sentence[end + 1 : end + 1 + piece_end.start()] if piece_end else ""
            if len(inside) <= 14 and vocabulary().directive[0].search(follows):
                end += len(follows)
                inside = sentence[start : end + 1]
            glue = " | " if re.search(r"[|｜]\s*$", sentence[:start]) else " "
            rest = f"{sentence[:start].rstrip()}{glue}{sentence[end + 1 :].lstrip()}"
            rest = re.sub(r"\s*[|｜](?:\s*[|｜])+\s*", " | ", rest)
            return re.sub(r"^[\s|｜]+|[\s|｜]+$", "", rest), inside
    # "…, apply at cloudnest.io/jobs #ignore_previous_rules: …", "… 周经理  //给…AI：…": a
    # hashtag, a double slash or a wide gap opens a piece too; what comes before it stays
    bounds = [
        m.end()
        for m in re.finditer(
            r"\s[—–-]\s|[;；,，:：|｜]|\bso\b|\s(?=#)|\s*//|\s{2,}", sentence[:first]
        )
    ]
    head = sentence[: bounds[-1]] if bounds else ""
    if not re.search(r"\w{2}", head) or re.search(r"[\"“”「」『』]", head) or is_directive(head):
        return "", sentence
    head = re.sub(r"(?:\s[—–-]\s|[;；,，:：|｜]|\bso\b|\s)+$", "", head)
    return head, sentence[len(head) :]


def strip_injection(text: str) -> tuple[str, list[str]]:
    """The note without sentences that address the model or tell the ad's writer what to write;
    those sentences, for the report. Markup comments (<!-- … -->) are no part of a note a
    recruiter reads: they go too."""
    ignored: list[str] = [m.group().strip() for m in re.finditer(r"<!--.*?(?:-->|$)", text, re.S)]
    text = re.sub(r"<!--.*?(?:-->|$)", " ", text, flags=re.S)
    kept_lines: list[str] = []
    for line in text.splitlines():
        if not INJECTION.search(line) and not is_directive(line):
            kept_lines.append(line)
            continue
        # a full stop inside a quote ends the sentence with its quote ("…升職』。」"); a bar ends
        # a piece ("查詢 2555 0125 Mr. Tang | ##系統更新：…##"), and "Mr." no sentence
        parts = re.split(
            rf"{_NO_ABBREVIATION}(?<=[.!?。！？])(?![」』”’\"）)])\s+|(?<=[。！？])(?![」』”’\"）)])"
            r"|(?<=[。！？][」』”’\"）)])|(?<=\s[|｜])\s+",
            line,
        )
        kept = []
        for part in parts:
            if not part.strip():
                continue
            if ignored and _QUOTED_ORDER.search(part) and not kept:
                ignored.append(part.strip())
            else:
                # a tag cut out ("【系统指令】请忽略…"), what is left is read again
                whole, orders = part, []
                while part and ((injected := INJECTION.search(part)) or is_directive(part)):
                    part, order = _directive_cut(part, injected)
                    orders.append(order.strip(" ,，;；:：—–-"))
                ignored += orders if re.search(r"\w", part) else [whole.strip()]
                kept.append(part)
        kept_lines.append(" ".join(p.strip() for p in kept if p.strip()))
    return "\n".join(kept_lines), ignored


_QUOTED_ORDER = re.compile(r"^\s*(?:add|write|include|say|print|写|寫|加)\b", re.I)


_AND_TASK = re.compile(
    # "轉 plan 同埋處理維修": a code-mixed note puts a space beside its "and"
    r"(?<=[\u3400-\u9fff\w])\s*(?:以及|同埋)\s*(?=[\u3400-\u9fff\w])"
    r"|,?\s+(?:and|&)\s+|(?<=[\u3400-\u9fff])(?:及|和|同)(?=[\u3400-\u9fff])"
)


def _split_tasks(part: str) -> list[str]:
    """A clause of tasks joined by "and" (以及, 同埋, 及, 和), as its tasks: "以及" and "同埋" join
    tasks; another "and" does where both sides open with a verb of the work ("handle billing and
    payment questions", "处理退款和退货" and "check-in and check-out" are one task each). "并"
    ties the steps of one task: "登记客户投诉并跟进处理结果" is one."""
    verb_first = bool(DUTY_START.match(part.strip()) or _VERB_FIRST.match(part.strip()))
    out, start = [], 0
    for m in _AND_TASK.finditer(part):
        right = part[m.end() :]
        if m.group().strip() in ("以及", "同埋"):
            # "管理团队、排班以及质检": the "and" ends a list of tasks the 、 begins
            left = part[start : m.start()]
            if "、" in left and _VERB_FIRST.match(left.strip()):
                out.extend(left.split("、"))
            else:
                out.append(left)
            start = m.end()
        elif (
            verb_first
            and re.match(rf"(?:{DUTY_VERBS})(?![a-z-])", right, re.I)
            # "greet patients and register them": the pronoun ties it to the first task
            and not re.match(r"\w+\s+(?:them|it|him|her|these|those)\b", right, re.I)
            # "explain bills by phone and email": the channels of one task
            and not re.search(
                r"\b(?:by|via|through|over|on)\s+[\w-]+(?:,\s*[\w-]+)*\s*$",
                part[start : m.start()],
                re.I,
            )
        ):
            out.append(part[start : m.start()])
            start = m.end()
    out.append(part[start:])
    # "write and update help-centre articles": two verbs of one object are one task
    if any(len(x.strip()) < 2 for x in out) or (
        out[0].strip().isascii() and DUTY_START.fullmatch(out[0].strip())
    ):
        return [part]
    return out


_LANGUAGE = re.compile(
    r"\s*(?:粵語|粤语|廣東話|广东话|普通話|普通话|國語|国语|英文|英語|英语|日文|日語|日语|韓文|韩文|韓語|韩语|"
    r"Cantonese|Mandarin|Putonghua|English|Japanese|Korean)\s*",
    re.I,
)


def _core_words(piece: str) -> str:
    """A piece without its level: "需粵語" → "粵語", "普通話（必須）" → "普通話"."""
    piece = _HEAD_MUST.sub("", piece.strip())
    m = re.search(r"\s*[（(]([^（）()]+)[）)]\s*$", piece)
    return piece[: m.start()] if m and _bare_level(m.group(1)) else piece


def _listed_tasks(pieces: list[str]) -> list[str] | None:
    """The tasks of a prose list "A、B和C" named by their work, none with a verb that could take
    the others as its objects: "负责保单变更、理赔资料受理和客户咨询接待" is three duties,
    "收银、理货补货、鲜食加热和夜间门店清洁" four (收银 is whole); "处理上台、转台和账单查询" is one."""
    last = re.split(r"(?<=[\u3400-\u9fff]{2})(?:以及|和|及)(?=[\u3400-\u9fff]{2})", pieces[-1])
    if len(last) != 2:
        return None  # no "和" before the last: no list said as one
    tasks = [re.sub(r"^\s*(?:主要)?(?:负责|負責)", "", pieces[0]), *pieces[1:-1], *last]
    verbs = [bool(_VERB_FIRST.match(t.strip())) for t in tasks]
    sizes = [len(t.strip()) for t in tasks]
    if (
        len(tasks) >= 3
        and not any(verbs[1:])
        and (not verbs[0] or sizes[0] <= 2)
        and not (sizes[0] > 2 and re.search(DUTY_VERBS, tasks[0]))  # "为客户办理开户、…"
        and min(sizes) >= 2
    ):
        return tasks
    return None


def split_items(value: str, field_name: str | None) -> list[str]:
    """A labelled value or clause split into the items the note separates (、，；; and list
    commas), keeping one item where the commas sit inside one phrase ("fluent Cantonese, English
    and Mandarin", "粤语、普通话流利")."""
    # "fluent Cantonese, English and Mandarin": one item, its words alike (all capitalised or
    # none); "1 yr leading a team, Zendesk or Freshdesk" is two
    protected = re.sub(
        r"\b[A-Za-z+#.]+(?:,\s[A-Za-z+#.]+)+,?\s(?:and|or|&|/)\s[A-Za-z+#.]+\b",
        lambda m: (
            m.group().replace(",", "\x00")
            if len(
                {
                    w[0].isupper()
                    for w in re.findall(r"[A-Za-z+#.]+", re.sub(r"\b(?:and|or)\b", "", m.group()))
                }
            )
            == 1
            else m.group()
        ),
        value,
    )
    protected = re.sub(r"\([^()]*\)|（[^（）]*）", lambda m: m.group().replace(",", "\x00")
                       .replace("，", "\x01").replace("、", "\x02"), protected)  # fmt: skip
    protected = re.sub(r"(?<=\d),(?=\d{3})", "\x00", protected)  # 16,000
    if field_name in SCALAR_FIELDS:
        return [value.strip(" \t-–—*·•.。；;，,")] if re.search(r"\w", value) else []
    if field_name not in ("duties", "benefits") and re.search(
        r"(?:——|—|–|--)\s*(?:必须|必須|必需|必要|优先|優先|加分|required|must|essential|preferred)\s*$",
        value,
    ):  # "英语CET-6或以上，读写流利——必须": the level after the dash is the whole item's
        return [value.strip(" \t-–—*·•.。；;，,")]
    parts = re.split(rf"[;；，]|,\s*|(?<!\d){_NO_ABBREVIATION}\.\s+(?=\S)|。", protected)
    # "A high school diploma is required and bilingual Spanish is preferred": two items, each
    # with its own level
    parts = [x for part in parts for x in _split_levels(part)]
    if field_name == "duties":  # "Residents' enquiries and complaints / Handle clubhouse booking"
        slashed = [(part, re.split(r"\s+/\s+", part)) for part in parts]
        parts = [x for part, halves in slashed for x in (
            halves if all(len(h.split()) >= 3 for h in halves) else [part])]  # fmt: skip
    if field_name == "benefits":  # "五险一金 / 包住宿 / 节假日三倍工资": a spaced slash lists them
        parts = [x for part in parts for x in re.split(r"\s+/\s+", part)]
    if field_name in (None, "duties"):  # "chasing parcels + answering clients": two duties
        parts = [x for part in parts for x in re.split(
            rf"\s+\+\s+(?=(?:{DUTY_VERBS})(?![a-z]))", part, flags=re.I)]  # fmt: skip
        # "review flagged posts, answer user appeals and escalate safety issues", "处理失物同埋
        # 会员换礼品": the "and" between two tasks that each open with their verb is the list's
        # last comma ("check-in and check-out of late arrivals" is one task: no verb follows)
        parts = [x for part in parts for x in _split_tasks(part)]
    out: list[str] = []
    for part in parts:
        listed = False
        if field_name == "duties":
            # "回复淘宝、抖音店铺顾客咨询": objects of one verb; "接待顧客、協助配鏡", "登記病人、配藥、收費",
            # "跟進維修、收管理費": duties — three or more, or two of like length, are a list
            sub = re.split(
                rf"、(?=\s*(?:{DUTY_VERBS}))"
                # "…and cash balancing" after "night audit": an "and" splits tasks that both
                # open with their verb
                + (rf"|\s+and\s+(?=(?:{DUTY_VERBS})(?![a-z-])(?!\s+(?:them|it|him|her)\b))"
                   if _VERB_FIRST.match(part.strip())
                   # "answer guests by phone and email": the channels of one task
                   and not re.search(r"\b(?:by|via|through|over)\s+[\w-]+\s+and\s+", part, re.I)
                   and not (part.isascii() and DUTY_START.fullmatch(
                       re.split(r"\s+and\s+", part.strip())[0])) else ""),
                part, flags=re.I,
            )  # fmt: skip
            pieces = [p for p in part.split("、") if p.strip()]
            if pieces and re.match(r"\s*(?:透過|透过|通过|通過|經由|经由|利用|via)\b", pieces[0]):
                sub = [part]  # "透過 live chat、email、電話解答顧客查詢": the channels of one task
            verbs = [bool(_VERB_FIRST.match(p.strip())) for p in pieces]
            sizes = [len(p.strip()) for p in pieces]
            if (
                len(pieces) >= 2
                # "接听车主来电：充电、OTA升级、用车故障咨询": what the calls are about, one task
                and not (
                    re.search(r"[:：][^、]*$", pieces[0]) and _VERB_FIRST.match(pieces[0].strip())
                )
                # "透過 live chat、email、電話解答顧客查詢": the channels of one task
                and not re.match(r"\s*(?:透過|透过|通过|通過|經由|经由|利用|via)\b", pieces[0])
                and (
                    all(verbs)
                    or (not verbs[0] and len(pieces) >= 3 and all(n <= 5 for n in sizes))
                    # three or more tasks of four characters or more ("接听电话、收发快递、会议室预订"),
                    # or with two verbs of their own ("在抖音…回复顾客咨询、推荐产品、催付款")
                    or (len(pieces) >= 3 and min(sizes) >= 4)
                    or (len(pieces) >= 3 and sum(verbs[1:]) >= 2 and min(sizes) >= 2)
                    # "点单、处理外卖平台差评、会员登记": most open with a verb of their own
                    or (len(pieces) >= 3 and sum(verbs) * 2 > len(pieces) and min(sizes) >= 2)
                    # "上台、續約、處理客人報障": short tasks, then one with its verb
                    or (len(pieces) >= 3 and verbs[-1] and all(n <= 4 for n in sizes[:-1]))
                )
            ):  # every piece a duty of its own; "處理上台、轉台、帳單查詢": objects of one verb
                sub, listed = pieces, True
            elif len(pieces) >= 2 and (tasks := _listed_tasks(pieces)):
                sub, listed = tasks, True
        elif field_name == "benefits" and not CJK_CHAR.search(part):
            # "a staff discount of 40% and private healthcare after probation": two perks
            halves = re.split(r"\s+and\s+", part)
            sub = (
                halves
                if len(halves) > 1
                and all(len(h.split()) >= 2 and _benefit_like().search(h) for h in halves)
                else [part]
            )
        elif field_name == "benefits" and CJK_CHAR.search(part):
            sub = re.split(
                r"、|(?<=[\u3400-\u9fff]{3})[及和](?=[\u3400-\u9fff]{3})|(?<=[\u3400-\u9fff])同(?=[\u3400-\u9fff]{2})"
                r"|(?<=\d\s[日天])[及和](?=[\u3400-\u9fff]{2})|(?<=\d[日天])[及和](?=[\u3400-\u9fff]{2})",
                part,
            )
        else:
            sub = part.split("、")
            if len(sub) > 1 and _level_of(sub[-1]) and not any(_level_of(x) for x in sub[:-1]):
                sub = [part]  # "会用千牛、ERP系统优先": the level at the end is the list's
            if (
                len(sub) == 1
                and part.isascii()
                and (
                    two := re.fullmatch(
                        r"(.*\b(?:\d+\+?\s*(?:years?|yrs?|months?)|experience)\b.*?)\s+and\s+"
                        r"((?:[\w/+#.-]+\s+){1,3}(?:skills|knowledge|proficiency|licen[cs]e|degree|diploma)"
                        r"(?:\s+(?:of|in|with)\s+[\w\s/+#.-]+)?)",
                        part.strip(" ."),
                        re.I,
                    )
                )
            ):  # "at least 1 year in a customer-facing role and solid Zendesk skills": two asks
                sub = [two.group(1), two.group(2)]
        # "粤语、普通话流利": a piece of one or two characters is a list inside one item; the
        # pieces join again with the note's own separator
        spans: list[list[int]] = []  # [start, end] of each item in `part`
        at = 0
        # …but "醫療、牙科、膳食": short pieces all, with no words they share, are a list
        all_short = all(len(_core_words(x)) <= 2 for x in sub)
        for piece in sub:
            start = part.find(piece, at)
            at = start + len(piece)
            short = (
                len(_core_words(piece)) <= 2
                or (  # "識講廣東話、普通話": the languages of one item
                    spans
                    and _LANGUAGE.fullmatch(_core_words(piece))
                    and _LANGUAGE.search(part[spans[-1][0] : spans[-1][1]])
                )
                or (  # "需粵語、普通話流利"
                    spans and len(_core_words(part[spans[-1][0] : spans[-1][1]])) <= 2
                )
                or (  # "医学、护理、保险相关专业大专及以上": the fields of one degree
                    spans
                    and re.search(r"相关|相關|专业|專業|等", piece)
                    and all(
                        len(_core_words(x)) <= 2
                        for x in part[spans[-1][0] : spans[-1][1]].split("、")
                    )
                )
            )
            if field_name != "benefits" and not listed and spans and short and not all_short:
                spans[-1][1] = at
            else:
                spans.append([start, at])
        merged = [part[a:b] for a, b in spans]
        # "Take inbound calls on billing, payment plans and service starts/stops": what follows
        # a duty's comma without a verb of its own is more of its objects
        if (
            out
            and merged
            and field_name in (None, "duties")
            and DUTY_START.match(out[-1].strip(" -–—*·•"))
            # …that ends on the objects of a preposition ("calls on billing"): "answering guest
            # calls, night audit" are two tasks
            and re.search(
                r"\b(?:on|about|for|with|regarding|of|including|such as|like|in|from|to|via|by)"
                r"\s+\S+(?:\s+\S+)?\s*$",
                out[-1].replace("\x00", ","),
            )
            and re.match(r"\s*[a-z]", merged[0])
            and not re.match(
                rf"(?:(?:and|or|&)\s+)?(?:(?:{DUTY_VERBS})(?![a-z])|[a-z]{{3,}}ing\b)",
                merged[0].strip(),
                re.I,
            )
            and re.search(r",\s*$", protected[: protected.find(part)])
        ):
            at = protected.find(part)
            sep = re.search(r",\s*$", protected[:at])
            out[-1] = out[-1] + (sep.group() if sep else ", ") + merged.pop(0)
        out += merged
    items = [
        p.replace("\x00", ",").replace("\x01", "，").replace("\x02", "、").strip(" \t-–—*·•.。")
        for p in out
    ]
    items = [i for i in items if i and re.search(r"\w", i)]
    for i in range(len(items) - 1, 0, -1):  # "8年以上客服经验，其中至少3年管理经验": one item
        if re.match(r"(?:其中|當中|当中|including|incl\.?\s|of which)", items[i], re.I):
            at = value.find(items[i])
            prev_end = value.find(items[i - 1]) + len(items[i - 1])
            if 0 <= prev_end <= at:
                items[i - 1 : i + 1] = [value[value.find(items[i - 1]) : at + len(items[i])]]
    # "1年以上质检经验，必须": a level word standing alone after an item is that item's level,
    # not an item of its own (it was printed as the must-have "必须")
    for i in range(len(items) - 1, 0, -1):
        if not _bare_level(items[i]):
            continue
        start = value.find(items[i - 1])
        end = value.find(items[i], max(start, 0)) + len(items[i])
        if 0 <= start < end:
            items[i - 1 : i + 1] = [value[start:end]]
    # "帮忙发一下：续期客服专员": words to a colleague before a colon are not part of the item
    items = [
        m.group(2).strip()
        if (m := re.match(r"^(.{1,30}?)[:：]\s*(.+)$", i)) and CHATTER.search(m.group(1))
        else i
        for i in items
    ]
    # "大专及以上学历（全日制本科优先）": the level in the brackets is the bracket's, not the item's
    if field_name not in ("duties", "benefits"):
        split: list[str] = []
        for i in items:
            m = re.fullmatch(r"(.+?)\s*[（(]([^（）()]+)[）)]", i)
            if (  # "英文書寫良好（必須）": a level alone in the brackets is the item's
                m and _level_of(m.group(2)) and not _bare_level(m.group(2))
                and not _level_of(m.group(1))
            ):  # fmt: skip
                split += [m.group(1), m.group(2)]
            else:
                split.append(i)
        items = split
    # "有电话销售,呼叫中心,客服中心工作经验优先": short nouns before a level word are one item
    if (
        len(items) > 1
        and field_name not in ("duties", "benefits")
        and "," in value
        and not re.search(r"[，；;]", value.strip(" \t。.；;，,"))
        and CJK_CHAR.search(value)
        and _level_of(items[-1])
        and all(len(i) <= 6 and not _level_of(i) for i in items[:-1])
    ):
        return [value.strip(" \t-–—*·•.。；;，,")]
    return items


def _sentences(line: str) -> list[str]:
    """The line's sentences. A " / " between two parts that are neither a fact nor a label
    joins them again: "Bookseller / Customer Service" is one title, "CS rep / Kwun Tong" two."""
    out: list[str] = []
    pos = 0
    for part in _SENTENCE.split(line):
        if not part or not part.strip():
            continue
        at = line.find(part, pos)
        gap = line[pos:at] if out else ""
        pos = at + len(part)
        if (
            out
            and re.fullmatch(r"\s+/\s+", gap)
            and not _label_at(part)
            and not any(re.search(r"\d", x) or find_places(x) for x in (out[-1], part))
        ):
            out[-1] += gap + part
        else:
            out.append(part)
    return out


_LIST_LABELS = ("duties", "must", "preferred", "nice", "benefits", "apply")


def note_pieces(text: str) -> list[Piece]:
    """The note cut into labelled and unlabelled pieces, in order. A label's value runs to the
    end of its sentence; a heading (a label alone on its line) and a labelled line open a list
    that the bullets, and after a heading the plain lines, under it belong to, until a blank
    line or the next label."""
    pieces: list[Piece] = []
    current: str | None = None
    after_heading = False
    clause = -1
    style: str | None = None  # how the list under a heading is written: bullets or plain lines
    # the bullet (and indent) of the line that opened the list, and of the list's items: the
    # heading's own bullet again ends a list written with another ("★ Requirements:", "  ▸ …",
    # then "★ Duty meals, uniform")
    opener_mark: tuple[int, str] | None = None
    item_mark: tuple[int, str] | None = None
    for n, raw in enumerate(text.splitlines()):
        if not raw.strip():
            current, after_heading = None, False
            continue
        if _EMAIL_HEADER.match(raw) or _FORWARD.match(raw) or _SIGN_OFF.match(raw):
            continue
        if _older_message().match(raw):  # "> On Wed, Oct 2, 2024 at 5:40 PM X wrote:"
            continue
        if _SUBJECT.match(raw):  # "Subject: Temp CS x 3 – e-commerce peak season"
            subject = re.sub(r"【[^】]*】|\[[^\]]*\]", " ", _SUBJECT.sub("", raw)).strip()
            if subject:
                clause += 1
                pieces.append(Piece(subject, "subject", n, clause=clause))
            continue
        line = re.sub(r"^\s*>+\s?", "", raw)
        found_bullet = _BULLET.match(line)
        bullet = bool(found_bullet)
        mark = (
            len(line) - len(line.lstrip()),
            found_bullet.group().strip()[:1] if found_bullet else "",
        )
        line = _BULLET.sub("", line, count=1).strip()
        if not line:
            continue
        if current and bullet and item_mark is None and mark != opener_mark:
            item_mark = mark
        if current and bullet and mark == opener_mark and item_mark not in (None, opener_mark):
            current, after_heading = None, False  # back to the opener's own bullet
        if not current:
            opener_mark = item_mark = None
        if after_heading and style is None:
            style = "bullet" if bullet else "kv" if _KEY_VALUE.match(line) else "plain"
        if (
            after_heading
            and style in ("bullet", "kv")
            and not bullet
            and not _KEY_VALUE.match(line)
        ):
            current, after_heading = None, False  # a plain line ends a bulleted list
        inherit = current if (bullet or after_heading) else None
        labelled_line = False
        sentences = _sentences(_break_at_labels(line))
        for i, sentence in enumerate(sentences):
            clause += 1
            # "联通呼叫中心客服岗位职责：…": the role before a heading word is a piece of its own
            if (m := _HEAD_AFTER_ROLE.match(sentence)) and not _label_at(sentence):
                pieces.append(Piece(m.group(1), None, n, clause=clause))
                sentence = sentence[m.end(1) :]
            found = _label_at(sentence)
            if found:
                name, value, heading = found
                labelled_line = True
                # a heading opens a list; so does a labelled line of a list ("Duties: a, b" and
                # bullets after it), not one with a single value ("Contract – Chat Support")
                opens = heading or (not bullet and name in _LIST_LABELS)
                current = name if opens else (None if not bullet else current)
                if opens:
                    opener_mark, item_mark = mark, None
                after_heading = heading and i == len(sentences) - 1
                style = None
                for item in _levels_joined(split_items(value, name), value):
                    pieces.append(Piece(item, name, n, clause=clause))
                continue
            label = inherit if i == 0 or not labelled_line else None
            said: str | None = None  # the clause's first item opens a must-have scope
            k = 0  # the item's place in the sentence
            for part_label, part in _opened_parts(sentence, label):
                for item in _levels_joined(split_items(part, part_label), part):
                    level = _level_of(item) if part_label is None else None
                    if k == 0 and level == "must" and _HEAD_MUST.match(item):
                        said = "must"  # "need good canto, ok english"; not "X is a must, Y OK"
                    elif level is not None:
                        said = None  # an item with a level of its own ends the scope
                    inherits = said if k and level is None and part_label is None else None
                    pieces.append(Piece(item, part_label, n, said=inherits, clause=clause))
                    k += 1
        if not labelled_line and not bullet and not after_heading:
            current = None
    return pieces


# --------------------------------------------------------------------------- typed facts


_SURNAME = (
    "陳陈李黃黄張张王林吳吴劉刘楊杨何鄭郑梁謝谢周徐朱馬马胡郭羅罗高鄧邓許许蔡曾趙赵孫孙蘇苏葉叶潘彭盧卢韓韩唐馮冯"
    "鍾钟曹袁麥麦余莫譚谭歐欧錢钱孔戴方宋姚湯汤程田丁范杜魏沈任姜傅鄒邹石崔賴赖龔龚洪關关伍"
    "秦孟施金江閻阎闫段雷侯龍龙史陶黎賀贺顧顾毛郝邱邵萬万覃喬乔嚴严熊蔣蒋董呂吕苗尹薛柳溫温樊廖岑翁凌"
    "祝葛付牛殷龐庞顏颜邢聶聂倪汪巫甘韋韦駱骆章魯鲁俞阮佘鮑鲍卓霍冼植"
)
PERSON = re.compile(
    r"(?:(?<![A-Za-z])(?:Ms|Mr|Mrs|Miss|Mx|Dr)\.?\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
    rf"|(?:(?<![A-Za-z])(?:Ms|Mr|Mrs|Miss|Dr)\.?\s?[{_SURNAME}](?![\u3400-\u9fff]))"  # "Ms 黄"
    rf"|(?:[{_SURNAME}][小]?(?:小姐|姐|先生|女士|太|生|經理|经理|主任|主管|組長|组长|老師|老师|姑娘|店长|店長|sir|Sir))"
    rf"|(?<![\u3400-\u9fff])小[{_SURNAME}](?![\u3400-\u9fff])"
    # "Ivy 姑娘", "Kelly 小姐": an English name with the Chinese way of addressing
    r"|(?<![A-Za-z])[A-Z][a-z]+\s?(?:姑娘|小姐|先生|女士)(?![\u3400-\u9fff])"
    r"|(?:(?:ask for|contact|call|whatsapp|email|(?:CVs?|resumes?|applications?) to)\s+|(?:聯絡|联系|找|搵)\s*)"
    r"(?!(?:Ms|Mr|Mrs|Miss|Mx|Dr)\b)([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
)
# "WhatsApp Ms Lau 9627 3301", "WhatsApp 陳小姐 9312 4456", "WhatsApp Dr Ho's PA, Gigi, 5133 2098"
WHATSAPP = re.compile(
    r"(?:whats\s?app|\bWA\b)\s*(?:me|us)?\s*(?:at|to|on)?\s*[:：]?\s*"
    r"(?:(?P<who>[^\d\n@]{1,30}?)[\s,，:：]+)?(?P<number>\+?\d[\d\s-]{6,}\d)",
    re.I,
)
# "8765 4321（WhatsApp）", "9123 4567 (WhatsApp only)": the channel said after the number
WHATSAPP_AFTER = re.compile(
    r"(?P<number>\+?\d[\d\s-]{6,}\d)\s*[（(]\s*(?:whats\s?app|WA)(?:\s*only)?\s*[)）]", re.I
)
SAME_NUMBER = re.compile(r"[(（]?\s*(微信|WeChat|WhatsApp)\s*同[號号]\s*[)）]?", re.I)
# A name written right before a number or an address to contact: "王女士 13857126643".
NAME_BEFORE = re.compile(
    r"(?P<who>(?:Ms|Mr|Mrs|Miss|Dr)\.?\s[A-Z][a-z]+|"
    rf"(?:Ms|Mr|Mrs|Miss|Dr)\.?\s?[{_SURNAME}](?![\u3400-\u9fff])|"
    r"[A-Z][a-z]{1,15}(?:\s[A-Z][a-z]{1,15})?"
    rf"|[{_SURNAME}][\u3400-\u9fff]{{0,1}}(?:小姐|先生|女士|太|生|經理|经理|主管|主任|組長|组长|姑娘|店长|店長)"
    rf"|(?<![\u3400-\u9fff])小[{_SURNAME}])[\s,，:：]*$"
)
WECHAT = re.compile(
    # "微信联系我 chenxing_hr01": who to reach may come between
    r"(?:微信(?:號|号|ID)?|wechat(?:\s?id)?|\bVX\b|\bV信|加微)\s*(?:联系我|聯絡我|联系|聯絡|找我|加我)?\s*[:：]?\s*"
    r"([A-Za-z0-9][\w-]{4,})",
    re.I,
)
# A street address: a number with 號/号/樓/楼/室, Room/Floor/Unit, or a street word and a number.
ADDRESS_LIKE = re.compile(
    r"\d+\s?(?:號|号|樓|楼|室|座|F\b|/F)|(?:Room|Rm|Flat|Unit|Floor|Level|Suite|Shop)\s?\w*\d"
    r"|\d+\s+[A-Z][a-z]+(?: [A-Z][a-z]+)*\s(?:Street|St|Road|Rd|Avenue|Ave|Lane|Way|Drive|Dr)\b"
    r"|(?:道|路|街|大道|廣場|广场|大廈|大厦|中心|Building|Centre|Center|Tower|Plaza)\S{0,4}\d",
    re.I,
)


# Where an address to apply at follows: "walk-in interview Sat 10am, Unit 5, 3/F, Shatin
# Galleria, 18-24 Shan Mei St", "Apply in person: SkyServe Recruitment Office, Room 201, …".
_ADDRESS_CUE = re.compile(
    r"walk[- ]?in(?! customers| clients| guests| patients| shoppers)(?: interviews?)?|apply in person|"
    r"in person|interviews? (?:will be )?(?:held )?at|(?:open day|interview)(?: / interview)?\s*[:：]|面試地點|面试地点|面試地址|面试地址|即日面試|現場面試|"
    r"现场面试|上門面試|上门面试|(?:面試|面试)\s*[:：]|面试在|面試在|親臨|亲临|郵寄至|邮寄至|寄往|寄至|直接去|直接嚟|直接到|地址(?:係|是|为|為)|地址(?![\s:：])|"
    r"address is",
    re.I,
)
# Words of a building or a street: a piece with one goes on with the address.
_BUILDING = re.compile(
    r"\b(?:Galleria|Plaza|Mall|Centre|Center|Building|Tower|House|Office|Road|Street|St|Rd|Hotel|"
    r"Resort|Court|Hall|Estate|Complex|"
    r"Avenue|Ave|Lane|HKIA|Airport|Avenida|Estrada|Rua)\b|中心|廣場|广场|商場|商场|大廈|大厦|地舖|地铺|酒店|"
    r"[樓楼]|人事部|人力資源部|人力资源部|辦公室|办公室|[道路街]$",
    re.I,
)
_ADDRESS_END = re.compile(
    r"(?:\s+[-–—])?\s+(?:with|bring|and ask|ask for|look for)\b|帶埋|带上|携带|攜帶|搵|找", re.I
)
# where the address itself starts in its piece: after a colon, "at", "地址係"
_ADDRESS_START = re.compile(
    r"[:：]|\bat\b|地址(?:係|系|是|为|為)?|address(?: is)?|^\s*(?:to|去|到|係|系|为|為)", re.I
)
_WHEN = re.compile(
    r"\d{1,2}\s?(?:am|pm)|\d{1,2}[:：]\d{2}|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|every|any day)|"
    r"\d{1,2}\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|星期|禮拜|礼拜|週|周[一二三四五六日]|"
    r"\d{1,2}\s?月|下午|上午|早上",
    re.I,
)


def find_address(text: str) -> str | None:
    """The address to apply at, read across the note's commas after its cue, as written: the
    pieces after a walk-in's day and time that name a building, a street or a place."""
    if (
        m := re.search(
            r"(?:到|在)([^，。,;；\n（(]{2,20}?)(?:举行|舉行|進行|进行)?(?:现场面试|現場面試|面試|面试|面谈|面談)",
            text,
        )
    ) and not re.fullmatch(r"(?:以下|下面|下列|如下)地址", m.group(1).strip()):
        after = re.match(r"\s*[（(]([^（）()]+)[）)]", text[m.end() :])
        if after and ADDRESS_LIKE.search(after.group(1)):  # "直接到公司面试（西安…B座1505）"
            return after.group(1).strip()
        return m.group(1).strip()  # "到三楼人事部现场面试"
    for cue in _ADDRESS_CUE.finditer(text):
        base = cue.end()
        start = end = None
        skipped = parts = 0
        gap = False
        for a, b, sep_before in _segments_with_before(text[base:]):
            if start is not None and sep_before not in (",", "，", "、"):
                break  # an address goes on across its commas, not past the line or sentence
            seg = text[base + a : base + b]
            bracket = re.search(r"[（(]([^（）()]*\d[^（）()]*)[）)]", seg)
            if bracket and ADDRESS_LIKE.search(bracket.group(1)):
                return bracket.group(1).strip()  # "any day after 2pm (Level 9, …)"
            cut = max((x.end() for x in _ADDRESS_START.finditer(seg)), default=0)
            part_at = base + a + cut
            part = text[part_at : base + b]
            if stop := _ADDRESS_END.search(part):
                part = part[: stop.start()]
            part_at += len(part) - len(part.lstrip(" ，,"))
            part = part.strip(" ，,").rstrip(" .。")
            addressy = bool(part) and bool(
                ADDRESS_LIKE.search(part) or _BUILDING.search(part) or find_places(part)
            ) and not (EMAIL.search(part) or URL.search(part) or re.search(r"\d{4}\s?\d{4}", part)
                       or (_WHEN.search(part) and not ADDRESS_LIKE.search(part)))  # fmt: skip
            if addressy:
                start = part_at if start is None else start
                end = part_at + len(part)
                parts += 1
                gap = False
                if stop:
                    break
            elif start is not None and not gap and not _WHEN.search(part) and len(part) <= 40:
                gap = True  # "HR Office, 2/F, The Lanternbay Hotel, 88 Avenida…": a name within
            elif start is not None or skipped >= 2 or not _WHEN.search(seg):
                break
            else:
                skipped += 1  # "walk-in: 10 Mar, 10am-4pm, …": the day and time come first
        if start is not None and end is not None:
            found = text[start:end]
            if parts >= 2 or re.search(r"\d|[一二三四五六七八九十][樓楼]", found):
                return found
    return None


def _segments_with_before(text: str) -> list[tuple[int, int, str]]:
    """segments(), each with the separator before it ("" for the first)."""
    out, before = [], ""
    for a, b, sep in segments(text):
        out.append((a, b, before))
        before = sep
    return out


def _address_in(text: str) -> str | None:
    """The comma pieces of `text` that read as an address, as written (a day and time of a
    walk-in before it are not the address)."""
    segs = [text[a:b].strip(" .。") for a, b, _sep in segments(text)]
    hits = [i for i, seg in enumerate(segs) if ADDRESS_LIKE.search(seg)]
    if not hits:
        return None
    first, last = hits[0], hits[-1]
    span_start = text.find(segs[first])
    span_end = text.find(segs[last], span_start) + len(segs[last])
    return text[span_start:span_end].strip(" ,，.。") or None


DEADLINE = re.compile(
    r"(?:deadline|closing date|closing|closes|close applications(?: on)?|apply by|applications close(?: on)?|by|before|"
    r"(?:hiring|open|accepting applications) until|"
    # "Deadline is end of next week (Dec 18)": the date in brackets after what it says
    r"deadline is [^()\n\d]{0,30}[(（]|"
    r"截止(?:日期|时间|時間)?|截至|前)"
    # "closing date extended to 06/09", "截止日期延至"
    r"(?:\s*(?:is\s+)?(?:now\s+)?(?:extended|moved|changed|pushed(?:\s+back)?|postponed)\s+(?:to|till|until)"
    r"|\s*(?:延至|延長至|延长至|押後至|押后至|改為|改为|改至))?\s*[:：为為是]?\s*"
    # "Friday 12 December": the weekday with its date
    r"((?:(?:Mon|Tues?|Wed|Thu(?:rs)?|Fri|Sat|Sun)(?:day)?,?\s+(?=\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)))?"
    r"(?:(?:\d{4}[-/.年]\s?)?\d{1,2}[-/.月]\s?\d{1,2}(?:日|号|號|[-/.](?:\d{4}|\d{2})\b)?|\d{1,2}\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|"
    r"Oct|Nov|Dec)[a-z]*(?:\s\d{4})?|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s\d{1,2}"
    r"(?:,?\s\d{4})?|\d{4}-\d{2}-\d{2})|(?:Mon|Tues?|Wed|Thu(?:rs)?|Fri|Sat|Sun)(?:day)?\b)",
    re.I,
)
DEADLINE_AFTER = re.compile(
    r"((?:\d{4}[-/.年]\s?)?(?:\d{1,2}[-/.月]|本月|下月|下個月|下个月)\s?\d{1,2}(?:日|號|号)?)\s*(?:前|或之前|或以前|之前|截止)"
)
_ZH_NUM = "一二两兩三四五六七八九十"
HEADCOUNT = re.compile(
    r"(?i:\b(?:hiring|need|needs|recruiting|looking for|(?:to|will|we'll) (?:recruit|hire|take on))\s+(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve)\b(?!\s+(?:years?|yrs?|months?|days?|hours?|shifts?)\b)|\b(\d{1,3})\s+(?:openings|"
    r"positions|vacancies|slots|heads|hires|people|ppl|agents|reps|roles|more)\b|"
    r"\b(1)\s+(?:opening|vacancy|position|person|role|hire)\b(?![- ](?:team|company|office|business))|"
    r"\b(?:just|only)\s+(one)\s+(?:person|hire|opening|position)\b|\b(\d{1,3})\s+[A-Z]{2,4}\s+slots?\b|(?:(?<=\s)|^)[x×]\s?(\d{1,2})\b|"
    r"(?<=[A-Za-z)）\u3400-\u9fff])[x×](\d{1,2})\b|(?<![A-Za-z] )\b(\d{1,3})\s+(?:needed|wanted|required)\b|"
    r"\b(?:opening|hiring|filling|adding)\s+(\d{1,3})\s+(?=(?:[\w/&-]+\s+){0,4}?"
    r"(?:positions?|roles?|openings?|vacanc(?:y|ies)|seats?)\b))"
    rf"|(\d{{1,3}}|[{_ZH_NUM}]{{1,2}})\s*(?:個|个)?\s*(?:名額|名额|空缺|職位|职位|岗位|崗位)"
    # "要2个", "40人" standing alone: how many are hired
    rf"|^\s*(?:要|招|請|请)?\s*(\d{{1,3}}|[{_ZH_NUM}]{{1,2}})\s*(?:个|個|人|位|名)\s*$"
    rf"|招(?:聘|募)?[^\d{_ZH_NUM}，,；;。\n]{{0,12}}?(\d{{1,3}}|[{_ZH_NUM}]{{1,2}})\s*(?:名|人|位|個|个)"
    rf"|(\d{{1,3}}|[{_ZH_NUM}]{{1,2}})\s*(?:名|位)(?![\u3400-\u9fff]{{0,2}}(?:客户|客戶|顧客|顾客|用户|用戶))"
    rf"|(?:請|请|聘|搵)\s*(\d{{1,3}}|[{_ZH_NUM}]{{1,2}})\s*(?:個|个|人|位)"
    rf"|(\d{{1,3}}|[{_ZH_NUM}]{{1,2}})\s*(?:個位|个位|個人|个人)"
    # "Only 1 HC", "請夜更CS 3個", "大客户客服经理，1人"
    r"|(?i:\b(\d{1,3})\s*HCs?\b)"
    rf"|(?:請|请|聘|搵)[^，,。\d\n]{{1,24}}?(\d{{1,3}})\s*(?:個|个)(?![月鐘钟小])"
    r"|[，,]\s*(\d{1,3})\s*人(?=[\s，,。；;]|$)"
)


TEAM_SIZE = re.compile(
    r"\b(?:lead|leads|leading|manage|manages|managing|supervise|supervising|coach|coaching|team of|"
    r"oversee|overseeing)\b|team\s*[(（]?\s*$|帶|带|管理?|領導|领导|督導|督导|團隊|团队|组员|組員",
    re.I,
)


def _count(number: str) -> int:
    """ "3" → 3; "兩" → 2; "十二" → 12."""
    if number.isdigit():
        return int(number)
    words = "one two three four five six seven eight nine ten eleven twelve"
    if number.lower() in words.split():
        return words.split().index(number.lower()) + 1
    digits = {c: i + 1 for i, c in enumerate("一二三四五六七八九")} | {"两": 2, "兩": 2}
    if number == "十":
        return 10
    if number.startswith("十"):
        return 10 + digits.get(number[1:], 0)
    if number.endswith("十"):
        return 10 * digits.get(number[0], 1)
    return digits.get(number, 0)


SCHEDULE = re.compile(
    r"(?i:\b(?:mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?"
    r"|sun(?:day)?)\s?(?:-|–|to|thru|through)\s?(?:mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|"
    r"thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b(?:[,\s]*\d{1,2}(?::\d{2})?\s?"
    r"(?:am|pm)?\s?(?:-|–|to)\s?\d{1,2}(?::\d{2})?\s?(?:am|pm)?)?"
    r"|(?<![A-Za-z0-9])\d{1,2}(?::\d{2})?\s?(?:am|pm)?\s?(?:-|–|to|至|到|~)\s?\d{1,2}(?::\d{2})?\s?(?:am|pm)\b"
    r"|(?<![A-Za-z0-9])\d{1,2}:\d{2}\s?(?:-|–|to)\s?\d{1,2}:\d{2}\b"
    r"|\b(?:night|day|evening|morning|overnight|graveyard|rotating|rotational|early|late|split|"
    r"weekend|12-hour|8-hour|9-hour)\s(?:shifts?|rota)(?:\s(?:incl\.?|including)\s\w+)?"
    r"|\b(?:shifts?|\d\s?days?)\s(?:incl\.?|including)\s\w+|\b\d\s?(?:-\s?)?(?:shifts?|days?)\s(?:a|per)\sweek\b"
    r"|\bat least \d days? (?:a|per) week|\b\d{1,2}\s?(?:hours|hrs)\s(?:a|per)\s(?:week|day)\b"
    r"|\bweekends?(?:\s(?:and|&)\s(?:public )?holidays?)?\s(?:only|required|a must|work))"
    r"|做\s?[一二三四五六1-6]\s?[休放]\s?[一二三1-3]|[单單]休|大小周|大小週|(?:每月|月)休\s?\d\s?[天日]|[早晚夜]上?\s?\d{1,2}\s?[-–~至到]\s?\d{1,2}\s?[點点时時]"
    r"|(?:每日|每天|一日|一天)\s?(?:返|做|工作|上班)?\s?\d{1,2}(?:\s?[-–~至到]\s?\d{1,2})?\s?(?:個鐘|个钟|小時|小时)|[5五]天半(?:工作)?|(?i:\b\d\.5\s?days\b|\b\d{1,2}\s?h(?:rs?)?\s?/\s?wk\b)|(?:每週|每周|每星期|一週|一周)(?:最少|至少)?(?:工作|上班|返工|返)?\s?\d\s?(?:天|日)(?:或以上)?"
    r"|(?:周|週|星期|礼拜|禮拜)[一二三四五六日天](?:至|到|-|—|~)(?:周|週|星期|礼拜|禮拜)?[一二三四五六日天]"
    r"(?:\s?\d{1,2}[:：]\d{2}\s?[-–—~至到]\s?(?:次日)?\d{1,2}[:：]\d{2})?"
    r"|\d{1,2}[:：]\d{2}\s?[-–—~至到]\s?(?:次日|翌日)?\d{1,2}[:：]\d{2}"
    r"|朝\S{1,2}晚\S{1,2}|朝\s?\d{1,2}\s?晚\s?\d{1,2}|返\s?[5-7五六七]\s?(?:日|天)|早班|中班|晚班|夜班|通宵(?:班|更)?|輪班|轮班|[两兩三]班倒|倒班|早晚班|大夜班|"
    r"輪更|轮更|早更|晚更|夜更|通宵更|[两兩三]更制|返[早晚夜]更|排班制|弹性工作|彈性工作|每日\d{1,2}小時|每天\d{1,2}小时"
    r"|(?i:\b\d\s?(?:-\s?\d\s?)?(?:nights?|days?|shifts?)\s?(?:/|a|per)\s?(?:week|wk)\b|\b\d{1,2}[- ]?(?:hr|hour)s?"
    r"\s(?:shifts?|days?)\b|\b\d{1,2}(?:\.\d)?\s?(?:hrs|hours)(?:/|\s(?:a|per)\s)?(?:week|wk)?\b"
    r"|\b(?:shift work|on a rota|shifts?\b|rota\b|roster)|\b(?:sundays?|saturdays?|weekends?) off\b"
    r"|^[\s\-–—*·•]*[4-7](?:\.5)?\s?days?(?:\s?(?:a|per|/)\s?(?:week|wk))?\s*$"  # "- 5 days, 9-6"
    r"|\bbetween \d{1,2}(?::\d{2})?\s?(?:am|pm)? and \d{1,2}(?::\d{2})?\s?(?:am|pm)?"
    r"|\balternate (?:saturdays|sundays|weekends)\b|\b(?:mon|tue|wed|thu|fri|sat|sun)(?:/(?:mon|tue|wed|thu|fri"
    r"|sat|sun))+\b|\b\d{1,2}(?::\d{2})?\s?[ap]?\s?(?:-|–|to)\s?\d{1,2}(?::\d{2})?\s?[ap]\b"
    r"|\b(?:weekday|weekend|evening|night|day|morning)s? only\b|\b(?:US|UK|EU|EST|PST|ET) hours\b)"
    r"|早[九八七十]晚[五六七八九]|[周週]日休|月休\d天|单双休|單雙休|排班|排更|[三3]班制|輪休|轮休|時間彈性|时间弹性|"
    r"[夜晚早]上?\d{1,2}[點点时時]至\d{1,2}[點点时時]|公眾假期工作|公众假期工作|\d{1,2}小[時时]輪班|\d{1,2}小[時时]轮班|"
    r"每星期返|每週返|每周返|每更\s?\d|(?:每週|每周|每星期)\s?\d\s?(?:-\s?\d\s?)?[天日]半?"
    # a five-day week with its hours is the schedule ("5天工作 9-6"); alone it is a perk
    r"|[5五6六]天工作(?:制)?\s*[,，]?\s*(?:返|朝|早上|上午)?\d{1,2}(?::\d{2})?\s?[-–~至到]\s?(?:晚|下午)?\d{1,2}(?::\d{2})?"
    r"|(?:上午|早上|朝早)?[一二三四五六七八九十]{1,3}[時时點点]半?\s?(?:至|到|-|–)\s?(?:下午|晚上|夜晚)?"
    r"[一二三四五六七八九十]{1,3}[時时點点]"
    r"|(?:每週|每周|每星期|每個星期|每个星期|一星期|一週|一周)\s?(?:大約|大约|約|约|最少|至少|最多|不少於|不少于)?\s?"
    r"(?:做|返|工作)?\s?\d{1,2}\s?(?:個鐘|个钟|小時|小时|更|班)"
    # a clock range in Chinese: "早10点到晚6点", "下午2点-8点", "晚上7點到11點"; Cantonese "返10-7"
    r"|(?:[早晚夜]上?|上午|下午|中午|凌晨|朝早?)?\s?\d{1,2}(?:[:：]\d{2})?\s?[點点时時]?半?\s?[-–~至到]\s?(?:次日|翌日)?"
    r"(?:[早晚夜]上?|上午|下午|中午|凌晨)?\s?\d{1,2}(?:[:：]\d{2})?\s?[點点时時]|返\s?\d{1,2}(?::\d{2})?\s?[-–至到]\s?\d{1,2}(?::\d{2})?(?!\d)"
)
SCHEDULE_NOT = re.compile(
    # ("包括週末及公眾假期": the days the shifts cover, not a day off given)
    r"年假|annual leave|\bAL\b|leave\b|病假|(?<!及公眾)(?<!及公众)(?<!和公眾)(?<!和公众)假期(?!工作)|holiday pay|WFH|hybrid|"
    r"remote|在家|居家|遙距|遥距|远程|遠程"
    r"|home\b|office\b(?!\s+hours)",
    re.I,
)
# Days off listed as a perk in Hong Kong and mainland ads (a benefit, not the schedule).
WEEK_PERK = re.compile(
    r"[五5]天工作|五天工作制|[5五]天工作週|双休|雙休|周末双休|週末雙休|\b5-day (?:work )?week\b|"
    r"\bfive-day (?:work )?week\b",
    re.I,
)
_MONTHS = r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_CUR = (  # a letter code starts a word: "Form 5" holds no ringgit
    r"(?<![A-Za-z])(?:HK\$|US\$|S\$|A\$|C\$|NT\$|NZ\$|RMB|CNY|HKD|USD|EUR|GBP|SGD|AUD|CAD|NZD|PHP|MYR|RM|INR"
    r"|JPY|KRW|TWD|MOP|CHF|THB|IDR|VND|AED|ZAR|R(?=\d{1,3}(?:[, ]\d{3})+\b|\d{4,}\b))|[$€£¥￥₱₹₩]|澳門幣|澳门币|澳幣|葡幣|葡币|港幣|港币|人民幣|人民币|新台幣|新台币|新加坡元"
)
PAY = re.compile(
    r"(?:(?:月薪|時薪|时薪|日薪|年薪|週薪|周薪|底薪|保底|薪金|薪水|人工|工资|工資|薪资|薪資|月收入|月入|到手|每小時|每小时|每日|日结|日結|"
    r"每天|每更|每班|(?:base |basic )?(?:salary|pay|rate|wage))\s*[:：]?\s*(?:是|为|為|係)?\s*"
    r"(?:約|约|大約|大约|大概|介乎|介于|介於|up to|from|~)?\s*)?"
    # an amount: 18000, 18k, 4千5 (4,500), 1万2 (12,000); 港幣$720 names its currency twice
    rf"(?:(?:{_CUR})\s?)?(?:{_CUR})?\s?\d[\d,.]*\s?(?:[kK]|[万萬千](?:\d(?![\d,.]))?)?"
    # a range; a dash with a space on both sides is punctuation, not a range ("x 4 — $17K")
    rf"(?:\s?(?:-|–|(?<!\s)—|—(?!\s)|~|～|〜|至|到|to)\s?(?:{_CUR})?\s?\d[\d,.]*"
    r"\s?(?:[kK]|[万萬千](?:\d(?![\d,.]))?)?)?\s?(?:元|港元|港幣|港币|美元|蚊|块|塊|HKD|USD|EUR|GBP|RMB|CNY|SGD|dollars?)?"
    r"(?:起|以上)?"  # "5000元起": and above
    r"(?:\+(?=\s|$|[,，;；.。)）]))?"  # "$22K+": and above
    r"(?:\s?(?:/\s?(?:hr|hour|h|day|shift|wk|week|mo|mth|month|yr|year|annum|小時|小时|日|天|更|班|月|年)(?![a-z])"
    r"|(?:一个月|一個月|每个月|每個月|每月|一小时|一小時|一日|一天|每日|每天|一更|每更)"
    r"|\s?(?:per|an?|each)\s(?:hour|hr|day|shift|week|wk|month|mth|mo|year|yr|annum)(?![a-z])|\s?(?:hourly|daily|weekly|monthly|annually|"
    r"yearly|p\.?a\.?|p\.?m\.?|p/h|ph|p/hr)(?![a-z])|\s?(?:gross|net|basic|base|OTE)(?:\s(?:a|per)\s(?:month|year))?))*",
    re.I,
)
_CURRENCY = re.compile(
    _CUR + r"|元|港元|港幣|港币|美元|蚊|(?<=\d)[块塊]|日结|日結|dollars?"
    r"|月薪|時薪|时薪|日薪|年薪|週薪|周薪|底薪|薪|salary|pay\b|wage|rate\b|人工|工资|工資|收入|到手|/\s?(?:hr|hour|h)\b"
    r"|\d\s?/\s?(?:月|month|mth|年|year|yr|day|日|天|shift|更|班)(?![a-z])"
    r"|per hour|an hour|[0-9]\s?[kK万萬千]\b",
    re.I,
)
VAGUE_PAY = re.compile(r"面议|面議|negotiable|competitive|commensurate|DOE|TBC|TBD|待定|面談", re.I)
_DATE_LIKE = re.compile(rf"^\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}$|^\d{{1,2}}\s?(?:{_MONTHS})", re.I)


_ABBREV = re.compile(rf"\b(?:{'|'.join(map(re.escape, ABBREVIATIONS))})$", re.I)


def segments(text: str) -> list[tuple[int, int, str]]:
    """(start, end, separator after) of the note's comma pieces: split at ，；;。 line ends and
    commas that are not inside a number ("HK$20,000") or brackets."""
    out: list[tuple[int, int, str]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in "(（[【":
            depth += 1
        elif ch in ")）]】":
            depth = max(0, depth - 1)
        elif depth == 0 and (
            ch in "，；;。\n!！?？|｜"
            or (ch == "," and not (text[i - 1 : i].isdigit() and text[i + 1 : i + 2].isdigit()))
            or (
                ch == "."
                and text[i + 1 : i + 2] in (" ", "\n", "")
                and not _ABBREV.search(text[max(0, i - 6) : i])
            )
        ):
            out.append((start, i, ch))
            start = i + 1
    out.append((start, len(text), ""))
    return [(a, b, sep) for a, b, sep in out if text[a:b].strip()]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a] in " \t-–—*·•・･＊:：|/>\ufe0f" or unicodedata.category(text[a]) == "So"
                     or "\u2190" <= text[a] <= "\u21ff"):  # fmt: skip  # ★ ▸ ▪ ✓ →
        a += 1
    while b > a and text[b - 1] in " \t.。":
        b -= 1
    return a, b


# A clause that goes on with the schedule just read ("做五休二，周末需轮值", "8am-8pm 7 days, 5 out
# of 7"): days, hours or shifts counted, days off, weekends.
SCHEDULE_MORE = re.compile(
    r"(?:\d+(?:\.\d)?|\b(?:one|two|three|four|five|six|seven)\b)\s*(?:天|日|更|班|晚|夜|個鐘|个钟|小時|小时|"
    r"hours?|hrs?|h\b|days?|shifts?|nights?|evenings?|mornings?)|\d+\s*out of\s*\d"
    r"|[休輪轮]值|[休輪轮]休|[輪轮][班更]|倒班|班倒|\brest days?\b|休息|放假|返工|上班|做\s?\d\s?[休放]\s?\d|週末|周末|(?:星期|週|周|礼拜|禮拜)[一二三四五六日天]|weekends?|\b(?:Sat|Sun)|\balt\b"
    r"|\b(?:days?|nights?|evenings?) off\b"
    # hours of the day ("晚8点-凌晨2点", "下午1点到6点", "11am-8pm") and a list of day parts
    # going on from the last clause ("…across mornings, afternoons and nights")
    r"|\d{1,2}\s*[点點时時](?:\s*[-–~至到]|$)|[-–~至到]\s*(?:[早晚凌]晨?|上午|下午|中午)?\s*\d{1,2}\s*[点點时時]"
    r"|(?:每星期|每週|每周|一星期)?(?:工作|返)?[一二三四五六七两兩]\s*(?:天|日|更|班)(?:工作)?"
    r"|(?:上午|下午|早上|晚上|中午)?[一二三四五六七八九十]{1,3}[時时點点](?:半|正)?\s*(?:至|到|-|–)"
    r"|\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b|\bflexible\b|\bflexi\b|彈性|弹性"
    r"|^\s*(?:incl\.?\s|including\s|包括|mostly\s|mainly\s|usually\s)?(?:(?:and |or |& )?(?:mornings?|afternoons?|evenings?|nights?|overnights?|weekends?)[\s,&]*)+$"
    r"|時段|时段|午市|晚市|\blunch\b|\bdinner\b"
    r"|^\s*\d{1,2}(?::\d{2})?\s?[-–]\s?\d{1,2}(?::\d{2})?\s*$",  # "5 days, 9-6": its hours
    re.I,
)


def _schedule_more(clause: str) -> bool:
    return (
        bool(SCHEDULE_MORE.search(clause))
        and len(clause) <= 40
        and not SCHEDULE_NOT.search(clause)
        and not find_pay(clause)
        and not _label_at(clause)
        and not ROLE_WORD.search(clause)  # "…請夜更CS 3個": who is hired, not when
        and not re.search(r"年|years?|yrs?|經驗|经验|experience", clause, re.I)
    )


# A clause about applying, not about the work: "walk-in interview Sat 10am", "Walk-in 面試：6月每個
# 星期六 2-5pm", "朝早11點前可以直接walk-in去舖頭見工" name a time, but not the job's.
_ABOUT_APPLYING = re.compile(
    r"interview|walk-?in|apply|closing|deadline|面試|面试|見工|见工|申請|申请|報名|报名|截止|面谈|面談"
    # "咨询：钱老师 025-84456210（工作日9:00-17:00）": when to call, not when to work
    r"|^\s*(?:咨询|諮詢|查詢|查询|enquiries|inquiries|hotline)\s*[:：]",
    re.I,
)


# words that name the place of work: "工作地点在…", "返工地點喺…"
_WORKPLACE_WORDS = r"(?:工作地[点點]|上班地[点點]|办公地[点點]|辦公地[点點]|返工地[點点])\s*(?:在|为|為|是|係|喺|：|:)?"
# "for our Airport Passenger Service Agent role": the title, capitalised, before "role"
_NAMED_ROLE = re.compile(
    r"\bfor (?:our|the|an?|this) ((?:[A-Z][\w&/-]*\s){0,5}[A-Z][\w&/-]*) (?:role|position|vacancy|opening)\b"
)
# a role and how many: "a Retail CS Assistant x2", "2 more CS agents"
_HIRES = re.compile(
    r"(?:an?\s+|\d{1,3}\s+(?:more\s+)?)?(?:[\w/&+-]+\s+){0,4}"
    r"(?:assistants?|agents?|officers?|associates?|reps?|representatives?|advisors?|advisers?|"
    r"specialists?|executives?|leads?|managers?|staff|interns?|trainees?|people|ppl|persons|heads|hires|"
    r"someone|somebody|a person)"
    r"(?:\s*[x×]\s*\d{1,2})?"
    r"|(?:someone|somebody|a person|one person)\s+(?:for|at|on|to)\b[^,.;]{0,40}"  # "someone for the counter"
    # "需要会籍顾问4名" once its count is read: the people hired
    r"|[\u3400-\u9fff]{0,6}(?:顾问|顧問|专员|專員|代表|助理|文员|文員|店员|店員|坐席员|坐席員|接待员|接待員|"
    r"导购|導購|管家|客服|主任|经理|經理|组长|組長|收银员|收銀員|前台|接待|店长|店長)(?:\s*[\d一二两兩三四五六七八九十]+\s*(?:名|位|人|個|个))?",
    re.I,
)
# asked of the candidate even where it names a role: "2年客服經驗", "1 yr CS experience"
_EXPERIENCE = re.compile(r"經驗|经验|experience|\bexp\b|\d\s*(?:年|years?|yrs?)", re.I)
# "staff discount 30%", "staff hotel rates": a perk of the staff, no role
_STAFF_PERK = re.compile(r"\bstaff\s+(?=\w)", re.I)
PROBATION = re.compile(r"試用期|试用期|\bprobation", re.I)
_INTERVIEW = re.compile(
    r"interview|open day|walk-?in(?!\s+(?:customers|clients|guests|patients|shoppers|enquiries))|"
    r"面試|面试|見工|见工",
    re.I,
)
_APPLY_WORDS = re.compile(
    r"\b(?:CV|resume|résumé|apply|send)\b|簡歷|简历|履歷|履历|寄|投遞|投递", re.I
)


_SHIFT_ALLOWANCE = re.compile(
    r"(?:夜班|夜更|通宵(?:更|班)?|輪班|轮班|輪更|轮更|早班|晚班|(?:night|late|shift|weekend)\s*)"
    r"\s*(?:津贴|津貼|补贴|補貼|補水|补水|费|費|allowance|premium|differential|loading)",
    re.I,
)


def find_schedule(text: str) -> str | None:
    """The working days, hours or shift pattern as the note writes it: the comma pieces that
    say so, joined when they stand next to each other ("做五休二，早班9:00-18:00"). Where the
    note names times more than once, the run that says most of the schedule is the schedule —
    not the first: a title's "(night shift)" or an interview's time come before it in many notes."""
    segs = segments(text)
    hits = []
    for i, (a, b, _sep) in enumerate(segs):
        piece = text[a:b]
        if (label := _label_at(piece)) and label[0] != "schedule":
            continue
        # the piece with what its clause says just before it: "Walk-in: 10 Mar, 10am-4pm" is
        # about applying
        start = max(text.rfind(c, 0, a) for c in "\n|｜。;；") + 1
        clause = text[max(start, a - 100) : b]
        said = _SHIFT_ALLOWANCE.sub(" ", piece)  # "另有夜班津贴": pay on top, no schedule
        if (
            (SCHEDULE.search(said) or (label and re.search(r"\d", piece)))  # "工作時間：7月17-23日"
            and not SCHEDULE_NOT.search(piece)
            and not _ABOUT_APPLYING.search(clause)
            and len(piece) <= 70
            and (not find_pay(piece))
        ):
            hits.append(i)
    if not hits:
        return None

    def title_only(span: str) -> bool:  # "夜更客服主任", "Agent x6 (night shift)": who, no time
        return bool(ROLE_WORD.search(span)) and not any(
            re.search(r"\d|[一二三四五六七]", m.group()) for m in SCHEDULE.finditer(span)
        )

    timed = [i for i in hits if not title_only(text[segs[i][0] : segs[i][1]])]
    hits = timed or hits
    runs: list[tuple[int, int]] = []
    for hit in hits:
        if runs and runs[-1][0] <= hit <= runs[-1][1]:
            continue
        first = last = hit
        while (
            first > 0
            and segs[first - 1][2] in (",", "，", "、")
            and _schedule_more(text[segs[first - 1][0] : segs[first - 1][1]])
        ):  # "Evenings, 4 nights a week"
            first -= 1
        while last + 1 < len(segs) and (
            (
                segs[last][2] in (",", "，", "、")
                and (
                    last + 1 in hits or _schedule_more(text[segs[last + 1][0] : segs[last + 1][1]])
                )
            )  # "每更5小時，每星期最少返3更，週末必須返工": one schedule in three clauses
            or (segs[last][2] in (";", "；") and last + 1 in hits)
        ):  # "8-hr shifts incl. overnight; pick min 3 shifts/wk"
            last += 1
        runs.append((first, last))

    def says(run: tuple[int, int]) -> int:
        """How much of a schedule the run says: its clauses that name one, less a title's."""
        span = text[segs[run[0]][0] : segs[run[1]][1]]
        return sum(run[0] <= i <= run[1] for i in hits) - title_only(span)

    def more_than_a_count(run: tuple[int, int]) -> bool:
        """Not a bare count of days: "Tue–Sat 9:00am–5:30pm" over "on-site, 5 days"."""
        span = text[segs[run[0]][0] : segs[run[1]][1]]
        return not re.fullmatch(r"\W*\d+\s*days?(?:\s*(?:a|per)\s*week)?\W*", span, re.I)

    first, last = max(runs, key=lambda r: (says(r), more_than_a_count(r)))  # the first of the best
    a, b = _trim(text, segs[first][0], segs[last][1])
    span = text[a:b].strip()
    label = _label_at(span)
    span = label[1] if label else span
    span = re.sub(
        r"^(?:我们|我們|公司)?(?:实行|實行|採用|采用|实施|實施)", "", span
    )  # "我们实行大小周制度"
    # "Working hours are 4 shifts a week…": what the schedule is, not the words that say so
    span = re.sub(
        r"^(?:(?:working|work|office|opening) )?(?:hours|schedules?|shifts) (?:are|is)\s+",
        "",
        span,
        flags=re.I,
    )
    return span or None


_EXTRA_SIGNAL = re.compile(
    r"bonus|premium|diff(?:erential)?\b|allowance|tips|commission|incentive|\bOT\b|overtime|1\.5x|"
    r"double pay|13th|salaries|stipend|奖|獎|[双雙]薪|\d{2}薪|补贴|補貼|津贴|津貼|提成|佣金|绩效|績效|花紅|花红|(?<!出)[糧粮]|"
    r"分红|分紅|补水|補水|佣|服務費|服务费|service charge|另加|额外|額外|\bextra\b",
    re.I,
)
# Money on top of the pay, wherever the note lists it; and allowances for a cost, which are perks.
_ON_TOP = re.compile(
    r"bonus|allowance|commission|incentive|differential|double pay|13th|\btips\b|奖|獎|[双雙]薪|\d{2}薪|"
    r"补贴|補貼|津贴|津貼|提成|佣金|花紅|花红|[雙双][糧粮]|\d{2}\s*個?月[糧粮]|補水|补水",
    re.I,
)
_PERK_ALLOWANCE = re.compile(
    r"醫療|医疗|medical|dental|學習|学习|進修|进修|培训|培訓|education|training|tuition|教育|gym|WFH|"
    r"設備|设备|equipment|住房|房屋|宿舍|保险|保險|insurance|体检|體檢",
    re.I,
)
# Allowances that are perks, not pay: medical, meals, transport, housing.
_BENEFIT_NOT_PAY = re.compile(
    r"醫療|医疗|膳食|餐|交通|房屋|住房|medical|meal|transport|housing|lunch", re.I
)


# "$18,000 一個月，唔係，應該係 $19,000": the recruiter corrects the amount as they write
_PAY_CORRECTED = re.compile(
    r"[，,;；]?\s*(?:唔係|不是|不对|不對|no wait|sorry|actually)?[，,\s]*"
    r"(?:應該係|應該是|应该是|應係|should be|make that|I mean)\s*(?=\S{0,4}\d)",
    re.I,
)


# a pay the note names as an old one: "last time was €14.50", "$19 was last year's rate",
# "上次开4000"
_OLD_PAY_BEFORE = re.compile(
    r"(?:\blast time(?: (?:it )?was| we paid)?|\bpreviously(?: was)?|\bused to be|\blast year(?:'s)?"
    r"(?: rate)?(?: was)?|上次(?:係|是|开|開|給|给|俾)?|去年(?:係|是)?)\s*[:：]?\s*$",
    re.I,
)
_OLD_PAY_SAID = re.compile(
    r"last time|previously|used to be|last year|old (?:rate|pay)|上次|去年", re.I
)
_OLD_PAY_AFTER = re.compile(
    r"\s*(?:was (?:last year's|the old|last time's)|was (?:the )?(?:rate|pay) (?:last year|before)"
    r"|(?:is|was) the old (?:rate|pay))\b",
    re.I,
)


def find_pay_and_extras(text: str) -> tuple[str, str | None, list[str]] | None:
    """The pay span with its period, and what comes on top, each as the note writes it. An
    amount the note corrects at once gives way to the correction, which keeps the period said
    with the first ("$18,000 一個月，唔係，應該係 $19,000" is $19,000 a month)."""
    corrected_period: str | None = None
    for cue in _PAY_CORRECTED.finditer(text):
        old = next((m for m in PAY.finditer(text[max(0, cue.start() - 30) : cue.start()])
                    if m.end() >= cue.start() - max(0, cue.start() - 30) - 1), None)  # fmt: skip
        if old is None or not _amount_ok(old.group().strip()):
            continue
        a = max(0, cue.start() - 30) + old.start()
        corrected_period = next((p for p, pat in vocabulary().periods.items()
                                 if pat.search(old.group())), None)  # fmt: skip
        text = text[:a] + " " * (cue.end() - a) + text[cue.end() :]  # positions kept
    # "last time was €14.50", "$19 was last year's rate": an old pay (looked for only where the
    # note names one: this runs on every line read)
    for m in PAY.finditer(text) if _OLD_PAY_SAID.search(text) else ():
        before = text[max(0, m.start() - 30) : m.start()].rsplit("\n", 1)[-1]
        if (_OLD_PAY_BEFORE.search(before) and before.strip()) or _OLD_PAY_AFTER.match(
            text, m.end()
        ):
            text = text[: m.start()] + re.sub(r"[^\n]", " ", m.group()) + text[m.end() :]
    found = _find_pay_and_extras(text)
    if found and found[1] is None and corrected_period:
        return found[0], corrected_period, found[2]
    return found


def _find_pay_and_extras(text: str) -> tuple[str, str | None, list[str]] | None:
    best: tuple[int, int, re.Match[str]] | None = None
    for m in PAY.finditer(text):
        span = m.group().strip(" ,，;；")
        if not _amount_ok(span) or (
            re.fullmatch(r"\d[\d,.]*\s?[kK万萬千]", span)
            and not _CURRENCY.search(text[max(0, m.start() - 8) : m.start()])
        ):
            continue
        before = text[max(0, m.start() - 12) : m.start()]
        score = 0
        if re.search(r"月薪|時薪|时薪|日薪|年薪|底薪|薪|salary|pay|rate|wage|人工|工资|工資|[:：]\s*$", before + span,
                     re.I):  # fmt: skip
            score += 2
        if re.search(r"\d\s?(?:-|–|—|~|至|到|to)\s?\S?\d", span):
            score += 1
        if re.match(r"(?:综合|綜合)?(?:月入|月收入|到手)", span):
            score -= 3  # "底薪3k+提成… 月入6-10k": what the pay comes to, not the pay
        if re.search(_CUR, span):
            score += 2  # a currency says an amount is stated ("$18k" before "1-3k extra")
        if re.search(r"(?:综合|綜合|平均|月均|total|OTE|on[- ]target)\S{0,3}\s*$|(?:up to|可以去到|去到|可達|可达|最高)"
                     r"[^\d$]{0,4}$", before, re.I):  # fmt: skip
            score -= 3  # what a statement before comes to: "底薪3800+绩效，综合到手6000-8000",
            # "底薪$14,000 + 佣金，平均可以去到$20K"
        after = text[m.end() : m.end() + 8]
        if re.match(r"\s*(?:[+＋]|加(?!班)|另加|plus\b)", after, re.I):
            after = ""  # "底薪3500+销售提成", "底薪3000元加业务提成": the amount before is the base
        # "餐补20元/天", "话补100元/月", "夜班补贴（偶有急诊夜班，每晚100元）": an allowance's amount
        opened = before.rfind("（") > before.rfind("）") or before.rfind("(") > before.rfind(")")
        bracketed = text[max(0, m.start() - 30) : m.start()]
        if re.search(r"补贴|補貼|津贴|津貼|奖|獎|提成|佣金|allowance|bonus|diff|premium|extra|"
                     r"commission|[\u3400-\u9fff][补補](?!充)", after + before[-6:], re.I) or (
            opened and re.search(r"补贴|補貼|津贴|津貼|allowance", bracketed, re.I)
        ):  # fmt: skip
            score -= 3  # "夜班补贴60元/晚", "1-3k extra/mth" are on top of pay, not the pay
        line_head = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        if (said := _label_at(line_head + " 0")) and said[0] == "pay" and len(said[1]) <= 12:
            score += 4  # "见习补贴：每月4500元": the amount the pay label gives is the pay
        if best is None or score > best[0]:
            best = (score, m.start(), m)
    if best is None:
        return None
    found = find_pay(text[best[1] :])
    if found is None:
        return None
    span, period = found
    start = text.find(span, best[1] - 12 if best[1] >= 12 else 0)
    # "Salary: £24,500 per annum" is printed after the ad's own "Pay:"; 月薪 and 每月 say the period
    lead = re.match(r"(?:(?:base |basic )?(?:salary|pay|rate|wage)s?|人工|薪金|薪酬|薪資|薪资|工资|工資)"
                    r"\s*(?:is|of|是|为|為|係)?\s*[:：]?\s*"
                    r"|(?:月薪|時薪|时薪|日薪|年薪|週薪|周薪)\s*[:：]\s*", span, re.I)  # fmt: skip
    if not period and (
        said := re.match(
            r"\s*[（(]\s*(?:all\s+)?(月薪|時薪|时薪|日薪|年薪|週薪|周薪|monthly|per month|a month|hourly|"
            r"per hour|daily|per day|weekly|per week|yearly|annually|per annum|p\.?a\.?)\s*[)）]"
            r"|\s+(月薪|時薪|时薪|日薪|年薪|週薪|周薪)(?=\s*(?:[，,。；;]|$))",
            text[start + len(span) :],
            re.I,
        )
    ):  # "HK$17,000 - 19,500（月薪）": the period in brackets, part of the pay as written
        word = said.group(1) or said.group(2)
        period = next((p for p, pat in vocabulary().periods.items() if pat.search(word)), None)
        if said.group(1):  # the bracket is part of the pay as written; a word after it is not
            span = text[start : start + len(span) + len(said.group())].rstrip()
    if lead and not period:  # "月薪：5000元起": the label says the period
        period = next((p for p, pat in vocabulary().periods.items() if pat.search(lead.group())),
                      None)  # fmt: skip
    if lead and len(span) > lead.end():
        start += lead.end()
        span = span[lead.end() :]
    if (
        not period
        and (
            per := re.search(r"每[^，,；;。：:\n\d$€£¥￥]{2,14}$", text[max(0, start - 16) : start])
        )
        and not any(p.search(per.group()) for p in vocabulary().periods.values())
    ):
        # "每處理一張 ticket $12", "每带看一组客户 30元": pay by the piece, with its piece
        start -= len(per.group())
        span = per.group() + span
    if m := re.search(r"(?:每月|每小時|每小时|每日|每天)\s*$", text[max(0, start - 3) : start]):
        start -= len(m.group())
        span = m.group() + span
        period = period or next((p for p, pat in vocabulary().periods.items()
                                 if pat.search(m.group())), None)  # fmt: skip
    if span.endswith((" +", "\u3000+")) and re.match(
        r"\s*[^\s,，;；.。)）]", text[start + len(span) :]
    ):
        span = span[:-1].rstrip()  # "S$2,300-2,600 + AWS": the "+" opens what comes on top
    extras: list[str] = []
    tail = re.split(r"[。\n；;|｜]|\.(?:\s|$)", text[start + len(span) :], maxsplit=1)[0]
    # "月薪4500元（试用期打九折）+年终奖": a remark on the pay in brackets, then what is on top
    tail = re.sub(
        r"^\s*[（(][^（）()]{1,30}[)）](?=\s*(?:[+＋]|\bplus\b|另加|另有|外加))", "", tail
    )
    # after "+", "plus", 另加 a piece is on top of pay; after a comma it must say so
    for m in re.finditer(r"(?P<sep>[+＋]|\bplus\b|另加|另有|另設|另设|外加|加埋|(?<!\d)[,，、](?!\d)|^)\s*(?P<part>(?:[^+＋,，、]|"
                         r"(?<=\d),(?=\d))+)", tail, re.I):  # fmt: skip
        part = m.group("part").strip(" .。")
        while part and (  # a bracket that closes or opens outside the part goes; its own stay
            (part[-1] in ")）" and part.count("(") + part.count("（") < part.count(")")
             + part.count("）")) or (part[0] in "(（" and not part.endswith((")", "）")))
        ):  # fmt: skip
            part = (part[:-1] if part[-1] in ")）" else part[1:]).strip(" .。")
        plus = m.group("sep") not in ("", ",", "，", "、") or bool(
            re.match(r"(?:plus\b|另加|另有|另設|另设|外加|加埋)", part, re.I)
        )
        if not part or (
            (
                _DOE.search(part)
                or re.search(r"出[糧粮]|paid (?:monthly|weekly|fortnightly)", part, re.I)
            )
            and len(part) <= 16
        ):
            continue  # "月薪 $17,000 至 $20,000，視乎經驗而定，另有…", "日薪：HK$820，每月出糧，另有…"
        part = re.sub(
            r"^(?:另加|另有|另設|另设|外加|加埋|加(?!班)|plus\b)\s*", "", part, flags=re.I
        )
        # "shift allowance and sales commission": things on top listed with "and", each its own
        listed = re.split(
            r"\s+(?:and|&)\s+|(?<=[\u3400-\u9fff])(?:同埋|[及和同])(?=[\u3400-\u9fff])", part
        )
        if len(listed) > 1 and not all(_EXTRA_SIGNAL.search(x) for x in listed):
            listed = [part]
        stop = False
        for item in listed:
            item = re.sub(r"^(?:an?|the)\s+", "", item.strip(), flags=re.I)
            if not item:
                continue
            if (
                len(item) > (72 if plus else 40)  # after "+" the note says it is on top
                or _level_of(item)
                or not (plus or _EXTRA_SIGNAL.search(item))
                or (not plus and _BENEFIT_NOT_PAY.search(item))
            ):
                stop = True
                break
            extras.append(item)
        if stop:
            break
    # the pay statement goes on with what it comes to: "底薪3800+绩效，综合5000-6500",
    # "底薪3500加提成，平均到手6-7k", "base $2,000 + commission, OTE $3,500"
    after = text[start + len(span) :]
    total = re.match(
        r"(?:[^。\n；;，,]{0,24}?)[，,]\s*(?:综合|綜合|平均到手|到手|月入|平均|total|OTE|on[- ]target)"
        rf"[^\d\n]{{0,6}}(?:{_CUR})?\s?\d[\d,.]*\s?[kK万萬千]?(?:\s?[-–~至到]\s?(?:{_CUR})?\s?\d[\d,.]*"
        r"\s?[kK万萬千]?)?(?:\s?元)?(?:\s?(?:/\s?(?:月|month|mth)|a month|per month|monthly))?",
        after,
        re.I,
    )
    if total:
        span = text[start : start + len(span) + total.end()].rstrip()
    if period is None:  # "一个小时25块", "每个月工资7000到9000元": the period just before
        pre = text[max(0, start - 10) : start]
        period = next((p for p, pat in vocabulary().periods.items() if re.search(
            rf"(?:{pat.pattern})\s*(?:工资|工資|薪水|薪金|人工|pay|salary)?\s*(?:是|为|為|係)?\s*[:：]?\s*$",
            pre, re.I)), None)  # fmt: skip
    if (
        period is None
    ):  # "the monthly salary ranges from HK$15,000…", "【時薪】$60", "…6000-8000/月"
        clause = re.split(r"[。.;；\n]", text[max(0, start - 40) : start])[-1]
        pay_word = re.search(r"薪|salary|pay\b|rate\b|wage|人工|收入|到手", clause, re.I)
        period = next((p for p, pat in vocabulary().periods.items()
                       if (pay_word and pat.search(clause)) or pat.search(span)), None)  # fmt: skip
    # "Salary: PHP 28,000 basic/month" and, bulleted under it, "– up to PHP 5,000 monthly
    # performance incentive": what the pay line's own list puts on top
    line_end = text.find("\n", start)
    for raw in text[line_end:].splitlines()[1:] if line_end >= 0 else []:
        bullet = _BULLET.match(raw)
        if not bullet or not raw.startswith((" ", "\t")):
            break
        item = raw[bullet.end() :].strip(" .。")
        if (
            _EXTRA_SIGNAL.search(item)
            and not _BENEFIT_NOT_PAY.search(item)
            and not _level_of(item)
            and len(item) <= 72
            and not any(item in e or e in item for e in extras)
        ):
            extras.append(item)
    for a, b, _sep in segments(text):  # "13薪", "年底双薪" standing on their own
        piece = _BULLET.sub("", text[a:b], count=1).strip(" .。-–—*·•")
        piece = re.sub(r"^(?:另加|另有|外加|plus|\+)\s*", "", piece, flags=re.I)
        if (
            piece
            and len(piece) <= 24
            and vocabulary().pay_extras.search(piece)
            and not _BENEFIT_NOT_PAY.search(piece)
            and not any(piece in e or e in piece for e in extras)
            and span not in piece
            and not _label_at(piece)
            and not _level_of(piece)  # "Salesforce is a bonus": a level, not pay
        ):
            extras.append(piece)
    return span, period, extras


def _pay_statement(text: str) -> list[tuple[int, int]]:
    """Where the pay reader finds the pay statement in `text` (its span), if anywhere."""
    found = find_pay_and_extras(text)
    at = text.find(found[0]) if found else -1
    return [(at, at + len(found[0]))] if found and at >= 0 else []


def _amount_ok(span: str) -> bool:
    """A pay span has a digit and a currency or pay word, and is not a date, a time or a count."""
    if not re.search(r"\d", span) or not _CURRENCY.search(span):
        return False
    return not _DATE_LIKE.search(span.strip())


def find_pay(text: str) -> tuple[str, str | None] | None:
    """(the pay span as written, its period or None) in `text`."""
    vocab = vocabulary()
    for m in PAY.finditer(text):
        span = m.group().strip(" ,，;；")
        if not _amount_ok(span):
            continue
        # A bare "3 days" or "2 years": no pay; "18k" needs a currency or a pay word near it.
        if re.fullmatch(r"\d[\d,.]*\s?[kK万萬千]", span) and not _CURRENCY.search(
            text[max(0, m.start() - 8) : m.start()]
        ):
            continue
        before = text[max(0, m.start() - 6) : m.start()]
        period = next((p for p, pat in vocab.periods.items() if pat.search(span)), None)
        if period is None:
            period = next((p for p, pat in vocab.periods.items() if pat.search(before)), None)
            if period is not None and (w := re.search(r"(?:月薪|時薪|时薪|日薪|年薪|底薪|每小時|每小时|每日)\s*[:：]?\s*$",
                                                      before)):  # fmt: skip
                span = text[m.start() - (len(before) - w.start()) : m.end()].strip(" ,，;；")
        return span, period
    return None


_US_CITY = re.compile(
    r"\b[A-Z][a-z]+(?: [A-Z][a-z]+){0,2},? (?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|"
    r"MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)\b"
)
# What follows a Chinese place name and makes it more precise: 金水区, 软件园二期, 首都机场T3.
# Malls and estates end in 坊, 城, 點, 苑, 邨…: 旺角朗豪坊, 元朗形點, 天河珠江新城, 荃灣愉景新城. Words
# of a sentence (做, 返, 喺, 客服…) end the place.
_ZH_PLACE_TAIL = re.compile(
    r"(?:市|省)?(?:(?![做返喺在的嘅招請请及和或同有要需负負客店])[\u3400-\u9fff]){0,5}?(?:区|區|县|縣|镇|鎮|街道|新区|新區|软件园|"
    r"軟件園|科技园|科技園|工业园|工業園|开发区|開發區|经开区|經開區|机场|機場|新城市|會展|会展|市廣場|市广场|广场|廣場|购物中心|"
    r"購物中心|大厦|大廈|商场|商場|分店|门店|門市|坊|新城|城|點|点|苑|邨|屋苑|薈|荟|天地|中心|客運大樓|客运大楼|大樓|大楼"
    # "宁波鄞州万达店", "北京三里屯旗舰店": the district and the mall before the shop, not the shop
    r"|(?<![酒飯饭總总商書书藥药分門门])(?=旗舰店|旗艦店|店(?![员員长長主舖铺面])))(?:[一二三四五六七八九十]期|T\d)?"
)


_STREET = re.compile(
    r"(?<!\d )(?<!\d)(?<!The )\b(?!(?:The|A|An|Our|This|That|Your)\b)[A-Z][a-z]+(?: [A-Z][a-z]+)? (?:St|Street|Rd|Road|Avenue|"
    r"Ave|Lane|Square|Sq|Place|Quay|Business Park|Industrial Estate|Industrial Park|Tech Park)\b"
    r"(?: (?:Centre|Center|Mall|Shopping Centre))?"  # "Eyre Square Centre"
    r"(?! [A-Z])"  # not "The Liffey Quay Hotel"
)


def find_places(text: str) -> list[tuple[str, str, int]]:
    """(place as written, jurisdiction, position) for every known place in `text`; a Chinese
    place with the district, park or mall written after it ("郑州金水区")."""
    found = []
    for juris, pattern in vocabulary().places.items():
        for m in pattern.finditer(text):
            name = m.group()
            end = m.end()
            while (
                CJK_CHAR.search(name) and (tail := _ZH_PLACE_TAIL.match(text, end)) and tail.group()
            ):
                name += tail.group()  # 深圳市 + 南山区 + 粤海街道
                end = tail.end()
            found.append((name, juris, m.start()))
    for m in _US_CITY.finditer(text):
        found.append((m.group(), "us", m.start()))
    for m in _STREET.finditer(text):  # "Grafton St", "Whitehall Road", "Raffles Place"
        found.append((m.group(), "other", m.start()))
    # "Cotai, Macau", "Singapore, Paya Lebar", "中環皇后大道中": the district or street the note
    # writes next to a known place is part of the place
    joined = []
    for name, juris, at in found:
        end = at + len(name)
        if not CJK_CHAR.search(name):
            if (
                (m := _EN_DISTRICT_BEFORE.search(text, 0, at)) and m.end() == at
                and not _ORG_TAIL.search(m.group(1))
            ):  # fmt: skip
                name, at = text[m.start(1) : end], m.start(1)
            elif (
                (m := _EN_DISTRICT_AFTER.match(text, end)) and not _places_in(m.group(1))
                and _LOCATIVE_BEFORE.search(text, 0, at) and not _ORG_TAIL.search(m.group(1))
            ):  # fmt: skip
                name = text[at : m.end()]
        elif m := _ZH_STREET_TAIL.match(text, end):
            name = text[at : m.end()]
        joined.append((name, juris, at))
    found = joined
    found.sort(key=lambda f: f[2])
    # a place inside a longer one found too ("Kowloon" in "Kowloon Bay")
    return [f for f in found if not any(
        o is not f and o[2] <= f[2] and f[2] + len(f[0]) <= o[2] + len(o[0]) and len(o[0]) > len(f[0])
        for o in found
    )]  # fmt: skip


# A district written before or after a known place, in its clause ("Cotai, Macau is hiring",
# "based in Singapore, Paya Lebar."): one or two capitalised words that are no common word.
_EN_DISTRICT_BEFORE = re.compile(
    r"\b(?:in|near|based in|located in)\s+((?!(?:The|Our|We|Apply|Email|"
    r"Call|Job|Role|Pay|Location)\b)[A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})?), $"
)
# A district is said after a locative word ("in Cotai, Macau"); "at Brightline Pharmacy, Sha Tin"
# names the employer, then the place.
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|based in|located in)\s+$")
_ORG_TAIL = re.compile(
    r"\b(?:Pharmacy|Clinic|Bank|Group|Ltd|Limited|Inc|Co|Company|Hotel|Store|Shop|Centre|Center|"
    r"Hospital|School|Restaurant|Airways|Air|Logistics|Insurance|Telecom|Mall)\b"
)
_EN_DISTRICT_AFTER = re.compile(
    r", ((?!(?:Apply|Email|Call|Pay|Salary|Full|Part|Mon|Tue|Wed|Thu|Fri|Sat|"
    r"Sun|Must|We|Our|The|Hybrid|Remote|Permanent|Contract)\b)[A-Z][a-z]{2,}"
    r"(?: [A-Z][a-z]{2,})?)(?=\s*(?:[.;:)\n]|$))"
)
# A street written after a Chinese place: "中環皇后大道中", "旺角彌敦道".
_ZH_STREET_TAIL = re.compile(
    r"[\u3400-\u9fff]{1,5}?(?:大道中|大道東|大道西|大道|道|路|街)(?![\u3400-\u9fff]{0,1}[班更])"
    # "鰂魚涌英皇道979號太古坊": the number and the building written after the street
    r"(?:\s?\d{1,4}\s?[號号](?:[\u3400-\u9fff]{1,8}?(?:坊|中心|廣場|广场|大廈|大厦|商場|商场|大樓|大楼))?)?"
)


def _places_in(text: str) -> bool:
    return any(p.search(text) for p in vocabulary().places.values())


_BROAD = {"Hong Kong", "HK", "香港", "China", "中国", "中國", "内地", "Mainland", "US", "USA",
          "U.S.", "United States", "EU", "Europe", "UK", "Kowloon", "九龍", "九龙", "New Territories",
          "新界", "Hong Kong Island", "港島", "美国", "美國", "欧盟", "歐盟", "欧洲", "歐洲"}  # fmt: skip


def _phone_spans(text: str, taken: list[tuple[int, int]]) -> list[str]:
    out = []
    for m in PHONE.finditer(text):
        if any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
            continue
        digits = re.sub(r"\D", "", m.group())
        span = m.group().strip(" -")
        if span.startswith("(") and ")" not in span:
            span = span[1:]
        if span.endswith(")") and span.count("(") < span.count(")"):
            span = span[:-1].rstrip(" -")  # "(call 2345 6789)": the bracket is the sentence's
        if len(digits) < 8 or len(digits) > 15 or _DATE_LIKE.search(span):
            continue
        if re.match(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)", span):
            continue  # "2025-03-05 14:00": a date and its hour, no number to call
        if re.fullmatch(r"\d{4}\s?[-–]\s?\d{4}", span) and re.search(
            r"(?:HK\$|\$|元|RMB|薪|pay|salary)\s*$", text[max(0, m.start() - 10) : m.start()], re.I
        ):
            continue  # a pay range, not a phone
        if re.search(r"\bfax\b\s*(?:no\.?|number)?\s*[:：]?\s*$|傳真\s*[:：]?\s*$|传真\s*[:：]?\s*$",
                     text[max(0, m.start() - 12) : m.start()], re.I):  # fmt: skip
            continue  # "or fax 3555 0188": no number to call
        if re.search(r"(?:\bref(?:erence)?|\bjob (?:code|no\.?|id)|\breq(?:uisition)?|編號|编号|職位號|职位号|"
                     r"參考|参考)\s*(?:no\.?|number|#)?\s*[:：#]?\s*[A-Z]{0,6}[-\s]?$",
                     text[max(0, m.start() - 20) : m.start()], re.I):  # fmt: skip
            continue  # "职位编号：SJZ-2024051862", "ref TL-0824": a job's code, no number to call
        out.append(span)
    return out


# --------------------------------------------------------------------------- the reading


@dataclass
class _Draft:
    """Fields being filled; values are spans of the note."""

    values: dict[str, Any] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in LIST_FIELDS})
    apply: dict[str, str] = field(default_factory=dict)
    extras: list[str] = field(default_factory=list)
    consumed: list[str] = field(default_factory=list)  # spans already read into a field
    ambiguous: list[Gap] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, value: str) -> None:
        value = value.strip()
        if name == "duties" and "、" in value and len(parts := split_items(value, "duties")) > 1:
            for part in parts:  # an unlabelled line read as duties: "登記病人、配藥、收費"
                self.add(name, part)
            return
        if (
            value
            and value not in self.lists[name]
            and not any(value in self.lists[k] for k in LIST_FIELDS)
        ):
            self.lists[name].append(value)

    def put(self, name: str, value: Any) -> None:
        if value in (None, ""):
            return
        old = self.values.get(name)
        if old is None:
            self.values[name] = value
        elif old != value and str(value) not in str(old) and name not in ("headcount",):
            self.ambiguous.append(Gap(
                field=name, message=f"the note gives {old!r} and {value!r}; {old!r} was used",
                text=str(value),
            ))  # fmt: skip


# The word that says must-have at the head of an item: "need good canto", "需粵語", "但要識打字".
_HEAD_MUST = re.compile(
    r"^(?:(?:the\s+)?(?:candidates?|applicants?|you)\s+(?:must|will need to|are required to)\s+(?:be\s+|have\s+)?(?=\S)"
    r"|(?:we |you )?needs?\s+(?=\S)|(?:但|但係|但是)?(?:一定要|必須|必须|需要|需|須|须|要)(?![時时求是的])"
    r"(?=[\u3400-\u9fffA-Za-z])|(?:一定要|必須|必须|必需)\s+(?=[A-Za-z]))",
    re.I,
)
_LEVEL_WORD = re.compile(
    r"^(?:must(?:[- ]have)?|required|essential|preferred|ideally|nice(?:[- ]to[- ]have)?|plus|bonus)"
    r"\s*[:：-]\s*",
    re.I,
)
# A requirement the note gives without a level: experience, education, languages, skills.
REQUIREMENT_LIKE = re.compile(
    r"\b(?:\d+\+?\s?(?:yrs?|years?|months?|mths?)\b|experience|exp\b|degree|diploma|HKDSE|DSE|"
    r"F\.?\s?[5-7]\b|Form\s?[1-7]\b|bachelor|graduate|certificat\w*|licen[cs]e|fluent|fluency|proficien\w*|"
    r"spoken|written|speak\w*|typing|wpm|Chinese input|knowledge of|familiar\w*|skills?|able to|"
    r"ability|good (?:at|with|communication)|strong|excellent|attention to detail|patient|"
    r"Cantonese|English|Mandarin|Putonghua|German|French|Spanish|Japanese|Korean|Excel|"
    r"MS Office|Zendesk|Salesforce|CRM|right to work|work permit|visa)\b"
    r"|经验|經驗|学历|學歷|學位|学位|大學|大学|碩士|硕士|大专|大專|本科|中三|中四|中五|中六|中七|程度|高中|中专|证书|證書|粤语|粵語|普通话|普通話|英语|英語|英文|"
    r"广东话|廣東話|日语|日語|韩语|韓語|打字|中文輸入|中文输入|熟悉|熟练|熟練|能力|良好|流利|沟通|溝通|懂|識|(?<![社开開聚约約协協学學])[会會](?![籍员員议議计計所场場长長费費])|"
    r"年以上|以上學歷|以上学历|有耐性|耐心|细心|細心|责任心|責任心|抗压|抗壓|驾照|駕照|\d+\s*(?:周岁|週歲|歲|岁)"
    # how long the candidate commits to: "最少做 6 個月", "至少做满3个月"
    r"|(?:最少|至少)\s*(?:做|返|工作)\S{0,2}\s*[\d一二三四五六七八九十半]+\s*(?:個|个)?\s*(?:月|星期|週|周)",
    re.I,
)
DUTY_VERBS = (
    r"负责|負責|带领|帶領|带|帶|管理|处理|處理|接听|接聽|解答|跟进|跟進|回复|回覆|协助|協助|督导|督導|培训|"
    r"培訓|维护|維護|记录|記錄|紀錄|纪录|整理|统计|統計|收集|撰写|撰寫|完成|配合|执行|執行|监控|監控|审核|審核|抽查|"
    r"分析|制定|策划|策劃|推广|推廣|銷售|销售|接待|招呼|解決|解决|安排|核对|核對|录入|錄入|更新|编写|編寫|"
    r"回答|接电话|接電話|聽電話|听电话|覆|handle|answer|lead|manage|resolve|coach|run|support|respond|"
    r"process|log|update|assist|help|greet|follow up|track|monitor|review|escalate|train|schedule|"
    r"prepare|maintain|take|book|check|sell|deal with|reply|chat|onboard|write|report|audit|score|"
    r"analy[sz]e|investigate|coordinate|liaise|serve|welcome|open|close|cash|restock|arrange|"
    r"handling|answering|leading|managing|resolving|coaching|running|supporting|responding|"
    r"processing|logging|updating|assisting|helping|greeting|tracking|monitoring|reviewing|"
    r"taking|booking|checking|selling|replying|writing|reporting|troubleshoot|troubleshooting|fix|"
    r"explain|advise|guide|verify|own|join|meet|reduce|improve|build|keep|keeping|serving|"
    r"dispatch|issue|change|cancel|activate|refund|reconcile|triage|visit|collect|register|draft|drafting|reschedule|"
    r"rescheduling|approve|calm|listen|listening|produce|producing|compile|conduct|test|testing|"
    r"assign|organi[sz]e|set up|teach|mentor|recruit|hire|operate|deliver|pack|"
    r"flag|moderate|chase|chasing|give|send|make|amend|sort|contact|call|email|raise|record|enter|"
    r"confirm|ensure|provide|receive|flagging|moderating|giving|sending|making|calling|"
    r"登記|登记|配藥|配药|收費|收费|收銀|收银|介紹|介绍|講解|讲解|轉介|转介|跟單|跟单|"
    r"致電|致电|開單|开单|出單|出单|報價|报价|核实|核實|對接|对接|督促|辅导|輔導|推荐|推薦|催|提醒|通知|"
    r"跟踪|跟蹤|追踪|追蹤|發貨|发货|退款|回访|回訪|安抚|安撫|点单|點單|编更|編更|排更|换领|換領|办理|辦理|"
    r"受理|核查|派送|寄送|指示|引导|引導|广播|廣播|巡查|巡視|巡视|检查|檢查|预约|預約|回應|回应|"
    r"抽检|抽檢|抽聽|抽听|評分|评分|监察|監察|編寫|協調|协调|补货|補貨|盘点|盤點"
)
# A Chinese duty opens with its verb, sometimes after how often: "配藥", "收管理費", "每季做 review".
_VERB_FIRST = re.compile(
    rf"^(?:每[日天周週月季年]|定期|及时|及時|主動|主动)?\s*(?:{DUTY_VERBS}|[收派送執执做開开寫写打接帶带管跟配教賣卖訂订退換换"
    r"幫帮試试]|減少|减少|提升|提高)",
    re.I,
)
# "Manages 15–18 agents", "Handles refunds": a note's duty in the third person — not a noun
# ("Schedules are 40 hours a week") nor what the employer does ("…, manages a 12-tower estate
# and is looking for a Customer Service Assistant")
DUTY_START = re.compile(
    rf"^(?:{DUTY_VERBS})(?:(?<=[a-z])e?s(?![a-z])(?!\s+(?:are|is|were)\b)"
    r"(?!.*\b(?:is|are)\s+(?:looking|hiring|seeking|recruiting)\b))?(?![a-z])"
    # "reporting to the Support Lead": whom the job answers to, no task
    r"(?!(?<=report)\s+to\b)(?!(?<=reports)\s+to\b)(?!(?<=reporting)\s+(?:directly\s+)?to\b)",
    re.I,
)

# "招 快递派件员", "急招 仓库分拣员": a hiring verb written apart from the role it opens
_HIRING_SPACE = re.compile(
    r"(?:^|(?<=[\s，,]))(急招|急聘|诚聘|誠聘|高薪诚聘|高薪誠聘|招聘|招|聘請|聘请)[ \t\u3000]+(?=[\u3400-\u9fffA-Za-z])"
)
ROLE_WORD = re.compile(
    r"客服|客戶|客户|服務|服务|專員|专员|主任|主管|組長|组长|經理|经理|助理|代表|顧問|顾问|質檢|质检|文員|文员|"
    r"店員|店员|收銀|收银|接待|前台|櫃檯|柜台|销售|銷售|導購|导购|坐席|話務|话务|督導|督导|實習生|实习生|"
    r"接線員|接线员|大使|樓面|楼面|管理員|管理员|分拣员|分揀員|派件员|派件員|快递员|快遞員|打包员|打包員|"
    r"理货员|理貨員|仓管员|倉管員|配送员|配送員|送货员|送貨員|司机|司機|护士|護士|技术员|技術員|操作员|"
    r"操作員|普工|审核员|審核員|美容师|美容師|店长|店長|"
    r"(?<![A-Za-z])(?:customer|service|support|care|agent|officer|associate|lead|manager|advisor|adviser|"
    r"representative|rep|csr|specialist|coordinator|assistant|asst|receptionist|clerk|cashier|"
    r"executive|analyst|supervisor|consultant|concierge|host|teller|intern|trainee|agent|staff|"
    r"moderator|ambassador|"
    r"helpdesk|help desk|cs|csr|營業員|营业员|"
    r"operator|administrator|admin|desk|front office|head)s?(?![A-Za-z])",
    re.I,
)
# The nouns that name a post (not "service" or "customer"): the side of "X – Y" that is the title.
ROLE_NOUN = re.compile(
    r"(?<![A-Za-z])(?:agent|officer|representative|rep|csr|specialist|coordinator|assistant|asst|"
    r"receptionist|clerk|cashier|executive|analyst|supervisor|consultant|concierge|teller|intern|"
    r"trainee|operator|administrator|manager|lead|advisor|adviser|associate|staff|auditor)s?(?![A-Za-z])"
    r"|專員|专员|主任|主管|組長|组长|經理|经理|助理|代表|顧問|顾问|文員|文员|店員|店员|營業員|营业员|收銀員|收银员|坐席|客服",
    re.I,
)
SENIORITY = (
    ("director", re.compile(r"\bdirector\b|\bhead of\b|總監|总监", re.I)),
    ("manager", re.compile(r"\bmanager\b|經理|经理", re.I)),
    (
        "lead",
        re.compile(r"\b(?:team )?lead(?:er)?\b|\bsupervisor\b|主管|組長|组长|督導|督导", re.I),
    ),
    ("senior", re.compile(r"\bsenior\b|\bsr\.?\b|資深|资深|高級|高级", re.I)),
    ("junior", re.compile(r"\bjunior\b|\bjr\.?\b|初級|初级", re.I)),
    ("entry", re.compile(r"\bentry[- ]level\b|\btrainee\b|\bgraduate\b|見習|见习|管培", re.I)),
)
INDUSTRY = (
    ("bank", r"\bbank|banking|銀行|银行"), ("insurance", r"insur|保險|保险"),
    ("hotel", r"hotel|resort|hostel|front office|酒店|度假村"), ("clinic", r"clinic|dental|medical|診所|诊所|牙科|醫療|医疗"),
    ("e-commerce", r"e-?commerce|online shop|shopee|amazon|taobao|電商|电商|淘宝|網店|网店|跨境"),
    ("retail", r"\bshop\b|store|retail|boutique|門市|门店|店舖|店铺|零售|商場|商场"),
    ("telecom", r"telco|telecom|mobile|broadband|電訊|电讯|通讯|通訊|寬頻|宽带"),
    ("logistics", r"logistic|courier|parcel|delivery|shipping|物流|快遞|快递|速遞|速递"),
    ("travel", r"travel|airline|airport|旅行|旅遊|旅游|航空|機場|机场"),
    ("software", r"\bsaas\b|software|app\b|軟件|软件"),
)  # fmt: skip


def _clean_item(text: str) -> str:
    text = re.sub(
        r"^(?:(?:并|並|及|以及|和|同時|同时|另有|另外有|仲有|另加|also|and)\s*|(?:另|另外|此外)\s*[:：]\s*)(?=\S{2})",
        "",
        text.strip(),
        flags=re.I,
    )
    return _LEVEL_WORD.sub("", text).strip(" \t-–—*·•,，;；:：.。")


def _split_levels(part: str) -> list[str]:
    """A clause of two items joined by "and"/"but"/"while", each with its own level."""
    for m in re.finditer(r"\s+(?:and|but|while|whereas)\s+", part):
        left, right = part[: m.start()], part[m.end() :]
        if (
            _level_of(left)
            and _level_of(right)
            and re.search(r"\b(?:is|are)\b", left)
            and not re.match(r"(?:not|never|no)\b", right)  # "a plus but not essential"
        ):
            return [left, *_split_levels(right)]
        if _level_of(left) and re.match(r"(?:must|needs? to|should)\b", right, re.I):
            # "must pass a security check and must hold a full driving licence": two must-haves,
            # the second without its level word (the field says it), as the first
            right = re.sub(r"^(?:must|needs? to|should)\s+(?!have\b|be\b)", "", right, flags=re.I)
            return [left, *_split_levels(right)]
    return [part]


# a level said after its item: "Cantonese is a must", "English preferred", "有零售经验优先",
# "識普通話（優先）", "Zendesk experience (a plus)"
_POSTFIX_LEVEL = re.compile(
    r"(?:\s*[（(]\s*[^（）()]{1,60}\s*[）)]"
    r"|[，,]\s*(?:这|這|呢)(?:个|個|一条|一條|樣|样|項|项)?\s*(?:都)?\s*(?:是|係)?\s*[^，,]{1,8}"
    r"|(?:,|:|\s[-–—=]|=)?\s+(?:(?:is|are|would be|will be)\s+)?(?:(?:a|an)\s+)?(?:(?:highly|strongly|much)\s+)?(?:must|required|essential|mandatory|needed|"
    r"preferred|plus|big plus|advantage|bonus|nice to have|desirable|pref\.?|(?:real |big |great )?asset|"
    r"good to have|"
    r"nice,? but not (?:needed|required|essential|necessary|a must))"
    r"|\s*(?:係|是)\s*(?:an?\s+)?advantage"
    r"|\s*(?:是|係)?(?:必须|必須|必需|优先|優先|加分|佳|較佳|较佳|更佳)(?:的|嘅)?"
    r"|\s*(?:會|会)?(?:係|是)?(?:一個|一个)?(?:優勢|优势)|\s*(?:的|就|會|会|當然|当然)?\s*更(?:加)?好)\s*[.。!！]?\s*$",
    re.I,
)


# "呢兩樣係必須嘅", "both are a must": a level said of the items before, no item of its own
_REFERS = re.compile(
    r"\s*(?:呢|這|这|以上|上述|these|both|all of these|all of them)\s*(?:兩|两|幾|几|啲|些|二)?\s*"
    r"(?:樣|样|項|项|個|个|點|点)?(?:\s*(?:都|係|是|are|is))*\s*"
    r"(?:必須|必须|必需|必要|一定要|required|a must|essential|must)(?:嘅|的)?\s*[.。!！]?\s*",
    re.I,
)


def _without_level(item: str, level: str) -> str:
    """An item placed by the level after it, without those words: the field says the level
    ("Cantonese is a must" under must-haves is "Cantonese"). The words before stay as written."""
    m = _POSTFIX_LEVEL.search(item)
    pattern = vocabulary().levels.get(level)  # none for the unlabelled
    # the level's own words reach into those after the item; read in the whole item, so that a
    # level known by the word before it ("Cantonese bonus") is found too
    if not m or pattern is None or not any(x.end() > m.start() for x in pattern.finditer(item)):
        return item
    rest = item[: m.start()].rstrip(" ,，;；:：-–—=")
    return rest if len(re.findall(r"\w", rest)) >= 2 else item


# "Mandarin: good to have, as some customers are China-based": why the note asks it, no item
_REASON_ONLY = re.compile(r"^(?:as|because|since|因為|因为|由於|由于)\s+\S", re.I)


def _levels_joined(items: list[str], part: str) -> list[str]:
    """Items with a level word standing alone after a comma or in brackets joined to the item
    before it, as the note writes them: "1年以上客服经验，必须", "有保安人員許可證（必須，冇就唔請）"
    and "經驗，这个硬性" are one must-have each, not an item and a level."""
    out: list[str] = []
    for item in items:
        if out and (_bare_level(item) or _level_remark(item)) and (a := part.find(out[-1])) >= 0:
            b = part.find(item, a + len(out[-1]))
            if b >= 0 and re.fullmatch(r"[\s,，;；:：\-(（]*", part[a + len(out[-1]) : b]):
                end = b + len(item)
                if re.search(r"[(（]", part[a + len(out[-1]) : b]):  # the bracket's close too
                    end += len(re.match(r"\s*[)）]?", part[end:]).group())
                out[-1] = part[a:end]
                continue
        out.append(item)
    return out


# "这个硬性", "这一条是必须的", "必須，冇就唔請", "required - to liaise with our clients": a level
# said of the item before, with a pointer back to it or a reason after it
_POINTER = re.compile(
    r"^\s*(?:(?:这|這|呢)(?:个|個|一条|一條|一項|一项|樣|样|項|项|点|點)?|this(?: one)?)?\s*(?:都)?\s*"
    r"(?:是|係|is)?\s*",
    re.I,
)
_REASON = re.compile(
    r"^\s*(?:[的嘅])?\s*(?:要求|條件|条件)?\s*(?:$|[，,;；:：\-–—(（]|\s(?:because|as|since|to)\b|因為|因为|"
    r"由於|由于)",
    re.I,
)


def _level_remark(text: str) -> bool:
    """True when `text` is a level word said of the item before it, with at most a pointer
    back to that item and a reason after it."""
    rest = text[_POINTER.match(text).end() :]  # type: ignore[union-attr]
    for pattern in vocabulary().levels.values():
        m = pattern.match(rest)
        if m and m.end() > 0 and _REASON.match(rest[m.end() :]):
            return True
    return False


def _bare_level(text: str) -> bool:
    """True when `text` is a level word and nothing else ("必须", "a must", "優先")."""
    rest = text
    for pattern in vocabulary().levels.values():
        rest = pattern.sub("", rest)
    return rest != text and not re.search(r"\w", rest)


def _level_of(text: str) -> str | None:
    for level in ("nice", "preferred", "must"):
        if vocabulary().levels[level].search(text):
            return level
    return None


_NOT_A_NAME = re.compile(
    r"^(?:Apply|Email|Send|Call|Contact|Tel|Phone|Mobile|WhatsApp|WeChat|Or|And|Please|Pls|Us|Me|"
    r"Thanks|Hiring|HR|CV|Resume|The|Our|At|To|For|On|By|With|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|Sun|Hong|Kong|Central|Viber|Telegram|Line|"
    r"Signal|Skype|Text|SMS|Enquiries|Enquiry|Inquiries|Inquiry|Queries|Questions|Hotline|Reception)\b"
)


# words of a company or a job title, not of a person: "Harbour Bank", "Operations Manager"
_ORGANISATION = re.compile(
    r"\b(?:Bank|Ltd|Limited|Group|Hotel|Services?|Clinic|Company|Centre|Center|Store|Shop|Office|Team|"
    r"Department|Dept|Manager|Officer|Lead|Supervisor|Recruitment|Recruiting|Careers?|Jobs|HR|Inc|"
    r"Corp|Holdings)\b"
)


def _contact_name(text: str) -> str | None:
    """A person's name in the words before a number ("Dr Ho's PA, Gigi" → "Gigi")."""
    parts = [p.strip() for p in re.split(r"[,，:：]", text) if p.strip()]
    for part in reversed(parts):
        m = NAME_BEFORE.search(part) or PERSON.fullmatch(part)
        if m:
            name = (m.groupdict().get("who") if m.re is NAME_BEFORE else m.group()) or ""
            name = name.strip(" ,，:：")
            if (
                name
                and not _NOT_A_NAME.match(name)
                and not _ORGANISATION.search(name)
                and not find_places(name)
            ):
                return name
    return None


_CHANNEL_KEYS = (
    ("phone", r"call|phone|tel|mobile|電話|电话|致電|致电|手機|手机|text|sms"),
    ("whatsapp", r"whats\s?app|WA"),
    ("wechat", r"微信|wechat|vx"),
)
_CHANNEL = "|".join(p for _, p in _CHANNEL_KEYS)
# Two channels or more written together before one number: each has that number.
SHARED_NUMBER = re.compile(
    rf"(?P<channels>(?:{_CHANNEL})(?:(?:\s*[/／&、]\s*|\s+or\s+)(?:{_CHANNEL}))+)\s*[:：]?\s*(?:[^\d\n]{{0,20}}?)"
    r"(?P<number>\+?\d[\d\s-]{6,}\d)",
    re.I,
)


_HANDLES = re.compile(
    r"\b((?:Ms|Mr|Mrs|Miss|Dr)\.?\s?[A-Z][a-z]+|[A-Z][a-z]{1,15}(?: [A-Z][a-z]{1,15})?)\s+"
    r"(?:handles|will handle|is handling|looks after|will look after)\s+"
    r"(?:it|this|them|the applications|applications|the hiring|recruitment)\b"
    # "Recruiter contact is Jenna Cole (jenna.cole@…)"
    r"|\b(?i:contact(?: person)?|recruiter|point of contact) is\s+"
    r"((?:Ms|Mr|Mrs|Miss|Dr)\.?\s?[A-Z][a-z]+|[A-Z][a-z]{1,15}(?: [A-Z][a-z]{1,15})?)\b"
    # "聯絡人用 Raymond 佢自己": the note names the contact
    r"|(?:聯絡人|联系人)\s*(?:用|係|是|為|为|寫|写)\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b"
    # "聯絡 Ms. Cheng"
    r"|(?:聯絡|联系|聯繫|搵|找)\s*((?:Ms|Mr|Mrs|Miss|Dr)\.\s?[A-Z][a-z]+)"
    # "搵 Front Office Manager Ivan Tse。", "搵分行經理 Patrick，": the person to ask for
    r"|(?:搵|找)\s*(?:[\u3400-\u9fff]{0,6}|(?:[A-Z][A-Za-z]*\s+)*?)\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?=\s*[，,。.!！]|\s*$)"
    # "…加我微信 mayzhang_game。by 张玫": the note's own signature
    r"|(?<![A-Za-z])by\s+([\u3400-\u9fff]{2,3})\s*$"
    # "questions to Maria Lopez, mlopez@…"
    r"|\b(?i:questions|enquiries|queries|inquiries) to\s+"
    r"((?:Ms|Mr|Mrs|Miss|Dr)\.?\s?[A-Z][a-z]+|[A-Z][a-z]{1,15}(?: [A-Z][a-z]{1,15})?)\b"
)


def find_apply(text: str) -> tuple[dict[str, str], list[str]]:
    """Channels and the person to contact, read across the note's commas ("WhatsApp Dr Ho's PA,
    Gigi, 5133 2098"), and the spans they took."""
    how: dict[str, str] = {}
    taken: list[str] = []
    emails = [m for m in EMAIL.finditer(text)]
    cued = [m for m in emails if _APPLY_CUE.search(text[max(0, m.start() - 30) : m.start()])]
    for m in cued + [m for m in emails if m not in cued]:
        how.setdefault("email", m.group().rstrip("."))
        taken.append(m.group().rstrip("."))
    for m in WHATSAPP_AFTER.finditer(text):
        how.setdefault("whatsapp", m.group("number").strip())
        taken.append(m.group("number").strip())
        if before := NAME_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
            who = before.group(
                "who"
            )  # "Fanny 9234 0011（WhatsApp）", "Ms 黄 8765 4321（WhatsApp）"
            if name := _contact_name(who) or (who if PERSON.fullmatch(who) else None):
                how.setdefault("contact", name)
    for m in WHATSAPP.finditer(text):
        number = m.group("number").strip()
        how.setdefault("whatsapp", number)
        taken.append(number)
        if after := NAME_AFTER.match(text, m.end()):
            how.setdefault("contact", after.group(1) or after.group(2))
            taken.append(after.group())
        who = re.sub(r"\s+(?:on|at)$", "", (m.group("who") or "").strip(" ,，"), flags=re.I)
        if who and (name := _contact_name(who)):  # "WhatsApp Grace on 9876 5432"
            how.setdefault("contact", name)
            taken.append(name)
    for m in WECHAT.finditer(text):
        how.setdefault("wechat", m.group(1).strip())
        taken.append(m.group(1).strip())
    money = [(m.start(), m.end()) for m in PAY.finditer(text) if _amount_ok(m.group())]
    money += _pay_statement(text)  # "底薪3800+绩效，综合5000-6500": no number of it is a phone
    for phone in _phone_spans(text, money):
        if phone in taken:
            continue
        at = text.find(phone)
        how.setdefault("phone", phone)
        taken.append(phone)
        if (who := NAME_BEFORE.search(text[max(0, at - 30) : at])) and (
            name := _contact_name(who.group("who"))
        ):
            how.setdefault("contact", name)
            taken.append(name)
        elif after := NAME_AFTER.match(text, at + len(phone)):
            how.setdefault("contact", after.group(1) or after.group(2))
            taken.append(after.group())
        if same := SAME_NUMBER.match(text, at + len(phone)) or SAME_NUMBER.search(
            text[at + len(phone) : at + len(phone) + 12]
        ):
            key = "wechat" if re.search(r"微信|wechat", same.group(1), re.I) else "whatsapp"
            how.setdefault(key, phone)
            taken.append(same.group().strip())
    for m in SHARED_NUMBER.finditer(
        text
    ):  # "电话/微信：18691123407", "call/WhatsApp Rachel 9218 6603"
        number = m.group("number").strip()
        for channel in re.split(r"\s*[/／&、]\s*|\s+or\s+|或", m.group("channels")):
            key = next((k for k, pat in _CHANNEL_KEYS if re.fullmatch(pat, channel, re.I)), None)
            if key:
                how.setdefault(key, number)
        taken.append(number)
    if "contact" not in how and (handler := _HANDLES.search(text)):
        how["contact"] = next(g for g in handler.groups() if g)  # "… — Karen handles it"
        taken.append(handler.group())
    if address := find_address(text):
        how.setdefault("address", address)
        taken.append(address)
    for m in DEADLINE.finditer(text):
        before = text[max(0, m.start() - 60) : m.start()]
        if (
            re.search(r"deadline|clos|until|截止|截至|前", m.group(), re.I)
            or _APPLY_CUE.search(before)
            or EMAIL.search(before[-45:])
        ):
            how.setdefault("deadline", m.group(1).strip())
            taken.append(m.group().strip())
            break
    return how, taken


# words that say whom to reach: "contact Ms Yip", "WhatsApp Jacky", "搵陳小姐", "查詢：李主任"
_CONTACT_CUE = re.compile(
    r"contact|call|phone|tel\b|whats\s?app|wechat|text|message|enquir|inquir|ask for|reach|"
    r"聯絡|联系|聯繫|搵|找|致電|致电|電話|电话|微信|查詢|查询|咨询|諮詢|報名|报名|@|\d{4}",
    re.I,
)
_APPLY_CUE = re.compile(r"apply|applications?|cv|resume|send|email (?:to|your)|簡歷|简历|履歷|履历|申請|申请|投递|投遞|發送|发送|"
                        r"電郵至|电邮至|发至|發至|寄至|email\s*[:：]", re.I)  # fmt: skip
# "WhatsApp我 6790 2214 (Karen)", "+60 12-555 0199 (Wei Ling)": the name after the number
NAME_AFTER = re.compile(
    r"\s*[(（]\s*(?:[\u3400-\u9fff]{2,6}\s*)?((?:Ms|Mr|Mrs|Miss|Dr)\.?\s?[A-Z][a-z]+|[A-Z][a-z]{1,15}(?: [A-Z][a-z]{1,15})?|[\u3400-\u9fff]{1,2}(?:小姐|先生|女士|生|太))"
    r"\s*[)）]"
    # "查詢 2555 0125 Mr. Tang |": a titled name standing after the number
    r"|\s+((?:Ms|Mr|Mrs|Miss|Dr)\.?\s?[A-Z][a-z]+)(?=[^\S\n]*(?:[|｜,，。;；\n]|$))"
)
_DOE = re.compile(
    r"depending on|DOE\b|negotiable|commensurate|面议|面議|視乎|视乎|按經驗|按经验|另議|另议", re.I
)


# What a note says to the colleague who posts it, not about the job: greetings, requests, the
# words left of an application line once its address went ("有意者请将简历发至", "or call me").
CHATTER = re.compile(
    r"^(?:hi|hey|hello|dear|thanks?|thx|ta|cheers|pls|please|can you|could you|as discussed|fyi|"
    r"see below|details below|below|here(?:'s| is| are)|ok|okay|btw|regards|best|oh|oops|sorry|no sorry)\b|\b(?:put up an ad|"
    r"everything else (?:stands|is the same|as before)|(?:the )?rest (?:is )?(?:the same|unchanged|as before)|"
    r"pasted this|not sure why|"
    r"post (?:the|this|it)|the below|for me|thx|asap\b$)|^[-–—]\s*[A-Z][a-z]+$"
    r"|^(?:你好|您好|哈囉|嗨|麻煩|麻烦|唔該|唔该|請幫|请帮|帮忙|幫忙|老板|老闆|BOSS|谢谢|謝謝|多謝|收到|如下|以下|"
    r"各位好|大家好|各位同事|各位合作伙伴|各位合作夥伴|老师们好|老師們好|其他(?:条件|條件)?(?:不变|不變|照舊|照旧)|其[余餘](?:不变|不變))"
    r"|(?:有意者|有興趣|有兴趣|感兴趣|欢迎|歡迎)?.{0,6}(?:简历|簡歷|CV|cv|resume)(?:请)?(?:发|發|投|寄|send)"
    r"|(?:或者?|or)\s*(?:致电|致電|打我电话|打我電話|call me|联系|聯絡|聯繫)|加我|搵我|找我|打俾我|send (?:cvs?|resumes?) to"
    r"|(?:请|請)?(?:帮忙|幫忙)?(?:在|喺).{0,10}(?:发布|發佈|發布|post)|^(?:有意者|有興趣者?|有兴趣的?)"
    r"|\b(?:can|may|should|pls|please) (?:whatsapp|email|call|contact|message|text) (?:me|us)\b"
    # words that bring in what someone said: "上司交代咗一句", "My manager asked me to pass this on"
    r"|(?:上司|老闆|老板|經理|经理|主管|boss|my manager)\S{0,3}\s?(?:特意|特別|特别)?(?:交代|講|讲|說|说|話|话|said|says|asked)"
    r"|^(?:如有|按上次|上次|請協助|请协助|協助發佈|协助发布|想你幫手|想你帮手|叫佢哋|叫他们|让他们|讓他們)"
    r"|(?:出個post|发一条|發一條|写一则|寫一則|写一个|寫一個).{0,12}(?:广告|廣告|post|ad)"
    r"|(?:send|發|发|傳|传)咗.{0,8}(?:俾|畀|給|给)你",
    re.I,
)


def _against(item: str, kind: str) -> str | None:
    """Why the model's kind for a piece cannot stand, or None."""
    if CHATTER.search(item):
        return "it reads as words to a colleague"
    if len(re.findall(r"\w", item)) < 2:
        return "it is too short to be one"
    places = find_places(item)
    if places and sum(len(p[0]) for p in places) >= 0.6 * len(item):
        return "it names a place"
    if kind != "about" and re.fullmatch(r"\W*(?:\d[\d,.]*\W*)+", item):
        return "it is a number"
    if (cue := re.match(_WORKPLACE_WORDS, item)) and find_places(item[cue.end() :]):
        return "it says where the work is"  # "工作地点为厦门市湖里区"
    if PROBATION.search(item):
        return "a probation period is none of these"
    if kind == "requirement" and _HIRES.fullmatch(_HEAD_MUST.sub("", item).strip()):
        return "it says who is hired"  # "need a Retail CS Assistant x2"
    if kind == "duty" and item.strip().isascii() and DUTY_START.fullmatch(item.strip()):
        return "a verb alone is no task"
    if (
        kind == "benefit"
        and not _benefit_like().search(item)
        and (REQUIREMENT_LIKE.search(item) or DUTY_START.match(item))
    ):
        return "it reads as a requirement or a duty"
    if (
        kind in ("duty", "requirement", "benefit")
        and ROLE_WORD.search(_STAFF_PERK.sub("", item))
        and len(item) <= 24
        and (not DUTY_START.match(item))
    ):
        return "it reads as the job title"
    return None


def _arrangement_detail(kind: str, after: str, rest: str) -> str | None:
    """What the note says of a work arrangement, in the words after it: where remote work may
    be done from, which days a hybrid job is in the office."""
    paren = re.match(
        r"\s*(?:办公|辦公|工作|上班|work|working|only)?\s*[(（]([^)）]{2,40})[)）]", after, re.I
    )
    if paren:
        return paren.group(1).strip()
    if kind == "hybrid":
        days = re.search(
            r"(?:\d|one|two|three|four)\s?(?:-\s?\d\s?)?days?\s(?:(?:a|per)\sweek\s)?(?:in(?: the)?(?: [A-Z][\w ]{0,20}?)? office"
            r"(?:\s(?:and|&)\s(?:one|two|three|four|\d)(?:\s?days?)?\s(?:from home|at home|wfh|remote))?|wfh|from home|"
            r"remote|on[- ]site|at home|home)|\d\s?(?:WFH|remote|home) days?(?: (?:a|per) week)?|"
            r"(?:每週|每周|一週|一周|每星期|一星期)\s?[\d一二三四五兩两]\s?(?:天|日)"
            r"(?:返公司|在家|回公司|到公司|到办公室|到辦公室|返辦公室|回办公室|WFH|返office|office)?",
            rest, re.I,
        )  # fmt: skip
        if days:
            return days.group().strip()
        # "We work hybrid, with two fixed office days (Tuesday and Thursday) and the rest from
        # home anywhere in Singapore": the whole "with" clause says how
        with_ = re.match(r"\s*,?\s*with\s+((?:[^.;\n(]|\([^()\n]*\))+?)(?=\.\s|\.?$|[;\n])", after)
        if with_ and re.search(r"office|home|days?\b|wfh|on-?site", with_.group(1), re.I):
            return with_.group(1).strip()
        days = re.match(
            r"\s*[,，:：\-–—]?\s*([^,;，；。\n()（）]{0,30}?(?:office|home|WFH|on[- ]?site|返公司|回公司|到公司|"
            r"办公室|辦公室|在家|居家|返工)(?:(?!\.\s)[^,;，；。\n()（）]){0,24}?(?=[,;，；。\n()（）]|\.\s|\.?$))", after, re.I,
        )  # fmt: skip
        if days and re.search(r"\d|one|two|three|four|Mon|Tue|Wed|Thu|Fri|[一二三四五兩两][日天]|[週周]|星期",
                              days.group(1), re.I):  # fmt: skip
            return days.group(
                1
            ).strip()  # "Tuesdays and Thursdays in the office", "一星期返3日office"
    if kind == "remote" and (where := re.match(
        r"(?:工作|辦公|办公|上班|work|working)?\s*[,，\-–—]?\s*((?:within|from|in|anywhere in|US|UK|EU|only|只限|僅限|仅限|限|不限|全國|全国)"
        r"(?:(?!\.\s)[^,;，；。\n]){0,30})", after)):  # fmt: skip
        return where.group(1).strip()
    if kind == "remote":
        # "可在全国任何城市居家办公": where from, said before the word
        if before := re.search(
            r"(?:可在|可以在|喺|在(?![线線]))([^，。,；;（(）)|]{2,12}?)(?:居家|在家|遠程|远程|遙距|遥距)",
            rest,
        ):
            return before.group(1).strip()
        # "Fully remote，香港或澳門居民都可以", "完全 remote，只要人喺香港就得", "fully remote, open
        # to anyone based in mainland China or Taiwan": the next clause, where it says where from
        # "…, must reside in Colorado, New Mexico, or Arizona", "…, but candidates must live in
        # the Central or Eastern time zone (no international)": a list of places and a bracket
        # go on with it
        nxt = re.match(
            r"\s*[,，]\s*((?:(?!\.\s)(?:[^,;，；。\n()（）|｜]|,\s*(?:or\s+|and\s+)?(?=[A-Z][a-z])"
            r"|\([^()\n]{1,40}\))){2,100})(?=[,;，；。\n.()（）|｜]|$)",
            after,
        )
        if nxt and (
            find_places(nxt.group(1))
            or re.search(r"anywhere|based|resident|reside|live in|living in|only|居民|只要|以內|以内|省内|省內|境内|境內",
                         nxt.group(1), re.I)
        ):  # fmt: skip
            return nxt.group(1).strip()
    return None


# "then hybrid", "之後混合辦公": the arrangement the job has once a first period is over
_THEN = re.compile(r"(?:\bthen|\bafterwards|\bthereafter|之後|之后|然後|然后|其後|其后)\s*$", re.I)


# a work arrangement said not to be the job's: "不設在家工作", "no WFH", "不坐班", "not remote"
_ARRANGEMENT_DENIED = re.compile(
    r"(?:\b(?:no|not|non|never|cannot|can't)|不設|不设|不提供|不可以?|不能|不允許|不允许|不接受|沒有|没有|冇|"
    r"不(?:需要?|用)?)\s*[-–]?\s*$",
    re.I,
)


def find_arrangement(text: str) -> dict[str, Any] | None:
    """The work arrangement and what the note says of it, read along the whole line ("Remote，
    只限香港或新加坡", "混合办公，每周二、四可居家"), where the line is not under another label."""
    found: list[dict[str, Any]] = []
    for raw in text.splitlines():
        line = _BULLET.sub("", raw, count=1).strip()
        label = _label_at(line)
        if label and label[0] not in ("arrangement", "location", "title"):
            continue
        for a, b, _sep in segments(line):
            clause = line[a:b].strip(" -–—*·•")
            if label and clause.startswith(line[: len(line) - len(label[1])].strip()):
                clause = label[1]
            # the word the clause says first: "hybrid work (WFH Mon & Fri)" is hybrid, the WFH
            # its detail
            said = [(m, kind) for kind, pattern in vocabulary().arrangement.items()
                    if (m := pattern.search(clause))]  # fmt: skip
            for m, kind in sorted(said, key=lambda x: x[0].start()):
                if _ARRANGEMENT_DENIED.search(clause[: m.start()]):
                    continue  # "不設在家工作", "no WFH", "不坐班": the job is not so
                later = bool(_THEN.search(clause[: m.start()]))
                # the clause says it ("Remote，…", "hybrid 一星期返3日office"); "协助完成新门店的
                # 远程培训" does not
                if (
                    m
                    # "遙距協助客人設定路由器": how a task is done, not where the job is
                    and not (CJK_CHAR.search(m.group()) and _VERB_FIRST.match(clause[m.end() :]))
                    and (
                        len(clause[: m.start()].strip()) <= 3
                        or (label and label[0] == "arrangement")
                        # "(on-site)", "（全部现场办公，不可居家）"
                        or re.search(
                            r"[(（]\s*(?:全部|完全|全程|必须|必須|須|须)?\s*$", clause[: m.start()]
                        )
                        or clause[: m.start()]
                        .rstrip()
                        .endswith(("-", "–", "—", "|", "/", "·", ":", "："))
                        or (not CJK_CHAR.search(clause) and len(clause) <= 24)
                        # said of the job in prose: "The position is full-time and hybrid (…)"
                        or re.search(r"\b(?:is|are|be|and|or|with)\s*$", clause[: m.start()], re.I)
                        # where from, then the word: "可在全国任何城市居家办公"
                        or (kind == "remote" and re.match(r"(?:可在|可以在|在|喺)", clause))
                        # "（全国可远程）", "岗位全程远程办公": can be done so, the job is so
                        or re.search(
                            r"(?:可|可以|均可|都可以)\s*$|(?:岗位|崗位|職位|职位|工作)(?:全程|完全|全部)?\s*$",
                            clause[: m.start()],
                        )
                        or later
                    )
                ):
                    after = line[max(line.find(clause), 0) + m.end() :]
                    detail = _arrangement_detail(kind, after, clause)
                    if detail:  # "remote within Hong Kong." ends its sentence, not its detail
                        detail = detail.rstrip(" .。;；,，") or None
                    if detail:  # "Fully remote, but candidates must live in…"
                        detail = re.sub(r"^(?:but|and|however|though)\s+", "", detail, flags=re.I)
                    if (
                        detail
                        and (at := line.find(detail)) >= 0
                        and (
                            rest_days := re.match(
                                r",\s*(?:and\s+)?(?:the rest|other days|the other days|remaining days)"
                                r"[^,.;\n]{0,40}",
                                line[at + len(detail) :],
                                re.I,
                            )
                        )
                    ):  # "Mondays and Fridays at home, the rest in the studio"
                        detail += rest_days.group()
                    if (
                        detail is None
                        and kind == "hybrid"
                        and re.search(r"[\d一二两兩三四]", m.group())
                    ):
                        detail = clause if len(clause) <= 30 else m.group()  # "每周可居家办公2天"
                    if detail is None and kind == "hybrid" and m.group().startswith("其"):
                        # "每周二、四到公司，其余在家": the days named before, and the rest at home
                        both = re.search(r"[^，,；;。:：]*[，,]\s*其[余餘][^，,；;。]*", line)
                        detail = both.group().strip() if both else None
                    found.append({"kind": kind, "detail": detail})
                    if later:  # "onsite during training, then hybrid (…)": what the job becomes
                        return found[-1]
    # "Subject: … (Remote)" then "Remote，只限香港或新加坡": the first kind, with what is said of it
    # "Subject: … – remote (US)" then "Fully remote, but candidates must live in the Central or
    # Eastern time zone": the body's says more
    said = [f for f in found if f["kind"] == found[0]["kind"] and f["detail"]]
    return max(said, key=lambda f: len(f["detail"])) if said else found[0] if found else None


def _hours_asked(item: str, d: _Draft) -> bool:
    """ "全職，需輪班（早、午、夜更）": a must that only says how the hours are worked is the
    schedule, when the note gives no other; True when it was read so."""
    said = find_schedule(item)
    if (
        "schedule" in d.values
        or not said
        or len(said) < 0.8 * len(item.strip())
        or REQUIREMENT_LIKE.search(item)
        # "能接受倒班", "能上夜班": what the candidate can do is asked of them
        or re.match(
            r"\s*(?:能|可以?|愿意|願意|接受|肯|服从|服從|遵守|able|willing|can)", item, re.I
        )
    ):
        return False
    d.put("schedule", said)
    return True


def _take_typed(piece: Piece, d: _Draft) -> str:
    """Typed facts in the piece go to their fields; the rest of its text is returned."""
    text = piece.text
    vocab = vocabulary()
    rest = text
    for span in d.consumed:  # pay, what comes on top and the schedule, read from the whole note
        if text.strip(" ,，.。") and text.strip(" ,，.。") in span:
            return ""
        if span in rest:
            rest = rest.replace(span, " ")
    for m in EMAIL.finditer(text):
        d.apply.setdefault("email", m.group().rstrip("."))
        rest = rest.replace(m.group(), " ")
    for m in WHATSAPP_AFTER.finditer(rest):
        d.apply.setdefault("whatsapp", m.group("number").strip())
        rest = rest.replace(m.group(), " ")
    for m in WHATSAPP.finditer(rest):
        d.apply.setdefault("whatsapp", m.group("number").strip())
        who = (m.group("who") or "").strip(" ,，")
        if who:
            name = _contact_name(who)
            if name:
                d.apply.setdefault("contact", name)
        rest = rest.replace(m.group(), " ")
    for m in WECHAT.finditer(rest):
        d.apply.setdefault("wechat", m.group(1).strip())
        rest = rest.replace(m.group(), " ")
    for m in URL.finditer(rest):
        if "@" in text[max(0, text.find(m.group()) - 1) : text.find(m.group())]:
            continue
        d.apply.setdefault("url", m.group().rstrip(".,;"))
        rest = rest.replace(m.group(), " ")
    taken = [(m.start(), m.end()) for m in PAY.finditer(rest) if _amount_ok(m.group())]
    taken += _pay_statement(rest)
    if piece.label in (None, "apply", "company", "about") or not REQUIREMENT_LIKE.search(rest):
        for phone in _phone_spans(rest, taken):
            if phone not in d.apply.values():
                d.apply.setdefault("phone", phone)
            before = rest[: rest.find(phone)]
            if (who := NAME_BEFORE.search(before)) and (name := _contact_name(who.group("who"))):
                d.apply.setdefault("contact", name)
                rest = rest.replace(who.group("who"), " ", 1)
            if (same := SAME_NUMBER.search(rest)) and (d.apply.get("phone") == phone):
                d.apply.setdefault("wechat" if "wechat" in same.group(1).lower()
                                   or "微信" in same.group(1) else "whatsapp", phone)  # fmt: skip
                rest = rest.replace(same.group(), " ")
            rest = rest.replace(phone, " ")
    if piece.label in (None, "apply", "deadline"):
        for m in PERSON.finditer(rest):
            if re.search(r"\b(?:from|by|per|cc)\s+$", rest[: m.start()], re.I):
                continue  # "two changes from Dr Ho": whose word it is, not whom to reach
            hailed = re.fullmatch(r"\s*(?:hi|hey|hello|dear|嗨|哈囉)\b\s*", rest[: m.start()], re.I)
            if (
                (hailed or not rest[: m.start()].strip())
                and (
                    greeting := re.match(
                        r"\s*(?:您好|你好)\s*[,，!！～~]?"
                        + (r"|\s*(?:[,，!！～~]|$)" if hailed else r"|\s*[，!！～~]\s*$")
                        # "小金：" on a line of its own: whom the mail is to
                        + (r"|\s*[:：]?\s*$" if m.group().startswith("小") else ""),
                        rest[m.end() :],
                    )
                )
            ):  # "Hi 小孙，", "小孙你好": the colleague the note is written to
                d.notes.append(
                    f"left out {m.group().strip()!r}: the colleague the note is written to"
                )
                rest = rest[: m.start()] + " " + rest[m.end() + greeting.end() :]
                continue
            person = (m.group(1) or m.group()).strip()
            d.apply.setdefault("contact", person)
            rest = rest.replace(person, " ")
        m = DEADLINE.search(rest) or DEADLINE_AFTER.search(rest)
        if m and (piece.label == "deadline" or re.search(r"截止|截至|deadline|clos|apply by|前", m.group(), re.I)
                  or piece.label == "apply"):  # fmt: skip
            d.apply.setdefault("deadline", m.group(1).strip())
            rest = rest.replace(m.group(), " ")
        addr = find_address(rest)
        if addr is None and piece.label == "apply":
            addr = _address_in(rest)
        if addr:
            d.apply.setdefault("address", addr)
            rest = rest.replace(addr, " ")
    if piece.label in (None, "employment_type", "title"):
        said = [m for pat in vocab.employment.values() if (m := _outside_names(pat, rest))]
        if (
            said
            and piece.label is None
            and any(
                re.match(
                    r"\s*(?:ok|okay|possible|fine|allowed|too|also|可以|得唔得|得不得)?\s*[?？]+\s*$",
                    rest[m.end() :],
                    re.I,
                )
                for m in said
            )
        ):
            # "Part time ok?? no sorry it's full time": a question states no type, nor anything else
            d.notes.append(f"employment type: {piece.text!r} is a question, not the type")
            return ""
        if len(said) > 1 and re.search(r"或|\bor\b|/|均可|都可以|either", rest, re.I):
            # "全職或兼職均可": a choice the recruiter leaves open, not a type — and none is taken
            # from another piece either (the key set to None)
            words = " / ".join(m.group() for m in sorted(said, key=lambda m: m.start()))
            d.ambiguous.append(Gap(field="employment_type", text=words,
                                   message="the note offers a choice of employment types; say which"))  # fmt: skip
            d.values.setdefault("employment_type", None)
            said = []
        for kind, pattern in vocab.employment.items() if said else ():
            m = _outside_names(pattern, rest)
            if m and "employment_type" not in d.values:
                d.values["employment_type"] = kind
                d.values["employment_text"] = m.group()
                # "CS Intern": the type word that is the role's only noun stays in the title
                own_noun = _only_role_noun(m.group(), rest.replace(m.group(), " ", 1)) or any(
                    r.start() <= m.start() and m.end() <= r.end() for r in ROLE_WORD.finditer(rest)
                )  # "IT运维实习生": the type word inside the role's own noun stays with it
                if piece.label != "title" and not own_noun:
                    rest = rest.replace(m.group(), " ", 1)
            elif m and d.values.get("employment_type") != kind and kind != "full-time":
                d.ambiguous.append(Gap(field="employment_type", text=m.group(),
                                       message=f"the note also says {m.group()!r}"))  # fmt: skip
    if piece.label in (None, "arrangement", "location", "title"):
        # the arrangement is read along the note's lines (find_arrangement); here its words
        # leave the piece
        found = d.values.get("arrangement") or {}
        if found and (m := vocab.arrangement[found["kind"]].search(rest)):
            rest = rest.replace(m.group(), " ", 1)
            if found.get("detail"):
                rest = rest.replace(found["detail"], " ", 1)
    if piece.label in (None, "headcount", "title"):
        m = HEADCOUNT.search(rest)
        if total := re.search(r"[共合]\s*(?:計|计)?\s*(\d{1,3})\s*(?:名|位|人|個|个)", rest):
            m = total  # "每間1名，共2名": the total
        if m and TEAM_SIZE.search(rest[max(0, m.start() - 25) : m.start()]):
            m = None  # "leading 10 agents", "管 chat team（8個人）": the team's size, not the hires'
        if m:
            group = next(i for i, g in enumerate(m.groups(), 1) if g)
            if count := _count(m.group(group)):
                d.values.setdefault("headcount", count)
            if piece.label != "title":  # the number and its unit go, "招聘质检专员" stays
                cut = m.start() if re.match(r"\s*[x×]|\d", m.group()) else m.start(group)
                rest = rest[:cut] + " " + rest[m.end() :]
    return re.sub(r"\s{2,}", " ", rest).strip(" ,，;；:：.。-–—/|()（）")


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


_LEGAL_NAME = re.compile(
    r"\b(?:[A-Z][\w&'.-]*\s){0,4}[A-Z][\w&'.-]*\s(?:Ltd\.?|Limited|Inc\.?|LLC|GmbH|plc|Co\.|"
    r"Company|Group|Holdings|Bank|Insurance|Hotels?|Resort|Clinic|Logistics|Telecom|Airlines?|"
    r"Travel|Retail|Pharmacy|Dental|Medical|Express|Mobile|Couriers?|Solutions|Studios?|Corp\.?|"
    r"Corporation|Technologies|Labs|Sdn\.? Bhd\.?)\b(?:\s(?:Ltd\.?|Limited|Inc\.?|Sdn\.? Bhd\.?))?"
    r"|[\u3400-\u9fff]{2,14}(?:[（(][\u3400-\u9fff]{2,4}[)）])?(?:有限公司|集團|集团|股份有限公司)"
)


def _outside_names(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match of `pattern` that is not a word inside a company's name: 外判 in
    '信諾外判服務有限公司' says what the company does, not what the job is."""
    names = [m.span() for m in _LEGAL_NAME.finditer(text)]
    for m in pattern.finditer(text):
        if not any(a <= m.start() and m.end() <= b for a, b in names):
            return m
    return None


# A description of the employer, then its name: "一家咖啡连锁（山海咖啡）", "24小時 call centre
# （Horizon BPO）", "一間手機舖（Mobile Plus）", "一間網上補習平台 StudyMate". After "一家/一間/某"
# the words up to a bracket describe, whatever they are ("一間跨境電商（Boxwell Trading）",
# "某美国家居品牌中国团队（Oakhaven Home）"); without it, a noun of an organisation must end them
# ("跨境物流公司（迅鸥国际物流）", "本地大型連鎖超市集團（FreshMart 鮮滿超市）").
_NAME_IN_BRACKET = r"\s*[（(]\s*(?P<bracket>[^（）()，,。]{2,30}?)\s*[）)]"
_NAMED_AFTER = (
    re.compile(r"(?:一家|一間|一间|嗰間|某)[^，。,;；\n（()）|｜/]{1,16}?" + _NAME_IN_BRACKET),
    re.compile(
        r"(?:一家|一間|一间|嗰間|某|\b(?i:an?|our)\s)[^，。,;；\n|｜]{0,30}?(?:公司|品牌|连锁|連鎖|集团|集團|[舖铺店]|平台|中心|"
        r"(?i:call cent(?:re|er)|company|brand|chain|store|shop|platform|agency|firm|seller|retailer|"
        r"merchant|provider|operator|group|insurer|airline|hotel|clinic|bank|startup))"
        r"(?:" + _NAME_IN_BRACKET + r"|\s+(?P<latin>[A-Z][\w&.'-]*(?:\s[A-Z][\w&.'-]*){0,3})\b)"
    ),
    re.compile(
        r"(?P<desc>[\u3400-\u9fff]{0,12}(?:公司|品牌|连锁|連鎖|集团|集團|平台|中心))"
        + _NAME_IN_BRACKET
    ),
)
# an organisation's own word ends a name that holds a role's: "鹭翔航空客服中心" is no role
_ORG_END = re.compile(r"(?:中心|公司|集团|集團|銀行|银行|酒店|診所|诊所|centre|center)$", re.I)


def _name_like(name: str) -> bool:
    """A company's name, not a description, place, level, role or term in brackets."""
    return bool(
        name
        and not _is_place(name)
        and not _is_generic(name)
        and not _UNDISCLOSED.search(name)
        and not (_level_of(name) and not re.match(r"[A-Z]", name))  # "Mobile Plus" is a name
        and not re.search(r"\d|[:：]|[舖铺]$", name)
        and not (ROLE_WORD.search(name) and not _ORG_END.search(name))
        and (re.match(r"[A-Z]", name) or len(CJK_CHAR.findall(name)) >= 3)
        and not any(p.search(name) for p in vocabulary().employment.values())
    )


def _named_after_description(text: str) -> str | None:
    """The employer's name where the note describes it first and names it after."""
    found = []
    for pattern in _NAMED_AFTER:
        for m in pattern.finditer(text):
            name = (m.group("bracket") or m.groupdict().get("latin") or "").strip()
            desc = m.groupdict().get("desc")
            if desc:  # "招聘跨境物流公司（…）": the words after the clause's verb describe
                desc = re.sub(
                    r"^.*?(?:招聘|诚聘|誠聘|急聘|招|請|请|聘|係|是|为|為|喺|在)", "", desc
                )
            if _name_like(name) and (desc is None or _is_generic(desc)):
                found.append((m.start(), name))
                break
    return min(found)[1] if found else None


# A shop, clinic or restaurant written as a piece of its own, named and then its kind: "鮮匯超市",
# "仁和社区门诊部" (a kind alone, "大型超市", is a description: `_is_generic`)
_SHOP_NAME = re.compile(
    r"(?:^|(?<=[\s，,。；;|/]))([\u3400-\u9fff]{2,8}(?:超市|便利店|藥房|药房|餐廳|餐厅|茶餐廳|茶餐厅|酒樓|"
    r"酒楼|咖啡店|診所|诊所|門診部|门诊部|牙科中心|健身中心|美容院|眼鏡店|眼镜店))(?=$|[\s，,。；;|/])",
    re.M,
)


def _company_from_text(text: str) -> str | None:
    """A company name the note writes with its legal or organisation word, or a shop's name
    written as a piece of its own."""
    m = _LEGAL_NAME.search(text)
    if not m:
        named = _named_after_description(text)
        if named is None and (shop := _SHOP_NAME.search(text)) and not _is_generic(shop.group(1)):
            return shop.group(1)
        return named
    name = m.group().strip()
    if re.match(r"^(?:The|A|An|Our|At|For|Join)\s", name):
        name = name.split(" ", 1)[1]
    # "觀塘迅達速遞有限公司請…": the district before a Chinese name is the place, not the name
    for place, _j, at in find_places(name):
        if at == 0 and CJK_CHAR.search(place) and len(name) - len(place) >= 4:
            name = name[len(place) :]
            break
    return name


_COMPANY_WORD = re.compile(
    # …not a perk the company gives ("Company laptop and headset provided")
    r"公司|集團|集团|企業|企业|銀行|银行|\b(?:company|ltd|limited|inc|group|bank|insurer|firm)\b"
    r"(?!\s+(?:laptop|phone|car|shuttle|trip|outings?|events?|pension|equipment|headset))",
    re.I,
)


_UNDISCLOSED = re.compile(
    r"不对外公开|不對外公開|不公开|不公開|保密|暂不|暫不|不方便透露|不便透露|唔方便講|唔講得|"
    r"唔方便透露|唔便透露|不願透露|不愿透露|唔透露|"
    r"not disclosed|confidential|name given|"
    r"disclosed (?:at|on|in|after)|(?:name|client) (?:withheld|undisclosed)|面試時?(?:透露|告知)|面试时?(?:透露|告知)",
    re.I,
)


@once
def _descriptors() -> tuple[re.Pattern[str], frozenset[str]]:
    raw = vocabulary().raw["company_descriptors"]
    zh = sorted(raw["zh"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, zh))), frozenset(w.lower() for w in raw["en"])


def _is_generic(name: str) -> bool:
    """A description of the employer, not its name: nothing is left once places, describing
    words and a "not disclosed" aside are taken out."""
    name = name.strip()
    if vocabulary().generic_company.search(name) or _UNDISCLOSED.search(name):
        return True
    rest = re.sub(r"[（(][^）)]*[）)]", " ", name)
    for place, _j, _at in find_places(rest):
        rest = rest.replace(place, " ")
    zh, en = _descriptors()
    if CJK_CHAR.search(rest):
        return len(CJK_CHAR.findall(zh.sub("", rest))) < 2 and not re.search(r"[A-Za-z]{2,}", rest)
    words = re.findall(r"[A-Za-z][\w&'-]*", rest)
    return bool(words) and all(w.lower() in en for w in words)


def _is_place(name: str) -> bool:
    if _ZH_DISTRICT.fullmatch(name.strip()):  # "河西区", "鄞州區": a district the list lacks
        return True
    places = find_places(name)
    return bool(places) and sum(len(p[0]) for p in places) >= 0.6 * len(name.strip())


_ZH_DISTRICT = re.compile(r"(?![小社园園学學校景商])[\u4e00-\u9fff]{2,3}(?:区|區|县|縣)")


def _jurisdiction(places: list[tuple[str, str, int]], text: str) -> str:
    kinds = [j for _, j, _ in places]
    for j in ("hk", "cn", "eu", "us"):
        if j in kinds:
            return j
    if kinds:
        return "other"
    from drafter.readers import detect_language

    if detect_language(text) == "zh-Hans":
        return "cn"  # a Simplified note that names no place is read as a mainland job
    return "other"


def _joined(places: list[tuple[str, str, int]], text: str) -> list[tuple[str, str, int]]:
    """Places written next to each other are one place: "杭州余杭", "Kwun Tong, Kowloon"; so
    are places offered as alternatives ("將軍澳或荃灣")."""
    out: list[tuple[str, str, int]] = []
    for place in places:
        if out:
            name, juris, at = out[-1]
            gap = text[at + len(name) : place[2]]
            if place[2] >= at + len(name) and re.fullmatch(
                r"[\s,，]{0,2}|\s*(?:or|/|或|或者)\s*|\s*(?:and|&)\s*|[、同和及]", gap, re.I
            ):  # "Causeway Bay or Tsim Sha Tsui", "將軍澳、荃灣同元朗": the places, as written
                out[-1] = (text[at : place[2] + len(place[0])], juris, at)
                continue
        out.append(place)
    return out


_PLACE_LEAD = re.compile(
    r"^(?:the\s+)?(?:venue|location|place of work|workplace|office|site|store|shop|branch)\s+"
    r"(?:is|will be)\s+(?:at\s+|in\s+)?",
    re.I,
)


# One part of a place written as a run of parts: "Lygon St", "Carlton VIC", "4 Tampines Central 5"
_PLACE_PART = re.compile(r"(?:\d{1,4}\s)?[A-Z][\w'.&-]*(?:\s(?:[A-Z][\w'.&-]*|\d{1,4})){0,3}")
# …a region written after it: "Carlton VIC", "TX"
_REGION_PART = re.compile(r"(?:[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s)?[A-Z]{2,3}")
_NOT_A_PLACE_PART = re.compile(
    r"\b(?:Pharmacy|Clinic|Bank|Group|Ltd|Limited|Inc|Co|Company|Hotel|Store|Shop|Hospital|School|"
    r"Restaurant|Airways|Airlines|Logistics|Insurance|Assurance|Finance|Capital|Partners|Holdings|"
    r"Technologies|Systems|Media|Travel|Properties|Property|Management|Consulting|Agency|Studios?|"
    r"Telecom|Services?|Solutions|Team|Dental|GP)\b"
)


def _place_before_arrangement(text: str) -> str | None:
    """A labelled place without the arrangement or the days written after it, cut at the last
    separator that leaves them all behind: "IT Park, Lahug, Cebu City (on-site)" → "IT Park,
    Lahug, Cebu City"; "Kwai Chung, with hybrid work (WFH Mon & Fri)" → "Kwai Chung"."""
    for m in reversed(list(re.finditer(r",\s*|，|\s+[-–—]\s+|\s*[(（]", text))):
        head, tail = text[: m.start()].strip(), text[m.end() :]
        if head and any(f(tail) and not f(head) for f in (find_arrangement, find_schedule)):
            return head
    return None


def _place_run(place: str, text: str, names: tuple[str | None, ...] = ()) -> str | None:
    """The place as a line writes it in a run of comma parts after the employer or a label:
    "Carlton Smiles Dental, Lygon St, Carlton VIC" → "Lygon St, Carlton VIC"; "Hospital: Ruby
    City Hospital, Kharadi, Pune" → "Kharadi, Pune". Parts before the place are districts,
    buildings or a street (the run stops at the street's left: what stands there is the
    employer); parts after it are places or a region ("VIC", "TX")."""

    def part_ok(part: str) -> bool:
        return bool(
            _PLACE_PART.fullmatch(part)
            and len(part) <= 40
            and not _NOT_A_PLACE_PART.search(part)
            and not ROLE_WORD.search(part)
            and not SCHEDULE.search(part)
            and not REQUIREMENT_LIKE.search(part)
            and not _NOT_A_NAME.match(part)
            and not any(name and (name in part or part in name) for name in names)
        )

    for line in text.splitlines():
        if place not in line:
            continue
        body = re.sub(r"\s*[(（][^)）]*[)）]\s*$", "", _BULLET.sub("", line, count=1)).strip()
        body = next(p for p in re.split(r"\s[–—-]\s", body) if place in p) if place in body else ""
        body = re.sub(r"^[A-Za-z][A-Za-z ]{0,20}[:：]\s*", "", body)  # "Outlet: …"
        parts = [p.strip() for p in body.split(",")]
        at = next((i for i, p in enumerate(parts) if place in p), None)
        if at is None or not part_ok(parts[at]):
            continue
        first = last = at
        while first > 0 and not _STREET.search(parts[first]) and part_ok(parts[first - 1]):
            first -= 1
        for k in range(at + 1, len(parts)):  # "…, Mabolo, Cebu City": up to a known place
            if not (_REGION_PART.fullmatch(parts[k]) or part_ok(parts[k])):
                break
            if _REGION_PART.fullmatch(parts[k]) or _places_in(parts[k]):
                last = k
        if first < last:
            return ", ".join(parts[first : last + 1])
    return None


def _place_piece(place: str, text: str, names: tuple[str | None, ...] = ()) -> str:
    """The place as its note piece writes it, where the piece (a line, a bullet, a " | " part)
    says nothing but where: "• 荃灣 青山公路", "| Citygate, Tung Chung |", "▸ 葵涌 葵昌路"."""
    if place.isascii() and (run := _place_run(place, text, names)):
        return run
    # a line or bar part, one between dashes ("Coral Logistics – Changi South, Singapore"),
    # then one between commas ("…, NordLink Telecom, Dublin city centre, on site, …")
    pieces = [m.group() for m in re.finditer(r"[^\n|｜]+", text)]
    # …and a sentence: "IT Park, Lahug."
    pieces = [x for p in pieces for x in re.split(r"(?<=[a-z\d][.!?])\s+(?=[A-Z\d])", p) if x]
    whole = len(pieces)
    pieces += [x for p in pieces for x in re.split(r"\s[–—-]\s", p)]
    lines = len(pieces)
    pieces += [x for p in pieces for x in re.split(r"[,，;；]", p)]
    for n, raw in enumerate(pieces):
        piece = re.sub(r"[\s.。]+$", "", _BULLET.sub("", raw, count=1)).strip()
        piece = _PLACE_LEAD.sub("", piece)  # "Venue is Taipa Central Pavilion"
        if piece == place and n < whole:
            return place  # "▪ Kwai Fong": the note writes the place alone
        if place not in piece or piece == place or len(piece) > 40:
            continue
        if re.search(rf"[（(]\s*{re.escape(place)}\s*[）)]", piece):
            return place  # "西醫診所（荃灣）": what is there, then where; the place is in brackets
        rest = piece.replace(place, " ")
        if n >= lines and (
            not re.fullmatch(r"\s*(?:[A-Za-z]+\s*){1,3}", rest)
            or not place.isascii()
            or re.search(r"\bon[- ]?site\b|\boffice\b", rest, re.I)
        ):
            continue  # a comma piece adds a word or two to the name ("Dublin city centre")
        if (
            _label_at(piece)
            or any(name and name in rest for name in names)  # "Pinecrest Utilities, Garden Grove"
            or re.search(r"\d{4,}|@|https?:|www\.|[$€£¥]|\b(?:and|or)\b|[或及和、]", rest)
            or ROLE_WORD.search(rest)
            or _COMPANY_WORD.search(rest)
            or SCHEDULE.search(rest)
            or REQUIREMENT_LIKE.search(rest)
            or DUTY_START.match(rest.strip())
            or _benefit_like().search(rest)
            or re.search(r"remote|hybrid|wfh|在家|遙距|远程|遠程|branch|分店|分行", rest, re.I)
            or re.search(r"\b(?:pls|plz|please|quick one|for the)\b", rest, re.I)  # to a colleague
            or find_pay(rest)
        ):
            continue
        return piece
    return place


# where the note says the work is: "工作地点在广州南沙区", "based in", "office in"
_WORKPLACE_CUE = re.compile(
    _WORKPLACE_WORDS + r"\s*$|"
    r"\b(?:based (?:in|at)|office (?:is )?in|work(?:ing)? location(?: is)?:?)\s*$",
    re.I,
)


def _place_sentence(place: tuple[str, str, int], text: str) -> bool:
    """The place stands in a sentence of its own, with at most a name before it."""
    if not text or text[place[2] : place[2] + len(place[0])] != place[0]:
        return False
    start = max(text.rfind(c, 0, place[2]) for c in ".。!！?？\n") + 1
    ends = [i for c in ".。!！?？\n" if (i := text.find(c, place[2] + len(place[0]))) >= 0]
    sentence = text[start : min(ends) if ends else len(text)].strip()
    return (
        bool(sentence)
        and len(sentence) <= 30
        and bool(
            re.fullmatch(
                r"(?:[A-Z][\w'&-]*\s){0,3}[A-Z][\w'&-]*,\s*" + re.escape(place[0]), sentence
            )
        )
    )


def _pick_location(places: list[tuple[str, str, int]], d: _Draft, text: str = "") -> str | None:
    """The most specific place the note names; two specific places are ambiguous. A place the
    note names as the workplace ("工作地点在…") comes first."""
    # "9PM–6AM Manila time": a clock, not a place
    places = [p for p in places if not re.match(r"\s+time\b", text[p[2] + len(p[0]) :], re.I)]
    cued = [p for p in places if _WORKPLACE_CUE.search(text[max(0, p[2] - 12) : p[2]])]
    # "…pls post this one for Cebu: … IT Park, Lahug. 1 TL slot only": a sentence that is
    # nothing but a place says where the job is
    alone = [p for p in places if p not in cued and _place_sentence(p, text)]
    places = cued + alone + [p for p in places if p not in cued and p not in alone]
    specific = [p for p in places if p[0] not in _BROAD]
    names: list[str] = []
    for p in specific or places:
        if p[0] not in names:
            names.append(p[0])
    if not names:
        return None
    # "总部在深圳…工作地点为深圳市宝安区西乡街道": the more specific of the two is the place
    names = [next((m for m in names if m != n and m.startswith(n)), n) for n in names]
    names = list(dict.fromkeys(names))
    if re.search(r"\sor\s|或|\s/\s", names[0]):  # "將軍澳或荃灣": as written, and asked
        d.ambiguous.append(Gap(field="location", text=names[0],
                               message=f"the note offers a choice of places ({names[0]}); "
                                       "say where the job is, if it is one"))  # fmt: skip
    elif len(names) > 1 and specific:
        # "Kwun Tong or Kowloon Bay": two possible places of work
        d.ambiguous.append(Gap(field="location", text=", ".join(names),
                               message=f"the note names {len(names)} places ({', '.join(names)}); "
                                       f"{names[0]!r} was used"))  # fmt: skip
    return names[0]


# The kinds the model may give a piece the labels and patterns did not place.
PIECE_KINDS = ("title", "company", "duty", "requirement", "benefit", "schedule", "about", "other")

READ_SCHEMA_BASE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "title": {"type": "string", "maxLength": MAX_TITLE},
        "company": {"type": "string", "maxLength": 80},
        "location": {"type": "string", "maxLength": 60},
        "contact": {"type": "string", "maxLength": 40},
    },
    "required": ["title", "company", "location", "contact"],
}


def read_schema(open_pieces: int) -> dict[str, Any]:
    """The model's answer: three spans and exactly one kind per open piece."""
    schema = json.loads(json.dumps(READ_SCHEMA_BASE))
    if open_pieces:
        schema["properties"]["kinds"] = {
            "type": "array",
            "items": {"type": "string", "enum": list(PIECE_KINDS)},
            "minItems": open_pieces,
            "maxItems": open_pieces,
        }
        schema["required"].append("kinds")
    return schema


class _Answer(BaseModel):
    """The reader's answer as the schema asks it: strings within their lengths, known kinds."""

    model_config = ConfigDict(extra="ignore", strict=True)

    title: str = Field(max_length=MAX_TITLE)
    company: str = Field(max_length=80)
    location: str = Field(max_length=60)
    contact: str = Field(max_length=40)
    kinds: list[Literal[PIECE_KINDS]] = Field(default_factory=list)  # type: ignore[valid-type]


def _answer_problem(raw: str, open_pieces: int) -> tuple[dict[str, Any] | None, str]:
    """The answer if it is the JSON the schema asks for; else what is wrong with it, in a line."""
    try:
        data = json.loads(raw, strict=False)
    except json.JSONDecodeError:
        return None, "the answer was not JSON"
    if not isinstance(data, dict):
        return None, "the answer was not one JSON object"
    try:
        answer = _Answer.model_validate(data)
    except ValidationError as exc:
        where = "; ".join(
            f"{'.'.join(str(x) for x in e['loc']) or 'answer'}: {e['msg']}"
            for e in exc.errors()[:4]
        )
        return None, where
    if open_pieces and len(answer.kinds) != open_pieces:
        return None, f"kinds: give exactly {open_pieces} kind(s), one per numbered piece"
    return answer.model_dump(), ""


def _ask_model(
    text: str, open_pieces: list[str], backend: Backend, settings: Settings
) -> tuple[dict[str, Any], Usage]:
    """The model's spans and kinds; re-asked (bounded) when its answer is not the JSON asked:
    not JSON, a value of the wrong type or length, a key or a piece's kind missing."""
    numbered = "\n".join(f"{i + 1}. {p}" for i, p in enumerate(open_pieces)) or "(none)"
    messages = prompts.extract_messages(
        settings.prompts_dir, text, pieces=numbered, count=len(open_pieces)
    )
    usage = Usage(backend=backend.name, model=backend.model)
    schema = read_schema(len(open_pieces))
    last = why = ""
    for attempt in range(settings.max_reasks + 1):
        asked = messages
        if attempt:  # say what did not fit; the question itself stays as it was
            asked = [*messages[:-1], {**messages[-1], "content": messages[-1]["content"]
                     + f"\nYour last answer did not fit the JSON asked for ({why}). "
                     "Answer again with every key, each value a string from the note."}]  # fmt: skip
        done = backend.complete(asked, schema=schema, max_tokens=120 + 10 * len(open_pieces))
        usage = usage.add(done.usage)
        last = done.text
        data, why = _answer_problem(last, len(open_pieces))
        if data is not None:
            return data, usage
    # The facts were read by labels and patterns; without the model's answer the open pieces
    # are named for the recruiter to place, and nothing is guessed.
    return {"unanswered": last[:200]}, usage


_LIST_KINDS = ("duty", "requirement", "benefit")


def _sibling_kinds(pieces: list[Piece], kinds: list[str]) -> list[str]:
    """Pieces a clause lists together are of one kind: "受理车主咨询、预约保养、投诉登记" are three
    duties even where the model, reading each alone, calls one a requirement. A piece keeps its
    own kind where its words say so (a level, a skill, a perk) or the clause has no clear kind."""
    by_clause: dict[int, list[int]] = {}
    for i, piece in enumerate(pieces):
        by_clause.setdefault(piece.clause, []).append(i)
    out = list(kinds)
    for members in by_clause.values():
        listed = [kinds[i] for i in members if kinds[i] in _LIST_KINDS]
        if len(members) < 3 or not listed:
            continue
        top = max(_LIST_KINDS, key=listed.count)
        if listed.count(top) * 2 <= len(members):
            continue  # no kind holds most of the line
        for i in members:
            text = pieces[i].text
            own = (
                _level_of(text)
                or (kinds[i] == "requirement" and REQUIREMENT_LIKE.search(text))
                or (kinds[i] == "benefit" and _benefit_like().search(text))
                or (kinds[i] == "duty" and DUTY_START.match(text))
            )
            if kinds[i] != top and not own:
                out[i] = top
    return out


def _span(value: Any, text: str) -> str | None:
    """The model's value if the note holds it word for word (case aside), in the note's case."""
    value = str(value or "").strip().strip("\"'“”")
    if not value:
        return None
    at = text.lower().find(value.lower())
    return text[at : at + len(value)] if at >= 0 else None


_QUESTION = re.compile(
    r"\s*(?:and\s+|any\s+|what(?:'s| is| are| about)?\s+(?:the\s+)?)?"
    r"([A-Za-z\u3400-\u9fff][A-Za-z\u3400-\u9fff /&'.-]{1,30}?)\s*(?:呢|嘞|啊|呀)?\s*[?？]+\s*"
)


# what a chat asks and the next line answers with a value ("contract?" is asked yes or no)
_ASKED = ("pay", "schedule", "duties", "unlabelled", "must", "preferred", "nice", "benefits",
          "headcount", "location", "apply", "deadline")  # fmt: skip


def _questions_as_labels(text: str, chat: bool = False) -> tuple[str, list[str]]:
    """A chat's question that is a label of ours standing alone ("duties?", "salary?", "any
    reqs?") labels the answer on the next line: "duties: billing queries, meter reads". In a
    chat, any other short question ("要咩經驗？", "Welsh speakers?") states no fact: it is left
    out, and returned for the recruiter."""
    lines = text.split("\n")
    asked: str | None = None
    questions: list[str] = []
    for i, line in enumerate(lines):
        m = _QUESTION.fullmatch(line)
        if m and (label := _label_at(m.group(1) + ":")) and label[0] in _ASKED:
            asked, lines[i] = m.group(1), ""
            continue
        if (
            chat
            and re.search(r"[?？]\s*$", line)
            and len(line.strip()) <= 25
            and not _label_at(line)
        ):
            questions.append(line.strip())  # "要咩經驗？", "Welsh speakers?": no label asked
            lines[i] = ""
            continue
        if asked and line.strip():
            if not _label_at(line):
                lines[i] = f"{asked}: {line.strip()}"
            asked = None
    return "\n".join(lines), questions


_BRACKET_HEAD = re.compile(r"^(\s*)【([^】\n]{2,40})】\s*(?:[—–-]\s*)?(.*)$")


def _bracketed_head_as_title(text: str) -> str:
    """The note with a first line "【物业客服管家】北京朝阳区望京 · 锦华物业" read as its title
    under the title label, the rest of the line on a line of its own: a bracketed head that is no
    label of ours and names a role is the job's title."""
    lines = text.split("\n")
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None or not (m := _BRACKET_HEAD.match(lines[first])):
        return text
    head = m.group(2).strip()
    if (
        _label_at(lines[first])
        or not ROLE_WORD.search(head)
        or is_directive(head)
        or re.match(
            r"(?:誠聘|诚聘|招聘|急聘|急招|高薪誠聘|hiring\b|now hiring\b)", m.group(3), re.I
        )
    ):  # "【診所助理】誠聘 — 康橋醫務中心": read whole, as the role and its employer
        return text
    lines[first : first + 1] = [f"{m.group(1)}Title: {head}", m.group(3)]
    return "\n".join(lines)


# A mail's request that candidates or CVs go to its writer: "Please send candidates to me",
# "请于…前推荐合适人选", "麻煩…前 send 啲 CV 俾我", "send CV 過嚟"
_TO_SENDER = re.compile(
    r"\b(?:send|forward|refer|pass)\s+(?:me\s+)?(?:any\s+|the\s+|suitable\s+|good\s+)?"
    r"(?:CVs?|resumes?|résumés?|candidates?|applicants?|profiles?)\s+(?:back\s+)?(?:to\s+me|my\s+way|over)\b"
    r"|\b(?:send|forward|refer)\s+me\s+(?:any\s+|suitable\s+|good\s+)?(?:CVs?|resumes?|candidates?)\b"
    r"|推荐(?:合适|合適)?(?:的)?(?:候选人|候選人|人选|人選|简历|簡歷)|推薦(?:合適)?(?:的)?(?:候選人|人選|履歷)"
    r"|(?:帮忙|幫忙|帮我|幫我)推[荐薦]"
    r"|send\s*(?:啲|些)?\s*(?:CVs?|resumes?|履歷|履历|简历)\s*(?:過嚟|过来|俾我|畀我|給我|给我)"
    r"|(?:CV|简历|履歷|履历)\s*(?:发|發|寄|send)\s*(?:俾|畀|給|给)\s*我",
    re.I,
)
_PERSON_NAME = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}")


def _person_named(sender: str) -> str | None:
    """The person a mail's sender line names: "Daniel Ortiz", "周敏", "陈琳" of "海川跨境 HR 陈琳";
    none for a team or a company ("Skyport Ground Services HR")."""
    if m := re.search(r"(?:^|\s)([\u3400-\u9fff]{2,3})$", sender):
        return m.group(1)
    return sender if _PERSON_NAME.fullmatch(sender) and not _ORGANISATION.search(sender) else None


def read_note(
    text: str, *, backend: Backend, settings: Settings, legacy: bool = False
) -> tuple[Reading, Usage]:
    """Read a note (or a legacy JD, `legacy`) into a brief with what the recruiter must check."""
    clean, ignored = strip_injection(text)
    clean, speaker = without_speakers(clean)
    clean = _bracketed_head_as_title(clean)
    clean, questions = _questions_as_labels(clean, speaker is not None)
    sender = _SENDER.search(clean)  # "From: Angel Fung <angel.fung@…>", before headers go
    clean, superseded, changed = older_lines_given_again(clean)
    clean, signature = body_and_signature(clean)
    clean, corrected = apply_corrections(clean)
    clean, later = later_values_corrected(clean)
    corrected += changed + later
    # "呼叫中心 回访坐席 周末可排班": a space between Chinese words separates the pieces
    # …but a labelled place, title or name is one value: "【地點】九龍城 啟德 沐寧街"
    # …and a hiring verb is one piece with the role it opens: "急招 仓库夜班分拣员 10名"
    clean = "\n".join(
        re.sub(
            r"(?<=[\u3400-\u9fff])[ \t\u3000]+(?=[\u3400-\u9fff])",
            "，",
            _HIRING_SPACE.sub(r"\1", line),
        )
        if not re.search(r"[，,；;。]", line)
        and len(re.findall(r"[\u3400-\u9fff][ \t\u3000]+[\u3400-\u9fff]", line)) >= 2
        and not ((label := _label_at(line)) and label[0] in SCALAR_FIELDS)
        else line
        for line in clean.splitlines()
    )
    # "Game Support Specialist / KL Sentral / RM4,500 per mth / gamer preferred": a line of three
    # or more spaced slashes (or dashes: "Room attendants – Harbourview Suites – temp 3 months –
    # …") is written with them as its separator
    clean = "\n".join(
        re.sub(r"\s+/\s+", " | ", line)
        if len(re.findall(r"\s/\s", line)) >= 3
        else re.sub(r"\s+[-–—]\s+", " | ", line)
        if len(re.findall(r"\s[-–—]\s", line)) >= 3
        else line
        for line in clean.splitlines()
    )
    d = _Draft()
    d.notes += [f"left out {q!r}: a question in the chat, not a fact" for q in questions]
    for line in superseded:
        d.ambiguous.append(Gap(field="note", text=line[:160],
                               message="an older message quoted below gives this too; the newer "
                                       "message's is used"))  # fmt: skip
    for old, new in corrected:
        d.ambiguous.append(Gap(field="note", text=old,
                               message=f"the note corrects this; read as {new!r}" if new else
                                       "the note says this is no longer right; left out"))  # fmt: skip
    # a correction in a form the patterns do not read is still told
    for line in clean.splitlines():
        if _correction_words().search(line) and not any(n in line for _o, n in corrected):
            d.ambiguous.append(Gap(field="note", text=line.strip()[:160],
                                   message="this line corrects something the note says; "
                                           "check the brief has the corrected fact"))  # fmt: skip
    pieces = note_pieces(clean)
    open_pieces: list[Piece] = []
    duty_lines: set[int] = set()  # lines whose items the code read as duties
    duty_clauses: set[int] = set()  # and the clauses
    rest_of: dict[str, str] = {}  # an open piece without its typed facts, for a title
    # what the note lists under its requirements is asked of the candidate, never the schedule
    # ("任职资格：… 4、能适应倒班" had become the schedule, its number and all)
    lines = clean.splitlines()
    for p in pieces:
        if p.label in REQUIREMENT_FIELDS and p.line < len(lines):
            lines[p.line] = lines[p.line].replace(p.text, " " * len(p.text))
    schedule = next((p.text for p in pieces if p.label == "schedule"), None) or find_schedule(
        "\n".join(lines)
    )
    if schedule:
        d.values["schedule"] = schedule
        d.consumed.append(schedule)
    if pay := find_pay_and_extras(clean):
        d.values["pay"], d.values["pay_period"], d.extras = pay
        d.consumed += [pay[0], *pay[2]]
    if arrangement := find_arrangement(clean):
        d.values["arrangement"] = arrangement
        if arrangement["detail"]:
            d.consumed.append(arrangement["detail"])
    _later_corrections(clean, d)
    how, taken = find_apply(clean)
    d.apply.update(how)
    d.consumed += taken
    to_sender = _TO_SENDER.search(clean)
    me = (
        re.search(
            r"\b(?:me|myself)\b|(?:找|联系|聯絡|搵|打俾|WhatsApp|email|发|發|加)\s*我", clean, re.I
        )
        or to_sender
    )
    if signature and "contact" not in d.apply and me:
        # "WhatsApp me on 5408 7723" … "Joyce Lam": the sender is the contact
        first = next(
            (ln.strip() for ln in signature.splitlines() if ln.strip() and not _SIGN_OFF.match(ln)),
            "",
        )
        if re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}|[\u3400-\u9fff]{2,3}", first):
            whole = (sender.group("name") or "").strip(' "') if sender else ""
            # "From: 周婷 Tina Zhou" … "Tina": the sender's whole name
            d.apply["contact"] = whole if re.search(rf"\b{re.escape(first)}\b", whole) else first
    if speaker and "contact" not in d.apply and me:
        d.apply["contact"] = speaker  # "张姐：简历发我邮箱 …": who wrote the chat
    if "contact" not in d.apply and (email := d.apply.get("email")):
        words = [w for w in re.split(r"[._-]", email.split("@")[0]) if w.isalpha()]
        if len(words) >= 2 and (
            named := re.search(r"\b" + r"\s+".join(w.capitalize() for w in words) + r"\b", text)
        ):  # "寄件者：Joyce Fung（CS Manager）" … "send CV 去 joyce.fung@…": the person written to
            d.apply["contact"] = named.group()
    if sender:
        name, address = (sender.group("name") or "").strip(' "'), sender.group("email")
        if (
            address
            and "email" not in d.apply
            and (
                re.search(
                    r"\b(?:e-?mail|send)\s+(?:me\s+)?(?:your\s+)?(?:CV|resume|résumé)\b(?!\s+to\b)"
                    r"|email\s*(?:me|我)|電郵(?:俾)?我|发邮件给我"
                    r"|\b(?:questions|enquiries|queries|inquiries)\s+(?:to|for)\s+me\b",
                    clean,
                    re.I,
                )
                or to_sender
                # "有意者直接联系我" and no other way to reach anyone: the sender's address
                or (
                    not any(d.apply.get(k) for k in ("phone", "whatsapp", "wechat", "url"))
                    and re.search(r"\bcontact me\b|(?:联系|聯絡|聯繫|找)\s*我", clean, re.I)
                )
            )
        ):  # "email CV" with no address: the sender's
            d.apply["email"] = address
        email = d.apply.get("email", "")
        words = [w for w in re.split(r"[._-]", email.split("@")[0]) if w.isalpha()]
        if (
            "contact" not in d.apply
            and name
            and len(words) >= 2
            and [w.lower() for w in name.split()] == [w.lower() for w in words]
        ):  # "Contact: katrin.vogel@…" from Katrin Vogel
            d.apply["contact"] = name
        if (
            "contact" not in d.apply
            and email == address
            and to_sender
            and (person := _person_named(name))
        ):  # "发件人：周敏 <…>" … "请于…前推荐合适人选": the one the candidates go to
            d.apply["contact"] = person
    for piece in pieces:
        label = piece.label
        if label == "headcount" and (
            span := re.search(r"\d{1,3}\s*(?:-|–|—|~|至|到|to)\s*\d{1,3}", piece.text)
        ):  # "人数：10—15人": a range is no one number; the recruiter says which
            d.ambiguous.append(Gap(field="headcount", text=span.group(),
                                   message="the note gives a range of hires; say how many"))  # fmt: skip
            d.values.setdefault("headcount", None)
            continue
        if label == "headcount" and (
            m := re.search(r"(?<=[共合])\s*(\d{1,3})", piece.text)
            or re.search(r"\d{1,3}", piece.text)
        ):
            d.values.setdefault(
                "headcount", int(m.group())
            )  # "Headcount: 2", whatever else reads "2"
            continue
        rest = _take_typed(piece, d)
        if not rest or not re.search(r"\w", rest):
            continue
        if label in ("apply", "deadline"):
            if label == "deadline":
                d.apply.setdefault("deadline", rest)
            elif "contact" not in d.apply and (name := _contact_name(rest)) and name == rest:
                d.apply["contact"] = name
            elif not d.apply:
                d.apply.setdefault("instructions", piece.text)
            continue
        if rest != piece.text and _DOE.search(rest) and len(rest) <= 40:
            continue  # "Pay is … depending on experience": what is left of the pay
        if rest != piece.text and re.fullmatch(
            r"(?:salary|pay|rate|wage|band|range|package|gross|basic|薪|薪资|薪資|待遇|人工|[\W_])+",
            rest,
            re.I,
        ):
            continue  # "Salary band +" once the amount and what is on top went
        if (
            rest != piece.text
            and len(rest) <= 20
            and re.search(r"請於|请于|遞交申請|递交申请|申請|申请|apply|submit", rest, re.I)
            and not re.search(r"\d", rest)
        ):
            continue  # "請於 經 遞交申請" once the date and the address went: how to apply
        if rest != piece.text and re.fullmatch(
            r"(?:email|e-mail|call|phone|tel|whatsapp|wechat|apply|send|text|電郵|电邮|致電|致电|微信|電話|电话)"
            r"\W*(?:\w+\W*){0,4}",
            rest,
            re.I,
        ):
            continue  # "email …" once the address went: how to apply, already read
        if rest != piece.text and re.search(
            r"(?:联系|聯絡|聯繫|寄至|发至|發至|发到|發到|投递|投遞|报名网址|報名網址|网址|網址|邮件|郵件|电邮|電郵|email|微信|"
            r"WhatsApp|apply|send)\s*[:：]?\s*$",
            rest,
            re.I,
        ):
            continue  # "請將履歷寄至 …", "统一报名网址 …": the way to apply, already read
        if label == "subject":  # the e-mail's subject: the title and employer, when unlabelled
            if (m := HEADCOUNT.search(rest)) and (
                group := next((g for g in m.groups() if g), None)
            ):
                d.values.setdefault("subject_headcount", _count(group))  # "…代表 x 6（3個月）"
            for part in re.split(r"\s*(?:——|—|–|\s-\s|\||:|：)\s*", rest):
                role, who = role_and_employer(part)
                if ROLE_WORD.search(role) and "subject_title" not in d.values:
                    d.values["subject_title"] = role
                    if who:
                        d.values.setdefault("subject_employer", who)
                elif _COMPANY_WORD.search(part) and "subject_employer" not in d.values:
                    d.values["subject_employer"] = part.strip()
            continue
        if label in ("title", "company", "about", "location", "schedule", "headcount"):
            if label == "schedule":
                pass  # read above, as one span
            elif label == "headcount":
                if m := re.search(r"\d{1,3}", rest):
                    d.values.setdefault("headcount", int(m.group()))
            elif (
                label == "company"
                and (m := re.match(r"^(.+?)(?:,\s+|\s+[-–—·]\s+|\s*·\s*)(.+)$", piece.text))
                and _is_place(m.group(2))
                and not _is_place(m.group(1))
            ):
                d.put("company", m.group(1))  # "Store: Ardmore Books, Grafton St"
                d.put("location", m.group(2))
            elif (
                label == "company"
                and (m := re.match(r"^(.+?)\s+[-–—]\s+(.+)$", piece.text))
                and re.match(r"(?:an?\s+)?[a-z]", m.group(2))
                and not re.match(r"[a-z]", m.group(1))
            ):  # "Studio: Koala Forge Games — indie studio, 40 people": the name, then about it
                d.put("company", m.group(1))
                d.put("about", m.group(2))
            elif label == "location" and (head := _place_before_arrangement(piece.text)):
                # "Kwai Chung, with hybrid work (WFH Mon & Fri)", "觀塘，每星期最少返3日": the
                # arrangement and the days are read apart
                d.put("location", head)
            else:
                d.put(label, piece.text if label != "about" else rest)
            continue
        if label == "pay":  # "待遇：月薪 HKD 16,000，五天工作": a perk under the pay label
            if WEEK_PERK.search(rest) or _benefit_like().search(rest):
                perks = piece.text if len(rest) >= 0.8 * len(piece.text) else rest
                # "醫療、牙科、20 日年假" are three; "星期六日及公眾假期 $75" one
                listed = re.search(r"[、，,；;]", perks)
                for perk in split_items(perks, "benefits") if listed else [perks]:
                    d.add("benefits", _clean_item(perk))
            elif VAGUE_PAY.search(rest):
                d.values.setdefault("pay_vague", rest)
            elif "pay" not in d.values:
                d.ambiguous.append(Gap(field="pay", text=piece.text,
                                       message="read under the pay label but holds no amount"))  # fmt: skip
            continue
        if label in ("employment_type", "arrangement"):
            d.ambiguous.append(
                Gap(field=label, text=rest, message=f"{rest!r} is not a known {label}")
            )
            continue
        # the piece as written, unless typed facts took a good part of it ("PT shop asst MK")
        item = _clean_item(piece.text if len(rest) >= 0.8 * len(piece.text) else rest)
        if rest != piece.text and len(re.findall(r"\w", item)) <= 1:
            d.notes.append(f"left out {item!r}: what is left once typed facts were read")
            continue  # "加" once "季度绩效奖金" went to what is on top of the pay
        if label == "benefits" and PROBATION.search(item) and len(item) <= 30:
            d.ambiguous.append(Gap(field="note", text=item,
                                   message="a probation period: the brief has no field for it; "
                                           "add it to the ad yourself if it should be said"))  # fmt: skip
            continue
        if (
            label == "benefits"
            and rest != piece.text
            and not (_benefit_like().search(item) or WEEK_PERK.search(item))
        ):  # "转正后" once "月薪6000-8000元" went to the pay: what is left of a pay statement
            d.notes.append(f"left out {item!r}: what is left once the pay was read")
            continue
        if label == "benefits":
            d.add("benefits", item)
            continue
        if (
            label in REQUIREMENT_FIELDS
            and "employment_type" not in d.values
            and (
                kind := next(
                    (
                        k
                        for k, pat in vocabulary().employment.items()
                        if (t := pat.search(item))
                        and re.fullmatch(r"\W*(?:做|是|為|为|係)?\W*", item.replace(t.group(), ""))
                    ),
                    None,
                )
            )
        ):  # "要求做全职": what the job is, asked of no one
            d.values["employment_type"] = kind
            continue
        if label in REQUIREMENT_FIELDS and NOTHING_ASKED.search(piece.text):
            d.notes.append(f"requirements: {piece.text!r} asks for nothing")
            continue
        if label in REQUIREMENT_FIELDS and _REASON_ONLY.match(item):
            d.notes.append(f"left out {item!r}: why the note asks the item before, not an item")
            continue
        if label in REQUIREMENT_FIELDS:
            inline = _level_of(item)
            level = label if label != "must" or inline is None else inline
            if label in ("must", "unlabelled") and inline:
                level = inline
            if level == "must" and len(bare := _HEAD_MUST.sub("", item)) >= 2:
                item = bare  # "需粵語、普通話流利" under a must opener: 粵語、普通話流利
            if _REFERS.fullmatch(item):  # "呢兩樣係必須嘅": the level of the items before it
                d.notes.append(f"left out {item!r}: a level said of the items before it")
                continue
            if level == "must" and _hours_asked(item, d):
                continue
            # a line's leftover ("Salary is plus") keeps its words, to be named as such
            d.add(level, _without_level(item, level) if item in clean else item)
            continue
        if label == "duties":  # "…，会用ERP系统的优先" under a duty opener is a wish, not a duty
            level = _level_of(item)
            d.add(level if level in ("preferred", "nice") else "duties", item)
            duty_lines.add(piece.line)
            duty_clauses.add(piece.clause)
            continue
        # unlabelled: level words, perks and duty verbs decide; the rest goes to the model
        if re.fullmatch(
            r"(?i)\s*(?:needs?|must|required|essential|a must|preferred|a plus|nice to have|要|"
            r"需要|必须|必須|須|须|优先|優先|加分)\s*[.!。！]?\s*",
            item,
        ):
            d.notes.append(f"left out {item!r}: a level word with nothing it applies to")
            continue  # "Need 2." once its headcount was read
        if NOTHING_ASKED.search(item):
            d.notes.append(f"requirements: {item!r} asks for nothing")
            continue  # "no exp needed"
        if _DOE.match(item.strip()) and len(item) <= 16:
            d.notes.append(f"left out {item!r}: said of the pay")
            continue  # "月薪 $17,000 至 $20,000，視乎經驗而定"
        if (
            PROBATION.search(item) and len(item) <= 30
        ):  # "试用期3个月": no field of the brief holds it
            d.ambiguous.append(Gap(field="note", text=item,
                                   message="a probation period: the brief has no field for it; "
                                           "add it to the ad yourself if it should be said"))  # fmt: skip
            continue
        level = _level_of(item)
        if (
            level == "must"
            and _HIRES.fullmatch(_HEAD_MUST.sub("", item))
            and not REQUIREMENT_LIKE.search(item)
        ):
            level = None  # "need a Retail CS Assistant x2": who is hired, asked of no one
        if level is None and piece.said and REQUIREMENT_LIKE.search(item):
            level = piece.said  # "need good canto, ok english": the clause's level
        if level == "must" and len(bare := _HEAD_MUST.sub("", item)) >= 2:
            item = bare  # "需粵語" is a must-have: 粵語; the field says the level
        if level == "must" and _hours_asked(item, d):
            continue
        if WEEK_PERK.fullmatch(item.strip()) or (
            _benefit_like().search(item) and not level and not REQUIREMENT_LIKE.search(item)
            and not ROLE_WORD.search(_STAFF_PERK.sub("", item)) and not _COMPANY_WORD.search(item)
            and len(item) <= 40
        ):  # fmt: skip
            d.add("benefits", item)
        elif level:
            if _REFERS.fullmatch(item):  # "呢兩樣係必須嘅": the level of the items before it
                d.notes.append(f"left out {item!r}: a level said of the items before it")
                continue
            # a line's leftover ("Salary is plus") keeps its words, to be named as such
            d.add(level, _without_level(item, level) if item in clean else item)
        elif (
            DUTY_START.match(item) and not ROLE_WORD.fullmatch(item)
            and not _INTERVIEW.search(item)  # "Open day / interview: Sat 5 April" is no task
            # "Send" (CV: …): an English verb alone
            and not (DUTY_START.fullmatch(item.strip()) and item.strip().isascii())
        ):  # fmt: skip
            d.add("duties", item)
            duty_lines.add(piece.line)
            duty_clauses.add(piece.clause)
        elif (
            # "- Check in passengers and tag bags" then "- Board and close flights on time": the
            # next item of a bulleted list of tasks, in the imperative, is a task too
            piece.line - 1 in duty_lines
            and 0 < piece.line < len(lines)
            and _BULLET.match(re.sub(r"^\s*>+\s?", "", lines[piece.line]))
            and _BULLET.match(re.sub(r"^\s*>+\s?", "", lines[piece.line - 1]))
            and re.match(r"[A-Z][a-z]+(?:\s+(?:and|or|&)\s+[a-z]+)?\s+[a-z]", item)
            and not re.match(
                r"(?:You|We|Our|Looking|Must|Nice|Ideally|Preferred|Required|Benefits|"
                r"Perks|Apply|Requirements|Candidates?|Applicants?)\b",
                item,
            )
            and not re.search(r"[:：]", item)
            and len(item) <= 80
            and not REQUIREMENT_LIKE.search(item)
            and not _benefit_like().search(item)
            and not find_pay(item)
            and not SCHEDULE.search(item)
            and not _APPLY_WORDS.search(item)
            and not _label_at(item)
        ):
            d.add("duties", item)
            duty_lines.add(piece.line)
            duty_clauses.add(piece.clause)
        elif (
            (
                piece.clause in duty_clauses  # "…｜管理团队、排班以及质检｜…": one clause's tasks
                or (
                    piece.line in duty_lines
                    and piece.line < len(lines)
                    and len(lines[piece.line].strip()) <= 60  # a list line, not a paragraph
                    and not re.search(r"[。!！?？]|\.\s", lines[piece.line].strip()[:-1])
                )
            )
            and len(item) <= 20
            and not CHATTER.search(item)
            and not _DOE.search(item)
            and not re.search(
                r"(?:可|OK|ok|都得|亦可|也可|都可以)$", item
            )  # "学生可": who may apply
            and not REQUIREMENT_LIKE.search(item)
            and not _benefit_like().search(item)
            and not ROLE_WORD.search(item)
            and not _is_place(item)
            and not find_pay(item)
            and not SCHEDULE.search(item)
            and not ADDRESS_LIKE.search(item)
            and not _APPLY_WORDS.search(item)  # "CV 寄" once its e-mail address was read
        ):  # "主要做点单、处理外卖平台差评、会员登记": the items of a list of duties are duties
            d.add("duties", item)
        elif (
            REQUIREMENT_LIKE.search(item)
            and len(item) <= 40
            and (not ROLE_WORD.search(item) or _EXPERIENCE.search(item))
        ):
            d.add("unlabelled", item)  # "2年保險經驗", "HKDSE": asked of the candidate, no level
        elif _INTERVIEW.search(item) and _WHEN.search(item):
            # "Walk-in 面試：逢星期二 3-6pm": when to come, part of how to apply — not a perk;
            # as the note says it, its address and all ("…在番禺汇星中心举行现场面试")
            d.apply.setdefault("instructions", _clean_item(piece.text))
        elif (
            CHATTER.search(item)
            or not re.search(r"\w\w", item)
            or re.fullmatch(r"[\u3400-\u9fff]{1,2}", item)
        ):
            d.notes.append(f"left out {item!r}: words to a colleague, not a fact of the job")
            if m := re.search(r"\b(?:post|advertise|write|put up)\b.{0,20}?\bfor\s+((?:[A-Z][\w&'.-]*\s?){1,5})",
                              item):  # fmt: skip
                d.values.setdefault("request_employer", m.group(1).strip())  # "post this for X"
        else:
            role, who = role_and_employer(rest)
            if (
                "hiring_title" not in d.values and (who or role != rest.strip())
                and ROLE_WORD.search(role) and len(role) <= 60
                and not REQUIREMENT_LIKE.search(role)  # "someone with 1 year of front desk experience"
                and not re.match(r"(?:someone|somebody|people|candidates?|a person)\b", role, re.I)
            ):  # fmt: skip
                # "華豐長者服務中心現招聘兼職長者關懷熱線接線員4名", "We're after a … moderator":
                # a hiring clause names the role, whatever the model would call it
                d.values["hiring_title"], d.values["hiring_employer"] = role, who
            open_pieces.append(Piece(item, None, piece.line, clause=piece.clause))
            rest_of[item] = rest
    # "…interviews for our Airport Passenger Service Agent role…": the role the note names
    if m := _NAMED_ROLE.search(clean):
        said = d.values.get("hiring_title")
        if ROLE_WORD.search(m.group(1)) and (not said or ROLE_NOUN.fullmatch(said.strip())):
            d.values["hiring_title"] = m.group(1)  # not "agents" from "needs 8 agents"
    if "headcount" not in d.values and d.values.get("subject_headcount"):
        d.values["headcount"] = d.values["subject_headcount"]  # the body says none
    # --- the model: title, company, place, and a kind for each open piece
    usage = Usage(backend=backend.name, model=backend.model)
    # where the work is: not in an address to write to, nor in "remote (US only)"
    where_text = EMAIL.sub(" ", URL.sub(" ", clean))
    # "年薪 HK$360,000": a currency, not a place
    where_text = re.sub(
        r"\b(?:HK|US|NT|S|A|C)\$|\bHKD\b", lambda m: " " * len(m.group()), where_text
    )
    for item in (i for k in ("duties", "must", "preferred", "nice", "unlabelled", "benefits")
                 for i in d.lists[k]):  # fmt: skip
        where_text = where_text.replace(item, " " * len(item))  # "负责日本用户的工单": no workplace
    for m in re.finditer(r"[(（][^)）]{1,12}[)）]", d.values.get("company", "")):
        where_text = where_text.replace(
            m.group(), " " * len(m.group())
        )  # "Kitely Software (HK) Ltd"
    for m in _LEGAL_NAME.finditer(where_text):  # "Wan Chai Harbour Fitness Ltd": a name
        blanked = where_text.replace(m.group(), " " * len(m.group()))
        if not m.group().isascii() and find_places(m.group()) and find_places(blanked):
            # "杭州辰星电子商务有限公司…在余杭区未来科技城": the city in the name is not the workplace
            # the note names elsewhere
            where_text = blanked
        elif m.group().isascii():
            # "Kestrel Insurance Singapore is looking for…": the place is the name's too
            more = re.match(
                r"\s+[A-Z][a-z]+(?= (?:is|are|has|was|wants|needs)\b)", where_text[m.end() :]
            )
            name = m.group() + (more.group() if more else "")
            where_text = where_text.replace(name, " " * len(name))
    detail = (d.values.get("arrangement") or {}).get("detail")
    if detail and (d.values.get("arrangement") or {}).get("kind") == "remote":
        where_text = where_text.replace(detail, " " * len(detail))
    places = find_places(where_text)
    need_model = bool(open_pieces) or "title" not in d.values or "company" not in d.values
    answer: dict[str, Any] = {}
    if need_model:
        # the model reads what the labels left: lines a label already placed cost it time only
        shown = "\n".join(
            ln
            for i, ln in enumerate(clean.splitlines())
            if ln.strip() and (i == 0 or not _label_at(ln))
        )
        answer, usage = _ask_model(shown, [p.text for p in open_pieces], backend, settings)
    kinds = answer.get("kinds") if isinstance(answer.get("kinds"), list) else []
    if "unanswered" in answer:
        d.notes.append("the model gave no usable answer: the pieces below are for you to place")
    title_piece: str | None = None
    kinds = _sibling_kinds(open_pieces, [*kinds, *["other"] * len(open_pieces)][: len(open_pieces)])
    for piece, kind in zip(open_pieces, kinds, strict=False):
        item = piece.text
        if _is_place(item):  # "Sha Tin" on its own: the place, read from the places below
            continue
        # the model's kind stands only where nothing in the piece speaks against it
        if kind in ("duty", "requirement", "benefit", "schedule", "about") and (
            why := _against(item, kind)
        ):
            d.ambiguous.append(Gap(field="note", text=item,
                                   message=f"not placed: read as {kind}, but {why}"))  # fmt: skip
            continue
        if (
            kind == "title" and title_piece is None and ROLE_WORD.search(item)
            and not _LEGAL_NAME.fullmatch(item.strip())  # "港灣外判服務有限公司" is the employer
        ):  # fmt: skip
            title_piece = rest_of.get(item, item)
        elif kind == "duty":
            d.add("duties", item)
        elif kind == "requirement":
            if REQUIREMENT_LIKE.search(item) or not DUTY_START.match(item):
                d.add("unlabelled", item)
            else:  # a clause that opens with a verb of the work is a duty, whatever the model says
                d.add("duties", item)
                d.ambiguous.append(Gap(field="duties", text=item,
                                       message="read as a duty; the model took it for a requirement"))  # fmt: skip
        elif kind == "benefit":
            d.add("benefits", item)
        elif kind == "schedule" and not d.values.get("schedule") and len(item) <= 60:
            d.values["schedule"] = item
        elif kind == "about":
            d.values["about"] = (d.values.get("about", "") + " " + item).strip()
        elif (
            ROLE_WORD.search(item)
            and title_piece is None
            and not _LEGAL_NAME.fullmatch(item.strip())
            and (len(item) <= 60 or role_and_employer(item)[0] != item.strip())
        ):
            title_piece = rest_of.get(item, item)
        else:
            d.ambiguous.append(Gap(field="note", text=item,
                                   message="not placed in any field; add it where it belongs"))  # fmt: skip
    # title, and the employer the title's clause names ("…招聘质检专员", "… at Acme")
    employer: str | None = None
    if title_piece:
        title_piece, employer = role_and_employer(title_piece)
    model_title = _span(answer.get("title"), clean)
    if model_title and not ROLE_WORD.search(model_title):
        model_title = None
    title = d.values.get("title") or d.values.get("hiring_title")
    if title and title == d.values.get("hiring_title") and not d.values.get("title"):
        employer = d.values.get("hiring_employer") or employer
    title = title or title_piece or model_title or d.values.get("subject_title")
    if title and employer is None:
        title, employer = role_and_employer(title)
    if title and not ROLE_WORD.search(title) and title_piece and title != title_piece:
        title = title_piece
    if (
        title
        and (m := re.match(r"^(.{1,40}?)[:：]\s*(.+)$", title))
        and (CHATTER.search(m.group(1)) or not ROLE_WORD.search(m.group(1)))
    ):
        title = m.group(2)  # "老細想出英文廣告（LinkedIn用）：我哋要請 …"
        title, _who = role_and_employer(title)
    if title:
        for a, b in (("(", ")"), ("（", "）")):  # a piece's ends lost the bracket the title closes
            if title.count(a) > title.count(b) and re.sub(r"\s+", " ", title + b) in re.sub(
                r"\s+", " ", clean
            ):
                title += b  # "信用卡中心电话客服代表（呼入）"
    if title and (m := re.search(r"\s*[(（]([^()（）]+)[)）]\s*$", title)):
        # "Patient Services Coordinator (part-time, 3 days a week)": the brackets hold the type
        # and the schedule, read as such — not part of the title
        parts = [x.strip() for x in re.split(r"[,，、;；]", m.group(1)) if x.strip()]
        kinds = [
            "type" if any(p.fullmatch(x) for p in vocabulary().employment.values())
            else "schedule" if SCHEDULE.search(x) or _SHIFT_WORD.search(x)
            else "place" if any(len(p) >= 0.6 * len(x) for p, _j, _a in find_places(x))
            else "arrangement" if any(p.search(x) for p in vocabulary().arrangement.values())
            else None
            for x in parts
        ]  # fmt: skip
        if parts and all(kinds):
            for x, kind in zip(parts, kinds, strict=True):
                if kind == "schedule" and not d.values.get("schedule") and SCHEDULE.search(x):
                    d.values["schedule"] = x
            title = title[: m.start()].strip()
    if title:
        spanned = title
        title = _title_only(title, d)
        flat = re.sub(r"\s+", " ", clean)
        if re.sub(r"\s+", " ", title) not in flat:  # a cut made it words the note never wrote
            bare = re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", title)  # "CS x5 (call centre)"
            title = next((t for t in (spanned, bare) if re.sub(r"\s+", " ", t) in flat), None)
    # company
    company = d.values.get("company") or _company_from_text(clean)
    if not company and employer:
        company = _employer_part(employer)
    if not company and d.values.get("subject_employer"):
        company = _employer_part(d.values["subject_employer"])
    model_company = _span(answer.get("company"), clean)
    if model_company and (
        any(
            model_company.lower() in m.group().lower()
            for m in (*EMAIL.finditer(clean), *URL.finditer(clean))
        )
        or re.fullmatch(r"[A-Z]{2,5}", model_company)
        or (title and model_company in title and not _COMPANY_WORD.search(model_company))
        or _employer_part(model_company) is None
    ):  # an address's domain, "BOSS", "HR", the title: no employer's name
        model_company = None
    if model_company and re.search(
        r"(?:一家|一間|一间|某)[^，。,;；]{0,20}$", clean[: clean.find(model_company)]
    ):  # "我们是一家位于厦门的SaaS公司": it describes the company
        about_text = model_company
        model_company = None
        d.values["about"] = (d.values.get("about", "") + " " + about_text).strip()
    if not company and d.values.get("request_employer"):
        company = d.values["request_employer"]  # "can you post this for Harbour Lane Clinics?"
    if not company and model_company:
        if _is_place(model_company):
            d.ambiguous.append(Gap(field="company.name", text=model_company,
                                   message=f"{model_company!r} is a place, not a company name"))  # fmt: skip
        elif model_company and title and model_company.lower() in title.lower():
            pass
        else:
            company = _whole_name(model_company, clean)
    if company and (m := re.search(r"\s*[（(]([^（）()]*)(?:[）)]\s*)?$", company)):
        # "Lumo Pets (online pet food shop": a cut bracket, or a description in one at the end,
        # is no part of the name ("海港物流（香港）有限公司" keeps its own)
        inside = m.group(1).strip()
        if (
            company.rstrip().endswith((")", "）"))
            and (
                ADDRESS_LIKE.search(inside)
                or sum(len(p[0]) for p in find_places(inside)) >= 0.5 * len(inside)
            )
            and not _is_place(inside)
            and (
                _LEGAL_NAME.fullmatch(company[: m.start()].strip())
                or _ORG_END.search(company[: m.start()].strip())
            )
        ):
            # "中原安泰保险代理有限公司（郑东新区CBD 金融岛 中州大厦22F）": the name, and where it is
            company = company[: m.start()].strip() or company
            if not d.values.get("location"):
                d.values["location"] = inside
        elif not company.rstrip().endswith((")", "）")) or (
            not CJK_CHAR.search(inside) and len(inside.split()) >= 2 and inside == inside.lower()
        ):
            company = company[: m.start()].strip() or company
            if inside and not d.values.get("about"):
                d.values["about"] = inside
    if company and (
        ADDRESS_LIKE.search(company)
        or CHATTER.search(company)
        or re.search(r"[帮幫]我|幫手|帮忙|麻煩|麻烦|寫個|写个|出個|出个", company)
    ):
        d.notes.append(f"company: {company!r} is an address or words to a colleague, no name")
        company = None
    about = d.values.get("about", "")
    if company and (named := _named_after_description(company)) and named != company:
        # "公司：本地大型連鎖超市集團（FreshMart 鮮滿超市）": the description, then the name
        about = (company + ("; " + about if about else "")).strip()
        company = named
    if company and (
        _is_generic(re.sub(r"\s*[（(][^）)]*[）)]\s*", " ", company).strip())
        or _UNDISCLOSED.search(company)
        or re.match(r"^(?:本港|本地|香港|一間|一间|一家|某)", company)
        or re.search(r"一間|一间|一家|嗰間", company)  # "港島東一間大型保險公司": a description
        # "郑州某通信运营商外包中心": 某 says the note does not name it
        or re.search(
            r"(?<![\u3400-\u9fff])某|(?<=[区區市省县縣镇鎮])某|^[\u3400-\u9fff]{2,6}某", company
        )
    ):
        about = (company + ("; " + about if about else "")).strip()
        d.notes.append(f"company: {company!r} describes the company; it is not its name")
        company = None
    # the person to contact: the model's span, when it is a name the note writes
    person = _span(answer.get("contact"), clean) if "contact" not in d.apply else None
    greeted = _ADDRESSEE.match(clean) or re.match(
        r"\s*(?i:hi|hey|hello|dear|morning|good morning|嗨|哈囉)[\s,，]+[A-Z][a-z]+", clean
    )
    if person and greeted and person in greeted.group():
        person = None  # "Hello Winnie，…": the colleague the note is written to, not the contact
    if (
        person
        and (_contact_name(person) == person or PERSON.fullmatch(person))
        # someone the note names on a line that says how to reach them, not "changes from Dr Ho"
        and any(
            person.lower() in said.lower()
            and (_APPLY_CUE.search(said) or _CONTACT_CUE.search(said))
            for said in re.split(r"(?<=[.。!?！？;；])\s*|\n", clean)
        )
    ):
        d.apply["contact"] = person
    # location
    location = d.values.get("location")
    model_place = _span(answer.get("location"), clean)
    if not location and d.values.get("title_place"):
        location = d.values["title_place"]  # "Temp event helpdesk staff – Olympia London"
    if (
        location
        and re.search(r"\sor\s|或|\s/\s", location)
        and _is_place(re.split(r"或|\sor\s", location)[0])
    ):
        # "工作地点：深圳福田或广州白云（二选一，面试时定）": the choice as written, and asked
        said = re.sub(r"\s*[(（][^)）]*[)）]\s*$", "", location)
        if said != location:
            d.notes.append(
                f"location: {location[len(said) :].strip()!r} is a remark, not the place"
            )
        location = said
        d.ambiguous.append(Gap(field="location", text=location,
                               message=f"the note offers a choice of places ({location}); "
                                       "say where the job is, if it is one"))  # fmt: skip
    if not location:
        location = _pick_location(_joined(places, where_text), d, where_text)
        # a broad place only as part of a longer name ("西九龍 高鐵站"; not "FoodBox HK")
        if location and (
            location not in _BROAD or re.search(rf"[\u3400-\u9fff]{re.escape(location)}", clean)
        ):
            location = _place_piece(location, clean, (model_company, d.values.get("company")))
    location = _as_written(location, text)  # "西九龍 高鐵站 旅遊諮詢中心"
    if detail and model_place and model_place in detail:
        model_place = None  # "remote (US only)": where from, not the place of work
    if (
        not location
        and model_place
        and not (company and model_place in company)
        and (
            _is_place(model_place)
            or re.fullmatch(r"(?:[A-Z][\w'.-]+[ ,]*){1,4}", model_place)
            or re.fullmatch(
                r"[\u3400-\u9fff]{2,10}(?:市|区|區|省|县|縣|镇|鎮|路|街|道|村|城)", model_place
            )
        )
    ):
        location = model_place
        d.ambiguous.append(Gap(field="location", text=model_place,
                               message=f"{model_place!r} read as the place of work; check it"))  # fmt: skip
    if company and location and location in company and location != company:
        pass
    arrangement = d.values.get("arrangement")
    if (
        location is None
        and arrangement
        and arrangement["kind"] == "remote"
        and arrangement.get("detail")
    ):
        location = None  # remote work names where from in the arrangement, not a place of work
    if (
        arrangement
        and arrangement["kind"] == "remote"
        and location
        and (
            "location" not in d.values
            # "工作地点：居家远程（需在广东省内）": the label holds the arrangement, no place
            or (
                re.search(
                    r"居家|在家|WFH|remote|遙距|遥距|遠程|远程",
                    bare := re.sub(r"[（(].*?[）)]", "", location),
                    re.I,
                )
                and (not find_places(bare) or re.search(r"居家|在家|WFH", bare, re.I))
            )
        )
    ):  # a remote job's places are where its people may be, or the employer's: no place of work
        d.notes.append(f"location: {location!r} left out — the job is remote; "
                       "where from is in the arrangement")  # fmt: skip
        if "location" in d.values and not arrangement.get("detail"):
            arrangement["detail"] = location  # "工作地点：中国大陆境内居家即可": where from
        location = None
    for name in LIST_FIELDS:  # each list in the note's order, whichever reader placed the item
        d.lists[name].sort(key=lambda item: clean.find(item) % (len(clean) + 1))
    location = _unsettled(clean, d, location)
    everywhere = find_places(EMAIL.sub(" ", URL.sub(" ", clean)))  # whose law: remote too
    reading = _finish(clean, d, ignored, title, company, about, location, everywhere)
    reading.brief.schedule = _as_written(reading.brief.schedule, text)  # "晚8点-早8点 做六休一"
    return reading, usage


def _as_written(value: str | None, note: str) -> str | None:
    """A value read from the note with the spaces the reader turned into commas (a space between
    Chinese words separates its pieces) as the note writes them."""
    if value and value not in note and (spaced := value.replace("，", " ")) in note:
        return spaced
    return value


# a branch or store the note names, place or not in the gazetteer ("三里屯新店", "the Virginia
# Beach branch")
_SITE = re.compile(
    r"[\u3400-\u9fff]{2,4}(?:新店|分店|门店|門店|门市|門市|分行|店)"
    r"|\b(?:[A-Z][a-z]+ ){1,3}(?:branch|site|office|store|outlet|clinic)\b"
)


UNSETTLED = "the note gives this two ways and says which is right is not settled; left empty"


@once
def _unsettled_words() -> re.Pattern[str]:
    return _compile(vocabulary().raw["unsettled"]["pattern"], "unsettled")


def _unsettled(clean: str, d: _Draft, location: str | None) -> str | None:
    """A fact the note gives two ways and says is not settled ("the agency sheet says $58/hr,
    and I haven't been able to confirm which is right", "到底去哪家还没定") is not read: neither
    value is the recruiter's word yet, so the field stays empty and is named. Returns the
    location left."""
    scopes = []
    for line in clean.splitlines():
        sentences = re.split(r"(?<=[。！？!?；;])|(?<=\.)\s+", line)
        for sentence in (s for s in sentences if s and _unsettled_words().search(s)):
            # "Tony says the approved rate is $21.50/hr; my comp sheet still shows $19.00/hr.
            # I'm checking with Finance": the values are in the sentences before the doubt
            said_here = PAY.search(sentence) or find_places(sentence) or find_schedule(sentence)
            scopes.append(sentence if said_here else line)
    for sentence in dict.fromkeys(scopes):
        said: list[str] = []
        pay = d.values.get("pay") or ""
        amounts = [
            a
            for m in PAY.finditer(sentence)
            if _amount_ok(m.group())
            for a in re.findall(r"\d+(?:[.,]\d+)*", m.group())
        ]
        if pay and any(a not in pay for a in amounts):
            d.values.pop("pay", None)
            d.values.pop("pay_period", None)
            d.extras = []
            said.append("pay")
        places = [p for p, _j, _at in find_places(sentence)] + _SITE.findall(sentence)
        # "Austin, TX – Riverside Dr or Burnet Rd store (TBC)": options the place's own words
        # give with "or" keep what they share, as read, and are named there already
        options = location and location in sentence and re.search(r"\bor\b|或|還是|还是", sentence)
        if (
            location
            and not options
            and any(p not in location and location not in p for p in places)
        ):
            location = None
            said.append("location")
        kind = d.values.get("employment_type")
        kinds = [n for n, p in vocabulary().employment.items() if p.search(sentence)]
        if kind and any(k != kind for k in kinds):
            d.values["employment_type"] = None
            said.append("employment_type")
        schedule = d.values.get("schedule")
        if schedule and (other := find_schedule(sentence)) and other not in schedule:
            d.values.pop("schedule")
            said.append("schedule")
        for name in said:
            d.ambiguous.append(Gap(field=name, text=sentence.strip()[:160],
                                   message=UNSETTLED))  # fmt: skip
    return location


_HEADER_HIRING = re.compile(
    r"^【(?P<role>[^】]{2,30})】\s*(?:现|現)?(?:诚聘|誠聘|急聘|急招|招聘|高薪誠聘|高薪诚聘|請人|请人)"
    r"\s*(?:[-–—:：]\s*(?P<who>.+))?$"
)
_ZH_HIRING = re.compile(
    r"^(?P<who>.{0,40}?)(?:现|現|拟|擬|计划|計劃|现拟|現擬|将|將)?(?:诚聘|誠聘|急招|急聘|高薪誠聘|招聘|招募|聘請|聘请|請緊|请紧|聘緊|招緊|想搵|搵緊|招|請|请|需要(?:\s*[\d一二两兩三四五六七八九十]+\s*[位名个個])?)(?P<role>.{2,40}?)"
    r"(?:\s*\d{1,3}\s*(?:名|位|人|個|个))?$"
)
_EN_HIRING = re.compile(
    r"^(?:(?P<who>.{2,90}?)\s+(?:(?:is|are|'re|’re|needs?|wants?)\s+)?(?:now\s+)?)?"
    r"(?:(?:(?:would|'d|’d) like|wants?|plans?|hopes?|(?:is|are) looking)\s+to\s+(?:recruit|hire|take on|employ)|"
    r"hiring|looking for|recruiting|seeking|(?<=needs )|(?<=need )|(?<=wants )|(?<=want )|"
    r"(?<='re )after|(?<=’re )after|(?<=are )after)"
    r"\s*:?\s*(?:an?\s+|\d{1,3}\s+)?(?P<role>.+)$",
    re.I,
)
_EN_AT = re.compile(r"^(?P<role>.+?)\s+(?:at|for|with|@)\s+(?P<who>(?:our|the)?\s*.+)$", re.I)


_ASIDE_BEFORE_DASH = re.compile(
    r"^[^-–—\n]{0,60}?\b(?:pls|plz|please|quick one|hi all|hey|hi team|fyi|new req)\b[^-–—\n]{0,40}?\s+[-–—]+\s+"
    r"(?=[A-Z0-9])(?!(?:They|We|He|She|It|I)\b)",
    re.I,
)


def role_and_employer(text: str) -> tuple[str, str | None]:
    """ "上海某保险公司招聘质检专员2名" → ("质检专员", "上海某保险公司"); "Clinic receptionist for
    Causeway Bay clinic group" → ("Clinic receptionist", "Causeway Bay clinic group")."""
    # "【招聘】信用卡中心电话客服代表": a tag that only says a job is open is no employer
    text = re.sub(r"^\s*[【\[]\s*(?:招聘|急聘|急招|诚聘|誠聘|招人|請人|请人|hiring|now hiring|we're hiring)"
                  r"\s*[】\]]\s*", "", text, flags=re.I)  # fmt: skip
    # "【診所助理／接待員】誠聘 — 康橋醫務中心": the role in the header, then who hires
    if (m := _HEADER_HIRING.match(text.strip())) and ROLE_WORD.search(m.group("role")):
        return m.group("role").strip(), (m.group("who") or "").strip() or None
    # "订水客服 3名 —— 蜀泉桶装水（成都蜀泉饮用水有限公司）": the role and its count, then who
    if (
        (
            m := re.match(
                r"^(?P<role>[^—–]{2,30}?)\s*(?:——|—|–|--)\s*(?P<who>[^—–]{2,60})$", text.strip()
            )
        )
        and CJK_CHAR.search(m.group("role"))
        and ROLE_WORD.search(m.group("role"))
        and not ROLE_WORD.search(re.sub(r"[（(][^）)]*[）)]", "", m.group("who")))
    ):
        role = re.sub(
            r"\s*(?:[x×]\s*)?\d{1,3}\s*(?:名|位|人|個|个)?\s*$", "", m.group("role")
        ).strip()
        return role, m.group("who").strip()
    # "quick one for the Leeds job pls - Northline Rail are after …": words to a colleague, then
    # the sentence of the job
    text = _ASIDE_BEFORE_DASH.sub("", text.strip())
    for pattern in (_ZH_HIRING, _EN_HIRING, _EN_AT):
        m = pattern.match(text.strip())
        if m and ROLE_WORD.search(m.group("role")):
            who = (m.group("who") or "").strip(" ,，:：-–—")
            who = (
                re.sub(  # "…而家請緊", "有個網店客戶想請…": when, or that they want to
                    r"(?:而家|依家|现在|現在|目前|现正|現正|正在|长期|長期|常年|now|想要|想|打算|"
                    r"諗住|谂住)\s*$",
                    "",
                    who,
                ).strip()
                or None
            )  # "…而家請緊"
            if pattern is _EN_AT and who and ROLE_WORD.fullmatch(who.split()[-1]):
                continue
            role = m.group("role").strip(" ,，:：-–—")
            role = re.split(r"\s+to\s+(?=[a-z]+\b)|\s+(?:at|for|with|in)\s+(?:our|the|their|its)\b"
                            r"|\s+(?:at|for|with)\s+(?=[A-Z])", role, maxsplit=1)[0]  # fmt: skip
            role = re.sub(r"^(?:an?|one|\d{1,3}(?: more)?)\s+", "", role, flags=re.I)
            role = re.sub(
                r"^(?:幾|几|\d{1,3}|[一二两兩三四五六七八九十]{1,2})\s*(?:位|名|個|个)\s*", "", role
            )
            return role.strip(" ,，:：-–—"), who
    return text.strip(), None


def _employer_part(who: str) -> str | None:
    """What is left of an employer phrase without its places ("上海某保险公司" → "某保险公司"),
    when it can be a name or a description of the employer: "我们要", "branch asap", "the Lisbon
    hub" are neither."""
    who = re.sub(r"【|】", " ", who).strip()
    if ":" in who or "：" in who:
        who = re.split(r"[:：]", who)[-1].strip()
    if quoted := re.search(r"[「“『]([^」”』]{2,30})[」”』]", who):  # "商场二楼的「贝齿口腔」"
        return quoted.group(1).strip()
    # the checks read the phrase without its brackets; the name keeps them ("海港物流（香港）有限公司")
    core = re.sub(r"[（(][^）)]*[）)]", " ", who).strip()
    if re.match(
        r"^(?:我们|我們|我哋|我司|我|本公司|公司|老板|老闆|老細|老细|we\b|we're|our team\b|i\b)",
        core,
        re.I,
    ) or (CHATTER.search(core)):
        return None
    rest = who
    for place, _j, _at in find_places(core):
        rest = rest.replace(place, " ", 1)
    # "力行健身宁波鄞州万达店" less its place: the shop word the place named goes with it
    rest = re.sub(r"(?<=\s)(?:旗舰店|旗艦店|分店|门店|門店|店)(?=\s|$)", " ", rest)
    rest = re.sub(r"^\s*(?:our|the|a|an|位於|位于|的)\s+|\s+(?:in|at)\s*$", " ", rest, flags=re.I)
    rest = re.sub(r"\s{2,}", " ", rest).strip(" ,，的-–—")
    if not rest:
        return None
    if CJK_CHAR.search(rest):
        return rest if len(rest) >= 2 and (_COMPANY_WORD.search(rest) or _is_generic(rest)
                                           or len(rest) >= 4) else None  # fmt: skip
    # a Latin name has a capital; lower-case words name it only as a kind ("an insurance company")
    if re.search(r"\b[A-Z][\w&'.-]+", rest) or _is_generic(rest):
        return rest
    return None


# What old JDs and blog posts put around a job title: "客服岗位职责怎么写350字", "【第1篇】".
# a shift named in a title's brackets: "(night shift)", "（夜更）", "（通宵更 11pm-7am）"
_SHIFT_WORD = re.compile(
    r"\b(?:night|day|graveyard|evening|morning)\s+shifts?\b|夜更|夜班|通宵|早班|晚班|早更|晚更",
    re.I,
)
_TITLE_NOISE = re.compile(
    r"【[^】]*】|\[[^\]]*\]|(?:的)?(?:岗位|崗位|职位|職位)?(?:职责|職責|描述|说明|說明|要求)(?:范本|範本|模板)?"
    r"|怎么写|怎麼寫|\d+\s*字|范文|範文|(?:job|position) description|\bJD\b",
    re.I,
)


def _only_role_noun(word: str, rest: str) -> bool:
    """An employment-type word that is the role's own noun where nothing else in the title
    names the role: "Intern" in "CS Intern" is the title's, not only the type's."""
    return bool(ROLE_NOUN.fullmatch(word.strip())) and not ROLE_NOUN.search(rest)


def _title_only(title: str, d: _Draft) -> str:
    """The job title without what the note wrote around it: 招…1 名, "Hiring 3", a place, pay."""
    sides = re.split(r"\s+[–—-]\s+|\s+@\s+|\s*\|\s*", title)
    if len(sides) > 1:
        role = next((x for x in sides if ROLE_NOUN.search(x)), None) or next(
            (x for x in sides if ROLE_WORD.search(x)), sides[0]
        )
        for other in (x for x in sides if x is not role):
            if find_places(other) and "title_place" not in d.values:
                d.values["title_place"] = other.strip(" ,，")
        title = role
    title = re.sub(r"\s{2,}", " ", _TITLE_NOISE.sub("", title)).strip() or title
    title = re.sub(r"^\s*(?:#+|\*\*|__)\s*|\s*(?:\*\*|__)\s*$", "", title) or title  # markdown
    t = re.sub(r"^\s*(?:急招|急聘|诚聘|誠聘|招聘|招募|聘請|聘请|請|请|招)\s*", "", title)
    t = re.sub(r"\s*\d{1,3}\s*(?:名|位|人|個|个)\s*$", "", t)
    t = re.sub(r"^(?:we(?:'re| are) )?(?:now )?(?:hiring|looking for|need|needed|recruiting)[:\s]+"
               r"(?:an?\s+|\d{1,3}\s+)?", "", t, flags=re.I)  # fmt: skip
    t = re.sub(r"^(?:an?|one|two|three|\d{1,3})\s+(?=\w)", "", t, flags=re.I) if t != title else t
    # "PT shop asst MK", "兼職門市助理": the type and the place have their own fields
    vocab = vocabulary()
    for _ in range(3):
        before = t
        for pattern in (*vocab.employment.values(), *vocab.arrangement.values()):
            m = pattern.search(t)
            rest = (t[: m.start()] + t[m.end() :]).strip(" ,，:：-–—|/()（）") if m else ""
            if (
                m and (m.start() == 0 or m.end() == len(t)) and len(rest) >= 2
                and not _only_role_noun(m.group(), rest)  # "CS Intern"
            ):  # fmt: skip
                t = rest
        for place, _j, at in find_places(t):
            if (at == 0 or at + len(place) == len(t)) and len(t) - len(place) >= 2:
                # the place's own brackets go with it ("CS (Kwun Tong)"); the title's stay
                # ("售后客服专员（家电品类）— 苏州工业园区")
                t = re.sub(r"[(（]\s*[)）]", "", t[:at] + t[at + len(place) :])
                t = t.strip(" ,，:：-–—|/")
                t = re.sub(r"^[)）]\s*|\s*[(（]$", "", t).strip(" ,，:：-–—|/")
                # and dates in brackets are when, not what: "展覽會接待 3日 (15-17/8)"
                t = re.sub(r"\s*[(（][\d\s/.:：~～\-–]+[)）]$", "", t)
                break
        if t == before:
            break
    t = re.sub(r"^(?:\d+\s+)?more\s+", "", t.strip(), flags=re.I)
    t = t.strip(" ,，:：-–—|/")
    for a, b in (("(", ")"), ("（", "）")):  # "CS (call centre" lost its place and its ")"
        if t.count(a) > t.count(b):
            t = t[: t.rfind(a)].strip(" ,，:：-–—|/")
    return t or title.strip()


@once
def _benefit_like() -> re.Pattern[str]:
    from drafter.validate import _lexicons

    lex = _lexicons()
    return re.compile(
        rf"{lex.perk_en.pattern}|{lex.perk_zh.pattern}|paid training|[带帶有]薪培[训訓]|"
        r"annual leave|days? off|holidays?|training provided|career|promotion|uniform|meals?|\bHMO\b|"
        r"health\s?care|pension|gym|工装|工裝|工服|(?:laptop|headset|equipment|phone)s?\b.{0,20}\bprovided\b|"
        r"allowance|insurance|MPF|discount|dorm(?:itory)?|accommodation|公積金|公积金|晉升|晋升|培訓|培训|假期|年假|"
        r"醫療|医疗|牙科|制服|膳食|員工餐|员工餐|宿舍|住宿|包吃|包住|包食宿|員工折扣|员工折扣|節日福利|节日福利|生日福利|"
        r"包[早午晚三]?餐|午餐|工作餐|餐補|餐补|饭补|飯補",
        re.I,
    )


# Rules that require a field in a posting, by jurisdiction (RESEARCH.md §2 and §7).
REQUIRED_BY = {
    "cn": (
        "mainland China's 2026 online-recruitment notice (关于规范网络平台招聘类信息发布的通知) "
        "requires the employer, headcount, conditions, duties, place and basic pay"
    ),
    "eu": "the EU Pay Transparency Directive 2023/970 requires starting pay or its range",
    "us": (
        "pay-transparency laws in several US states (CO, NY, CA, WA, IL, …) require a pay "
        "range in the posting"
    ),
    "hk": (
        "Hong Kong's Personal Data (Privacy) Ordinance: an ad that collects CVs must "
        "identify the employer or agency"
    ),
}
_CN_FIELDS = {"company.name", "headcount", "requirements", "duties", "location", "pay"}


# What a piece ends with when the fact after it was read out of its line: a joining word, or a
# word that needs what follows ("薪资是", "有意请发简历到", "或者打电话给", "send your CV to").
_OPEN_END = re.compile(
    r"(?:\b(?:or|and|to|at|via)|[:：&或及和、,，是為为到給给至向]|(?<![A-Za-z0-9])[+＋])\s*$", re.I
)  # "CompTIA A+" ends on its name


def leftover(item: str, note: str) -> bool:
    """True when `item` is what is left of a line once its facts were read: not words the note
    wrote together, or words that end where a fact was taken out."""
    return re.sub(r"\s+", "", item) not in re.sub(r"\s+", "", note) or bool(_OPEN_END.search(item))


def _finish(
    clean: str, d: _Draft, ignored: list[str], title: str | None, company: str | None,
    about: str, location: str | None, places: list[tuple[str, str, int]],
) -> Reading:  # fmt: skip
    """The brief and what is missing or ambiguous."""
    missing: list[Gap] = []
    jurisdiction = _jurisdiction(places, clean)
    # Every item is words the note wrote together. What is left of a line once its facts were
    # read ("Salary plus and", "Contact Priya or", "請 Retail CS") is no fact: it is named.
    for key in ("duties", "must", "preferred", "nice", "unlabelled", "benefits"):
        kept = []
        for item in d.lists[key]:
            item = re.sub(r"^(?:(?:and|or|plus|&)\s+|[+＋&]\s*)", "", item, flags=re.I)
            if leftover(item, clean):
                d.notes.append(f"left out {item!r}: what is left of a line once its facts "
                               "were read, not words of the note")  # fmt: skip
            else:
                kept.append(item)
        d.lists[key] = kept
    if (schedule := d.values.get("schedule")) and leftover(schedule, clean):
        d.notes.append(f"left out {schedule!r}: what is left of a line once its facts were "
                       "read, not a schedule")  # fmt: skip
        d.values.pop("schedule")
    # money on top of the pay listed among the perks ("Transport allowance $150" under
    # "Package:", "另有每月 $500 膳食津貼") is what comes on top of the pay: so the blind authors
    # of every notes set read it, bar allowances for a cost (medical, training, equipment)
    if "pay" in d.values:
        for item in list(d.lists["benefits"]):
            if _ON_TOP.search(item) and not _PERK_ALLOWANCE.search(item):
                d.lists["benefits"].remove(item)
                if not any(item in e or e in item for e in d.extras):
                    d.extras.append(item)
    pay = None
    if "pay" in d.values:
        pay = {"text": d.values["pay"], "period": d.values.get("pay_period"),
               "extras": d.extras}  # fmt: skip
        if pay["period"] is None:
            missing.append(Gap(field="pay.period", text=d.values["pay"],
                               message=f"{d.values['pay']!r} gives no period (per hour, month…)"))  # fmt: skip
    elif d.extras:
        pay = {"text": " + ".join(d.extras), "extras": []}
        missing.append(Gap(field="pay", message="the note gives what comes on top of pay, not the "
                                                "pay itself — add the basic pay"))  # fmt: skip
    schedule = d.values.get("schedule")
    how = dict(d.apply)
    if not any(k in how for k in ("email", "url", "phone", "whatsapp", "wechat", "address",
                                  "instructions")):  # fmt: skip
        how["instructions"] = MISSING_APPLY
    title_text = title or ""
    seniority = next((s for s, p in SENIORITY if title_text and p.search(title_text)), None)
    industry = next((name for name, pat in INDUSTRY if re.search(pat, clean, re.I)), "call centre")
    fields: dict[str, Any] = {
        "title": (title or "[Job title]")[:MAX_TITLE],
        "company": {"name": company or MISSING_COMPANY, "about": about},
        "location": location or MISSING_LOCATION,
        "arrangement": d.values.get("arrangement"),
        "employment_type": d.values.get("employment_type"),
        "schedule": schedule,
        "headcount": d.values.get("headcount") or None,
        "pay": pay,
        "duties": d.lists["duties"],
        "requirements": {
            "must_have": d.lists["must"],
            "preferred": d.lists["preferred"],
            "nice_to_have": d.lists["nice"],
            "unlabelled": d.lists["unlabelled"],
        },
        "benefits": d.lists["benefits"],
        "how_to_apply": how,
        "seniority": seniority,
        "industry": industry,
        "jurisdiction": jurisdiction,
    }
    checks = (
        ("title", not title, "the note gives no job title — add it"),
        ("company.name", not company, "the note names no company — fill it in"),
        ("location", not location and (d.values.get("arrangement") or {}).get("kind") != "remote",
         "the note names no place of work — add it"),
        ("employment_type", not d.values.get("employment_type"),
         "full-time, part-time, contract…? The note does not say"),
        ("pay", pay is None, "the note gives no pay"
         + (f" ({d.values['pay_vague']!r} is not an amount)" if d.values.get("pay_vague") else "")),
        ("how_to_apply", how.get("instructions") == MISSING_APPLY,
         "the note gives no e-mail, link, phone or address to apply — add one"),
        ("duties", not d.lists["duties"], "the note lists no duties — add what the job does"),
        ("requirements", not any(d.lists[k] for k in REQUIREMENT_FIELDS),
         "the note asks for nothing — add what a candidate needs"),
        ("headcount", not d.values.get("headcount") and jurisdiction == "cn",
         "how many people are hired?"),
    )  # fmt: skip
    unsettled = {g.field for g in d.ambiguous if g.message == UNSETTLED}
    for name, absent, message in checks:
        if not absent:
            continue
        if name in unsettled:
            message = "the note gives two and does not settle which — add the right one"
        rule = None
        if jurisdiction == "cn" and name in _CN_FIELDS:
            rule = REQUIRED_BY["cn"]
        elif name == "pay" and jurisdiction in ("eu", "us"):
            rule = REQUIRED_BY[jurisdiction]
        elif name == "company.name" and jurisdiction == "hk":
            rule = REQUIRED_BY["hk"]
        missing.append(Gap(field=name, message=message, rule=rule))
    if d.lists["unlabelled"]:
        d.ambiguous.append(Gap(field="requirements", text="; ".join(d.lists["unlabelled"]),
                               message="the note gives no level (must-have, preferred, nice to "
                                       "have) for these; they are listed without one"))  # fmt: skip
    try:
        brief = Brief.model_validate(fields)
    except ValidationError as exc:
        raise validation_to_input_error(exc, "free-text brief") from None
    return Reading(brief=brief, missing=missing, ambiguous=d.ambiguous, ignored=ignored,
                   notes=d.notes)  # fmt: skip


def extract_brief(
    text: str, *, backend: Backend, settings: Settings, legacy: bool = False
) -> tuple[Brief, list[str], Usage]:
    """The brief read from a note, with one line per thing the recruiter must check."""
    reading, usage = read_note(text, backend=backend, settings=settings, legacy=legacy)
    return reading.brief, reading.check_lines() + reading.notes, usage
