"""End to end on the real embedded model: every brief fact verbatim, nothing invented.

Slow (about a minute per draft on 2 cores); marked local_model.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.brief import load_brief
from drafter.draft import invented_facts
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
    facts = [
        brief.company.name, brief.location, brief.schedule or "",
        format_pay(brief.pay, language) or "",  # type: ignore[arg-type]
        brief.how_to_apply.email or "", *brief.benefits, *brief.requirements.must_have,
    ]  # fmt: skip
    for fact in facts:
        assert fact in md, fact
    assert invented_facts(md, brief) == []
    assert result.sources, "the draft reports the knowledge passages it used"
    assert len(result.sections.responsibilities) >= 3
    if language == "zh-Hant":
        import opencc

        body = md.split("## 平等機會")[0]
        # s2tw: the forms Hong Kong ads are typed in (客戶, 為, 群), no Simplified character
        assert opencc.OpenCC("s2tw").convert(body) == body, "Simplified characters in the ad"
        report = check_text(md, language="zh-Hant", brief=brief)
        assert not [f for f in report.findings if f.rule.startswith("script.")]
