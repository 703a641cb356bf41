"""Eval runs: draft, rewrite and retrieve the datasets in evals/datasets/, score every case with
drafter.metrics, save the run, print a table per language × tone, compare runs, report in HTML.

A run is a folder `evals/runs/<UTC time>-<dataset>-<backend>/` with
- `items.jsonl`: one `CaseRecord` per case: every metric (value, pass mark, reason), the
  validator's findings by level and category, latency, tokens, cost, the ad, the judge's
  scores, or the error of a case that failed;
- `summary.json`: aggregates per dataset, overall and per language × tone, and the run's
  metadata (git commit, settings without secrets, times, dataset versions and hashes);
- `report.html`: the tables and matplotlib charts in one self-contained file.

A failed case (the backend failed, or the model never gave a usable draft) is recorded and
counted, and the run goes on. The pass rate counts it as not passing; every other mean is over
the cases that produced an ad. The judge (`--judge`, rubric in prompts/judge.txt) asks an
OpenAI-compatible model for 1–5 scores with reasons; it never runs by default and its scores
are kept (`judge`) and shown apart from the rule-based metrics.

Heavy libraries (the metrics and the validator, chromadb, llama.cpp, matplotlib) are imported
where they are used, so `drafter eval --help` stays fast.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import platform
import re
import subprocess
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from drafter.brief import LANGUAGES, TONES, Language, Tone
from drafter.errors import DrafterError, InputError
from drafter.settings import PROJECT_ROOT, Settings, bundled, settings_for_command

if TYPE_CHECKING:
    from rich.console import Console

    from drafter.backends import Backend, Message, Usage
    from drafter.brief import Brief
    from drafter.metrics import Metric

DATASETS = ("briefs", "legacy", "retrieval")
# Recruiters' notes read into briefs; a held-out set or half is run once, never tuned on.
NOTES_DATASETS = (
    "notes",
    "notes-heldout",
    "notes-3",
    "notes-4",
    "notes-5",
    "notes-6",
    "notes-7",
    "notes-8",
    "notes-9",
    "notes-10",
    "notes-11",
    "notes-12",
    "notes-13",
    "notes-14",
    "notes-15",
    "notes-16",
)
# Ads labelled for the validator (check-5 written blind for the second opinion, issue 24).
CHECK_DATASETS = ("check", "check-2", "check-3", "check-4", "check-5")
DRAFT_DATASETS = ("briefs", "legacy")  # datasets whose cases ask the model for an ad
DATASETS_DIR = bundled("datasets", "evals/datasets")
# A checkout keeps its runs beside the datasets; an installed package in the working folder.
RUNS_DIR = (
    PROJECT_ROOT / "evals" / "runs" if (PROJECT_ROOT / "evals").is_dir() else Path("evals-runs")
)
SCHEMA_VERSION = 1  # of items.jsonl and summary.json; bumped when a field changes meaning
RECALL_K = 5  # the headline retrieval cut-off (recall@5); the dataset's own k is also reported
LEGACY_TONE: Tone = "professional"  # legacy JDs are rewritten in this tone unless --tone says
JUDGE_CRITERIA = ("clarity", "appeal", "tone_fit")
JUDGE_ATTEMPTS = 2  # one re-ask when the judge's answer is not the JSON asked for
RETRIEVAL_COMPANY = {"name": "Eval Co"}  # any company and place do for a retrieval query
_LANG_ORDER = {lang: i for i, lang in enumerate(LANGUAGES)}
_TONE_ORDER = {tone: i for i, tone in enumerate(TONES)}
_SECRET_KEY = re.compile(r"key|token|secret|password|credential", re.I)


# --------------------------------------------------------------------------- datasets


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)


class BriefItem(_Item):
    """A brief to draft in each of its languages and tones (evals/datasets/briefs.yaml)."""

    role: str
    industry: str
    jurisdiction: str
    languages: list[Language] = Field(min_length=1)
    tones: list[Tone] = Field(min_length=1)
    brief: dict[str, Any] | None = None
    free_text: str | None = None
    expect_facts: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_source(self) -> BriefItem:
        if (self.brief is None) == (self.free_text is None):
            raise ValueError("give exactly one of brief and free_text")
        return self


class LegacyItem(_Item):
    """A legacy JD to rewrite, with its planted problems and the duties to keep."""

    style: str
    language: Language
    jurisdiction: str
    role: str
    industry: str
    text: str = Field(min_length=1)
    planted: list[dict[str, str]] = Field(min_length=1)
    duties: list[str] = Field(min_length=1)


class RetrievalQuery(_Item):
    """The small brief a retrieval query is built from (no id of its own)."""

    id: str = "-"
    title: str
    industry: str
    jurisdiction: str
    seniority: str
    duties: list[str] = Field(default_factory=list)
    language: Language
    tone: Tone


class RetrievalItem(_Item):
    """A retrieval query and the knowledge ids that should come back."""

    role: str
    query: RetrievalQuery
    expected: list[str] = Field(min_length=1)


_ITEM_MODELS: dict[str, type[_Item]] = {
    "briefs": BriefItem,
    "legacy": LegacyItem,
    "retrieval": RetrievalItem,
}


@dataclass(frozen=True)
class Dataset:
    """One dataset file: its items, version and content hash (recorded with every run)."""

    name: str
    path: Path
    version: int
    sha256: str
    items: tuple[Any, ...]
    k: int = 6  # retrieval only: passages retrieved per query

    def item(self, item_id: str) -> Any:
        """The item with this id."""
        return next(i for i in self.items if i.id == item_id)


def load_dataset(name: str, folder: Path = DATASETS_DIR) -> Dataset:
    """Load and validate `<folder>/<name>.yaml`; a bad item is a one-line error naming it."""
    path = folder / f"{name}.yaml"
    if not path.is_file():
        raise InputError("dataset file not found", file=str(path), fix="restore it from git")
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InputError(f"malformed YAML{where}", file=str(path), fix="fix the syntax") from None
    if not isinstance(data, dict) or data.get("dataset") != name:
        raise InputError(
            f"not the {name} dataset",
            file=str(path),
            field="dataset",
            fix=f"start with dataset: {name}",
        )
    if not isinstance(data.get("items"), list) or not data["items"]:
        raise InputError("no items", file=str(path), field="items", fix="add a list of items")
    model = _ITEM_MODELS[name]
    items = []
    for n, entry in enumerate(data["items"], start=1):
        label = entry.get("id") if isinstance(entry, dict) and entry.get("id") else f"item {n}"
        try:
            items.append(model.model_validate(entry))
        except ValidationError as exc:
            err = exc.errors()[0]
            raise InputError(
                err["msg"].removeprefix("Value error, "),
                file=f"{path}#{label}",
                field=".".join(str(p) for p in err["loc"]) or None,
                fix="correct the item (evals/README.md describes the fields)",
            ) from None
    dupes = sorted(i for i, c in Counter(item.id for item in items).items() if c > 1)
    if dupes:
        raise InputError(f"duplicate ids {dupes}", file=str(path), fix="make every id unique")
    return Dataset(
        name=name,
        path=path,
        version=int(data.get("version") or 0),
        sha256=hashlib.sha256(raw).hexdigest(),
        items=tuple(items),
        k=int(data.get("k") or 6),
    )


# --------------------------------------------------------------------------- cases


class Case(BaseModel):
    """One thing to run: a dataset item in one language and tone."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    dataset: str
    id: str
    language: Language
    tone: Tone
    role: str
    industry: str
    jurisdiction: str

    @property
    def label(self) -> str:
        """`dataset id language/tone`, for progress lines."""
        return f"{self.dataset} {self.id} {self.language}/{self.tone}"


def plan_cases(
    datasets: dict[str, Dataset],
    *,
    languages: Sequence[str] = (),
    tones: Sequence[str] = (),
    ids: Sequence[str] = (),
    limit: int | None = None,
) -> list[Case]:
    """The cases to run, in dataset order: filtered by language, tone and id, then `limit` of
    each dataset, spread evenly over it. Legacy JDs are rewritten in their own language, in the
    professional tone unless `tones` names others."""
    unknown = set(ids) - {i.id for d in datasets.values() for i in d.items}
    if unknown:
        raise InputError(
            f"no item with id {', '.join(sorted(unknown))}",
            field="--id",
            fix=f"use ids from {', '.join(str(d.path) for d in datasets.values())}",
        )
    cases: list[Case] = []
    for name, data in datasets.items():
        planned: list[Case] = []
        for item in data.items:
            if ids and item.id not in ids:
                continue
            common = {"dataset": name, "id": item.id, "role": item.role}
            if isinstance(item, BriefItem):
                pairs = [(lang, tone) for lang in item.languages for tone in item.tones]
                where = {"industry": item.industry, "jurisdiction": item.jurisdiction}
            elif isinstance(item, LegacyItem):
                pairs = [(item.language, tone) for tone in (tones or (LEGACY_TONE,))]
                where = {"industry": item.industry, "jurisdiction": item.jurisdiction}
            else:
                q = item.query
                pairs = [(q.language, q.tone)]
                where = {"industry": q.industry, "jurisdiction": q.jurisdiction}
            planned += [
                Case(**common, **where, language=lang, tone=tone)
                for lang, tone in pairs
                if (not languages or lang in languages) and (not tones or tone in tones)
            ]
        cases += _spread(planned, limit) if limit else planned
    return cases


def _spread(cases: list[Case], limit: int) -> list[Case]:
    """`limit` cases spread evenly over the dataset (first one included), so a short run still
    covers every language, tone and jurisdiction the dataset has, not just its first items."""
    if limit >= len(cases):
        return cases
    return [cases[i * len(cases) // limit] for i in range(limit)]


# --------------------------------------------------------------------------- records


class MetricRecord(BaseModel):
    """A metric as stored in items.jsonl (the fields of drafter.metrics.Metric)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    value: float | int | bool
    passed: bool | None
    reason: str


class Tokens(BaseModel):
    """Prompt and completion tokens."""

    model_config = ConfigDict(extra="forbid")

    prompt: int = 0
    completion: int = 0

    @property
    def total(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt + self.completion


class JudgeScore(BaseModel):
    """One criterion of the judge: a 1–5 score and why."""

    model_config = ConfigDict(extra="ignore")

    score: int = Field(ge=1, le=5)
    reason: str = Field(min_length=1)


class Judgement(BaseModel):
    """The judge's answer, as prompts/judge.txt asks for it."""

    model_config = ConfigDict(extra="ignore")

    clarity: JudgeScore
    appeal: JudgeScore
    tone_fit: JudgeScore


class JudgeRecord(BaseModel):
    """The judge's scores for one ad, or why there are none; kept apart from the metrics."""

    model_config = ConfigDict(extra="forbid")

    model: str
    scores: dict[str, JudgeScore] = Field(default_factory=dict)
    error: str | None = None
    tokens: Tokens = Field(default_factory=Tokens)
    seconds: float = 0.0


Source = Literal["brief", "free_text", "legacy", "query"]


class CaseRecord(BaseModel):
    """One line of items.jsonl: what one case produced and how it scored."""

    model_config = ConfigDict(extra="forbid")

    id: str
    dataset: str
    language: Language
    tone: Tone
    role: str
    industry: str
    jurisdiction: str
    source: Source
    backend: str
    model: str
    passed: bool | None = None  # drafts: no error findings; retrieval: every expected id in top 5
    metrics: list[MetricRecord] = Field(default_factory=list)
    findings: dict[str, dict[str, int]] = Field(default_factory=dict)  # level → category → n
    latency_s: float = 0.0  # model seconds (drafts) or retrieval seconds
    wall_s: float = 0.0  # the whole case, retrieval and validation included
    tokens: Tokens = Field(default_factory=Tokens)
    cost: float = 0.0
    attempts: int = 0
    sources: list[str] = Field(default_factory=list)  # knowledge passages the draft used
    retrieved: list[str] = Field(default_factory=list)  # retrieval: passage ids, best first
    fixes: list[str] = Field(default_factory=list)
    ad: str | None = None
    error: str | None = None
    judge: JudgeRecord | None = None

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What matches a case across runs: dataset, id, language, tone."""
        return (self.dataset, self.id, self.language, self.tone)

    def metric(self, name: str) -> MetricRecord | None:
        """The metric with this name, if the case has it."""
        return next((m for m in self.metrics if m.name == name), None)

    def value(self, name: str) -> float | None:
        """The metric's value as a number, if the case has it."""
        m = self.metric(name)
        return None if m is None else float(m.value)


def _stored(metrics: Iterable[Metric]) -> list[MetricRecord]:
    return [MetricRecord(**m.model_dump()) for m in metrics]


def _findings(metrics: Iterable[Metric]) -> dict[str, dict[str, int]]:
    """Validator counts by level and category, from the `validator.<level>.<category>` metrics."""
    out: dict[str, dict[str, int]] = {}
    for m in metrics:
        parts = m.name.split(".", 2)
        if len(parts) == 3 and parts[0] == "validator":
            out.setdefault(parts[1], {})[parts[2]] = int(m.value)
    return out


# --------------------------------------------------------------------------- judge

JUDGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        name: {
            "type": "object",
            "properties": {
                "score": {"type": "integer", "minimum": 1, "maximum": 5},
                "reason": {"type": "string", "minLength": 1, "maxLength": 400},
            },
            "required": ["score", "reason"],
        }
        for name in JUDGE_CRITERIA
    },
    "required": list(JUDGE_CRITERIA),
}


class Judge:
    """Scores an ad's clarity, appeal to candidates and tone fit from 1 to 5 with a reason,
    using the rubric in prompts/judge.txt and an OpenAI-compatible model."""

    def __init__(self, backend: Backend, prompts_dir: Path) -> None:
        self.backend = backend
        self.prompts_dir = prompts_dir

    @classmethod
    def from_settings(cls, settings: Settings, model: str | None = None) -> Judge:
        """The judge on the configured OpenAI-compatible endpoint; refuses without one."""
        if settings.backend != "openai" and not settings.base_url:
            raise InputError(
                "the judge needs an OpenAI-compatible backend, and none is configured",
                field="--judge",
                fix="add --backend openai --base-url URL --model NAME (key in OPENAI_API_KEY),"
                " or set DRAFTER_BASE_URL to judge drafts from another backend",
            )
        from drafter.openai_backend import OpenAIBackend

        backend = OpenAIBackend(
            model=model or settings.model,
            base_url=settings.base_url,
            api_key=settings.resolved_api_key(),
            api_key_env=settings.api_key_env,
            timeout_s=settings.timeout_s,
            temperature=0.0,  # a judge should give the same ad the same score
            seed=settings.seed,
            context_window=settings.context_window,
        )
        return cls(backend, settings.prompts_dir)

    def messages(self, ad: str, language: Language, tone: Tone) -> list[Message]:
        """The rubric with the ad, its language and its tone filled in."""
        from drafter import prompt as prompts

        styles = prompts.styles(self.prompts_dir)
        text = prompts.template(self.prompts_dir, "judge.txt").format(
            language_name=styles["language"][language]["name"],
            tone=tone,
            tone_rules=styles["tone"][tone].strip(),
            ad=ad,
        )
        return [{"role": "user", "content": text}]

    def score(self, ad: str, language: Language, tone: Tone) -> JudgeRecord:
        """Ask the judge; a failure is recorded in the result, never raised."""
        from drafter import prompt as prompts

        record = JudgeRecord(model=self.backend.model)
        messages = self.messages(ad, language, tone)
        history = list(messages)
        problems: list[str] = []
        try:
            for _ in range(JUDGE_ATTEMPTS):
                done = self.backend.complete(history, schema=JUDGE_SCHEMA, max_tokens=600)
                record.tokens.prompt += done.usage.prompt_tokens
                record.tokens.completion += done.usage.completion_tokens
                record.seconds = round(record.seconds + done.usage.seconds, 3)
                try:
                    raw = json.loads(_unfence(done.text))
                    judged = Judgement.model_validate(raw)
                except (json.JSONDecodeError, ValidationError) as exc:
                    problems = [_short_problem(exc)]
                    reask = prompts.reask_message(self.prompts_dir, done.text, problems)
                    history = [*messages, *reask]
                    continue
                record.scores = {name: getattr(judged, name) for name in JUDGE_CRITERIA}
                return record
        except DrafterError as exc:
            record.error = str(exc)
            return record
        record.error = f"no usable judgement after {JUDGE_ATTEMPTS} attempts ({problems[0]})"
        return record


def _unfence(text: str) -> str:
    text = text.strip()
    if text.startswith("```"):
        text = re.sub(r"^```(?:json)?|```$", "", text, flags=re.M).strip()
    return text


def _short_problem(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        return f"field {'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
    return f"the answer was not valid JSON ({exc})"


# --------------------------------------------------------------------------- running one case


def open_backend(settings: Settings) -> Backend:
    """The drafting backend named in settings (tests replace this)."""
    from drafter.backends import make_backend

    return make_backend(settings)


def open_knowledge(settings: Settings) -> Any:
    """The knowledge store, synced with knowledge/ (tests replace this)."""
    from drafter.store import open_store

    return open_store(settings)


def retrieve_passages(store: Any, brief: Brief, language: str, tone: str, k: int) -> list[Any]:
    """The knowledge passages for a brief, best first (tests replace this)."""
    from drafter.retrieve import retrieve

    return retrieve(store, brief, language, tone, k)


def _prices(settings: Settings) -> dict[str, tuple[float, float]]:
    """`[prices]` of .drafter.toml (per million tokens) as metrics' per-1K prices."""
    out: dict[str, tuple[float, float]] = {}
    for model, price in (settings.extra_tables.get("prices") or {}).items():
        if isinstance(price, dict):
            out[model] = (float(price.get("input", 0)) / 1000, float(price.get("output", 0)) / 1000)
    return out


def expected_facts(ad: str, facts: Sequence[str], language: Language) -> Metric:
    """Share of a free-text note's facts (`expect_facts`) present verbatim (or in the ad's
    script) in the ad: what the extraction had to carry from the note into the ad."""
    from drafter.metrics import PASS_SHARE, Metric, in_script

    flat = re.sub(r"\s+", " ", ad)
    missing = [
        f
        for f in facts
        if re.sub(r"\s+", " ", f) not in flat
        and in_script(re.sub(r"\s+", " ", f), language) not in flat
    ]
    share = round((len(facts) - len(missing)) / len(facts), 4) if facts else 1.0
    reason = (
        f"missing from the note: {', '.join(repr(m) for m in missing)}"
        if missing
        else f"all {len(facts)} facts of the note present"
    )
    return Metric(name="fact_coverage", value=share, passed=share >= PASS_SHARE, reason=reason)


class _LockedStore:
    """The knowledge store with one lock around each call that reaches chromadb or the model."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self._lock = threading.Lock()

    @property
    def embedder(self) -> _LockedEmbedder:
        return _LockedEmbedder(self._store.embedder, self._lock)

    def query(self, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return self._store.query(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


@dataclass
class _LockedEmbedder:
    inner: Any
    lock: threading.Lock

    def embed_query(self, text: str) -> Any:
        with self.lock:
            return self.inner.embed_query(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class Runner:
    """Runs cases (from several threads at once): draft, rewrite or retrieve, then score."""

    def __init__(
        self,
        settings: Settings,
        datasets: dict[str, Dataset],
        *,
        backend: Backend | None,
        store: Any,
        judge: Judge | None = None,
    ) -> None:
        self.settings = settings
        self.datasets = datasets
        self.backend = backend
        # chromadb and the embedder are shared by the worker threads (and by the rewriter,
        # which retrieves on its own): every call into them takes one lock.
        self.store = _LockedStore(store) if store is not None else None
        self.judge = judge
        self.prices = _prices(settings)
        self.backend_name = backend.name if backend is not None else settings.backend
        self.model_name = backend.model if backend is not None else "-"
        self._lock = threading.Lock()
        self._extracted: dict[str, Brief] = {}
        self._extract_locks: dict[str, threading.Lock] = {}
        from drafter.pipeline import Pipeline

        # the one drafting path (the CLI's, the page's and rewrite's), with this runner's store
        self.pipeline = Pipeline(
            settings, backend=backend, store=self.store, knowledge=self.store is not None,
            retriever=self._passages,
        )  # fmt: skip

    def run(self, case: Case) -> CaseRecord:
        """Run one case and score it; a failure is recorded in the result, never raised."""
        started = time.perf_counter()
        base: dict[str, Any] = {
            **case.model_dump(), "backend": self.backend_name, "model": self.model_name,
        }  # fmt: skip
        source: Source = "query" if case.dataset == "retrieval" else "legacy"
        try:
            if case.dataset == "briefs":
                item = self.datasets["briefs"].item(case.id)
                source = "brief" if item.brief is not None else "free_text"
                record = self._brief_case(case, item, base, source)
            elif case.dataset == "legacy":
                record = self._legacy_case(case, self.datasets["legacy"].item(case.id), base)
            else:
                record = self._retrieval_case(case, self.datasets["retrieval"], base)
        except DrafterError as exc:
            record = self._failed(base, source, str(exc), getattr(exc, "usage", None))
        except Exception as exc:  # one broken case never stops the run; the type says what
            record = self._failed(base, source, f"unexpected {type(exc).__name__}: {exc}", None)
        record.wall_s = round(time.perf_counter() - started, 3)
        if self.judge is not None and record.ad:
            try:
                record.judge = self.judge.score(record.ad, case.language, case.tone)
            except Exception as exc:  # the judge's trouble never costs the case its metrics
                error = f"unexpected {type(exc).__name__}: {exc}"
                record.judge = JudgeRecord(model=self.judge.backend.model, error=error)
        return record

    # -- the three kinds of case -----------------------------------------------------------

    def _brief_case(
        self, case: Case, item: BriefItem, base: dict[str, Any], source: Source
    ) -> CaseRecord:
        from drafter.brief import parse_brief_data
        from drafter.metrics import ad_metrics, cost_metrics

        assert self.backend is not None  # the run opens one whenever a case drafts
        extract_usage = None
        if item.brief is not None:
            brief = parse_brief_data(item.brief, f"{self.datasets['briefs'].path}#{item.id}")
        else:
            brief, extract_usage = self._extract(item)
        result = self.pipeline.draft(brief, case.language, case.tone, usage=extract_usage)
        usage = result.usage
        ad = result.markdown
        metrics = ad_metrics(ad, brief, case.language, case.tone, jurisdiction=brief.jurisdiction)
        if item.free_text is not None:
            # The note's facts are what the recruiter gave; coverage of the extracted brief
            # alone would hide a fact the extraction dropped.
            metrics = [
                m.model_copy(update={"name": "extracted_fact_coverage"})
                if m.name == "fact_coverage"
                else m
                for m in metrics
            ]
            metrics.append(expected_facts(ad, item.expect_facts, case.language))
        metrics += cost_metrics(usage, self.prices)
        return self._draft_record(base, source, metrics, usage, result)

    def _legacy_case(self, case: Case, item: LegacyItem, base: dict[str, Any]) -> CaseRecord:
        from drafter.metrics import ad_metrics, cost_metrics, duties_kept, planted_removed

        assert self.backend is not None
        done = self.pipeline.rewrite(
            item.text, tone=case.tone, language=item.language,  # type: ignore[arg-type]
            jurisdiction=item.jurisdiction, key=f"{self.datasets['legacy'].path.name}#{item.id}",
        )  # fmt: skip
        result = done.draft
        ad, brief = result.markdown, result.brief
        metrics = ad_metrics(ad, brief, case.language, case.tone, jurisdiction=item.jurisdiction)
        metrics += [
            planted_removed(ad, item.planted, language=case.language,
                            jurisdiction=item.jurisdiction, brief=brief),
            duties_kept(ad, item.duties),
            *cost_metrics(result.usage, self.prices),
        ]  # fmt: skip
        return self._draft_record(base, "legacy", metrics, result.usage, result)

    def _retrieval_case(self, case: Case, data: Dataset, base: dict[str, Any]) -> CaseRecord:
        from drafter.brief import Brief
        from drafter.metrics import Metric, mrr, recall_at_k

        item: RetrievalItem = data.item(case.id)
        q = item.query
        brief = Brief.model_validate({
            "title": q.title, "company": RETRIEVAL_COMPANY, "location": "-",
            "industry": q.industry, "jurisdiction": q.jurisdiction, "seniority": q.seniority,
            "duties": q.duties,
        })  # fmt: skip
        started = time.perf_counter()
        ids = [p.id for p in retrieve_passages(self.store, brief, q.language, q.tone, data.k)]
        seconds = round(time.perf_counter() - started, 4)
        cuts = sorted({RECALL_K, data.k})
        metrics = [recall_at_k(ids, item.expected, k) for k in cuts]
        metrics += [
            mrr(ids, item.expected),
            Metric(name="latency_s", value=seconds, passed=None, reason="retrieval, no model"),
        ]
        headline = metrics[cuts.index(RECALL_K)]
        return CaseRecord(
            **base, source="query", passed=headline.passed, metrics=_stored(metrics),
            latency_s=seconds, retrieved=ids,
        )  # fmt: skip

    # -- helpers ---------------------------------------------------------------------------

    def _extract(self, item: BriefItem) -> tuple[Brief, Usage | None]:
        """The brief read from a free-text note, once per item; the first case pays for it."""

        assert self.backend is not None and item.free_text is not None
        with self._lock:
            lock = self._extract_locks.setdefault(item.id, threading.Lock())
        with lock:
            if item.id in self._extracted:
                return self._extracted[item.id], None
            reading, usage = self.pipeline.read(item.free_text)
            brief = self._extracted[item.id] = reading.brief
            return brief, usage

    def _passages(self, brief: Brief, language: Language, tone: Tone) -> list[Any]:
        if self.store is None:
            return []
        return retrieve_passages(self.store, brief, language, tone, self.settings.retrieve_k)

    def _draft_record(
        self, base: dict[str, Any], source: Source, metrics: list[Metric], usage: Usage,
        result: Any,
    ) -> CaseRecord:  # fmt: skip
        by_name = {m.name: m for m in metrics}
        return CaseRecord(
            **base, source=source, passed=by_name["validator.errors"].passed,
            metrics=_stored(metrics), findings=_findings(metrics), latency_s=usage.seconds,
            tokens=Tokens(prompt=usage.prompt_tokens, completion=usage.completion_tokens),
            cost=float(by_name["cost"].value), attempts=result.attempts,
            sources=list(result.sources), fixes=[f.message for f in result.fixes],
            ad=result.markdown,
        )  # fmt: skip

    def _failed(self, base: dict[str, Any], source: Source, error: str, usage: Any) -> CaseRecord:
        from drafter.backends import Usage

        tokens = Tokens()
        seconds = 0.0
        if isinstance(usage, Usage):
            tokens = Tokens(prompt=usage.prompt_tokens, completion=usage.completion_tokens)
            seconds = usage.seconds
        return CaseRecord(
            **base, source=source, passed=False if source != "query" else None, error=error,
            tokens=tokens, latency_s=seconds,
        )  # fmt: skip


# --------------------------------------------------------------------------- a run


@dataclass
class RunOptions:
    """What `drafter eval` was asked to run."""

    datasets: tuple[str, ...] = DATASETS
    limit: int | None = None
    workers: int = 4
    languages: tuple[str, ...] = ()
    tones: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    knowledge: bool = True
    judge: bool = False
    judge_model: str | None = None
    data_dir: Path = DATASETS_DIR
    runs_dir: Path = RUNS_DIR

    @property
    def label(self) -> str:
        """The dataset part of the run folder's name."""
        return "all" if set(self.datasets) == set(DATASETS) else "+".join(self.datasets)


@dataclass
class RunResult:
    """A finished (or interrupted) run: its folder, its records and its summary."""

    path: Path
    records: list[CaseRecord]
    summary: dict[str, Any]
    notes: list[str] = field(default_factory=list)


Say = Callable[[str], None]


def run_eval(settings: Settings, options: RunOptions, *, say: Say | None = None) -> RunResult:
    """Run the cases, write items.jsonl, summary.json and report.html, and return the run."""
    say = say or (lambda _msg: None)
    datasets = {name: load_dataset(name, options.data_dir) for name in options.datasets}
    cases = plan_cases(
        datasets, languages=options.languages, tones=options.tones, ids=options.ids,
        limit=options.limit,
    )  # fmt: skip
    if not cases:
        raise InputError(
            "no case matches the options", field="--lang/--tone/--id", fix="widen the filters"
        )
    if not options.knowledge and "retrieval" in {c.dataset for c in cases}:
        raise InputError(
            "the retrieval dataset needs the knowledge store",
            field="--no-knowledge",
            fix="drop --no-knowledge or pick --dataset briefs or legacy",
        )
    # Everything that can refuse (the judge, the backend) does so before any slow work.
    judge = Judge.from_settings(settings, options.judge_model) if options.judge else None
    drafts = any(c.dataset in DRAFT_DATASETS for c in cases)
    backend = open_backend(settings) if drafts else None
    workers = max(1, options.workers)
    notes: list[str] = []
    if backend is not None and backend.name == "local" and workers > 1:
        workers = 1
        notes.append(
            f"the local backend runs one case at a time (--workers {options.workers} ignored)"
        )
    for note in notes:
        say(note)
    store = None
    if options.knowledge or not drafts:
        say("opening the knowledge store…")
        store = open_knowledge(settings)
    runner = Runner(settings, datasets, backend=backend, store=store, judge=judge)
    started = datetime.now(UTC)
    folder = _new_run_folder(options.runs_dir, started, options.label, runner.backend_name)
    meta = _metadata(settings, options, datasets, cases, runner, folder, started, workers)
    redact = _redactor(settings)
    say(f"{len(cases)} cases → {folder}")
    records: dict[int, CaseRecord] = {}
    complete = False
    try:
        with (folder / "items.jsonl").open("w", encoding="utf-8") as log:
            for i, record in _execute(runner, cases, workers):
                records[i] = record
                # Each case is on disk as soon as it is done: an interrupted run keeps it.
                log.write(redact(record.model_dump_json()) + "\n")
                log.flush()
                say(f"[{len(records)}/{len(cases)}] {cases[i].label}: {_status(record)}")
        complete = True
    finally:
        ordered = [records[i] for i in sorted(records)]
        _write_lines(folder / "items.jsonl", [redact(r.model_dump_json()) for r in ordered])
        meta["finished"] = _iso(datetime.now(UTC))
        meta["seconds"] = round((datetime.now(UTC) - started).total_seconds(), 1)
        meta["complete"] = complete
        summary = summarize(ordered, meta)
        (folder / "summary.json").write_text(
            redact(json.dumps(summary, ensure_ascii=False, indent=2)) + "\n", encoding="utf-8"
        )
        write_report(folder)
    return RunResult(path=folder, records=ordered, summary=summary, notes=notes)


def _execute(runner: Runner, cases: list[Case], workers: int) -> Iterable[tuple[int, CaseRecord]]:
    """(index, record) as cases finish: in order on one worker, as completed on several."""
    if workers == 1:
        for i, case in enumerate(cases):
            yield i, runner.run(case)
        return
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="eval")
    try:
        futures = {pool.submit(runner.run, case): i for i, case in enumerate(cases)}
        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        # On Ctrl-C (or an error writing the log) queued cases are dropped, not run.
        pool.shutdown(wait=True, cancel_futures=True)


def _status(record: CaseRecord) -> str:
    if record.error:
        return f"FAILED — {record.error[:160]}"
    if record.dataset == "retrieval":
        recall, first = record.value(f"recall_at_{RECALL_K}"), record.value("mrr")
        return f"recall@{RECALL_K} {recall:.2f}, MRR {first:.2f}"
    errors = ", ".join(sorted(record.findings.get("error", {}))) or "no errors"
    verdict = "pass" if record.passed else "errors"
    return f"{verdict} ({errors}; {record.latency_s:.1f}s model, {record.tokens.total} tokens)"


def _write_lines(path: Path, lines: list[str]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    tmp.replace(path)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _new_run_folder(root: Path, started: datetime, label: str, backend: str) -> Path:
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    name = f"{stamp}-{label}-{backend}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        for n in range(1, 100):
            folder = root / (name if n == 1 else f"{name}-{n}")
            try:
                folder.mkdir()
                return folder
            except FileExistsError:
                continue
    except OSError as exc:
        raise InputError(
            f"cannot create the run folder ({exc.strerror})", file=str(root), fix="pass --runs DIR"
        ) from None
    raise InputError("too many runs started this second", file=str(root), fix="try again")


def _git() -> dict[str, Any]:
    """The commit the run was made from, and whether tracked files had changed."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=10,
            check=True,
        )  # fmt: skip
        return done.stdout.strip()

    try:
        return {
            "commit": git("rev-parse", "HEAD"),
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        }
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}


def public_settings(settings: Settings) -> dict[str, Any]:
    """Settings as JSON without the API key or anything in extra tables named like a secret."""

    def scrub(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: scrub(v) for k, v in value.items() if not _SECRET_KEY.search(str(k))}
        if isinstance(value, list):
            return [scrub(v) for v in value]
        return value

    data = settings.model_dump(mode="json", exclude={"api_key"})
    data["extra_tables"] = scrub(data.get("extra_tables") or {})
    data["api_key_set"] = settings.resolved_api_key() is not None
    return data


def _redactor(settings: Settings) -> Callable[[str], str]:
    """Replaces the API key, should any text (a server's error message) carry it."""
    key = settings.resolved_api_key()
    secret = key.get_secret_value() if key is not None else ""
    if len(secret) < 6:  # a placeholder key for a local server is no secret
        return lambda text: text
    return lambda text: text.replace(secret, "***")


def _metadata(
    settings: Settings, options: RunOptions, datasets: dict[str, Dataset], cases: list[Case],
    runner: Runner, folder: Path, started: datetime, workers: int,
) -> dict[str, Any]:  # fmt: skip
    per_dataset = Counter(c.dataset for c in cases)
    return {
        "id": folder.name,
        "dataset": options.label,
        "backend": runner.backend_name,
        "model": runner.model_name,
        "judge_model": runner.judge.backend.model if runner.judge else None,
        "started": _iso(started),
        "finished": None,
        "seconds": None,
        "complete": False,
        "git": _git(),
        "python": platform.python_version(),
        "datasets": {
            name: {
                "file": str(
                    d.path.relative_to(PROJECT_ROOT)
                    if d.path.is_relative_to(PROJECT_ROOT)
                    else d.path
                ),
                "version": d.version,
                "sha256": d.sha256,
                "items": len(d.items),
                "cases": per_dataset[name],
            }
            for name, d in datasets.items()
        },
        "options": {
            "limit": options.limit,
            "workers": workers,
            "languages": list(options.languages),
            "tones": list(options.tones),
            "ids": list(options.ids),
            "knowledge": options.knowledge,
            "judge": options.judge,
        },
        "settings": public_settings(settings),
    }


# --------------------------------------------------------------------------- aggregates


def _mean(values: Iterable[float | None]) -> float | None:
    got = [v for v in values if v is not None]
    return round(sum(got) / len(got), 4) if got else None


def _share(flags: Iterable[bool | None]) -> float | None:
    got = [f for f in flags if f is not None]
    return round(sum(got) / len(got), 4) if got else None


def _passed(records: Iterable[CaseRecord], name: str) -> list[bool | None]:
    out: list[bool | None] = []
    for r in records:
        m = r.metric(name)
        out.append(None if m is None else m.passed)
    return out


def aggregate(dataset: str, records: Sequence[CaseRecord]) -> dict[str, Any]:
    """The dataset's aggregates over these records.

    Drafts: `pass_rate` is the share of cases with no error findings, a failed case counting
    as not passing; the rest are over the cases that produced an ad: mean `fact_coverage` and
    `sections_complete` (shares), `invented_rate` (share of ads with an invented fact) and
    `invented_total`, the shares of ads whose length, script (Chinese ads only) and tone pass,
    mean model `latency_s` and `tokens` per ad, and the total `cost` (failed cases included).
    Legacy adds the means of `planted_removed` and `duties_kept`; retrieval has the mean of
    each `recall_at_<k>` and of `mrr`, and the mean retrieval latency.
    """
    done = [r for r in records if r.error is None]
    out: dict[str, Any] = {"n": len(records), "failed": len(records) - len(done)}
    if dataset == "retrieval":
        names = sorted({m.name for r in done for m in r.metrics if m.name.startswith("recall_at_")},
                       key=lambda n: int(n.rsplit("_", 1)[1]))  # fmt: skip
        for name in names:
            out[name] = _mean(r.value(name) for r in done)
        out["mrr"] = _mean(r.value("mrr") for r in done)
        out["latency_s"] = _mean(r.latency_s for r in done)
        return out
    invented = [r.value("invented_facts") for r in done]
    out.update(
        pass_rate=_share(r.passed is True for r in records),
        fact_coverage=_mean(r.value("fact_coverage") for r in done),
        invented_rate=_share(None if v is None else v > 0 for v in invented),
        invented_total=int(sum(v for v in invented if v is not None)),
        length_in_range=_share(_passed(done, "length_in_range")),
        sections_complete=_mean(r.value("sections_complete") for r in done),
        script_purity=_share(_passed(done, "script_purity")),
        tone_adherence=_share(_passed(done, "tone_adherence")),
    )
    if dataset == "legacy":
        out["planted_removed"] = _mean(r.value("planted_removed") for r in done)
        out["duties_kept"] = _mean(r.value("duties_kept") for r in done)
    out["latency_s"] = _mean(r.latency_s for r in done)
    out["tokens"] = _mean(float(r.tokens.total) for r in done)
    out["cost"] = round(sum(r.cost for r in records), 6)
    return out


def judge_aggregate(records: Sequence[CaseRecord]) -> dict[str, Any]:
    """Mean judge score per criterion over the judged ads, and how many judgements failed."""
    judged = [r.judge for r in records if r.judge is not None]
    scored = [j for j in judged if j.scores]
    out: dict[str, Any] = {"n": len(judged), "failed": len(judged) - len(scored)}
    for name in JUDGE_CRITERIA:
        out[name] = _mean(float(j.scores[name].score) for j in scored if name in j.scores)
    return out


def _group_key(record: CaseRecord) -> tuple[str, str]:
    """Drafts group by language × tone; retrieval by language."""
    return (record.language, "all" if record.dataset == "retrieval" else record.tone)


def _groups(records: Sequence[CaseRecord]) -> list[tuple[tuple[str, str], list[CaseRecord]]]:
    groups: dict[tuple[str, str], list[CaseRecord]] = defaultdict(list)
    for r in records:
        groups[_group_key(r)].append(r)
    order = sorted(groups, key=lambda k: (_LANG_ORDER.get(k[0], 9), _TONE_ORDER.get(k[1], 9)))
    return [(k, groups[k]) for k in order]


def summarize(records: Sequence[CaseRecord], meta: dict[str, Any]) -> dict[str, Any]:
    """summary.json: the run's metadata, and per dataset the aggregates overall and per group."""
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "run": meta,
        "cases": len(records),
        "failed": sum(r.error is not None for r in records),
        "datasets": {},
        "judge": {},
    }
    for name in DATASETS:
        recs = [r for r in records if r.dataset == name]
        if not recs:
            continue
        out["datasets"][name] = {
            "overall": aggregate(name, recs),
            "groups": [
                {"language": lang, "tone": tone, **aggregate(name, group)}
                for (lang, tone), group in _groups(recs)
            ],
        }
        if any(r.judge is not None for r in recs):
            out["judge"][name] = {
                "overall": judge_aggregate(recs),
                "groups": [
                    {"language": lang, "tone": tone, **judge_aggregate(group)}
                    for (lang, tone), group in _groups(recs)
                    if any(r.judge is not None for r in group)
                ],
            }
    return out


# --------------------------------------------------------------------------- tables


def _pct(v: Any) -> str:
    return "—" if v is None else f"{100 * v:.1f}%"


def _dec(v: Any) -> str:
    return "—" if v is None else f"{v:.3f}"


def _sec(v: Any) -> str:
    return "—" if v is None else f"{v:.2f}"


def _count(v: Any) -> str:
    return "—" if v is None else f"{v:,.0f}"


def _score(v: Any) -> str:
    return "—" if v is None else f"{v:.2f}"


Column = tuple[str, str, Callable[[Any], str]]  # header, aggregate key, format

DRAFT_COLUMNS: list[Column] = [
    ("n", "n", _count), ("failed", "failed", _count), ("pass", "pass_rate", _pct),
    ("fact cov.", "fact_coverage", _pct), ("invented", "invented_rate", _pct),
    ("length ok", "length_in_range", _pct), ("sections", "sections_complete", _pct),
    ("script", "script_purity", _pct), ("tone ok", "tone_adherence", _pct),
]  # fmt: skip
LEGACY_COLUMNS: list[Column] = [
    ("planted removed", "planted_removed", _pct), ("duties kept", "duties_kept", _pct),
]  # fmt: skip
COST_COLUMNS: list[Column] = [("latency s", "latency_s", _sec), ("tokens", "tokens", _count)]
JUDGE_COLUMNS: list[Column] = [
    ("judged", "n", _count), ("failed", "failed", _count), ("clarity", "clarity", _score),
    ("appeal", "appeal", _score), ("tone fit", "tone_fit", _score),
]  # fmt: skip


def columns(dataset: str, block: dict[str, Any]) -> list[Column]:
    """The table columns for a dataset's aggregates."""
    if dataset == "retrieval":
        recalls = [k for k in block["overall"] if k.startswith("recall_at_")]
        return [
            ("n", "n", _count), ("failed", "failed", _count),
            *[(f"recall@{k.rsplit('_', 1)[1]}", k, _dec) for k in recalls],
            ("MRR", "mrr", _dec), ("latency s", "latency_s", _sec),
        ]  # fmt: skip
    extra = LEGACY_COLUMNS if dataset == "legacy" else []
    return [*DRAFT_COLUMNS, *extra, *COST_COLUMNS]


def table_rows(
    block: dict[str, Any], cols: list[Column], *, by_tone: bool = True
) -> tuple[list[str], list[list[str]]]:
    """Headers and rows (one per group, then `all`) of a dataset's or the judge's aggregates."""
    keys = ["language", "tone"] if by_tone else ["language"]
    headers = [*keys, *(c[0] for c in cols)]
    rows = [
        [*(str(g[k]) for k in keys), *(fmt(g.get(key)) for _, key, fmt in cols)]
        for g in block["groups"]
    ]
    overall = block["overall"]
    rows.append(
        ["all", *([""] * (len(keys) - 1)), *(fmt(overall.get(key)) for _, key, fmt in cols)]
    )
    return headers, rows


def print_tables(summary: dict[str, Any], console: Console, *, markdown: bool = False) -> None:
    """One table per dataset (language × tone), and the judge's scores in their own table."""
    for name, block in summary["datasets"].items():
        headers, rows = table_rows(block, columns(name, block), by_tone=name != "retrieval")
        what = "per language" if name == "retrieval" else "per language × tone"
        _print_table(console, f"{name}: {what}", headers, rows, markdown=markdown)
    for name, block in summary.get("judge", {}).items():
        headers, rows = table_rows(block, JUDGE_COLUMNS)
        title = f"{name}: judge scores 1–5 (model-rated, apart from the metrics)"
        _print_table(console, title, headers, rows, markdown=markdown)


def _print_table(
    console: Console, title: str, headers: list[str], rows: list[list[str]], *, markdown: bool
) -> None:
    from rich import box
    from rich.table import Table

    table = Table(
        title=None if markdown else title, box=box.MARKDOWN if markdown else box.SIMPLE_HEAD
    )
    for i, header in enumerate(headers):
        table.add_column(header, justify="left" if i < 2 else "right", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    if markdown:
        console.print(f"\n**{title}**\n", markup=False, highlight=False)
    console.print(table)


def _console() -> Console:
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=200)  # a log or a pipe: never wrap the tables
    return console


# --------------------------------------------------------------------------- compare

# Aggregates and per-case metrics by direction; the rest are shown without a verdict.
HIGHER_IS_BETTER = frozenset({
    "pass_rate", "fact_coverage", "length_in_range", "sections_complete", "script_purity",
    "tone_adherence", "planted_removed", "duties_kept", "mrr",
})  # fmt: skip
LOWER_IS_BETTER = frozenset({
    "failed", "invented_rate", "invented_total", "latency_s", "tokens", "cost",
    "invented_facts", "validator.errors",
})  # fmt: skip
# Per-case metrics compared by value, and those compared by their pass mark (a length is
# neither better nor worse for being longer; it is better for moving into the band).
ITEM_VALUES = ("validator.errors", "fact_coverage", "invented_facts", "sections_complete",
               "tone_adherence", "planted_removed", "duties_kept", "mrr")  # fmt: skip
ITEM_PASSES = ("length_in_range", "script_purity")


def _higher_is_better(name: str) -> bool | None:
    if name in HIGHER_IS_BETTER or name.startswith("recall_at_"):
        return True
    if name in LOWER_IS_BETTER:
        return False
    return None


def load_run(arg: str | Path) -> tuple[Path, list[CaseRecord], dict[str, Any]]:
    """A run folder (or its name under evals/runs/): its records and summary."""
    path = Path(arg)
    if not path.is_dir() and (RUNS_DIR / str(arg)).is_dir():
        path = RUNS_DIR / str(arg)
    items = path / "items.jsonl"
    if not items.is_file():
        raise InputError(
            "not a run folder (no items.jsonl)",
            file=str(path),
            fix="pass a folder written by drafter eval, e.g. evals/runs/<run>",
        )
    records: list[CaseRecord] = []
    for n, line in enumerate(items.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(CaseRecord.model_validate_json(line))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise InputError(
                f"line {n} is not a case record ({where}: {err['msg']})",
                file=str(items),
                fix="restore the file or run the eval again",
            ) from None
    summary_path = path / "summary.json"
    summary: dict[str, Any] = {}
    if summary_path.is_file():
        try:
            summary = json.loads(summary_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(
                f"malformed JSON at line {exc.lineno}", file=str(summary_path),
                fix="delete it: drafter eval report rebuilds it from items.jsonl",
            ) from None  # fmt: skip
    if not summary.get("datasets") and records:
        summary = summarize(records, summary.get("run") or {"id": path.name})
    return path, records, summary


@dataclass
class Change:
    """One measurement that moved between two runs for one case."""

    name: str
    before: Any
    after: Any
    better: bool | None  # None: moved, neither better nor worse


@dataclass
class ItemDiff:
    """How one case (matched by dataset, id, language, tone) changed from run A to run B."""

    key: tuple[str, str, str, str]
    changes: list[Change]

    @property
    def verdict(self) -> str:
        """better, worse, mixed, or changed (moved with no direction)."""
        up = any(c.better is True for c in self.changes)
        down = any(c.better is False for c in self.changes)
        return "mixed" if up and down else "better" if up else "worse" if down else "changed"


@dataclass
class Comparison:
    """Run A against run B: aggregate deltas over the matched cases, and the cases that moved."""

    a: Path
    b: Path
    matched: int
    only_a: list[tuple[str, str, str, str]]
    only_b: list[tuple[str, str, str, str]]
    aggregates: dict[str, list[tuple[str, Any, Any, bool | None]]]  # dataset → rows
    items: list[ItemDiff]

    def count(self, verdict: str) -> int:
        """How many cases got this verdict."""
        return sum(d.verdict == verdict for d in self.items)


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) < 1e-9


def _item_changes(ra: CaseRecord, rb: CaseRecord) -> list[Change]:
    changes: list[Change] = []
    if (ra.error is None) != (rb.error is None):
        changes.append(Change("ran", ra.error is None, rb.error is None, rb.error is None))
        return changes  # a case that failed on one side has nothing else to compare
    if ra.error is not None:
        return changes
    if ra.passed is not None and rb.passed is not None and ra.passed != rb.passed:
        changes.append(Change("pass", ra.passed, rb.passed, rb.passed))
    names = [*ITEM_VALUES, *sorted({m.name for m in rb.metrics if m.name.startswith("recall_at_")})]
    for name in names:
        va, vb = ra.value(name), rb.value(name)
        if va is None or vb is None or _close(va, vb):
            continue
        direction = _higher_is_better(name)
        better = None if direction is None else (vb > va) == direction
        changes.append(Change(name, va, vb, better))
    for name in ITEM_PASSES:
        ma, mb = ra.metric(name), rb.metric(name)
        if ma is None or mb is None or ma.passed is None or mb.passed is None:
            continue
        if ma.passed != mb.passed:
            changes.append(Change(name, ma.passed, mb.passed, mb.passed))
    return changes


def compare_runs(run_a: str | Path, run_b: str | Path) -> Comparison:
    """Match cases by (dataset, id, language, tone); aggregate both sides over the matched
    cases only, so a different --limit does not pass for a change in quality."""
    path_a, recs_a, _ = load_run(run_a)
    path_b, recs_b, _ = load_run(run_b)
    by_a = {r.key: r for r in recs_a}
    by_b = {r.key: r for r in recs_b}
    keys = [k for k in by_a if k in by_b]
    aggregates: dict[str, list[tuple[str, Any, Any, bool | None]]] = {}
    for name in DATASETS:
        ka = [by_a[k] for k in keys if k[0] == name]
        if not ka:
            continue
        agg_a = aggregate(name, ka)
        agg_b = aggregate(name, [by_b[k] for k in keys if k[0] == name])
        rows = []
        for metric, before in agg_a.items():
            after = agg_b.get(metric)
            direction = _higher_is_better(metric)
            better = None
            if direction is not None and not _close(before, after) and None not in (before, after):
                better = (after > before) == direction
            rows.append((metric, before, after, better))
        aggregates[name] = rows
    items = [ItemDiff(k, ch) for k in keys if (ch := _item_changes(by_a[k], by_b[k]))]
    return Comparison(
        a=path_a, b=path_b, matched=len(keys),
        only_a=[k for k in by_a if k not in by_b], only_b=[k for k in by_b if k not in by_a],
        aggregates=aggregates, items=items,
    )  # fmt: skip


_PERCENT_AGGREGATES = frozenset({
    "pass_rate", "fact_coverage", "invented_rate", "length_in_range", "sections_complete",
    "script_purity", "tone_adherence", "planted_removed", "duties_kept",
})  # fmt: skip


def _fmt_value(name: str, value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if name in _PERCENT_AGGREGATES:
        return _pct(value)
    if name in ("n", "failed", "tokens", "invented_total", "validator.errors", "invented_facts"):
        return _count(value)
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _fmt_delta(name: str, before: Any, after: Any) -> str:
    if None in (before, after) or isinstance(before, bool):
        return ""
    delta = float(after) - float(before)
    if abs(delta) < 1e-9:
        return "="
    if name in _PERCENT_AGGREGATES:
        return f"{100 * delta:+.1f} pp"
    return f"{delta:+.4g}"


def print_comparison(cmp: Comparison, console: Console, *, markdown: bool = False) -> None:
    """Aggregate deltas per dataset, then the cases that got better, worse or both."""
    console.print(
        f"A: {cmp.a}\nB: {cmp.b}\n{cmp.matched} cases matched by (dataset, id, language, tone);"
        f" {len(cmp.only_a)} only in A, {len(cmp.only_b)} only in B.",
        markup=False,
    )
    verdicts = {True: "better", False: "worse", None: ""}
    for name, rows in cmp.aggregates.items():
        table_rows_ = [
            [metric, _fmt_value(metric, a), _fmt_value(metric, b), _fmt_delta(metric, a, b),
             verdicts[better]]
            for metric, a, b, better in rows
        ]  # fmt: skip
        _print_table(console, f"{name}: A → B over the matched cases",
                     ["metric", "A", "B", "Δ", ""], table_rows_, markdown=markdown)  # fmt: skip
    if cmp.items:
        order = {"worse": 0, "mixed": 1, "better": 2, "changed": 3}
        rows_ = [
            [d.verdict, d.key[0], d.key[1], f"{d.key[2]}/{d.key[3]}",
             "; ".join(f"{c.name} {_fmt_value(c.name, c.before)}→{_fmt_value(c.name, c.after)}"
                       for c in d.changes)]
            for d in sorted(cmp.items, key=lambda d: (order[d.verdict], d.key))
        ]  # fmt: skip
        _print_table(console, "cases that changed", ["", "dataset", "id", "language/tone",
                     "what changed"], rows_, markdown=markdown)  # fmt: skip
    unchanged = cmp.matched - len(cmp.items)
    console.print(
        f"better {cmp.count('better')} · worse {cmp.count('worse')} · mixed {cmp.count('mixed')}"
        f" · moved {cmp.count('changed')} · unchanged {unchanged}",
        markup=False,
    )


# --------------------------------------------------------------------------- report

_LEVEL_COLOURS = {"error": "#cf222e", "warning": "#d4a72c", "notice": "#8c959f"}
_DATASET_COLOURS = {"briefs": "#0969da", "legacy": "#8250df", "retrieval": "#1a7f37"}


def _figure(width: float, height: float) -> Any:
    """A matplotlib figure on the Agg canvas (no pyplot: no global state, no display)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return base64.b64encode(buf.getvalue()).decode("ascii")


def chart_pass_rate(summary: dict[str, Any]) -> str | None:
    """Bars: share of drafts with no error findings, per dataset, language and tone."""
    bars = [
        (f"{name} {g['language']} · {g['tone']} (n={g['n']})", g["pass_rate"], name)
        for name, block in summary["datasets"].items()
        if name in DRAFT_DATASETS
        for g in block["groups"]
    ]
    if not bars:
        return None
    fig = _figure(7.5, 0.45 * len(bars) + 1.2)
    ax = fig.add_subplot()
    labels = [b[0] for b in bars][::-1]
    values = [100 * (b[1] or 0.0) for b in bars][::-1]
    colours = [_DATASET_COLOURS[b[2]] for b in bars][::-1]
    ax.barh(labels, values, color=colours)
    for y, v in enumerate(values):
        ax.text(min(v + 1, 92), y, f"{v:.0f}%", va="center", fontsize=9)
    ax.axvline(90, color="#57606a", linestyle="--", linewidth=1)
    ax.set_xlim(0, 100)
    ax.set_xlabel("drafts with no error findings (%); dashed line: the 90% target")
    return _png(fig)


def chart_findings(records: Sequence[CaseRecord]) -> str | None:
    """Stacked bars: validator findings per category, by level, over all drafts."""
    counts: Counter[tuple[str, str]] = Counter()
    for r in records:
        for level, cats in r.findings.items():
            for cat, n in cats.items():
                counts[(cat, level)] += n
    if not counts:
        return None
    totals = Counter[str]()
    for (cat, _), n in counts.items():
        totals[cat] += n
    cats = sorted(totals, key=lambda c: (totals[c], c))
    fig = _figure(7.5, 0.35 * len(cats) + 1.2)
    ax = fig.add_subplot()
    left = [0] * len(cats)
    for level, colour in _LEVEL_COLOURS.items():
        widths = [counts[(c, level)] for c in cats]
        if any(widths):
            ax.barh(cats, widths, left=left, color=colour, label=level)
            left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_xlabel("findings (all drafts)")
    ax.legend(loc="lower right", fontsize=8)
    return _png(fig)


def chart_length(records: Sequence[CaseRecord]) -> str | None:
    """Histograms of ad length against the validator's band, English and Chinese apart."""
    from drafter.metrics import LENGTH_RANGE

    sizes: dict[str, list[float]] = {"en": [], "zh": []}
    for r in records:
        size = r.value("length_in_range")
        if size is not None:
            sizes["en" if r.language == "en" else "zh"].append(size)
    panels = [(k, v) for k, v in sizes.items() if v]
    if not panels:
        return None
    fig = _figure(4.2 * len(panels), 3.2)
    units = {"en": "words (English ads)", "zh": "character equivalents (Chinese ads)"}
    for i, (cls, values) in enumerate(panels, start=1):
        ax = fig.add_subplot(1, len(panels), i)
        low, high = LENGTH_RANGE[cls]
        ax.axvspan(low, high, color="#1a7f37", alpha=0.15, label=f"target {low}–{high}")
        ax.hist(values, bins=min(20, max(5, len(values))), color="#0969da")
        ax.set_xlim(0, max(high * 1.3, max(values) * 1.1))
        ax.set_xlabel(units[cls])
        ax.set_ylabel("ads")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="upper right", fontsize=8)
    return _png(fig)


def chart_latency(records: Sequence[CaseRecord]) -> str | None:
    """Box plots of model seconds per draft, by dataset and language (for a retrieval-only
    run, retrieval seconds per query)."""
    done = [r for r in records if r.error is None]
    drafts = [r for r in done if r.dataset in DRAFT_DATASETS]
    groups: dict[str, list[float]] = defaultdict(list)
    for r in drafts or done:
        groups[f"{r.dataset}\n{r.language}"].append(r.latency_s)
    if not groups:
        return None
    labels = sorted(groups, key=lambda k: (DATASETS.index(k.split("\n")[0]), k))
    fig = _figure(max(4.0, 1.1 * len(labels) + 1.5), 3.4)
    ax = fig.add_subplot()
    ax.boxplot([groups[k] for k in labels], tick_labels=labels)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("model seconds per draft" if drafts else "retrieval seconds per query")
    return _png(fig)


def chart_retrieval(summary: dict[str, Any]) -> str | None:
    """Bars: mean recall@5 and MRR per language."""
    block = summary["datasets"].get("retrieval")
    if not block:
        return None
    groups = block["groups"]
    key = f"recall_at_{RECALL_K}"
    fig = _figure(max(4.0, 1.6 * len(groups) + 1.5), 3.2)
    ax = fig.add_subplot()
    xs = list(range(len(groups)))
    ax.bar([x - 0.2 for x in xs], [g.get(key) or 0 for g in groups], width=0.4,
           label=f"recall@{RECALL_K}", color="#1a7f37")  # fmt: skip
    ax.bar([x + 0.2 for x in xs], [g.get("mrr") or 0 for g in groups], width=0.4, label="MRR",
           color="#0969da")  # fmt: skip
    ax.axhline(0.9, color="#57606a", linestyle="--", linewidth=1, label="target 0.9")
    ax.set_xticks(xs, [g["language"] for g in groups])
    ax.set_ylim(0, 1.05)
    ax.legend(loc="lower right", fontsize=8)
    return _png(fig)


def _html_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], cls: str = "") -> str:
    e = html.escape
    head = "".join(f"<th>{e(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{e(cls)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _item_details(r: CaseRecord) -> str:
    e = html.escape
    parts = [f"<li><b>error</b>: {e(r.error)}</li>"] if r.error else []
    parts += [
        f"<li class='{'fail' if m.passed is False else ''}'><b>{e(m.name)}</b> "
        f"{e(_fmt_value(m.name, m.value))} — {e(m.reason)}</li>"
        for m in r.metrics
    ]
    if r.judge is not None:
        if r.judge.error:
            parts.append(f"<li><b>judge</b> ({e(r.judge.model)}): {e(r.judge.error)}</li>")
        for name, s in r.judge.scores.items():
            parts.append(f"<li><b>judge {e(name)}</b> {s.score}/5 — {e(s.reason)}</li>")
    ad = f"<pre>{e(r.ad)}</pre>" if r.ad else ""
    return f"<details><summary>details</summary><ul>{''.join(parts)}</ul>{ad}</details>"


def _item_row(r: CaseRecord) -> str:
    e = html.escape
    if r.error:
        result, cls = "failed", "fail"
    elif r.dataset == "retrieval":
        result = "all found" if r.passed else "missed"
        cls = "pass" if r.passed else "fail"
    else:
        result, cls = ("pass", "pass") if r.passed else ("errors", "fail")
    errors = ", ".join(f"{c} {n}" for c, n in sorted(r.findings.get("error", {}).items()))
    cells = [r.dataset, r.id, r.language, r.tone]
    return (
        "<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells)
        + f"<td class='{cls}'>{e(result)}</td><td>{e(errors)}</td>"
        + f"<td>{r.latency_s:.2f}</td><td>{r.tokens.total}</td><td>{_item_details(r)}</td></tr>"
    )  # fmt: skip


_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft JhengHei",sans-serif;margin:2rem;
max-width:80rem;color:#1f2328} h1{font-size:1.5rem} h2{margin-top:2rem}
table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem}
td,th{border:1px solid #d0d7de;padding:.25rem .55rem;text-align:right;vertical-align:top}
td:first-child,th:first-child,table.items td,table.meta td{text-align:left}
th{background:#f6f8fa} .pass{color:#1a7f37} .fail{color:#cf222e}
figure{margin:1rem 0} figcaption{color:#57606a;font-size:.9rem} img{max-width:100%}
pre{white-space:pre-wrap;background:#f6f8fa;padding:.6rem;font-size:.85rem}
li.fail{color:#cf222e} details summary{cursor:pointer;color:#0969da}
"""


def render_report(records: Sequence[CaseRecord], summary: dict[str, Any]) -> str:
    """The run as one HTML page: metadata, tables, charts (inline PNG) and every case."""
    e = html.escape
    run = summary.get("run") or {}
    git = run.get("git") or {}
    commit = (git.get("commit") or "unknown")[:12] + (" (uncommitted changes)" if git.get("dirty")
                                                       else "")  # fmt: skip
    versions = "; ".join(
        f"{name} v{d.get('version')} ({d.get('cases')} cases, sha256 {str(d.get('sha256'))[:12]})"
        for name, d in (run.get("datasets") or {}).items()
    )
    meta_rows = [
        ("run", run.get("id", "")), ("backend", f"{run.get('backend')} / {run.get('model')}"),
        ("judge", run.get("judge_model") or "not run"),
        ("started", run.get("started")), ("finished", run.get("finished")),
        ("seconds", run.get("seconds")), ("complete", run.get("complete")),
        ("commit", commit), ("datasets", versions),
        ("cases", f"{summary.get('cases')} ({summary.get('failed')} failed)"),
    ]  # fmt: skip
    sections = [f"<h1>drafter eval — {e(str(run.get('id', '')))}</h1>",
                _html_table(["", ""], meta_rows, "meta")]  # fmt: skip
    sections.append(
        "<p>Pass = no <code>error</code> finding from the validator (a failed case counts as"
        " not passing). Fact coverage, sections and the other means are over the cases that"
        " produced an ad. Script purity is the share of Chinese ads with no wrong-script"
        " character. Judge scores, when present, are a model's opinion and are kept apart.</p>"
    )
    for name, block in summary.get("datasets", {}).items():
        headers, rows = table_rows(block, columns(name, block), by_tone=name != "retrieval")
        what = "per language" if name == "retrieval" else "per language × tone"
        sections.append(f"<h2>{e(name)}: {what}</h2>" + _html_table(headers, rows))
    for name, block in summary.get("judge", {}).items():
        headers, rows = table_rows(block, JUDGE_COLUMNS)
        sections.append(f"<h2>{e(name)}: judge scores (1–5, model-rated)</h2>"
                        + _html_table(headers, rows))  # fmt: skip
    drafts = [r for r in records if r.dataset in DRAFT_DATASETS]
    charts = [
        ("Pass rate per language × tone", chart_pass_rate(summary)),
        ("Validator findings by category", chart_findings(drafts)),
        ("Ad length against the target band", chart_length(drafts)),
        ("Latency per case", chart_latency(records)),
        (f"Retrieval: recall@{RECALL_K} and MRR per language", chart_retrieval(summary)),
    ]
    sections.append("<h2>Charts</h2>")
    for title, png in charts:
        if png is None:
            continue
        sections.append(
            f'<figure><img src="data:image/png;base64,{png}" alt="{e(title)}">'
            f"<figcaption>{e(title)}</figcaption></figure>"
        )
    header = "".join(f"<th>{h}</th>" for h in ("dataset", "id", "language", "tone", "result",
                                               "errors", "latency s", "tokens", ""))  # fmt: skip
    sections.append(
        f"<h2>Cases</h2><table class='items'><thead><tr>{header}</tr></thead><tbody>"
        + "".join(_item_row(r) for r in records) + "</tbody></table>"
    )  # fmt: skip
    settings = json.dumps(run.get("settings") or {}, ensure_ascii=False, indent=2)
    sections.append(f"<h2>Settings</h2><pre>{e(settings)}</pre>")
    title = e(f"drafter eval {run.get('id', '')}")
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{_CSS}</style></head><body>\n" + "\n".join(sections) + "\n</body></html>\n"
    )


def write_report(run_dir: str | Path) -> Path:
    """Write report.html into a run folder from its items.jsonl and summary.json."""
    path, records, summary = load_run(run_dir)
    out = path / "report.html"
    out.write_text(render_report(records, summary), encoding="utf-8")
    return out


# --------------------------------------------------------------------------- command line


def _say(message: str) -> None:
    click.echo(f"drafter: {message}", err=True)


@click.group("eval", invoke_without_command=True)
@click.option(
    "--dataset",
    type=click.Choice([*DATASETS, *NOTES_DATASETS, *CHECK_DATASETS, "all"]),
    default="all",
    show_default=True,
    help="Which dataset to run (notes, notes-heldout, notes-3: reading notes into briefs; not in "
    "'all').",
)
@click.option(
    "--half",
    type=click.Choice(["tune", "test", "all"]),
    default="tune",
    show_default=True,
    help="notes and check only: the half to run (tune on 'tune'; run 'test' once, at the end).",
)
@click.option("--backend", type=click.Choice(["local", "openai", "fake"]), default=None,
              help="Model backend (default: local, or DRAFTER_BACKEND).")  # fmt: skip
@click.option("--model", default=None, help="Model name (openai) or GGUF path (local).")
@click.option("--base-url", default=None, help="OpenAI-compatible endpoint (openai, judge).")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Run N cases of each dataset, spread evenly over it.")  # fmt: skip
@click.option("--workers", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Cases at once on API backends (the local backend runs one).")  # fmt: skip
@click.option("--lang", "languages", multiple=True, type=click.Choice(LANGUAGES),
              help="Only these languages (repeatable).")  # fmt: skip
@click.option(
    "--tone",
    "tones",
    multiple=True,
    type=click.Choice(TONES),
    help="Only these tones (repeatable; legacy rewrites use professional otherwise).",
)
@click.option("--id", "ids", multiple=True, help="Only these dataset item ids (repeatable).")
@click.option("--runs", "runs_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder for run folders (default: evals/runs).")  # fmt: skip
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the dataset files (default: evals/datasets).",
)
@click.option("--no-knowledge", is_flag=True, help="Draft without retrieved knowledge passages.")
@click.option(
    "--judge",
    is_flag=True,
    help="Also score each ad with the rubric judge (needs an OpenAI-compatible backend).",
)
@click.option("--judge-model", default=None, help="Model for the judge (default: --model).")
@click.option("--markdown", is_flag=True, help="Print the tables as Markdown.")
@click.option("--quiet", is_flag=True, help="No progress lines on stderr.")
@click.pass_context
def eval_cli(ctx: click.Context, dataset: str, half: str, backend: str | None, model: str | None,
             base_url: str | None, limit: int | None, workers: int, languages: tuple[str, ...],
             tones: tuple[str, ...], ids: tuple[str, ...], runs_dir: Path | None,
             data_dir: Path | None, no_knowledge: bool, judge: bool, judge_model: str | None,
             markdown: bool, quiet: bool) -> None:  # fmt: skip
    """Run the evals and save the run (items.jsonl, summary.json, report.html) under evals/runs.

    \b
    drafter eval --dataset briefs --backend openai --workers 8
    drafter eval compare RUN_A RUN_B
    drafter eval report RUN
    """
    if ctx.invoked_subcommand is not None:
        return
    from drafter.cli import _run

    def body() -> int:
        if dataset in CHECK_DATASETS:  # rules only: no model, no settings
            return _eval_check(dataset, half, languages, ids, data_dir, runs_dir)
        settings = settings_for_command(model, backend=backend, base_url=base_url)
        if dataset in NOTES_DATASETS:
            return _eval_notes(settings, dataset, half, languages, ids, data_dir, runs_dir, quiet)
        options = RunOptions(
            datasets=DATASETS if dataset == "all" else (dataset,), limit=limit, workers=workers,
            languages=languages, tones=tones, ids=ids, knowledge=not no_knowledge, judge=judge,
            judge_model=judge_model, data_dir=data_dir or DATASETS_DIR,
            runs_dir=runs_dir or RUNS_DIR,
        )  # fmt: skip
        result = run_eval(settings, options, say=(lambda _m: None) if quiet else _say)
        console = _console()
        print_tables(result.summary, console, markdown=markdown)
        for note in result.notes if quiet else ():  # said at the start unless --quiet
            _say(note)
        failed = result.summary["failed"]
        if failed:
            _say(f"{failed} of {result.summary['cases']} cases failed (recorded in items.jsonl)")
        _say(f"run saved to {result.path} (report: {result.path / 'report.html'})")
        return 0

    _run(body)


def _eval_check(
    name: str, half: str, languages: tuple[str, ...], ids: tuple[str, ...],
    data_dir: Path | None, runs_dir: Path | None,
) -> int:  # fmt: skip
    """Run the validator over the labelled check dataset (one half) and print recall and false
    alarms per category and language."""
    from drafter import check_eval

    items = check_eval.load_check((data_dir or DATASETS_DIR) / f"{name}.yaml")
    items = [i for i in items if half == "all" or i.split == half]
    items = [i for i in items if (not languages or i.language in languages)]
    items = [i for i in items if (not ids or i.id in ids)]
    if not items:
        raise InputError("no items match", field="--half/--lang/--id", fix="widen the filter")
    started = datetime.now(UTC)
    scores, seconds = check_eval.run_check(items)
    summary = check_eval.summarize(scores)
    folder = check_eval.run_folder(runs_dir or RUNS_DIR, half, name)
    meta = {"dataset": name, "half": half, "git": _git(), "started": _iso(started),
            "items": len(items), "seconds": round(seconds, 3)}  # fmt: skip
    check_eval.save_run(folder, scores, summary, meta)
    click.echo(f"check · half {half} · {len(items)} items · {seconds:.2f} s\n")
    click.echo(check_eval.table(summary))
    _say(f"run saved to {folder}")
    return 0


def _eval_notes(
    settings: Settings, name: str, half: str, languages: tuple[str, ...], ids: tuple[str, ...],
    data_dir: Path | None, runs_dir: Path | None, quiet: bool,
) -> int:  # fmt: skip
    """Read a notes dataset (one half) into briefs and score every field."""
    from drafter import notes_eval
    from drafter.pipeline import Pipeline

    items = notes_eval.load_notes((data_dir or DATASETS_DIR) / f"{name}.yaml")
    items = [i for i in items if half == "all" or i.half == half]
    items = [i for i in items if (not languages or i.language in languages)]
    items = [i for i in items if (not ids or i.id in ids)]
    if not items:
        raise InputError("no notes match", field="--half/--lang/--id", fix="widen the filter")
    backend = open_backend(settings)
    pipeline = Pipeline(settings, backend=backend, knowledge=False)

    def read(note: str) -> dict[str, Any]:
        reading, _usage = pipeline.read(note)
        return reading.model_dump(mode="json")

    started = datetime.now(UTC)
    scores = notes_eval.run_notes(items, read, say=None if quiet else _say)
    folder = notes_eval.run_folder(runs_dir or RUNS_DIR, backend.name, f"{name}-{half}")
    meta = {"dataset": name, "half": half, "backend": backend.name, "model": backend.model,
            "git": _git(), "started": _iso(started), "notes": len(items)}  # fmt: skip
    summary = notes_eval.save_run(folder, scores, meta)
    click.echo(notes_eval.table(summary["summary"]))
    _say(f"run saved to {folder}")
    return 0


@eval_cli.command("compare")
@click.argument("run_a")
@click.argument("run_b")
@click.option("--markdown", is_flag=True, help="Print the tables as Markdown.")
def compare(run_a: str, run_b: str, markdown: bool) -> None:
    """Show what got better or worse from RUN_A to RUN_B, in aggregate and case by case."""
    from drafter.cli import _run

    def body() -> int:
        print_comparison(compare_runs(run_a, run_b), _console(), markdown=markdown)
        return 0

    _run(body)


@eval_cli.command("report")
@click.argument("run")
@click.option("--markdown", is_flag=True, help="Print the tables as Markdown.")
def report(run: str, markdown: bool) -> None:
    """Write RUN's report.html again (charts and tables) and print its tables."""
    from drafter.cli import _run

    def body() -> int:
        out = write_report(run)
        _, _, summary = load_run(out.parent)
        print_tables(summary, _console(), markdown=markdown)
        _say(f"wrote {out}")
        return 0

    _run(body)
