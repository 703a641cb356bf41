"""Render an ad: model-written prose plus the brief's facts, printed verbatim, in md/txt/html."""

from __future__ import annotations

import re
from datetime import date

from markdown_it import MarkdownIt
from pydantic import Field

from drafter.brief import Brief, Language, Pay, Requirements, StrictModel

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "listed": "Requirements",
        "contact": "Contact",
        "whatsapp": "WhatsApp",
        "wechat": "WeChat",
        "address_office": "Address",
        "pay": "Pay",
        "about": "About us",
        "role": "The role",
        "duties": "What you'll do",
        "success": "What success looks like",
        "requirements": "What you'll bring",
        "must": "Must-have",
        "preferred": "Preferred",
        "nice": "Nice to have",
        "benefits": "What we offer",
        "support": "How we support you",
        "apply": "How to apply",
        "eo": "Equal opportunity",
        "email": "Email your application to",
        "url": "Apply online",
        "phone": "Call",
        "address": "Walk-in interviews",
        "deadline": "Closing date",
        "headcount": "Openings",
        "tools": "Tools you'll use",
        "channels": "Channels",
    },
    "zh-Hans": {
        "listed": "要求",
        "contact": "联系人",
        "whatsapp": "WhatsApp",
        "wechat": "微信",
        "address_office": "地址",
        "pay": "薪资",
        "about": "关于我们",
        "role": "职位概述",
        "duties": "工作职责",
        "success": "做好这份工作",
        "requirements": "任职要求",
        "must": "必备",
        "preferred": "优先",
        "nice": "加分",
        "benefits": "福利待遇",
        "support": "成长与支持",
        "apply": "申请方式",
        "eo": "平等机会",
        "email": "请将简历发送至",
        "url": "网上申请",
        "phone": "电话",
        "address": "现场面试地址",
        "deadline": "截止日期",
        "headcount": "招聘人数",
        "tools": "使用工具",
        "channels": "服务渠道",
    },
    "zh-Hant": {
        "listed": "要求",
        "contact": "聯絡人",
        "whatsapp": "WhatsApp",
        "wechat": "微信",
        "address_office": "地址",
        "pay": "薪酬",
        "about": "關於我們",
        "role": "職位簡介",
        "duties": "工作範疇",
        "success": "做好這份工作",
        "requirements": "入職要求",
        "must": "必須",
        "preferred": "優先",
        "nice": "加分",
        "benefits": "福利",
        "support": "成長與支援",
        "apply": "申請方法",
        "eo": "平等機會",
        "email": "請將履歷電郵至",
        "url": "網上申請",
        "phone": "電話",
        "address": "面試地址",
        "deadline": "截止日期",
        "headcount": "招聘人數",
        "tools": "使用工具",
        "channels": "服務渠道",
    },
}

EMPLOYMENT = {
    "en": {
        "full-time": "Full-time",
        "part-time": "Part-time",
        "contract": "Contract",
        "temporary": "Temporary",
        "internship": "Internship",
        "freelance": "Freelance",
    },
    "zh-Hans": {
        "full-time": "全职",
        "part-time": "兼职",
        "contract": "合同制",
        "temporary": "临时",
        "internship": "实习",
        "freelance": "自由职业",
    },
    "zh-Hant": {
        "full-time": "全職",
        "part-time": "兼職",
        "contract": "合約",
        "temporary": "臨時",
        "internship": "實習",
        "freelance": "自由工作",
    },
}

CHANNELS = {
    "en": {"phone": "phone", "email": "email", "chat": "live chat", "social": "social media",
           "walk-in": "walk-in"},
    "zh-Hans": {"phone": "电话", "email": "邮件", "chat": "在线客服", "social": "社交媒体",
                "walk-in": "门店接待"},
    "zh-Hant": {"phone": "電話", "email": "電郵", "chat": "網上即時對話", "social": "社交媒體",
                "walk-in": "門市接待"},
}  # fmt: skip

PERIOD = {
    "en": {"hour": "per hour", "day": "per day", "shift": "per shift", "week": "per week",
           "month": "per month", "year": "per year"},
    "zh-Hans": {"hour": "时薪", "day": "日薪", "shift": "每班", "week": "周薪", "month": "月薪",
                "year": "年薪"},
    "zh-Hant": {"hour": "時薪", "day": "日薪", "shift": "每更", "week": "週薪", "month": "月薪",
                "year": "年薪"},
}  # fmt: skip

ARRANGEMENT = {
    "en": {"on-site": "On site", "hybrid": "Hybrid", "remote": "Remote"},
    "zh-Hans": {"on-site": "现场办公", "hybrid": "混合办公", "remote": "远程办公"},
    "zh-Hant": {"on-site": "駐場工作", "hybrid": "混合工作模式", "remote": "遙距工作"},
}

# Our own equal-opportunity statements; the mainland one names the grounds in the
# Employment Promotion Law and Women's Rights Protection Law, the HK one the four ordinances.
EQUAL_OPPORTUNITY = {
    "en": (
        "{company} is an equal opportunity employer. We welcome applications from everyone and "
        "make hiring decisions on skills and experience alone, regardless of sex, pregnancy, "
        "marital or family status, disability, race, religion, age or any other protected "
        "characteristic. Tell us if you need an adjustment during the application process."
    ),
    "zh-Hans": (
        "{company}是平等机会雇主。我们欢迎所有人申请，只根据技能与经验作出录用决定，"
        "不因民族、种族、性别、宗教信仰、婚育状况、年龄、户籍、残疾或健康状况而区别对待。"
        "如在申请过程中需要任何协助，欢迎告诉我们。"
    ),
    "zh-Hant": (
        "{company}是平等機會僱主。我們歡迎所有人申請，只按技能與經驗作出聘用決定，"
        "不論性別、懷孕、婚姻或家庭崗位、殘疾、種族、宗教或年齡。"
        "如在申請過程中需要任何協助，歡迎告訴我們。"
    ),
}


class Ad(StrictModel):
    """The finished ad as sections: prose from the model, facts from the brief."""

    title: str
    hook: str
    about_us: str
    role_overview: str
    responsibilities: list[str]
    success: str = ""
    requirements: Requirements
    benefits: list[str] = Field(default_factory=list)
    growth: str = ""
    how_to_apply: list[str]
    closing: str = ""
    equal_opportunity: str
    facts_line: str
    pay_line: str | None = None


def printed_case(text: str, language: Language) -> str:
    """An English title or list item begins with a capital, as a note written mid-sentence does
    not ('fluent Cantonese' -> 'Fluent Cantonese'); a first word with capitals of its own
    (iPhone, eBay) and every other letter stay as written."""
    if language != "en" or not re.match(r"[a-z]+(?![A-Za-z])", text):
        return text
    return text[:1].upper() + text[1:]


def format_amount(value: float) -> str:
    """18000 -> '18,000'; 55.5 -> '55.5'."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


_HAN = re.compile(r"[\u3400-\u9fff]")
_AMOUNT = re.compile(
    r"(?:HK\$|US\$|S\$|NT\$|RMB|HKD|CNY|[$¥￥])?\s?\d[\d,.]*\s?[kK]?"
    r"(?:\s?(?:-|–|~|至|到)\s?(?:HK\$|US\$|S\$|NT\$|[$¥￥])?\s?\d[\d,.]*\s?[kK]?)?"
)
# the words a Chinese pay line may hold around its amount, all of them said again in English
_PAY_WORDS = re.compile(
    r"時薪|时薪|月薪|日薪|年薪|週薪|周薪|底薪|每小時|每小时|每個鐘|每月|每日|每天|每更|每班|"
    r"/\s?(?:小時|小时|月|日|天|年|更|班)|港元|港幣|港币|人民币|人民幣|元|蚊|起|以上|人工|薪金|薪酬|"
    r"工資|工资|[:：\s]"
)


def pay_in_english(pay: Pay) -> str | None:
    """A Chinese pay line said in English with the same amount and the brief's period:
    "時薪 $75" → "$75 per hour", "月薪5000-7000元起" → "from RMB 5000–7000 per month". None
    when the line says more than an amount and its period (it is printed as written) or writes
    its amount in Chinese numerals (万, 千)."""
    text = pay.text or ""
    found = _AMOUNT.search(text)
    if not found or re.search(r"[万萬千]", text) or pay.period is None:
        return None
    rest = _PAY_WORDS.sub("", text[: found.start()] + text[found.end() :])
    if rest.strip(" ,，.。()（）"):
        return None  # "底薪3000元加提成": more than the amount
    amount = re.sub(r"\s?(?:至|到|~)\s?", "–", found.group().strip())
    if not re.search(r"[$¥￥]|HK|US|RMB|CNY", amount):
        currency = (
            "HK$" if re.search(r"港幣|港元|港币", text)
            else "RMB " if re.search(r"元|人民币|人民幣", text)
            else "$" if "蚊" in text else ""
        )  # fmt: skip
        amount = currency + amount
    elif amount.startswith("$") and re.search(r"港幣|港元|港币", text):
        amount = "HK" + amount  # "日薪港幣$720"
    base = "base " if "底薪" in text else ""
    start = "from " if re.search(r"起|以上", text) else ""
    return f"{start}{base}{amount} {PERIOD['en'][pay.period]}"


# the English words an English pay line may hold around its amount, all said again in Chinese
_PAY_WORDS_EN = re.compile(
    r"\bper\s+(?:hour|hr|day|shift|week|month|mth|year|annum)\b|\ban?\s+(?:hour|day|shift|week|"
    r"month|year)\b|/\s?(?:hr|hour|h|day|shift|wk|week|mo|mth|month|yr|year|annum)\b|\bhourly\b|"
    r"\bdaily\b|\bweekly\b|\bmonthly\b|\bannual(?:ly)?\b|\byearly\b|\bp\.?[am]\.?(?!\w)|[:\s()]",
    re.I,
)


def pay_in_chinese(pay: Pay, language: Language) -> str | None:
    """An English pay line said in a Chinese ad with the same amount and the brief's period:
    "HK$16,800 per month" → "月薪 HK$16,800". None when the line says more than an amount and
    its period (it is printed as written)."""
    text = pay.text or ""
    found = _AMOUNT.search(text)
    if not found or pay.period is None or language == "en":
        return None
    rest = _PAY_WORDS_EN.sub("", text[: found.start()] + text[found.end() :]).strip(" ,.;")
    if re.fullmatch(r"(?i)bas(?:e|ic)(?:pay|salary)?", rest):
        # "RMB 6,000-8,000/month base": the base pay, with its period
        return f"{BASE_PAY[language]} {found.group().strip()}/{PER[language][pay.period]}"
    if rest:
        return None  # "from £12.50 an hour, more with experience": more than the amount
    return f"{PERIOD[language][pay.period]} {found.group().strip()}"


BASE_PAY = {"zh-Hans": "底薪", "zh-Hant": "底薪"}
PER = {
    "zh-Hans": {"hour": "小时", "day": "天", "shift": "班", "week": "周", "month": "月",
                "year": "年"},
    "zh-Hant": {"hour": "小時", "day": "日", "shift": "更", "week": "週", "month": "月",
                "year": "年"},
}  # fmt: skip


# a pay line that says its own period: "$18/hr", "per month", "月薪", "/月", "一個月"
_SAYS_PERIOD = re.compile(
    r"/\s?(?:hr|hour|h|day|shift|wk|week|mo|mth|month|yr|year|annum|小時|小时|月|日|天|更|班|年)"
    r"|\bper\s|\ban? (?:hour|day|shift|week|month|year)\b|hourly|daily|weekly|monthly|annual|yearly"
    r"|\bp\.?a\.?(?!\w)|\bp\.?m\.?(?!\w)|時薪|时薪|月薪|日薪|年薪|週薪|周薪|每小時|每小时|每個鐘|每月|每日|每天|每更|每班"
    r"|每週|每周|一個月|一个月|每個月|每个月",
    re.I,
)


ON_TOP = {"zh-Hans": "另有", "zh-Hant": "另設"}  # what comes on top of pay, in a Chinese ad


def format_pay(pay: Pay | None, language: Language) -> str | None:
    """Pay as one line; free-text pay is printed exactly as the recruiter wrote it (a Chinese
    amount and period in an English ad are said in English: `pay_in_english`). A period the
    note gave away from the amount ("月薪：5000元起", "$18,000 – $20,500 月薪") is said with it."""
    if pay is None:
        return None
    if pay.text:
        amount = pay.text
        if language == "en" and _HAN.search(amount):
            amount = pay_in_english(pay) or amount
        elif (
            language != "en"
            and re.search(r"[A-Za-z]{2,}", amount)
            and (said := pay_in_chinese(pay, language))
        ):
            amount = said
        elif pay.period and not _SAYS_PERIOD.search(amount):
            amount = (
                f"{amount} {PERIOD['en'][pay.period]}" if language == "en"
                else f"{PERIOD[language][pay.period]} {amount}"
            )  # fmt: skip
    else:
        parts = [format_amount(v) for v in (pay.min, pay.max) if v is not None]
        span = "–".join(parts)
        cur = f"{pay.currency} " if pay.currency else ""
        if pay.period is None:  # never assumed; the validator names it
            amount = f"{cur}{span}"
        elif language == "en":
            amount = f"{cur}{span} {PERIOD['en'][pay.period]}"
        else:
            amount = f"{PERIOD[language][pay.period]} {cur}{span}"
    extras = [e for e in pay.extras if e and e not in amount]
    note = pay.note if pay.note and pay.note not in amount else ""
    # "HK$95/hr + travel allowance", "時薪HK$70，另設勤工獎": on top of the pay, as recruiters
    # write it; the pay's note ("視乎經驗", "13薪") as written after it
    if language == "en":
        amount += "".join(f" + {e}" for e in [*extras, *([note] if note else [])])
        return amount
    if extras:
        amount += f"，{ON_TOP[language]}{'、'.join(extras)}"
    return f"{amount}，{note}" if note else amount


def arrangement_text(brief: Brief, language: Language) -> str | None:
    """'Remote (US only)', 'Hybrid (3 days in office)': the kind, and the brief's own words."""
    arr = brief.arrangement
    if arr is None:
        return None
    kind = ARRANGEMENT[language][arr.kind]
    if not arr.detail:
        return kind
    return f"{kind} ({arr.detail})" if language == "en" else f"{kind}（{arr.detail}）"


def facts_line(brief: Brief, language: Language) -> str:
    """'**Company** · Location · Remote (US only) · Part-time · schedule' — every piece from the
    brief; what the brief does not say (employment type, arrangement) is left out, not assumed."""
    parts = [f"**{brief.company.name}**"]
    remote = brief.arrangement is not None and brief.arrangement.kind == "remote"
    if not (remote and re.fullmatch(r"\[[^\]]+\]", brief.location.strip())):
        parts.append(brief.location)  # a remote job with no office says where it is remote
    if arrangement := arrangement_text(brief, language):
        parts.append(arrangement)
    if brief.employment_type:
        parts.append(EMPLOYMENT[language][brief.employment_type])
    if brief.schedule:
        parts.append(brief.schedule)
    return " · ".join(parts)


def how_to_apply_lines(brief: Brief, language: Language) -> list[str]:
    """Application steps, printed from the brief only."""
    lab = LABELS[language]
    sep = ": " if language == "en" else "："
    how = brief.how_to_apply
    lines: list[str] = []
    if how.instructions:
        lines.append(how.instructions)
    if how.contact:
        lines.append(f"{lab['contact']}{sep}{how.contact}")
    for key in ("email", "url", "phone", "whatsapp", "wechat"):
        if value := getattr(how, key):
            lines.append(f"{lab[key]}{sep}{value}")
    if how.address:
        lines.append(f"{lab['address']}{sep}{how.address}")
    if how.deadline:
        value = how.deadline.isoformat() if isinstance(how.deadline, date) else how.deadline
        lines.append(f"{lab['deadline']}{sep}{deadline_printed(value, language)}")
    return lines


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_ZH_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日號号]")


def deadline_printed(value: str, language: Language) -> str:
    """A closing date in the ad's language, by code: "12月20號" in an English ad is "20 December",
    in a Simplified one "12月20号". A date with no month to name ("本月20日") stays as given."""
    if language == "en" and (m := _ZH_DATE.fullmatch(value.strip())) and 1 <= int(m[2]) <= 12:
        return f"{int(m[3])} {_MONTHS[int(m[2]) - 1]}" + (f" {m[1]}" if m[1] else "")
    if language == "zh-Hans":
        return value.replace("號", "号")
    if language == "zh-Hant":
        return value.replace("号", "號")
    return value


def render_markdown(ad: Ad, language: Language, brief: Brief | None = None) -> str:
    """The whole ad as Markdown, in the section order of our knowledge examples."""
    lab = LABELS[language]
    colon = ":" if language == "en" else "："
    out = [f"# {ad.title}", "", ad.facts_line]
    if ad.pay_line:
        out.append(f"**{lab['pay']}{colon}** {ad.pay_line}")
    if brief is not None and brief.headcount:
        out.append(f"**{lab['headcount']}{colon}** {brief.headcount}")
    out += ["", ad.hook]
    if ad.about_us:
        out += ["", f"## {lab['about']}", "", ad.about_us]
    has_facts = brief is not None and bool(brief.tools or brief.channels)
    if ad.role_overview or has_facts:  # no empty heading when there is nothing to say
        out += ["", f"## {lab['role']}"]
    if ad.role_overview:
        out += ["", ad.role_overview]
    if brief is not None and has_facts:
        out.append("")
        sep = ", " if language == "en" else "、"  # 電話、電郵 in Chinese
        if brief.channels:
            names = sep.join(CHANNELS[language][c] for c in brief.channels)
            out.append(f"**{lab['channels']}{colon}** {names}")
        if brief.tools:
            out.append(f"**{lab['tools']}{colon}** {sep.join(brief.tools)}")
    if ad.responsibilities:  # no heading over nothing: the brief gave no duties
        out += ["", f"## {lab['duties']}", ""]
        out += [f"- {item}" for item in ad.responsibilities]
    if ad.success:
        out += ["", f"## {lab['success']}", "", ad.success]
    if not ad.requirements.is_empty():
        out += ["", f"## {lab['requirements']}", ""]
    if ad.requirements.unlabelled:  # the recruiter gave no level: none is printed
        out += [*[f"- {i}" for i in ad.requirements.unlabelled], ""]
    for key, items in (
        ("must", ad.requirements.must_have),
        ("preferred", ad.requirements.preferred),
        ("nice", ad.requirements.nice_to_have),
    ):
        if items:
            out += [f"### {lab[key]}", "", *[f"- {i}" for i in items], ""]
    if ad.benefits or ad.growth:  # growth alone is support, no perk: its own heading
        out += [f"## {lab['benefits' if ad.benefits else 'support']}", ""]
        out += [f"- {b}" for b in ad.benefits]
        if ad.growth:
            out += ["", ad.growth] if ad.benefits else [ad.growth]
        out.append("")
    out += ["", f"## {lab['apply']}", ""]
    out += [f"- {line}" for line in ad.how_to_apply]
    if ad.closing:
        out += ["", ad.closing]
    out += ["", f"## {lab['eo']}", "", ad.equal_opportunity, ""]
    return inert(re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n")


# Markup a JD or a brief may carry (<script>, <img onerror=…>, a javascript: link) is shown as
# text, never passed on: whoever pastes the Markdown into a CMS would publish it.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_SCRIPT_URL = re.compile(r"(?i)\b(javascript|vbscript|data):")


def inert(markdown: str) -> str:
    """Markdown in which no HTML tag or script link can become active."""
    return _SCRIPT_URL.sub(r"\1&#58;", _TAG_START.sub("&lt;", markdown))


# The page's language for browsers, screen readers and validators (BCP 47).
HTML_LANG = {"en": "en", "zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant-HK"}


def html_body(markdown: str) -> str:
    """The ad as escaped HTML elements, without a page around them (job-posting markup, ATS
    exports and board checks take this)."""
    return MarkdownIt("commonmark", {"html": False}).render(markdown)


def markdown_to_html(markdown: str, title: str, language: str = "") -> str:
    """A standalone, escaped HTML page (raw HTML in the text is shown, never executed)."""
    body = html_body(markdown)
    from html import escape

    lang = f' lang="{HTML_LANG[language]}"' if language in HTML_LANG else ""
    return (
        f'<!doctype html>\n<html{lang}><head><meta charset="utf-8">'
        f"<title>{escape(title or 'Job ad')}</title>"
        "<style>body{font-family:system-ui,'Noto Sans CJK SC','Noto Sans CJK TC',sans-serif;"
        "max-width:44rem;margin:2rem auto;line-height:1.6;padding:0 1rem}</style>"
        f"</head><body>\n{body}</body></html>\n"
    )


def markdown_to_text(markdown: str) -> str:
    """Plain text for job boards that take no formatting (entities shown as their characters:
    plain text carries no markup to run)."""
    import html

    text = re.sub(r"^#{1,6}\s*", "", html.unescape(markdown), flags=re.M)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    return re.sub(r"^- ", "• ", text, flags=re.M)
