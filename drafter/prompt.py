"""Build the model's messages from prompt files in prompts/, within a token budget."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from langchain_core.prompts import PromptTemplate

from drafter.backends import Message
from drafter.brief import Brief, Language, Tone
from drafter.errors import ConfigError
from drafter.loading import once, read_yaml
from drafter.readers import converter
from drafter.retrieve import RetrievedPassage
from drafter.tokens import count_tokens, trim_to_tokens

# Context beyond this many tokens costs the local model ~1 s per 80 tokens on 2 cores and
# adds little for a 1.5B model; an endpoint with a large window still gets the same cap.
MAX_CONTEXT_TOKENS = 550


@once
def _read(folder: Path, name: str) -> str:
    path = folder / name
    if not path.is_file():
        raise ConfigError("prompt file missing", file=str(path), fix="restore it from git")
    return path.read_text(encoding="utf-8")


def template(folder: Path, name: str) -> PromptTemplate:
    """A prompt file as a LangChain template with its named variables."""
    return PromptTemplate.from_template(_read(folder, name), template_format="f-string")


@once
def styles(folder: Path) -> dict[str, Any]:
    """Tone and language rules from prompts/styles.yaml (parsed once per folder)."""
    data = read_yaml(_read(folder, "styles.yaml"))
    if not isinstance(data, dict) or not {"tone", "language"} <= data.keys():
        raise ConfigError("needs tone and language tables", file=str(folder / "styles.yaml"))
    return data


def writer(prompts_dir: Path, language: Language) -> tuple[str, Callable[[str], str]]:
    """The language the model is asked to write in, and how the text it reads is put into that
    script: a Hong Kong ad is written in Simplified characters (`writes_in` in styles.yaml) and
    turned into Traditional afterwards, so the brief and passages are shown in Simplified too."""
    lang = styles(prompts_dir)["language"][language]
    if lang.get("writes_in") == "zh-Hans":
        return lang.get("writer_name", lang["name"]), converter("t2s").convert
    return lang.get("writer_name", lang["name"]), str


def brief_facts(brief: Brief) -> str:
    """The brief as compact YAML for the model (it reads facts, it does not print them)."""
    data = brief.model_dump(exclude_none=True, exclude_defaults=False, mode="json")
    for key in ("how_to_apply", "jurisdiction"):
        data.pop(key, None)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: 10x faster
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100).strip()


# Sections of an example ad that carry another company's facts: its story, its role, its duties.
FACT_HEADINGS = (
    "about us", "the role", "what you'll do", "what you will do",
    "關於我們", "关于我们", "公司簡介", "公司简介", "職位簡介", "职位概述", "職位概述",
    "工作範疇", "工作职责", "工作職責",
)  # fmt: skip


def style_sample(text: str) -> str:
    """An example ad without its facts: no title, fact lines, about-us, role or duty sections.

    A small model copies whatever concrete detail it sees; another company's founding year, store
    address or hotline duties must never reach the draft, so they never reach the prompt. What
    is left (the opening, requirements, offer and closing) still shows the tone.
    """
    kept: list[str] = []
    skipping = False
    for line in text.splitlines():
        if line.startswith("# "):
            continue
        if line.startswith("## "):
            skipping = line[3:].strip().lower().startswith(FACT_HEADINGS)
        if skipping or line.startswith("**"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def format_context(
    passages: list[RetrievedPassage], budget: int, max_examples: int = 1
) -> tuple[str, list[str]]:
    """Passages in rank order until the budget is spent; returns text and the ids used.

    Example ads are shown as style samples (see `style_sample`), at most `max_examples` of them,
    so guides keep their share of the budget.
    """
    blocks: list[str] = []
    used: list[str] = []
    left = budget
    examples = 0
    for p in passages:
        text = p.text.strip()
        if p.kind == "example":
            if examples >= max_examples:
                continue
            text = style_sample(text)
            if not text:
                continue
            examples += 1
        block = f"[{p.id}]\n{text}"
        cost = count_tokens(block)
        if cost > left:
            if left > 120:  # a useful slice still fits
                blocks.append(trim_to_tokens(block, left))
                used.append(p.id)
                break
            continue
        blocks.append(block)
        used.append(p.id)
        left -= cost
    return "\n\n".join(blocks) or "(none)", used


def pieces_messages(
    prompts_dir: Path, language: Language, tone: Tone, *, facts: str, tasks: str, style: str
) -> list[Message]:
    """System and user messages asking for the small pieces of one ad (drafter/draft.py): a
    short style sample, the job's facts as the model reads them, and what to write from which
    lines."""
    st = styles(prompts_dir)
    name, script = writer(prompts_dir, language)
    system = template(prompts_dir, "draft_system.txt").format(
        language_name=name, tone_rules=st["tone"][tone].strip(),
        language_rules=st["language"][language]["rules"].strip(),
    )  # fmt: skip
    user = template(prompts_dir, "draft_user.txt").format(
        style=script(style), facts=script(facts), tasks=script(tasks), language_name=name
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def translate_messages(prompts_dir: Path, language: Language, *, tasks: str) -> list[Message]:
    """System and user messages asking for the brief's facts in the ad's language, one field
    per fact, with nothing else in view: the job's other facts and a style sample made a small
    model write a form of labelled lines instead of translations."""
    st = styles(prompts_dir)
    name, script = writer(prompts_dir, language)
    system = template(prompts_dir, "translate_system.txt").format(
        language_name=name, language_rules=st["language"][language]["rules"].strip()
    )
    user = template(prompts_dir, "translate_user.txt").format(tasks=script(tasks),
                                                              language_name=name)  # fmt: skip
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def reask_message(prompts_dir: Path, previous: str, problems: list[str]) -> list[Message]:
    """The assistant's last answer and the follow-up naming what to fix."""
    text = template(prompts_dir, "reask.txt").format(problems="\n".join(f"- {p}" for p in problems))
    return [{"role": "assistant", "content": previous}, {"role": "user", "content": text}]


# A note (or legacy JD) is shown to the reading model up to this many tokens; the pieces it is
# asked about follow in full.
NOTE_TOKENS = 350


def extract_messages(prompts_dir: Path, text: str, *, pieces: str, count: int) -> list[Message]:
    """Messages asking the model for the title, company and place of a note, as spans of it, and
    one kind for each numbered piece the reader could not place."""
    note = trim_to_tokens(text, NOTE_TOKENS) if count_tokens(text) > NOTE_TOKENS else text
    user = template(prompts_dir, "extract_user.txt").format(text=note, pieces=pieces, count=count)
    return [
        {"role": "system", "content": _read(prompts_dir, "extract_system.txt")},
        {"role": "user", "content": user},
    ]


def as_json(obj: Any) -> str:
    """Compact JSON for prompts."""
    return json.dumps(obj, ensure_ascii=False)
