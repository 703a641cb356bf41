"""A model answer for the pieces a draft asks for (drafter/draft.py), built from the schema:
the hook and summary as given, the first bullets of `duties`, one per planned duty, and facts to
translate as lines that keep each source's numbers, names, languages, pay or perk terms, how
often and how well, the level of education, the days of the week and the share a 折 takes off
(enough for the draft's checks)."""

from __future__ import annotations

import re
from typing import Any


def pieces_answer(
    props: dict[str, Any],
    prompt: str,
    *,
    hook: str,
    summary: str,
    duties: list[str],
    chinese: bool = False,
) -> dict[str, Any]:
    from drafter.draft import _discounts, _languages, _terms_in
    from drafter.validate import _lexicons

    names = _lexicons().language_names
    out: dict[str, Any] = {}
    if "hook" in props:
        out["hook"] = hook
    if "role_overview" in props:
        out["role_overview"] = summary
    if "responsibilities" in props:
        out["responsibilities"] = duties[: props["responsibilities"]["minItems"]]
    lead = "譯文項目" if chinese else "Translated"
    for key, source in re.findall(r'^"(fact_\d+)": (.+)$', prompt, re.M):
        if key in props:
            # as a faithful translation does, it keeps numbers, names, the languages named and
            # the pay and perk terms (in the table's words)
            said = [names[i] for i in sorted(_languages(source))]
            said += [t["zh-Hant"] if chinese else t["en"] for t in _terms_in(source)]
            # …and how often ("每週" a week), in the first words of its `frequency` group
            often = [("monthly", "每月"), ("weekly", "每週"), ("every other", "隔週")]
            said += [
                often[i][chinese] for i, p in enumerate(_lexicons().frequency) if p.search(source)
            ]
            # …and how well ("流利" fluent), in the first words of its `proficiency` group
            well = [("fluent", "流利"), ("native", "母語"), ("proficient", "精通"),
                    ("excellent", "優秀")]  # fmt: skip
            said += [
                well[i][chinese] for i, p in enumerate(_lexicons().proficiency) if p.search(source)
            ]
            # …and the level of education, the days of the week and the share a 折 takes off,
            # in words of their `education` and `weekdays` groups (no digit a source lacks)
            school = [("HKDSE", "中五"), ("A-level", "中六"), ("diploma", "大專"),
                      ("degree", "學位"), ("vocational school", "中專")]  # fmt: skip
            said += [
                school[i][chinese] for i, p in enumerate(_lexicons().education) if p.search(source)
            ]
            days = [("Monday", "星期一"), ("Tuesday", "星期二"), ("Wednesday", "星期三"),
                    ("Thursday", "星期四"), ("Friday", "星期五"), ("Saturday", "星期六"),
                    ("Sunday", "星期日")]  # fmt: skip
            said += [
                days[i][chinese] for i, p in enumerate(_lexicons().weekdays) if p.search(source)
            ]
            said += [m.group() if chinese else f"{off}% off" for m, off in _discounts(source)]
            out[key] = f"{lead} " + " ".join(
                [*re.findall(r"\d+|\b[A-Z][A-Za-z0-9]*", source), *said]
            )
    return out


def as_pieces(crafted: dict[str, Any], *, chinese: bool = False) -> Any:
    """A FakeBackend answer that gives the pieces asked for from a crafted whole-ad answer."""

    def make(messages: list[dict[str, str]], schema: dict[str, Any] | None) -> dict[str, Any]:
        return pieces_answer((schema or {}).get("properties", {}), messages[-1]["content"],
                             hook=crafted["hook"], summary=crafted.get("role_overview", ""),
                             duties=crafted["responsibilities"], chinese=chinese)  # fmt: skip

    return make


def read_answer(schema: dict[str, Any] | None, spans: dict[str, Any]) -> dict[str, Any]:
    """The reader's answer (drafter/extract.py) as its schema asks: the four spans given (empty
    when not), and "other" for each open piece."""
    props = (schema or {}).get("properties", {})
    out = {k: str(spans.get(k) or "") for k in ("title", "company", "location", "contact")}
    if "kinds" in props:
        out["kinds"] = ["other"] * props["kinds"]["minItems"]
    return out


def as_read(spans: dict[str, Any]) -> Any:
    """A fake backend's answer to the reader's question, made from its schema."""
    return lambda _messages, schema: read_answer(schema, spans)
