"""`drafter eval --dataset notes`: how faithfully recruiters' notes are read into briefs.

Each note in evals/datasets/notes.yaml comes with the fields a careful reader would fill, word
for word. This module scores a reading against them and never calls the reader's own helpers
(its patterns, its checks): if both shared a bug, the score could not see it. It compares
strings only, after a normalisation of its own (width, case, spaces, end punctuation).

Per note and in total it counts:
- stated facts in the right field (recall) and the reader's facts that match one (precision);
- level swaps: a requirement read at another level than the note gives (must / preferred /
  nice to have / none given);
- invented defaults: a field filled that the note leaves empty (employment type, arrangement,
  company, place, pay, headcount, seniority);
- altered facts: a value that is not the note's words, or a type, period, arrangement,
  amount or contact that differs from the note's;
- leaks: words of an instruction hidden in the note that reached a field;
- the missing and ambiguous lists against the ones the note calls for.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from drafter.errors import DrafterError, InputError
from drafter.loading import read_yaml

Half = Literal["tune", "test", "all"]
PLACEHOLDER = re.compile(r"^\[[^\]]+\]$")
REQ_LEVELS = ("must_have", "preferred", "nice_to_have", "requirements")
LIST_KEYS = ("duties", *REQ_LEVELS, "benefits")
APPLY_KEYS = ("contact", "email", "url", "phone", "whatsapp", "wechat", "address", "deadline")
# What the recruiter is told is missing when the note leaves it out (the reader's field names).
MISSING_NAMES = {
    "company": "company.name", "location": "location", "pay": "pay",
    "employment_type": "employment_type", "apply": "how_to_apply", "duties": "duties",
    "requirements": "requirements",
}  # fmt: skip
AMBIGUOUS_NAMES = {"requirement_level": "requirements", "level": "requirements"}
# Words that say a requirement's level inside an item ("Mandarin a plus"); ignored when
# comparing item texts, so the reader may keep or drop them.
_LEVEL_WORDS = re.compile(
    r"\b(?:is |would be |will be )?(?:an? )?(?:big )?(?:plus|bonus|advantage)\b|\bpreferred\b|"
    r"\bpreferably\b|\bideally\b|\bnice to have\b|\bdesirable\b|\bmust(?: have| be)?\b|"
    r"\brequired\b|\bessential\b|优先|優先|加分|更佳|较佳|較佳|佳$|更好$|必须|必須|必备|必備",
    re.I,
)


class Expect(BaseModel):
    """The fields a careful reader fills from one note."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    company: str | None = None
    location: str | None = None
    arrangement: dict[str, Any] | None = None
    employment_type: str | None = None
    pay: dict[str, Any] | None = None
    headcount: int | None = None
    schedule: str | None = None
    duties: list[str] = Field(default_factory=list)
    must_have: list[str] = Field(default_factory=list)
    preferred: list[str] = Field(default_factory=list)
    nice_to_have: list[str] = Field(default_factory=list)
    requirements: list[str] = Field(default_factory=list)
    benefits: list[str] = Field(default_factory=list)
    apply: dict[str, Any] = Field(default_factory=dict)
    ambiguous: list[str] = Field(default_factory=list)
    forbidden: list[str] = Field(default_factory=list)
    # the note's words a reader may take or leave ("end of March" beside "31 March 2025", an
    # OTE beside the basic pay): read, they count neither for nor against precision
    optional: list[str] = Field(default_factory=list)

    @field_validator(*LIST_KEYS, "apply", "ambiguous", "forbidden", "optional", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any, info: Any) -> Any:
        """`apply: null` (the note settles no way to apply) is no way to apply, as `{}` is."""
        if value is None:
            return {} if info.field_name == "apply" else []
        return value

    @field_validator("arrangement", mode="before")
    @classmethod
    def _kind_spelled_as_the_brief(cls, value: Any) -> Any:
        """ "onsite" and "on site" are the brief's "on-site": a spelling, not another kind."""
        if isinstance(value, dict) and str(value.get("kind", "")).lower() in ("onsite", "on site"):
            return {**value, "kind": "on-site"}
        return value


class NoteItem(BaseModel):
    """One note of the dataset."""

    model_config = ConfigDict(extra="ignore")

    id: str
    half: Literal["tune", "test"]
    language: Literal["en", "zh-Hans", "zh-Hant"]
    style: str
    note: str
    expect: Expect


def load_notes(path: Path) -> list[NoteItem]:
    """The notes dataset; a malformed one is one line naming the item and field."""
    if not path.is_file():
        raise InputError("dataset file not found", file=str(path), fix="restore it from git")
    try:
        data = read_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", file=str(path), fix="fix the YAML") from None
    items = data.get("notes") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError("no notes list", file=str(path), field="notes", fix="see the README")
    out = []
    for i, raw in enumerate(items):
        try:
            out.append(NoteItem.model_validate(raw))
        except Exception as exc:  # pydantic's message, one line
            first = str(exc).splitlines()
            raise InputError(
                f"item {i} is malformed: {' '.join(first[:3])}", file=str(path),
                field=f"notes[{i}]", fix="correct the item",
            ) from None  # fmt: skip
    return out


# --------------------------------------------------------------------------- comparing


def norm(text: Any) -> str:
    """Width, case and spaces folded; end punctuation off."""
    s = unicodedata.normalize("NFKC", str(text or "")).lower()
    s = re.sub(r"\s+", " ", s).strip()
    return s.strip(" .,;:!?。，；：、！？-–—*·•\"'“”‘’()（）")


def _core(text: Any) -> str:
    return norm(_LEVEL_WORDS.sub(" ", norm(text)))


def _optional(ex: Expect, got: Any) -> bool:
    """The value read is one the note's author left optional."""
    return any(holds(o, got) or holds(got, o) for o in ex.optional)


def same(expected: Any, actual: Any) -> bool:
    """The same item: equal, or one holds the other and they share most of their length."""
    e, a = _core(expected), _core(actual)
    if not e or not a:
        return False
    if e == a:
        return True
    short, long_ = sorted((e, a), key=len)
    return short in long_ and len(short) >= 0.5 * len(long_)


def holds(expected: Any, actual: Any) -> bool:
    """A scalar read with more context than needed still holds the fact ("Tseung Kwan O" in
    "Tseung Kwan O, Hong Kong")."""
    e, a = norm(expected), norm(actual)
    return bool(e) and bool(a) and (e in a or (a in e and len(a) >= 0.6 * len(e)))


def digits(text: Any) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", str(text or "")))


def in_note(value: Any, note: str) -> bool:
    """The value is the note's own words (spaces and width aside)."""
    v = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)).lower())
    n = re.sub(r"\s+", "", unicodedata.normalize("NFKC", note).lower())
    return bool(v) and v.strip(".,;:。，；：") in n


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {}) and not (
        isinstance(value, str) and PLACEHOLDER.match(value.strip())
    )


class Score(BaseModel):
    """One note's score."""

    id: str
    language: str
    style: str
    half: str
    stated: int = 0
    found: int = 0
    read: int = 0  # facts the reader gave
    matched: int = 0  # of those, ones the note states in that field
    level_swaps: list[str] = []
    invented: list[str] = []
    altered: list[str] = []
    leaks: list[str] = []
    lost: list[str] = []  # stated facts not found in their field
    extra: list[str] = []  # facts read that the note does not state there
    missing_expected: list[str] = []
    missing_given: list[str] = []
    missing_ok: bool = True
    ambiguous_ok: bool = True
    seconds: float = 0.0
    error: str | None = None


def score_reading(item: NoteItem, reading: dict[str, Any]) -> Score:
    """Score one reading (`Reading.model_dump()`: brief, missing, ambiguous) against the note."""
    ex = item.expect
    brief = reading["brief"]
    note = item.note
    s = Score(id=item.id, language=item.language, style=item.style, half=item.half)

    def stated(label: str, ok: bool) -> None:
        s.stated += 1
        if ok:
            s.found += 1
        else:
            s.lost.append(label)

    company = brief["company"]["name"]
    location = brief["location"]
    how = brief.get("how_to_apply") or {}
    pay = brief.get("pay") or None
    arr = brief.get("arrangement") or None
    reqs = brief.get("requirements") or {}
    actual_lists = {
        "duties": brief.get("duties") or [], "benefits": brief.get("benefits") or [],
        "must_have": reqs.get("must_have") or [], "preferred": reqs.get("preferred") or [],
        "nice_to_have": reqs.get("nice_to_have") or [],
        "requirements": reqs.get("unlabelled") or [],
    }  # fmt: skip
    # --- scalars
    scalars = (
        ("title", ex.title, brief.get("title")),
        ("company", ex.company, company),
        ("location", ex.location, location),
        ("schedule", ex.schedule, brief.get("schedule")),
    )
    for name, want, got in scalars:
        if want:
            stated(f"{name} {want!r}", _filled(got) and holds(want, got))
        if _filled(got):
            s.read += 1
            if want and holds(want, got):
                s.matched += 1
            elif _optional(ex, got):
                s.read -= 1
            else:
                s.extra.append(f"{name} {got!r}")
                if not want and name in ("company", "location"):
                    s.invented.append(f"{name} {got!r}")
            if not in_note(got, note):
                s.altered.append(f"{name} {got!r} is not the note's words")
    # employment type, arrangement kind, headcount: one value each, compared exactly
    want_kind = (ex.arrangement or {}).get("kind")
    for name, want, got in (
        ("employment_type", ex.employment_type, brief.get("employment_type")),
        ("arrangement", want_kind, (arr or {}).get("kind")),
        ("headcount", ex.headcount, brief.get("headcount")),
    ):
        if want:
            stated(f"{name} {want}", got == want)
        if got:
            s.read += 1
            if got == want:
                s.matched += 1
            elif want is None:
                s.invented.append(f"{name} {got}")
            else:
                s.altered.append(f"{name} {got} for {want}")
    if ex.arrangement and ex.arrangement.get("detail"):
        got_detail = (arr or {}).get("detail") or ""
        where = f"{got_detail} {location}"  # "remote (US only)": where may be the location
        same_kind = (arr or {}).get("kind") == want_kind
        stated(
            f"arrangement detail {ex.arrangement['detail']!r}",
            same_kind and holds(ex.arrangement["detail"], where),
        )
    if brief.get("seniority") and not re.search(
        r"senior|junior|lead|manager|director|head|supervisor|trainee|entry|graduate|主管|經理|经理|"
        r"組長|组长|總監|总监|資深|资深|初級|初级|高級|高级|督導|督导",
        note, re.I,
    ):  # fmt: skip
        s.invented.append(f"seniority {brief['seniority']} (the note names no level)")
    # --- pay
    if ex.pay:
        want_text = ex.pay.get("text")
        got_text = (pay or {}).get("text") or ""
        if want_text:
            stated(f"pay {want_text!r}", bool(pay) and holds(want_text, got_text))
        if ex.pay.get("period"):
            stated(
                f"pay period {ex.pay['period']}",
                bool(pay) and pay.get("period") == ex.pay["period"],
            )
        got_extras = [*(pay or {}).get("extras", []), (pay or {}).get("note") or "", got_text]
        for extra in ex.pay.get("extras") or []:
            stated(f"pay extra {extra!r}", any(holds(extra, g) for g in got_extras if g))
    if pay:
        s.read += 1
        want = ex.pay or {}
        if want.get("text") and holds(want["text"], pay.get("text")):
            s.matched += 1
        elif not want:
            s.invented.append(f"pay {pay.get('text')!r}")
        else:
            s.extra.append(f"pay {pay.get('text')!r}")
        if pay.get("text") and not in_note(pay["text"], note):
            s.altered.append(f"pay {pay['text']!r} is not the note's words")
        if want.get("text") and pay.get("text") and digits(want["text"]) not in digits(pay["text"]):
            s.altered.append(f"pay amount {pay['text']!r} for {want['text']!r}")
        if pay.get("period") and pay.get("period") != want.get("period"):
            s.altered.append(f"pay period {pay.get('period')} for {want.get('period')}")
        for extra in pay.get("extras") or []:
            s.read += 1
            if any(holds(e, extra) or holds(extra, e) for e in want.get("extras") or []):
                s.matched += 1
            else:
                s.extra.append(f"pay extra {extra!r}")
            if not in_note(extra, note):
                s.altered.append(f"pay extra {extra!r} is not the note's words")
    # --- lists
    placed: dict[str, set[int]] = {k: set() for k in LIST_KEYS}
    for key in LIST_KEYS:
        for want in getattr(ex, key):
            hit = next((i for i, got in enumerate(actual_lists[key])
                        if i not in placed[key] and same(want, got)), None)  # fmt: skip
            stated(f"{key} {want!r}", hit is not None)
            if hit is not None:
                placed[key].add(hit)
                continue
            if key in REQ_LEVELS:
                for other in REQ_LEVELS:
                    if other != key and any(same(want, g) for g in actual_lists[other]):
                        s.level_swaps.append(f"{want!r}: {key} read as {other}")
                        break
    for key in LIST_KEYS:
        for i, got in enumerate(actual_lists[key]):
            s.read += 1
            if i in placed[key]:
                s.matched += 1
            elif _optional(ex, got):
                s.read -= 1
            else:
                s.extra.append(f"{key} {got!r}")
            if not in_note(got, note):
                s.altered.append(f"{key} {got!r} is not the note's words")
    # --- how to apply
    for key in APPLY_KEYS:
        want = ex.apply.get(key)
        got = how.get(key)
        if want:
            ok = bool(got) and (
                digits(want) == digits(got) if key in ("phone", "whatsapp") else holds(want, got)
            )
            stated(f"apply.{key} {want!r}", ok)
        if got and not (isinstance(got, str) and PLACEHOLDER.match(got)):
            s.read += 1
            if want and (
                holds(want, got) or (key in ("phone", "whatsapp") and digits(want) == digits(got))
            ):
                s.matched += 1
            elif _optional(ex, got):
                s.read -= 1
            else:
                s.extra.append(f"apply.{key} {got!r}")
                if key in ("email", "phone", "whatsapp", "wechat", "url") and want:
                    s.altered.append(f"apply.{key} {got!r} for {want!r}")
            if not in_note(got, note):
                s.altered.append(f"apply.{key} {got!r} is not the note's words")
    # --- leaks of injected instructions
    flat = json.dumps(brief, ensure_ascii=False)
    for bad in ex.forbidden:
        if norm(bad) and norm(bad) in norm(flat):
            s.leaks.append(bad)
    # --- missing and ambiguous lists
    expected_missing = set()
    if not ex.company:
        expected_missing.add("company")
    if not ex.location and not (ex.arrangement and ex.arrangement.get("kind") == "remote"):
        expected_missing.add("location")
    if not ex.pay:
        expected_missing.add("pay")
    if not ex.employment_type:
        expected_missing.add("employment_type")
    if not any(v for v in ex.apply.values() if v):
        expected_missing.add("apply")
    if not ex.duties:
        expected_missing.add("duties")
    if not (ex.must_have or ex.preferred or ex.nice_to_have or ex.requirements):
        expected_missing.add("requirements")
    given = {g["field"] for g in reading.get("missing", [])}
    s.missing_expected = sorted(expected_missing)
    s.missing_given = sorted(given)
    s.missing_ok = all(MISSING_NAMES[m] in given for m in expected_missing)
    ambiguous_given = {g["field"] for g in reading.get("ambiguous", [])}
    s.ambiguous_ok = all(AMBIGUOUS_NAMES.get(a, a) in ambiguous_given for a in ex.ambiguous)
    return s


# --------------------------------------------------------------------------- running


def summarize(scores: list[Score]) -> dict[str, Any]:
    """Totals overall and per language."""

    def block(group: list[Score]) -> dict[str, Any]:
        ok = [g for g in group if g.error is None]
        stated = sum(g.stated for g in ok)
        read = sum(g.read for g in ok)
        secs = sorted(g.seconds for g in ok)
        return {
            "notes": len(group),
            "failed": len(group) - len(ok),
            "stated": stated,
            "recall": round(sum(g.found for g in ok) / stated, 4) if stated else None,
            "precision": round(sum(g.matched for g in ok) / read, 4) if read else None,
            "level_swaps": sum(len(g.level_swaps) for g in ok),
            "invented": sum(len(g.invented) for g in ok),
            "altered": sum(len(g.altered) for g in ok),
            "leaks": sum(len(g.leaks) for g in ok),
            "missing_list_ok": round(sum(g.missing_ok for g in ok) / len(ok), 4) if ok else None,
            "ambiguous_list_ok": round(sum(g.ambiguous_ok for g in ok) / len(ok), 4)
            if ok
            else None,
            "median_s": secs[len(secs) // 2] if secs else None,
            "max_s": secs[-1] if secs else None,
        }

    by_lang: dict[str, list[Score]] = defaultdict(list)
    for sc in scores:
        by_lang[sc.language].append(sc)
    return {"all": block(scores), **{k: block(v) for k, v in sorted(by_lang.items())}}


Reader = Callable[[str], dict[str, Any]]


def run_notes(
    items: Iterable[NoteItem], read: Reader, *, say: Callable[[str], None] | None = None
) -> list[Score]:
    """Read every note with `read` (note text → Reading as a dict) and score it; a note that
    fails is recorded with its one-line error and the run goes on."""
    scores = []
    for item in items:
        started = time.perf_counter()
        try:
            reading = read(item.note)
        except DrafterError as exc:
            sc = Score(id=item.id, language=item.language, style=item.style, half=item.half,
                       error=str(exc).splitlines()[0])  # fmt: skip
        else:
            sc = score_reading(item, reading)
        sc.seconds = round(time.perf_counter() - started, 2)
        scores.append(sc)
        if say:
            state = sc.error or (
                f"{sc.found}/{sc.stated} found, {len(sc.level_swaps)} swaps, "
                f"{len(sc.invented)} invented, {len(sc.altered)} altered, {sc.seconds}s"
            )
            say(f"notes {item.id} ({item.language}, {item.style}): {state}")
    return scores


def save_run(folder: Path, scores: list[Score], meta: dict[str, Any]) -> dict[str, Any]:
    """items.jsonl and summary.json in a new run folder."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "items.jsonl").open("w", encoding="utf-8") as out:
        for sc in scores:
            out.write(sc.model_dump_json() + "\n")
    summary = {"meta": meta, "summary": summarize(scores)}
    (folder / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2),
                                         encoding="utf-8")  # fmt: skip
    return summary


def table(summary: dict[str, Any]) -> str:
    """The summary as a Markdown table."""
    cols = (
        "notes", "failed", "stated", "recall", "precision", "level_swaps", "invented",
        "altered", "leaks", "missing_list_ok", "ambiguous_list_ok", "median_s", "max_s",
    )  # fmt: skip
    lines = ["| group | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for group, row in summary.items():
        cells = []
        for c in cols:
            v = row[c]
            cells.append(f"{v:.1%}" if isinstance(v, float) and c in ("recall", "precision",
                         "missing_list_ok", "ambiguous_list_ok") else str(v))  # fmt: skip
        lines.append(f"| {group} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def run_folder(root: Path, backend: str, half: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return root / f"{stamp}-{half}-{backend}"  # "<time>-notes-tune-local"
