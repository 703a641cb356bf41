"""The whole flow for one brief: brief → retrieve → prompt → draft → validate → render."""

from __future__ import annotations

from collections.abc import Callable

from drafter.backends import Backend, TokenCallback, make_backend
from drafter.brief import Brief, Language, Tone, load_brief_source
from drafter.draft import DraftResult, Validator, draft_ad
from drafter.extract import extract_brief
from drafter.retrieve import retrieve
from drafter.settings import Settings
from drafter.store import KnowledgeStore, open_store

Status = Callable[[str], None]


def run_draft(
    source: str,
    *,
    language: Language,
    tone: Tone,
    settings: Settings,
    on_token: TokenCallback | None = None,
    status: Status | None = None,
    backend: Backend | None = None,
    store: KnowledgeStore | None = None,
    validator: Validator | None = None,
) -> tuple[DraftResult, list[str]]:
    """Draft an ad from a brief file, a text file or free text; returns the result and notes."""
    say = status or (lambda _msg: None)
    brief, free_text, label = load_brief_source(source)
    backend = backend or make_backend(settings)
    notes: list[str] = []
    extract_usage = None
    if brief is None:
        assert free_text is not None  # load_brief_source returns exactly one of the two
        say(f"drafter: reading the free-text brief from {label} with {backend.name}…")
        brief, notes, extract_usage = extract_brief(free_text, backend=backend, settings=settings)
        notes.insert(0, "extracted brief (check it; save it with --save-brief):\n" + _show(brief))
        if any(n.startswith(("missing ", "check ")) for n in notes):
            notes.insert(1, "what to check before publishing (fill these in the saved brief):")
    if store is None:
        say("drafter: opening the knowledge store…")
        store = open_store(settings)
    passages = retrieve(store, brief, language, tone, k=settings.retrieve_k)
    if validator is None:
        validator = default_validator(settings)
    say(f"drafter: drafting with {backend.name} ({backend.model})…")
    result = draft_ad(
        brief, language=language, tone=tone, backend=backend, settings=settings,
        passages=passages, on_token=on_token, validator=validator,
    )  # fmt: skip
    if extract_usage is not None:
        result = result.model_copy(update={"usage": extract_usage.add(result.usage)})
    return result, notes


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
