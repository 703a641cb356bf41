"""The content plan: which sections an ad has and what each must say, decided by code.

The model writes only small pieces from their own inputs (drafter/draft.py): the hook, a short
summary of the working day, one bullet per planned duty and, when the brief is in another
language than the ad, the brief's facts in the ad's language. Everything else is printed from
the brief. A section with nothing to say is left out, and what the brief could add is named for
the recruiter instead: an ad is as long as its substance.

A thin brief (fewer than three duties) gets duty templates of its role family
(knowledge/templates/duties.yaml), printed after its own duties and marked as suggestions for
the recruiter to confirm; they are never counted as the brief's.

Conditions the validator flags as discrimination (限女性, "Age 22-35", 未婚…) never reach the
plan: they are removed or reworded as `drafter rewrite` does, and each change is reported with
the rule that asked for it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from drafter.brief import Brief, Language, Requirements
from drafter.errors import ConfigError
from drafter.loading import once, read_yaml

MAX_DUTIES = 8  # a reader takes in about this many; the seeds' good ads list 5–8
THIN = 3  # fewer duties than this and the role's templates are suggested up to it
TEMPLATES = Path("templates") / "duties.yaml"  # under the knowledge folder
SourceLanguage = Literal["en", "zh-Hans", "zh-Hant"]


class Fact(BaseModel):
    """One brief fact to print in the ad's language: where it goes and its words."""

    key: str  # title, schedule, about, a requirement level, benefits, pay_extras, instructions
    text: str


class PlanChange(BaseModel):
    """A condition taken out of the brief before drafting, with the rule that asked for it."""

    action: str
    rule: str
    category: str
    text: str
    reason: str
    now: str | None = None
    source: str = ""  # the rule's source
    part: str = "brief"  # the list it was in


class Plan(BaseModel):
    """What the ad will say, section by section."""

    brief: Brief  # the brief as printed: flagged conditions taken out
    language: Language
    source_language: SourceLanguage  # the language the brief's own words are in
    duties: list[str]  # one bullet each, in the brief's order
    hook_from: list[str]  # what the hook is written from
    summary_from: list[str]  # what the role summary is written from; empty: no summary
    about: str  # the brief's own words about the company; empty: no "About us"
    facts: list[Fact] = Field(default_factory=list)  # to translate (source ≠ ad language)
    changes: list[PlanChange] = Field(default_factory=list)
    asks: list[str] = Field(default_factory=list)  # what the brief could add
    suggested: list[str] = Field(default_factory=list)  # template duties, in the ad's language


def brief_language(brief: Brief) -> SourceLanguage:
    """The language of the brief's own words (title, duties, requirements, benefits)."""
    from drafter.readers import detect_language

    reqs = brief.requirements
    items = [*reqs.must_have, *reqs.preferred, *reqs.nice_to_have, *reqs.unlabelled]
    words = [brief.title, *brief.duties, *items, *brief.benefits]
    return detect_language("\n".join(w for w in words if w and not w.startswith("[")))


def _says_something(about: str) -> bool:
    """An about worth a section: a sentence, not a few words describing the company."""
    han = len([c for c in about if "\u3400" <= c <= "\u9fff"])
    words = len(about.split())
    return han >= 12 or (han == 0 and words >= 6)


def place_in(location: str, language: Language) -> str | None:
    """The brief's location in the ad's language when it is a place the table knows, or a list
    of them ("觀塘" → "Kwun Tong", "Kwun Tong, Kowloon" → "觀塘，九龍"); None otherwise (the
    location is printed as written)."""
    from drafter.validate import _lexicons

    table = _lexicons().place_names
    parts = [p.strip() for p in re.split(r"\s*[,，、]\s*", location.strip()) if p.strip()]
    site = ""
    if language != "en" and parts and (m := _SITE.fullmatch(parts[-1])):
        # "Sham Shui Po clinic": the place, then the kind of site in the ad's language
        parts[-1], site = m.group(1), _SITES[m.group(2).lower()][language == "zh-Hans"]
    rows: list[dict[str, str]] = []
    for part in parts:
        if part.lower() in table:
            rows.append(table[part.lower()])
        elif language == "en" and (run := _place_run(part, table)) is not None:
            # "北角英皇道" is the district, then its street: in English the street comes first
            rows += run[::-1]
        else:
            return None
    if not rows:
        return None
    names = [row[language] for row in rows]
    return (", ".join(names) if language == "en" else "，".join(names)) + site


# what joins a schedule's phrases: a list mark, an opening or a closing bracket, a space
_SCHEDULE_JOINS = (
    (re.compile(r"\s*[，,；;、/]+\s*"), {"en": ", ", "zh": "，"}),
    (re.compile(r"\s*[（(]\s*"), {"en": " (", "zh": "（"}),
    (re.compile(r"\s*[）)]\s*"), {"en": ") ", "zh": "）"}),
    (re.compile(r"\s+"), {"en": " ", "zh": " "}),
)
# "5-day week" is "五天工作" in Chinese: a small number may be written as a Chinese numeral.
ZH_NUMERAL = dict(zip([str(i) for i in range(1, 11)], "一二三四五六七八九十", strict=True))
_NUMERAL_DIGITS = {v: k for k, v in ZH_NUMERAL.items()}


def schedule_in(schedule: str, language: Language) -> str | None:
    """The schedule in the ad's language when every part of it is a phrase of the schedule table
    (`schedule_phrases` in rules/lexicons.yaml) or a time range: "每星期最少返 3 日，10:00-19:00
    （星期六日要輪值）" → "At least 3 days a week, 10:00-19:00 (weekends on a rota)"; None
    otherwise (the model translates it, under its checks)."""
    from drafter.validate import _lexicons

    rows = _lexicons().schedule_phrases
    text = schedule.strip()
    kind = "en" if language == "en" else "zh"
    out: list[str] = []
    at = 0
    while at < len(text):
        joined = next(((m, said) for pattern, said in _SCHEDULE_JOINS
                       if (m := pattern.match(text, at)) and m.end() > at), None)  # fmt: skip
        if joined is not None:
            out.append(joined[1][kind])
            at = joined[0].end()
            continue
        best: tuple[re.Match[str], dict[str, str]] | None = None
        for patterns, printed in rows:
            for pattern in patterns:
                m = pattern.match(text, at)
                if m and m.end() > at and (best is None or m.end() > best[0].end()):
                    best = (m, printed)
        if best is None:
            return None
        m, printed = best
        values: dict[str, str] = {}
        for name, value in m.groupdict().items():
            if value is None:
                continue
            value = value.strip()
            if name in ("n", "m"):
                digit = _NUMERAL_DIGITS.get(value, value)
                values[name], values[f"{name}_zh"] = digit, ZH_NUMERAL.get(digit, digit)
            else:  # a time: "9:30 至 18:30" is "9:30-18:30" in any language
                values[name] = re.sub(r"\s*(?:至|到|\bto\b|–|~)\s*", "-", value).replace("：", ":")
        out.append(printed[language].format(**values))
        at = m.end()
    said = re.sub(r"\s+(?=[,)])", "", "".join(out)).strip()
    if not said or not any(c.isalnum() for c in said):
        return None
    return said[0].upper() + said[1:] if language == "en" else said


def _place_run(text: str, table: dict[str, dict[str, str]]) -> list[dict[str, str]] | None:
    """A Chinese place written as names of the table run together ("北角英皇道"), longest first;
    None when any of it is not a name of the table."""
    if not re.fullmatch(r"[\u3400-\u9fff]+", text):
        return None
    names = sorted((n for n in table if re.fullmatch(r"[\u3400-\u9fff]+", n)), key=len,
                   reverse=True)  # fmt: skip
    run, at = [], 0
    while at < len(text):
        name = next((n for n in names if text.startswith(n, at)), None)
        if name is None:
            return None
        run.append(table[name])
        at += len(name)
    return run if len(run) > 1 else None


# the kind of site a place may end with, (Traditional, Simplified); "branch" is 分行 for a bank
# and 分店 for a shop, so it stays as written
_SITES = {
    "clinic": ("診所", "诊所"), "office": ("辦事處", "办事处"), "store": ("分店", "分店"),
    "shop": ("分店", "分店"), "centre": ("中心", "中心"), "center": ("中心", "中心"),
}  # fmt: skip
_SITE = re.compile(rf"(.+?)\s+({'|'.join(_SITES)})", re.I)


def title_in(title: str, source: SourceLanguage, language: Language) -> str | None:
    """The title in the ad's language when every word of it is in the title table
    (`title_words` in rules/lexicons.yaml), longest words first: "電話客服主任" →
    "Telephone Customer Service Officer", "Clinic Receptionist" → "診所接待員"; None otherwise."""
    from drafter.validate import _lexicons

    rows = _lexicons().title_words
    text = title.strip()
    if source == "en":
        spellings = [(e.lower(), row) for row in rows for e in row["en"]]
        words = text.split()
        lower = [w.lower() for w in words]
    elif source in ("zh-Hant", "zh-Hans"):
        more = "hant" if source == "zh-Hant" else "hans"
        spellings = [(z, row) for row in rows for z in (row[source], *row[more])]
        lower = list(text.replace(" ", ""))
    else:
        return None
    spellings.sort(key=lambda s: -len(s[0].split() if source == "en" else s[0]))
    found: list[dict[str, Any]] = []
    at = 0
    while at < len(lower):
        for spelling, row in spellings:
            piece = spelling.split() if source == "en" else list(spelling)
            if lower[at : at + len(piece)] == piece:
                found.append(row)
                at += len(piece)
                break
        else:
            return None
    if not found:
        return None
    if language == "en":
        return " ".join(row["en"][0] for row in found)
    return "".join(row[language] for row in found)


def _same_chinese(a: str, b: str) -> bool:
    return a.startswith("zh") and b.startswith("zh")


@once
def load_templates(knowledge_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """The duty templates by role family; none when the knowledge folder has no template file."""
    path = knowledge_dir / TEMPLATES
    if not path.is_file():
        return {}
    try:
        data = read_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read the duty templates ({exc})", file=str(path),
                          fix="fix the YAML or remove the file") from None  # fmt: skip
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise ConfigError("the duty templates must map each role family to a list",
                          file=str(path), fix="see knowledge/templates/duties.yaml")  # fmt: skip
    return data


def _words(text: str) -> set[str]:
    """Content words (English) or character pairs (Chinese), for telling duties apart."""
    low = text.lower()
    han = re.sub(r"[^\u4e00-\u9fff]", "", low)
    latin = {w for w in re.findall(r"[a-z]{4,}", low)}
    return latin | {han[i : i + 2] for i in range(len(han) - 1)}


def suggest_duties(
    brief: Brief, language: Language, have: list[str], templates: dict[str, list[dict[str, Any]]]
) -> list[str]:
    """Template duties for a brief with fewer than THIN duties: the role family's, in order,
    that fit its channels and do not say what a duty it has already says."""
    if len(have) >= THIN:
        return []
    picked: list[str] = []
    seen = [_words(d) for d in have]
    for entry in templates.get(brief.role_family(), []):
        text = str(entry.get(language) or "").strip()
        channels = set(entry.get("channels") or ())
        if not text or (channels and not channels & set(brief.channels)):
            continue
        words = _words(text)
        if any(len(words & w) >= 0.3 * max(1, min(len(words), len(w))) for w in seen):
            continue
        picked.append(text)
        seen.append(words)
        if len(have) + len(picked) >= THIN:
            break
    return picked


def in_script(brief: Brief, language: Language) -> Brief:
    """The brief's words in the ad's Chinese script (a Hong Kong brief for a mainland ad prints
    鐘錶 as 钟表): OpenCC changes the characters, never the words. Contacts stay as written."""
    from drafter.cleanup import to_script

    def conv(text: str | None) -> str | None:
        return to_script(text, language) if text else text

    def conv_all(items: list[str]) -> list[str]:
        return [to_script(i, language) for i in items]

    reqs = brief.requirements
    how = brief.how_to_apply
    update: dict[str, object] = {
        "title": conv(brief.title), "location": conv(brief.location),
        "schedule": conv(brief.schedule), "duties": conv_all(brief.duties),
        "benefits": conv_all(brief.benefits),
        "company": brief.company.model_copy(update={
            "name": conv(brief.company.name), "about": conv(brief.company.about)}),
        "requirements": Requirements(**{k: conv_all(getattr(reqs, k)) for k in
                                        ("must_have", "preferred", "nice_to_have", "unlabelled")}),
        "how_to_apply": how.model_copy(update={
            "instructions": conv(how.instructions), "contact": conv(how.contact),
            "address": conv(how.address)}),
    }  # fmt: skip
    if brief.pay is not None:
        update["pay"] = brief.pay.model_copy(update={
            "text": conv(brief.pay.text), "note": conv(brief.pay.note),
            "extras": conv_all(brief.pay.extras)})  # fmt: skip
    return brief.model_copy(update=update)


def plan_ad(
    brief: Brief, language: Language, templates: dict[str, list[dict[str, Any]]] | None = None
) -> Plan:
    """The content plan for one ad from one brief (`templates`: see `load_templates`)."""
    from drafter.rewrite import neutralise

    # the conditions are in the brief's words: the rules of its language find them
    source = brief_language(brief)
    lawful, changes = neutralise(brief, source, brief.jurisdiction)
    if language != source and not _same_chinese(language, source):
        # code-mixed briefs; the second opinion was asked on the first pass
        lawful, more = neutralise(lawful, language, brief.jurisdiction, ask_second=False)
        changes += more
    reqs = lawful.requirements
    items = [*lawful.duties, *lawful.benefits, *reqs.must_have, *reqs.preferred,
             *reqs.nice_to_have, *reqs.unlabelled]  # fmt: skip
    other = "zh-Hans" if source == "en" else "en"
    if other != language and any(
        (
            re.search(r"[\u3400-\u9fff]", i)
            if other != "en"
            else not re.search(r"[\u3400-\u9fff]", i)
        )
        for i in items
    ):  # "只招华裔" in an English brief: the rules of the item's own language read it
        lawful, more = neutralise(lawful, other, brief.jurisdiction, ask_second=False)
        changes += more
    if language != source and _same_chinese(language, source):
        lawful = in_script(lawful, language)  # the same words, in the ad's script
    if language != source and (place := place_in(lawful.location, language)):
        lawful = lawful.model_copy(update={"location": place})  # "觀塘" → "Kwun Tong"
    titled = None
    if language != source and not _same_chinese(language, source):
        titled = title_in(lawful.title, source, language)  # "電話客服主任" → "Telephone …"
    if titled:
        lawful = lawful.model_copy(update={"title": titled})
    scheduled = None
    if language != source and lawful.schedule:
        # "每星期最少返 3 日" → "At least 3 days a week"; in a Simplified ad "每周至少上班3天"
        scheduled = schedule_in(lawful.schedule, language)
    if scheduled:
        lawful = lawful.model_copy(update={"schedule": scheduled})
    duties = list(dict.fromkeys(d.strip() for d in lawful.duties if d.strip()))[:MAX_DUTIES]
    asks: list[str] = []
    if len(brief.duties) > MAX_DUTIES:
        asks.append(f"the brief lists {len(brief.duties)} duties; the ad shows the first "
                    f"{MAX_DUTIES} (a reader takes in about that many)")  # fmt: skip
    if len(duties) < 3:
        asks.append("duties: the brief gives fewer than three; add what a normal shift involves "
                    "(channels, tools, typical requests, where hard cases go)")  # fmt: skip
    about = lawful.company.about.strip()
    if about and not _says_something(
        about
    ):  # "某电商公司", "clinic group": what it is, not about it
        about = ""
    if not about:
        asks.append("company.about: one or two sentences on what the company does and who its "
                    "customers are would give the ad an 'About us'")  # fmt: skip
    if not lawful.benefits:
        asks.append(
            "benefits: none given; leave, insurance, training or allowances would be listed"
        )
    company = lawful.company.name if not lawful.company.name.startswith("[") else ""
    hook_from = [f"job title: {lawful.title}"]
    if company:
        hook_from.append(f"company: {company}")
    if lawful.company.about.strip() and not about:
        # only when the ad has no "About us": given it, the hook retold it word for word
        hook_from.append(f"what the company does: {lawful.company.about.strip()}")
    hook_from += [f"main duty: {d}" for d in duties[:1]]  # more, and the hook retells the list
    summary_from: list[str] = []
    if lawful.channels:
        summary_from.append("channels: " + ", ".join(lawful.channels))
    if lawful.tools:
        summary_from.append("tools: " + ", ".join(lawful.tools))
    if lawful.schedule:
        summary_from.append(f"schedule: {lawful.schedule}")
    if lawful.arrangement:
        detail = f" ({lawful.arrangement.detail})" if lawful.arrangement.detail else ""
        summary_from.append(f"work arrangement: {lawful.arrangement.kind}{detail}")
    if lawful.channels or lawful.tools:  # a summary says what duties do not: how work is done
        summary_from.insert(0, f"job title: {lawful.title}")
    else:
        summary_from = []
    facts: list[Fact] = []
    if source != language and not _same_chinese(source, language):
        reqs = lawful.requirements
        if not titled and not lawful.title.startswith("["):
            facts.append(Fact(key="title", text=lawful.title))
        if lawful.schedule and not scheduled:
            facts.append(Fact(key="schedule", text=lawful.schedule))
        facts += [Fact(key="about", text=about)] if about else []
        for key in ("must_have", "preferred", "nice_to_have", "unlabelled"):
            facts += [Fact(key=key, text=i) for i in getattr(reqs, key)]
        facts += [Fact(key="benefits", text=b) for b in lawful.benefits]
        if lawful.pay is not None:
            facts += [Fact(key="pay_extras", text=e) for e in lawful.pay.extras]
        if lawful.how_to_apply.instructions:
            facts.append(Fact(key="instructions", text=lawful.how_to_apply.instructions))
    return Plan(
        brief=lawful, language=language, source_language=source, duties=duties,
        hook_from=hook_from, summary_from=summary_from, about=about, facts=facts,
        changes=[PlanChange(**c.model_dump()) for c in changes], asks=asks,
        suggested=suggest_duties(lawful, language, duties, templates or {}),
    )  # fmt: skip


def with_facts(plan: Plan, written: list[str]) -> Brief:
    """The brief with its translated facts put back (same order as `plan.facts`)."""
    brief = plan.brief
    by_key: dict[str, list[str]] = {}
    for fact, text in zip(plan.facts, written, strict=True):
        by_key.setdefault(fact.key, []).append(text)
    update: dict[str, object] = {}
    if "title" in by_key:
        update["title"] = by_key["title"][0]
    if "schedule" in by_key:
        update["schedule"] = by_key["schedule"][0]
    if "about" in by_key:
        update["company"] = brief.company.model_copy(update={"about": by_key["about"][0]})
    if any(k in by_key for k in ("must_have", "preferred", "nice_to_have", "unlabelled")):
        update["requirements"] = Requirements(**{
            k: by_key.get(k, []) for k in ("must_have", "preferred", "nice_to_have", "unlabelled")
        })  # fmt: skip
    if "benefits" in by_key:
        update["benefits"] = by_key["benefits"]
    if "instructions" in by_key:
        update["how_to_apply"] = brief.how_to_apply.model_copy(
            update={"instructions": by_key["instructions"][0]}
        )
    if "pay_extras" in by_key and brief.pay is not None:
        update["pay"] = brief.pay.model_copy(update={"extras": by_key["pay_extras"]})
    return brief.model_copy(update=update)
