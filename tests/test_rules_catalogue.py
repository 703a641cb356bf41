"""The catalogue: every rule's failing and passing examples (YAML from data, code kinds here)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from drafter.brief import Brief
from drafter.validate import READING_LISTS, check_text, load_rules

RULES = load_rules()
BY_ID = {r.id: r for r in RULES}
PATTERN_RULES = [r for r in RULES if r.kind == "pattern"]

_LONG_EN = " ".join(["Answer calls and help customers with orders."] * 70)
_GOOD_SECTIONS = (
    "## About us\nWe sell bikes.\n## What you'll do\n- Answer calls\n## What you'll bring\n"
    "### Must-have\n- English\n### Nice to have\n- Cantonese\n## What we offer\n- Training\n"
    "## How to apply\nEmail us.\n## Equal opportunity\nWe welcome everyone.\n"
)
_MANY_MUST = "## What you'll bring\n" + "\n".join(f"- Skill {i}" for i in range(10)) + "\n"
_FEW_MUST = (
    "## What you'll bring\n### Must-have\n"
    + "\n".join(f"- Skill {i}" for i in range(4))
    + "\n### Nice to have\n"
    + "\n".join(f"- Extra {i}" for i in range(8))
    + "\n"
)
_BRIEF = SimpleNamespace(
    seniority="entry",
    jurisdiction="us",
    model_dump_json=lambda: (
        '{"how_to_apply": {"email": "jobs@acme.com"}, "benefits": ["dental"],'
        ' "pay": {"min": 18, "max": 21}}'
    ),
)

# the reading.* rules read an ad against a real brief
_READ_BRIEF = Brief.model_validate({
    "title": "Customer Service Officer", "company": {"name": "Harbour Parcel"},
    "location": "Kwun Tong", "jurisdiction": "hk",
    "duties": ["Answer delivery enquiries by phone", "Trace delayed parcels with the depot teams"],
    "requirements": {"must_have": ["Fluent Cantonese"], "nice_to_have": ["Zendesk experience"]},
    "how_to_apply": {"email": "jobs@example.com"},
})  # fmt: skip
_READ_OK = (
    "# Customer Service Officer\n\nHarbour Parcel is hiring a Customer Service Officer in Kwun "
    "Tong.\n\n## What you'll do\n- Answer delivery enquiries by phone.\n- Trace delayed parcels "
    "with the depot teams.\n\n## What you'll bring\n### Must-have\n- Fluent Cantonese\n"
    "### Nice to have\n- Zendesk experience\n\n## How to apply\nEmail jobs@example.com.\n"
)
_DUTY_2 = "- Trace delayed parcels with the depot teams.\n"


def _read_fail(rule_id: str) -> str:
    hook = "Harbour Parcel is hiring a Customer Service Officer in Kwun Tong."
    return {
        "reading.repeated": _READ_OK.replace(_DUTY_2, _DUTY_2 + _DUTY_2),
        "reading.filler": _READ_OK.replace(hook, hook + " Join our dynamic team today."),
        "reading.ungrounded": _READ_OK.replace(
            hook, hook + " Our hotel guests enjoy sea views from every suite."),
        "reading.to_customers": _READ_OK.replace(
            hook, hook + " We help your dental clinic run smoothly."),
        "reading.assistant_talk": _READ_OK.replace(hook, hook + " I have corrected this typo."),
        "reading.wrong_language": _READ_OK.replace(hook, hook + " 我們提供在職培訓和醫療保險。"),
        "reading.duty_missing": _READ_OK.replace(_DUTY_2, ""),
        "reading.level_changed": _READ_OK.replace(
            "### Must-have\n- Fluent Cantonese\n### Nice to have\n- Zendesk experience",
            "### Must-have\n- Fluent Cantonese\n- Zendesk experience"),
    }[rule_id]  # fmt: skip


# (rule id, kwargs for check_text, failing text, passing text)
CODE_EXAMPLES: list[tuple[str, dict, str, str]] = [
    (
        "inclusive.gender_coded",
        {},
        "A competitive, driven, ambitious and decisive leader.",
        "Manageable workload; competence with SharePoint.",
    ),
    ("structure.missing_section", {}, "## About us\nWe sell bikes.", _GOOD_SECTIONS),
    (
        "structure.requirements_split",
        {},
        "## Requirements\n- English\n- Excel\n",
        "## 任职要求\n### 必备\n- 普通话沟通\n### 优先\n- 粤语\n",
    ),
    ("length.too_short", {}, "Answer calls.", _LONG_EN),
    ("length.too_long", {}, _LONG_EN + _LONG_EN, "Answer calls."),
    (
        "readability.long_sentence",
        {},
        " ".join(["word"] * 35) + ".",
        "Short and clear sentences help.",
    ),
    ("pay.missing", {"jurisdiction": "us"}, "Answer calls.", "Pay: USD 18–21 an hour."),
    (
        "script.simplified_in_traditional",
        {"language": "zh-Hant"},
        "我們的團隊負責客户服務，处理查詢。",
        "我們的團隊負責客戶服務，處理查詢，幹勁十足，台灣及香港。",
    ),
    (
        "script.traditional_in_simplified",
        {"language": "zh-Hans"},
        "我们的团队负责客户服务，處理咨询。",
        "我们的团队负责客户服务，处理咨询，著名品牌。",
    ),
    ("requirements.too_many_must_haves", {}, _MANY_MUST, _FEW_MUST),
    (
        "requirements.experience_level",
        {"brief": _BRIEF},
        "At least 5 years of call centre experience.",
        "No experience needed; 1 year is a plus.",
    ),
    (
        "faithfulness.invented_fact",
        {"brief": _BRIEF},
        "Write to hr@other.com. Annual bonus and free lunch. Call +1 415 555 0100.",
        "Write to jobs@acme.com. Dental cover. USD 18–21 an hour.",
    ),
]
CODE_EXAMPLES += [
    (rule_id, {"brief": _READ_BRIEF, "language": "en"}, _read_fail(rule_id), _READ_OK)
    for rule_id in READING_LISTS
]
CODE_IDS = {c[0] for c in CODE_EXAMPLES}


def _ids(text: str, rule_id: str, **kw: object) -> set[str]:
    return {f.rule for f in check_text(text, rules=[BY_ID[rule_id]], **kw).findings}  # type: ignore[arg-type]


def test_every_rule_has_examples() -> None:
    """Meta-test: a rule without a failing and a passing example fails the build."""
    missing = []
    for rule in RULES:
        if rule.kind == "pattern":
            if not rule.examples.fail or not rule.examples.pass_:
                missing.append(rule.id)
        elif rule.id not in CODE_IDS:
            missing.append(rule.id)
    assert not missing, f"rules without examples: {missing}"
    assert set(BY_ID) >= CODE_IDS, CODE_IDS - set(BY_ID)


@pytest.mark.parametrize(
    ("rule_id", "text"),
    [(r.id, t) for r in PATTERN_RULES for t in r.examples.fail],
)
def test_yaml_rule_fails(rule_id: str, text: str) -> None:
    assert rule_id in _ids(text, rule_id), text


@pytest.mark.parametrize(
    ("rule_id", "text"),
    [(r.id, t) for r in PATTERN_RULES for t in r.examples.pass_],
)
def test_yaml_rule_passes(rule_id: str, text: str) -> None:
    assert rule_id not in _ids(text, rule_id), text


@pytest.mark.parametrize(
    ("rule_id", "kw", "fail", "ok"), CODE_EXAMPLES, ids=[c[0] for c in CODE_EXAMPLES]
)
def test_code_rule_examples(rule_id: str, kw: dict, fail: str, ok: str) -> None:
    assert rule_id in _ids(fail, rule_id, **kw), fail
    assert rule_id not in _ids(ok, rule_id, **kw), ok


def test_reading_rules_need_a_brief_and_place_each_finding_on_its_sentence() -> None:
    text = _read_fail("reading.assistant_talk")
    assert "reading.assistant_talk" not in _ids(text, "reading.assistant_talk")  # no brief
    report = check_text(text, brief=_READ_BRIEF, language="en")
    talk = [f for f in report.findings if f.rule == "reading.assistant_talk"]
    assert len(talk) == 1 and text[talk[0].start : talk[0].end] == "I have corrected this typo."
    assert report.score < 100


def test_every_shipped_yaml_file_reads_the_same_with_libyaml() -> None:
    """drafter reads its own data with libyaml when PyYAML has it (`loading.read_yaml`): every
    shipped file must give exactly what the pure-Python reader gives."""
    import yaml

    from drafter.loading import read_yaml

    root = Path(__file__).resolve().parent.parent
    files = sorted([*root.glob("drafter/**/*.yaml"), *root.glob("prompts/*.yaml"),
                    *root.glob("evals/datasets/*.yaml")])  # fmt: skip
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert read_yaml(text) == yaml.safe_load(text), path
