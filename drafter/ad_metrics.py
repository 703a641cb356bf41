"""Ad metrics: what a reader notices in a drafted ad, measured apart from the drafting code.

`read_ad` reads one ad (Markdown as drafter/render.py prints it) against its brief and returns
an `AdReading`; `summarize` turns many readings into shares and counts for an eval.

What is read. Sentence checks cover the prose and bullets the model wrote: the hook, every
section's paragraphs and bullets. Left out, because they are printed verbatim from the brief:
the title heading (`# …`), the facts line (`**Company** · place · …`), the bold fact lines
(pay, openings, channels, tools), and the "How to apply" and "Equal opportunity" sections.
Paragraphs are cut into sentences at 。！？!? and at a full stop followed by a space; a bullet
is cut the same way (usually it is one sentence).

Folding. Text is compared after NFKC, lower case, straight quotes and conversion of Chinese
to Simplified (OpenCC hk2s then t2s), so one pattern or word list serves both Chinese scripts.

The metrics (each list holds the sentences or brief items concerned, in reading order):

- sentences: sentences and bullet sentences read.
- grounded: sentences, filler excluded, that share substance with the brief or the templates:
  a number, a name from the brief (company, place, title, tool) or two content words
  (English stems / Chinese words from jieba, generic words such as "customer" or 工作 left out);
  one is enough when the sentence has at most two content words.
- ungrounded: the sentences, filler excluded, that are not grounded.
- filler: sentences matching a `filler` pattern in drafter/rules/ad_reading.yaml.
- repeated: a bullet that says again what an earlier bullet said, or a prose sentence that
  repeats an earlier prose sentence (word-set overlap: Jaccard >= 0.6, or >= 90% of the
  smaller set when it has 3 or more words; Chinese uses character bigrams). A paragraph that
  sums up the bullets below it is not a repeat: prose is compared with prose only.
- to_customers / assistant_talk: sentences matching those pattern lists.
- wrong_language: in an English ad, sentences mostly Chinese (after dropping Chinese names the
  brief gives); in a Chinese ad, sentences mostly English with at least one lower-case word
  (brand names, acronyms such as KPI, and English words a Chinese line of the brief uses are
  not counted; an English brief's words are, as a translation that did not happen).
- wrong_script: zh-Hans sentences with a character that t2s/hk2s/tw2s change (a Traditional or
  Hong Kong form); zh-Hant sentences with a character t2s leaves alone but that s2t, s2hk and
  s2tw all change in context (a Simplified-only form; 户 or 着 stay, as Hong Kong writes them).
- duties_missing: brief duties whose key terms are not in the model's text: every number and
  tool name must appear, and at least half of the other key words.
- level_changes: brief requirements matched (same key-term test) to the requirement bullets;
  reported as "item: must-have → preferred" when no best-matching bullet sits under the brief's
  level, and "item: must-have → missing" when none matches.

Known blind spots: paraphrase with new words ("resolve" vs "fix") is not matched; a brief
written in another language than the ad is checked on its numbers, tool names and acronyms
only (items with none are skipped); filler, customer talk and assistant talk are only what the
pattern lists know; a full stop after an abbreviation may split a sentence.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from drafter.brief import LANGUAGES, Brief
from drafter.loading import once, read_yaml
from drafter.render import LABELS, facts_line, format_amount

RULES_FILE = Path(__file__).parent / "rules" / "ad_reading.yaml"
CATEGORIES = ("filler", "to_customers", "assistant_talk")
LEVEL_NAMES = {
    "must": "must-have",
    "preferred": "preferred",
    "nice": "nice-to-have",
    "unlabelled": "unlabelled",
}


class AdReading(BaseModel):
    """What a reader notices in one ad (see the module docstring for each count)."""

    model_config = ConfigDict(extra="forbid")

    sentences: int = 0
    grounded: int = 0
    ungrounded: list[str] = Field(default_factory=list)  # neither grounded nor filler
    filler: list[str] = Field(default_factory=list)
    repeated: list[str] = Field(default_factory=list)
    to_customers: list[str] = Field(default_factory=list)
    assistant_talk: list[str] = Field(default_factory=list)
    wrong_language: list[str] = Field(default_factory=list)
    wrong_script: list[str] = Field(default_factory=list)
    duties_missing: list[str] = Field(default_factory=list)
    level_changes: list[str] = Field(default_factory=list)


class Pattern(BaseModel):
    """One entry of drafter/rules/ad_reading.yaml."""

    model_config = ConfigDict(extra="forbid")

    id: str
    pattern: str
    unless_fact: bool = False  # a sentence with a number in it is let through
    examples: list[str] = Field(min_length=1)
    leaves: list[str] = Field(min_length=1)

    @property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.pattern)

    def search(self, folded: str) -> str | None:
        """The matched text in an already folded sentence, or None."""
        if self.unless_fact and _NUMBER_RE.search(folded):
            return None
        m = self.regex.search(folded)
        return m.group(0) if m else None

    def matches(self, text: str) -> bool:
        """Whether a raw sentence matches (folded first)."""
        return self.search(fold(text)) is not None


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@once
def load_patterns(path: Path = RULES_FILE) -> dict[str, tuple[Pattern, ...]]:
    """The pattern lists by category: filler, to_customers, assistant_talk."""
    data = read_yaml(path.read_text(encoding="utf-8"))
    out: dict[str, tuple[Pattern, ...]] = {}
    for category in CATEGORIES:
        entries = tuple(Pattern.model_validate(raw) for raw in data[category])
        for entry in entries:
            _compile(entry.pattern)  # a bad regex fails at load, not mid-eval
        out[category] = entries
    return out


# --- folding, words, numbers -------------------------------------------------------------

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_CJK_RE = re.compile(f"[{_CJK}]")
_CJK_RUN_RE = re.compile(f"[{_CJK}]+")
_LATIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['\-][A-Za-z0-9]+)*")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@once
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Chinese in Simplified script (Hong Kong forms such as 説 and 衞 included)."""
    if not _CJK_RE.search(text):
        return text
    return str(_converter("t2s").convert(_converter("hk2s").convert(text)))


def fold(text: str) -> str:
    """The form every comparison uses: NFKC, straight quotes, Simplified, lower case."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return to_simplified(text).lower()


_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}  # fmt: skip


def _numbers(folded: str) -> set[str]:
    """Numbers as values: 18,000 -> 18000, 19.50 -> 19.5; English number words too."""
    out: set[str] = set()
    for raw in _NUMBER_RE.findall(folded):
        value = re.sub(r",(?=\d{3}(?!\d))", "", raw).replace(",", ".")
        if "." in value:
            value = value.rstrip("0").rstrip(".") if re.fullmatch(r"\d+\.\d+", value) else value
        out.add(value.lstrip("0") or "0")
    out.update(_NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", folded) if w in _NUMBER_WORDS)
    return out


def _split(words: str) -> list[str]:
    return words.split()


_STOP_EN = frozenset(
    _split(
        """a about above after again all also am an and any are as at be been before being below
    both but by can could did do does doing down during each every few for from further had has
    have having he her here hers him his how i if in into is it its itself just me more most my
    no nor not now of off on once only or other our ours out over own per same she should so
    some such than that the their theirs them then there these they this those through to too
    under until up very via was we were what when where which while who whom why will with
    within would you your yours yourself us let get got via etc e g ie eg plus one two three
    four five six seven eight nine ten eleven twelve least"""
    )
)
# Words any job ad uses: sharing them with the brief says nothing about this job.
_GENERIC_EN = frozenset(
    _split(
        """customer client service team work job role position company candidate people person
    help day opportunity new good great make join look looking ensure provide skill skills
    ability experience environment individual success result results excellent exceptional
    successful ideal passionate dynamic best always everyone someone thing things way well
    want need like high strong"""
    )
)
_STOP_ZH = frozenset(
    _split(
        """我们 你们 他们 她们 自己 可以 需要 以及 或者 并且 而且 如果 没有 就是 这个 这些 那些 一个
    一些 所有 每个 进行 相关 能够 通过 其他 以上 以下 如何 什么 时候 已经 还有 不是 因为 所以
    可能 这样 一起 一位 一名 之间"""
    )
)
_GENERIC_ZH = frozenset(
    _split(
        """工作 客户 客人 顾客 公司 团队 服务 职位 岗位 机会 能力 良好 优秀 提供 成为 加入 不断 提升
    负责 我们 欢迎 希望 经验 同事 伙伴 任职 职责 要求 成长 发展 环境 出色 卓越 成果 优先"""
    )
)
_STEM_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "er", "ies", "es", "ed", "ly", "s")


def _stem(word: str) -> str:
    """A crude English stem, enough to meet 'bills'/'billing' and 'process'/'processing'."""
    word = word.lower().split("'")[0]
    for suffix in _STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:6]


_GENERIC_EN_STEMS = frozenset(_stem(w) for w in _GENERIC_EN)


def _latin_words(folded: str) -> list[str]:
    return [w.split("'")[0] for w in _LATIN_RE.findall(folded)]


def _en_content(folded: str) -> set[str]:
    """Stems of the English content words (function words left out)."""
    return {_stem(w) for w in _latin_words(folded) if w not in _STOP_EN and len(w) > 1}


@once
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _zh_words(folded: str, *, parts: bool = False) -> set[str]:
    """Chinese words of two or more characters (jieba), function words left out; with `parts`,
    compounds bring their parts too (热线电话: 热线, 电话)."""
    if not _CJK_RE.search(folded):
        return set()
    cut = _jieba().lcut_for_search if parts else _jieba().lcut
    words: set[str] = set()
    for run in _CJK_RUN_RE.findall(folded):
        for w in cut(run):
            if len(w) >= 2 and w not in _STOP_ZH:
                words.add(w)
    return words


_FUNCTION_CHARS = frozenset("的了和及与或并在是等将会把被也都就很而之其")


def _bigrams(folded: str) -> set[str]:
    """Chinese character pairs, pairs with a function character (的, 和, 及…) left out."""
    return {
        pair
        for run in _CJK_RUN_RE.findall(folded)
        for pair in (run[i : i + 2] for i in range(len(run) - 1))
        if not _FUNCTION_CHARS.intersection(pair)
    }


def _signature(folded: str) -> set[str]:
    """Word set used to compare two sentences of the same ad (repeats)."""
    return _en_content(folded) | _numbers(folded) | _bigrams(folded)


def _similar(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return False
    shared = len(a & b)
    small = min(len(a), len(b))
    if small < 2:
        return a == b
    return shared / len(a | b) >= 0.6 or (small >= 3 and shared / small >= 0.9)


# --- the ad's layout ---------------------------------------------------------------------

_SECTION_KEYS = (
    "about", "role", "duties", "success", "requirements", "listed", "must", "preferred", "nice",
    "benefits", "support", "apply", "eo",
)  # fmt: skip
_FACT_LABELS = ("pay", "headcount", "channels", "tools")
_BULLET_RE = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+(.*)$")
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FACTS_SHAPE_RE = re.compile(r"^\*\*[^*]+\*\*\s*·")


@once
def _heading_keys() -> dict[str, str]:
    """Folded heading text -> section key, for the headings render.py prints in any language."""
    keys: dict[str, str] = {}
    for labels in LABELS.values():
        for key in _SECTION_KEYS:
            keys.setdefault(fold(labels[key]), key)
    return keys


@once
def _fact_labels() -> tuple[str, ...]:
    return tuple({fold(labels[key]) for labels in LABELS.values() for key in _FACT_LABELS})


def _is_fact_line(line: str, facts: str) -> bool:
    text = line.strip()
    if text == facts.strip() or _FACTS_SHAPE_RE.match(text):
        return True
    m = re.match(r"^\*\*([^*]+?)\s*[:：]\s*\*\*|^\*\*([^*]+?)\*\*\s*[:：]", text)
    if not m:
        return False
    return fold(m.group(1) or m.group(2)).strip() in _fact_labels()


def _plain(text: str) -> str:
    """Markdown inline marks removed: links, bold, italics, code."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


_SENTENCE_RE = re.compile(r".+?(?:[。！？!?]+[」』”’\"')）]*|\.[\"')”’]*(?=\s)|$)", re.S)
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "approx.", "mr.", "ms.", "mrs.", "dr.", "no.", "st.",
                  "vs.", "incl.", "min.", "max.", "a.m.", "p.m.")  # fmt: skip


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph or bullet (Chinese and English punctuation)."""
    pieces = [p.strip() for p in _SENTENCE_RE.findall(text)]
    out: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if out and out[-1].lower().endswith(_ABBREVIATIONS):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return [s for s in out if re.search(rf"[A-Za-z0-9{_CJK}]", s)]


@dataclass(frozen=True)
class _Unit:
    text: str  # one sentence as printed, Markdown marks removed
    folded: str
    section: str
    bullet: int | None  # index of the bullet it belongs to; None for prose


@dataclass
class _Layout:
    units: list[_Unit]
    requirement_bullets: list[tuple[str, str]]  # (level, folded bullet text)


def _strip_front_matter(markdown: str) -> str:
    text = markdown.replace("\r\n", "\n").lstrip("\ufeff")
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[end + 4 :].lstrip("-").lstrip("\n")
    return text


def _layout(ad_markdown: str, brief: Brief, language: str) -> _Layout:
    facts = facts_line(brief, language)  # type: ignore[arg-type]
    units: list[_Unit] = []
    requirement_bullets: list[tuple[str, str]] = []
    section, level, skip = "hook", None, False
    paragraph: list[str] = []
    bullets = 0

    def add(text: str, bullet: int | None) -> None:
        for sentence in split_sentences(_plain(text)):
            units.append(_Unit(sentence, fold(sentence), section, bullet))

    def flush() -> None:
        if paragraph and not skip:
            add(" ".join(paragraph), None)
        paragraph.clear()

    for line in _strip_front_matter(ad_markdown).split("\n"):
        if not line.strip():
            flush()
            continue
        if heading := _HEADING_RE.match(line.strip()):
            flush()
            depth, name = len(heading.group(1)), heading.group(2)
            key = _heading_keys().get(fold(_plain(name)).rstrip(":："))
            if depth == 1:
                continue  # the title, printed from the brief
            if depth == 2:
                section, skip = key or fold(_plain(name)), key in ("apply", "eo")
                level = "unlabelled" if key in ("requirements", "listed") else None
            elif level is not None and key in ("must", "preferred", "nice"):
                level = key
            continue
        if _is_fact_line(line, facts):
            flush()
            continue
        if item := _BULLET_RE.match(line):
            flush()
            if skip:
                continue
            bullets += 1
            add(item.group(1), bullets)
            if level is not None:
                requirement_bullets.append((level, fold(_plain(item.group(1)))))
            continue
        paragraph.append(line.strip())
    flush()
    return _Layout(units, requirement_bullets)


# --- the brief as a reader knows it ------------------------------------------------------


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int | float):
        yield format_amount(float(value))
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


@dataclass
class _Source:
    """The brief (and templates) folded once: what the ad may draw on."""

    brief: str  # the brief alone: a pattern match the brief contains is the recruiter's
    corpus: str  # brief + templates
    stems: set[str]
    numbers: set[str]
    names: tuple[str, ...]  # company, place, title, tools, contact: named things, folded
    raw_names: tuple[str, ...]  # the same as written, in both scripts, longest first
    tools: set[str]  # folded tool names
    latin: set[str]  # every Latin word the brief uses (kept in Chinese ads)


def _source(brief: Brief, templates: Sequence[str]) -> _Source:
    brief_text = fold("\n".join(_strings(brief.model_dump(mode="json"))))
    corpus = "\n".join([brief_text, *(fold(t) for t in templates)])
    names = [brief.company.name, brief.title, *brief.tools]
    names += [p for p in re.split(r"[,，、·/]", brief.location)]
    names += [brief.how_to_apply.contact or "", brief.how_to_apply.address or ""]
    folded_names = tuple(
        sorted({n for n in (fold(x).strip() for x in names) if len(n) >= 2}, key=len, reverse=True)
    )
    variants = {
        str(_converter(c).convert(n)) if c else n
        for n in (unicodedata.normalize("NFKC", x).strip() for x in names)
        if len(n) >= 2
        for c in ("", "t2s", "s2t", "s2hk", "hk2s")
    }
    return _Source(
        brief=brief_text,
        corpus=corpus,
        stems={_stem(w) for w in _latin_words(corpus)},
        numbers=_numbers(corpus),
        names=folded_names,
        raw_names=tuple(sorted(variants, key=len, reverse=True)),
        tools={fold(t).strip() for t in brief.tools if t.strip()},
        # English terms a Chinese brief writes in Chinese lines ("識用Excel", "on-call 輪班") are
        # the recruiter's and stay in a Chinese ad; an English brief's words in a Chinese ad are
        # a translation that did not happen
        latin={
            w
            for s in _strings(brief.model_dump(mode="json"))
            if _CJK_RE.search(s)
            for w in _latin_words(fold(s))
        },
    )


def _content_overlap(unit: str, source: _Source) -> tuple[int, int]:
    """(shared content words, content words) of a folded sentence, generic words left out."""
    en = {s for s in _en_content(unit) if s not in _GENERIC_EN_STEMS and not s.isdigit()}
    zh = {w for w in _zh_words(unit, parts=True) if w not in _GENERIC_ZH}
    shared = len(en & source.stems) + sum(1 for w in zh if w in source.corpus)
    return shared, len(en) + len(zh)


def _is_grounded(unit: str, source: _Source) -> bool:
    if _numbers(unit) & source.numbers:
        return True
    if any(_contains_name(unit, name) for name in source.names):
        return True
    shared, total = _content_overlap(unit, source)
    return shared >= 2 or (shared >= 1 and total <= 2)


def _contains_name(folded: str, name: str) -> bool:
    if _CJK_RE.search(name):
        return name in folded
    return re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", folded) is not None


def _pattern_hit(category: str, folded: str, source: _Source) -> bool:
    for entry in load_patterns()[category]:
        found = entry.search(folded)
        if found and found.strip() not in source.brief:
            return True
    return False


# --- language and script -----------------------------------------------------------------


def _without_names(folded: str, source: _Source) -> str:
    for name in source.names:
        if _contains_name(folded, name):
            folded = folded.replace(name, " ")
    return folded


def _wrong_language(unit: _Unit, language: str, source: _Source) -> bool:
    text = _without_names(unit.folded, source)
    if language == "en":
        cjk = len(_CJK_RE.findall(text))
        latin = len(_latin_words(text))
        # One English word weighs about 1.5 Chinese characters.
        return cjk >= 2 and cjk / (cjk + 1.5 * latin) > 0.5
    raw = _without_raw_names(unicodedata.normalize("NFKC", unit.text), source)
    words = [
        w
        for w in _LATIN_RE.findall(raw)
        if w.lower().split("'")[0] not in source.latin
        and not (w.isupper() and len(w) <= 6)  # acronyms: KPI, CS, CRM, DSE
        and not any(c.isdigit() for c in w)
    ]
    if len(words) < 2 or not any(w[:1].islower() for w in words):
        return False  # brand and product names are capitalised
    cjk = len(_CJK_RE.findall(raw))
    return 1.5 * len(words) / (cjk + 1.5 * len(words)) > 0.5


def _without_raw_names(text: str, source: _Source) -> str:
    for name in source.raw_names:
        text = re.sub(re.escape(name), " ", text, flags=re.I)
    return text


def _wrong_script(unit: _Unit, language: str, source: _Source) -> bool:
    text = _without_raw_names(unicodedata.normalize("NFKC", unit.text), source)
    if not _CJK_RE.search(text):
        return False
    if language == "zh-Hans":
        for config in ("t2s", "hk2s", "tw2s"):
            converted = _converter(config).convert(text)
            if _changed_chars(text, converted, config):
                return True
        return False
    t2s = _converter("t2s")
    candidates = [i for i, c in enumerate(text) if _CJK_RE.match(c) and t2s.convert(c) == c]
    if not candidates:
        return False
    views = [_converter(c).convert(text) for c in ("s2t", "s2hk", "s2tw")]
    for i in candidates:
        c = text[i]
        changed = []
        for config, view in zip(("s2t", "s2hk", "s2tw"), views, strict=True):
            other = view[i] if len(view) == len(text) else _converter(config).convert(c)
            changed.append(other != c)
        if all(changed):
            return True
    return False


def _changed_chars(text: str, converted: str, config: str) -> bool:
    if len(converted) != len(text):
        return any(_converter(config).convert(c) != c for c in text if _CJK_RE.match(c))
    return any(a != b and _CJK_RE.match(a) for a, b in zip(text, converted, strict=True))


# --- brief items: duties and requirements -------------------------------------------------


# Capitalised, but translated in a Chinese ad (粵語, 英語): not names to look for as written.
_LANGUAGE_WORDS = frozenset(
    _split(
        """english cantonese mandarin putonghua chinese japanese korean spanish french german
        italian portuguese thai vietnamese malay indonesian tagalog hindi arabic russian dutch"""
    )
)


@dataclass(frozen=True)
class _Terms:
    numbers: frozenset[str]
    required: frozenset[str]  # tool names and acronyms: each must appear
    words: frozenset[str]  # at least half must appear (stems for English, words for Chinese)


def _terms(item: str, language: str, source: _Source) -> _Terms | None:
    """Key terms of a brief item; None when the item cannot be judged in this ad's language."""
    folded = fold(item)
    numbers = frozenset(_numbers(folded))
    required = {t for t in source.tools if _contains_name(folded, t)}
    required |= {w.lower() for w in _LATIN_RE.findall(item) if w.isupper() and len(w) >= 2}
    item_zh = bool(_CJK_RE.search(folded))
    if item_zh != (language != "en"):  # written in another language than the ad
        # digits only: "six" may be 六 in the ad
        numbers = frozenset(_numbers(" ".join(_NUMBER_RE.findall(folded))))
        latin = _LATIN_RE.findall(item)
        required |= {
            w.lower()
            for i, w in enumerate(latin)
            if item_zh  # Latin words in a Chinese item are names
            or any(c.isupper() for c in w[1:])  # WhatsApp, HKDSE
            or (i > 0 and w[:1].isupper() and w.lower() not in _LANGUAGE_WORDS)  # Zendesk
        }
        if not numbers and not required:
            return None
        return _Terms(numbers, frozenset(required), frozenset())
    if item_zh:
        words = _zh_words(folded)
        required |= {w.lower() for w in _LATIN_RE.findall(item)}  # Latin in Chinese: names
        specific = {w for w in words if w not in _GENERIC_ZH}
    else:
        words = {s for s in _en_content(folded) if not s.isdigit()}
        words -= {_stem(w) for name in required for w in _latin_words(name)}  # checked whole
        specific = {w for w in words if w not in _GENERIC_EN_STEMS}
    return _Terms(numbers, frozenset(required), frozenset(specific or words))


def _coverage(terms: _Terms, folded: str, stems: set[str] | None = None) -> float:
    """Share of the key terms found in folded text; 0 when a number or a name is missing."""
    if not terms.numbers <= _numbers(folded):
        return 0.0
    if not all(_contains_name(folded, r) for r in terms.required):
        return 0.0
    if not terms.words:
        return 1.0
    stems = _en_content(folded) if stems is None else stems
    found = sum(1 for w in terms.words if (w in stems if w.isascii() else w in folded))
    return found / len(terms.words)


def _duties_missing(brief: Brief, language: str, body: str, source: _Source) -> list[str]:
    stems = _en_content(body)
    missing = []
    for duty in brief.duties:
        terms = _terms(duty, language, source)
        if terms is not None and _coverage(terms, body, stems) < 0.5:
            missing.append(duty)
    return missing


def _level_changes(brief: Brief, language: str, layout: _Layout, source: _Source) -> list[str]:
    bullets = [(level, text, _en_content(text)) for level, text in layout.requirement_bullets]
    tiers = (
        ("must", brief.requirements.must_have),
        ("preferred", brief.requirements.preferred),
        ("nice", brief.requirements.nice_to_have),
        ("unlabelled", brief.requirements.unlabelled),
    )
    changes = []
    for level, items in tiers:
        for item in items:
            terms = _terms(item, language, source)
            if terms is None:
                continue
            scores = [(_coverage(terms, text, stems), lv) for lv, text, stems in bullets]
            best = max((s for s, _ in scores), default=0.0)
            if best < 0.5:
                changes.append(f"{item}: {LEVEL_NAMES[level]} → missing")
                continue
            levels = [lv for s, lv in scores if s == best]
            if level not in levels:
                changes.append(f"{item}: {LEVEL_NAMES[level]} → {LEVEL_NAMES[levels[0]]}")
    return changes


# --- the reading -------------------------------------------------------------------------


def read_ad(
    ad_markdown: str, brief: Brief, language: str, templates: Sequence[str] = ()
) -> AdReading:
    """Read one drafted ad against its brief (and the templates it was drafted from)."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    layout = _layout(ad_markdown, brief, language)
    source = _source(brief, templates)
    reading = AdReading(sentences=len(layout.units))
    prose_seen: list[set[str]] = []
    bullets_seen: dict[int, set[str]] = {}
    bullet_text: dict[int, str] = {}  # folded, for comparing
    bullet_shown: dict[int, str] = {}  # as printed, for the report
    for unit in layout.units:
        if unit.bullet is not None:
            bullet_text[unit.bullet] = f"{bullet_text.get(unit.bullet, '')} {unit.folded}"
            bullet_shown[unit.bullet] = f"{bullet_shown.get(unit.bullet, '')} {unit.text}".strip()
    for unit in layout.units:
        if _pattern_hit("filler", unit.folded, source):
            reading.filler.append(unit.text)
        elif _is_grounded(unit.folded, source):
            reading.grounded += 1
        else:
            reading.ungrounded.append(unit.text)
        if _pattern_hit("to_customers", unit.folded, source):
            reading.to_customers.append(unit.text)
        if _pattern_hit("assistant_talk", unit.folded, source):
            reading.assistant_talk.append(unit.text)
        if _wrong_language(unit, language, source):
            reading.wrong_language.append(unit.text)
        if language != "en" and _wrong_script(unit, language, source):
            reading.wrong_script.append(unit.text)
    # Repeats: whole bullets against earlier bullets, prose sentences against prose.
    for unit in layout.units:
        if unit.bullet is None:
            sig = _signature(unit.folded)
            if any(_similar(sig, seen) for seen in prose_seen):
                reading.repeated.append(unit.text)
            prose_seen.append(sig)
        elif unit.bullet not in bullets_seen:
            sig = _signature(bullet_text[unit.bullet])
            if any(_similar(sig, seen) for seen in bullets_seen.values()):
                reading.repeated.append(bullet_shown[unit.bullet])
            bullets_seen[unit.bullet] = sig
    body = "\n".join(u.folded for u in layout.units)
    reading.duties_missing = _duties_missing(brief, language, body, source)
    reading.level_changes = _level_changes(brief, language, layout, source)
    return reading


def summarize(readings: Sequence[AdReading]) -> dict[str, float]:
    """Shares and counts over many ads.

    grounded_share and filler_share are over all sentences read; the other keys are totals
    (how many sentences or brief items were flagged), plus `ads` and `sentences`.
    """
    sentences = sum(r.sentences for r in readings)
    out: dict[str, float] = {
        "ads": float(len(readings)),
        "sentences": float(sentences),
        "grounded_share": sum(r.grounded for r in readings) / sentences if sentences else 0.0,
        "filler_share": sum(len(r.filler) for r in readings) / sentences if sentences else 0.0,
    }
    for key in (
        "filler", "repeated", "to_customers", "assistant_talk", "wrong_language",
        "wrong_script", "duties_missing", "level_changes",
    ):  # fmt: skip
        out[key] = float(sum(len(getattr(r, key)) for r in readings))
    return out
