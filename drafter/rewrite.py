"""Batch rewrite of legacy job descriptions into modern, lawful ads.

Per input: read it (drafter.readers), check the legacy text with the validator, extract a Brief
(the model plus what regexes can parse), drop or neutralise every condition the validator flags
as discriminatory, draft the new ad (validated like any draft), and record each change with its
rule id and reason. Per run: a journal (drafter.journal) so nothing is lost or done twice, a
content-hash cache, bounded concurrency with retries, and a summary in CSV and HTML.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import csv
import hashlib
import html
import itertools
import json
import os
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from drafter import extract, formats
from drafter.backends import Backend, LimitedBackend, ReplayingBackend, Usage
from drafter.brief import Brief, Jurisdiction, Language, Requirements, Tone
from drafter.draft import CJK, DraftResult, Fix
from drafter.errors import BackendError, DrafterError, InputError
from drafter.journal import Journal
from drafter.loading import once
from drafter.readers import SourceItem, collect_batch, detect_language, has_language
from drafter.settings import Settings
from drafter.tokens import count_tokens, trim_to_tokens

Outcome = Literal["clean", "review", "failed"]
FORMATS = formats.names()  # every registered format (drafter/formats.py)

DISCRIMINATION = "discrimination."
GENDERED = "inclusive.gendered_terms"
LEGACY_TOKENS = 2500  # a legacy JD beyond this is trimmed before extraction (and reported)


class Change(BaseModel):
    """One thing the rewrite removed or reworded, with the rule that asked for it."""

    # "flagged": kept, for a person to check (the second opinion's reading, drafter/conditions.py)
    action: Literal["removed", "reworded", "not carried over", "ignored", "flagged"]
    rule: str
    category: str
    text: str
    reason: str
    now: str | None = None
    source: str = ""  # the rule's source (the law or research it follows)
    part: str = "brief"  # where in the brief: "title", "duties", "requirements", "benefits"


class ItemReport(BaseModel):
    """The JSON report written next to each rewritten ad."""

    key: str
    file: str
    row: int | None
    sha256: str
    options: str
    outcome: Outcome
    language: Language | None = None
    tone: Tone | None = None
    jurisdiction: str | None = None
    brief: dict[str, Any] | None = None
    changes: list[Change] = []
    legacy_findings: list[dict[str, Any]] = []
    report: dict[str, Any] | None = None
    fixes: list[Fix] = []
    notes: list[str] = []
    sources: list[str] = []
    usage: dict[str, Any] | None = None
    error: str | None = None
    outputs: list[str] = []


@dataclass
class RewriteOptions:
    """What the batch was asked for; its fingerprint keys the content-hash cache."""

    tone: Tone = "professional"
    language: Language | None = None  # None: the legacy text's own language
    jurisdiction: Jurisdiction | None = None  # None: from the text
    formats: tuple[str, ...] = ("md",)
    concurrency: int = 4
    max_item_retries: int = 3
    backoff_s: float = 1.0
    text_column: str | None = None
    id_column: str | None = None

    def fingerprint(self, backend: Backend) -> str:
        data = {
            "tone": self.tone, "language": self.language, "jurisdiction": self.jurisdiction,
            "backend": backend.name, "model": backend.model, "formats": sorted(self.formats),
        }  # fmt: skip
        return json.dumps(data, sort_keys=True)


# --- one input --------------------------------------------------------------------------------


def strip_injection(text: str) -> tuple[str, list[Change]]:
    """The reader's guard (drafter/extract.py), each dropped sentence an `ignored` change in the
    report."""
    kept, ignored = extract.strip_injection(text)
    changes = [
        Change(action="ignored", rule="security.prompt_injection", category="security",
               text=sentence[:300],
               reason="the legacy text tried to instruct the model; it is data, not instructions")
        for sentence in ignored
    ]  # fmt: skip
    return kept, changes


# Markup that would run if a page showed it as HTML: script and embedding tags, event handlers,
# script links. Every output writes it inert (drafter/render.py `inert`); the report names it.
_ACTIVE_MARKUP = re.compile(
    r"<\s*/?\s*(?:script|iframe|object|embed|svg|img|style|link|meta|form|input|base)\b[^>]*>?"
    r"|\bon[a-z]{3,}\s*=|\b(?:javascript|vbscript)\s*:|\bdata\s*:\s*text/html",
    re.I,
)


def markup_changes(text: str) -> list[Change]:
    """One `ignored` change per piece of active markup in the legacy text."""
    return [
        Change(action="ignored", rule="security.markup", category="security",
               text=m.group()[:120],
               reason="markup in the legacy text is written inert in every output: shown as "
                      "text, never run")
        for m in _ACTIVE_MARKUP.finditer(text)
    ][:20]  # fmt: skip


@once
def _discrimination_rules() -> tuple[Any, ...]:
    from drafter.validate import load_rules

    return tuple(r for r in load_rules() if r.category.startswith(DISCRIMINATION))


def _flagged(text: str, language: Language, jurisdiction: str | None) -> list[Any]:
    """The validator's discrimination findings in `text` (only those rules run: it is fast)."""
    from drafter.validate import check_text

    rules = _discrimination_rules()
    return check_text(text, language=language, jurisdiction=jurisdiction, rules=rules).findings


@once
def _gendered_rules() -> tuple[Any, ...]:
    from drafter.validate import load_rules

    return tuple(r for r in load_rules() if r.category == GENDERED and r.replacements)


def _gendered(text: str, language: Language) -> list[Any]:
    from drafter.validate import check_text

    rules = _gendered_rules()
    return check_text(text, language=language, jurisdiction="other", rules=rules).findings


def reword_gendered(text: str, language: Language) -> tuple[str, list[Change]]:
    """Gendered job titles and pronouns replaced by the validator's neutral words
    ("saleswoman" -> "salesperson"), each change recorded."""
    from drafter.validate import fix_certain

    found = _gendered(text, language)
    if not found:
        return text, []
    new = fix_certain(text, found, _gendered_rules())
    # "salesman or saleswoman" became "salesperson or salesperson"
    new = re.sub(r"\b(\w+)( or | and |/| / )\1\b", r"\1", new, flags=re.I)
    if new == text:
        return text, []
    return new, [
        Change(action="reworded", rule=f.rule, category=f.category, text=text,
               reason=f.message, now=new, source=f.source)
        for f in found
    ]  # fmt: skip


@once
def _hollow_rules() -> tuple[Any, ...]:
    """Hollow wording a modern ad does without: jargon, culture red flags and cliches ("吃苦耐劳",
    "juggle", "996"), ableist figures of speech ("crazy busy") and vague pay ("Salary
    negotiable", "DOE", "面议") — pay is printed from the brief."""
    from drafter.validate import load_rules

    hollow = ("inclusive.jargon", "inclusive.culture", "inclusive.ableist")
    return tuple(
        r for r in load_rules() if r.category in hollow or r.id.endswith("pay_vague")
        or r.id == "pay.vague"
    )  # fmt: skip


# The clauses of a list item: "能吃苦耐劳，接受996" → "能吃苦耐劳，" + "接受996".
_CLAUSE = re.compile(r"[^，,、;；]+[，,、;；]?")


def drop_hollow(item: str, found: list[Any]) -> str:
    """The item without the clauses that carry hollow wording ("" when nothing else is left).
    An English clause goes whole: "able to juggle multiple calls" minus "juggle" is no sense."""
    clauses = [(m.start(), m.end(), m.group()) for m in _CLAUSE.finditer(item)]
    kept = [c for a, b, c in clauses if not any(a < f.end and f.start < b for f in found)]
    rest = "".join(kept).strip()
    return re.sub(r"[，,、;；\s]+$", "", rest)


# Joke titles old ads use ("Customer Support Ninja"): the role word candidates search for instead.
JARGON_TITLE = re.compile(
    r"\b(?:ninja|rock ?star|guru|hero|wizard|jedi|superstar|unicorn|champion)s?\b"
    r"|忍者|超人|大神|達人|达人",
    re.I,
)
_CONNECTOR = re.compile(r"^(?:(?:with|and|or|but|plus|also|who is|who are)\b[\s,]*)+", re.I)


# Words that carry no requirement of their own: what is left of an English clause when only
# these remain once the condition's words are out ("must be", "(late shifts)") is debris.
_FUNCTION_WORDS = frozenset((
    "a", "an", "the", "and", "or", "but", "with", "must", "should", "be", "is", "are", "have",
    "has", "not", "no", "only", "aged", "age", "preferred", "required", "essential", "ideally",
    "please", "who", "which", "that", "to", "of", "for", "in", "at", "appearance", "looks",
    "applicants", "candidates", "someone", "person",
))  # fmt: skip
_EN_CLAUSE = re.compile(r"[^,;]+[,;]?")


def _debris(clause: str) -> bool:
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", re.sub(r"\([^)]*\)", " ", clause))
    return all(w.lower() in _FUNCTION_WORDS for w in words)


def drop_condition(item: str, found: list[Any]) -> str:
    """The item without its flagged conditions. In Chinese the clause carrying one goes
    ("須有本港戶籍", not "須有本港"); in English the words go and the rest reads on its own
    ("Native Cantonese speaker with good English" → "Good English"), and a clause left with no
    word of substance goes whole ("Fluent English, female preferred, good with Excel" → "Fluent
    English, good with Excel"; "Must not have children (late shifts)" → "")."""
    if CJK.search(item):
        return drop_hollow(item, found)
    kept = []
    for m in _EN_CLAUSE.finditer(item):
        a, b = m.span()
        inside = sorted((f for f in found if a <= f.start < b), key=lambda f: -f.start)
        clause = m.group()
        for f in inside:
            clause = clause[: f.start - a] + clause[min(f.end, b) - a :]
        if inside and _debris(clause):
            continue
        kept.append(clause)
    rest = "".join(kept)
    rest = re.sub(r"^[\s,，、;；:：/]+|[\s,，、;；:：/]+$", "", re.sub(r"\s{2,}", " ", rest))
    rest = re.sub(r"\s+([,;])", r"\1", rest)
    rest = _CONNECTOR.sub("", rest)
    return rest[:1].upper() + rest[1:] if rest[:1].islower() and item[:1].isupper() else rest


# what a sentence left with a hole where its condition was reads like: "must be and only",
# "Must be , no history of illness", "aged and"
_DANGLING = re.compile(
    r"\b(?:must be|be|are|is|aged?|and|or)\s+(?:and|or|only)\b|\b(?:must be|be|aged?)\s*[,.;:-]"
    r"|^\s*(?:and|or|only)\b|\b(?:and|or|be|must)\s*[,.;:-]?\s*$",
    re.I,
)


def _meaningful(text: str) -> bool:
    han = len(CJK.findall(text))
    words = len(re.findall(r"[A-Za-z]{2,}", text))
    return (han >= 4 or words >= 2) and not _DANGLING.search(text)


def second_opinion(item: str) -> Change | None:
    """A requirement the rules let through, flagged for a person to check when the classifier
    beside them (drafter/conditions.py) reads it as a condition; None when it does not. It is
    kept: on the blind set check-5 the classifier raised false alarms on 10 of 34 clean items
    (the rules on 2), too many to take a recruiter's line out on its word."""
    from drafter.conditions import conditions

    read = conditions(item)
    if not read:
        return None
    category, p = read[0]
    return Change(
        action="flagged", rule=f"second_opinion.{category}",
        category="inclusive.culture" if category == "culture" else f"discrimination.{category}",
        text=item, source="drafter/conditions.py (trained on labelled ads)",
        reason=f"a second opinion reads it as a {category} condition ({p:.0%}); the rules do "
        "not — check it, and take it out if it is one",
    )  # fmt: skip


def neutralise(
    brief: Brief, language: Language, jurisdiction: str | None, *, ask_second: bool = True
) -> tuple[Brief, list[Change]]:
    """Remove flagged conditions from every list item of the brief (or the item when nothing
    useful is left), recording what changed and why; with `ask_second`, also flag the
    requirements the second opinion reads as conditions (it reads every language alike: one
    pass of a plan asks it)."""
    changes: list[Change] = []
    reqs = brief.requirements
    lists = [
        brief.duties,
        brief.benefits,
        reqs.must_have,
        reqs.preferred,
        reqs.nice_to_have,
        reqs.unlabelled,
    ]
    # One validator pass over every item (one per line) finds the items worth a closer look:
    # discriminatory conditions to remove, gendered words to reword, hollow clauses to drop.
    everything = [item for items in lists for item in items]
    ends = list(itertools.accumulate(len(item) + 1 for item in everything))
    from drafter.validate import check_text

    hollow_rules = _hollow_rules()
    rules = _discrimination_rules() + _gendered_rules() + hollow_rules
    found = check_text("\n".join(everything), language=language, jurisdiction=jurisdiction,
                       rules=rules).findings  # fmt: skip
    suspects, gendered, hollow = set(), set(), set()
    hollow_ids = {r.id for r in hollow_rules}
    for f in found:
        item = everything[bisect.bisect_right(ends, f.start)]
        if f.rule in hollow_ids:
            hollow.add(item)
        else:
            (gendered if f.category == GENDERED else suspects).add(item)

    def clean(items: list[str], part: str) -> list[str]:
        out: list[str] = []
        for original in items:
            item = original
            if original in hollow:
                found = check_text(item, language=language, jurisdiction=jurisdiction,
                                   rules=hollow_rules).findings  # fmt: skip
                rest = drop_hollow(item, found)
                keep = _meaningful(rest)
                changes.extend(Change(
                    action="reworded" if keep else "removed", rule=f.rule, category=f.category,
                    text=item, reason=f.message, now=rest if keep else None, source=f.source,
                    part=part,
                ) for f in found)  # fmt: skip
                if not keep:
                    continue
                item = rest
            if original in gendered:
                item, reworded = reword_gendered(item, language)
                changes.extend(c.model_copy(update={"part": part}) for c in reworded)
            found = _flagged(item, language, jurisdiction) if original in suspects else []
            # (a finding's offsets are in `item` as it is now, after hollow clauses went)
            if (
                not found
                and ask_second
                and part == "requirements"
                and (read := second_opinion(item))
            ):
                changes.append(read.model_copy(update={"part": part}))
            if not found:
                out.append(item)
                continue
            rest = drop_condition(item, found)
            keep = _meaningful(rest) and not _flagged(rest, language, jurisdiction)
            for f in found:
                changes.append(Change(
                    action="reworded" if keep else "removed", rule=f.rule, category=f.category,
                    text=item, reason=f.message, now=rest if keep else None, source=f.source,
                    part=part,
                ))  # fmt: skip
            if keep:
                out.append(rest)
        return out

    seen: set[str] = set()

    def once(items: list[str]) -> list[str]:  # extraction often repeats a skill across tiers
        out = [i for i in dict.fromkeys(items) if i.lower() not in seen]
        seen.update(i.lower() for i in out)
        return out

    must = once(clean(list(reqs.must_have), "requirements"))
    preferred = once(clean(list(reqs.preferred), "requirements"))
    nice = once(clean(list(reqs.nice_to_have), "requirements"))
    unlabelled = once(clean(list(reqs.unlabelled), "requirements"))
    title, reworded = reword_gendered(brief.title, language)
    changes.extend(c.model_copy(update={"part": "title"}) for c in reworded)
    plain = JARGON_TITLE.sub("Agent" if language == "en" else "專員" if language == "zh-Hant"
                             else "专员", title).strip()  # fmt: skip
    if plain != title:
        changes.append(Change(
            action="reworded", rule="title.jargon", category="inclusive.jargon", text=title,
            reason="a joke job title ('Ninja', 'Rockstar') is not what candidates search for",
            now=plain, part="title",
        ))  # fmt: skip
        title = plain
    new = brief.model_copy(update={
        "title": title,
        "duties": clean(list(brief.duties), "duties"),
        "benefits": clean(list(brief.benefits), "benefits"),
        "requirements": Requirements(
            must_have=must, preferred=preferred, nice_to_have=nice, unlabelled=unlabelled
        ),
    })  # fmt: skip
    return new, changes


@dataclass
class Rewritten:
    """What one input produced (before it is written to disk)."""

    outcome: Outcome
    draft: DraftResult
    report: ItemReport


class Rewriter:
    """Rewrites one legacy text at a time with a shared backend, store and validator."""

    def __init__(
        self, settings: Settings, backend: Backend, options: RewriteOptions, store: Any = None,
        *, pipeline: Any = None,
    ) -> None:  # fmt: skip
        from drafter.pipeline import Pipeline

        self.settings = settings
        self.backend = backend
        self.options = options
        # the one drafting path; passages are looked up once per search text, language and tone
        self.pipeline = pipeline or Pipeline(
            settings, backend=backend, store=store, knowledge=store is not None
        )

    def rewrite(self, item: SourceItem, options_fp: str) -> Rewritten:
        """Rewrite one readable legacy text; raises DrafterError on a per-item failure."""
        assert item.text is not None
        text, changes = strip_injection(item.text)
        changes += markup_changes(text)
        if not text.strip():
            raise InputError("nothing left to rewrite", file=item.key, fix="check the file")
        if not has_language(text):
            raise InputError("no words to read in it (fewer than three)", file=item.key,
                             fix="check that this is the job description, not a code or data "
                                 "dump")  # fmt: skip
        source_language = detect_language(text)
        language = self.options.language or source_language
        notes: list[str] = []
        if count_tokens(text) > LEGACY_TOKENS:
            text = trim_to_tokens(text, LEGACY_TOKENS)
            notes.append(f"the legacy text was trimmed to {LEGACY_TOKENS} tokens for the model")
        juris = self.options.jurisdiction
        legacy = _flagged(text, source_language, juris)
        reading, usage = self.pipeline.read(text, legacy=True)
        brief = reading.brief
        notes += reading.check_lines() + reading.notes
        if juris:
            brief = brief.model_copy(update={"jurisdiction": juris})
        # (the draft's plan asks the second opinion; its flags come back in the fixes)
        brief, neutral = neutralise(brief, source_language, juris, ask_second=False)
        changes += neutral
        result = self.pipeline.draft(brief, language, self.options.tone, usage=usage)
        usage = result.usage
        ad_text = result.markdown
        done = {c.text for c in changes}
        for f in legacy:  # conditions the model left out on its own, and any that came back
            if f.excerpt in ad_text:
                continue
            if not any(f.excerpt in t for t in done):
                changes.append(Change(
                    action="not carried over", rule=f.rule, category=f.category,
                    text=f.excerpt, reason=f.message,
                ))  # fmt: skip
        final = result.report or {}
        errors = [f for f in final.get("findings", []) if f.get("level") == "error"]
        flagged = any(f.kind == "flagged" for f in result.fixes)
        outcome: Outcome = "review" if errors or flagged else "clean"
        report = ItemReport(
            key=item.key, file=item.file, row=item.row, sha256=item.sha256, options=options_fp,
            outcome=outcome, language=language, tone=self.options.tone,
            jurisdiction=brief.jurisdiction, brief=brief.model_dump(mode="json"), changes=changes,
            legacy_findings=[f.model_dump(mode="json") for f in legacy], report=result.report,
            fixes=result.fixes, notes=notes, sources=result.sources,
            usage=usage.model_dump(mode="json"),
        )  # fmt: skip
        return Rewritten(outcome=outcome, draft=result.model_copy(update={"usage": usage}),
                         report=report)  # fmt: skip


# --- the batch ---------------------------------------------------------------------------------


_PLAIN_NAME = re.compile(r"[a-z0-9\u3400-\u9fff][a-z0-9.\-_/\u3400-\u9fff]{0,99}")
_HASHED = re.compile(r"-[0-9a-f]{10}$")


def safe_name(key: str) -> str:
    """A file name for an item key, one to one: a plain key (lower case, no space, no "__", no
    row) is its own name with "/" as "__" ("jds/jd-1.txt" -> "jds__jd-1.txt"); any other key
    becomes a readable name plus the first 10 hex digits of its SHA-256 ("jds/List 2.csv#row=3"
    -> "jds__list_2.csv__row_3-…"). Two keys never share a name, on case-sensitive file systems
    or not, and a key gets the same name in every run (resume and re-runs find it)."""
    plain = _PLAIN_NAME.fullmatch(key) and not re.search(r"__|_/|/_|//", key)
    if plain and not _HASHED.search(key):
        return key.replace("/", "__")
    name = re.sub(r"[^\w.\-\u3400-\u9fff]+", "_", key.replace("/", "__").replace("#", "__"))
    name = name.replace("=", "-").strip("._").lower()[:100].rstrip("._") or "item"
    return f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"


def _atomic_write(path: Path, text: str) -> None:
    _atomic_write_bytes(path, text.encode("utf-8"))


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@dataclass
class BatchSummary:
    """Counts for the run, per outcome and per change category."""

    found: int = 0
    done: int = 0
    cached: int = 0
    failed: int = 0
    clean: int = 0
    review: int = 0
    calls: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)
    skipped_files: int = 0


Event = Callable[[str, str, BatchSummary], None]  # (key, state, summary) for progress


def _retryable(exc: Exception) -> bool:
    return isinstance(exc, BackendError) and exc.transient


def _delay(exc: Exception, attempt: int, base: float) -> float:
    """Exponential backoff with full jitter, but never sooner than the server's Retry-After."""
    wait = random.uniform(0, base * 2**attempt)
    after = getattr(exc, "retry_after", None)
    return max(wait, after or 0.0)


class Batch:
    """One `drafter rewrite` run over the items in a journal-backed output folder."""

    def __init__(
        self, settings: Settings, backend: Backend, options: RewriteOptions, out: Path,
        store: Any = None,
    ) -> None:  # fmt: skip
        self.settings = settings
        self.options = options
        self.out = Path(out)
        self.fp = options.fingerprint(backend)
        self.root = ""
        # One llama.cpp context: on the local backend calls run one at a time.
        self.concurrency = 1 if backend.name == "local" else max(1, options.concurrency)
        # The limit is on model calls in flight. Items spend part of their time parsing,
        # checking and writing between calls, so twice as many items are kept in progress:
        # the endpoint always has `concurrency` requests to work on, never more.
        self.backend: Backend = backend
        self.workers = 1
        if self.concurrency > 1:
            self.backend = LimitedBackend(backend, self.concurrency)
            self.workers = 2 * self.concurrency
        # An item tried again after a fault takes back the answers it already had.
        self.replaying = ReplayingBackend(self.backend)
        self.backend = self.replaying
        self.rewriter = Rewriter(settings, self.backend, options, store)

    def plan(
        self, paths: list[Path], *, resume: bool
    ) -> tuple[Journal, list[SourceItem], BatchSummary]:
        """Collect inputs, record them in the journal, and return the items still to run."""
        self.out.mkdir(parents=True, exist_ok=True)
        absolute = [str(Path(p).absolute().parent) for p in paths]
        self.root = os.path.commonpath(absolute) if absolute else ""
        journal = Journal(self.out / "journal.sqlite")
        found = collect_batch(
            paths, text_column=self.options.text_column, id_column=self.options.id_column
        )
        items = list(found.items)
        summary = BatchSummary(found=len(items), skipped_files=len(found.skipped))
        todo: list[SourceItem] = []
        with journal.transaction():
            for item in items:
                journal.add(item.key, item.file, item.row, item.sha256, self.fp, resume=resume)
        for item in items:
            entry = journal.get(item.key)
            assert entry is not None
            if entry.state == "done":
                summary.cached += 1
                summary.done += 1
                self._count_outcome(summary, entry.outcome)
            elif entry.state == "failed":
                summary.failed += 1
                summary.errors.append((item.key, entry.error or "failed"))
            else:
                todo.append(item)
        return journal, todo, summary

    def name(self, key: str) -> str:
        """Output file stem for an item: its key, relative to the inputs' common folder."""
        if os.path.isabs(key) and self.root:
            key = os.path.relpath(key, self.root)
        return safe_name(key)

    @staticmethod
    def _count_outcome(summary: BatchSummary, outcome: str | None) -> None:
        if outcome == "clean":
            summary.clean += 1
        elif outcome == "review":
            summary.review += 1

    def _existing(self, item: SourceItem) -> ItemReport | None:
        """Outputs already written for this content and options (a crash after writing them and
        before the journal heard): adopt them instead of calling the model again."""
        path = self.out / f"{self.name(item.key)}.report.json"
        try:
            report = ItemReport.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if (
            report.sha256 == item.sha256
            and report.options == self.fp
            and report.outcome != "failed"
        ):
            return report
        return None

    def _work(self, item: SourceItem) -> tuple[ItemReport, int]:
        """Run one item to a report (success or recorded error); never raises. Returns calls."""
        if item.error is not None:
            return self._failed(item, str(item.error)), 0
        existing = self._existing(item)
        if existing is not None:
            return existing, 0
        with self.replaying.item() as again:
            return self._attempts(item, again)

    def _attempts(self, item: SourceItem, again: Callable[[], None]) -> tuple[ItemReport, int]:
        calls = 0
        for attempt in range(self.options.max_item_retries + 1):
            try:
                done = self.rewriter.rewrite(item, self.fp)
            except DrafterError as exc:
                usage = getattr(exc, "usage", None)
                # bad input is refused before any call; any other error came from one
                calls += usage.calls if isinstance(usage, Usage) else int(
                    not isinstance(exc, InputError))  # fmt: skip
                if _retryable(exc) and attempt < self.options.max_item_retries:
                    time.sleep(_delay(exc, attempt, self.options.backoff_s))
                    again()
                    continue
                return self._failed(item, str(exc)), calls
            except Exception as exc:  # one bad item never stops the batch
                return self._failed(item, f"unexpected {type(exc).__name__}: {exc}"), calls
            calls += done.draft.usage.calls
            return self._write(item, done), calls
        raise AssertionError("unreachable")

    def _warm_up(self) -> None:
        count_tokens("warm up")
        client = getattr(self.backend, "client", None)
        if callable(client):
            with contextlib.suppress(DrafterError):  # the first item reports it
                client()

    def _failed(self, item: SourceItem, error: str) -> ItemReport:
        report = ItemReport(
            key=item.key, file=item.file, row=item.row, sha256=item.sha256, options=self.fp,
            outcome="failed", error=error,
        )  # fmt: skip
        path = self.out / f"{self.name(item.key)}.report.json"
        _atomic_write(path, report.model_dump_json(indent=2))
        return report

    def _write(self, item: SourceItem, done: Rewritten) -> ItemReport:
        name = self.name(item.key)
        outputs: list[str] = []
        draft = done.draft
        for fmt in self.options.formats:
            made = formats.Output(draft.markdown, draft.sections.title, draft.language,
                                  brief=draft.brief, result=draft)  # fmt: skip
            path = self.out / f"{name}.{formats.get(fmt).suffix}"
            _atomic_write_bytes(path, formats.render(fmt, made))
            outputs.append(path.name)
        report = done.report.model_copy(update={"outputs": outputs})
        # The report is written last: its presence means the item's outputs are complete.
        _atomic_write(self.out / f"{name}.report.json", report.model_dump_json(indent=2))
        return report

    def run(self, paths: list[Path], *, resume: bool = False, on_event: Event | None = None
            ) -> BatchSummary:  # fmt: skip
        """Run every remaining item; returns the summary (also written as CSV and HTML)."""
        started = time.perf_counter()
        journal, todo, summary = self.plan(paths, resume=resume)
        event = on_event or (lambda _k, _s, _sum: None)
        # Item threads mostly wait on the network; when one is parsing or checking, a thread
        # whose answer just arrived should not wait Python's default 5 ms for the GIL before it
        # can send the next request (measured: 1.26x → 1.16x ideal in bench/rewrite.py).
        interval = sys.getswitchinterval()
        if self.workers > 1:
            sys.setswitchinterval(min(interval, 0.0005))
        try:
            asyncio.run(self._run_async(journal, todo, summary, event))
        finally:
            sys.setswitchinterval(interval)
            summary.seconds = time.perf_counter() - started
            self.write_summary(journal)
            journal.close()
        return summary

    async def _run_async(
        self, journal: Journal, todo: list[SourceItem], summary: BatchSummary, event: Event
    ) -> None:
        limit = self.workers
        loop = asyncio.get_running_loop()
        # Items get their own threads: the loop's default executor stays free for the network
        # client's own needs (name lookups) while every item thread waits on a request.
        pool = ThreadPoolExecutor(max_workers=limit, thread_name_prefix="drafter-item")
        if todo:
            # Import the client and load the tokenizer once, before the workers all need them.
            await loop.run_in_executor(pool, self._warm_up)
        gate = asyncio.Semaphore(limit)

        async def one(item: SourceItem) -> tuple[SourceItem, ItemReport, int]:
            async with gate:
                journal.start(item.key)  # journal writes happen on the loop's thread only
                event(item.key, "running", summary)
                report, calls = await loop.run_in_executor(pool, self._work, item)
                return item, report, calls

        try:
            for next_done in asyncio.as_completed([one(i) for i in todo]):
                item, report, calls = await next_done
                summary.calls += calls
                if report.outcome == "failed":
                    journal.finish(item.key, state="failed", outcome="failed", error=report.error,
                                   calls=calls)  # fmt: skip
                    summary.failed += 1
                    summary.errors.append((item.key, report.error or "failed"))
                else:
                    journal.finish(item.key, state="done", outcome=report.outcome,
                                   output=",".join(report.outputs), calls=calls)  # fmt: skip
                    summary.done += 1
                    self._count_outcome(summary, report.outcome)
                event(item.key, report.outcome, summary)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    # --- the run's summary ---------------------------------------------------------------------

    def _reports(self, journal: Journal) -> list[tuple[Any, ItemReport | None]]:
        rows = []
        for entry in journal.entries():
            path = self.out / f"{self.name(entry.key)}.report.json"
            try:
                report = ItemReport.model_validate_json(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                report = None
            rows.append((entry, report))
        return rows

    def write_summary(self, journal: Journal) -> tuple[Path, Path]:
        """summary.csv (one row per input) and summary.html (counts per outcome and category)."""
        rows = self._reports(journal)
        csv_path = self.out / "summary.csv"
        categories: Counter[str] = Counter()
        outcomes: Counter[str] = Counter()
        with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["key", "file", "row", "state", "outcome", "changes", "categories",
                        "remaining_errors", "score", "calls", "output", "error"])  # fmt: skip
            for entry, report in rows:
                cats = Counter(c.category for c in report.changes) if report else Counter()
                categories.update(cats)
                outcomes[entry.outcome or entry.state] += 1
                final = (report.report or {}) if report else {}
                errors = sum(1 for f in final.get("findings", []) if f.get("level") == "error")
                w.writerow([
                    entry.key, entry.file, entry.row or "", entry.state, entry.outcome or "",
                    len(report.changes) if report else 0,
                    "; ".join(f"{k}={v}" for k, v in sorted(cats.items())), errors,
                    final.get("score", ""), entry.calls, entry.output or "", entry.error or "",
                ])  # fmt: skip
        html_path = self.out / "summary.html"
        _atomic_write(html_path, _summary_html(rows, outcomes, categories))
        return csv_path, html_path


def _summary_html(
    rows: list[tuple[Any, ItemReport | None]], outcomes: Counter[str], categories: Counter[str]
) -> str:
    e = html.escape

    def table(counter: Counter[str], head: str) -> str:
        body = "".join(f"<tr><td>{e(k)}</td><td>{v}</td></tr>" for k, v in counter.most_common())
        return f"<table><tr><th>{e(head)}</th><th>count</th></tr>{body}</table>"

    items = "".join(
        f"<tr><td>{e(entry.key)}</td><td class='{e(entry.outcome or entry.state)}'>"
        f"{e(entry.outcome or entry.state)}</td><td>{len(report.changes) if report else 0}</td>"
        f"<td>{e(', '.join(report.outputs) if report else '')}</td>"
        f"<td>{e(entry.error or '')}</td></tr>"
        for entry, report in rows
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>drafter rewrite summary</title>
<style>
body{{font-family:system-ui,"Noto Sans CJK SC","Microsoft JhengHei",sans-serif;margin:2rem;
max-width:70rem;color:#222}} table{{border-collapse:collapse;margin:1rem 0}}
td,th{{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}}
.clean{{color:#1a7f37}} .review{{color:#9a6700}} .failed{{color:#cf222e}}
</style></head><body>
<h1>Rewrite summary</h1>
<p>{len(rows)} inputs. <em>clean</em>: no error findings left; <em>review</em>: the ad needs a
person (e.g. a placeholder to fill); <em>failed</em>: a recorded error, no ad.</p>
<h2>Per outcome</h2>{table(outcomes, "outcome")}
<h2>Changes per category</h2>{table(categories, "category")}
<h2>Inputs</h2><table><tr><th>input</th><th>outcome</th><th>changes</th><th>outputs</th>
<th>error</th></tr>{items}</table>
</body></html>
"""


# --- before spending -------------------------------------------------------------------------


@dataclass
class Estimate:
    items: int
    unreadable: int
    prompt_tokens: int
    completion_tokens: int
    costs: dict[str, float]


def estimate(items: list[SourceItem], settings: Settings, prices: dict[str, Any]) -> Estimate:
    """Tokens the batch will send and receive (tiktoken), and its cost per configured model.

    Per item: at most one reading call (instructions, the text up to NOTE_TOKENS and the pieces
    no label placed; ~8 tokens back a piece, 200 counted) and one draft call (instructions +
    brief + context, up to max_completion_tokens back).
    """
    from drafter import prompt as prompts

    messages = prompts.extract_messages(settings.prompts_dir, "", pieces="", count=0)
    base = sum(count_tokens(m["content"]) for m in messages)
    draft_in = 1500  # system + knowledge context + brief, measured on the example brief
    prompt_tokens = completion = readable = 0
    for item in items:
        if item.text is None:
            continue
        readable += 1
        text = min(count_tokens(item.text), LEGACY_TOKENS)
        prompt_tokens += base + min(text, prompts.NOTE_TOKENS) + text + draft_in
        completion += 500 + 200
    costs = {}
    for model, price in prices.items():
        p_in = float(price.get("input", 0)) if isinstance(price, dict) else 0.0
        p_out = float(price.get("output", 0)) if isinstance(price, dict) else 0.0
        costs[model] = (prompt_tokens * p_in + completion * p_out) / 1_000_000
    return Estimate(readable, len(items) - readable, prompt_tokens, completion, costs)
