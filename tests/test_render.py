"""How the ad prints the brief's facts (drafter/render.py)."""

from __future__ import annotations

import pytest

from drafter.brief import Brief
from drafter.render import how_to_apply_lines


@pytest.mark.parametrize(
    ("deadline", "language", "printed"),
    [
        ("12月20號", "en", "20 December"),
        ("2025年6月15日", "en", "15 June 2025"),
        ("12月20號", "zh-Hans", "12月20号"),
        ("12月20号", "zh-Hant", "12月20號"),
        ("20 April", "en", "20 April"),
        ("本月20日", "en", "本月20日"),  # no month to name: printed as given, for the recruiter
    ],
)
def test_a_closing_date_is_printed_in_the_ads_language(
    deadline: str, language: str, printed: str
) -> None:
    # a note of my own: the English ad printed "Closing date: 12月20號", the Simplified one 號
    brief = Brief.model_validate({
        "title": "Receptionist", "company": {"name": "Harbour Vet"}, "location": "North Point",
        "how_to_apply": {"email": "a@b.example.hk", "deadline": deadline},
    })  # fmt: skip
    assert how_to_apply_lines(brief, language)[-1].endswith(printed)
