"""End to end on the real embedded model: every brief fact verbatim, nothing invented.

Slow (about a minute per draft on 2 cores); marked local_model.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from drafter.brief import load_brief
from drafter.metrics import find_invented as invented_facts
from drafter.pipeline import run_draft
from drafter.render import format_pay
from drafter.settings import Settings, load_settings
from drafter.validate import check_text

ROOT = Path(__file__).resolve().parent.parent
BRIEF_FILE = ROOT / "examples" / "briefs" / "hk-cs-officer.yaml"


@pytest.fixture(scope="module")
def settings(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Real local backend; the home (model + store) is kept in .pytest_cache between runs."""
    pytest.importorskip("llama_cpp")
    cache = getattr(request.config, "cache", None)
    home = cache.mkdir("drafter-home") if cache else tmp_path_factory.mktemp("drafter-home")
    return load_settings(backend="local", home=home)


@pytest.mark.local_model
@pytest.mark.parametrize(("language", "tone"), [("en", "professional"), ("zh-Hant", "lively")])
def test_real_draft_keeps_every_fact_and_invents_none(
    settings: Settings, language: str, tone: str
) -> None:
    brief = load_brief(BRIEF_FILE)
    result, _notes = run_draft(str(BRIEF_FILE), language=language, tone=tone, settings=settings)  # type: ignore[arg-type]
    md = result.markdown
    # the place in the ad's language (written out here, not taken from the drafting code)
    place = {"en": brief.location, "zh-Hant": "觀塘，九龍"}[language]
    assert brief.location == "Kwun Tong, Kowloon"
    facts = [
        brief.company.name, place, format_pay(brief.pay, language) or "",  # type: ignore[arg-type]
        brief.how_to_apply.email or "",
    ]  # fmt: skip
    # the English brief's own words: verbatim in an English ad; in a Chinese ad they are
    # translated, and their numbers and names must survive (or they are printed as given)
    worded = [brief.schedule or "", *brief.benefits, *brief.requirements.must_have]
    for fact in facts + (worded if language == "en" else []):
        assert fact in md, fact
    if language != "en":
        for fact in worded:
            kept = re.findall(r"\d+|\b[A-Z]{2,}\w*", fact)  # numbers and acronyms
            numerals = dict(zip("123456789", "一二三四五六七八九", strict=True))
            assert fact in md or all(k in md or numerals.get(k, "\0") in md for k in kept), fact
        # an English phrase in the Chinese ad is only a fact whose translation did not hold,
        # printed as the brief gives it and named in the fixes for the recruiter
        body = md.split("## 平等機會")[0]
        for fix in result.fixes:  # typed: no need to read the message
            if fix.kind in ("as_given", "model_words"):
                body = body.replace(fix.now, "")
        assert not re.search(r"\b[a-z]{2,}\s+[a-z]{2,}\b", body), "an English phrase left unnamed"
    assert invented_facts(md, brief) == []
    assert result.sections.responsibilities == [
        r for r in result.sections.responsibilities if r
    ] and len(result.sections.responsibilities) == len(brief.duties)
    assert result.sources, "the draft reports the example ad it showed the model"
    if language == "zh-Hant":
        import opencc

        body = md.split("## 平等機會")[0]
        # s2tw: the forms Hong Kong ads are typed in (客戶, 為, 群), no Simplified character
        assert opencc.OpenCC("s2tw").convert(body) == body, "Simplified characters in the ad"
        report = check_text(md, language="zh-Hant", brief=brief)
        assert not [f for f in report.findings if f.rule.startswith("script.")]


@pytest.mark.local_model
def test_real_model_reads_a_note_without_changing_a_fact(settings: Settings) -> None:
    """A note of our own, read with the real model: every fact in its field, word for word."""
    from drafter.backends import make_backend
    from drafter.extract import read_note

    note = (
        "Part-time customer care assistant at Brightline Pharmacy, Sha Tin.\n"
        "HK$70/hour, Sat-Sun 10am-6pm.\nMust: Cantonese, basic English. Nice: retail experience.\n"
        "Duties: answer customer questions at the counter; take phone orders; restock shelves.\n"
        "WhatsApp Ms Cheung 9876 1234."
    )
    reading, usage = read_note(note, backend=make_backend(settings), settings=settings)
    brief = reading.brief
    assert (brief.company.name, brief.location, brief.employment_type) == (
        "Brightline Pharmacy",
        "Sha Tin",
        "part-time",
    )
    assert brief.pay is not None and (brief.pay.text, brief.pay.period) == ("HK$70/hour", "hour")
    assert brief.schedule == "Sat-Sun 10am-6pm"
    assert brief.requirements.must_have == ["Cantonese", "basic English"]
    assert brief.requirements.nice_to_have == ["retail experience"]
    assert brief.duties == ["answer customer questions at the counter", "take phone orders",
                            "restock shelves"]  # fmt: skip
    assert (brief.how_to_apply.contact, brief.how_to_apply.whatsapp) == ("Ms Cheung", "9876 1234")
    assert brief.seniority is None and brief.title == "customer care assistant"
    assert usage.calls <= 1
