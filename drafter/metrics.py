"""Eval metrics: each returns a `Metric` (name, value, passed, reason) for one ad or one query.

The counting is the validator's (drafter/validate.py): length, sentence length, sections and
script use its stats and findings, so an eval and `drafter check` never disagree on a number.
Metrics are deterministic and offline; the eval runner decides which ones to aggregate.

Tone markers (`tone_adherence`), measured on the ad's prose — lines that are not headings,
bullets or bold fact lines, outside "How to apply" and "Equal opportunity" (fixed text):

| marker              | unit                               | professional       | lively           |
|---------------------|------------------------------------|--------------------|------------------|
| second_person       | per 100 words (en) / units (zh)    | en ≤ 1, zh ≤ 0.3   | en ≥ 3, zh ≥ 0.5 |
| avg_sentence_length | words (en), char. equivalents (zh) | en 10–20, zh 18–45 | en ≤ 16, zh ≤ 32 |
| exclamations        | in the whole ad                    | 0                  | ≤ 2              |
| questions           | in the prose                       | 0                  | ≤ 3              |
| contractions (en)   | you'll, don't, it's… per 100 words | ≤ 0.5              | ≥ 1              |

Second person counts you/your/yours/you'll… (en) and 你/您 plus English "you" (zh).

Chinese character equivalents are CJK characters + 1.5 × English words (validate.py), so Hong
Kong text with English terms is counted on one scale. The ranges come from knowledge/guides/
tone.md, widened where our own example ads (knowledge/examples/) measure outside the guide's
ideal: every example passes its own tone and fails the other (tests/test_metrics.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from drafter.backends import Usage
from drafter.brief import Brief, Language, Tone
from drafter.readers import converter
from drafter.render import format_pay
from drafter.validate import LENGTH_BAND, BriefFacts, Report, band_size, check_text, unfaithful

# The validator's length bands (validate._run_length); `length_in_range` takes its verdict from
# the validator's length findings and only quotes these in the reason.
LENGTH_RANGE = {k: (low, high) for k, (low, high, _) in LENGTH_BAND.items()}
PASS_SHARE = 1.0  # fact coverage, planted removal and duties kept must be complete to pass
DUTY_MATCH_SHARE = 0.75  # share of a duty's key units one sentence must hold (loose match)
MRR_PASS = 0.5  # the first relevant passage in the top two
LOCAL_BACKENDS = frozenset({"local", "fake"})

SECTION_PARTS = ("about", "duties", "requirements", "must_have", "nice_to_have", "benefits",
                 "apply", "eo")  # fmt: skip
# Labels the validator's structure.missing_section findings use, by section key.
_MISSING_LABELS = {
    "about us": "about",
    "duties": "duties",
    "requirements": "requirements",
    "benefits": "benefits",
    "how to apply": "apply",
    "equal-opportunity statement": "eo",
}


class Metric(BaseModel):
    """One measurement: `passed` is None when the metric has no pass mark (a plain number)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    value: float | int | bool
    passed: bool | None
    reason: str


class Planted(BaseModel):
    """A problem planted in a legacy JD: its validator category and the exact excerpt."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule_category: str
    text: str


class Price(NamedTuple):
    """Price per 1,000 tokens, prompt (input) and completion (output), in one currency."""

    input: float
    output: float


# --------------------------------------------------------------------------- helpers


def _lang_class(language: str) -> str:
    return "en" if language == "en" else "zh"


def _report(ad: str, language: Language, brief: Brief | None, report: Report | None) -> Report:
    if report is not None:
        return report
    return check_text(ad, language=language, brief=brief)


def in_script(text: str, language: Language) -> str:
    """`text` in the ad's Chinese script, by OpenCC alone: the metrics' own conversion, not the
    drafting code's (a metric never calls what edits the ad)."""
    if language == "en":
        return text
    return converter("t2s" if language == "zh-Hans" else "s2tw").convert(text)


def normalize(text: str) -> str:
    """Loose form for matching: NFKC, case-folded, Simplified script, one space, plain dashes."""
    text = unicodedata.normalize("NFKC", text)
    text = in_script(text, "zh-Hans").casefold()
    text = re.sub(r"[‐-―−]", "-", text).replace("’", "'").replace("‘", "'")
    text = re.sub(r"\s+", " ", text)
    # A space next to a Han character is layout, not meaning ("HKD 18,000" vs "月薪18,000").
    text = re.sub(r"(?<=[\u3400-\u9fff]) | (?=[\u3400-\u9fff])", "", text)
    return text.strip()


def _listed(items: Sequence[str], limit: int = 8) -> str:
    shown = [repr(i) for i in items[:limit]]
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(shown) + more


# --------------------------------------------------------------------------- validator


def validator_metrics(report: Report) -> list[Metric]:
    """Error, warning and notice counts, the score, and a count per level and category."""
    counts = Counter((f.level, f.category) for f in report.findings)
    totals = Counter(f.level for f in report.findings)
    out = [
        Metric(
            name="validator.errors",
            value=totals["error"],
            passed=totals["error"] == 0,
            reason=_by_category(counts, "error"),
        ),
        Metric(
            name="validator.warnings",
            value=totals["warning"],
            passed=None,
            reason=_by_category(counts, "warning"),
        ),
        Metric(
            name="validator.notices",
            value=totals["notice"],
            passed=None,
            reason=_by_category(counts, "notice"),
        ),
        Metric(name="validator.score", value=report.score, passed=None, reason="100 − penalties"),
    ]
    for (level, category), n in sorted(counts.items()):
        out.append(
            Metric(
                name=f"validator.{level}.{category}",
                value=n,
                passed=(n == 0) if level == "error" else None,
                reason=_excerpts(report, level, category),
            )
        )
    return out


def _by_category(counts: Counter[tuple[str, str]], level: str) -> str:
    parts = [f"{cat} {n}" for (lvl, cat), n in sorted(counts.items()) if lvl == level]
    return ", ".join(parts) or "none"


def _excerpts(report: Report, level: str, category: str) -> str:
    hits = [
        f"{f.rule}: {f.excerpt or f.message}"
        for f in report.findings
        if f.level == level and f.category == category
    ]
    return "; ".join(hits[:5]) + (f"; … {len(hits) - 5} more" if len(hits) > 5 else "")


# --------------------------------------------------------------------------- facts


def brief_facts(brief: Brief, language: Language) -> list[tuple[str, str]]:
    """(label, text) of every fact the ad must print verbatim, pay as rendered for `language`."""
    facts: list[tuple[str, str]] = [
        ("company", brief.company.name),
        ("location", brief.location),
    ]
    pay = format_pay(brief.pay, language)
    if pay:
        facts.append(("pay", pay))
    if brief.schedule:
        facts.append(("schedule", brief.schedule))
    facts += [("benefit", b) for b in brief.benefits]
    facts += [("must-have", m) for m in brief.requirements.must_have]
    how = brief.how_to_apply
    for label, value in (("email", how.email), ("url", how.url), ("phone", how.phone)):
        if value:
            facts.append((label, value))
    if how.deadline:
        deadline = how.deadline
        facts.append(("deadline", deadline.isoformat() if isinstance(deadline, date) else deadline))
    return [(label, text.strip()) for label, text in facts if text and text.strip()]


_CJK = re.compile(r"[\u3400-\u9fff]")
_KEPT = re.compile(r"\d+(?:[.,]\d+)*|\b[A-Z][A-Za-z0-9&+-]*|[\w.+-]+@[\w.-]+")


def _checkable(fact: str, language: Language) -> bool:
    """A fact this metric can find in the ad: one in the ad's language, or a translated one with
    a number, a name or an address that must survive ("Medical insurance" printed as 醫療保險 has
    none: its first capital is the sentence's, and the metric cannot judge the translation)."""
    if bool(_CJK.search(fact)) == (language != "en"):
        return True
    return bool(_KEPT.findall(fact[1:] if fact[:1].isupper() else fact))


def _has_fact(ad: str, fact: str, language: Language) -> bool:
    """The fact verbatim (or in the ad's script; an English list item or title may begin with a
    capital the note wrote in lower case); a fact in another language than the ad is printed
    translated, so there its numbers, names and addresses must all be in the ad."""
    flat = re.sub(r"\s+", " ", ad)
    fact = re.sub(r"\s+", " ", fact)
    if any(f in flat for f in (fact, in_script(fact, language), fact[:1].upper() + fact[1:])):
        return True
    other = bool(_CJK.search(fact)) != (language != "en")
    kept = _KEPT.findall(fact)
    return other and bool(kept) and all(k in flat for k in kept)


def fact_coverage(ad: str, brief: Brief, language: Language) -> Metric:
    """Share of the brief's facts present verbatim (or in the ad's script) in the ad."""
    facts = brief_facts(brief, language)
    if not facts:
        return Metric(
            name="fact_coverage", value=1.0, passed=True, reason="the brief gives no facts"
        )
    unjudged = [f"{label} {text!r}" for label, text in facts if not _checkable(text, language)]
    facts = [(label, text) for label, text in facts if _checkable(text, language)]
    if not facts:
        reason = "no fact it can find in a translation: " + ", ".join(unjudged)
        return Metric(name="fact_coverage", value=1.0, passed=True, reason=reason)
    missing = [f"{label} {text!r}" for label, text in facts if not _has_fact(ad, text, language)]
    share = round((len(facts) - len(missing)) / len(facts), 4)
    reason = f"missing: {', '.join(missing)}" if missing else f"all {len(facts)} facts present"
    if unjudged:
        reason += f"; not judged (translated, nothing to find): {', '.join(unjudged)}"
    return Metric(name="fact_coverage", value=share, passed=share >= PASS_SHARE, reason=reason)


# --- invented facts: the metric's own detector (the drafting code never calls it) ----------

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


def find_invented(text: str, brief: Brief, facts: BriefFacts | None = None) -> list[str]:
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


def invented_facts(ad: str, brief: Brief) -> Metric:
    """Count of emails, URLs, phones, amounts, perks, tools and blanks the brief does not give."""
    found = find_invented(ad, brief)
    unique = list(dict.fromkeys(found))
    reason = f"not in the brief: {_listed(unique)}" if found else "none"
    return Metric(name="invented_facts", value=len(found), passed=not found, reason=reason)


# --------------------------------------------------------------------------- form


def ad_size(report: Report) -> float:
    """Words (English) or Chinese-character equivalents (CJK + 1.5 × English words)."""
    return band_size(report.stats.words, report.stats.cjk_chars, report.language != "en")


def length_in_range(ad: str, language: Language, report: Report | None = None) -> Metric:
    """Whether the ad is 400–700 words, or about 600–1,200 Chinese characters (validator bands)."""
    rep = _report(ad, language, None, report)
    size = ad_size(rep)
    low, high = LENGTH_RANGE[_lang_class(rep.language)]
    findings = [f for f in rep.findings if f.category == "length"]
    if rep.language == "en":
        unit = f"{size:.0f} words"
    else:
        unit = (
            f"{size:.0f} character equivalents ({rep.stats.cjk_chars} CJK characters"
            f" + 1.5 × {rep.stats.words} English words)"
        )
    verdict = findings[0].message if findings else "in range"
    return Metric(
        name="length_in_range",
        value=round(size, 1),
        passed=not findings,
        reason=f"{unit}; aim {low}–{high}: {verdict}",
    )


def _section_parts(ad: str, language: Language, report: Report) -> set[str]:
    """The parts of SECTION_PARTS the ad has."""
    from drafter.validate import _Ctx, _lexicons  # the validator's own section finder

    missing = {
        _MISSING_LABELS[f.message.split(": ", 1)[1]]
        for f in report.findings
        if f.rule == "structure.missing_section"
    }
    have = {"about", "duties", "requirements", "benefits", "apply", "eo"} - missing
    ctx = _Ctx(ad, language, report.jurisdiction, None)
    span = ctx.section_span("requirements")
    if span is not None:
        body = ad[span[0] : span[1]].lower()
        lex = _lexicons()
        if any(m in body for m in lex.must_markers):
            have.add("must_have")
        if any(m in body for m in lex.nice_markers):
            have.add("nice_to_have")
    return have


def sections_complete(
    ad: str, language: Language, brief: Brief | None = None, report: Report | None = None
) -> Metric:
    """Share of the expected sections present: about us, duties, requirements split into
    must-have and preferred/nice-to-have, benefits, how to apply, equal opportunity.

    With a brief, a requirements tier the brief leaves empty is not expected (the renderer
    prints only the tiers the recruiter filled).
    """
    rep = _report(ad, language, brief, report)
    expected = list(SECTION_PARTS)
    skipped: list[str] = []
    if brief is not None and not brief.requirements.is_empty():
        reqs = brief.requirements
        if not reqs.must_have:
            skipped.append("must_have")
        if not (reqs.preferred or reqs.nice_to_have):
            skipped.append("nice_to_have")
    expected = [p for p in expected if p not in skipped]
    have = _section_parts(ad, language, rep)
    missing = [p for p in expected if p not in have]
    share = round((len(expected) - len(missing)) / len(expected), 4)
    reason = f"missing: {', '.join(missing)}" if missing else "all sections present"
    if skipped:
        reason += f" (not expected, empty in the brief: {', '.join(skipped)})"
    return Metric(name="sections_complete", value=share, passed=not missing, reason=reason)


def script_purity(ad: str, language: Language, report: Report | None = None) -> Metric:
    """Distinct wrong-script characters: Simplified-only in zh-Hant, Traditional-only in zh-Hans.

    Mixed-in characters come from the validator's script findings (OpenCC with Hong Kong
    standard forms allowed); an ad written wholly in the other script, which the validator
    leaves to its language detection, fails here with the characters OpenCC would change.
    """
    if language == "en":
        return Metric(name="script_purity", value=0, passed=None, reason="not a Chinese ad")
    from drafter.validate import _han_script

    rep = _report(ad, language, None, report)
    if not rep.stats.cjk_chars:
        return Metric(name="script_purity", value=0, passed=True, reason="no Chinese characters")
    if _han_script(ad) != language:
        converted = in_script(ad, language)
        wrong = sorted({a for a, b in zip(ad, converted, strict=False) if a != b})
        other = "Traditional" if language == "zh-Hans" else "Simplified"
        return Metric(
            name="script_purity",
            value=len(wrong),
            passed=False,
            reason=f"written in {other} script: {''.join(wrong[:20])}",
        )
    findings = [f for f in rep.findings if f.category == "script"]
    reason = "; ".join(f.message.split(": ", 1)[-1] for f in findings[:10]) or "pure"
    return Metric(name="script_purity", value=len(findings), passed=not findings, reason=reason)


# --------------------------------------------------------------------------- tone

_YOU_EN = re.compile(
    r"(?<![A-Za-z])(?:you|your|yours|yourself|yourselves)(?:['’](?:ll|re|ve|d))?(?![A-Za-z])",
    re.I,
)
_YOU_ZH = re.compile("[你您]")
_CONTRACTION = re.compile(
    r"(?<![A-Za-z])[A-Za-z]+(?:n['’]t|['’](?:ll|re|ve|m|d))(?![A-Za-z])"
    r"|(?<![A-Za-z])(?:it|that|here|there|what|let|who|where)['’]s(?![A-Za-z])",
    re.I,
)
_LIST_LINE = re.compile(r"^(?:[-*•·]|\d+[.、)）]|[（(]\d+[)）])\s*")

# (low, high) per marker, tone and language class; None means no bound on that side.
TONE_RANGES: dict[str, dict[str, dict[str, tuple[float | None, float | None]]]] = {
    "professional": {
        "en": {"second_person": (None, 1.0), "avg_sentence_length": (10, 20),
               "exclamations": (None, 0), "questions": (None, 0), "contractions": (None, 0.5)},
        "zh": {"second_person": (None, 0.3), "avg_sentence_length": (18, 45),
               "exclamations": (None, 0), "questions": (None, 0)},
    },
    "lively": {
        "en": {"second_person": (3.0, None), "avg_sentence_length": (None, 16),
               "exclamations": (None, 2), "questions": (None, 3), "contractions": (1.0, None)},
        "zh": {"second_person": (0.5, None), "avg_sentence_length": (None, 32),
               "exclamations": (None, 2), "questions": (None, 3)},
    },
}  # fmt: skip


def prose(ad: str, language: Language) -> str:
    """The ad's running prose: no headings, bullets, bold fact lines, how-to-apply or EO text."""
    from drafter.validate import _Ctx

    ctx = _Ctx(ad, language, "other", None)
    fixed = [s for s in (ctx.section_span("apply"), ctx.section_span("eo")) if s is not None]
    out: list[str] = []
    pos = 0
    for line in ad.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if any(a <= start < b for a, b in fixed):
            continue
        s = line.strip()
        if not s or s.startswith(("#", "**", "【", "---")) or _LIST_LINE.match(s):
            continue
        out.append(s)
    return "\n".join(out)


def tone_markers(ad: str, language: Language) -> dict[str, float]:
    """The measured tone markers (see the module docstring); rates are per 100 units."""
    text = prose(ad, language)
    stats = check_text(text, language=language, rules=[]).stats
    if language == "en":
        units = float(stats.words)
        you = len(_YOU_EN.findall(text))
    else:
        units = stats.cjk_chars + 1.5 * stats.words
        you = len(_YOU_ZH.findall(text)) + len(_YOU_EN.findall(text))
    markers = {
        "second_person": round(100 * you / units, 2) if units else 0.0,
        "avg_sentence_length": stats.avg_sentence_length,
        "exclamations": float(ad.count("!") + ad.count("！")),
        "questions": float(text.count("?") + text.count("？")),
        "prose_units": units,
    }
    if language == "en":
        n = len(_CONTRACTION.findall(text))
        markers["contractions"] = round(100 * n / units, 2) if units else 0.0
    return markers


def _in_range(value: float, bounds: tuple[float | None, float | None]) -> bool:
    low, high = bounds
    return (low is None or value >= low) and (high is None or value <= high)


def _bounds_text(bounds: tuple[float | None, float | None]) -> str:
    low, high = bounds
    if low is None:
        return f"≤ {high:g}"
    if high is None:
        return f"≥ {low:g}"
    return f"{low:g}–{high:g}"


def tone_adherence(ad: str, language: Language, tone: Tone) -> Metric:
    """Share of the tone's markers in range (TONE_RANGES); passes when all are."""
    markers = tone_markers(ad, language)
    if not markers["prose_units"]:
        return Metric(name="tone_adherence", value=0.0, passed=False, reason="no prose to judge")
    ranges = TONE_RANGES[tone][_lang_class(language)]
    off = [
        f"{name} {markers[name]:g} (want {_bounds_text(bounds)})"
        for name, bounds in ranges.items()
        if not _in_range(markers[name], bounds)
    ]
    share = round((len(ranges) - len(off)) / len(ranges), 4)
    shown = ", ".join(f"{k} {markers[k]:g}" for k in ranges)
    reason = f"{tone}: " + (f"out of range: {'; '.join(off)}" if off else f"all in range ({shown})")
    return Metric(name="tone_adherence", value=share, passed=not off, reason=reason)


# --------------------------------------------------------------------------- rewrites


def planted_removed(
    ad: str,
    planted: Sequence[Planted | Mapping[str, str]],
    *,
    language: Language,
    jurisdiction: str | None = None,
    brief: Brief | None = None,
    report: Report | None = None,
) -> Metric:
    """Share of planted problems gone: the excerpt is absent (loosely matched) and the
    validator flags nothing of its category. Categories the validator has no rules for
    (e.g. `injection`) are judged on the excerpt alone."""
    items = [p if isinstance(p, Planted) else Planted.model_validate(p) for p in planted]
    if not items:
        return Metric(name="planted_removed", value=1.0, passed=True, reason="nothing planted")
    rep = report or check_text(ad, language=language, jurisdiction=jurisdiction, brief=brief)
    flagged = {f.category for f in rep.findings}
    flat = normalize(ad)
    kept: list[str] = []
    for p in items:
        if normalize(p.text) in flat:
            kept.append(f"{p.rule_category} {p.text!r} still in the ad")
        elif p.rule_category in flagged:
            kept.append(f"{p.rule_category} flagged by the validator (reworded {p.text!r})")
    share = round((len(items) - len(kept)) / len(items), 4)
    reason = "; ".join(kept) if kept else f"all {len(items)} planted problems gone"
    return Metric(name="planted_removed", value=share, passed=share >= PASS_SHARE, reason=reason)


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_HAN = re.compile(r"[\u3400-\u9fff]")
_STOP = frozenset(
    {"a", "an", "the", "and", "or", "of", "to", "for", "in", "on", "at", "by", "with", "from",
     "as", "our", "your", "their", "its", "is", "are", "be", "into", "per", "via", "all", "any"}
)  # fmt: skip
_SENTENCES = re.compile(r"[^.!?。！？；;\n]+")


def _units(phrase: str) -> set[str]:
    """Key units of a normalised phrase: English content-word prefixes and Chinese bigrams."""
    words = [w for w in _WORD.findall(phrase) if w not in _STOP]
    # A prefix of all but the last three letters (at least four) lets "handle" match
    # "handling" and "complaints" match "complaint" without a stemmer.
    units = {w if len(w) <= 4 else w[: max(4, len(w) - 3)] for w in words}
    han = "".join(_HAN.findall(phrase))
    units |= {han[i : i + 2] for i in range(len(han) - 1)} or ({han} if han else set())
    return units


def _sentence_has(sentence: str, unit: str) -> bool:
    if _HAN.match(unit):
        return unit in sentence
    return re.search(rf"(?<![a-z0-9]){re.escape(unit)}", sentence) is not None


def duty_kept(ad: str, duty: str) -> bool:
    """True when the duty's key phrase survives: as a substring after `normalize`, or with
    at least DUTY_MATCH_SHARE of its key units in one sentence of the ad."""
    flat, key = normalize(ad), normalize(duty)
    if not key:
        return True
    if key in flat:
        return True
    units = _units(key)
    if not units:
        return False
    need = DUTY_MATCH_SHARE * len(units)
    return any(sum(_sentence_has(s, u) for u in units) >= need for s in _SENTENCES.findall(flat))


def duties_kept(ad: str, duties: Sequence[str]) -> Metric:
    """Share of the labelled duties whose key phrase survives the rewrite (loose match)."""
    if not duties:
        return Metric(name="duties_kept", value=1.0, passed=True, reason="no duties labelled")
    lost = [d for d in duties if not duty_kept(ad, d)]
    share = round((len(duties) - len(lost)) / len(duties), 4)
    reason = f"lost: {_listed(lost)}" if lost else f"all {len(duties)} duties kept"
    return Metric(name="duties_kept", value=share, passed=share >= PASS_SHARE, reason=reason)


# --------------------------------------------------------------------------- retrieval


def _hit(retrieved_id: str, expected: str) -> bool:
    """A passage id `doc#n` hits an expected document id, or the same passage id."""
    if "#" in expected:
        return retrieved_id == expected
    return retrieved_id.split("#", 1)[0] == expected


def recall_at_k(retrieved: Sequence[str], expected: Sequence[str], k: int) -> Metric:
    """Share of the expected ids hit by one of the first `k` retrieved passage ids."""
    name = f"recall_at_{k}"
    if not expected:
        return Metric(name=name, value=0.0, passed=None, reason="no expected ids")
    top = list(retrieved)[:k]
    missed = [e for e in expected if not any(_hit(r, e) for r in top)]
    share = round((len(expected) - len(missed)) / len(expected), 4)
    reason = f"missed: {', '.join(missed)}" if missed else f"all {len(expected)} found in top {k}"
    return Metric(name=name, value=share, passed=not missed, reason=reason)


def mrr(retrieved: Sequence[str], expected: Sequence[str]) -> Metric:
    """Reciprocal rank of the first retrieved passage that hits any expected id (0 if none)."""
    if not expected:
        return Metric(name="mrr", value=0.0, passed=None, reason="no expected ids")
    for rank, rid in enumerate(retrieved, start=1):
        if any(_hit(rid, e) for e in expected):
            value = round(1 / rank, 4)
            return Metric(
                name="mrr",
                value=value,
                passed=value >= MRR_PASS,
                reason=f"first hit {rid} at {rank}",
            )
    return Metric(name="mrr", value=0.0, passed=False, reason="no expected id retrieved")


# --------------------------------------------------------------------------- cost


def _price(usage: Usage, prices: Mapping[str, Price | Sequence[float]]) -> Price | None:
    for key in (usage.model, usage.backend):
        if key in prices:
            raw = prices[key]
            return raw if isinstance(raw, Price) else Price(float(raw[0]), float(raw[1]))
    if usage.backend in LOCAL_BACKENDS:
        return Price(0.0, 0.0)
    return None


def cost_metrics(
    usage: Usage | Mapping[str, Any],
    prices: Mapping[str, Price | Sequence[float]] | None = None,
) -> list[Metric]:
    """Latency, prompt and completion tokens, and estimated cost from per-1K-token prices.

    `prices` maps a model name (or a backend name) to (input, output) per 1,000 tokens; the
    local and fake backends cost nothing unless priced. An unpriced model gets cost 0 with
    `passed=None` and a reason saying what to add.
    """
    use = usage if isinstance(usage, Usage) else Usage.model_validate(dict(usage))
    price = _price(use, prices or {})
    out = [
        Metric(name="latency_s", value=use.seconds, passed=None, reason=f"{use.calls} calls"),
        Metric(name="prompt_tokens", value=use.prompt_tokens, passed=None, reason=use.model),
        Metric(
            name="completion_tokens", value=use.completion_tokens, passed=None, reason=use.model
        ),
    ]
    if price is None:
        out.append(
            Metric(
                name="cost",
                value=0.0,
                passed=None,
                reason=f"no price for model {use.model!r} ({use.backend}); add it to prices",
            )
        )
    else:
        cost = use.prompt_tokens / 1000 * price.input + use.completion_tokens / 1000 * price.output
        out.append(
            Metric(
                name="cost",
                value=round(cost, 6),
                passed=None,
                reason=f"{price.input:g} in + {price.output:g} out per 1K tokens ({use.model})",
            )
        )
    return out


# --------------------------------------------------------------------------- per ad


FILLER_SHARE = 0.05  # issue 23's target: filler at most 5% of the sentences


def reader_metrics(ad: str, brief: Brief, language: Language) -> list[Metric]:
    """What a reader notices (drafter/ad_metrics.py, which shares no code with drafting):
    grounded and filler shares, and counts that must be 0."""
    from drafter.ad_metrics import read_ad

    r = read_ad(ad, brief, language)
    n = r.sentences or 1
    out = [
        Metric(name="reader.grounded_share", value=round(r.grounded / n, 4), passed=None,
               reason="; ".join(r.ungrounded[:3]) or "every sentence rests on the brief"),
        Metric(name="reader.filler_share", value=round(len(r.filler) / n, 4),
               passed=len(r.filler) / n <= FILLER_SHARE, reason="; ".join(r.filler[:3])),
    ]  # fmt: skip
    for key in ("repeated", "to_customers", "assistant_talk", "wrong_language", "wrong_script",
                "duties_missing", "level_changes"):  # fmt: skip
        items = getattr(r, key)
        out.append(Metric(name=f"reader.{key}", value=len(items), passed=not items,
                          reason="; ".join(items[:3])))  # fmt: skip
    return out


def ad_metrics(
    ad: str,
    brief: Brief,
    language: Language,
    tone: Tone,
    *,
    jurisdiction: str | None = None,
) -> list[Metric]:
    """Every per-ad metric, checking the ad with the validator once."""
    rep = check_text(ad, language=language, jurisdiction=jurisdiction, brief=brief)
    return [
        *validator_metrics(rep),
        fact_coverage(ad, brief, language),
        invented_facts(ad, brief),
        length_in_range(ad, language, rep),
        sections_complete(ad, language, brief, rep),
        script_purity(ad, language, rep),
        tone_adherence(ad, language, tone),
        *reader_metrics(ad, brief, language),
    ]
