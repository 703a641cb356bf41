"""Validate: check a job ad against rules (data in drafter/rules/*.yaml, a few kinds in code).

Score = 100 − 25·errors − 8·warnings − 2·notices, floored at 0.
Length of Chinese and mixed (Hong Kong) text is counted in Chinese-character equivalents:
CJK characters + 1.5 × English words (1,000 English words ≈ 1,500 characters, RESEARCH §4).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from drafter.errors import ConfigError, InputError
from drafter.loading import once, read_yaml
from drafter.readers import converter, detect_language

Level = Literal["error", "warning", "notice"]
RuleLanguage = Literal["en", "zh-Hans", "zh-Hant"]
TextLanguage = Literal["en", "zh-Hans", "zh-Hant", "mixed"]
JURISDICTIONS = ("hk", "cn", "us", "eu", "other")  # one vocabulary: briefs, CLI, config, page
LEVEL_RANK: dict[str, int] = {"notice": 0, "warning": 1, "error": 2}
SCHEMA_VERSION = 1
RULES_DIR = Path(__file__).parent / "rules"
LEXICON_FILE = RULES_DIR / "lexicons.yaml"
PENALTY = {"error": 25, "warning": 8, "notice": 2}
CODE_KINDS = (
    "gender_coded",
    "structure_missing",
    "structure_split",
    "length",
    "readability",
    "pay_missing",
    "script",
    "must_haves",
    "experience",
    "faithfulness",
    "reading",
)

# what ends a clause: Chinese and Western sentence and clause marks, a full stop before a space
_LATIN_LINES = re.compile(r"(?m)^[^\n]*[A-Za-z][^\n]*$")
_CLAUSE_END = re.compile(r"[。；！？!?;\n，]|,(?=\s*[\u4e00-\u9fff])|\.(?=\s|$)")
# Full-width letters, digits and signs (１９９０年, １６３ｃｍ) read as their ASCII forms, one
# character for one so that every offset stays the text's own.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENT_SPLIT_EN = re.compile(r"(?<=[.!?])\s+|\n+")
_SENT_SPLIT_ZH = re.compile(r"(?<=[。！？；!?;])|\n+")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>()\]）」，。]+"
    r"|(?<![@\w.-])[\w-]+(?:\.[\w-]+)*\.(?:com|hk|cn|org|net|io)\b(?:/[^\s<>()\]）」，。]*)?",
    re.I,
)
_PHONE_RE = re.compile(r"(?<![\w.])\+?\d[\d \-()]{6,}\d(?!\w)")
_AMOUNT_RE = re.compile(
    r"(?:(?:HK\$|US\$|S\$|\$|€|£|¥|￥|RMB|CNY|HKD|USD|EUR|GBP|SGD)\s?\d[\d,]*(?:\.\d+)?\s?[kK万萬]?"
    r"|\d[\d,]*(?:\.\d+)?\s?[kK万萬千]?\s?(?:元|港元|港幣|港币|美元|歐元|欧元|蚊|塊)"
    r"|\d[\d,]*(?:\.\d+)?\s?(?:[kK](?![A-Za-z0-9])|dollars?\b))"
)
_YEARS_RE = re.compile(r"(\d{1,2})\s*\+?\s*(?:years?|yrs?)|(\d{1,2})\s*年(?:及|或)?以上", re.I)
_CODED_WORD_RE = re.compile(r"(?<![A-Za-z])[A-Za-z][A-Za-z-]*")
_ADDRESS_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+|www\.\S+")
_BULLET_RE = re.compile(r"^\s*(?:[-*•·]|\d+[.、)）]|[（(]\d+[)）])\s*")
_MAX_YEARS = {"entry": 1, "junior": 2, "mid": 5, "senior": 8, "lead": 10, "manager": 12}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RuleExamples(_Strict):
    """Example texts: each `fail` text triggers the rule, each `pass` text does not."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    fail: list[str] = Field(default_factory=list)
    pass_: list[str] = Field(default_factory=list, alias="pass")


class Rule(_Strict):
    """One rule: pattern rules come from YAML; code kinds (see CODE_KINDS) are built in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
    category: str
    level: Level
    languages: list[RuleLanguage]
    jurisdictions: list[str]
    message: str
    reason: str
    suggestion: str
    source: str
    kind: str = "pattern"
    triggers: list[str] = Field(default_factory=list)
    exceptions: list[str] = Field(default_factory=list)
    # a match does not count when its clause (the words between 。，；, a full stop or a line
    # break) matches one of these: a negation ("不限性别"), a benefit line, customers as the
    # subject ("為顧客推薦…")
    unless: list[str] = Field(default_factory=list)
    # the same, looked for only in the clause before the match ("Help customers choose…": the
    # customers are the subject; "…essential, as you will meet customers": they are not)
    unless_before: list[str] = Field(default_factory=list)
    replacements: dict[str, str] = Field(default_factory=dict)
    examples: RuleExamples = Field(default_factory=RuleExamples)
    _pattern: re.Pattern[str] | None = PrivateAttr(default=None)
    _exceptions: re.Pattern[str] | None = PrivateAttr(default=None)
    _unless: re.Pattern[str] | None = PrivateAttr(default=None)
    _unless_before: re.Pattern[str] | None = PrivateAttr(default=None)

    def compile(self) -> None:
        """Compile triggers once; English-only rules match on word boundaries."""
        if self.kind != "pattern":
            return
        if not self.triggers:
            raise ValueError("a pattern rule needs at least one trigger")
        english = self.languages == ["en"]
        body = "|".join(f"(?:{t})" for t in self.triggers)
        if english:
            body = rf"(?<![A-Za-z0-9_])(?:{body})(?![A-Za-z0-9_])"
        # Case-folding slows matching of Chinese text, so only patterns with Latin letters get it.
        flags = re.I if re.search("[A-Za-z]", re.sub(r"\\[A-Za-z]", "", body)) else 0
        self._pattern = re.compile(body, flags)
        if self.exceptions:
            self._exceptions = re.compile("|".join(f"(?:{e})" for e in self.exceptions), re.I)
        if self.unless:
            self._unless = re.compile("|".join(f"(?:{u})" for u in self.unless), re.I)
        if self.unless_before:
            body = "|".join(f"(?:{u})" for u in self.unless_before)
            # "client says applicants must be aged 21-30": the hiring client's condition, not
            # its customers as the subject
            said = (
                r"(?!\s+(?:says?|said|wants?|requires?|asks?|prefers?|insists?|needs?|"
                r"would like|specified|specifies)\b)(?!\s*(?:要求|話|话|說|说|指定|希望|只要))"
            )
            self._unless_before = re.compile(rf"(?<![A-Za-z])(?:{body})(?![A-Za-z]){said}", re.I)

    def applies(self, languages: set[str], jurisdiction: str) -> bool:
        """True when the rule covers one of the text's languages and the jurisdiction."""
        if not languages.intersection(self.languages):
            return False
        js = self.jurisdictions
        return "any" in js or jurisdiction in js


class Finding(_Strict):
    """One problem found in an ad, with its place (offsets 0-based, line and column 1-based)."""

    rule: str
    category: str
    level: Level
    message: str
    suggestion: str
    start: int
    end: int
    line: int
    column: int
    excerpt: str
    source: str


class Stats(_Strict):
    """Size of the ad; avg_sentence_length is in words (en) or character equivalents (zh)."""

    words: int
    cjk_chars: int
    sentences: int
    avg_sentence_length: float


class Report(_Strict):
    """The result of checking one ad."""

    file: str | None = None
    language: TextLanguage
    jurisdiction: str
    score: int
    stats: Stats
    findings: list[Finding]


class CheckConfig(_Strict):
    """The `[check]` table of .drafter.toml."""

    disable: list[str] = Field(default_factory=list)
    levels: dict[str, Level] = Field(default_factory=dict)
    allow: list[str] = Field(default_factory=list)
    jurisdiction: Literal["hk", "cn", "us", "eu", "other"] | None = None
    fail_on: Level = "error"
    board: str | None = None  # a profile in drafter/rules/boards.yaml: its limits are checked

    @classmethod
    def from_table(cls, table: dict[str, Any] | None, file: str = ".drafter.toml") -> CheckConfig:
        """Build from a raw TOML table; ConfigError names the bad key."""
        table = dict(table or {})
        if table.get("jurisdiction") == "generic":  # the name older versions used
            table["jurisdiction"] = "other"
        try:
            return cls.model_validate(table)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = "check." + ".".join(str(p) for p in err["loc"])
            raise ConfigError(err["msg"], file=file, field=field) from None

    def is_disabled(self, rule_id: str) -> bool:
        """True when a disabled prefix covers the rule id (whole dotted parts)."""
        return any(rule_id == p or rule_id.startswith(p.rstrip(".") + ".") for p in self.disable)


# --------------------------------------------------------------------------- loading


def _code_rule(**kw: Any) -> Rule:
    kw.setdefault("languages", ["en", "zh-Hans", "zh-Hant"])
    kw.setdefault("jurisdictions", ["any"])
    return Rule(**kw)


CODE_RULES: tuple[Rule, ...] = (
    _code_rule(
        id="inclusive.gender_coded",
        kind="gender_coded",
        category="inclusive.gender_coded",
        level="notice",
        languages=["en"],
        message="Wording is gender-coded",
        reason="Masculine-coded ads lower women's interest (Gaucher, Friesen & Kay 2011).",
        suggestion="Balance the wording; replace some coded words with neutral ones.",
        source="Gaucher, Friesen & Kay (2011), J. Personality and Social Psychology 101(1)",
    ),
    _code_rule(
        id="structure.missing_section",
        kind="structure_missing",
        category="structure",
        level="warning",
        message="Missing section",
        reason="Candidates look for duties, requirements, pay and benefits, and how to apply.",
        suggestion="Add the section with a heading.",
        source="RESEARCH §1 (seed 000)",
    ),
    _code_rule(
        id="structure.requirements_split",
        kind="structure_split",
        category="structure",
        level="notice",
        message="Requirements are not split into must-have and nice-to-have",
        reason="Long undivided lists put off qualified candidates, especially women.",
        suggestion="Split requirements under 'Must-have' and 'Nice to have' (必备 / 优先).",
        source="RESEARCH §4",
    ),
    _code_rule(
        id="length.too_short",
        kind="length",
        category="length",
        level="warning",
        message="Ad is too short",
        reason="Ads under ~400 words (~600 Chinese characters) leave out what candidates need.",
        suggestion="Add the sections the ad lacks, if the brief has them; never pad it.",
        source="RESEARCH §4",
    ),
    _code_rule(
        id="length.too_long",
        kind="length",
        category="length",
        level="warning",
        message="Ad is too long",
        reason="Apply rates fall above ~700 words (~1,200 Chinese characters).",
        suggestion="Cut repetition and boilerplate.",
        source="RESEARCH §4",
    ),
    _code_rule(
        id="readability.long_sentence",
        kind="readability",
        category="readability",
        level="notice",
        message="Sentence is too long",
        reason="Over 30 words (or 60 Chinese characters) a sentence is hard to read on a phone.",
        suggestion="Split it into two sentences.",
        source="RESEARCH §4",
    ),
    _code_rule(
        id="pay.missing",
        kind="pay_missing",
        category="pay",
        level="warning",
        jurisdictions=["cn", "us", "eu"],
        message="No pay or pay range",
        reason="The jurisdiction expects pay in the posting (EU 2023/970, US state laws, CN 2026).",
        suggestion="State the pay range and period.",
        source="Directive (EU) 2023/970 Art. 5; NYC Local Law 32; 2026 五部门通知",
    ),
    _code_rule(
        id="script.simplified_in_traditional",
        kind="script",
        category="script",
        level="warning",
        languages=["zh-Hant"],
        message="Simplified character in a Traditional ad",
        reason="Mixed scripts look careless to Hong Kong and Taiwan readers.",
        suggestion="Use the Traditional form.",
        source="OpenCC s2t",
    ),
    _code_rule(
        id="script.traditional_in_simplified",
        kind="script",
        category="script",
        level="warning",
        languages=["zh-Hans"],
        message="Traditional character in a Simplified ad",
        reason="Mixed scripts look careless to mainland readers.",
        suggestion="Use the Simplified form.",
        source="OpenCC t2s",
    ),
    _code_rule(
        id="requirements.too_many_must_haves",
        kind="must_haves",
        category="requirements",
        level="warning",
        message="More than 8 must-have requirements",
        reason="Candidates, women especially, skip ads whose must-haves they do not all meet.",
        suggestion="Keep the essentials as must-haves and move the rest to nice-to-have.",
        source="RESEARCH §1, §4",
    ),
    _code_rule(
        id="requirements.experience_level",
        kind="experience",
        category="requirements",
        level="warning",
        message="Years of experience out of line with the level",
        reason="Asking an entry-level candidate for years of experience shrinks the pool.",
        suggestion="Ask for the years the level needs, or describe skills instead.",
        source="RESEARCH §1",
    ),
    # What a reader notices, read by drafter/ad_metrics.py against the brief (so only when a
    # brief is given: `check --brief`, the page's drafts, drafting and rewrite).
    _code_rule(
        id="reading.repeated",
        kind="reading",
        category="reading",
        level="warning",
        message="Says again what the ad already said",
        reason="A duty or sentence said twice reads as padding and hides what is new.",
        suggestion="Keep one of them.",
        source="drafter/ad_metrics.py (issue 23)",
    ),
    _code_rule(
        id="reading.filler",
        kind="reading",
        category="reading",
        level="warning",
        message="A sentence that could be in any ad",
        reason="Generic praise and promises tell the candidate nothing about this job.",
        suggestion="Cut it, or say what the brief says about the work.",
        source="drafter/rules/ad_reading.yaml",
    ),
    _code_rule(
        id="reading.ungrounded",
        kind="reading",
        category="reading",
        level="warning",
        message="Not in the brief",
        reason="Every sentence of the ad should rest on something the recruiter said.",
        suggestion="Cut it, or add the fact to the brief if it is true.",
        source="drafter/ad_metrics.py (issue 23)",
    ),
    _code_rule(
        id="reading.to_customers",
        kind="reading",
        category="reading",
        level="error",
        message="Written to the company's customers, not to the candidate",
        reason="A job ad speaks to the person who will do the job.",
        suggestion="Say what the candidate will do for the customers.",
        source="drafter/rules/ad_reading.yaml",
    ),
    _code_rule(
        id="reading.assistant_talk",
        kind="reading",
        category="reading",
        level="error",
        message="A chat assistant's words, not the ad's",
        reason="Lines such as 'I have corrected this typo' are the writer talking.",
        suggestion="Delete the line.",
        source="drafter/rules/ad_reading.yaml",
    ),
    _code_rule(
        id="reading.wrong_language",
        kind="reading",
        category="reading",
        level="error",
        message="A sentence in another language than the ad",
        reason="One ad, one language: a reader of this ad may not read the other one.",
        suggestion="Translate it, keeping names, numbers and contacts as they are.",
        source="drafter/ad_metrics.py (issue 23)",
    ),
    _code_rule(
        id="reading.duty_missing",
        kind="reading",
        category="reading",
        level="warning",
        message="A duty of the brief is not in the ad",
        reason="The duties the recruiter gave are what the job is.",
        suggestion="Add the duty back.",
        source="drafter/ad_metrics.py (issue 23)",
    ),
    _code_rule(
        id="reading.level_changed",
        kind="reading",
        category="reading",
        level="error",
        message="A requirement at another level than the brief gives it",
        reason="A nice-to-have printed as a must-have turns good candidates away.",
        suggestion="Put it back under the level the brief gives.",
        source="drafter/ad_metrics.py (issue 23)",
    ),
    _code_rule(
        id="faithfulness.invented_fact",
        kind="faithfulness",
        category="faithfulness",
        level="error",
        message="Fact not in the brief",
        reason="Emails, phone numbers, URLs, amounts, perks and places come from the recruiter.",
        suggestion="Remove it or add it to the brief.",
        source="drafter house rule (STYLE §4)",
    ),
)


def _load_yaml(path: Path) -> Any:
    try:
        return read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read rules: {exc}", file=str(path)) from None


def _rule_files() -> list[Path]:
    # Word lists, not rules: the lexicons, the note reader's vocabulary (drafter/extract.py) and
    # what an ad's reader flags (drafter/ad_metrics.py)
    return sorted(
        p
        for p in RULES_DIR.glob("*.yaml")
        if p.name
        not in (LEXICON_FILE.name, "note.yaml", "ad_reading.yaml", "cleanup.yaml", "boards.yaml")
    )


def load_rules(
    paths: Sequence[Path | str] | None = None, *, include_code: bool | None = None
) -> list[Rule]:
    """Load and validate YAML rules (all shipped ones by default, plus the code kinds)."""
    key = tuple(str(p) for p in paths) if paths is not None else None
    with_code = paths is None if include_code is None else include_code
    return list(_load_rules_cached(key, with_code))


@once
def _load_rules_cached(key: tuple[str, ...] | None, with_code: bool) -> tuple[Rule, ...]:
    files = [Path(p) for p in key] if key is not None else _rule_files()
    rules: list[Rule] = list(CODE_RULES) if with_code else []
    seen = {r.id: "(built in)" for r in rules}
    for path in files:
        data = _load_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            raise ConfigError("expected a top-level 'rules:' list", file=str(path))
        parts = data.get("parts") or {}
        if not isinstance(parts, dict):
            raise ConfigError("'parts:' must map names to regex fragments", file=str(path))
        for i, raw in enumerate(data["rules"]):
            rid = str(raw.get("id", f"#{i + 1}")) if isinstance(raw, dict) else f"#{i + 1}"
            if not isinstance(raw, dict):
                raise ConfigError("rule is not a mapping", file=str(path), field=rid)
            if rid in seen:
                raise ConfigError(
                    f"duplicate rule id (also in {seen[rid]})", file=str(path), field=rid
                )
            try:
                rule = Rule.model_validate(_with_parts(raw, parts))
                if rule.kind != "pattern":
                    raise ValueError(f"unknown kind {rule.kind!r}; YAML rules are pattern rules")
                rule.compile()
            except ValidationError as exc:
                err = exc.errors()[0]
                loc = ".".join(str(p) for p in err["loc"])
                raise ConfigError(f"{loc}: {err['msg']}", file=str(path), field=rid) from None
            except re.error as exc:
                raise ConfigError(f"bad regex: {exc}", file=str(path), field=rid) from None
            except ValueError as exc:
                raise ConfigError(str(exc), file=str(path), field=rid) from None
            seen[rid] = str(path)
            rules.append(rule)
    return tuple(rules)


_PART = re.compile(r"\{([a-z][a-z_]*)\}")


@once
def negation() -> re.Pattern[str]:
    """What the rules read as a negated condition (the `neg` part of discrimination.yaml:
    不限性别, "regardless of age", "open to all")."""
    path = RULES_DIR / "discrimination.yaml"
    parts = (_load_yaml(path) or {}).get("parts") or {}
    return re.compile(_with_parts({"unless": ["{neg}"]}, parts)["unless"][0], re.I)


def _with_parts(raw: dict[str, Any], parts: dict[str, str]) -> dict[str, Any]:
    """The rule with every `{name}` in its triggers, exceptions and `unless` replaced by the
    file's part of that name (parts may use earlier parts): a condition is written once by its
    structure — a number, an age unit and a bound — and the rules share it."""

    def expand(pattern: str, depth: int = 0) -> str:
        def one(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in parts:
                raise ValueError(f"unknown part {{{name}}} in {pattern!r}")
            if depth > 8:
                raise ValueError(f"parts nest too deep at {{{name}}}")
            return f"(?:{expand(str(parts[name]), depth + 1)})"

        return _PART.sub(one, pattern)

    out = dict(raw)
    for key in ("triggers", "exceptions", "unless", "unless_before"):
        if isinstance(out.get(key), list):
            out[key] = [expand(str(p)) for p in out[key]]
    return out


class _Lexicons:
    """Compiled word lists used by the code kinds; built once."""

    def __init__(self, data: dict[str, Any]) -> None:
        gc = data["gender_coded"]
        self.coded_exceptions = {w.lower() for w in gc["exceptions"]}
        self.masculine = tuple(s.lower() for s in gc["masculine"])
        self.feminine = tuple(s.lower() for s in gc["feminine"])
        self.sections = {key: [s.lower() for s in names] for key, names in data["sections"].items()}
        self.must_markers = [s.lower() for s in data["must_have_markers"]]
        self.nice_markers = [s.lower() for s in data["nice_to_have_markers"]]
        perks = data["perks"]
        self.perk_en = re.compile(
            r"(?<![A-Za-z0-9])(?:" + "|".join(perks["en"]) + r")(?![A-Za-z0-9])", re.I
        )
        self.perk_zh = re.compile("|".join(perks["zh"]))
        self.perk_exceptions = re.compile("|".join(perks["exceptions"]), re.I)
        # one perk in English and Chinese (Simplified; Traditional is converted when compared)
        self.perk_translations = [
            [str(n).lower() for n in group] for group in data.get("perk_translations") or []
        ]
        # one pattern per language, per degree of a skill, per place (_name_patterns)
        self.languages = _name_patterns(data.get("spoken_languages") or [])
        self.language_names = [str(names[0]) for names in data.get("spoken_languages") or []]
        self.proficiency = _name_patterns(data.get("proficiency") or [])
        self.proficiency_printed = [
            dict(zip(("en", "zh-Hant", "zh-Hans"), (str(w) for w in row), strict=True))
            for row in data.get("proficiency_printed") or []
        ]
        self.rank = _name_patterns(data.get("rank") or [])
        self.frequency = _name_patterns(data.get("frequency") or [])
        self.duty_words = _name_patterns(data.get("duty_words") or [])
        self.duty_word_names = [[str(n) for n in g] for g in data.get("duty_words") or []]
        self.days_off = _name_patterns(data.get("days_off") or [])
        self.weekdays = _name_patterns(data.get("weekdays") or [])
        self.education = _name_patterns(data.get("education") or [])
        self.places = _name_patterns(data.get("places") or [])
        # a place of work by language: every spelling → its names
        self.place_names: dict[str, dict[str, str]] = {}
        for row in data.get("place_names") or []:
            names = {str(k): str(v) for k, v in row.items()}
            for spelling in names.values():
                self.place_names[spelling.lower()] = names
        # the words of job titles: en (a list, the first printed), zh-Hant, zh-Hans, and what
        # each Chinese script also reads (title_in)
        self.title_words = [
            {
                "en": [str(e) for e in t["en"]],
                "zh-Hant": str(t["zh-Hant"]),
                "zh-Hans": str(t["zh-Hans"]),
                "hant": [str(z) for z in t.get("hant") or []],
                "hans": [str(z) for z in t.get("hans") or []],
            }
            for t in data.get("title_words") or []
        ]
        # a schedule's phrases: each row's patterns (any language) and its printed forms
        self.schedule_phrases = [
            (
                [re.compile(str(m), re.I) for m in row["match"]],
                {k: str(row[k]) for k in ("en", "zh-Hant", "zh-Hans")},
            )
            for row in data.get("schedule_phrases") or []
        ]
        # pay and perk terms with their one translation, longest Chinese spelling first
        self.fact_terms = [
            {
                "en": str(t["en"]),
                "zh-Hans": str(t["zh-Hans"]),
                "zh-Hant": str(t["zh-Hant"]),
                "zh": sorted((str(z) for z in t["zh"]), key=len, reverse=True),
                "duties": bool(t.get("duties")),  # a translated duty keeps it too
            }
            for t in data.get("fact_terms") or []
        ]


def _name_patterns(groups: list[list[str]]) -> list[re.Pattern[str]]:
    """One pattern per group of names (one thing in English and Chinese): Chinese names as
    written, English ones as whole words in any case."""
    return [
        re.compile(
            "|".join(
                name if _HAN_RE.search(name) else rf"(?<![A-Za-z])(?i:{name})(?![A-Za-z])"
                for name in names
            )
        )
        for names in groups
    ]


@once
def _lexicons() -> _Lexicons:
    data = _load_yaml(LEXICON_FILE)
    try:
        return _Lexicons(data)
    except (KeyError, TypeError, re.error) as exc:
        raise ConfigError(f"bad lexicon: {exc}", file=str(LEXICON_FILE)) from None


# Characters that OpenCC changes but that are also standard in the other script.
_SHARED_HANT = set("干台后里面只系余于云范冲松几斗谷丑卜占咸伙朴杰征志制准才布表吃症钟恶")
_SHARED_HANS = set("著乾瞭藉麽甦噁")


# --------------------------------------------------------------------------- checking


def detect_text_language(text: str) -> TextLanguage:
    """en, zh-Hans, zh-Hant, or mixed when neither Chinese nor English has 70% of the content."""
    han = len(_HAN_RE.findall(text))
    words = len(_WORD_RE.findall(text))
    if han and words:
        share = han / (han + 1.5 * words)
        if 0.3 <= share <= 0.6:
            return "mixed"
    return detect_language(text)


def _han_script(text: str) -> Literal["zh-Hans", "zh-Hant"]:
    lang = detect_language("".join(_HAN_RE.findall(text)) or "中")
    return "zh-Hant" if lang == "zh-Hant" else "zh-Hans"


_INLINE_HEADING = re.compile(r"^[#*【\[\s]*([^:：#*【】\[\]\n]{1,20}?)[\s*】\]]*[:：]\s*\S")


class _Ctx:
    """Everything the rule kinds need about one text, computed once."""

    def __init__(
        self,
        text: str,
        language: TextLanguage,
        jurisdiction: str,
        brief: Any,
        script: Literal["zh-Hans", "zh-Hant"] | None = None,
    ) -> None:
        self.text = text
        self.folded = text.translate(_FOLD)  # what pattern rules read; same length as text
        self.language = language
        self.jurisdiction = jurisdiction
        self.brief = brief
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.words = len(_WORD_RE.findall(text))
        self.cjk = len(_HAN_RE.findall(text))
        self.chinese = language != "en"
        self.sentences = self._sentences()
        self.headings = self._headings()
        self._script = script
        self.reading: Any = None  # drafter.ad_metrics.AdReading, read once for reading.* rules
        self._clause_ends: list[int] | None = None
        self._latin_spans: list[tuple[int, int]] | None = None

    def _sentences(self) -> list[tuple[int, int]]:
        splitter = _SENT_SPLIT_ZH if self.chinese else _SENT_SPLIT_EN
        spans, pos = [], 0
        for m in splitter.finditer(self.text):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(self.text)))
        out = []
        for a, b in spans:
            seg = self.text[a:b]
            if seg.strip() and not seg.lstrip().startswith("#") and self.units(seg) > 0:
                out.append((a, b))
        return out

    def _headings(self) -> list[tuple[int, str]]:
        out = []
        for i, start in enumerate(self.line_starts):
            end = self.line_starts[i + 1] - 1 if i + 1 < len(self.line_starts) else len(self.text)
            line = self.text[start:end].strip()
            bare = line.strip("#*【】[] \t：:").strip()
            if not bare:
                continue
            if (
                line.startswith("#")
                or line.startswith("【")
                or (len(bare) <= 40 and (line.endswith((":", "：")) or line.startswith("**")))
                # a plain line that is a section's name and nothing else ("About us", "職責")
                or (len(bare) <= 40 and bare.lower().rstrip(".") in _section_names())
            ):
                out.append((start, bare.lower()))
            # a section's name and its content on one line ("工作内容：接待顾客咨询",
            # "Requirements: 2 years in a call centre")
            elif (m := _INLINE_HEADING.match(line)) and _section_key(m.group(1).lower()):
                out.append((start, m.group(1).lower()))
        return out

    def han_script(self) -> Literal["zh-Hans", "zh-Hant"]:
        """Script of the Han characters, computed once."""
        if self._script is None:
            self._script = _han_script(self.text)
        return self._script

    def units(self, segment: str) -> float:
        """Words for English; CJK characters + 1.5 × English words for Chinese and mixed."""
        words = len(_WORD_RE.findall(segment))
        if not self.chinese:
            return float(words)
        return len(_HAN_RE.findall(segment)) + 1.5 * words

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def latin_spans(self) -> list[tuple[int, int]]:
        """Runs of lines that hold a Latin letter, as (start, end) offsets."""
        if self._latin_spans is None:
            spans: list[tuple[int, int]] = []
            for m in _LATIN_LINES.finditer(self.text):
                if spans and spans[-1][1] >= m.start() - 1:
                    spans[-1] = (spans[-1][0], m.end())
                else:
                    spans.append(m.span())
            self._latin_spans = spans
        return self._latin_spans

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause around text[start:end]: from the boundary before it to the one after."""
        if self._clause_ends is None:
            self._clause_ends = [m.end() for m in _CLAUSE_END.finditer(self.text)]
        ends = self._clause_ends
        i = bisect.bisect_right(ends, start)
        j = bisect.bisect_left(ends, end)
        return (ends[i - 1] if i > 0 else 0), (ends[j] if j < len(ends) else len(self.text))

    def finding(self, rule: Rule, start: int, end: int, message: str | None = None) -> Finding:
        """A finding for rule at text[start:end]."""
        line, col = self.position(start)
        excerpt = self.text[start:end].replace("\n", " ").strip()
        return Finding(
            rule=rule.id,
            category=rule.category,
            level=rule.level,
            message=message or rule.message,
            suggestion=rule.suggestion,
            start=start,
            end=end,
            line=line,
            column=col,
            excerpt=excerpt[:80],
            source=rule.source,
        )

    def section_key(self, bare: str) -> str | None:
        """Which section a heading names, by its synonyms in the three languages."""
        return _section_key(bare)

    def section_span(self, key: str) -> tuple[int, int] | None:
        """Offsets of a section, from its heading to the next heading of another section."""
        for idx, (start, bare) in enumerate(self.headings):
            if self.section_key(bare) != key:
                continue
            for nxt, nbare in self.headings[idx + 1 :]:
                other = self.section_key(nbare)
                if other is not None and other != key:
                    return start, nxt
            return start, len(self.text)
        return None


@once
def _section_names() -> frozenset[str]:
    return frozenset(n for names in _lexicons().sections.values() for n in names)


@lru_cache(maxsize=4096)
def _section_key(bare: str) -> str | None:
    for key, names in _lexicons().sections.items():
        if any(bare.startswith(n) or (len(bare) <= 12 and n in bare) for n in names):
            return key
    return None


def _run_pattern(rule: Rule, ctx: _Ctx) -> Iterable[Finding]:
    assert rule._pattern is not None  # compiled by load_rules
    excepted: list[tuple[int, int]] = []
    text = ctx.folded
    if rule._exceptions is not None:
        excepted = [m.span() for m in rule._exceptions.finditer(text)]
    # an English rule reads a Chinese ad only where it has English words (its lines with Latin
    # letters), which spares scanning the Chinese text for words it cannot hold
    spans = ctx.latin_spans() if ctx.chinese and rule.languages == ["en"] else [(0, len(ctx.text))]
    matches = (m for a, b in spans for m in rule._pattern.finditer(text, a, b))
    for m in matches:
        a, b = m.span()
        if a == b or any(x <= a and b <= y for x, y in excepted):
            continue
        if rule._unless is not None or rule._unless_before is not None:
            start, end = ctx.clause(a, b)
            if rule._unless is not None and rule._unless.search(text, start, end):
                continue
            if rule._unless_before is not None and rule._unless_before.search(text, start, a):
                continue
        yield ctx.finding(rule, a, b)


def _run_gender_coded(rule: Rule, ctx: _Ctx) -> Iterable[Finding]:
    if ctx.chinese:
        return  # the Gaucher stems are English
    lex = _lexicons()
    masc, fem = [], []
    skip = [(a, a + len(bare) + 8) for a, bare in ctx.headings]  # a heading is no wording
    skip += [m.span() for m in _ADDRESS_RE.finditer(ctx.text)]  # nor is a name in an address
    for m in _CODED_WORD_RE.finditer(ctx.text):
        if any(a <= m.start() < b for a, b in skip):
            continue
        word = m.group().lower()
        if word in lex.coded_exceptions:
            continue
        if word.startswith(lex.masculine):
            masc.append(m)
        elif word.startswith(lex.feminine):
            fem.append(m)
    diff = len(masc) - len(fem)
    if diff == 0:
        return
    side, words = ("masculine", masc) if diff > 0 else ("feminine", fem)
    strength = "strongly " if abs(diff) > 3 else ""
    listed = ", ".join(sorted({m.group().lower() for m in words})[:8])
    first = words[0]
    yield ctx.finding(
        rule,
        first.start(),
        first.end(),
        f"Wording is {strength}{side}-coded"
        f" ({len(masc)} masculine vs {len(fem)} feminine: {listed})",
    )


def _run_structure_missing(rule: Rule, ctx: _Ctx) -> Iterable[Finding]:
    labels = {
        "about": "about us",
        "duties": "duties",
        "requirements": "requirements",
        "benefits": "benefits",
        "apply": "how to apply",
        "eo": "equal-opportunity statement",
    }
    for key, label in labels.items():
        if ctx.section_span(key) is None:
            if key == "eo" and re.search(r"equal opportunit|平等|不[论論分]男女", ctx.text, re.I):
                continue
            yield ctx.finding(rule, 0, 0, f"Missing section: {label}")


def _run_structure_split(rule: Rule, ctx: _Ctx) -> Iterable[Finding]:
    span = ctx.section_span("requirements")
    if span is None:
        return
    body = ctx.text[span[0] : span[1]].lower()
    lex = _lexicons()
    if not any(m in body for m in lex.nice_markers + lex.must_markers):
        yield ctx.finding(rule, span[0], span[0] + len(body.split("\n", 1)[0]))


# The seeds' length band: (low, high, unit) for English words, and for Chinese characters
# counted with 1.5 per English word (band_size()).
LENGTH_BAND = {"en": (400, 700, "words"), "zh": (600, 1200, "Chinese characters")}


def band_size(words: int, cjk_chars: int, chinese: bool) -> float:
    """An ad's length in its band's unit: words, or CJK characters + 1.5 × English words."""
    return cjk_chars + 1.5 * words if chinese else float(words)


_CONTENT_SECTIONS = {"about": "about us", "duties": "duties", "requirements": "requirements",
                     "benefits": "benefits", "apply": "how to apply"}  # fmt: skip


def _run_length(rule: Rule, ctx: _Ctx) -> Iterable[Finding]:
    low, high, unit = LENGTH_BAND["zh" if ctx.chinese else "en"]
    n = band_size(ctx.words, ctx.cjk, ctx.chinese)
    if rule.id.endswith("too_short") and n < low:
        short = ctx.finding(rule, 0, 0, f"Ad is too short: {n:.0f} {unit} (aim for {low}–{high})")
        lacking = [
            label for key, label in _CONTENT_SECTIONS.items() if ctx.section_span(key) is None
        ]
        # what the ad lacks, if the brief has it; never words to fill the band
        short.suggestion = (
            f"The ad has no {', '.join(lacking)}: add what the brief can say of them. "
            if lacking
            else "Add what the brief can say of the duties, the team and the offer. "
        ) + "Do not pad it to reach the band."
        yield short
    if rule.id.endswith("too_long") and n > high:
        yield ctx.finding(rule, 0, 0, f"Ad is too long: {n:.0f} {unit} (aim for {low}–{high})")


def _run_readability(rule: Rule, ctx: _Ctx) -> Iterable[Finding]:
    limit = 60 if ctx.chinese else 30
    for a, b in ctx.sentences:
        n = ctx.units(ctx.text[a:b])
        if n > limit:
            unit = "characters" if ctx.chinese else "words"
            yield ctx.finding(rule, a, b, f"Sentence is too long: {n:.0f} {unit} (limit {limit})")


_PAY_WORDS = re.compile(
    r"salary|pay\b|wage|per hour|an hour|a month|a year|per (month|year|annum)"
    r"|月薪|年薪|时薪|時薪|薪[资資酬]|底薪|工[资資]",
    re.I,
)


def _run_pay_missing(rule: Rule, ctx: _Ctx) -> Iterable[Finding]:
    has_range = re.search(r"\d[\d,.]*\s?[kK]?\s?[-–—~至到]\s?\d", ctx.text)
    if _AMOUNT_RE.search(ctx.text) or (has_range and _PAY_WORDS.search(ctx.text)):
        return
    yield ctx.finding(rule, 0, 0)


def _run_script(rule: Rule, ctx: _Ctx) -> Iterable[Finding]:
    if ctx.language == "en" or not ctx.cjk:
        return
    script = ctx.han_script()
    want_hant = "zh-Hant" in rule.languages
    if (script == "zh-Hant") != want_hant:
        return
    conv, shared = (
        (converter("s2t"), _SHARED_HANT) if want_hant else (converter("t2s"), _SHARED_HANS)
    )
    converted = conv.convert(ctx.text)
    if len(converted) != len(ctx.text):
        return
    # Hong Kong glyph-list forms (户, 説, 峯) and Big5 forms (群, 峰, 床) are Traditional too:
    # OpenCC s2hk and s2tw keep them.
    variants = [
        v
        for v in (converter(c).convert(ctx.text) for c in ("s2hk", "s2tw"))
        if want_hant and len(v) == len(ctx.text)
    ]
    seen: dict[str, list[int]] = {}
    for i, (a, b) in enumerate(zip(ctx.text, converted, strict=True)):
        if a != b and a not in shared and all(v[i] != a for v in variants):
            seen.setdefault(a, []).append(i)
    for ch, offsets in seen.items():
        target = converted[offsets[0]]
        msg = f"{rule.message}: {ch} → {target} ({len(offsets)}×)"
        yield ctx.finding(rule, offsets[0], offsets[0] + 1, msg)


def _bullets(body: str) -> int:
    return sum(1 for line in body.split("\n") if _BULLET_RE.match(line) and line.strip())


def _run_must_haves(rule: Rule, ctx: _Ctx) -> Iterable[Finding]:
    span = ctx.section_span("requirements")
    if span is None:
        return
    body = ctx.text[span[0] : span[1]]
    low = body.lower()
    lex = _lexicons()
    # Count only up to the nice-to-have sub-heading, which follows the must-haves.
    head_cut = [
        m.start()
        for m in re.finditer(r"^\s*(#+|\*\*).*$", low, re.M)
        if any(k in m.group() for k in lex.nice_markers)
    ]
    end = min(head_cut) if head_cut else len(body)
    n = _bullets(body[:end])
    if n > 8:
        yield ctx.finding(
            rule,
            span[0],
            span[0] + len(body.split("\n", 1)[0]),
            f"{n} must-have requirements (keep to 8 or fewer)",
        )


def _run_experience(rule: Rule, ctx: _Ctx) -> Iterable[Finding]:
    level = getattr(ctx.brief, "seniority", None) if ctx.brief is not None else None
    if level not in _MAX_YEARS:
        return
    limit = _MAX_YEARS[level]
    for m in _YEARS_RE.finditer(ctx.text):
        years = int(m.group(1) or m.group(2))
        if years > limit:
            yield ctx.finding(
                rule,
                m.start(),
                m.end(),
                f"{years}+ years asked for a {level} role (at most {limit})",
            )


class BriefFacts:
    """What a brief says, in the forms the faithfulness check compares against (built once per
    brief: the drafting stage checks every sentence the model writes)."""

    def __init__(self, brief: Any) -> None:
        if hasattr(brief, "model_dump_json"):
            text = str(brief.model_dump_json())
            pay = getattr(brief, "pay", None)
            if pay is not None:  # the amounts as the renderer prints them ("HK$18,000")
                from drafter.render import format_pay

                langs = ("en", "zh-Hans", "zh-Hant")
                text += " " + " ".join(format_pay(pay, lang) or "" for lang in langs)
        else:
            text = json.dumps(brief, ensure_ascii=False, default=str)
        self.text = text
        self.low = text.lower()
        # The jurisdiction's own region is named by it: an EU job may say "across Europe".
        jurisdiction = getattr(brief, "jurisdiction", None)
        self.region = _REGION.get(jurisdiction, "") if isinstance(jurisdiction, str) else ""
        self.digits = re.sub(r"\D", "", text)
        self.numbers = _numbers(text)


_REGION = {"eu": " Europe 欧洲"}


def _numbers(text: str) -> set[float]:
    out = set()
    for m in re.finditer(r"(\d[\d,]*(?:\.\d+)?)\s?([kK万萬千])?", text):
        try:
            value = float(m.group(1).replace(",", ""))
        except ValueError:
            continue
        mult = {"k": 1e3, "K": 1e3, "千": 1e3, "万": 1e4, "萬": 1e4}.get(m.group(2) or "", 1)
        out.add(value * mult)
        out.add(value)
    return out


def unfaithful(text: str, facts: BriefFacts) -> Iterator[tuple[int, int, str]]:
    """Spans of emails, URLs, phone numbers, amounts and perks in `text` that the brief does not
    contain, each with a message. The faithfulness rule and the drafting stage both use this."""
    for m in _EMAIL_RE.finditer(text):
        if m.group().lower() not in facts.low:
            yield m.start(), m.end(), f"Email not in the brief: {m.group()}"
    for m in _URL_RE.finditer(text):
        url = m.group().rstrip(".,;:!?")
        core = re.sub(r"^(https?://)?(www\.)?", "", url.lower()).rstrip("/")
        if core not in facts.low:
            yield m.start(), m.start() + len(url), f"URL not in the brief: {url}"
    for m in _PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if len(digits) >= 8 and digits not in facts.digits:
            yield m.start(), m.end(), f"Phone number not in the brief: {m.group()}"
    for m in _AMOUNT_RE.finditer(text):
        values = _numbers(m.group())
        if values and not values & facts.numbers:
            yield m.start(), m.end(), f"Amount not in the brief: {m.group()}"
    lex = _lexicons()
    excepted = [e.span() for e in lex.perk_exceptions.finditer(text)]
    for pattern in (lex.perk_en, lex.perk_zh):
        for m in pattern.finditer(text):
            if any(x <= m.start() and m.end() <= y for x, y in excepted):
                continue
            word = m.group().lower()
            if word not in facts.low and not _perk_in_brief(word, facts.low):
                yield m.start(), m.end(), f"Perk not in the brief: {m.group()}"
    for place in lex.places:
        if (m := place.search(text)) and not place.search(facts.text + facts.region):
            yield m.start(), m.end(), f"Place not in the brief: {m.group()}"


# reading.* rule → the AdReading list it reports
READING_LISTS = {
    "reading.repeated": "repeated", "reading.filler": "filler",
    "reading.ungrounded": "ungrounded", "reading.to_customers": "to_customers",
    "reading.assistant_talk": "assistant_talk", "reading.wrong_language": "wrong_language",
    "reading.duty_missing": "duties_missing", "reading.level_changed": "level_changes",
}  # fmt: skip


def _run_reading(rule: Rule, ctx: _Ctx) -> Iterable[Finding]:
    """What drafter/ad_metrics.py reads in the ad against its brief, one finding per sentence
    (or brief item), placed where the sentence is (a brief item missing: at the start)."""
    from drafter.brief import Brief

    if not isinstance(ctx.brief, Brief) or ctx.language not in ("en", "zh-Hans", "zh-Hant"):
        return
    if ctx.reading is None:
        from drafter.ad_metrics import read_ad

        ctx.reading = read_ad(ctx.text, ctx.brief, ctx.language)
    after = 0
    for item in getattr(ctx.reading, READING_LISTS[rule.id]):
        start = _locate(ctx.text, item, after)
        if start < 0:
            start, end = 0, 0
        else:
            end, after = start + len(item), start + 1
        detail = f"{rule.message}: {item}" if end == 0 else rule.message
        yield ctx.finding(rule, start, end, detail)


def _locate(text: str, sentence: str, after: int) -> int:
    """Where a sentence as ad_metrics prints it (Markdown marks removed) starts in the text."""
    for probe in (sentence, sentence[:24], sentence[:8]):
        if probe and (at := text.find(probe, after)) >= 0:
            return at
        if probe and (at := text.find(probe)) >= 0:
            return at
    return -1


def _run_faithfulness(rule: Rule, ctx: _Ctx) -> Iterable[Finding]:
    if ctx.brief is None:
        return
    for start, end, message in unfaithful(ctx.text, BriefFacts(ctx.brief)):
        yield ctx.finding(rule, start, end, message)


_GENERIC_PERK_WORDS = {
    "free", "paid", "plan", "cover", "coverage", "insurance", "allowance", "leave", "pay",
}  # fmt: skip


def _perk_in_brief(word: str, brief_low: str) -> bool:
    # "Dental cover" is faithful to a brief saying "dental"; "birthday leave" is not faithful to
    # one saying "annual leave", nor "company trips" to one naming the company. Chinese perks
    # may be in either script.
    if not _HAN_RE.search(word):
        tokens = re.findall(r"[a-z0-9]+", word)
        key = [t for t in tokens if t not in _GENERIC_PERK_WORDS]
        if not key:  # "paid leave": any of its words
            found = any(re.search(rf"\b{re.escape(t)}", brief_low) for t in tokens)
        else:
            found = all(re.search(rf"\b{re.escape(t)}", brief_low) for t in key)
        return found or _translated_perk(word, brief_low)
    if any(c.convert(word) in brief_low for c in (converter("s2t"), converter("t2s"))):
        return True
    return _translated_perk(word, brief_low)


def _translated_perk(word: str, brief_low: str) -> bool:
    """A perk the brief gives in the other language ("Medical insurance" → 醫療保險): each
    group of `perk_translations` in lexicons.yaml names one perk in English and Chinese."""
    low = converter("t2s").convert(word.lower())
    for group in _lexicons().perk_translations:
        if any(name in low for name in group) and any(
            (name in brief_low or converter("s2t").convert(name) in brief_low) for name in group
        ):
            return True
    return False


_KIND_RUNNERS = {
    "pattern": _run_pattern,
    "gender_coded": _run_gender_coded,
    "structure_missing": _run_structure_missing,
    "structure_split": _run_structure_split,
    "length": _run_length,
    "readability": _run_readability,
    "pay_missing": _run_pay_missing,
    "script": _run_script,
    "must_haves": _run_must_haves,
    "experience": _run_experience,
    "faithfulness": _run_faithfulness,
    "reading": _run_reading,
}


def _default_jurisdiction(language: TextLanguage, brief: Any) -> str:
    bj = getattr(brief, "jurisdiction", None) if brief is not None else None
    if bj in JURISDICTIONS:
        return str(bj)
    return {"zh-Hans": "cn", "zh-Hant": "hk", "mixed": "hk"}.get(language, "other")


def _active_languages(language: TextLanguage) -> set[str]:
    if language == "en":
        return {"en"}
    if language == "mixed":
        return {"en", "zh-Hans", "zh-Hant"}
    # Chinese ads (Hong Kong ones especially) carry English terms: English rules apply too.
    return {language, "en"}


def score(findings: Sequence[Finding]) -> int:
    """100 − 25·errors − 8·warnings − 2·notices, floored at 0."""
    return max(0, 100 - sum(PENALTY[f.level] for f in findings))


def check_text(
    text: str,
    *,
    language: TextLanguage | None = None,
    jurisdiction: str | None = None,
    brief: Any = None,
    config: CheckConfig | None = None,
    rules: Sequence[Rule] | None = None,
    file: str | None = None,
    fields: dict[str, Any] | None = None,
) -> Report:
    """Check one ad's text and return its report (findings in text order). `fields` is the
    file's front matter (a board's search summary and bullet points, `drafter draft --board`)."""
    config = config or CheckConfig()
    lang: TextLanguage = language or detect_text_language(text)
    juris = jurisdiction or config.jurisdiction or _default_jurisdiction(lang, brief)
    if juris in ("any", "generic"):  # "generic": the name older versions used
        juris = "other"
    # A detected zh-Hans/zh-Hant already says the Han characters' script: no second pass.
    script = lang if language is None and lang in ("zh-Hans", "zh-Hant") else None
    ctx = _Ctx(text, lang, juris, brief, script)
    active = _active_languages(lang)
    allow = {w.lower() for w in config.allow}
    findings: list[Finding] = []
    for rule in rules if rules is not None else load_rules():
        if config.is_disabled(rule.id) or not rule.applies(active, juris):
            continue
        if rule.kind == "pattern" and rule._pattern is None:
            rule.compile()
        level = config.levels.get(rule.id)
        for f in _KIND_RUNNERS[rule.kind](rule, ctx):
            if allow and f.excerpt.lower() in allow:
                continue
            findings.append(f.model_copy(update={"level": level}) if level else f)
    if config.board:
        findings += _board_findings(text, config.board, brief, ctx, fields)
    findings.sort(key=lambda f: (f.start, f.rule))
    sentences = len(ctx.sentences)
    total = sum(ctx.units(text[a:b]) for a, b in ctx.sentences)
    stats = Stats(
        words=ctx.words,
        cjk_chars=ctx.cjk,
        sentences=sentences,
        avg_sentence_length=round(total / sentences, 1) if sentences else 0.0,
    )
    return Report(
        file=file,
        language=lang,
        jurisdiction=juris,
        score=score(findings),
        stats=stats,
        findings=findings,
    )


# A board's required field missing is refused; search bullet points not written is a notice.
_BOARD_LEVELS = {"required": "error", "bullets": "notice"}


def _board_findings(
    text: str, board: str, brief: Any, ctx: _Ctx, fields: dict[str, Any] | None
) -> list[Finding]:
    """The board profile's problems as findings: a required field missing is an error (the
    board or the law refuses the ad), a limit passed a warning."""
    from drafter import boards

    if board not in boards.names():
        raise InputError(f"unknown board {board!r}", field="--board",
                         fix=f"use one of {', '.join(boards.names())}")  # fmt: skip
    source = boards.boards()[board]["source"]
    out = []
    for check, message, start, end in boards.problems(text, board, brief, fields):
        line, col = ctx.position(start)
        out.append(Finding(
            rule=f"board.{board}.{check}", category="board",
            level=_BOARD_LEVELS.get(check, "warning"), message=message,
            suggestion="Fit the ad to the board before posting it there.", start=start, end=end,
            line=line, column=col, excerpt=text[start:end].strip()[:80], source=source,
        ))  # fmt: skip
    return out


def check_file(path: Path | str, **kw: Any) -> Report:
    """Read a file (any supported format/encoding) and check it; InputError propagates."""
    from drafter.readers import read_document

    text = read_document(Path(path), keep_lines=True)  # positions are the file's own
    text, meta = _front_matter(text, str(path))
    if not kw.get("jurisdiction") and meta.get("jurisdiction") in ("cn", "hk", "us", "eu"):
        kw["jurisdiction"] = meta["jurisdiction"]
    if not kw.get("language") and meta.get("language") in ("en", "zh-Hans", "zh-Hant"):
        kw["language"] = meta["language"]
    return check_text(text, file=str(path), fields=meta, **kw)


def _front_matter(text: str, file: str) -> tuple[str, dict[str, Any]]:
    """A Markdown file's YAML front matter (as in knowledge/) is metadata, not ad text: it is
    blanked out, line for line so positions stay true, and its language/jurisdiction returned.
    A malformed block is checked as text."""
    from drafter.knowledge import split_front_matter

    try:
        meta, body = split_front_matter(text, file)
    except InputError:
        return text, {}
    if meta is None:
        return text, {}
    whole = text.lstrip("\ufeff").replace("\r\n", "\n")
    return "\n" * (whole.count("\n") - body.count("\n")) + body, meta


# --------------------------------------------------------------------------- output


def format_text(report: Report) -> str:
    """One line per finding, then a summary with the score."""
    name = report.file or "<text>"
    lines = [
        f"{name}:{f.line}:{f.column} {f.level} {f.rule} {f.message} «{f.excerpt}»"
        for f in report.findings
    ]
    counts = {lvl: sum(1 for f in report.findings if f.level == lvl) for lvl in PENALTY}
    lines.append(
        f"{name}: {counts['error']} errors, {counts['warning']} warnings,"
        f" {counts['notice']} notices"
        f" ({report.language}, {report.jurisdiction}) — score {report.score}/100"
    )
    return "\n".join(lines)


def to_json(reports: Report | Sequence[Report]) -> dict[str, Any] | list[dict[str, Any]]:
    """JSON-ready data: one object for one report, a list for several (schema_version 1)."""
    if isinstance(reports, Report):
        return {"schema_version": SCHEMA_VERSION, **reports.model_dump()}
    items = [{"schema_version": SCHEMA_VERSION, **r.model_dump()} for r in reports]
    return items[0] if len(items) == 1 else items


def exit_code_for(reports: Report | Sequence[Report], fail_on: Level = "error") -> int:
    """1 if any finding is at or above fail_on, else 0."""
    items = [reports] if isinstance(reports, Report) else list(reports)
    bar = LEVEL_RANK[fail_on]
    return int(any(LEVEL_RANK[f.level] >= bar for r in items for f in r.findings))


# --------------------------------------------------------------------------- fixing

_REMOVE_PREFIXES = ("faithfulness.",)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    line = text[line_start:line_end]
    if _BULLET_RE.match(line) or line.lstrip().startswith(("#", "**")):
        return line_start, min(line_end + 1, len(text))
    a = start
    while a > line_start and text[a - 1] not in ".!?。！？；":
        a -= 1
    b = end
    while b < line_end and text[b] not in ".!?。！？；":
        b += 1
    b = min(b + 1, line_end)
    while b < line_end and text[b] == " ":
        b += 1
    if a == line_start and b == line_end:
        return line_start, min(line_end + 1, len(text))
    return a, b


def _match_case(word: str, repl: str) -> str:
    if word.isupper() and len(word) > 1:
        return repl.upper()
    if word[:1].isupper():
        return repl[:1].upper() + repl[1:]
    return repl


def fix_certain(text: str, findings: Sequence[Finding], rules: Sequence[Rule] | None = None) -> str:
    """Apply the fixes that are certain: drop sentences with invented facts, neutral titles."""
    by_id = {r.id: r for r in (rules if rules is not None else load_rules())}
    edits: list[tuple[int, int, str]] = []
    for f in findings:
        rule = by_id.get(f.rule)
        if f.rule.startswith(_REMOVE_PREFIXES) and f.end > f.start:
            a, b = _sentence_bounds(text, f.start, f.end)
            edits.append((a, b, ""))
        elif rule is not None and rule.replacements:
            word = text[f.start : f.end]
            key = re.sub(r"\s+", " ", word.lower()).replace(" / ", "/")
            if key in rule.replacements:
                edits.append((f.start, f.end, _match_case(word, rule.replacements[key])))
    edits.sort(key=lambda e: (e[0], -e[1]))
    merged: list[tuple[int, int, str]] = []
    for a, b, r in edits:
        if merged and a < merged[-1][1]:
            pa, pb, pr = merged[-1]
            if pr == "" or r == "":
                merged[-1] = (pa, max(pb, b), "")
            continue
        merged.append((a, b, r))
    for a, b, r in reversed(merged):
        text = text[:a] + r + text[b:]
    return text
