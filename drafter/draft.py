"""The draft stage: the model writes the small pieces the plan asks for (drafter/plan.py), each
is checked against its source as soon as it is written and asked for again alone if it fails,
and the ad is printed from the brief with them (drafter/render.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import pydantic_core
from pydantic import BaseModel, Field, computed_field

from drafter import prompt as prompts
from drafter.backends import (
    AVOID_WORDS,
    CJK_FIRST,
    LATIN_ONLY,
    Backend,
    TokenCallback,
    Usage,
)
from drafter.brief import Brief, Language, StrictModel, Tone
from drafter.cleanup import to_script
from drafter.errors import BackendError, DraftError, InputError
from drafter.extract import MONEY
from drafter.plan import ZH_NUMERAL, Plan, load_templates, plan_ad, with_facts
from drafter.render import (
    CHANNELS,
    EQUAL_OPPORTUNITY,
    Ad,
    facts_line,
    format_pay,
    how_to_apply_lines,
    printed_case,
    render_markdown,
)
from drafter.retrieve import RetrievedPassage
from drafter.settings import Settings

CJK = re.compile(r"[\u3400-\u9fff]")


FixKind = Literal[
    "removed",  # a condition the law forbids, taken out of the brief before drafting
    "reworded",  # the same, reworded (a gendered title, a hollow clause)
    "flagged",  # kept, but a second opinion reads it as a condition: for the recruiter to check
    "brief_words",  # the model's rewrite did not hold: the brief's own words are printed
    "model_words",  # a translation that did not hold either way: printed, to be checked
    "as_given",  # a fact printed untranslated, as the brief gives it
    "left_out",  # a piece the ad goes without (the role summary)
    "program_hook",  # the hook is the program's sentence from the brief's facts
    "suggested",  # a duty from the template bank, for the recruiter to confirm
    "ask",  # something the brief could add
]


class Fix(BaseModel):
    """One thing the recruiter should know about a draft: what was taken out and why, what is
    printed in the brief's words, what to confirm, what the brief could add. JSON output, the
    CLI and the page show `message`; programs read the fields."""

    kind: FixKind
    part: str  # "requirements", "duty 2", "hook", "summary", "fact", "brief"
    text: str = ""  # the brief's words it is about
    now: str = ""  # what the ad prints instead ("" when nothing)
    reason: str = ""  # why
    rule: str = ""  # the validator rule behind a removal or rewording
    source: str = ""  # that rule's source (the law or research it follows)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def message(self) -> str:
        """One line for a person."""
        why = f" ({self.reason})" if self.reason else ""
        if self.kind in ("removed", "reworded"):
            what = f"reworded {self.text!r} as {self.now!r}" if self.now else (
                f"removed {self.text!r}")  # fmt: skip
            cited = "; ".join(x for x in (self.rule, self.source) if x)
            return f"{what}: {self.reason}" + (f" ({cited})" if cited else "")
        return {
            "brief_words": f"{self.part} printed in the brief's words{why}",
            "model_words": f"{self.part} kept as the model wrote it; check it{why}",
            "as_given": f"{self.text!r} printed as the brief gives it{why}",
            "left_out": f"no role {self.part}: the model's did not hold{why}",
            "program_hook": f"the hook is the program's own sentence{why}",
            "suggested": f"{self.part} is a suggestion from the duty templates, not the brief: "
            f"confirm or replace {self.now!r}",
            "ask": f"the brief could add {self.text}",
            "flagged": f"check {self.text!r}: {self.reason}",
        }[self.kind]

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Problem:
    """Why a written piece cannot go into the ad: the check that failed (a key of REDO) and
    what it found."""

    check: str
    message: str

    def __str__(self) -> str:
        return self.message


# What a re-ask tells the model to do, by the check its last answer failed.
REDO = {
    "empty": "write it",
    "json": "answer with exactly the JSON asked for",
    "language": "write it in the ad's language only",
    "length": "make it shorter",
    "assistant": "write only the ad's words, nothing about yourself or the task",
    "customers": "write to the candidate, the person who will do this job",
    "unlawful": "leave the condition out",
    "you": "do not say 'you'; describe the role",
    "channels": "name only the channels in the lines given",
    "drops": "keep those words exactly as written",
    "numbers": "keep every number as the source gives it and add none",
    "label": "write the line itself, without a label in front",
    "meaning": "say what the source line says, in its own key words",
    "stock": "write the duty the source line gives, not a general phrase",
    "facts": "leave pay and contact details out; the ad prints them",
    "retells": "do not list the duties again",
    "bare": "write a sentence on what the job is and who it is for, from the lines given",
    "title": "name the job exactly as the job title line does",
    "words": "translate each word named with its meaning in the job (接聽 is to answer a call)",
    "ungrounded": "use only what the lines given say",
    "promise": "promise nothing the lines given do not",
    "languages": "name exactly the languages the source names, each as itself",
    "perks": "name only what the source offers, in its own meaning",
    "degree": "ask for the skill exactly as the source does, no more and no less",
    "rank": "keep the job's rank as the source gives it (an officer is not a manager)",
    "often": "say how often as the source does (每月 is 'a month', 每週 'a week')",
    "off": "say the days at work as the source does (返/返工 is at work, not off)",
    "days": "name every day of the week the source names (星期六日 is Saturdays and Sundays)",
    "discount": "say the share taken off the price: N折 is a price at N tenths (7折 is 30% off)",
    "education": "name the level of education as the source does (中五 is Form 5, 大專 a diploma)",
    "terms": "translate each pay or perk term with the words the problem names",
}


# the checks that find a piece saying another fact than its source (keys of REDO)
CHANGES_FACTS = frozenset({"channels", "numbers", "drops", "languages", "unlawful", "perks",
                           "degree", "terms", "off", "often", "days", "discount",
                           "education"})  # fmt: skip


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
    fixes: list[Fix] = Field(default_factory=list)
    report: dict[str, Any] | None = None


# An ad speaks as "we" to "you"; "I'm  , and I'm  ." or "我会…" is the model talking
# (自我 "self" and 我司/我方 "our company" are not).
FIRST_PERSON = re.compile(r"\b(?:I(?:['’](?:m|ve|ll|d))?|[Mm]y|me)\b|(?<!自)我(?![們们司方])")


# --- the stage ---------------------------------------------------------------------------


Validator = Callable[[str, Brief, Language], tuple[list[str], dict[str, Any] | None]]


def _result(
    ad: Ad,
    brief: Brief,
    language: Language,
    tone: Tone,
    sources: list[str],
    usage: Usage,
    attempts: int,
    fixes: list[Fix],
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


# --------------------------------------------------------------------------- grounded drafting
# The model writes small pieces from their own inputs (drafter/plan.py decides which): the hook,
# a summary of the working day, one bullet per planned duty and, when the brief is in another
# language, the brief's facts in the ad's language. Each piece is checked against its source as
# soon as it is written; the pieces that fail are asked for again, alone; a piece that still
# fails falls back to the brief's own words (or is left out) and the fix says so.

PIECE_LIMITS = {  # characters: (hook, summary, one duty, one fact)
    "en": (360, 320, 200, 400),  # a fact may be the company's own paragraph
    "zh": (150, 130, 90, 220),
}
NUMBER_IN = re.compile(r"\d+(?:[.,]\d+)*")
# Names a rewrite or a translation must keep: acronyms (HKDSE, CV, KPI), words with digits or
# inner capitals (T2, iPhone, WhatsApp), and the brief's own tools and company (`keep`). A
# capitalised word alone ("Cantonese", "Medical", "Kwun Tong") may be translated.
LATIN_NAME = re.compile(
    r"\b(?:[A-Z]{2,}[A-Za-z0-9]*|[A-Za-z]+\d[A-Za-z0-9]*|[a-z]*[A-Z][a-z]+[A-Z]\w*)\b"
)
PROPER_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b")  # Tung Chung, Kwun Tong
CONTACT_LIKE = re.compile(r"@|https?://|www\.|\b\d{4}[ -]?\d{4}\b")
# Words of a chat assistant, not of an ad; words written to the company's customers.
ASSISTANT_TALK = re.compile(
    r"\b(?:I have|I've|I corrected|typo|as an AI|here is|here's the|hope this helps|let me know|"
    r"thank you)\b|\bthe source\b(?! code)|"  # the prompt's own word: "the source must return…"
    r"以下是|希望(?:对|對)你有(?:帮助|幫助)|错别字|錯別字|谢谢|謝謝|感谢|感謝",
    re.I,
)
TO_CUSTOMERS = re.compile(
    r"\byour (?:business|clinic|company|revenue|store|shop|brand|practice|profits?)\b|"
    r"您的(?:企业|企業|公司|诊所|診所|门店|門店|客户|客戶|生意)|你的(?:企业|企業|公司|生意|客户|客戶)",
    re.I,
)
# A duty in stock words, no duty of the brief's: "处理日常事务", "other duties as assigned".
STOCK_DUTY = re.compile(
    r"日常事[务務]|其他(?:工作|事[务務])|上[级級]交[办辦]|[领領][导導](?:安排|交[办辦])|"
    r"\b(?:other|general|ad[- ]hoc|daily) (?:duties|tasks|matters)\b|\bas (?:assigned|required)\b",
    re.I,
)
# What the model may not promise unless the lines it was given say so.
PROMISE = re.compile(
    r"\b(?:promot\w*|mentor\w*|career (?:path|progression|growth)|bonus\w*|salary|pay rise|"
    r"competitive pay|award\w*|leading|largest|best|top|renowned|premier|world-class|"
    r"experienced|seasoned)\b|晋升|晉升|升职|升職|导师|導師|奖金|獎金|加薪|薪酬|薪资|薪資|领先|領先|知名|"
    r"最大|顶尖|頂尖|资深|資深",
    re.I,
)
# Channels a piece may name only when the brief does, in either language.
CHANNEL_KINDS = {
    "phone": r"\bphones?\b|\bcalls?\b|\btelephone\b|电话|電話|来电|來電|热线|熱線",
    "chat": r"\b(?:live )?chats?\b|在线客服|網上即時對話|即时对话|即時對話",
    "email": r"\be-?mails?\b|邮件|郵件|电邮|電郵",
    "whatsapp": r"\bWhatsApp\b",
    "wechat": r"\bWeChat\b|微信",
    "social": r"\bsocial media\b|\bInstagram\b|\bFacebook\b|社交媒体|社交媒體",
}
CHANNEL_WORD = re.compile("|".join(f"(?P<{k}>{p})" for k, p in CHANNEL_KINDS.items()), re.I)


def channel_kinds(text: str) -> set[str]:
    """The contact channels `text` names, as kinds (phone, chat, email…), in any language."""
    return {m.lastgroup for m in CHANNEL_WORD.finditer(text) if m.lastgroup}


STOP_EN = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "the",
        "to",
        "of",
        "for",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "be",
        "will",
        "you",
        "your",
        "our",
        "we",
        "their",
        "they",
        "this",
        "that",
        "it",
        "its",
        "all",
        "any",
        "each",
        "every",
        "new",
        "other",
        "into",
        "per",
        "via",
    ]
)


# One pair shows what "translated whole" means (the 1.5B model otherwise translates the first
# word and copies the rest: "回答 delivery enquiries from shoppers").
TRANSLATION_EXAMPLE = {
    "zh": '"2 years of call centre experience with Zendesk" → "两年以上呼叫中心经验，熟悉 Zendesk"',
    "en": '"两年以上呼叫中心经验，熟悉 Zendesk" → "2 years of call centre experience with Zendesk"',
}
STYLE_TOKENS = 220  # the style sample: enough for the voice, little to read


class Piece(BaseModel):
    """One thing the model writes: its field, its source lines and what came back."""

    kind: str  # "hook" | "summary" | "duty" | "fact"
    index: int = 0
    key: str = ""  # a fact's place in the ad (plan.Fact.key): title, schedule, benefits…
    source: str
    text: str = ""
    problems: list[Problem] = Field(default_factory=list)


def _chinese(language: str) -> bool:
    return language.startswith("zh")


def _in_language(text: str, language: Language) -> bool:
    han = len(CJK.findall(text))
    latin = len(re.findall(r"[A-Za-z]{2,}", text))
    if language == "en":
        return han == 0
    # Hong Kong ads keep English terms (CS, KPI, shift, Zendesk), not English phrases:
    # "5天工作周， rotating shifts between 8:00" is half translated
    phrase = re.search(r"\b[a-z]{2,}\s+[a-z]{2,}\b", text)
    return han >= 2 and han >= 1.5 * latin * 0.5 and not phrase


def _left_in_english(source: str, written: str) -> list[str]:
    """Plain English words (lowercase, four letters or more) a Chinese translation keeps from
    its English source; names, tools and acronyms (WhatsApp, Excel, CS) are kept by design."""
    said = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", source)}
    return list(dict.fromkeys(w for w in re.findall(r"(?<![A-Za-z])[a-z]{4,}(?![A-Za-z])", written)
                              if w in said))  # fmt: skip


def _key_words(text: str, chinese: bool) -> set[str]:
    if chinese:
        han = "".join(CJK.findall(text))
        return {han[i : i + 2] for i in range(len(han) - 1)}
    return {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in STOP_EN}


# Words any hook may use without the brief saying them (and the ad's own framing).
FRAMING_EN = frozenset([
    "join", "looking", "hiring", "hire", "work", "working", "team", "role", "help", "helps",
    "helping", "people", "every", "daily", "each", "make", "makes", "want", "need", "needs",
    "enjoy", "like", "someone", "person", "candidate", "successful", "holder", "position", "job",
    "jobs", "company", "first", "part", "will", "great", "good", "right",
])  # fmt: skip
FRAMING_ZH = (
    "我们我們你的是一名将將负责負責加入团队團隊工作职位職位现招聘現招聘这个這個每天希望需要欢迎歡迎"
    "成为成為一起这份這份"
)
GROUNDED_SHARE = 0.5  # a hook or summary says mostly what its lines say


def _grounded_share(text: str, given: str, language: Language) -> float:
    """The share of a hook's or summary's content (English words, Chinese character pairs)
    found in the lines it was written from."""
    if _chinese(language):
        han = "".join(c for c in CJK.findall(to_script(text, "zh-Hans")) if c not in FRAMING_ZH)
        pairs = {han[i : i + 2] for i in range(len(han) - 1)}
        given_s = to_script(given, "zh-Hans")
        return sum(p in given_s for p in pairs) / len(pairs) if pairs else 1.0
    words = {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in STOP_EN | FRAMING_EN}
    return sum(w in given or w.rstrip("s") in given for w in words) / len(words) if words else 1.0


def _bare(text: str, source: str, language: Language) -> bool:
    """A hook that names the job and the company and says nothing else ("电话客服主任，嘉运物流
    有限公司。", a Simplified ad's hook from a note of my own): the names its source gives
    taken out, fewer than four Chinese characters or two English words of substance remain."""
    rest = text
    for m in re.finditer(r"^(?:job title|company):\s*(.+)$", source, re.M):
        for name in {m.group(1).strip(), to_script(m.group(1).strip(), language)}:
            rest = rest.replace(name, " ")
    if _chinese(language):
        return len(CJK.findall(rest)) < 4
    words = [w for w in re.findall(r"[A-Za-z]{2,}", rest) if w.lower() not in STOP_EN]
    return len(words) < 2


LABEL_PREFIX = re.compile(r"^\s*(?:[\u3400-\u9fff]{2,6}|[A-Za-z ]{2,20})\s*[:：]")


# "7折", "8.5折", "八五折": a price at so many tenths (7折 is 30% off, 八五折 15% off)
_ZHE = re.compile(r"(\d(?:\.\d)?|\d{2}|[一二三四五六七八九]{1,2})\s*折")
_ZH_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}


def _discounts(source: str) -> list[tuple[re.Match[str], int]]:
    """Each N折 of `source` with the share it takes off (7折: 30, 八五折: 15)."""
    out = []
    for m in _ZHE.finditer(source):
        digits = "".join(_ZH_DIGIT.get(c, c) for c in m.group(1))
        tenths = float(digits) if "." in digits or len(digits) == 1 else float(digits) / 10
        if 0 < (off := round(100 - tenths * 10)) < 100:
            out.append((m, off))
    return out


def _says_off(off: int, written: str) -> bool:
    """True when an English `written` says the share off ("30% off") a 折 takes: "員工寵物診症
    7 折" had been written "Pet clinic visits cost 7%"."""
    said = rf"(?<![\d.]){off}\s?(?:%|per ?cent)\s*(?:off|discount|staff discount|reduction)"
    return bool(re.search(said, written, re.I))


def _added_numbers(source: str, written: str) -> list[str]:
    """Numbers a rewrite has that its source does not ("two afternoons a week" taken from the
    next duty), and a Chinese count whose measure word changed ("40 通" written "40辆")."""
    plain = source.replace(",", "")
    out = [n for n in NUMBER_IN.findall(written)
           if n.replace(",", "") not in plain and ZH_NUMERAL.get(n, "\0") not in plain]  # fmt: skip
    for m in re.finditer(r"(\d+)\s*([\u3400-\u9fff])", source):
        number, unit = m.groups()
        if re.search(rf"(?<!\d){number}\s*[\u3400-\u9fff]", written) and not re.search(
            rf"(?<!\d){number}\s*{unit}", written
        ):
            out.append(f"{number}{unit}")
    return list(dict.fromkeys(out))


def _missing_terms(source: str, written: str, keep: tuple[str, ...] = ()) -> list[str]:
    """Numbers and names (acronyms, the brief's tools and company) of `source` that `written`
    lost."""
    flat = written.lower().replace(",", "").replace(" ", "")
    lost = [n for n in NUMBER_IN.findall(source)
            if n.replace(",", "") not in flat and ZH_NUMERAL.get(n, "\0") not in flat]  # fmt: skip
    names = [*LATIN_NAME.findall(source), *(k for k in keep if k and k.lower() in source.lower())]
    lost += [n for n in names if n.lower().replace(" ", "") not in flat]
    # a name of several capitalised words ("Tung Chung", "Longmen International Airport") may
    # be translated whole, but not kept in part: "張 Chung" is a garbled place
    for name in PROPER_NAME.findall(source):
        parts = [w.lower() for w in name.split()]
        kept = [
            w for w in parts if re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", written.lower())
        ]
        if kept and len(kept) < len(parts):
            lost.append(name)
    return list(dict.fromkeys(lost))


def _languages(text: str) -> set[int]:
    """The languages a line names (entries of `spoken_languages` in rules/lexicons.yaml)."""
    from drafter.validate import _lexicons

    return {i for i, pattern in enumerate(_lexicons().languages) if pattern.search(text)}


def _changed_languages(source: str, written: str) -> str:
    """What a rewritten or translated line says of languages that its source does not ("廣東話"
    written as "Mandarin"), in a line; empty when it names the same ones."""
    was, now = _languages(source), _languages(written)
    if was == now or not (was or now):
        return ""
    from drafter.validate import _lexicons

    names = _lexicons().language_names
    changed = ", ".join(names[i] for i in sorted(was ^ now))
    return f"it changes the languages the source names ({changed})"


def _added(kind: str, source: str, written: str) -> list[str]:
    """Words of one kind (a group list in rules/lexicons.yaml) a translated fact says that its
    source does not say in any language: a degree ("fluent", 精通: `proficiency`), a rank
    ("會員服務主任" written "Live Chat Service Manager": `rank`), days off ("每星期最少返3日",
    days at work, written "3 days per week off": `days_off`)."""
    from drafter.validate import _lexicons

    return [
        m.group()
        for pattern in getattr(_lexicons(), kind)
        if (m := pattern.search(written)) and not pattern.search(source)
    ]


def _lost(kind: str, source: str, written: str) -> list[str]:
    """Words of one kind (a group list in rules/lexicons.yaml) its source says that a translated
    fact does not say in any language: how often ("每月", "隔週": `frequency`), how well
    ("fluent Cantonese" written "粵語": `proficiency`)."""
    from drafter.validate import _lexicons

    return [
        m.group()
        for pattern in getattr(_lexicons(), kind)
        if (m := pattern.search(source)) and not pattern.search(written)
    ]


def _terms_in(text: str) -> list[dict[str, Any]]:
    """The pay and perk terms (`fact_terms` in rules/lexicons.yaml) `text` names, once each."""
    from drafter.validate import _lexicons

    found = []
    for term in _lexicons().fact_terms:
        english = re.search(
            rf"(?<![A-Za-z]){re.escape(term['en'])}(?:e?s)?(?![A-Za-z])", text, re.I
        )
        if english or any(z in text for z in term["zh"]):
            found.append(term)
    return found


# what may stand beside a term in a fact printed from the table: an amount and its period
_AMOUNT_ONLY = re.compile(
    r"[\s$€£¥￥.,\d+/()（）:：-]*(?:HK\$|S\$|US\$|RMB|HKD|元|港元)?[\s$€£¥￥.,\d+/()（）:：-]*"
)


# a requirement that is a term's experience: "有客服經驗", "诊所工作经验", "clinic experience"
EXPERIENCE = {"zh-Hant": "經驗", "zh-Hans": "经验"}
_EXPERIENCE_BEFORE = re.compile(r"\s*(?:有|具)?\s*", re.I)
_EXPERIENCE_AFTER = re.compile(
    r"\s*(?:工作|相關|相关)?\s*(?:經驗|经验|經歷|经历|experience)\s*", re.I
)


# a language asked for as spoken: "識普通話", "会说英语", "spoken Cantonese"
_SPEAKS = re.compile(
    r"\s*(?:識講?|识讲?|會講|会讲|會說|会说|能講|能讲|能說|能说|懂|spoken|speaks?)\s*", re.I
)
SPOKEN = {"en": "Spoken {}", "zh-Hant": "識講{}", "zh-Hans": "会说{}"}


def _is_language(term: dict[str, Any]) -> bool:
    from drafter.validate import _lexicons

    return term["en"] in _lexicons().language_names


def _degree_printed(words: str, language: Language) -> str | None:
    """`words` in the ad's language when they are one degree of skill and nothing else ("fluent",
    "流利": `proficiency` and `proficiency_printed` in rules/lexicons.yaml)."""
    from drafter.validate import _lexicons

    lex = _lexicons()
    for pattern, printed in zip(lex.proficiency, lex.proficiency_printed, strict=True):
        if (m := pattern.search(words)) and not (words[: m.start()] + words[m.end() :]).strip(
            " 的地"
        ):
            return printed[language]
    return None


def term_translation(source: str, language: Language) -> str | None:
    """A fact that is one pay or perk term (and at most an amount), or a term's experience, in
    the ad's language, from the table: "勤工獎" → "attendance bonus", "勤工獎$500" → "attendance
    bonus $500", "有客服經驗" → "customer service experience". None when the fact says more than
    that (the model writes it, under `_lost_terms`)."""
    text = source.strip()
    if several := _experience_of_terms(text, language):
        return several
    for term in _terms_in(text):
        spellings = [term["en"], *term["zh"]]
        hit = next((s for s in spellings if s.lower() in text.lower()), None)
        if hit is None:
            continue
        at = text.lower().find(hit.lower())
        before, after = text[:at], text[at + len(hit) :]
        said = term["en"] if language == "en" else term[language]
        if not after.strip() and _SPEAKS.fullmatch(before) and _is_language(term):
            # "識普通話" → "Spoken Mandarin", "spoken Cantonese" → "識講廣東話"
            return SPOKEN[language].format(said)
        if not after.strip() and (degree := _degree_printed(before, language)):
            # "fluent Cantonese" → "流利廣東話", "流利粵語" → "fluent Cantonese"
            return f"{degree} {said}" if language == "en" else degree + said
        if _EXPERIENCE_BEFORE.fullmatch(before) and _EXPERIENCE_AFTER.fullmatch(after):
            # "有客服經驗" → "customer service experience", "clinic experience" → "診所經驗"
            return f"{said} experience" if language == "en" else said + EXPERIENCE[language]
        if not (_AMOUNT_ONLY.fullmatch(before) and _AMOUNT_ONLY.fullmatch(after)):
            return None
        # Chinese runs on without spaces unless an amount in Latin letters or $ stands beside it
        sep = " " if language == "en" or re.search(r"[A-Za-z$]", before + after) else ""
        return sep.join(x for x in (before.strip(), said, after.strip()) if x)
    return None


# "有診所或寵物店經驗": the experience of one term or another, or of one and another
_TERM_OR = re.compile(r"\s*(?:或者|或|/|\bor\b)\s*", re.I)
_TERM_AND = re.compile(r"\s*(?:及|和|與|与|、|\band\b)\s*", re.I)


def _experience_of_terms(text: str, language: Language) -> str | None:
    """ "有診所或寵物店經驗" → "clinic or pet shop experience" when each of the kinds is a term of
    the table; None otherwise."""
    from drafter.validate import _lexicons

    m = re.fullmatch(
        r"(?:有|具|具有|具備|具备)?\s*(.+?)\s*(?:工作|相關|相关)?\s*(?:經驗|经验|experience)",
        text, re.I,
    )  # fmt: skip
    if not m:
        return None
    kinds = m.group(1)
    for joins, word in ((_TERM_OR, ("or", "或")), (_TERM_AND, ("and", "及"))):
        parts = [p for p in joins.split(kinds) if p.strip()]
        if len(parts) < 2:
            continue
        said = []
        for part in parts:
            term = next((t for t in _lexicons().fact_terms
                         if part.lower() in (t["en"].lower(), *t["zh"])), None)  # fmt: skip
            if term is None:
                return None
            said.append(term["en"] if language == "en" else term[language])
        if language == "en":
            return f"{', '.join(said[:-1])} {word[0]} {said[-1]} experience"
        return "、".join(said[:-1]) + word[1] + said[-1] + EXPERIENCE[language]
    return None


def _lost_terms(source: str, written: str, language: Language, duty: bool = False) -> list[str]:
    """The table's translation of each pay or perk term `source` names that `written` does not
    give: "勤工獎" written as "a bonus for volunteering" lost "attendance bonus". For a `duty`,
    only the terms a duty keeps (the job's objects: "寵物" is pets)."""
    from drafter.readers import converter

    simple = converter("t2s").convert
    lost = []
    from drafter.validate import _lexicons

    for term in _terms_in(source):
        if duty and not term["duties"]:
            continue
        if language == "en":
            # "普通話" is Mandarin or Putonghua: either name of the same Chinese says it
            names = [t["en"] for t in _lexicons().fact_terms if set(t["zh"]) & set(term["zh"])]
            ok = any(
                re.search(rf"(?<![A-Za-z]){re.escape(name)}(?:e?s)?(?![A-Za-z])", written, re.I)
                for name in names
            )
            want = term["en"]
        else:
            ok = any(simple(z) in simple(written) for z in term["zh"])
            want = term[language]
        if not ok:
            lost.append(want)
    return lost


def _added_perks(source: str, written: str) -> list[str]:
    """Perk words a translated fact names that its source does not, in any of their languages
    (`perk_translations` in rules/lexicons.yaml): "Paid training" written as "免費培訓" is free
    training, a perk the brief never gave."""
    from drafter.readers import converter
    from drafter.validate import _lexicons

    lex = _lexicons()
    simple = converter("t2s").convert
    src = simple(source.lower())
    excepted = [e.span() for e in lex.perk_exceptions.finditer(written)]
    out = []
    for pattern in (lex.perk_en, lex.perk_zh):
        for m in pattern.finditer(written):
            if any(a <= m.start() and m.end() <= b for a, b in excepted):
                continue
            word = simple(m.group().lower())
            groups = [g for g in lex.perk_translations if any(n in word or word in n for n in g)]
            if word in src or any(n in src for g in groups for n in g):
                continue
            out.append(m.group())
    return list(dict.fromkeys(out))


SECOND_PERSON = ("you", "your", "yours", "yourself", "yourselves")  # barred in professional English
SECOND = re.compile(r"\b(?:you|your|you'll|you're|yours)\b|你|您", re.I)


def _unlawful(text: str, language: Language, jurisdiction: str | None) -> list[str]:
    """The validator's discrimination findings in a piece (its rules only: it is fast)."""
    from drafter.rewrite import _flagged

    return [f"{f.excerpt!r} ({f.rule})" for f in _flagged(text, language, jurisdiction)]


def piece_problems(
    piece: Piece,
    language: Language,
    same_language: bool,
    given: str,
    tone: Tone = "lively",
    given_channels: tuple[str, ...] = (),
    jurisdiction: str | None = None,
    keep: tuple[str, ...] = (),
    duties: tuple[str, ...] = (),
) -> list[Problem]:
    """Why a written piece cannot go into the ad (empty: it can)."""
    text, source = piece.text.strip(), piece.source
    limit = PIECE_LIMITS["zh" if _chinese(language) else "en"]
    cap = {"hook": limit[0], "summary": limit[1], "duty": limit[2], "fact": limit[3]}[piece.kind]
    out: list[Problem] = []
    if len(text) < 2:
        return [Problem("empty", "it is empty")]
    if not _in_language(text, language) and not (
        piece.kind == "fact" and not CJK.search(source) and not re.search(r"[A-Za-z]{3,}", source)
    ):
        out.append(Problem("language", "it is not written in the ad's language"))
    elif _chinese(language) and not same_language and (kept := _left_in_english(source, text)):
        # "預訂 appointments" for "Book appointments": a word of the source left as it was
        out.append(Problem("language", "it leaves words untranslated: " + ", ".join(kept)))
    if len(text) > cap:
        out.append(Problem("length", f"it is too long ({len(text)} characters; at most {cap})"))
    if ASSISTANT_TALK.search(text) or FIRST_PERSON.search(text):
        out.append(Problem("assistant", "it talks about the writer or the task, not the job"))
    if TO_CUSTOMERS.search(text):
        out.append(
            Problem(
                "customers",
                "it speaks to the company's customers, not to the candidate",
            )
        )
    if flagged := _unlawful(text, language, jurisdiction):
        out.append(
            Problem(
                "unlawful",
                "it states a condition the law forbids: " + "; ".join(flagged),
            )
        )
    if tone == "professional" and piece.kind != "fact" and SECOND.search(text):
        out.append(
            Problem(
                "you",
                "it speaks to the reader as 'you'; the professional voice does not",
            )
        )
    flat = (given + "\n" + source).lower().replace(",", "")
    # a duty's channels are its source's and the brief's own, not how candidates apply: an
    # e-mail and WhatsApp to apply to did not make "處理索償查詢" "by phone and chat"
    allowed = channel_kinds(source if piece.kind == "duty" else given + "\n" + source) | set(
        given_channels
    )
    channels = [m.group() for m in CHANNEL_WORD.finditer(text) if m.lastgroup not in allowed]
    if channels and piece.kind != "fact":
        out.append(
            Problem(
                "channels",
                "it names channels the brief does not: " + ", ".join(dict.fromkeys(channels)),
            )
        )
    if piece.kind == "duty" and STOCK_DUTY.search(text) and not STOCK_DUTY.search(source):
        out.append(Problem("stock", "it is a stock phrase, not the duty its source gives"))
    if piece.kind in ("duty", "fact"):
        # (checks from Chinese into English, where they were seen: "answer" has many Chinese
        # words, and a Chinese ad's facts are not yet checked for how often)
        into_english = language == "en" and bool(CJK.search(source))
        # a 折 said as the share off ("30% off" for 7折) has changed its number rightly
        discounts = _discounts(source) if into_english else []
        said_off = {m.group(1): str(off) for m, off in discounts if _says_off(off, text)}
        if lost := [x for x in _missing_terms(source, text, keep) if x not in said_off]:
            out.append(Problem("drops", "it drops " + ", ".join(repr(x) for x in lost)))
        if changed := _changed_languages(source, text):
            out.append(Problem("languages", changed))
        if piece.kind == "duty" and into_english and (lost := _lost("duty_words", source, text)):
            out.append(Problem("words", "it loses what these say: " + ", ".join(lost)))
        if piece.kind == "fact" and (raised := _added("proficiency", source, text)):
            out.append(Problem("degree", "it asks more than its source: " + ", ".join(raised)))
        if piece.kind == "fact" and (lowered := _lost("proficiency", source, text)):
            out.append(Problem("degree", "it asks less than its source: " + ", ".join(lowered)))
        if piece.key == "title" and (raised := _added("rank", source, text)):
            out.append(Problem("rank", "it raises the job's rank: " + ", ".join(raised)))
        if piece.key == "schedule" and (off := _added("days_off", source, text)):
            out.append(Problem("off", "it says days off its source does not: " + ", ".join(off)))
        if piece.kind == "fact" and into_english and (lost := _lost("education", source, text)):
            out.append(Problem("education", "it does not say the level " + ", ".join(lost)))
        if wrong := [f"{off}% off for {m.group()}" for m, off in discounts if m[1] not in said_off]:
            out.append(Problem("discount", "it does not say " + ", ".join(wrong)))
        if piece.key == "schedule" and (lost := _lost("weekdays", source, text)):
            named = ", ".join(lost)
            out.append(Problem("days", "it does not name the days its source does: " + named))
        if piece.kind == "fact" and into_english and (lost := _lost("frequency", source, text)):
            out.append(Problem("often", "it does not say how often: " + ", ".join(lost)))
        if piece.kind == "fact" and (perks := _added_perks(source, text)):
            out.append(Problem("perks", "it names perks its source does not: " + ", ".join(perks)))
        if (
            piece.kind in ("fact", "duty")
            and not same_language
            and (lost := _lost_terms(source, text, language, duty=piece.kind == "duty"))
        ):
            out.append(Problem("terms", "it does not say " + ", ".join(repr(x) for x in lost)))
        if added := [x for x in _added_numbers(source, text) if x not in said_off.values()]:
            out.append(
                Problem(
                    "numbers",
                    "it adds or changes " + ", ".join(repr(x) for x in added),
                )
            )
        if (label := LABEL_PREFIX.match(text)) and not LABEL_PREFIX.match(source):
            out.append(
                Problem("label", f"it adds a label ({label.group()!r})")
            )  # "崗位名稱：客戶服務主任"
        if same_language and piece.kind == "duty":
            keys = _key_words(source, _chinese(language))
            kept = _key_words(text, _chinese(language)) & keys
            if keys and len(kept) < 0.4 * len(keys):
                out.append(Problem("meaning", "it does not say what the duty says"))
    else:  # hook and summary: nothing that the lines given do not say
        if piece.kind == "hook" and _bare(text, source, language):
            out.append(Problem("bare", "it names the job and the company and says nothing else"))
        if _chinese(language) and (renamed := _renamed(text, source)):
            out.append(Problem("title", "it names the job otherwise: " + ", ".join(renamed)))
        if (
            _chinese(language)
            and not re.search(r"^headcount:", given + "\n" + source, re.M)
            and (counted := _HIRED_COUNT.findall(text))
        ):
            out.append(Problem("numbers", "it says how many are hired; the brief does not: "
                               + ", ".join(counted)))  # fmt: skip
        new_numbers = [n for n in NUMBER_IN.findall(text) if n.replace(",", "") not in flat]
        if new_numbers:
            out.append(
                Problem(
                    "numbers",
                    "it gives numbers the brief does not: " + ", ".join(new_numbers),
                )
            )
        if MONEY.search(text) or CONTACT_LIKE.search(text):
            out.append(
                Problem(
                    "facts",
                    "it mentions pay or contact details (the program prints them)",
                )
            )
        retold = [d for d in duties if _key_words(d, _chinese(language))
                  and len(_key_words(d, _chinese(language)) & _key_words(text, _chinese(language)))
                  >= 0.6 * len(_key_words(d, _chinese(language)))]  # fmt: skip
        if len(retold) >= 2:
            out.append(
                Problem(
                    "retells",
                    f"it retells {len(retold)} of the duties, which the ad lists anyway",
                )
            )
        if (share := _grounded_share(text, flat, language)) < GROUNDED_SHARE:
            out.append(
                Problem(
                    "ungrounded",
                    (
                        f"it says things the lines given do not "
                        f"({share:.0%} of its words are theirs)"
                    ),
                )
            )
        promised = [m.group() for m in PROMISE.finditer(text) if m.group().lower() not in flat]
        if promised:
            out.append(
                Problem(
                    "promise",
                    "it promises what the brief does not: " + ", ".join(promised),
                )
            )

    return out


def _glossary(source: str) -> str:
    """What the Chinese work words of a duty mean in English (`duty_words` in
    rules/lexicons.yaml), for the model to translate it with: " (接聽: answer; 住戶: residents)"."""
    from drafter.validate import _lexicons

    raw = _lexicons().duty_word_names
    said = []
    for names in raw:
        chinese = next((n for n in names if CJK.search(n) and n in source), None)
        english = next((n for n in names if not CJK.search(n)), None)
        if chinese and english:
            said.append(f"{chinese}: {re.sub(r'[(][^)]*[)][?]?|[?]', '', english)}")
    return f" ({'; '.join(said)})" if said else ""


# "招聘一名客服助理": a number hired, which a brief without a headcount does not give
_HIRED_COUNT = re.compile(
    r"(?:招聘|招募|招|聘请|聘請|诚聘|誠聘|请|請)\s*(?:[一二两兩三四五六七八九十]|\d{1,3})\s*(?:名|位|个|個)"
)


def _renamed(text: str, source: str) -> list[str]:
    """The job named in a Chinese hook or summary with other words before the title's own last
    word ("客服助理" for the brief's 客务助理): a small model turns a title it finds unusual into
    a common one, and the title is the recruiter's."""
    from drafter.readers import converter

    m = re.search(r"^job title:\s*(.+)$", source, re.M)
    if not m:
        return []
    simple = converter("t2s").convert
    title = re.sub(r"[^\u3400-\u9fff]", "", simple(m.group(1)))
    written = simple(text)
    if len(title) < 3:
        return []
    out = []
    for hit in re.finditer(re.escape(title[-2:]), written):
        named = written[max(0, hit.start() - (len(title) - 2)) : hit.end()]
        if named != title and set(named[:-2]) & set(title[:-2]) and title not in written:
            out.append(named)
    return list(dict.fromkeys(out))


def tidy_piece(text: str, kind: str, language: Language) -> str:
    """A piece as the ad prints it: the clean-up passes of drafter/rules/cleanup.yaml."""
    from drafter.cleanup import run

    return run(str(text), kind, language)


def pieces_request(
    pieces: list[Piece], language_name: str, language: Language, tone: Tone = "lively"
) -> tuple[str, dict[str, Any]]:
    """What to write, field by field, and the JSON schema that holds exactly that. For the
    local model the schema also becomes decoding rules: no Chinese in an English ad, Chinese
    pieces that begin with a Chinese character, no "you" in a professional English ad."""
    lines: list[str] = []
    props: dict[str, Any] = {}
    hooks = [p for p in pieces if p.kind == "hook"]
    summaries = [p for p in pieces if p.kind == "summary"]
    duties = [p for p in pieces if p.kind == "duty"]
    facts = [p for p in pieces if p.kind == "fact"]
    # room for a little more than the checks accept: a cut-off sentence is worse than a re-ask
    hook_cap, summary_cap, duty_cap, fact_cap = (
        int(c * 1.3) for c in PIECE_LIMITS["zh" if _chinese(language) else "en"]
    )
    if hooks:
        lines.append('- "hook": two short sentences, at most 40 words together, that tell the '
                     "right person what this job is, for whom and where; do not list the duties; "
                     "use only the facts in these lines:\n" + hooks[0].source)  # fmt: skip
        props["hook"] = {"type": "string", "minLength": 10, "maxLength": hook_cap}
    if summaries:
        lines.append('- "role_overview": one or two sentences, at most 35 words, on how the '
                     "work is done (channels, tools, schedule), not what the duties are; use only "
                     "the facts in these lines:\n" + summaries[0].source)  # fmt: skip
        props["role_overview"] = {"type": "string", "minLength": 10, "maxLength": summary_cap}
    if duties:
        listed = "\n".join(
            f"{i}. {p.source}{_glossary(p.source) if language == 'en' else ''}"
            for i, p in enumerate(duties, 1)
        )
        lines.append(
            f'- "responsibilities": exactly {len(duties)} bullet(s), one for each duty below, in '
            f"the same order. Rewrite each duty in {language_name} as one short sentence that "
            "starts with a verb; keep every tool, channel, object, name and number it contains; "
            "add nothing:\n" + listed
        )
        props["responsibilities"] = {
            "type": "array", "minItems": len(duties), "maxItems": len(duties),
            "items": {"type": "string", "minLength": 2, "maxLength": duty_cap},
        }  # fmt: skip
    if facts:
        # one field per fact, named for it ("fact_3"), not a list: a small model that counts
        # list items shifts them by one and prints one fact's translation as another's
        listed = "\n".join(f'"{_fact_key(p)}": {p.source}' for p in facts)
        example = TRANSLATION_EXAMPLE["en" if language == "en" else "zh"]
        lines.append(
            f"- the facts: one field per line below, named as given, each line translated "
            f"whole into {language_name}; keep names, numbers, amounts, tools and contacts "
            f"exactly as they are ({example}):\n" + listed
        )
        for p in facts:
            props[_fact_key(p)] = {"type": "string", "minLength": 1, "maxLength": fact_cap}
    schema: dict[str, Any] = {"type": "object", "properties": props, "required": list(props),
                              "additionalProperties": False}  # fmt: skip
    if language == "en":
        schema[LATIN_ONLY] = True
        if tone == "professional":
            schema[AVOID_WORDS] = list(SECOND_PERSON)
    else:
        schema[CJK_FIRST] = [
            k for k in props if k in ("hook", "role_overview", "responsibilities")
            or k.startswith("fact_")
        ]  # fmt: skip
    return "\n\n".join(lines) + "\n", schema


def _fact_key(piece: Piece) -> str:
    return f"fact_{piece.index + 1}"


def _fill(pieces: list[Piece], raw: str) -> bool:
    """Put the model's answer into the pieces asked for; False when it is not that JSON."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        data = salvage_json(raw)
    if not isinstance(data, dict):
        return False
    lists = {"duty": data.get("responsibilities"), "fact": data.get("facts")}
    by_kind: dict[str, int] = {}
    for piece in pieces:
        at = by_kind.get(piece.kind, 0)
        by_kind[piece.kind] = at + 1
        if piece.kind == "hook":
            value = data.get("hook")
        elif piece.kind == "summary":
            value = data.get("role_overview")
        elif piece.kind == "fact" and _fact_key(piece) in data:
            value = data[_fact_key(piece)]
        else:  # duties in their list; facts as a list from a server that ignores the schema
            items = lists[piece.kind]
            value = items[at] if isinstance(items, list) and at < len(items) else None
        piece.text = value if isinstance(value, str) else ""
    return True


def salvage_json(raw: str) -> Any:
    """The first JSON object in `raw`, if any (a model may wrap it in prose)."""
    start = raw.find("{")
    if start < 0:
        return None
    try:
        return pydantic_core.from_json(raw[start:], allow_partial=True)
    except ValueError:
        return None


def _fallback(piece: Piece, plan: Plan, language: Language, fixes: list[Fix], title: str) -> str:
    """What the ad prints when the model could not write a piece the checks accept."""
    why = "; ".join(p.message for p in piece.problems)
    same = plan.source_language == language or (
        _chinese(plan.source_language) and _chinese(language)
    )
    part = f"duty {piece.index + 1}" if piece.kind == "duty" else piece.kind
    if piece.kind == "duty":
        if same:
            text = tidy_piece(piece.source, "duty", language)
            fixes.append(Fix(kind="brief_words", part=part, text=piece.source, now=text,
                             reason=why))  # fmt: skip
            return text
        text = tidy_piece(piece.text, "duty", language)
        if not text or any(p.check in CHANGES_FACTS for p in piece.problems):
            # a translation that says another fact than its source (a channel, a number, a
            # language the brief never gave) is not printed: the brief's words are
            fixes.append(Fix(kind="as_given", part=part, text=piece.source, now=piece.source,
                             reason=why))  # fmt: skip
            return piece.source
        fixes.append(Fix(kind="model_words", part=part, text=piece.source, now=text, reason=why))
        return text
    if piece.kind == "fact":
        fixes.append(Fix(kind="as_given", part=part, text=piece.source, now=piece.source,
                         reason=why))  # fmt: skip
        return piece.source
    if piece.kind == "summary":
        fixes.append(Fix(kind="left_out", part=part, reason=why))
        return ""
    hook = plain_hook(plan, language, title)
    fixes.append(Fix(kind="program_hook", part=part, now=hook, reason=why))
    return hook


def plain_hook(plan: Plan, language: Language, title: str | None = None) -> str:
    """A hook made of the brief's facts only, for when the model's does not hold; `title` as
    the ad prints it (translated), the brief's by default."""
    brief = plan.brief
    title = title or brief.title
    company = "" if brief.company.name.startswith("[") else brief.company.name
    place = "" if brief.location.startswith("[") else brief.location
    if language == "en":
        who = company or "We"
        verb = "is" if company else "are"
        where = f" in {place}" if place else ""
        return f"{who} {verb} hiring a {title}{where}."
    where = f"，工作地点：{place}" if place and language == "zh-Hans" else (
        f"，工作地點：{place}" if place else "")  # fmt: skip
    who = company or ("我们" if language == "zh-Hans" else "我們")
    return to_script(f"{who}现招聘{title}{where}。", language)


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
    """Draft one ad: plan it from the brief, have the model write its small pieces, check each
    against its source, ask again for the ones that fail, and print the rest from the brief."""
    if brief.how_to_apply.is_empty():
        raise InputError(
            "the brief says nothing about how to apply",
            field="how_to_apply",
            fix="add how_to_apply.email, .url, .phone, .address or .instructions",
        )
    plan = plan_ad(brief, language, load_templates(settings.knowledge_dir))
    fixes = [Fix(kind="flagged" if c.action == "flagged" else "reworded" if c.now else "removed",
                 part=c.part, text=c.text,
                 now=c.now or "", reason=c.reason, rule=c.rule, source=c.source)
             for c in plan.changes]  # fmt: skip
    pieces = [Piece(kind="hook", source="\n".join(plan.hook_from))]
    if plan.summary_from:
        pieces.append(Piece(kind="summary", source="\n".join(plan.summary_from)))
    pieces += [Piece(kind="duty", index=i, source=d) for i, d in enumerate(plan.duties)]
    pieces += [
        Piece(kind="fact", index=i, source=f.text, key=f.key) for i, f in enumerate(plan.facts)
    ]
    # the brief's channels in every language the ad may name them in ("電話、電郵" for phone, email)
    channel_names = [CHANNELS[lang][c] for c in brief.channels for lang in CHANNELS]
    given = "\n".join([*plan.hook_from, *plan.summary_from, *plan.duties, *channel_names,
                       prompts.brief_facts(brief)])  # fmt: skip
    same = plan.source_language == language or (
        _chinese(plan.source_language) and _chinese(language)
    )
    language_name, _ = prompts.writer(settings.prompts_dir, language)
    usage = Usage(backend=backend.name, model=backend.model)
    facts_text = _job_facts(plan)
    # One example ad of this language and tone, without its facts, shows the voice; guides
    # are for people. Only what the prompt shows is reported as a source.
    samples = [p for p in passages if p.kind == "example" and p.language == language]
    style, sources = (
        prompts.format_context(samples[:1], STYLE_TOKENS) if samples else ("(none)", [])
    )
    attempts = 0
    answered = parsed = False
    passed: set[int] = set()  # the pieces that held
    keep = (*brief.tools, brief.company.name)  # names no rewrite or translation may lose
    last_raw = ""

    def write(todo: list[Piece], translate: bool) -> list[Piece]:
        """Ask for `todo`, check each piece, ask again for those that fail; returns the pieces
        that never held."""
        nonlocal attempts, answered, parsed, usage, last_raw
        for attempt in range(1, settings.max_reasks + 2):
            attempts += 1
            tasks, schema = pieces_request(todo, language_name, language, tone)
            if translate:
                messages = prompts.translate_messages(settings.prompts_dir, language, tasks=tasks)
            else:
                messages = prompts.pieces_messages(
                    settings.prompts_dir,
                    language,
                    tone,
                    facts=facts_text,
                    tasks=tasks,
                    style=style,
                )
            if attempt > 1:
                messages[-1]["content"] += (
                    "\nYour last answer for these fields did not hold:\n"
                    + "\n".join(
                        f"- {p.kind} {p.index + 1}: "
                        + "; ".join(f"{q.message} — {REDO[q.check]}" for q in p.problems)
                        for p in todo
                    )
                )
            budget = min(settings.max_completion_tokens, 120 + 90 * len(todo))
            try:
                completion = backend.complete(
                    messages, schema=schema, max_tokens=budget, on_token=on_token,
                    repeat_penalty=settings.draft_repeat_penalty,
                )  # fmt: skip
            except BackendError:
                if answered:  # a re-ask that fails leaves the pieces to their fallbacks
                    break
                raise  # the backend retries its own transport; what reaches here ends the item
            answered = True
            usage = usage.add(completion.usage)
            last_raw = completion.text
            if not _fill(todo, completion.text):
                for p in todo:
                    p.problems = [Problem("json", "the answer was not the JSON asked for")]
                continue
            parsed = True
            # duties and facts first: a hook or summary is then checked against the brief and
            # the pieces that held, in the ad's language (what an English brief says, a Chinese
            # hook can only be held to through its translated duties and facts)
            for p in sorted(todo, key=lambda q: q.kind in ("hook", "summary")):
                held = [q.text for q in pieces if id(q) in passed and q.kind in ("duty", "fact")]
                p.text = tidy_piece(p.text, p.kind, language)
                duties_now = tuple(q.text for q in pieces if q.kind == "duty" and id(q) in passed)
                p.problems = piece_problems(
                    p, language, same, "\n".join([given, *held]), tone, tuple(brief.channels),
                    brief.jurisdiction, keep, tuple(plan.duties) if same else duties_now,
                )  # fmt: skip
                if not p.problems:
                    passed.add(id(p))
            todo = [p for p in todo if p.problems]
            if not todo:
                break
        return todo

    # A fact that is one pay or perk term is printed from the table, not written by the model.
    if not same:
        for p in pieces:
            if p.kind == "fact" and (known := term_translation(p.source, language)):
                p.text = known
                passed.add(id(p))
    # The facts to translate first, in a call of their own; then the pieces written from them.
    facts_todo = [p for p in pieces if p.kind == "fact" and id(p) not in passed]
    todo = write(facts_todo, True) if facts_todo else []
    todo += write([p for p in pieces if p.kind != "fact"], False)
    if not parsed:  # not one answer was the JSON asked for: no draft
        problems = sorted({q.message for p in todo for q in p.problems})
        raise DraftError(
            f"the model gave no usable draft after {attempts} attempt(s)"
            f" ({'; '.join(q[:120] for q in problems[:3])})",
            last_output=last_raw,
            attempts=attempts,
            problems=problems,
            usage=usage,
            fix="try again, raise DRAFTER max_reasks, or use a stronger --backend",
        )
    # the program's own hook names the title as the ad prints it (translated when that held)
    title = next((p.text for p in pieces if p.kind == "fact" and id(p) in passed
                  and plan.facts[p.index].key == "title"), plan.brief.title)  # fmt: skip
    for p in todo:
        p.text = _fallback(p, plan, language, fixes, title)
    text = {p.kind: p.text for p in pieces if p.kind in ("hook", "summary")}
    duties = [p.text for p in pieces if p.kind == "duty" and p.text]
    for suggestion in plan.suggested:  # the role's templates for a thin brief, to confirm
        duties.append(suggestion)
        fixes.append(Fix(kind="suggested", part=f"duty {len(duties)}", now=suggestion))
    printed = (
        with_facts(plan, [p.text for p in pieces if p.kind == "fact"]) if plan.facts else plan.brief
    )

    def cased(items: list[str]) -> list[str]:
        return [printed_case(i, language) for i in items]

    req = printed.requirements
    ad = Ad(
        title=printed_case(printed.title, language),
        hook=text.get("hook", ""),
        about_us=printed.company.about if plan.about else "",
        role_overview=text.get("summary", ""),
        responsibilities=duties,
        requirements=req.model_copy(
            update={
                "must_have": cased(req.must_have),
                "preferred": cased(req.preferred),
                "nice_to_have": cased(req.nice_to_have),
                "unlabelled": cased(req.unlabelled),
            }
        ),
        benefits=cased(list(printed.benefits)),
        how_to_apply=how_to_apply_lines(printed, language),
        equal_opportunity=EQUAL_OPPORTUNITY[language].format(company=printed.company.name),
        facts_line=facts_line(printed, language),
        pay_line=format_pay(printed.pay, language),
    )
    fixes += [Fix(kind="ask", part="brief", text=a) for a in plan.asks]
    report = None
    if validator is not None:
        _findings, report = validator(render_markdown(ad, language, printed), printed, language)
    # the brief as given stays in the result (and in --save-brief); the ad prints `printed`
    return _result(ad, brief, language, tone, sources, usage, attempts, fixes, report)


def _job_facts(plan: Plan) -> str:
    """The job as the model reads it: enough to write about, nothing it should print."""
    brief = plan.brief
    lines = [f"title: {brief.title}"]
    if not brief.company.name.startswith("["):
        lines.append(f"company: {brief.company.name}")
    if not brief.location.startswith("["):
        lines.append(f"place: {brief.location}")
    if brief.employment_type:
        lines.append(f"employment: {brief.employment_type}")
    if brief.seniority:
        lines.append(f"level: {brief.seniority}")
    return "\n".join(lines)
