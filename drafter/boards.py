"""Board profiles: an ad checked against a job board's published limits and required fields
(`drafter check --board jobsdb|generic-cn`), and fitted to them (`drafter draft --board`). The
profiles are data (drafter/rules/boards.yaml); each problem is a validator `Finding` (rule
`board.<board>.<check>`) placed where it is, so the report, its score and the page read it like
any other finding.

A board such as Jobsdb takes, beside the ad's body, a search summary and a few search bullet
points, each with its own limit. `fit` writes them from the draft — the hook's first whole
sentences, and whole facts (pay, work arrangement, benefits) as bullets — and never cuts a fact
to make it fit: what cannot fit is named for the recruiter. They travel as the ad's YAML front
matter (`search_summary`, `search_bullet_points`), which `check --board` reads back.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from drafter.errors import ConfigError
from drafter.loading import once, read_yaml

BOARDS_FILE = Path(__file__).parent / "rules" / "boards.yaml"
# What each required field looks like in an ad when no brief is given (mainland notice).
_SIGNS = {
    "headcount": r"招聘人[数數]|名额|名額|\d+\s*(?:名|人)|headcount|openings?\b",
    "requirements": r"任职要求|任職要求|岗位要求|崗位要求|任职资格|任職資格|要求|requirements|"
    r"必备|必備",
    "duties": r"职责|職責|工作内容|工作內容|工作範疇|duties|responsibilit|what you'?ll do",
    "pay": r"薪|工资|工資|待遇|\d\s*(?:元|k|K|万|萬)|pay|salary",
    "validity": r"有效期|截止|截至|deadline|closing date|apply by",
}


@once
def boards() -> dict[str, dict[str, Any]]:
    data = read_yaml(BOARDS_FILE.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ConfigError("board profiles are not a table", file=str(BOARDS_FILE))
    return data


def names() -> tuple[str, ...]:
    return tuple(boards())


def problems(
    markdown: str, board: str, brief: Any = None, fields: dict[str, Any] | None = None
) -> list[tuple[str, str, int, int]]:
    """(check, message, start, end) for each way the ad breaks the board's profile. `fields` is
    the ad's front matter: the search summary and bullet points written for the board."""
    from drafter.render import html_body

    profile = boards()[board]
    name = profile["name"]
    fields = fields or {}
    out: list[tuple[str, str, int, int]] = []
    body = html_body(markdown)
    if (limit := profile.get("body_max_chars")) and len(body) > limit:
        out.append(("body_length", f"{name} takes an ad body of up to {limit:,} characters "
                    f"of HTML; this one has {len(body):,}", 0, 0))  # fmt: skip
    if allowed := profile.get("html_allowed"):
        used = sorted({t.lower() for t in re.findall(r"<([a-zA-Z0-9]+)", body)} - set(allowed))
        if used:
            out.append(("html", f"{name} takes only {', '.join(allowed)}; the ad's "
                        f"{', '.join(used)} will be dropped or flattened", 0, 0))  # fmt: skip
    lines = list(re.finditer(r"^.*$", markdown, re.M))
    if (limit := profile.get("summary_max_chars")) and "search_summary" in fields:
        summary = str(fields["search_summary"] or "").strip()
        if not summary or len(summary) > limit:
            out.append(("summary", f"{name}'s search summary is up to {limit} characters; "
                        f"search_summary has {len(summary)}", 0, 0))  # fmt: skip
    elif limit:
        first = next((m for m in lines if m.group().strip() and not re.match(
            r"\s*(?:#|\*\*|[-*] )", m.group())), None)  # fmt: skip
        if first is not None and len(first.group().strip()) > limit:
            out.append(("summary", f"{name}'s search summary is up to {limit} characters; the "
                        f"first paragraph has {len(first.group().strip())} — write a shorter "
                        "one for the board", first.start(), first.end()))  # fmt: skip
    if limit := profile.get("bullet_max_chars"):
        bullets = fields.get("search_bullet_points")
        most = profile.get("search_bullets") or 3
        if not isinstance(bullets, list):
            out.append(("bullets", f"{name} shows up to {most} search bullet points of up to "
                        f"{limit} characters; this ad gives none (`drafter draft --board "
                        f"{board}` writes them from the brief)", 0, 0))  # fmt: skip
        else:
            if len(bullets) > most:
                out.append(("bullet_count", f"{name} shows up to {most} search bullet points; "
                            f"search_bullet_points has {len(bullets)}", 0, 0))  # fmt: skip
            for i, item in enumerate(bullets, 1):
                if len(str(item)) > limit:
                    out.append(("bullet", f"{name}'s search bullet points are up to {limit} "
                                f"characters; number {i} has {len(str(item))}", 0, 0))  # fmt: skip
    for wanted in profile.get("required") or []:
        if not _has(wanted, markdown, brief):
            out.append(("required", f"{name}: the ad must give the {wanted}", 0, 0))
    return out


def _has(field: str, markdown: str, brief: Any) -> bool:
    if brief is not None:
        given = {
            "employer": not brief.company.name.startswith("["),
            "headcount": brief.headcount is not None,
            "requirements": not brief.requirements.is_empty(),
            "duties": bool(brief.duties),
            "place": not brief.location.startswith("["),
            "pay": brief.pay is not None,
            "validity": bool(brief.how_to_apply.deadline),
        }
        return given[field]
    if field == "employer":
        return not re.search(r"\[(?:Company name|公司名称|公司名稱)\]", markdown)
    if field == "place":
        return not re.search(r"\[(?:Location|工作地点|工作地點)\]", markdown)
    return bool(re.search(_SIGNS[field], markdown, re.I))


# ------------------------------------------------------------------------- fitting a draft

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")


@dataclass
class Fitted:
    """What `drafter draft --board` adds to an ad: the board's own fields (front matter), the
    body as the board's HTML allows it, and what could not be fitted."""

    board: str
    fields: dict[str, Any] = field(default_factory=dict)
    body_html: str = ""
    notes: list[str] = field(default_factory=list)
    html_only: bool = False  # the board takes HTML of a few tags: the html format writes that

    def front_matter(self, markdown: str) -> str:
        """The ad with its board fields as YAML front matter (none when there are none)."""
        if not self.fields:
            return markdown
        head = yaml.safe_dump({"board": self.board, **self.fields}, allow_unicode=True,
                              sort_keys=False, width=10_000)  # fmt: skip
        return f"---\n{head}---\n\n{markdown}"


def fit(result: Any, board: str) -> Fitted:
    """The board's fields for a draft (`drafter.draft.DraftResult`), built from its own text and
    the brief's facts, each whole; what cannot fit is named, never cut to fit."""
    from drafter.render import LABELS, arrangement_text, html_body

    profile = boards()[board]
    name = profile["name"]
    ad, brief, language = result.sections, result.brief, result.language
    out = Fitted(board, body_html=board_html(html_body(result.markdown), profile),
                 html_only=bool(profile.get("html_allowed")))  # fmt: skip
    if (limit := profile.get("body_max_chars")) and len(out.body_html) > limit:
        out.notes.append(f"{name} takes an ad body of up to {limit:,} characters; this one has "
                         f"{len(out.body_html):,} — say less rather than cut a fact")  # fmt: skip
    if limit := profile.get("summary_max_chars"):
        summary = _whole_sentences(_plain(ad.hook), limit) or _facts_sentence(
            ad.title, brief, language)  # fmt: skip
        if len(summary) <= limit:
            out.fields["search_summary"] = summary
        else:
            out.notes.append(f"{name}'s search summary is up to {limit} characters and no "
                             "sentence of the ad fits: write one")  # fmt: skip
    if limit := profile.get("bullet_max_chars"):
        most = profile.get("search_bullets") or 3
        colon = ": " if language == "en" else "："
        facts = []
        if ad.pay_line:
            facts.append(f"{LABELS[language]['pay']}{colon}{_plain(ad.pay_line)}")
        if arrangement := arrangement_text(brief, language):
            facts.append(arrangement)
        facts += [_plain(b) for b in ad.benefits]
        bullets = [f for f in facts if len(f) <= limit][:most]
        if skipped := [f for f in facts if len(f) > limit]:
            out.notes.append(f"{name}'s search bullet points are up to {limit} characters: "
                             + "; ".join(f"'{f}' ({len(f)})" for f in skipped)
                             + " left out, not cut")  # fmt: skip
        if len(bullets) < most:
            out.notes.append(f"{name} shows up to {most} search bullet points; the brief gives "
                             f"{len(bullets)} that fit — add pay, benefits or the work "
                             "arrangement to the brief for more")  # fmt: skip
        out.fields["search_bullet_points"] = bullets
    for field_name in profile.get("required") or []:
        if not _has(field_name, result.markdown, brief):
            out.notes.append(f"{name}: the ad must give the {field_name} — add it to the brief")
    return out


def board_html(body: str, profile: dict[str, Any]) -> str:
    """The ad's HTML with only the tags the board allows: the title (the board's own field) is
    taken out, sub-headings become bold lines, any other tag gives way to its text."""
    allowed = profile.get("html_allowed")
    if not allowed:
        return body
    body = re.sub(r"<h1>.*?</h1>\n?", "", body, flags=re.S)
    if "h2" in allowed:
        body = re.sub(r"<h([3-6])>(.*?)</h\1>", r"<p><strong>\2</strong></p>", body, flags=re.S)

    def keep(m: re.Match[str]) -> str:
        return m.group() if m.group(1).lower() in allowed else ""

    return re.sub(r"</?([a-zA-Z0-9]+)[^>]*>", keep, body).strip()


def _plain(markdown: str) -> str:
    text = re.sub(r"\*\*(.+?)\*\*|\*(.+?)\*", lambda m: m.group(1) or m.group(2), markdown)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _whole_sentences(text: str, limit: int) -> str:
    """The text's first sentences, whole, within `limit` characters ('' if the first is over)."""
    kept = ""
    for sentence in (s.strip() for s in _SENTENCE_END.split(text) if s.strip()):
        joined = f"{kept} {sentence}".strip() if re.match(r"[A-Za-z0-9]", sentence) else (
            kept + sentence)  # fmt: skip
        if len(joined) > limit:
            break
        kept = joined
    return kept


def _facts_sentence(title: str, brief: Any, language: str) -> str:
    """'Customer Service Officer at Harbourline Logistics, Kwun Tong' from the brief alone."""
    company = brief.company.name if not brief.company.name.startswith("[") else ""
    place = brief.location if not brief.location.startswith("[") else ""
    if language == "en":
        return title + (f" at {company}" if company else "") + (
            f", {place}" if place else "")  # fmt: skip
    return (f"{company}招聘{title}" if company else title) + (
        f"（{place}）" if place else "")  # fmt: skip
