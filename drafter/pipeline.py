"""The one path from a note or a brief to a checked ad: read → retrieve → draft → validate.

The CLI (`drafter draft`), the page, the eval runner and `drafter rewrite` each hold one
`Pipeline` and draft through it: the backend, the knowledge store and the validator are opened
once, on first use, and shared by threads; `read` turns a recruiter's note into a brief and
`draft` writes the ad from a brief. Nothing else in drafter calls `draft_ad` or `retrieve`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from drafter.backends import Backend, TokenCallback, Usage, make_backend
from drafter.brief import Brief, Language, Tone, load_brief_source
from drafter.draft import DraftResult, Validator, draft_ad
from drafter.extract import Reading, read_note
from drafter.retrieve import RetrievedPassage, build_query, retrieve
from drafter.settings import Settings

if TYPE_CHECKING:  # chromadb is imported only when a store is opened (0.8 s a process)
    from drafter.store import KnowledgeStore

# A progress report: the step ("reading", "knowledge", "writing") and a line for a terminal.
Status = Callable[[str, str], None]
Retriever = Callable[[Brief, str, str], list[RetrievedPassage]]


class Pipeline:
    """Settings, backend, knowledge store and validator, each built on first use, and the two
    steps every caller drafts with."""

    def __init__(
        self,
        settings: Settings,
        *,
        backend: Backend | None = None,
        store: KnowledgeStore | None = None,
        knowledge: bool = True,
        retriever: Retriever | None = None,
        validator: Validator | None = None,
        wrap: Callable[[Backend], Any] | None = None,
    ) -> None:
        self.settings = settings
        self.knowledge = knowledge
        self._backend = backend
        self._store = store
        self._retriever = retriever
        self._validator = validator
        self._wrap = wrap  # e.g. the page's one-call-at-a-time guard for the local model
        self._passages: dict[tuple[str, str, str], list[RetrievedPassage]] = {}
        # Separate locks: loading the model must not hold up opening the store, or the reverse.
        self._backend_lock = threading.Lock()
        self._store_lock = threading.Lock()
        self._query_lock = threading.Lock()
        self._validator_lock = threading.Lock()

    # -- what is opened once ----------------------------------------------------------------

    def backend(self) -> Backend:
        """The model backend (the local model loads here, once)."""
        with self._backend_lock:
            if self._backend is None:
                backend = make_backend(self.settings)
                self._backend = self._wrap(backend) if self._wrap else backend
            return self._backend

    @property
    def opened_backend(self) -> Backend | None:
        """The backend if it is open (for reports that must not load a model)."""
        return self._backend

    def store(self) -> KnowledgeStore | None:
        """The knowledge store, synced on first use; None when knowledge is off."""
        if not self.knowledge:
            return None
        with self._store_lock:
            if self._store is None:
                from drafter.store import open_store

                self._store = open_store(self.settings)
            return self._store

    def validator(self) -> Validator:
        """The validator drafting feeds its error findings back through."""
        with self._validator_lock:
            if self._validator is None:
                self._validator = default_validator(self.settings)
            return self._validator

    def passages(self, brief: Brief, language: str, tone: str) -> list[RetrievedPassage]:
        """Knowledge passages for a draft; one query per search text, language and tone."""
        if self._retriever is not None:
            return self._retriever(brief, language, tone)
        store = self.store()
        if store is None:
            return []
        key = (build_query(brief), language, tone)
        with self._query_lock:  # one query at a time on the shared store
            if key not in self._passages:
                self._passages[key] = retrieve(
                    store, brief, language, tone, k=self.settings.retrieve_k
                )
            return self._passages[key]

    # -- the steps --------------------------------------------------------------------------

    def read(self, note: str, *, legacy: bool = False) -> tuple[Reading, Usage]:
        """A recruiter's note (or a legacy JD) read into a brief, with what it leaves open."""
        return read_note(note, backend=self.backend(), settings=self.settings, legacy=legacy)

    def draft(
        self,
        brief: Brief,
        language: Language,
        tone: Tone,
        *,
        backend: Any = None,
        on_token: TokenCallback | None = None,
        status: Status | None = None,
        usage: Usage | None = None,
    ) -> DraftResult:
        """The ad for `brief`; `usage` (of reading the note) is added to the result's.

        `backend` replaces the shared one for this draft only (the page watches its calls)."""
        say = status or (lambda _step, _msg: None)
        opening = self.knowledge and self._store is None and self._retriever is None
        say("knowledge", "drafter: opening the knowledge store…" if opening else "")
        passages = self.passages(brief, language, tone)
        model = backend or self.backend()
        say("writing", f"drafter: drafting with {model.name} ({model.model})…")
        result = draft_ad(
            brief, language=language, tone=tone, backend=model, settings=self.settings,
            passages=passages, on_token=on_token, validator=self.validator(),
        )  # fmt: skip
        if usage is not None:
            result = result.model_copy(update={"usage": usage.add(result.usage)})
        return result

    def run(
        self,
        source: str,
        *,
        language: Language,
        tone: Tone,
        on_token: TokenCallback | None = None,
        status: Status | None = None,
    ) -> tuple[DraftResult, list[str]]:
        """Draft from a brief file, a text file or free text; the result and the notes for
        the recruiter (what the note left open)."""
        say = status or (lambda _step, _msg: None)
        brief, free_text, label = load_brief_source(source)
        notes: list[str] = []
        usage = None
        if brief is None:
            assert free_text is not None  # load_brief_source returns exactly one of the two
            backend = self.backend()
            say("reading", f"drafter: reading the note from {label} with {backend.name}…")
            reading, usage = self.read(free_text)
            brief = reading.brief
            notes = reading.check_lines() + reading.notes
            shown = _show(brief)
            notes.insert(0, f"extracted brief (check it; save it with --save-brief):\n{shown}")
            if any(n.startswith(("missing ", "check ")) for n in notes):
                notes.insert(1, "what to check before publishing (fill these in the saved brief):")
        result = self.draft(brief, language, tone, on_token=on_token, status=status, usage=usage)
        return result, notes

    def rewrite(
        self,
        text: str,
        *,
        tone: Tone = "professional",
        language: Language | None = None,
        jurisdiction: str | None = None,
        key: str = "<text>",
    ) -> Any:
        """One legacy job description rewritten as `drafter rewrite` does it (injected
        instructions dropped, conditions taken out, the ad drafted and checked): a
        `drafter.rewrite.Rewritten` with the ad (`draft`) and what changed (`report`)."""
        import hashlib

        from drafter.readers import SourceItem
        from drafter.rewrite import RewriteOptions, Rewriter

        options = RewriteOptions(tone=tone, language=language, jurisdiction=jurisdiction)  # type: ignore[arg-type]
        item = SourceItem(key=key, file=key, row=None, text=text, error=None,
                          sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())  # fmt: skip
        backend = self.backend()
        rewriter = Rewriter(self.settings, backend, options, pipeline=self)
        return rewriter.rewrite(item, options.fingerprint(backend))


def run_draft(
    source: str,
    *,
    language: Language,
    tone: Tone,
    settings: Settings,
    on_token: TokenCallback | None = None,
    status: Status | None = None,
) -> tuple[DraftResult, list[str]]:
    """Draft an ad from a brief file, a text file or free text (one-off `Pipeline.run`)."""
    return Pipeline(settings).run(
        source, language=language, tone=tone, on_token=on_token, status=status
    )


# Findings the model can act on by rewriting its prose. Placeholders, pay and structure come
# from the brief and the renderer, so re-asking the model about them would only cost time.
MODEL_FIXABLE = ("discrimination.", "inclusive.gendered_terms", "inclusive.jargon", "script",
                 "faithfulness", "length", "readability")  # fmt: skip


def default_validator(settings: Settings) -> Validator:
    """The rule validator wired for drafting: error findings the model can fix are fed back."""
    from drafter.validate import CheckConfig, check_text, load_rules

    config = CheckConfig.from_table(settings.extra_tables.get("check"))
    rules = load_rules()

    def validate(markdown: str, brief: Brief, language: Language) -> tuple[list[str], dict]:
        report = check_text(markdown, language=language, brief=brief, config=config, rules=rules)
        problems = [
            f'{f.rule}: {f.message} ("{f.excerpt}"){" — " + f.suggestion if f.suggestion else ""}'
            for f in report.findings
            if f.level == "error" and f.category.startswith(MODEL_FIXABLE)
        ]
        return problems, report.model_dump(mode="json")

    return validate


def _show(brief: Brief) -> str:
    import yaml

    data = brief.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).rstrip()
