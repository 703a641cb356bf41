"""The brief: what a recruiter tells us about the job, read from YAML/JSON or free text."""

from __future__ import annotations

import difflib
import json
import re
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from drafter.errors import InputError

Language = Literal["en", "zh-Hans", "zh-Hant"]
Tone = Literal["professional", "lively"]
Jurisdiction = Literal["hk", "cn", "us", "eu", "other"]
Channel = Literal["phone", "email", "chat", "social", "walk-in"]
Seniority = Literal["entry", "junior", "mid", "senior", "lead", "manager", "director"]
EmploymentType = Literal[
    "full-time", "part-time", "contract", "temporary", "internship", "freelance"
]
PayPeriod = Literal["hour", "day", "shift", "week", "month", "year"]
ArrangementKind = Literal["on-site", "hybrid", "remote"]

LANGUAGES: tuple[str, ...] = ("en", "zh-Hans", "zh-Hant")
TONES: tuple[str, ...] = ("professional", "lively")
MAX_BRIEF_BYTES = 200_000
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class StrictModel(BaseModel):
    """Base for every boundary model: unknown fields are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Company(StrictModel):
    """Who is hiring."""

    name: str = Field(min_length=1)
    about: str = ""
    website: str | None = None


class Pay(StrictModel):
    """Pay as the recruiter gave it; `text` keeps free-text pay exactly as written."""

    min: float | None = Field(default=None, ge=0)
    max: float | None = Field(default=None, ge=0)
    currency: str = ""
    period: PayPeriod | None = None  # never assumed: pay without its period is named as missing
    text: str | None = None
    note: str | None = None  # e.g. "plus commission", "13th-month pay": shown verbatim
    extras: list[str] = Field(default_factory=list)  # what comes on top, as written: 13薪, tips

    @model_validator(mode="after")
    def _range(self) -> Pay:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("pay.min is greater than pay.max")
        if self.min is None and self.max is None and not self.text:
            raise ValueError("give pay.min and/or pay.max, or pay.text")
        return self


class Requirements(StrictModel):
    """Requirements split the way candidates read them."""

    must_have: list[str] = Field(default_factory=list)
    preferred: list[str] = Field(default_factory=list)
    nice_to_have: list[str] = Field(default_factory=list)
    # Listed by the recruiter with no level ("2 yrs exp, Cantonese"): printed as requirements,
    # never promoted to must-have or demoted to a wish.
    unlabelled: list[str] = Field(default_factory=list)

    def is_empty(self) -> bool:
        """True when no tier has an item."""
        return not (self.must_have or self.preferred or self.nice_to_have or self.unlabelled)


class Arrangement(StrictModel):
    """Where the work is done: on site, hybrid (with its days) or remote (with where from)."""

    kind: ArrangementKind
    detail: str | None = None  # the recruiter's words: "3 days in office", "US only"


class HowToApply(StrictModel):
    """Application route; at least one of email, url, phone, address or instructions."""

    contact: str | None = None  # the person to ask for: 陳小姐, Ms Wong
    email: str | None = None
    url: str | None = None
    phone: str | None = None
    whatsapp: str | None = None
    wechat: str | None = None
    address: str | None = None  # office address or walk-in interviews
    deadline: date | str | None = None
    instructions: str | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL_RE.match(value):
            raise ValueError(f"{value!r} is not an email address")
        return value

    def is_empty(self) -> bool:
        """True when the brief gives no way to apply."""
        return not any(
            (self.email, self.url, self.phone, self.whatsapp, self.wechat, self.address,
             self.instructions)
        )  # fmt: skip


class Brief(StrictModel):
    """A recruiter's brief. Facts in it are rendered verbatim into the ad."""

    title: str = Field(min_length=2, max_length=120)
    company: Company
    location: str = Field(min_length=1)
    arrangement: Arrangement | None = None
    employment_type: EmploymentType | None = None  # never assumed: unknown is left out
    schedule: str | None = None
    headcount: int | None = Field(default=None, ge=1)
    pay: Pay | None = None
    channels: list[Channel] = Field(default_factory=list)
    tools: list[str] = Field(default_factory=list)
    duties: list[str] = Field(default_factory=list)
    requirements: Requirements = Field(default_factory=Requirements)
    benefits: list[str] = Field(default_factory=list)
    how_to_apply: HowToApply = Field(default_factory=HowToApply)
    seniority: Seniority | None = None
    industry: str = "call centre"
    jurisdiction: Jurisdiction = "other"
    notes: str | None = None  # anything else the writer should know (not rendered as a fact)

    @field_validator("industry")
    @classmethod
    def _industry(cls, value: str) -> str:
        return value.strip().lower().replace("_", " ")

    def role_family(self) -> str:
        """Coarse role family used for retrieval: representative, supervisor, manager or qa."""
        text = self.title.lower()
        words = set(re.findall(r"[a-z]+", text))
        if words & {"quality", "qa"} or any(
            k in text for k in ("質素", "质检", "質檢", "品质", "品質")
        ):
            return "qa"
        if words & {"manager", "head", "director"} or any(k in text for k in ("經理", "经理")):
            return "manager"
        # In Hong Kong 主任 is an officer on the front line (客戶服務主任 = Customer Service
        # Officer); on the mainland 客服主任 leads a group. Where the brief does not say which,
        # the front line is the safer reading (a team to lead is never suggested).
        supervisor_zh = ("主管", "組長", "组长") + (("主任",) if self.jurisdiction == "cn" else ())
        if words & {"lead", "leader", "supervisor"} or any(k in text for k in supervisor_zh):
            return "supervisor"
        if self.seniority in ("manager", "director"):
            return "manager"
        if self.seniority == "lead":
            return "supervisor"
        return "representative"


def _field_list(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel]:
    """The pydantic model that owns the field at `loc` (for 'did you mean' hints)."""
    model: type[BaseModel] = Brief
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            break
        ann = field.annotation
        for candidate in (Company, Pay, Requirements, HowToApply, Arrangement):
            if ann is candidate or (hasattr(ann, "__args__") and candidate in ann.__args__):
                model = candidate
                break
    return model


def validation_to_input_error(exc: ValidationError, file: str) -> InputError:
    """Turn the first pydantic error into a one-line message naming file, field and fix."""
    errors = exc.errors()
    # A misspelt field also makes the real one "missing": name the typo, it is the cause.
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = tuple(err["loc"])
    field = ".".join(str(p) for p in loc) or "(top level)"
    if err["type"] == "extra_forbidden":
        owner = _model_at(loc)
        close = difflib.get_close_matches(str(loc[-1]), _field_list(owner), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "remove it"
        return InputError(
            "unknown field",
            file=file,
            field=field,
            fix=f"{hint} Known fields here: {', '.join(_field_list(owner))}",
        )
    if err["type"] == "missing":
        return InputError("required field is missing", file=file, field=field, fix="add it")
    allowed = ""
    ctx = err.get("ctx") or {}
    if "expected" in ctx:
        allowed = f"use one of {ctx['expected']}"
    msg = err["msg"].removeprefix("Value error, ")
    return InputError(msg, file=file, field=field, fix=allowed or "correct the value")


def parse_brief_data(data: Any, file: str) -> Brief:
    """Validate already-parsed YAML/JSON data as a Brief."""
    if data is None or data == {} or data == "":
        raise InputError(
            "the brief is empty", file=file, fix="add at least title, company, location"
        )
    if not isinstance(data, dict):
        raise InputError(
            "a brief must be a mapping of fields", file=file, fix="see examples/briefs/*.yaml"
        )
    try:
        return Brief.model_validate(data)
    except ValidationError as exc:
        raise validation_to_input_error(exc, file) from None


def read_text_file(path: Path, max_bytes: int = MAX_BRIEF_BYTES) -> str:
    """Read a small text file, refusing binary or oversized input with a clear message."""
    if not path.exists():
        raise InputError("file not found", file=str(path), fix="check the path")
    if path.is_dir():
        raise InputError("is a folder, not a file", file=str(path), fix="pass a brief file")
    size = path.stat().st_size
    if size == 0:
        raise InputError("file is empty", file=str(path), fix="write the brief into it")
    if size > max_bytes:
        raise InputError(
            f"file is {size:,} bytes; a brief is at most {max_bytes:,}",
            file=str(path),
            fix="pass the brief itself, not a whole document",
        )
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            "looks like a binary file", file=str(path), fix="pass a YAML, JSON or text file"
        )
    from charset_normalizer import from_bytes

    for enc in ("utf-8-sig",):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            pass
    best = from_bytes(raw).best()
    if best is None:
        raise InputError(
            "cannot tell the text encoding", file=str(path), fix="save the file as UTF-8"
        )
    return str(best)


BRIEF_SUFFIXES = {".yaml", ".yml", ".json"}
TEXT_SUFFIXES = {".txt", ".md"}


def _is_file(path: Path) -> bool:
    """Whether `path` names a file; a sentence too long for a file name is none (a Chinese
    note of 90 characters is 270 bytes, past the 255 a name may have: stat raises, not False)."""
    try:
        return path.is_file()
    except OSError:
        return False


def load_brief_source(source: str) -> tuple[Brief | None, str | None, str]:
    """Resolve a CLI argument: a brief file (YAML/JSON), a text file, or free text itself.

    Returns (brief, free_text, label) with exactly one of brief / free_text set.
    """
    text = source.strip()
    if not text:
        raise InputError("the brief is empty", field="BRIEF", fix="pass a brief file or a sentence")
    path = Path(text).expanduser()
    looks_like_path = "\n" not in text and (
        path.suffix.lower() in BRIEF_SUFFIXES | TEXT_SUFFIXES or ("/" in text and " " not in text)
    )
    if looks_like_path or (len(text) < 4096 and "\n" not in text and _is_file(path)):
        body = read_text_file(path)
        if path.suffix.lower() in BRIEF_SUFFIXES:
            return load_brief_text(body, str(path), path.suffix.lower()), None, str(path)
        if not body.strip():
            raise InputError("file is empty", file=str(path), fix="write the brief into it")
        return None, body.strip(), str(path)
    return None, text, "free-text brief"


def load_brief_text(body: str, file: str, suffix: str) -> Brief:
    """Parse YAML or JSON text into a Brief."""
    try:
        data = json.loads(body) if suffix == ".json" else yaml.safe_load(body)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            file=file,
            fix="fix the JSON syntax",
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise InputError(
            f"malformed YAML{where}: {problem}", file=file, fix="fix the YAML syntax"
        ) from None
    return parse_brief_data(data, file)


def load_brief(path: Path) -> Brief:
    """Load a structured brief from a YAML or JSON file."""
    if path.suffix.lower() not in BRIEF_SUFFIXES:
        raise InputError(
            f"unsupported brief type {path.suffix or '(none)'}",
            file=str(path),
            fix="use .yaml, .yml or .json",
        )
    return load_brief_text(read_text_file(path), str(path), path.suffix.lower())
