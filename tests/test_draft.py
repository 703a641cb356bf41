"""The draft stage on the fake backend: facts verbatim, nothing invented, bounded re-asks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from drafter.backends import AVOID_WORDS, FakeBackend
from drafter.brief import load_brief
from drafter.draft import (
    APPLYING,
    CODE_MARKS,
    SECOND_PERSON,
    DraftText,
    about_holder,
    assemble,
    draft_ad,
    example_companies,
    fields_text,
    finish_duty,
    invented_facts,
    output_schema,
    parse_output,
    scrub,
    spelled_numbers,
    to_script,
    unnumber,
    voice,
)
from drafter.errors import DraftError, InputError
from drafter.extract import _whole_name
from drafter.render import markdown_to_html
from drafter.retrieve import RetrievedPassage
from drafter.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
BRIEF = load_brief(ROOT / "examples" / "briefs" / "hk-cs-officer.yaml")


def answer(**overrides: Any) -> dict[str, Any]:
    """A well-formed model answer in English."""
    base = {
        "title": "Customer Service Officer",
        "hook": "Help thousands of shoppers get their parcels on time. Join a friendly team.",
        "about_us": "We deliver parcels for online shops across the city every day.",
        "role_overview": "You answer enquiries by phone, email and chat and follow cases up.",
        "responsibilities": [
            "Answer delivery enquiries from shoppers and merchants by phone and chat.",
            "Trace delayed parcels with the depot teams and update customers.",
            "Handle complaints calmly and escalate claims with full notes.",
            "Record every case in the ticketing system before the shift ends.",
            "Share customer feedback with the operations team every week.",
        ],
        "growth": "New colleagues get guided, paid training and a buddy.",
        "closing": "If this sounds like you, we would love to hear from you.",
    }
    base.update(overrides)
    return base


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_settings(home=tmp_path, backend="fake", max_reasks=2)


def passage(pid: str) -> RetrievedPassage:
    return RetrievedPassage(
        id=pid, doc_id=pid.split("#")[0], n=1, text="## Tone\nWrite plainly.", title="t",
        heading="Tone", kind="guide", language="en", tone="any", role="any", industry="any",
        jurisdiction="any", source="x.md", origin="builtin", score=0.9,
    )  # fmt: skip


def test_facts_are_printed_verbatim_from_the_brief(settings) -> None:  # type: ignore[no-untyped-def]
    backend = FakeBackend().enqueue(answer())
    result = draft_ad(
        BRIEF, language="en", tone="lively", backend=backend, settings=settings,
        passages=[passage("guide.tone#1")],
    )  # fmt: skip
    md = result.markdown
    for fact in [
        "Harbourline Logistics", "Kwun Tong, Kowloon", "HKD 18,000–22,000 per month",
        "careers@harbourline.example.com", "2026-12-31", "Medical insurance",
        "12 days annual leave", "HKDSE or above",
        "5-day week, rotating shifts between 8:00 and 20:00",
    ]:  # fmt: skip
        assert fact in md, fact
    assert result.sources == ["guide.tone#1"]
    assert result.attempts == 1
    assert result.usage.backend == "fake" and result.usage.calls == 1
    for heading in ("## About us", "### Must-have", "## How to apply", "## Equal opportunity"):
        assert heading in md
    # the schema sent to the model asks for prose only, with length limits
    schema = backend.calls[0]["schema"]
    assert "benefits" not in schema["properties"] and "pay" not in schema["properties"]
    assert schema["properties"]["hook"]["minLength"] > 0
    # brief facts reach the prompt; the model is told they are not instructions
    assert "Harbourline Logistics" in backend.calls[0]["messages"][1]["content"]
    assert "not instructions" in backend.calls[0]["messages"][0]["content"]
    # drafting asks for the settings' repeat penalty (1.1 unless changed)
    assert backend.calls[0]["repeat_penalty"] == settings.draft_repeat_penalty == 1.1
    # the lively success section speaks to "you"; the professional one is in the third person
    assert "to the candidate as 'you'" in backend.calls[0]["messages"][1]["content"]
    professional = FakeBackend().enqueue(answer())
    draft_ad(
        BRIEF, language="en", tone="professional", backend=professional, settings=settings,
        passages=[passage("guide.tone#1")],
    )  # fmt: skip
    user = professional.calls[0]["messages"][1]["content"]
    assert "success: in the third person" in user and "as 'you'" not in user
    # … and the local model cannot write "you" in it at all; a lively ad may
    assert professional.calls[0]["schema"][AVOID_WORDS] == [*CODE_MARKS, *SECOND_PERSON]
    assert backend.calls[0]["schema"][AVOID_WORDS] == list(CODE_MARKS)
    # Chinese answers asked for the third person wrote 我: they keep the help as it was
    chinese = fields_text(output_schema("zh-Hant", False), "professional", "zh-Hant")
    assert "success: to the candidate as 'you'" in chinese


def test_invented_contacts_amounts_perks_and_tools_are_removed(settings) -> None:  # type: ignore[no-untyped-def]
    bad = answer(
        growth="Enjoy a HKD 5,000 sign-on bonus and free lunch. Training is paid.",
        closing="Call 2345 6789 or write to jobs@other.example.org by [insert deadline].",
        role_overview="You log cases in Salesforce Service Cloud. You also answer chats.",
    )
    result = draft_ad(
        BRIEF, language="en", tone="professional", backend=FakeBackend().enqueue(bad),
        settings=settings, passages=[],
    )  # fmt: skip
    md = result.markdown
    for invented in ("5,000", "bonus", "free lunch", "2345 6789", "jobs@other", "Salesforce",
                     "[insert"):  # fmt: skip
        assert invented not in md, invented
    assert "Training is paid." in md and "You also answer chats." in md
    assert len(result.fixes) == 3
    assert invented_facts(md, BRIEF) == []


def test_a_chinese_registered_name_the_brief_does_not_give_is_the_briefs_company() -> None:
    from drafter.draft import own_name

    brief = BRIEF.model_copy(
        update={"company": BRIEF.company.model_copy(update={"name": "Harbourlane Couriers"})}
    )
    assert (
        own_name("港湾路快递有限公司是一家物流公司。", brief, "zh-Hans")
        == "Harbourlane Couriers是一家物流公司。"
    )
    zh = BRIEF.model_copy(
        update={
            "company": BRIEF.company.model_copy(update={"name": "苏州远航国际货运代理有限公司"})
        }
    )
    same = "苏州远航国际货运代理有限公司为制造企业服务。"
    assert own_name(same, zh, "zh-Hans") == same  # the brief's own name stays
    assert (
        own_name("我们是一家物流公司。", brief, "zh-Hans") == "我们是一家物流公司。"
    )  # no registered name
    # an English ad for a company the brief names only in Chinese: the model's English name
    # for it goes (seen: "Cloud Digital Bank" for 雲港數碼銀行); other companies stay
    bank = BRIEF.model_copy(
        update={"company": BRIEF.company.model_copy(update={"name": "雲港數碼銀行"})}
    )
    said = "Cloud Digital Bank is a virtual bank. "
    assert own_name(said, bank, "en") == "雲港數碼銀行 is a virtual bank. "
    assert own_name("Join Cloud Digital Bank today.", bank, "en") == "Join 雲港數碼銀行 today."
    other = "You help travellers of Hong Kong Airlines."
    assert own_name(other, bank, "en") == other
    assert own_name(said, brief, "en") == said  # the brief's English name: nothing to mend
    text = answer(about_us="港湾路快递有限公司是一家物流公司，总部在观塘。")
    ad, fixes = assemble(brief, DraftText(**text), "zh-Hant")
    assert ad.about_us.startswith("Harbourlane Couriers是一家物流公司")
    assert any("company name" in f for f in fixes)


def test_places_the_brief_never_names_are_invented() -> None:
    from drafter.validate import BriefFacts, unfaithful

    # BRIEF: Kwun Tong, Kowloon. Seen: a Sanya resort "in the heart of the Caribbean".
    assert invented_facts("Our office is in the heart of the Caribbean.", BRIEF) == ["Caribbean"]
    assert invented_facts("我們的客人來自日本和韓國。", BRIEF) == ["日本", "韓國"]
    assert invented_facts("We serve Asian markets and guests from Tokyo.", BRIEF) == [
        "Asian", "Tokyo",
    ]  # fmt: skip
    # named by the brief in any language or script, or by its jurisdiction
    freight = BRIEF.model_copy(
        update={"company": BRIEF.company.model_copy(update={"about": "客户遍布欧美和东南亚。"})}
    )
    for fine in ("We ship to Europe, North America and Southeast Asia.", "客戶遍布歐洲和東南亞。"):
        assert invented_facts(fine, freight) == [], fine
    eu = BRIEF.model_copy(update={"jurisdiction": "eu"})
    assert invented_facts("Customers call us from across Europe.", eu) == []
    assert invented_facts("Customers call us from across Europe.", BRIEF) == ["Europe"]
    # the faithfulness rule (drafter check) says which place
    [(_, _, message)] = list(unfaithful("Guests fly in from Dubai.", BriefFacts(BRIEF)))
    assert message == "Place not in the brief: Dubai"


def test_departments_the_brief_never_names_are_invented() -> None:
    # BRIEF: a logistics office whose duties name "the depot teams"
    assert invented_facts(
        "They will work with other departments such as sales and marketing.", BRIEF
    ) == ["sales", "marketing"]
    assert invented_facts("Collaborate with the IT and HR teams on every case.", BRIEF) == [
        "IT", "HR",
    ]  # fmt: skip
    for fine in (
        "Trace delayed parcels with the depot teams.",  # the brief's own team
        "The team handles after-sales questions.",  # service, not a sales team
        "Every sale is logged by the team.",  # not a department
        "Answer questions about sales and marketing emails.",  # no team in the sentence
        "Their shift starts at 8:00 with the team.",  # "hr" inside words of the brief
    ):
        assert invented_facts(fine, BRIEF) == [], fine
    retail = BRIEF.model_copy(update={"duties": ["support the sales team on the shop floor"]})
    assert invented_facts("Work closely with the sales team.", retail) == []
    # a whole text is judged sentence by sentence: the team is in one, "warehouse" in another
    assert invented_facts("The team is friendly. Report issues to the warehouse.", BRIEF) == []


def test_a_duty_tied_to_made_up_departments_keeps_the_duty(settings) -> None:  # type: ignore[no-untyped-def]
    from drafter.draft import drop_department_asides

    fixes: list[str] = []
    known = BRIEF.model_dump_json().lower()
    aside = (
        " by coordinating with other departments such as the Housekeeping team and the IT"
        " department"
    )
    assert drop_department_asides(f"Balance shift cash and reports{aside}.", known, fixes) == (
        "Balance shift cash and reports."
    )
    assert fixes == [f"removed departments the brief does not name: {aside.strip()!r}"]
    named = "Trace parcels, working closely with other teams such as the depot teams."
    assert drop_department_asides(named, known, fixes) == named  # the brief names the depot
    result = draft_ad(
        BRIEF, language="en", tone="professional", settings=settings, passages=[],
        backend=FakeBackend().enqueue(answer(responsibilities=[
            f"Trace delayed parcels with the depot teams{aside}.",
            "Answer delivery enquiries from shoppers and merchants by phone and chat.",
            "Handle complaints calmly and escalate claims with full notes.",
            "Work closely with other departments such as sales and marketing every day.",
        ])),
    )  # fmt: skip
    assert "- Trace delayed parcels with the depot teams.\n" in result.markdown + "\n"
    assert "Housekeeping" not in result.markdown and "marketing" not in result.markdown


def test_invalid_output_is_reasked_then_fails_keeping_last_output(settings) -> None:  # type: ignore[no-untyped-def]
    backend = FakeBackend().enqueue("not json", {"hook": "x"}, "{broken")
    with pytest.raises(DraftError) as caught:
        draft_ad(BRIEF, language="en", tone="professional", backend=backend,
                 settings=settings, passages=[])  # fmt: skip
    err = caught.value
    assert err.attempts == 3 and err.last_output == "{broken"
    assert len(backend.calls) == 3
    # each re-ask carries the previous answer and what was wrong with it
    reask = backend.calls[1]["messages"]
    assert reask[-2] == {"role": "assistant", "content": "not json"}
    assert "not valid JSON" in reask[-1]["content"]
    assert "field about_us" in backend.calls[2]["messages"][-1]["content"]


def test_reask_recovers(settings) -> None:  # type: ignore[no-untyped-def]
    backend = FakeBackend().enqueue("```json\n{oops", answer())
    result = draft_ad(BRIEF, language="en", tone="professional", backend=backend,
                      settings=settings, passages=[])  # fmt: skip
    assert result.attempts == 2


def test_validator_errors_are_fed_back(settings) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def validator(md: str, brief, lang):  # type: ignore[no-untyped-def]
        seen.append(md)
        if len(seen) == 1:
            return ["discrimination.age: remove the age limit"], {"score": 75}
        return [], {"score": 100}

    backend = FakeBackend().enqueue(answer(), answer())
    result = draft_ad(BRIEF, language="en", tone="professional", backend=backend,
                      settings=settings, passages=[], validator=validator)  # fmt: skip
    assert result.report == {"score": 100} and result.attempts == 2
    assert "discrimination.age" in backend.calls[1]["messages"][-1]["content"]


def test_zh_hant_output_is_converted_to_traditional(settings) -> None:  # type: ignore[no-untyped-def]
    zh = answer(
        title="客户服务主任",
        hook="我们正在寻找热爱沟通的客户服务主任，一起为网购客户提供准时的送货服务。",
        about_us="我们为全港网店提供即日及翌日送货服务，客户联络团队就在观塘。",
        role_overview="你会通过电话、电邮和网上对话解答客户查询，并跟进个案直至完成。",
        responsibilities=[
            "通过电话和网上对话解答网购客户的送货查询。",
            "与仓库同事追查延误的包裹，并向客户更新进度。",
            "耐心处理投诉，把索偿个案连同完整记录转交主管。",
        ],
        growth="新同事有两星期培训，并由资深同事带领熟悉工作。",
        closing="如果你喜欢帮助别人，欢迎申请。",
    )
    backend = FakeBackend().enqueue(zh)
    result = draft_ad(BRIEF, language="zh-Hant", tone="lively", backend=backend,
                      settings=settings, passages=[])  # fmt: skip
    md = result.markdown
    import opencc

    assert "客戶服務主任 Customer Service Officer" in md  # 戶 as Hong Kong ads write it, not 户
    assert "我們" in md and "我们" not in md and "觀塘" in md
    assert "為網購客戶" in md and "爲" not in md  # the form Hong Kong ads are typed in
    assert "## 關於我們" in md and "### 必須" in md and "月薪 HKD 18,000–22,000" in md
    body = md.split("## 平等機會")[0]  # noqa: RUF100
    prose = re.sub(r"[A-Za-z0-9@.:,\-–/ ]+", "", body)
    assert opencc.OpenCC("s2t").convert(prose) == prose
    # The model writes a Hong Kong ad in Simplified characters, which it writes more fluently,
    # and reads the brief in them (九龍觀塘 reaches it as 九龙观塘); the ad prints the brief's own.
    brief = BRIEF.model_copy(update={"location": "九龍觀塘"})
    backend = FakeBackend().enqueue(zh)
    result = draft_ad(brief, language="zh-Hant", tone="lively", backend=backend,
                      settings=settings, passages=[])  # fmt: skip
    system, user = (m["content"] for m in backend.calls[0]["messages"])
    assert "Hong Kong job ad, in Simplified characters" in system
    assert "九龙观塘" in user and "九龍觀塘" not in user
    assert "九龍觀塘" in result.markdown and "九龙观塘" not in result.markdown


def test_english_asked_but_chinese_written_is_reasked(settings) -> None:  # type: ignore[no-untyped-def]
    zh = answer(
        hook="我们正在招聘。",
        about_us="我们是物流公司。",
        role_overview="接听电话。",
        responsibilities=["接听客户电话并解答查询。"] * 5,
        growth="培训。",
        closing="欢迎。",
    )
    backend = FakeBackend().enqueue(zh, answer())
    result = draft_ad(BRIEF, language="en", tone="professional", backend=backend,
                      settings=settings, passages=[])  # fmt: skip
    assert result.attempts == 2
    assert "English" in backend.calls[1]["messages"][-1]["content"]


def test_chinese_asked_but_english_written_is_reasked_with_chinese_first_strings(settings) -> None:  # type: ignore[no-untyped-def]
    from drafter.backends import CJK_FIRST

    zh = answer(
        hook="我們正在招聘客戶服務主任，負責解答網購客戶的查詢。",
        about_us="我們為網店提供送貨服務。",
        role_overview="該職位透過電話及電郵解答查詢。",
        responsibilities=["透過電話解答客戶有關送貨的查詢。"] * 3
        + ["與倉庫同事追查延誤的包裹。", "處理投訴並按流程轉交主管。"],
    )  # fmt: skip
    backend = FakeBackend().enqueue(answer(), answer(), zh)
    result = draft_ad(BRIEF, language="zh-Hant", tone="professional", backend=backend,
                      settings=settings, passages=[])  # fmt: skip
    assert result.attempts == 3
    first, second, third = (call["schema"] for call in backend.calls)
    assert CJK_FIRST not in first
    assert first[AVOID_WORDS] == list(CODE_MARKS)  # 你/您 stay allowed in Chinese
    assert second[CJK_FIRST] == third[CJK_FIRST]
    assert {"hook", "responsibilities", "closing"} <= set(second[CJK_FIRST])
    assert "title" not in second[CJK_FIRST]  # a Hong Kong title may begin in English


def test_chinese_prose_with_english_duties_is_reasked_with_chinese_first_strings(settings) -> None:  # type: ignore[no-untyped-def]
    from drafter.backends import CJK_FIRST

    # seen: a lively Hong Kong ad from an English note, the same answer on all 3 attempts
    zh = answer(
        hook="我們正在招聘客戶服務主任，負責解答網購客戶的查詢，歡迎你加入我們的團隊。",
        about_us="我們為網店提供送貨服務，客戶聯絡團隊就在觀塘。",
        role_overview="你會透過電話及電郵解答查詢，並跟進每一個個案直至完成。",
    )  # fmt: skip
    english = {**zh, "responsibilities": answer()["responsibilities"]}
    chinese = {**zh, "responsibilities": ["透過電話解答客戶有關送貨的查詢。",
               "與倉庫同事追查延誤的包裹。", "處理投訴並按流程轉交主管。"]}  # fmt: skip
    backend = FakeBackend().enqueue(english, chinese)
    result = draft_ad(BRIEF, language="zh-Hant", tone="lively", backend=backend,
                      settings=settings, passages=[])  # fmt: skip
    assert (
        result.attempts == 2
        and "透過電話解答客戶有關送貨的查詢。" in result.sections.responsibilities
    )
    assert CJK_FIRST not in backend.calls[0]["schema"]
    assert "responsibilities" in backend.calls[1]["schema"][CJK_FIRST]


def test_a_looped_answer_is_reasked_without_the_loop(settings) -> None:  # type: ignore[no-untyped-def]
    from drafter.backends import Completion, Usage

    loop = '{"hook": "' + "我們正在找一位有耐心和熱情的客戶服務助理，負責處理客戶查詢及跟進。" * 24

    class Looping(FakeBackend):
        def complete(self, messages, **kw):  # type: ignore[no-untyped-def]
            if not self.calls:
                self.calls.append({"messages": messages})
                return Completion(text=loop, usage=Usage(backend="fake", model="m"), looped=True)
            return super().complete(messages, **kw)

    backend = Looping().enqueue(answer())
    result = draft_ad(BRIEF, language="en", tone="professional", backend=backend,
                      settings=settings, passages=[])  # fmt: skip
    assert result.attempts == 2
    reask = backend.calls[1]["messages"]
    assert "same sentences again and again" in reask[-1]["content"]
    assert "write in English" in reask[-1]["content"]
    assert len(reask[-2]["content"]) < len(loop) / 3  # the loop itself is not sent back


def test_when_every_attempt_loops_the_fields_finished_before_the_loop_make_the_ad(settings) -> None:  # type: ignore[no-untyped-def]
    from drafter.backends import Completion, Usage

    whole = answer()
    head = json.dumps({k: whole[k] for k in ("title", "hook", "about_us", "role_overview",
                                             "responsibilities")})[:-1]  # fmt: skip
    loop = head + ', "growth": "' + "We train you well and we support you every day. " * 12

    class Looping(FakeBackend):
        def complete(self, messages, **kw):  # type: ignore[no-untyped-def]
            self.calls.append({"messages": messages})
            return Completion(text=loop, usage=Usage(backend="fake", model="m"), looped=True)

    backend = Looping()
    result = draft_ad(BRIEF, language="en", tone="professional", backend=backend,
                      settings=settings, passages=[])  # fmt: skip
    assert len(backend.calls) == settings.max_reasks + 1  # each loop was re-asked
    assert result.sections.hook == whole["hook"]
    assert result.sections.responsibilities[0] == whole["responsibilities"][0]
    assert result.sections.growth == ""  # the field that looped is not used
    assert "We train you well" not in result.markdown
    assert result.fixes[0] == "used the fields the model finished before it began to loop"
    # a loop before the required fields are whole still fails, keeping what was said
    backend = Looping()
    loop = '{"hook": "' + "Help shoppers. " * 40
    with pytest.raises(DraftError, match="same sentences"):
        draft_ad(BRIEF, language="en", tone="professional", backend=backend,
                 settings=settings, passages=[])  # fmt: skip


def test_repeats_from_finds_where_a_loop_starts() -> None:
    from drafter.backends import repeats_from

    assert repeats_from("Answer calls. " * 3) is None  # too short to call a loop
    text = "Intro. " + "We answer calls and emails from shoppers every day, kindly. " * 8
    assert repeats_from(text) is not None and text[: repeats_from(text)].startswith("Intro")
    # the brief's phrase restated in the overview and two duties is not a loop
    phrase = "answer inbound calls about bills, plans and roaming, and log each call. "
    restated = f"Our centre is busy. You {phrase}Duties: {phrase}Also: {phrase}"
    assert repeats_from(restated) is None
    varied = " ".join(f"Duty number {i} is different from the others in content." for i in range(9))
    assert repeats_from(varied) is None


def test_english_duties_cut_mid_sentence_lose_the_hanging_words() -> None:
    duties = [
        "Answer delivery enquiries by phone and chat, and make sure that",
        "Trace delayed parcels with the depot teams and update customers.",
        "Handle complaints calmly and escalate claims with",
        "Log cases and",
        "Record every case in the ticketing system before the shift ends",
    ]
    ad, fixes = assemble(BRIEF, DraftText(**answer(responsibilities=duties)), "en")
    assert "Answer delivery enquiries by phone and chat." in ad.responsibilities
    assert "Handle complaints calmly and escalate claims." in ad.responsibilities
    assert "Trace delayed parcels with the depot teams and update customers." in ad.responsibilities
    # the list's other duties end with a stop: this one gets one too (one list, one style)
    assert "Record every case in the ticketing system before the shift ends." in ad.responsibilities
    assert not any(d.startswith("Log cases") for d in ad.responsibilities)  # too little left
    assert sum("left hanging" in f for f in fixes) == 3
    assert finish_duty("Work with the depot team to") == "Work with the depot team."
    assert finish_duty("Answer calls, chats and") == ""


def test_front_line_ads_lose_duties_of_leading_training_or_selling() -> None:
    extra = [
        "Train new agents on the ticketing system and coach them through their first month.",
        "Support marketing campaigns on our social media pages every week.",
    ]
    text = DraftText(**answer(responsibilities=answer()["responsibilities"] + extra))
    ad, fixes = assemble(BRIEF, text, "en")  # a Customer Service Officer: front line
    assert not any(d in ad.responsibilities for d in extra)
    assert sum("beyond a front-line role" in f for f in fixes) == 2
    lead = BRIEF.model_copy(update={"title": "Customer Service Team Lead"})
    ad, _ = assemble(lead, text, "en")
    assert all(d in ad.responsibilities for d in extra)
    coach = BRIEF.model_copy(update={"duties": [*BRIEF.duties, "Coach new hires on the phones"]})
    ad, _ = assemble(coach, text, "en")  # the recruiter asked for it
    assert extra[0] in ad.responsibilities


def test_an_ad_whose_hook_never_survives_gets_the_overviews_first_sentence(settings) -> None:  # type: ignore[no-untyped-def]
    asks = answer(hook="Are you ready to help shoppers get their parcels?")  # dropped: a question
    backend = FakeBackend().enqueue(asks, asks, asks)
    result = draft_ad(BRIEF, language="en", tone="professional", backend=backend,
                      settings=settings, passages=[])  # fmt: skip
    assert (
        result.attempts == 3 and "hook must describe" in backend.calls[1]["messages"][-1]["content"]
    )
    assert (
        result.sections.hook == "You answer enquiries by phone, email and chat and follow cases up."
    )
    assert result.sections.role_overview == ""
    assert any("overview's first sentence" in f for f in result.fixes)


def test_a_duty_that_repeats_an_earlier_one_goes() -> None:
    first = "Review calls against the quality form to ensure every interaction is of high quality."
    again = "Work with the team to ensure every interaction is of high quality."
    duties = [first, again, *answer()["responsibilities"][1:4]]
    ad, fixes = assemble(BRIEF, DraftText(**answer(responsibilities=duties)), "en")
    assert first in ad.responsibilities and again not in ad.responsibilities
    assert any("repeats an earlier one" in f for f in fixes)
    zh = [
        "處理客戶的電話查詢及投訴，並記錄每宗個案。",
        "處理客戶投訴。",
        "與倉庫同事追查延誤的包裹。",
    ]
    ad, _ = assemble(BRIEF, DraftText(**answer(responsibilities=zh)), "zh-Hant")
    assert "處理客戶投訴。" not in ad.responsibilities and zh[2] in ad.responsibilities


def test_items_broken_in_two_are_joined_and_a_cut_off_repeat_goes() -> None:
    duties = ["處理退貨及索償個案，提供賠償方案", "定期參加培訓，提高自己的", "技能和能力",
              "定期進行工作評估和調整，提高工作效率", "定期進行工作評"]  # fmt: skip
    text = DraftText(**answer(responsibilities=duties))
    assert "定期參加培訓，提高自己的技能和能力" in text.responsibilities
    ad, _ = assemble(BRIEF, text, "zh-Hant")
    assert "定期進行工作評" not in ad.responsibilities and "技能和能力" not in ad.responsibilities
    assert "定期進行工作評估和調整，提高工作效率" in ad.responsibilities
    broken = ["Handle complaints and", "escalate claims.", "Log every case.", "Trace parcels."]
    english = DraftText(**answer(responsibilities=broken))
    assert english.responsibilities[0] == "Handle complaints and escalate claims."


def test_pay_retold_in_prose_is_removed() -> None:
    growth = "You will learn every product. We also offer 17000.0 HKD minimum pay per month."
    ad, fixes = assemble(BRIEF, DraftText(**answer(growth=growth)), "en")
    assert ad.growth == "You will learn every product."
    assert any("pay restated" in f for f in fixes)
    ad, _ = assemble(BRIEF, DraftText(**answer(about_us="A team of 40 answers every call.")), "en")
    assert ad.about_us == "A team of 40 answers every call."  # the brief's number, not money
    ad, fixes = assemble(BRIEF, DraftText(**answer(about_us="We answer 6,000 calls a day.")), "en")
    assert ad.about_us != "We answer 6,000 calls a day."  # a number the brief does not give
    assert any("6000 — a number the brief does not give" in f for f in fixes)


def test_brief_duties_filling_in_are_not_repeated_in_another_case() -> None:
    hints = ["troubleshoot basic handset problems", "log each call and follow up on open cases"]
    brief = BRIEF.model_copy(update={"duties": hints})
    only = ["Troubleshoot basic handset problems for callers.", "Answer calls.", "Smile."]
    ad, _ = assemble(brief, DraftText(**answer(responsibilities=only)), "en")
    lowered = [d.lower().rstrip(".") for d in ad.responsibilities]
    assert len(lowered) == len(set(lowered))
    assert sum("troubleshoot basic handset problems" in d for d in lowered) == 1
    assert "Log each call and follow up on open cases." in ad.responsibilities


def test_a_cut_off_scrap_goes_and_duties_stop_at_eight() -> None:
    many = ["接聽熱線電話解答送貨查詢", "為網購顧客辦理退貨手續", "核對月結帳單並解釋收費",
            "登記會員資料及更新積分", "向商戶說明最新優惠安排", "安排上門維修及保養預約",
            "耐心處理投訴並記錄結果", "每週整理常見問題給團隊", "協助倉庫追查遺失包裹"]  # fmt: skip
    ad, fixes = assemble(BRIEF, DraftText(**answer(responsibilities=[*many, "与"])), "zh-Hant")
    assert "與" not in ad.responsibilities and "与" not in ad.responsibilities
    assert len(ad.responsibilities) == 8
    assert any("too short to be a duty" in f for f in fixes)
    assert any("past the first 8" in f for f in fixes)


def test_a_prose_sentence_repeating_an_earlier_one_goes() -> None:
    growth = ("Our team is growing, and we are looking for someone who can handle any emergencies"
              " that may arise. We are looking for someone who can handle any emergencies that"
              " may arise. You will learn every product in your first month.")  # fmt: skip
    ad, fixes = assemble(BRIEF, DraftText(**answer(growth=growth)), "en")
    assert ad.growth.count("emergencies") == 1 and "first month" in ad.growth
    assert any("repeated clause" in f for f in fixes)
    # said in other words: the whole-sentence check catches it
    growth = ("We want someone who stays calm when any emergency comes up on a shift. Someone who"
              " stays calm when an emergency comes up on any shift is what we want.")  # fmt: skip
    ad, fixes = assemble(BRIEF, DraftText(**answer(growth=growth)), "en")
    assert ad.growth.count("calm") == 1
    assert any("repeats an earlier one" in f for f in fixes)


def test_voice_puts_english_sentences_in_the_tones_voice() -> None:
    title = "Customer Service Officer"
    lively = [
        ("The successful candidate will answer calls and chats from shoppers across the city, and"
         " you will learn our CRM.",
         "You'll answer calls and chats from shoppers across the city. You'll learn our CRM."),
        ("The Customer Service Officer's day starts at 9. The ideal candidate is patient.",
         "Your day starts at 9. You're patient."),
        ("We are a team of 18 and it is busy.", "We're a team of 18 and it's busy."),
        ("We do not mind as it is.", "We don't mind as it is."),  # no word after "it is"
        ("You are not alone.", "You aren't alone."),  # not "You're not"
        ("Customers will call, and we answer.", "Customers will call, and we answer."),  # short
        # the post holder by the brief's title, any verb (seen in a lively eval draft)
        ("Our customer service officer plays a crucial role.", "You play a crucial role."),
        ("A Customer Service Officer carries the phone and handles refunds, chats and walk-ins.",
         "You carry the phone and handle refunds, chats and walk-ins."),
        ("The Customer Service Officer watches calls and answers from the team.",
         "You watch calls and answers from the team."),  # "answers" may be a noun: left
        ("The post holder has a buddy.", "You have a buddy."),
        ("As a Guest Service Agent, we will welcome guests.", "You'll welcome guests."),
        # plain words for short sentences (the lively eval ads averaged 17-21 words)
        ("As a Customer Service Supervisor, you'll be responsible for leading a team of 12 "
         "officers and handling escalated complaints.",
         "You'll lead a team of 12 officers and handle escalated complaints."),
        ("You're also responsible for following up cases, flagging faults and passing notes on.",
         "You also follow up cases, flag faults and pass notes on."),
        ("As a new joiner, you'll have the opportunity to learn new skills.",
         "You'll learn new skills."),
        ("In addition to this, you'll be able to work in a supportive team.",
         "You'll work in a supportive team."),
        ("You'll handle customer queries and delivery updates, while also managing damage "
         "claims.",
         "You'll handle customer queries and delivery updates. You also manage damage claims."),
        # a gerund not known as a verb, and "As a result", stay
        ("You'll be responsible for shipping.", "You'll be responsible for shipping."),
        ("As a result, you'll get answers.", "As a result, you'll get answers."),
        ("You help us keep our shoppers and win new ones every single week, which helps the "
         "whole team grow.",
         "You help us keep our shoppers and win new ones every single week. This helps the "
         "whole team grow."),
        ("We use Zendesk, which keeps chats in one place.",  # short: stays
         "We use Zendesk, which keeps chats in one place."),
        ("We look after every guest who stays with us at the hotel, ensuring that they feel "
         "valued and welcome.",
         "We look after every guest who stays with us at the hotel. This ensures that they feel "
         "valued and welcome."),
        ("You'll pick up new skills with real guests on the front desk every day, which will "
         "help you grow.",
         "You'll pick up new skills with real guests on the front desk every day. This will "
         "help you grow."),
    ]  # fmt: skip
    for before, after in lively:
        assert voice(before, "lively", title) == after
    # "They…" after a sentence about the post holder is the reader too; not otherwise
    assert voice("They also handle refunds.", "lively", title, they_hold=True) == (
        "You also handle refunds."
    )
    assert voice("Their shifts end at 6.", "lively", title, they_hold=True) == (
        "Your shifts end at 6."
    )
    assert voice("They want quick answers.", "lively", title) == "They want quick answers."
    assert voice("They want answers.", "professional", title, they_hold=True) == (
        "They want answers."
    )
    assert about_holder("Our Customer Service Officer works on shifts.", title)
    assert about_holder(" They also handle refunds.", title, they_hold=True)
    assert not about_holder("They also handle refunds.", title)
    assert not about_holder("Our customers call.", title)
    professional = [
        ("You'll join a team of 18. We're proud; it’s busy and nobody doesn't care.",
         "The successful candidate will join a team of 18. We are proud; it is busy and nobody "
         "does not care."),
        ("You will learn fast and you'll grow.",
         "The successful candidate will learn fast and you will grow."),
        ("Its history is long.", "Its history is long."),
        # over the tone's 18 words: split where a new subject starts
        ("The team answers about 300 calls on a normal day, and it also handles chats from the "
         "online shop.",
         "The team answers about 300 calls on a normal day. It also handles chats from the "
         "online shop."),
        ("The team answers calls from customers about their delivery times and their parcels "
         "every day, enabling the depot to plan.",
         "The team answers calls from customers about their delivery times and their parcels "
         "every day. This enables the depot to plan."),
        # "they" with no one to refer to (the model, barred from "you", writes it)
        ("As a Front Desk Supervisor, they will lead the agents on each shift.",
         "As a Front Desk Supervisor, the successful candidate will lead the agents on each "
         "shift."),
        ("Calls are logged. As a new joiner, they can ask a buddy.",
         "Calls are logged. As a new joiner, the successful candidate can ask a buddy."),
        ("As a result, they will get answers.", "As a result, they will get answers."),
        # the model as the post holder in the company's "we" (English eval drafts)
        ("As a Customer Service Associate, we will answer calls.",
         "As a Customer Service Associate, the successful candidate will answer calls."),
        ("As the Customer Service Director, we are the first point of contact.",
         "As the Customer Service Director, the successful candidate is the first point of "
         "contact."),
        ("As a leading retailer, we will grow.", "As a leading retailer, we will grow."),
    ]  # fmt: skip
    for before, after in professional:
        assert voice(before, "professional", title) == after
        # a field's later sentences come with the space before them
        assert voice(" " + before, "professional", title) == " " + after
    for before, after in lively:
        assert voice(" " + before, "lively", title) == " " + after
    assert (
        voice("The successful candidate will learn.", None)
        == "The successful candidate will learn."
    )


def test_professional_chinese_names_the_post_holder_instead_of_you(settings) -> None:  # type: ignore[no-untyped-def]
    hant = [  # seen in professional Hong Kong drafts
        ("作為客房服務員，你將負責處理住客的入住及退房。",
         "作為客房服務員，獲聘者將負責處理住客的入住及退房。"),
        ("在你的第一個月內，如果你的工作做得好，您將會提升滿意度。",
         "在第一個月內，如果工作做得好，獲聘者將會提升滿意度。"),
        ("我們期待您的加入。", "我們期待獲聘者的加入。"),
        ("我們期待著您的加入。", "我們期待著獲聘者的加入。"),  # the benchmark brief's closing
        ("如果你對這個職位感興趣，歡迎你申請。", "如果對這個職位感興趣，歡迎申請。"),
        ("我們會為你提供培訓，幫助你提升自己的技能。",
         "我們會為獲聘者提供培訓，幫助獲聘者提升自己的技能。"),
        ("店內設有迷你倉。", "店內設有迷你倉。"),  # 迷你 is "mini"
    ]  # fmt: skip
    for before, after in hant:
        assert voice(before, "professional", language="zh-Hant") == after
        assert voice(before, "lively", language="zh-Hant") == before  # lively speaks to 你
    assert (
        voice("你将负责接听热线。", "professional", language="zh-Hans") == "任职者将负责接听热线。"
    )
    zh = answer(
        title="客户服务主任",
        hook="你将通过电话、电邮和在线聊天为网购客户解答送货查询，让每个包裹准时送达。",
        about_us="我们为全港网店提供当日及翌日送货服务，客户联络团队在观塘。",
        role_overview="作为客户服务主任，你的工作是接听查询、跟进个案，并把投诉转交主管。",
        responsibilities=[
            "通过电话和在线聊天解答购物者和商户的送货查询。",
            "与仓库同事追查延误的包裹，并向客户更新进度。",
            "耐心处理投诉，把索偿个案连同完整记录转交主管。",
        ],
        growth="我们会为你提供两星期培训，并由资深同事带领你熟悉工作。",
    )
    result = draft_ad(BRIEF, language="zh-Hant", tone="professional", settings=settings,
                      backend=FakeBackend().enqueue(zh), passages=[])  # fmt: skip
    prose = result.markdown.split("## 申請方法")[0]
    assert "你" not in prose and "您" not in prose
    assert "獲聘者將通過電話" in prose and "作為客戶服務主任，工作是接聽查詢" in prose
    assert any(f.startswith("put ") and "professional voice" in f for f in result.fixes)


def test_a_professional_section_opening_with_they_names_the_successful_candidate(settings) -> None:  # type: ignore[no-untyped-def]
    from drafter.draft import name_the_holder

    assert name_the_holder("They will have won trust. They will grow.") == (
        "The successful candidate will have won trust. They will grow."
    )
    assert name_the_holder("Their first month is training.") == (
        "The successful candidate's first month is training."
    )
    assert name_the_holder("They work shifts.") == "They work shifts."  # no verb to agree with
    theirs = answer(
        role_overview="They will answer enquiries by phone, email and chat every day.",
        success="They will have helped shoppers and merchants get their parcels.",
        growth="Their first weeks are spent with a buddy on the phone queue.",
    )
    ads = {
        tone: draft_ad(
            BRIEF, language="en", tone=tone, backend=FakeBackend().enqueue(theirs),
            settings=settings, passages=[],
        ).markdown
        for tone in ("professional", "lively")
    }  # fmt: skip
    assert ads["professional"].count("The successful candidate") == 3
    assert "The successful candidate's first weeks are spent" in ads["professional"]
    assert "They will" not in ads["professional"]
    assert "The successful candidate" not in ads["lively"]  # lively speaks to "you" instead


def test_lively_english_ads_speak_to_the_reader() -> None:
    from drafter.metrics import tone_markers
    from drafter.render import render_markdown

    third = answer(
        hook="The successful candidate will help shoppers get their parcels on time.",
        role_overview="The successful candidate will answer enquiries by phone, email and chat,"
        " and we are there to back every case up with a senior colleague on each shift.",
        growth="The successful candidate will get two weeks of training. It is a good start.",
    )
    plain, _ = assemble(BRIEF, DraftText(**third), "en")
    ad, fixes = assemble(BRIEF, DraftText(**third), "en", tone="lively")
    before = tone_markers(render_markdown(plain, "en", BRIEF), "en")
    after = tone_markers(render_markdown(ad, "en", BRIEF), "en")
    assert before["second_person"] < 3 <= after["second_person"]
    assert before["contractions"] < 1 <= after["contractions"]
    assert after["avg_sentence_length"] < before["avg_sentence_length"]
    assert ad.hook == "You'll help shoppers get their parcels on time."
    assert any("in the lively voice" in f for f in fixes)


def test_claims_trailing_items_prompt_words_and_clauses_said_again_go() -> None:
    service = "to make sure every customer gets a prompt and friendly answer"
    text = answer(
        about_us="We are a leading courier, making us the go-to choice for online shops in town.",
        role_overview=f"You answer enquiries by phone and chat {service}. You log every case.",
        responsibilities=[
            "Answer delivery enquiries from shoppers and merchants by phone and chat.",
            f"Check parcel scans and call couriers about late deliveries, {service}.",
            "Handle complaints calmly and escalate claims with full notes, and share weekly "
            "feedback with the depot team to reduce customer...",
            "Record every case in the ticketing system before the shift ends.",
        ],
        growth="How a new joiner learns the job, who supports them. You learn every product.",
        closing="Apply today. If you're a food or grocery...",
    )
    ad, fixes = assemble(BRIEF, DraftText(**text), "en")
    assert ad.about_us == "We are a courier."
    assert "Check parcel scans and call couriers about late deliveries." in ad.responsibilities
    assert "Handle complaints calmly and escalate claims with full notes." in ad.responsibilities
    assert ad.growth == "You learn every product." and ad.closing == "Apply today."
    assert any("praise of the employer" in f for f in fixes)
    assert any("prompt's own words" in f for f in fixes)
    assert any("unfinished sentence" in f for f in fixes)
    # the verb "leading" is no praise, and "a unique" keeps its article (seen: "By front desk
    # agents on each shift", "offering an unique blend")
    ad, fixes = assemble(
        BRIEF,
        DraftText(**answer(about_us="We are a leading e-commerce courier, a unique team. "
                           "By leading agents on each shift, you keep queues short.")),
        "en",
    )  # fmt: skip
    assert ad.about_us == (
        "We are an e-commerce courier, a unique team. "
        "By leading agents on each shift, you keep queues short."
    )
    assert sum("praise of the employer" in f for f in fixes) == 1
    ad, _ = assemble(BRIEF, DraftText(**answer(about_us="我们是领先的快递公司。")), "zh-Hans")
    assert ad.about_us == "我们是快递公司。"
    about = "我们拥有强大的客户服务网络和先进的技术工具，团队由经验丰富的专业人士组成。"
    ad, _ = assemble(BRIEF, DraftText(**answer(about_us=about)), "zh-Hans")
    assert ad.about_us == "我们拥有客户服务网络和技术工具，团队由专业人士组成。"
    # A Chinese duty ended with "……" for 等等 is whole; one broken off after 和 is not (seen:
    # every duty of a Hangzhou ad ended "……", and the ad failed for want of duties)
    duties = ["通过电话和在线客服解答客户咨询……", "处理退货退款……", "跟进物流和……", "回复"]
    ad, _ = assemble(BRIEF, DraftText(**answer(responsibilities=duties)), "zh-Hans")
    assert ad.responsibilities[:2] == ["通过电话和在线客服解答客户咨询。", "处理退货退款。"]
    assert not any("跟进物流" in duty for duty in ad.responsibilities)


def test_numbers_from_the_brief_stay_and_other_scripts_go() -> None:
    brief = BRIEF.model_copy(
        update={"company": BRIEF.company.model_copy(update={"about": "服务 300 万持卡人"})}
    )
    about = "我们服务 300 万持卡人，团队专业。我们提供快速、 качеств的服务。月薪 9000 元起。"
    ad, fixes = assemble(brief, DraftText(**answer(about_us=about)), "zh-Hans")
    assert ad.about_us == "我们服务 300 万持卡人，团队专业。"
    assert any("another script" in f for f in fixes) and any("9000 元" in f for f in fixes)


def test_made_up_company_numbers_json_tails_scraps_and_invented_channels_go() -> None:
    duties = ["完成领导交办的其他工作”]。\n- seniority: manager\n- industry: x”}\n```go",
              "接听客户热线，解答账单疑问", "登记客户投诉并跟进处理结果"]  # fmt: skip
    text = answer(
        about_us="我们成立于2015年，拥有超过100名员工。我们重视每一位客户的意见。",
        role_overview="销售、客服等。",
        closing="欢迎加入我们。请将简历发送到我们的邮箱。也可以发送到我们的招聘邮箱。",
        responsibilities=duties,
    )
    ad, fixes = assemble(BRIEF, DraftText(**text), "zh-Hans")
    assert ad.responsibilities[0] == "完成领导交办的其他工作"
    assert ad.about_us == "我们重视每一位客户的意见。" and ad.role_overview == ""
    assert ad.closing == "欢迎加入我们。"  # "our (recruiting) inbox" is no address the brief gave
    assert any("2015, 100 — a number the brief does not give" in f for f in fixes)


def test_a_sentence_whose_head_was_said_goes_whole_and_numbers_keep_their_commas() -> None:
    hook = ("Lumen is a mobile network with 900,000 subscribers. As an officer, you'll be "
            "responsible for answering inbound calls about bills, plans and roaming, and "
            "troubleshooting basic handset problems.")  # fmt: skip
    overview = ("You'll be responsible for answering inbound calls about bills, plans and "
                "roaming. You'll be on call 5 days a week. You'll use several tools for every "
                "case, including Salesforce and Zendesk.")  # fmt: skip
    brief = BRIEF.model_copy(update={"company": BRIEF.company.model_copy(
        update={"about": "A mobile network with 900,000 subscribers."})})  # fmt: skip
    ad, _ = assemble(brief, DraftText(**answer(hook=hook, role_overview=overview)), "en")
    assert "900,000 subscribers" in ad.hook
    assert ad.role_overview.startswith("You'll be on call")
    assert ".." not in ad.role_overview
    assert all(s[:1].isupper() for s in re.split(r"(?<=\.) ", ad.role_overview))


def test_a_looping_list_a_two_character_scrap_and_run_together_stops_go() -> None:
    about = ("我们是一家化妆品专门店。店里有化妆品、香水、彩妆品、香水、彩妆品、香水、"
             "彩妆品、香水、彩妆品。团队有 40 人，服务 1,000,000 位顾客。")  # fmt: skip
    brief = BRIEF.model_copy(update={"company": BRIEF.company.model_copy(
        update={"about": "team of 40, 1,000,000 customers"})})  # fmt: skip
    text = answer(about_us=about, closing="合適", growth="我们提供定期培训。，帮助你成长。.")
    ad, fixes = assemble(brief, DraftText(**text), "zh-Hans")
    assert ad.about_us == "我们是一家化妆品专门店。团队有 40 人，服务 1,000,000 位顾客。"
    assert ad.closing == "" and ad.growth == "我们提供定期培训。帮助你成长。"
    assert any("loops" in f for f in fixes)


def test_an_ending_glued_to_every_duty_stays_on_the_first_only() -> None:
    tail = " using WhatsApp Business and Excel tools to manage customer data."
    duties = ["Answer customer questions by phone and chat" + tail,
              "Follow up on delivery status by phone and email" + tail,
              "Arrange delivery and pick-up times with the drivers" + tail,
              "Handle delay and damage claims from start to finish" + tail]  # fmt: skip
    ad, fixes = assemble(BRIEF.model_copy(update={"duties": []}),
                         DraftText(**answer(responsibilities=duties)), "en")  # fmt: skip
    assert ad.responsibilities == [
        duties[0], "Follow up on delivery status by phone and email.",
        "Arrange delivery and pick-up times with the drivers.",
        "Handle delay and damage claims from start to finish.",
    ]  # fmt: skip
    assert sum("shared with an earlier duty" in f for f in fixes) == 3


def test_brief_without_how_to_apply_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    brief = BRIEF.model_copy(update={"how_to_apply": type(BRIEF.how_to_apply)()})
    with pytest.raises(InputError, match="how_to_apply"):
        draft_ad(brief, language="en", tone="professional", backend=FakeBackend(),
                 settings=settings, passages=[])  # fmt: skip


def test_schema_asks_for_requirements_only_when_the_brief_has_none() -> None:
    assert "requirements" not in output_schema("en", need_requirements=False)["properties"]
    schema = output_schema("zh-Hans", need_requirements=True)
    assert schema["properties"]["requirements"]["properties"]["must_have"]["maxItems"] == 5
    assert (
        schema["properties"]["hook"]["minLength"]
        < output_schema("en", False)["properties"]["hook"]["minLength"]
    )
    DraftText.model_validate(answer())


def test_scrub_keeps_clean_sentences() -> None:
    text, dropped = scrub("Answer calls. Earn USD 900 commission. Use Zendesk.", BRIEF)
    assert text == "Answer calls. Use Zendesk." and len(dropped) == 1


def test_html_escapes_script_from_the_brief() -> None:
    html = markdown_to_html("# <script>alert(1)</script>\n\nHi <b>x</b>", "<script>")
    assert "<script>" not in html and "&lt;script&gt;" in html


COPIED = "Answer hotline calls about bills, monthly plans, roaming and value-added services."


def copied_ref() -> RetrievedPassage:
    ref = passage("example.en.callcentre-rep.lively#1")
    # An example ad's words that reach the prompt (duty sections never do: see style_sample).
    return ref.model_copy(update={"text": f"## Why join us\n{COPIED}", "kind": "example"})


def test_copied_duties_are_dropped_and_the_briefs_duties_fill_in(settings) -> None:  # type: ignore[no-untyped-def]
    first = answer()["responsibilities"][0]
    copying = answer(responsibilities=[COPIED, first, COPIED.replace("hotline", "phone")])
    backend = FakeBackend().enqueue(copying)
    result = draft_ad(BRIEF, language="en", tone="lively", backend=backend, settings=settings,
                      passages=[copied_ref()])  # fmt: skip
    assert result.attempts == 1
    assert "roaming" not in result.markdown
    duties = result.sections.responsibilities
    assert duties[:2] == [
        "Trace delayed parcels with the depot teams",
        "Handle complaints and escalate claims",
    ]
    assert duties[2].startswith("Answer delivery enquiries")  # the model's; covers the first hint
    assert any("copied from a reference ad" in f for f in result.fixes)


def test_copied_duties_without_brief_duties_are_reasked_naming_them(settings) -> None:  # type: ignore[no-untyped-def]
    brief = BRIEF.model_copy(update={"duties": []})
    backend = FakeBackend().enqueue(answer(responsibilities=[COPIED] * 3), answer())
    result = draft_ad(brief, language="en", tone="lively", backend=backend, settings=settings,
                      passages=[copied_ref()])  # fmt: skip
    assert result.attempts == 2
    reask = backend.calls[1]["messages"][-1]["content"]
    assert "only 0 responsibilities were usable (removed text copied from a reference ad" in reask
    assert COPIED in reask  # named, so the model does not write it again
    assert "roaming" not in result.markdown


def test_repeats_unfinished_sentences_invented_channels_and_copied_names_are_removed() -> None:
    hook = "Help shoppers get their parcels on time. Join a friendly team."
    boss = "You report to the Store Service Supervisor."
    text = DraftText.model_validate(
        answer(
            hook=hook,
            about_us="We deliver parcels for online shops. " + hook.split(". ")[0] + ".",
            role_overview=f"{boss} You answer enquiries by chat.",
            growth="Learn every channel. To apply, visit our website.",
            closing="We would love to hear from you. Send us a 2",
        )
    )
    ref = "Refer complex complaints to the Store Service Supervisor with complete notes."
    ad, fixes = assemble(BRIEF, text, "en", ref)
    assert ad.hook == hook
    assert ad.about_us == "We deliver parcels for online shops."  # the hook said the rest
    assert ad.role_overview == "You answer enquiries by chat."
    assert ad.closing == "We would love to hear from you."
    assert ad.growth == "Learn every channel."
    assert any("said twice" in f or "repeated clause" in f for f in fixes)
    assert any("unfinished" in f for f in fixes)
    assert any("copied from a reference ad" in f for f in fixes)


def test_a_closing_cut_off_by_the_length_limit_goes_and_made_up_perks_go() -> None:
    cut = (
        "If you are a customer service officer who is passionate about service, and you are "
        "excited about the opportunity to work with a team of experienced officers, then we would"
    )
    text = DraftText.model_validate(
        answer(closing=cut, growth="Grow with us. You also get birthday leave and double pay.")
    )
    ad, fixes = assemble(BRIEF, text, "en")
    assert ad.closing == ""
    assert any("unfinished sentence" in f and "then we would" in f for f in fixes)
    assert ad.growth == "Grow with us."
    # a whole sentence without a stop, not cut, stays
    ad, _ = assemble(BRIEF, DraftText.model_validate(answer(closing="Apply today")), "en")
    assert ad.closing == "Apply today"
    zh = DraftText.model_validate(
        answer(closing="如果你对客户服务有热诚，并且希望与", growth="有带薪培训。有生日假。")
    )
    ad, _ = assemble(BRIEF, zh, "zh-Hant")
    assert ad.closing == "" and ad.growth == "有帶薪培訓。"
    # a promised pay rise is a perk the brief does not give (seen in a zh-Hans growth section)
    zh = DraftText.model_validate(answer(growth="我们提供培训。我们将提供晋升和加薪的机会。"))
    assert assemble(BRIEF, zh, "zh-Hans")[0].growth == "我们提供培训。"
    en = DraftText.model_validate(answer(growth="We coach you weekly. Expect yearly pay rises."))
    assert assemble(BRIEF, en, "en")[0].growth == "We coach you weekly."


def test_duties_run_together_are_split_and_json_keys_and_near_repeats_go() -> None:
    run = ("Advise customers on products and take orders at the counter. Answer Instagram and "
           "phone enquiries about stock. Handle exchanges and refunds under the store policy. "
           "Handle any")  # fmt: skip
    hook = (
        "Join our team at Petalstone Beauty and make a difference in the lives of our customers."
        " Join us today and make a difference in the lives of our customers."
    )
    text = DraftText.model_validate(answer(responsibilities=[run, "nice_to_have: [] }"], hook=hook))
    ad, fixes = assemble(BRIEF, text, "en")
    assert ad.responsibilities[-3:] == [
        "Advise customers on products and take orders at the counter.",
        "Answer Instagram and phone enquiries about stock.",
        "Handle exchanges and refunds under the store policy.",
    ]
    assert not any("nice_to_have" in d or d.startswith("Handle any") for d in ad.responsibilities)
    assert ad.hook.count("make a difference") == 1
    assert any("too short to be a duty: 'Handle any'" in f for f in fixes)


def test_a_guides_quoted_sample_lines_are_not_copied_into_an_ad() -> None:
    guide = (
        "每条职责以动词开头。好的写法如“通过电话和在线客服处理订单咨询”“在工单系统中记录问题并跟进到关闭”"
        "“超出权限的投诉按流程升级给主管”。职责以 5–8 条为宜。"
    )
    duties = ["在工单系统中记录问题并跟进到关闭。", "超出权限的投诉按流程升级给主管。",
              "协助业主办理入住手续并解答物业管理相关的查询。"]  # fmt: skip
    text = DraftText.model_validate(answer(responsibilities=duties))
    ad, fixes = assemble(BRIEF, text, "zh-Hans", "", names=guide)
    assert "协助业主办理入住手续并解答物业管理相关的查询。" in ad.responsibilities
    assert not any("工单系统" in d or "升级给主管" in d for d in ad.responsibilities)
    assert sum("copied from a reference" in f for f in fixes) == 2


def test_json_keys_inside_values_and_bare_key_items_go() -> None:
    growth = "我们提供定期的培训和支持。closing”: “我们期待您的加入，请发送您的简历。"
    reqs = {"must_have": ["熟练使用 Excel", "preferred", "nice_to_have", "(suggested)"],
            "preferred": [], "nice_to_have": []}  # fmt: skip
    text = DraftText.model_validate(answer(growth=growth, requirements=reqs))
    assert text.growth == "我们提供定期的培训和支持。"
    assert text.requirements is not None and text.requirements.must_have == ["熟练使用 Excel"]


def test_field_names_written_as_list_items_go() -> None:
    """Seen with a repeat penalty: the model closed the duty list's string and went on with the
    next fields' descriptions as snake_case items."""
    duties = ["协助处理投诉和索赔", "success_after_first_months_when_job_goes_well",
              "closing_sentence_inviting_people_to_apply", "使用 Zendesk 回复客户"]  # fmt: skip
    text = DraftText.model_validate(answer(responsibilities=duties))
    assert text.responsibilities == ["协助处理投诉和索赔", "使用 Zendesk 回复客户"]


def test_chinese_items_holding_several_sentences_numbers_offers_and_tails_are_cleaned() -> None:
    """Seen in zh eval ads: three duties in one item, "5. " numbering, the employer's offer in
    the duty list, and the tail of a hook sentence as a duty."""
    duties = [
        "通过聊天和电子邮件解决客户的问题。 跟进客户的需求，提供支持和帮助。",
        "5. 定期与仓库同事核对延误包裹的状态。",
        "职业发展和成长：我们提供五险一金。我们期待与您合作。",
        "的工作中保持良好的沟通和客户服务！",
        "（2）处理顾客投诉并跟进结果",
    ]
    text = DraftText.model_validate(answer(responsibilities=duties))
    assert text.responsibilities == [
        "通过聊天和电子邮件解决客户的问题。", "跟进客户的需求，提供支持和帮助。",
        "定期与仓库同事核对延误包裹的状态。", "职业发展和成长：我们提供五险一金。",
        "我们期待与您合作。", "的工作中保持良好的沟通和客户服务！", "处理顾客投诉并跟进结果",
    ]  # fmt: skip
    ad, fixes = assemble(BRIEF, text, "zh-Hans")
    assert ad.responsibilities == [
        "通过聊天和电子邮件解决客户的问题。", "跟进客户的需求，提供支持和帮助。",
        "定期与仓库同事核对延误包裹的状态。", "处理顾客投诉并跟进结果。",
    ]  # fmt: skip
    # (五险一金 is a perk this brief does not give: the scrub took that sentence first)
    assert any(f.startswith("removed the employer's own words") and "期待" in f for f in fixes)
    assert any("the tail of a sentence" in f and "的工作中" in f for f in fixes)
    # English: numbering goes, "We offer…" is no duty; a duty about offering help stays
    en = DraftText.model_validate(answer(responsibilities=[
        "1. Answer delivery enquiries by phone and chat every day",
        "We offer paid training and a friendly team for everyone",
        "Offer shoppers clear next steps when a parcel is delayed",
    ]))  # fmt: skip
    ad, _ = assemble(BRIEF, en, "en")
    for duty in ("Answer delivery enquiries by phone and chat every day",
                 "Offer shoppers clear next steps when a parcel is delayed"):  # fmt: skip
        assert duty in ad.responsibilities
    assert not any("We offer" in d for d in ad.responsibilities)


def test_english_duties_in_a_chinese_ad_are_only_the_briefs_own() -> None:
    duties = ["通过电话解答客户的送货查询", "trace delayed parcels with the depot teams",
              "seniority: entry level, no seniority information provided in the brief",
              "ulates the creation of a job advertisement based on a given brief",
              "与仓库同事一起追查延误的包裹"]  # fmt: skip
    ad, fixes = assemble(
        BRIEF, DraftText.model_validate(answer(responsibilities=duties)), "zh-Hant"
    )
    assert "trace delayed parcels with the depot teams" in ad.responsibilities
    assert not any("seniority" in d or "ulates" in d for d in ad.responsibilities)
    assert sum(f.startswith("removed a duty in English") for f in fixes) == 2


def test_a_model_title_with_english_in_it_is_not_put_before_the_brief_title(settings) -> None:  # type: ignore[no-untyped-def]
    def zh_title(title: str) -> str:
        zh = answer(
            title=title, hook="我们的客户服务团队每天帮助网购客户准时收到包裹。",
            about_us="我们为全港网店提供送货服务。", role_overview="你会通过电话解答客户查询。",
            responsibilities=["通过电话解答客户的送货查询", "与仓库同事一起追查延误的包裹",
                              "处理客户投诉并跟进索赔个案"],
            growth="新同事有培训。", closing="欢迎申请。",
        )  # fmt: skip
        result = draft_ad(BRIEF, language="zh-Hant", tone="professional", settings=settings,
                          backend=FakeBackend().enqueue(zh), passages=[])  # fmt: skip
        # channels and tools are listed with the Chinese enumeration comma
        assert "**服務渠道：** 電話、電郵、網上即時對話" in result.markdown
        assert "**使用工具：** Zendesk、WhatsApp Business" in result.markdown
        return result.sections.title

    assert zh_title("客服 Officer") == "Customer Service Officer"
    assert zh_title("客户服务主任") == "客戶服務主任 Customer Service Officer"


def test_dates_not_in_the_brief_are_invented_facts() -> None:
    assert invented_facts("Applications close on 15 January 2027.", BRIEF) == ["15 January 2027"]
    assert invented_facts("截止日期為2027年1月15日。", BRIEF) == ["2027年1月15日"]
    assert invented_facts("Apply by 2026-12-31.", BRIEF) == []  # the brief's own deadline


def test_brief_duties_in_another_language_fill_in_when_too_few_duties_survive(settings) -> None:  # type: ignore[no-untyped-def]
    """A Chinese ad from an English brief: if the model's duties are unusable, the recruiter's
    own duties are printed as written rather than no ad at all."""
    bad = [f"請把個案電郵至 case{i}@other.example.com 跟進。" for i in range(6)]
    zh = answer(
        title="客户服务主任", hook="我们的客户服务团队每天帮助网购客户准时收到包裹。",
        about_us="我们为全港网店提供送货服务。", role_overview="你会通过电话解答客户查询。",
        responsibilities=bad, growth="新同事有两星期培训。", closing="欢迎申请。",
    )  # fmt: skip
    result = draft_ad(BRIEF, language="zh-Hant", tone="lively", settings=settings,
                      backend=FakeBackend().enqueue(zh), passages=[])  # fmt: skip
    duties = result.sections.responsibilities
    assert duties == [d.strip()[:1].upper() + d.strip()[1:] for d in BRIEF.duties]
    assert "other.example.com" not in result.markdown
    assert any(f.startswith("added the brief's duty as written") for f in result.fixes)


def test_looping_clauses_are_dropped_but_short_shared_phrases_stay() -> None:
    from drafter.draft import dedupe_clauses

    looped = (
        "我们提供三周带薪培训，考核通过后独立上线，查询账单、办理业务之类的，考核通过后独立上线"
    )
    assert dedupe_clauses(looped, set()) == (
        "我们提供三周带薪培训，考核通过后独立上线，查询账单、办理业务之类的。",
        1,
    )
    seen: set[str] = set()
    first = "Answer questions by phone, email and chat."
    assert dedupe_clauses(first, seen) == (first, 0)
    assert dedupe_clauses("Log cases from phone, email and chat.", seen)[1] == 0


def test_an_ad_with_too_few_duties_is_reasked_then_handed_over(settings) -> None:  # type: ignore[no-untyped-def]
    brief = BRIEF.model_copy(update={"duties": []})
    one = "Answer delivery enquiries from shoppers and merchants by phone and chat."
    backend = FakeBackend().enqueue(*[answer(responsibilities=[one, one, one])] * 3)
    result = draft_ad(brief, language="en", tone="lively", backend=backend, settings=settings,
                      passages=[])  # fmt: skip
    assert result.attempts == 3 and len(backend.calls) == 3
    assert result.sections.responsibilities == [one]
    assert "only 1 responsibilities were usable" in backend.calls[1]["messages"][-1]["content"]


def test_duty_fragments_left_by_loops_are_dropped(settings) -> None:  # type: ignore[no-untyped-def]
    zh = answer(
        title="客服专员", hook="我们的客服团队每天帮助网购客户准时收到包裹。",
        about_us="我们为网店提供送货服务。", role_overview="你会通过电话解答客户查询。",
        responsibilities=[
            "通过电话和在线客服解答客户的送货查询，我们致力于提供高效专业的服务",
            "整理每日通话记录并汇总常见问题。我们致力于提供高效专业的服务，以确保",
            "我们致力于提供高效专业的服务，以确保客户的购物体验更加愉快",
            "与仓库同事追查延误的包裹，并向客户更新进度。",
        ],
        growth="新同事有两星期培训。", closing="欢迎申请。",
    )  # fmt: skip
    brief = BRIEF.model_copy(update={"duties": []})
    result = draft_ad(brief, language="zh-Hans", tone="lively", settings=settings,
                      backend=FakeBackend().enqueue(zh), passages=[])  # fmt: skip
    duties = result.sections.responsibilities
    assert duties == [
        "通过电话和在线客服解答客户的送货查询，我们致力于提供高效专业的服务。",
        "整理每日通话记录并汇总常见问题。",
        "与仓库同事追查延误的包裹，并向客户更新进度。",
    ]


def test_no_empty_requirements_heading() -> None:
    from drafter.brief import Requirements
    from drafter.render import render_markdown

    text = DraftText.model_validate(answer())
    ad, _ = assemble(BRIEF, text, "en")
    empty = render_markdown(ad.model_copy(update={"requirements": Requirements()}), "en", BRIEF)
    assert "## What you'll bring" in render_markdown(ad, "en", BRIEF)
    assert "## What you'll bring" not in empty
    # what the model says of support is no perk: without the brief's benefits it has its own
    # heading, so the validator still sees that the ad offers nothing
    bare = render_markdown(ad.model_copy(update={"benefits": []}), "en", BRIEF)
    assert "## How we support you" in bare and "## What we offer" not in bare
    assert "## What we offer" in render_markdown(ad, "en", BRIEF)


def test_lists_run_into_the_prose_go_and_their_duties_join_the_list() -> None:
    # seen in a Xi'an supervisor's overview: the duties as a run, so the list's copies went as
    # "said twice" (one duty left), then perks and promotions the brief never gave
    overview = (
        "作为客服主管，你将负责管理呼叫中心的工作流程。你的工作职责包括：通过电话解答客户咨询；"
        "处理客户投诉和反馈；定期进行数据分析和报告。你的工作环境包括：现代化的办公场所；"
        "灵活的工作时间；良好的团队氛围。"
    )
    duties = ["通过电话解答客户咨询。", "处理客户投诉和反馈。", "优化团队的服务质量。"]
    text = DraftText(**answer(role_overview=overview, responsibilities=duties))
    ad, fixes = assemble(BRIEF, text, "zh-Hans")
    assert ad.role_overview == "作为客服主管，你将负责管理呼叫中心的工作流程。"
    assert ad.responsibilities[-4:] == [*duties, "定期进行数据分析和报告。"]
    assert sum("list run into the prose" in f for f in fixes) == 2
    assert not any("said twice" in f for f in fixes)
    # a colon and a single semicolon are prose
    one = "我们的目标：让客户满意；让同事安心。"
    assert assemble(BRIEF, DraftText(**answer(role_overview=one)), "zh-Hans")[0].role_overview


def test_raw_newlines_inside_json_strings_are_accepted() -> None:
    from drafter.draft import parse_output

    raw = json.dumps(answer(), ensure_ascii=False).replace("Help thousands", "Help\nthousands")
    parsed, problems = parse_output(raw)
    assert problems == [] and parsed is not None and "Help\nthousands" in parsed.hook


def test_items_run_together_with_chinese_quotes_are_split_and_junk_removed() -> None:
    text = DraftText.model_validate(answer(
        responsibilities=["在工单系统中记录问题并跟进到关闭”，“超出权限的投诉按流程升级给主管",
                          "负责处理客户投诉和问题"],
        growth="”，”。", closing="我们期待你的加入。”，”，”，”。",
        hook="他说“客户至上”，我们同意。",
    ))  # fmt: skip
    assert text.responsibilities == [
        "在工单系统中记录问题并跟进到关闭", "超出权限的投诉按流程升级给主管",
        "负责处理客户投诉和问题",
    ]  # fmt: skip
    assert (text.growth, text.closing) == ("", "我们期待你的加入。")
    assert text.hook == "他说“客户至上”，我们同意。"  # real quotes stay


def test_sample_numbers_from_a_guide_are_not_copied() -> None:
    guide = "通过电话和在线客服处理订单咨询，日均约 60 次会话。"
    text = DraftText.model_validate(answer(
        hook="我们的客服团队每天帮助网购客户。",
        responsibilities=[guide, "与仓库同事追查延误的包裹，并向客户更新进度。", "记录个案。"],
    ))  # fmt: skip
    ad, fixes = assemble(BRIEF, text, "zh-Hans", "", names=guide)
    assert all("60" not in d for d in ad.responsibilities)
    assert any(f.startswith("removed text copied") for f in fixes)


def test_json_keys_written_into_requirement_items_are_dropped() -> None:
    text = DraftText.model_validate(answer(requirements={
        "must_have": ["熟练使用 Excel", 'title": "经理，客户服务', 'growth":'],
        "preferred": ['], "nice_to_have": ['], "nice_to_have": [],
    }))  # fmt: skip
    assert text.requirements is not None
    assert text.requirements.must_have == ["熟练使用 Excel"]
    assert text.requirements.preferred == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("New colleagues get two weeks of guided training.", [("two weeks", "2", "week")]),
        ("Work three rotating shifts.", [("three rotating shifts", "3", "shift")]),
        ("我們將提供為期三週的帶薪培訓。", [("三週", "3", "week")]),
        ("五天工作制，十二天年假。", [("五天", "5", "day"), ("十二天", "12", "day")]),
        ("一家物流公司，十分重视服务。", []),  # 一 and 十分 are no quantities
        ("两年以上经验，三名同事", [("两年", "2", "year"), ("三名", "3", "")]),
        ("A team of twenty-five staff.", [("twenty-five staff", "25", "")]),
    ],
)
def test_spelled_numbers_are_found_with_their_value(text: str, found: list) -> None:
    assert spelled_numbers(text) == found


def test_a_quantity_in_words_the_brief_does_not_give_goes_one_it_gives_stays() -> None:
    text = answer(
        growth="Training lasts two weeks. You get paid training.",
        role_overview="You work a 5-day week. That is five days on the team.",
    )
    ad, fixes = assemble(BRIEF, DraftText(**text), "en")
    assert ad.growth == "You get paid training."
    assert "five days" in ad.role_overview  # the brief says 5-day week
    assert any("two weeks — a number the brief does not give" in f for f in fixes)
    zh = answer(growth="我们提供为期三周的带薪培训。你会得到支持。")
    ad, fixes = assemble(BRIEF, DraftText(**zh), "zh-Hans")
    assert "三周" not in ad.growth and "你会得到支持" in ad.growth  # 3 is the headcount, not weeks


def test_a_clause_copied_from_a_reference_ad_goes_the_rest_of_the_sentence_stays() -> None:
    reference = "Guest Service Officer 按早、午、通宵三班輪更工作。能配合輪更，包括週末及公眾假期。"
    text = answer(
        role_overview="你會使用Zendesk與客戶溝通，包括週末及公眾假期。你會追蹤延遲的包裹。",
    )
    ad, fixes = assemble(BRIEF, DraftText(**text), "zh-Hant", reference=reference)
    assert "週末及公眾假期" not in ad.role_overview
    assert ad.role_overview.startswith("你會使用Zendesk與客戶溝通。")
    assert any("copied from a reference ad" in f for f in fixes)


def test_a_duty_that_loops_on_its_means_keeps_the_first() -> None:
    loop = (
        "Handle complaints and escalate claims by phone and chat support and by email and by phone."
    )
    assert finish_duty(loop) == "Handle complaints and escalate claims by phone and chat support."
    fine = "Answer enquiries by phone and email, and log each case in Zendesk."
    assert finish_duty(fine) == fine


def test_the_next_field_written_into_the_duties_and_first_person_junk_go() -> None:
    raw = json.dumps(
        answer(
            responsibilities=[
                "Answer inbound calls about bills and plans by phone and chat, provide customers"
                " with a",
                "success: As a Customer Service Officer, you'll resolve issues quickly.",
                "Log each call and follow up on open cases in the ticketing tool.",
                "Please send your resume and cover",
                "I'm  , and I'm  . I'm",
                "Trace delayed parcels with the depot teams every day.",
            ]
        )
    )
    text, problems = parse_output(raw)
    assert text is not None and not problems
    assert not any("success" in d for d in text.responsibilities)
    ad, fixes = assemble(BRIEF, text, "en")
    joined = " ".join(ad.responsibilities)
    assert "success" not in joined and "I'm" not in joined and "resume" not in joined
    assert any(d.startswith("Log each call") for d in ad.responsibilities)
    assert any("first person" in f for f in fixes)
    assert any("application step" in f for f in fixes)
    zh = answer(growth="我会帮助你成长。我們提供帶薪培訓。我司鼓勵自我提升。")
    ad, _ = assemble(BRIEF, DraftText(**zh), "zh-Hant")
    assert ad.growth == "我們提供帶薪培訓。我司鼓勵自我提升。"


def test_a_duty_that_runs_the_briefs_duties_together_is_split_into_them() -> None:
    run = (
        "Answer delivery enquiries from shoppers and merchants, trace delayed parcels with the"
        " depot teams, and handle complaints and escalate claims."
    )
    text = answer(
        responsibilities=[
            run,
            "Keep every case note in Zendesk up to date each day.",
            "Reply to WhatsApp Business messages from merchants within the shift.",
        ]
    )
    ad, fixes = assemble(BRIEF, DraftText(**text), "en")
    assert ad.responsibilities[:3] == [
        "Answer delivery enquiries from shoppers and merchants",
        "Trace delayed parcels with the depot teams",
        "Handle complaints and escalate claims",
    ]
    assert any("Keep every case note" in d for d in ad.responsibilities)
    assert any("split a duty" in f for f in fixes)


def test_a_scrap_of_success_and_invented_parking_go() -> None:
    text = answer(
        success="在你的第一個月。",
        role_overview="You answer calls by phone and email. We also offer free on-site parking"
        " and a subsidised canteen.",
    )
    ad, fixes = assemble(BRIEF, DraftText(**text), "en")
    assert ad.success == "" and any("left of success" in f for f in fixes)
    assert "parking" not in ad.role_overview and "canteen" not in ad.role_overview
    assert "You answer calls by phone and email." in ad.role_overview
    # seen in a zh-Hant lively draft: the overview looped on 加入我們 and this was left of it
    zh = answer(
        role_overview="加入我們。",
        success="在你的第一個月，你會學會用 Zendesk 跟進每一個送貨查詢。",
    )
    ad, fixes = assemble(BRIEF, DraftText(**zh), "zh-Hant", tone="lively")
    assert ad.role_overview == "" and any("left of the overview" in f for f in fixes)
    assert ad.success.startswith("在你的第一個月")
    # seen in a zh-Hant professional draft: the closing field under 关闭 ("close") in the duty
    # list, and what a linking word left of a sentence
    duties = [*answer()["responsibilities"][:3], "关闭：如果你对客户服务充满热情，欢迎申请。"]
    zh = answer(responsibilities=duties, success="在第一个月，获聘者会提高客户满意度。此外，并。")
    ad, fixes = assemble(BRIEF, DraftText(**zh), "zh-Hant", tone="professional")
    assert not any("关闭" in d or "關閉" in d for d in ad.responsibilities)
    assert ad.success == "在第一個月，獲聘者會提高客戶滿意度。"
    # a duty left ending on the semicolon that joined it to the next (a zh-Hant eval draft)
    zh_duties = ["处理客户的订单查询和投诉个案", "追踪延误的包裹并向客户更新进度",
                 "提升退货和维修流程，提高客户满意度；;处理客户订单查询与投诉个"]  # fmt: skip
    ad, fixes = assemble(BRIEF, DraftText(**answer(responsibilities=zh_duties)), "zh-Hant")
    assert "提升退貨和維修流程，提高客戶滿意度。" in ad.responsibilities, (
        ad.responsibilities,
        fixes,
    )
    # the same in prose: the sentence after the semicolon went, the text ends with a full stop
    semi = answer(growth="新同事會由資深同事帶領，逐步熟悉送貨查詢的處理流程；另設免費泊車。")
    ad, fixes = assemble(BRIEF, DraftText(**semi), "zh-Hant")
    assert ad.growth == "新同事會由資深同事帶領，逐步熟悉送貨查詢的處理流程。", fixes


def test_an_answer_with_one_duty_is_filled_from_the_brief(
    settings,  # type: ignore[no-untyped-def]
) -> None:
    short = json.dumps(answer(responsibilities=["Keep every case note in Zendesk up to date."]))
    backend = FakeBackend().enqueue(short, short, short)
    result = draft_ad(
        BRIEF, language="en", tone="professional", backend=backend, settings=settings, passages=[]
    )
    assert len(backend.calls) == 1  # the brief's three duties make the list whole
    duties = result.sections.responsibilities
    assert "Trace delayed parcels with the depot teams" in duties and len(duties) >= 3


def test_one_duty_and_a_brief_with_none_is_still_no_draft(settings) -> None:  # type: ignore[no-untyped-def]
    bare = BRIEF.model_copy(update={"duties": []})
    short = json.dumps(answer(responsibilities=["Keep every case note in Zendesk up to date."]))
    with pytest.raises(DraftError):
        draft_ad(
            bare, language="en", tone="professional",
            backend=FakeBackend().enqueue(short, short, short), settings=settings, passages=[],
        )  # fmt: skip


def test_a_company_name_keeps_the_organisation_words_the_note_writes_around_it() -> None:
    note = (
        "Front office agent for Hotel Donaublick in Vienna, send CV to jobs@donaublick.example.com"
    )
    assert _whole_name("Donaublick", note) == "Hotel Donaublick"
    assert _whole_name("Harbourline", "Join Harbourline Logistics today") == "Harbourline Logistics"
    assert _whole_name("Harbourline", "Harbourline logistics team") == "Harbourline"
    assert _whole_name("橙屿服饰", "杭州余杭的橙屿服饰") == "橙屿服饰"


def test_a_chinese_duty_cut_off_on_a_particle_goes() -> None:
    items = [
        "与客户和商户的",
        "通过电话和电邮解答客户有关派送的查询。",
        "跟进延误的包裹并回复客户。",
    ]
    ad, fixes = assemble(BRIEF, DraftText(**answer(responsibilities=items)), "zh-Hans")
    assert "与客户和商户的" not in ad.responsibilities
    assert any("too short to be a duty" in f and "与客户和商户的" in f for f in fixes)


def test_an_application_step_is_told_from_a_duty_about_cvs() -> None:
    assert APPLYING.search("Please send your resume and cover")
    assert APPLYING.search("请发送简历至我们的邮箱")
    assert not APPLYING.search("筛选简历并安排面试")
    assert not APPLYING.search("Screen CVs and arrange interviews with the hiring manager")
    assert APPLYING.search("请将你的简历发送到我们的电子邮件地址。")  # seen in a zh-Hant draft
    assert not APPLYING.search("将客户的资料发送到仓库团队")


def test_a_quoted_field_written_into_the_duty_list_is_cut_at_its_name() -> None:
    # Seen in a zh-Hant draft: the next fields' names and text inside the responsibilities list.
    items = [
        "1. 接待顾客并解答他们的疑问；2. 处理订单和退款；3. 答复Instagram和电话上的查询；"
        "4. 保持与客户沟通的畅通；5. 处理销售",
        'success": "在你的第一个月，你将能够为客户提供优质的购物体验。你将有机会学习新的技能和'
        "知识，同时提高自己的软",
        "成功：你将为客户提供优质的客户服务。",  # the success section under its Chinese name
        "职责：跟进延误的包裹并回复客户",
    ]
    text = DraftText(**answer(responsibilities=items))
    assert text.responsibilities == [
        "接待顾客并解答他们的疑问", "处理订单和退款", "答复Instagram和电话上的查询",
        "保持与客户沟通的畅通", "处理销售", "跟进延误的包裹并回复客户",
    ]  # fmt: skip


def test_a_list_numbered_inside_prose_loses_its_numbers_not_its_items() -> None:
    overview = (
        "你每天通过电话和在线客服解答客户查询。你的工作包括：1. 接待顾客并解答他们的疑问；"
        "2. 处理订单和退款；3. 跟进延误的包裹。团队有40人。"
    )
    ad, fixes = assemble(BRIEF, DraftText(**answer(role_overview=overview)), "zh-Hans")
    assert "你的工作包括：接待顾客并解答他们的疑问；处理订单和退款；跟进延误的包裹。" in (
        ad.role_overview
    )
    assert "团队有40人" in ad.role_overview  # the brief's number is no list number
    assert unnumber("入职后，三、四个月内熟悉流程。") == "入职后，三、四个月内熟悉流程。"
    assert not re.search(r"\d\.", ad.role_overview)
    assert not any("a number the brief does not give" in f for f in fixes)
    english = "Your day includes: 1. answering calls; 2. tracing parcels. A team of 40 helps."
    ad, _ = assemble(BRIEF, DraftText(**answer(role_overview=english)), "en")
    assert "includes: answering calls; tracing parcels. A team of 40 helps." in ad.role_overview


def test_a_front_line_chinese_ad_loses_a_duty_of_training_the_team() -> None:
    items = [
        "通过电话和电邮解答客户有关派送的查询。",
        "跟进延误的包裹并回复客户。",
        "提供客户服务支持和培训给团队成员。",
        "与同事一起处理客户投诉并记录个案。",
    ]
    ad, fixes = assemble(BRIEF, DraftText(**answer(responsibilities=items)), "zh-Hans")
    assert "提供客户服务支持和培训给团队成员。" not in ad.responsibilities
    assert "与同事一起处理客户投诉并记录个案。" in ad.responsibilities
    assert sum("beyond a front-line role" in f for f in fixes) == 1


def test_a_hong_kong_ad_whose_about_us_repeats_the_hook_takes_the_brief_description() -> None:
    hook = "我们为全港网店提供即日及翌日送货服务。你会帮助购物者准时收到包裹。"
    text = DraftText(**answer(hook=hook, about_us="我们为全港网店提供即日及翌日送货服务。"))
    ad, fixes = assemble(BRIEF, text, "zh-Hant")
    assert ad.about_us == BRIEF.company.about  # HK ads carry English; the recruiter's words
    assert "used the brief's company description for about us" in fixes
    ad, _ = assemble(BRIEF, text, "zh-Hans")  # a mainland ad does not
    assert ad.about_us == ""


def test_traditional_chinese_writes_and_for_as_hong_kong_does() -> None:
    # OpenCC s2tw reads 并为 as "merge into" (併為); in an ad it is "and for" (並為).
    assert to_script("并为他们提供支持", "zh-Hant") == "並為他們提供支持"
    assert to_script("把两张订单合并为一张", "zh-Hant") == "把兩張訂單合併為一張"
    assert to_script("并在门店接待顾客", "zh-Hant") == "並在門店接待顧客"


def test_traditional_text_takes_hong_kong_words_not_only_characters() -> None:
    # knowledge/guides/language-zh-hant.md: 資訊, 電郵, 網上客服, 質素, 軟件
    text = "通过在线客服和电子邮件回复查询，提供产品信息，提升服务质量，熟悉办公软体，发送短信"
    assert to_script(text, "zh-Hant") == (
        "通過網上客服和電郵回覆查詢，提供產品資訊，提升服務質素，熟悉辦公軟件，發送短訊"
    )
    assert to_script(text, "zh-Hans") == text  # Simplified keeps the mainland's words
    # a Japanese word for "team" slipped in (seen in 4 saved drafts) is the Chinese word
    slip = "定期與庫房和配送員チーム分享周報"
    assert to_script(slip, "zh-Hant") == "定期與庫房和配送員團隊分享周報"
    assert to_script(slip, "zh-Hans") == "定期与库房和配送员团队分享周报"


def test_a_point_of_sale_system_the_brief_does_not_list_is_invented() -> None:
    # Seen in a hotel ad whose brief lists only Opera PMS: "…room changes by using the POS system."
    assert "POS" in invented_facts("Handle room changes by using the hotel's POS system.", BRIEF)
    shop = BRIEF.model_copy(update={"tools": ["POS system", "Instagram"]})
    assert invented_facts("Take payments on the POS system at the counter.", shop) == []
    assert invented_facts("Answer questions about the positive reviews.", BRIEF) == []


def test_a_quote_that_closes_nothing_goes_from_the_end_of_a_duty() -> None:
    items = ["定期报告服务水准并解决问题”。", "推动“客户第一”。"]
    text = DraftText(**answer(responsibilities=items))
    assert text.responsibilities == ["定期报告服务水准并解决问题。", "推动“客户第一”。"]


def test_only_the_semicolon_that_ran_items_together_goes_from_their_end() -> None:
    # a trailing comma marks an item cut in two: the next piece is joined to it
    text = DraftText(
        **answer(responsibilities=["处理客户投诉并记录个案；", "跟进延误的包裹，", "并回复客户"])
    )
    assert text.responsibilities == ["处理客户投诉并记录个案", "跟进延误的包裹，并回复客户"]


def test_json_and_code_written_after_a_prose_field_go() -> None:
    # seen in a zh-Hant closing: the model closed the object inside the string, then wrote code
    closing = "歡迎申請，加入我們的團隊。”} \n```\n```python\n# The JSON"
    text = DraftText(**answer(closing=closing, growth='We train every new joiner." ] }'))
    assert text.closing == "歡迎申請，加入我們的團隊。"
    assert text.growth == "We train every new joiner."


def test_the_working_pattern_retold_in_the_models_words_goes() -> None:
    # BRIEF: "5-day week, rotating shifts between 8:00 and 20:00"; benefit "5-day work week"
    text = DraftText(**answer(growth=(
        "You'll enjoy a full-day work week with a supportive team. You'll work a 5-day work week"
        " on rotating shifts. We coach every new joiner in their first months."
    )))  # fmt: skip
    ad, fixes = assemble(BRIEF, text, "en", tone="lively")
    assert "full-day" not in ad.growth
    assert "a 5-day work week" in ad.growth and "We coach every new joiner" in ad.growth
    assert any("working pattern" in f and "full-day" in f for f in fixes)

    text = DraftText(**answer(role_overview=(
        "该职位实行五天工作制，并在周末休息一天。该职位通过电话和在线客服解答查询。"
    )))  # fmt: skip
    ad, _ = assemble(BRIEF, text, "zh-Hans")
    assert "休息" not in ad.role_overview and "解答查询" in ad.role_overview
    rules = DraftText(**answer(growth="该职位熟悉公司的工作制度和服务流程。"))
    assert "工作制度" in assemble(BRIEF, rules, "zh-Hans")[0].growth  # rules, not a schedule

    # days of the week the brief does not give (seen on the bench brief: rotating shifts)
    text = DraftText(**answer(role_overview=(
        "They will work in a rotating shifts between 8:00 and 20:00, Monday to Friday, and will "
        "report to the team leader. They answer delivery enquiries by phone and chat."
    ), success="該職位週一至週五處理查詢。該職位跟進延誤包裹。"))  # fmt: skip
    ad, fixes = assemble(BRIEF, text, "en")
    assert "Monday" not in ad.role_overview and "answer delivery enquiries" in ad.role_overview
    assert "週一" not in assemble(BRIEF, text, "zh-Hant")[0].success
    monthly = DraftText(**answer(growth="Every month to month review helps you grow."))
    assert "month to month" in assemble(BRIEF, monthly, "en")[0].growth  # no day names


def test_a_sentence_that_stops_after_its_linking_word_goes() -> None:
    text = DraftText(**answer(
        success="在最初幾個月，該職位令客戶更快得到答覆。此外。",
        responsibilities=["透過電話解答客戶有關送貨的查詢。", "此外，你還",
                          "與倉庫同事追查延誤的包裹。", "處理投訴並按流程轉交主管。"],
    ))  # fmt: skip
    ad, fixes = assemble(BRIEF, text, "zh-Hant")
    assert ad.success == "在最初幾個月，該職位令客戶更快得到答覆。"
    assert "此外，你還" not in ad.responsibilities and len(ad.responsibilities) == 3
    assert sum("linking word" in f for f in fixes) == 2
    # a sentence that goes on after it stays
    keep = DraftText(**answer(growth="此外，該職位會接受產品及系統培訓。"))
    assert assemble(BRIEF, keep, "zh-Hant")[0].growth == "此外，該職位會接受產品及系統培訓。"


def test_the_next_field_written_in_single_quotes_inside_prose_is_cut() -> None:
    overview = ("The team works closely with other departments., 'success': By delivering "
                "exceptional service, the Assistant will help build trust.")  # fmt: skip
    text = DraftText(**answer(role_overview=overview, growth="Success: we coach you weekly."))
    assert text.role_overview == "The team works closely with other departments."
    assert text.growth == "Success: we coach you weekly."  # a bare word is no field name


def test_a_bullet_of_the_models_own_goes_from_the_front_of_an_item() -> None:
    items = ["+訓練新同事處理客戶查詢", "• Answer calls about bills", "-3 shifts a week"]
    text = DraftText(**answer(responsibilities=items))
    assert text.responsibilities == ["訓練新同事處理客戶查詢", "Answer calls about bills",
                                     "3 shifts a week"]  # fmt: skip


def test_an_aside_with_a_made_up_number_goes_and_the_duty_stays() -> None:
    duties = [
        "Answer delivery enquiries from shoppers by phone and chat (3-4 times per day)",
        "Trace delayed parcels with the depot teams (2-3 times per week) and log each case",
        "Log every case in Zendesk (about 12 a day) before the shift ends",
        "Cover the rotating shifts between 8:00 and 20:00 (8:00 to 20:00) with the team",
    ]  # fmt: skip
    ad, fixes = assemble(BRIEF, DraftText(**answer(responsibilities=duties)), "en")
    assert "Answer delivery enquiries from shoppers by phone and chat" in ad.responsibilities
    assert "Trace delayed parcels with the depot teams and log each case" in ad.responsibilities
    assert not any("times per" in d for d in ad.responsibilities)
    assert any("(8:00 to 20:00)" in d for d in ad.responsibilities)  # the brief's own numbers
    assert sum("aside" in f for f in fixes) == 2  # "12" is the brief's (12 days annual leave)


def test_examples_in_brackets_leave_a_duty() -> None:
    # the README quick start's ad (822dd75): examples after each duty, one cut at the length
    # limit and run on into the next duties inside an unclosed bracket
    duties = [
        "Answer delivery enquiries from shoppers and merchants by phone and chat (e.g., checking "
        "order status, tracking delivery progress).",
        "Work closely with the team and pass cases on as needed (e.g., coordinating with other "
        "departments, resolving conflicts Provide excellent customer service to ensure that "
        "customers are satisfied (e.g., addressing customer concerns in a timely manner, and "
        "implementing new.",
        "Log every case in Zendesk (the team's ticketing tool).",
    ]
    ad, fixes = assemble(BRIEF, DraftText(**answer(responsibilities=duties)), "en")
    assert "Answer delivery enquiries from shoppers and merchants by phone and chat." in (
        ad.responsibilities
    )
    assert "Work closely with the team and pass cases on as needed." in ad.responsibilities
    assert "Log every case in Zendesk (the team's ticketing tool)." in ad.responsibilities
    assert not any("e.g." in d or "Provide excellent" in d for d in ad.responsibilities)
    assert sum("examples in brackets" in f for f in fixes) == 2
    zh = answer(responsibilities=["通过电话和在线客服解答客户咨询（例如订单状态、退换货）。",
                                  "与仓库同事追查延误的包裹，并向客户更新进度。",
                                  "耐心处理投诉，把个案转交主管。"])  # fmt: skip
    ad, _ = assemble(BRIEF, DraftText(**zh), "zh-Hans")
    assert "通过电话和在线客服解答客户咨询。" in ad.responsibilities


def test_a_channel_the_brief_does_not_list_goes_from_a_list_of_channels() -> None:
    # a chat-only job: the model copied "电话和在线客服" from a guide's sample line
    brief = BRIEF.model_copy(
        update={
            "channels": ["chat"],
            "duties": ["Answer delivery enquiries from shoppers by live chat"],
            "requirements": BRIEF.requirements.model_copy(update={"must_have": ["HKDSE"]}),
        }
    )
    duties = [
        "通过电话和在线客服解答客户的物流咨询，处理退换货。",
        "在工单系统中记录每个个案并跟进到结案。",
        "每周整理常见问题并分享给运营团队。",
    ]
    text = answer(
        role_overview="You answer enquiries by chat, phone and email, and log every case.",
        responsibilities=["Answer enquiries by phone and chat.", "Answer the phone line."],
    )
    ad, fixes = assemble(brief, DraftText(**text), "en")
    assert "You answer enquiries by chat, and log every case." in ad.role_overview
    assert "Answer enquiries by chat." in ad.responsibilities
    assert "Answer the phone line." in ad.responsibilities  # no list: left for the reader
    assert sum("channel the brief does not list" in f for f in fixes) == 2 + 1
    zh = answer(role_overview="你会通过在线客服和电话解答顾客的问题。", responsibilities=duties)
    ad, _ = assemble(brief, DraftText(**zh), "zh-Hans")
    assert "你会通过在线客服解答顾客的问题。" in ad.role_overview
    assert "通过在线客服解答客户的物流咨询，处理退换货。" in ad.responsibilities
    # a brief that lists the phone keeps it
    ad, fixes = assemble(BRIEF, DraftText(**zh), "zh-Hans")
    assert "电话" in ad.role_overview and not any("channel" in f for f in fixes)
    # a front desk that takes walk-ins and calls: no chat beside the phone
    desk = BRIEF.model_copy(
        update={
            "channels": ["walk-in", "phone"],
            "duties": ["Check guests in and out"],
            "requirements": BRIEF.requirements.model_copy(update={"must_have": ["HKDSE"]}),
        }
    )
    duties = ["Answer guest questions by phone and chat at the front desk.", "Check guests in."]
    text = answer(responsibilities=duties)
    ad, fixes = assemble(desk, DraftText(**text), "en")
    assert "Answer guest questions by phone at the front desk." in ad.responsibilities
    assert any("does not list (chat)" in f for f in fixes)


def test_text_that_is_no_duty_and_lists_run_into_a_sentence_go() -> None:
    # seen in a zh-Hant lively draft from the page: thanks, an offer to answer questions, the
    # company's description and another section's list written as duties
    brief = BRIEF.model_copy(
        update={"company": BRIEF.company.model_copy(update={"name": "港灣物流"})}
    )
    duties = [
        "處理網店客戶的送貨查詢，並記錄每個個案。",
        "跟進延誤包裹，並與車隊核實送貨狀態。",
        "處理投訴及索償，並按程序轉介主管。",
        "入公司後的成長包括：- 通過定期的培訓提高技能 - 參加公司的活動",
        "謝意感激您來應徵本職位！",
        "如果您有任何問題或需要更多資訊。",
        "港灣物流是香港的一家送貨公司。",
        "我們需要一位熱情。",
        "success': '你將為客戶提供服務，提高客戶滿意度。",
    ]
    overview = "你會在客服中心工作。你的工作範疇包括：- 處理送貨查詢 - 跟進延誤包裹 - 處理投訴。"
    text = answer(role_overview=overview, responsibilities=duties)
    ad, fixes = assemble(brief, DraftText(**text), "zh-Hant", "lively")
    assert ad.responsibilities[-3:] == duties[:3]
    assert all("包括" not in d and "您" not in d and "我們" not in d for d in ad.responsibilities)
    assert ad.role_overview == "你會在客服中心工作。"
    assert sum("no duty" in f for f in fixes) == 5
    assert sum("list run into one sentence" in f for f in fixes) == 2
    # seen in an English eval draft: the success and growth sections begun inside the list
    english = [
        "Answer inbound calls about bills, plans and roaming.",
        "successes and growths: After one month the successful candidate will have helped many.",
        "growth and development: As a new joiner they learn the systems.",
        "Successful completion of the training is expected within the first month.",
    ]
    ad, fixes = assemble(BRIEF, DraftText(**answer(responsibilities=english)), "en")
    assert english[0] in ad.responsibilities and english[3] in ad.responsibilities
    assert not any(d.startswith(("successes", "growth")) for d in ad.responsibilities)
    # seen in a zh-Hant eval draft: the success field after a quote inside a duty, and the
    # closing under 结束语 as a duty
    leaked = [
        "处理网店客户的送货查询，并记录每个个案。",
        "跟进延误包裹，并与车队核实送货状态。",
        "与客户和团队沟通，确保及时回应”成功：在第一个月，获聘者将提升客户满意度。",
        "结束语：如果对客户服务充满热情，欢迎申请。",
    ]
    ad, _ = assemble(brief, DraftText(**answer(responsibilities=leaked)), "zh-Hant", "lively")
    assert "與客戶和團隊溝通，確保及時回應。" in ad.responsibilities
    assert not any("成功" in d or "結束語" in d or "歡迎申請" in d for d in ad.responsibilities)


def test_sentences_naming_another_companys_employer_go() -> None:
    # seen in a zh-Hant eval draft for The Lanternfield Hotel: the example ad's hotel as ours
    others = example_companies(ROOT / "knowledge")
    assert "晴灣酒店" in others and "Northpeak Mobile" in others
    text = DraftText(
        **answer(
            about_us=("晴灣酒店是一家位於香港東部的酒店。港灣物流為網店提供即日及翌日送貨服務。"),
            hook="Join Northpeak Mobile's friendly team. Help shoppers track their parcels.",
        )
    )
    ad, fixes = assemble(BRIEF, text, "zh-Hant", others=others)
    assert "晴灣" not in ad.about_us and "港灣物流為網店提供" in ad.about_us
    assert any("another company's name (晴灣酒店" in f for f in fixes)
    ad, _ = assemble(BRIEF, text, "en", others=others)
    assert "Northpeak" not in ad.hook and "Help shoppers track their parcels" in ad.hook
    # the example ad shown names its employer in its facts line: caught without the list too
    shown = "# 賓客服務主任\n\n**晴灣酒店** · 香港九龍尖沙咀 · 全職\n"
    assert "晴灣" not in assemble(BRIEF, text, "zh-Hant", names=shown)[0].about_us
    # a brief for that very employer keeps its name
    own = BRIEF.model_copy(
        update={"company": BRIEF.company.model_copy(update={"name": "晴灣酒店"})}
    )
    assert "晴灣酒店是一家" in assemble(own, text, "zh-Hant", others=others)[0].about_us


def test_a_number_the_brief_spells_out_may_be_written_with_digits() -> None:
    # seen in a zh-Hant eval draft: the brief says "within two hours", the model "2 小時內"
    company = BRIEF.company.model_copy(
        update={"about": "Harbourline delivers parcels in Hong Kong within two hours."}
    )
    brief = BRIEF.model_copy(update={"company": company})
    text = DraftText(**answer(hook="港灣物流在 2 小時內送達包裹。我們的團隊有 9 個分部。"))
    ad, fixes = assemble(brief, text, "zh-Hant")
    assert "2 小時內送達" in ad.hook and "9 個分部" not in ad.hook
    assert any("9 — a number the brief does not give" in f for f in fixes)


def test_about_us_about_the_job_and_the_same_sentence_with_another_modal_go() -> None:
    # seen in a zh-Hant eval draft for Voltbay Electronics: about us was about the job, the
    # overview said one thing twice ("會管理" / "需要管理"), the closing named "our招聘郵箱"
    text = DraftText(**answer(
        about_us="他們需要處理投訴和消費者委員會案件。他們需要與商店的顧客溝通。",
        role_overview="他們會管理客服熱線和售後團隊。他們需要管理客服熱線和售後團隊。",
        closing="如果您對此職位感興趣，請寄送您的簡歷到 our招聘郵箱。我們期待您的加入。",
    ))  # fmt: skip
    ad, fixes = assemble(BRIEF, text, "zh-Hant")
    assert ad.about_us == BRIEF.company.about  # the brief's own description instead
    assert sum("about the job from about us" in f for f in fixes) == 2
    assert ad.role_overview == "他們會管理客服熱線和售後團隊。"
    assert "our" not in ad.closing and "我們期待您的加入" in ad.closing
    # an about-us on the company stays
    company = DraftText(**answer(about_us="港灣物流為網店送貨。客服團隊有四十人。"))
    assert (
        assemble(BRIEF, company, "zh-Hant")[0].about_us == "港灣物流為網店送貨。客服團隊有四十人。"
    )


def test_duties_cut_off_at_the_length_limit_are_joined_again() -> None:
    # Seen in a Hong Kong hotel draft: several duties packed into one item, which the grammar
    # ends at 70 characters mid-word ("相关客" + "宾事务"); the model goes on in the next item.
    cut = [
        "检查住客的入住和退房记录，确保一切正常；回答住客的询问和投诉，提供帮助；处理住客的账单和付款事宜，确保住客的财务状况良好；协助处理其他相关客",
        "宾事务，如预订、房间变更等；管理住客的个人信息和安全信息；处理住客的投诉和建议，提高服务质量；参与酒店的日常运营和维护工作，确保酒店的正常运",
        "行；完成酒店的日常任务，如清洁、维修、保养等。",
    ]  # fmt: skip
    assert [len(c) for c in cut[:2]] == [70, 70]  # the zh item limit in LIMITS
    duties = DraftText(**answer(responsibilities=cut)).responsibilities
    assert "协助处理其他相关客宾事务，如预订、房间变更等" in duties
    assert "参与酒店的日常运营和维护工作，确保酒店的正常运行" in duties
    assert len(duties) == 8 and not any(d.startswith(("宾", "行")) for d in duties)
    # an item under the limit, or one that ends a sentence, is its own duty
    whole = ["回答住客的询问和投诉并提供帮助", "宾客服务中心的日常工作由团队分担。"]
    assert DraftText(**answer(responsibilities=whole)).responsibilities == whole
    english = (
        "Answer guests' questions at the front desk, by phone and by email, and pass on requests"
    )
    assert 70 < len(english) < 220  # longer than a Chinese item may be, under the English limit
    kept = DraftText(**answer(responsibilities=[english, "keep notes"])).responsibilities
    assert kept == [english, "keep notes"]


MORE = {
    "a_typical_shift": (
        "A normal shift starts with a short team briefing on the parcels that are running late."
        " Most of the morning goes on phone calls from shoppers who want to know where their"
        " order is, and the afternoon brings more chats from merchants who ship every day."
        " Between calls you check the tracking records, write clear notes on each case and keep"
        " the queue moving so that nobody waits too long for an answer. The shift ends with a"
        " handover to the next team, so every open case has an owner."
    ),
    "team_support": (
        "You work beside the depot teams, who trace the parcels you ask about. In your first"
        " weeks a buddy sits with you on live calls and chats, and your supervisor reviews a few"
        " cases with you at the end of each week. You always have someone to ask when a"
        " question is new to you."
    ),
}


def test_a_short_clean_ad_is_lengthened_with_one_more_call(settings) -> None:  # type: ignore[no-untyped-def]
    from drafter.pipeline import default_validator

    validator = default_validator(settings)
    backend = FakeBackend().enqueue(answer(), MORE)
    result = draft_ad(BRIEF, language="en", tone="lively", backend=backend,
                      settings=settings, passages=[], validator=validator)  # fmt: skip
    assert len(backend.calls) == 2 and result.attempts == 1 and result.usage.calls == 2
    ask = backend.calls[1]
    assert set(ask["schema"]["properties"]) == {"a_typical_shift", "team_support"}
    assert ask["messages"][-2]["role"] == "assistant"  # the first answer, then the ask
    said = re.search(
        r"the ad is (\d+) words long.*at least 400", ask["messages"][-1]["content"], re.S
    )
    assert said and int(said[1]) < 400
    note = next(f for f in result.fixes if f.startswith("lengthened the ad"))
    before, after = map(int, re.findall(r"from (\d+) to (\d+)", note)[0])
    assert before == int(said[1]) and after > before
    assert "A normal shift starts with a short team briefing" in result.sections.role_overview
    assert result.sections.role_overview.startswith("You answer enquiries by phone")
    assert "buddy sits with you on live calls" in result.sections.growth
    assert "Ad is too short" not in json.dumps(result.report)
    assert result.report and result.report["stats"]["words"] == after


def test_lengthening_that_fails_keeps_the_ad_and_says_why(settings) -> None:  # type: ignore[no-untyped-def]
    from drafter.errors import BackendError
    from drafter.pipeline import default_validator

    validator = default_validator(settings)
    plain = draft_ad(BRIEF, language="en", tone="lively", backend=FakeBackend().enqueue(answer(),
                     BackendError("endpoint went away")), settings=settings, passages=[],
                     validator=validator)  # fmt: skip
    assert any("asking for more failed (endpoint went away)" in f for f in plain.fixes)
    size = plain.report["stats"]["words"] if plain.report else 0
    assert 0 < size < 400
    for more, why in [
        ("not json", "was not valid JSON"),
        # what it adds is the overview said again: the clean-up takes it out
        ({"a_typical_shift": answer()["role_overview"], "team_support": answer()["growth"]},
         "survived clean-up"),
    ]:  # fmt: skip
        result = draft_ad(BRIEF, language="en", tone="lively",
                          backend=FakeBackend().enqueue(answer(), more), settings=settings,
                          passages=[], validator=validator)  # fmt: skip
        assert any(f.startswith(f"kept the ad at {size} words") and why in f for f in result.fixes)
        assert result.markdown == plain.markdown
    # an ad in the band is not lengthened: one call
    backend = FakeBackend().enqueue(answer())
    draft_ad(BRIEF, language="en", tone="lively", backend=backend, settings=settings,
             passages=[], validator=lambda md, b, lang: ([], {"score": 100}))  # fmt: skip
    assert len(backend.calls) == 1


def test_lively_ads_keep_one_exclamation_mark() -> None:
    text = answer(
        hook="Help thousands of shoppers get their parcels on time! Join a friendly team.",
        role_overview="You answer enquiries by phone, email and chat! You follow cases up.",
        growth="New colleagues get guided, paid training and a buddy！",
    )
    ad, fixes = assemble(BRIEF, DraftText(**text), "en", tone="lively")
    prose = " ".join([ad.hook, ad.role_overview, ad.growth])
    assert prose.count("!") == 1 and "on time!" in ad.hook
    assert "You answer enquiries by phone, email and chat." in ad.role_overview
    assert ad.growth.endswith("buddy.")  # a full-width mark in an English ad: a stop too
    assert sum("a second '!'" in f for f in fixes) == 2
    plain, _ = assemble(BRIEF, DraftText(**text), "en", tone=None)
    assert " ".join([plain.hook, plain.role_overview]).count("!") == 2  # no tone: as written
    # the professional voice has none; a Chinese sentence ends 。 whichever mark the model used
    zh = answer(hook="我们是西安的呼叫中心。如果热爱客户服务，请加入我们!")
    ad, _ = assemble(BRIEF, DraftText(**zh), "zh-Hans", tone="professional")
    assert ad.hook.endswith("请加入我们。")
    ad, _ = assemble(BRIEF, DraftText(**text), "en", tone="professional")
    assert ad.growth.endswith("buddy.") and "!" not in ad.hook
