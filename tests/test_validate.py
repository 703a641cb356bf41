"""The validator engine, tested with rules the tests supply, plus the seeds and bad input."""

from __future__ import annotations

import glob
import json
from pathlib import Path

import pytest

from drafter.errors import ConfigError, InputError
from drafter.validate import (
    CheckConfig,
    Report,
    check_file,
    check_text,
    exit_code_for,
    fix_certain,
    format_text,
    load_rules,
    to_json,
)

SEEDS = Path("/work/shared/seeds")

RULE_YAML = """
rules:
  - id: test.word
    category: inclusive.jargon
    level: warning
    languages: [en]
    jurisdictions: [any]
    triggers: ['ninja']
    exceptions: ['ninja turtles']
    message: Silly
    reason: r
    suggestion: s
    source: src
    examples: {fail: ['ninja'], pass: ['ok']}
  - id: test.zh
    category: discrimination.gender
    level: error
    languages: [zh-Hans]
    jurisdictions: [cn]
    triggers: ['限男']
    message: m
    reason: r
    suggestion: s
    source: src
"""


@pytest.fixture()
def rules(tmp_path: Path) -> list:
    path = tmp_path / "r.yaml"
    path.write_text(RULE_YAML, encoding="utf-8")
    return load_rules([path])


def test_engine_word_boundaries_and_exceptions(rules: list) -> None:
    report = check_text("A Ninja. ninjas. ninja turtles.", language="en", rules=rules)
    assert [(f.rule, f.excerpt, f.line, f.column) for f in report.findings] == [
        ("test.word", "Ninja", 1, 3)
    ]
    assert report.score == 92


def test_engine_jurisdiction_filter(rules: list) -> None:
    assert check_text("限男性", jurisdiction="cn", rules=rules).findings
    assert not check_text("限男性", jurisdiction="hk", rules=rules).findings


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("rules:\n  - {id: a.b, category: c}\n", "a.b"),
        (RULE_YAML + RULE_YAML.split("rules:")[1], "duplicate"),
        (RULE_YAML.replace("'ninja'", "'(ninja'"), "bad regex"),
        ("nope: 1\n", "rules"),
    ],
)
def test_loading_fails_loudly(tmp_path: Path, body: str, needle: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_rules([path])
    assert needle in str(exc.value) and "bad.yaml" in str(exc.value)


def test_shipped_rules_load() -> None:
    ids = [r.id for r in load_rules()]
    assert len(ids) == len(set(ids)) > 20


def test_seed_003_discrimination_all_caught() -> None:
    path = next(SEEDS.glob("003_*.txt"))
    report = check_file(path)
    found = {f.excerpt for f in report.findings if f.category.startswith("discrimination.")}
    for needle in ["35周岁及以下", "20—-30岁", "化淡妆", "仪容仪表端庄", "普通话标准"]:
        assert any(needle in e for e in found), (needle, found)
    assert not any("性格" in e for e in found)
    assert not any("年龄要求" in e for e in found)  # 年龄要求：不限 is fine


def test_seed_002_placeholders() -> None:
    path = next(SEEDS.glob("002_*.txt"))
    excerpts = {f.excerpt for f in check_file(path).findings if f.category == "placeholder"}
    assert {"[公司名称]", "[电子邮件地址]", "[城市、州]"} <= excerpts


@pytest.mark.parametrize(
    "text",
    [
        "Competence with SharePoint and a manageable workload in customer support.",
        "我们坚持男女平等，不论男女均可申请。",
        "我們堅持男女平等，歡迎申請。",
        "We do not discriminate on the basis of pregnancy, marital status or disability.",
        "年龄要求：不限",
    ],
)
def test_no_false_positives(text: str) -> None:
    cats = {
        f.category
        for f in check_text(text).findings
        if f.category.startswith(("discrimination", "inclusive.gendered"))
    }
    assert not cats, (text, cats)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("We want young, energetic people.", "discrimination.age"),
        ("Age 25 to 35.", "discrimination.age"),
        ("Ideal for a recent graduate.", "discrimination.age"),
        ("Hiring a waitress and a salesman.", "inclusive.gendered_terms"),
        ("Hey guys!", "inclusive.gendered_terms"),
        ("Native English speaker.", "discrimination.origin"),
        ("Support rockstar wanted; hit the ground running.", "inclusive.jargon"),
        ("Must be married.", "discrimination.family"),
        ("Female only.", "discrimination.gender"),
        ("限女性，已婚已育", "discrimination.gender"),
        ("本地户口，身高160以上", "discrimination.origin"),
        ("乙肝携带者勿扰", "discrimination.health"),
        ("年齡35歲以下，已婚優先，本港戶籍", "discrimination.age"),
        ("外貌端正，化淡妝", "discrimination.appearance"),
    ],
)
def test_catches(text: str, category: str) -> None:
    assert category in {f.category for f in check_text(text).findings}


def test_config_disable_levels_allow() -> None:
    text = "Support ninja wanted. Hit the ground running."
    base = {f.rule for f in check_text(text).findings}
    assert "en.silly_title" in base
    cfg = CheckConfig.from_table(
        {"disable": ["en.silly_title"], "levels": {"en.culture_cliche": "error"}}
    )
    report = check_text(text, config=cfg)
    assert "en.silly_title" not in {f.rule for f in report.findings}
    assert [f.level for f in report.findings if f.rule == "en.culture_cliche"] == ["error"]
    cfg2 = CheckConfig.from_table({"disable": ["en"]})
    assert not {f.rule for f in check_text(text, config=cfg2).findings if f.rule.startswith("en.")}
    cfg3 = CheckConfig.from_table({"allow": ["ninja"]})
    assert "en.silly_title" not in {f.rule for f in check_text(text, config=cfg3).findings}
    with pytest.raises(ConfigError):
        CheckConfig.from_table({"levels": {"x.y": "fatal"}})
    with pytest.raises(ConfigError):
        CheckConfig.from_table({"typo": 1})


def test_output_and_exit_codes() -> None:
    report = check_text("Female only.", file="ad.md")
    text = format_text(report)
    assert "ad.md:1:1 error en.gender_limit" in text and "score" in text
    data = to_json(report)
    assert isinstance(data, dict) and data["schema_version"] == 1
    json.dumps(data)
    Report.model_validate({k: v for k, v in data.items() if k != "schema_version"})
    assert isinstance(to_json([report, report]), list)
    assert exit_code_for([report], "error") == 1
    clean = check_text("Fine.", rules=[])
    assert exit_code_for([clean], "notice") == 0


def test_fix_certain() -> None:
    from types import SimpleNamespace

    brief = SimpleNamespace(model_dump_json=lambda: '{"email": "jobs@acme.com"}')
    text = (
        "Hiring a Waitress.\n- Email hr@fake.com today\n- Smile\n"
        "Call us. Pay is HKD 99,999 a month.\n"
    )
    report = check_text(text, brief=brief, language="en", jurisdiction="hk")
    fixed = fix_certain(text, report.findings)
    assert "Server" in fixed and "hr@fake.com" not in fixed and "99,999" not in fixed
    assert "- Smile" in fixed and "Call us." in fixed


def test_stats_and_languages() -> None:
    report = check_text("我们招聘客服。每天接听电话！")
    assert report.language == "zh-Hans" and report.jurisdiction == "cn"
    assert report.stats.cjk_chars == 12 and report.stats.sentences == 2
    assert check_text("我們招聘客戶服務主任。").language == "zh-Hant"
    assert check_text("Answer calls.").language == "en"


def test_bad_input(tmp_path: Path) -> None:
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "b.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (10 * 1024 * 1024 + 1))
    for path in (empty, binary, big):
        with pytest.raises(InputError):
            check_file(path)
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(
        "任职资格：限男性，35岁以下，本地户口。我们提供五险一金和带薪年假。".encode("gbk")
    )
    assert "discrimination.gender" in {f.category for f in check_file(gbk).findings}
    big5 = tmp_path / "big5.txt"
    big5.write_bytes(
        "入職要求：男士優先，年齡35歲以下。我們提供醫療保險及有薪年假。".encode("big5")
    )
    report = check_file(big5)
    assert report.language == "zh-Hant"
    assert "discrimination.gender" in {f.category for f in report.findings}


def test_knowledge_examples_have_no_errors() -> None:
    for path in glob.glob("knowledge/examples/**/*.md", recursive=True):
        report = check_file(path)
        errors = [f for f in report.findings if f.level == "error"]
        assert not errors, (path, [(f.rule, f.excerpt) for f in errors])


def test_check_file_skips_front_matter_and_keeps_line_numbers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from drafter.validate import check_file

    ad = tmp_path / "ad.md"
    ad.write_text(
        "---\nid: x\nkind: example\njurisdiction: cn\nlanguage: zh-Hans\n---\n\n"
        "# 客服专员\n\n要求：女性，35岁以下。\n",
        encoding="utf-8",
    )
    report = check_file(ad)
    assert (report.language, report.jurisdiction) == ("zh-Hans", "cn")
    assert not any(f.excerpt == "kind" for f in report.findings)  # front matter is not ad text
    age = next(f for f in report.findings if f.category == "discrimination.age")
    assert age.line == 10  # the line in the file, front matter counted


# --- everyday use (issue 24) ---------------------------------------------------------------------

PLAIN_AD = """Customer Service Officer
About us
Harbour Parcel delivers across Hong Kong.
What you will do
- Answer delivery enquiries by phone
Requirements
- Must have: fluent Cantonese
- Nice to have: Zendesk
Benefits
- Medical cover
How to apply
Email jobs@harbourparcel.example.com
Equal opportunity
We welcome everyone.
"""


def test_plain_line_headings_are_headings() -> None:
    found = check_text(PLAIN_AD, language="en").findings
    assert [f.message for f in found if f.rule == "structure.missing_section"] == []


def test_depending_on_experience_beside_a_range_is_not_vague_pay() -> None:
    rules = {f.rule for f in check_text("Salary HKD 18,000-21,000, depending on experience.",
                                        language="en").findings}  # fmt: skip
    assert "pay.vague" not in rules
    assert "pay.vague" in {f.rule for f in check_text("Pay depending on experience.",
                                                      language="en").findings}  # fmt: skip


def test_positions_are_the_files_own_lines(tmp_path: Path) -> None:
    path = tmp_path / "ad.md"
    path.write_text("\n\n# Ad\n\n\n\nWe want a salesman.\n", encoding="utf-8")
    f = next(f for f in check_file(path, language="en").findings if f.rule == "en.gendered_title")
    assert (f.line, f.column) == (7, 11)


def test_headings_and_addresses_are_not_gender_coded_wording() -> None:
    text = ("## Responsibilities\n- Answer calls\n## Supportive team\nWrite to "
            "support.lead@kind-loyal.example.com")  # fmt: skip
    coded = [f for f in check_text(text, language="en").findings
             if f.rule == "inclusive.gender_coded"]  # fmt: skip
    assert coded == []


def test_a_condition_is_no_gender_coded_trait() -> None:
    """issue 24: "depending on experience" was counted as feminine-coded wording ("depend")."""
    text = "Pay: HK$18,000-22,000 per month depending on experience. Shifts depending on the rota."
    coded = [f for f in check_text(text, language="en").findings
             if f.rule == "inclusive.gender_coded"]  # fmt: skip
    assert coded == []


def test_one_jurisdiction_vocabulary() -> None:
    assert check_text("Answer calls.", language="en").jurisdiction == "other"
    assert check_text("Answer calls.", language="en", jurisdiction="other").jurisdiction == "other"
    assert CheckConfig.from_table({"jurisdiction": "generic"}).jurisdiction == "other"


@pytest.mark.parametrize(
    ("text", "language", "category"),
    [
        # religion: 0 of 10 caught on check-2's tune half — an exclusion said later in the
        # sentence, a preference before the faith, dress bans, interview questions, conversion, a
        # clergy letter, Sabbath observers, believers sought, a statement of faith
        ("周六必须上班，守安息日的教徒暂不考虑。", "zh-Hans", "discrimination.religion"),
        ("同等条件下优先聘用主内弟兄姊妹。", "zh-Hans", "discrimination.religion"),
        ("工作时不准佩戴头巾等宗教饰物。", "zh-Hans", "discrimination.religion"),
        ("面談時會詢問申請人的宗教信仰。", "zh-Hant", "discrimination.religion"),
        ("入職後須皈依本會。", "zh-Hant", "discrimination.religion"),
        ("申請人須提供教會牧師推薦信。", "zh-Hant", "discrimination.religion"),
        (
            "Weekend rota, so Sabbath observers would not suit the role.",
            "en",
            "discrimination.religion",
        ),
        (
            "We are looking for committed believers to join the desk.",
            "en",
            "discrimination.religion",
        ),
        ("Every hire signs our statement of faith.", "en", "discrimination.religion"),
        # health 4 of 12 and origin 6 of 13 — disability named another way, certificates and
        # fitness tests, mental health, birthplace, home province, accents
        ("本職位不適合身心障礙人士。", "zh-Hant", "discrimination.health"),
        ("入職前須提交無肝炎證明。", "zh-Hant", "discrimination.health"),
        ("客服岗位亦须参加体能测试。", "zh-Hans", "discrimination.health"),
        (
            "We can't hire applicants who have been treated for anxiety.",
            "en",
            "discrimination.health",
        ),
        ("Offers depend on a clear HIV screen.", "en", "discrimination.health"),
        (
            "A timed run is part of the day for all call-centre candidates.",
            "en",
            "discrimination.health",
        ),
        ("必須係本港出世。", "zh-Hant", "discrimination.origin"),
        # 病患 here is the candidate's illness, not the clinic's patients
        ("只請本港出世、無長期病患嘅人。", "zh-Hant", "discrimination.health"),
        ("外省院校的毕业生不在考虑范围内。", "zh-Hans", "discrimination.origin"),
        ("普通话不能带口音。", "zh-Hans", "discrimination.origin"),
        ("Callers must hear a neutral accent.", "en", "discrimination.origin"),
        # gender, family, orientation — 男仔最好, 女仔優先, 娘炮勿扰, no children to care for,
        # carers told to think twice, an opposite-sex partner preferred, gay friends "excused"
        ("靚聲嘅男仔最好。", "zh-Hant", "discrimination.gender"),
        ("女仔優先。", "zh-Hant", "discrimination.gender"),
        ("团队全是大老爷们，娘炮勿扰。", "zh-Hans", "discrimination.gender"),
        ("冇BB要照顧嘅人最啱。", "zh-Hant", "discrimination.family"),
        ("家中有小孩需要照顾者请慎重考虑。", "zh-Hans", "discrimination.family"),
        ("有稳定异性伴侣者优先。", "zh-Hans", "discrimination.orientation"),
        ("同志朋友請見諒。", "zh-Hant", "discrimination.orientation"),
        ("We would rather the rep is not openly gay.", "en", "discrimination.orientation"),
    ],
)
def test_a_condition_in_other_words_is_caught(text: str, language: str, category: str) -> None:
    """check-2's tune half (issue 24): the rules caught the wordings they were written from; these
    are other wordings of the same conditions."""
    found = check_text(text, language=language).findings  # type: ignore[arg-type]
    assert any(f.category == category for f in found), text


@pytest.mark.parametrize(
    ("text", "language", "category"),
    [
        # full-width digits and letters read as their ASCII forms
        ("门店导购｜需为１９９０年１月１日以后出生。", "zh-Hans", "discrimination.age"),
        ("Height １６３ｃｍ or above", "en", "discrimination.appearance"),
        # an age said in words, an experience cap standing in for one, the age asked for
        ("店里想招个二十出头的前台。", "zh-Hans", "discrimination.age"),
        ("年過四旬的朋友，請恕我們未能安排面試。", "zh-Hant", "discrimination.age"),
        ("超过“奔三”的就别投了。", "zh-Hans", "discrimination.age"),
        ("仅限2024届应届毕业生。", "zh-Hans", "discrimination.age"),
        ("You'll ideally be somewhere between 19 and 27.", "en", "discrimination.age"),
        ("No more than eight years since you left school, please.", "en", "discrimination.age"),
        ("Please state your age and height at the top of your CV.", "en", "discrimination.age"),
        # the one wanted named by sex
        ("理想人選為男士，因需兼顧夜更。", "zh-Hant", "discrimination.gender"),
        ("你係咪一個細心又鍾意同人傾偈嘅女仔？", "zh-Hant", "discrimination.gender"),
        ("Part-time男仔 preferred，因為要搬貨。", "zh-Hant", "discrimination.gender"),
        ("The new front-desk lady will report to the manager.", "en", "discrimination.gender"),
        ("This vacancy is reserved for a male advisor.", "en", "discrimination.gender"),
        ("Men will get preference for the escalations desk.", "en", "discrimination.gender"),
        # health: asked, excluded a clause later, named another way
        ("您是否有肢体残疾或精神类病史？", "zh-Hans", "discrimination.health"),
        ("有精神病紀錄或者曾經睇過精神科嘅，恕不考慮。", "zh-Hant", "discrimination.health"),
        ("冇長期病患、冇精神病紀錄。", "zh-Hant", "discrimination.health"),
        ("Applicants must have no chronic illnesses.", "en", "discrimination.health"),
        ("HBsAg-positive applicants are regrettably not eligible.", "en", "discrimination.health"),
        ("Candidates should have no history of back problems.", "en", "discrimination.health"),
        ("干活慢得跟瘸子似的就别来了。", "zh-Hans", "inclusive.ableist"),
        # origin
        ("持單程證來港未滿七年人士，恕不作考慮。", "zh-Hant", "discrimination.origin"),
        ("帶鄉音或者講廣東話有口音嘅，真係唔適合。", "zh-Hant", "discrimination.origin"),
        ("唔考慮菲律賓或印尼籍人士。", "zh-Hant", "discrimination.origin"),
        ("限粤籍。", "zh-Hans", "discrimination.origin"),
        (
            "The position is not suitable for ethnic-minority applicants.",
            "en",
            "discrimination.origin",
        ),
        ("Locally born applicants are preferred.", "en", "discrimination.origin"),
        ("You should have grown up in an English-speaking country.", "en", "discrimination.origin"),
        # appearance
        (
            "电话客服（全程不与客户见面）：要求无纹身、不得染彩色头发。",
            "zh-Hans",
            "discrimination.appearance",
        ),
        ("皮膚需白皙細緻，面部無明顯暗瘡。", "zh-Hant", "discrimination.appearance"),
        ("投递简历请附近期全身生活照一张。", "zh-Hans", "discrimination.appearance"),
        ("Kindly attach a full-length photo with your CV.", "en", "discrimination.appearance"),
        ("You must be a UK dress size 8–10.", "en", "discrimination.appearance"),
        # family
        ("我们倾向于没有育儿或照护负担的候选人。", "zh-Hans", "discrimination.family"),
        ("已經成家立室、有埋小朋友嘅申請人我哋會優先考慮。", "zh-Hant", "discrimination.family"),
        ("未婚、冇小朋友嘅申請人優先。", "zh-Hant", "discrimination.family"),
        (
            "We'd prefer someone unencumbered by childcare responsibilities.",
            "en",
            "discrimination.family",
        ),
        ("Ideal for a married lady whose kids are at school.", "en", "discrimination.family"),
        # religion
        ("门店要求员工无任何宗教信仰。", "zh-Hans", "discrimination.religion"),
        ("本機構只聘請已受洗的基督徒。", "zh-Hant", "discrimination.religion"),
        ("所有同事都要一齊上香，信其他教嘅未必適合。", "zh-Hant", "discrimination.religion"),
        (
            "We ask every team member to share our faith and join the prayer meeting.",
            "en",
            "discrimination.religion",
        ),
        (
            "Team members are expected to join our Friday company prayer.",
            "en",
            "discrimination.religion",
        ),
        (
            "Please tell us your religion so that we can plan rotas.",
            "en",
            "discrimination.religion",
        ),
        # orientation
        ("如你係同志，我哋部分客人可能會有意見。", "zh-Hant", "discrimination.orientation"),
        ("彩虹群体请绕行。", "zh-Hans", "discrimination.orientation"),
        ("Front-of-house staff need to be straight.", "en", "discrimination.orientation"),
        ("Straight guys only.", "en", "discrimination.orientation"),
        # named in issue 24: printed word for word in a rewritten ad
        ("身体好，能适应倒班", "zh-Hans", "discrimination.health"),
        ("Must not have children (late shifts)", "en", "discrimination.family"),
        # culture
        ("講嘢粗口多，玻璃心請勿打擾。", "zh-Hant", "inclusive.culture"),
        ("Work hard, party harder.", "en", "inclusive.culture"),
    ],
)
def test_a_condition_by_its_structure_is_caught(text: str, language: str, category: str) -> None:
    """check-3's tune half and check-2's two seen halves (issue 24): forms of the same conditions
    the rules had not been written from — a condition asked or said a clause away, an age in
    words, full-width digits, the one wanted named by sex or by a title."""
    found = check_text(text, language=language).findings  # type: ignore[arg-type]
    assert any(f.category == category for f in found), text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("我们是一家成立不到两年的年轻公司。", "zh-Hans"),
        ("为保证公平，请勿在简历中附照片或填写身高、体重。", "zh-Hans"),
        ("社区门诊，主要服务孕期妈妈和0-6岁儿童。", "zh-Hans"),
        ("我哋個team年齡由20到60都有，大家相處得好好。", "zh-Hant"),
        ("不要求本地户口，外地员工可申请公司宿舍。", "zh-Hans"),
        ("解答戶口、信用卡及網上理財查詢。", "zh-Hant"),
        ("唔限性別、年齡，歡迎fresh grad同轉行人士。", "zh-Hant"),
        ("团队氛围轻松，不搞狼性文化。", "zh-Hans"),
        ("Pregnant colleagues can switch to seated duties at no loss of pay.", "en"),
        ("Our plan is aimed at the over-60s, so you'll explain cover to retirees.", "en"),
        ("1–2 years' experience; fresh grads will also be considered.", "en"),
        ("Our support team currently ranges in age from 19 to 63.", "en"),
        ("Be straight with customers about delivery dates.", "en"),
    ],
)
def test_a_near_miss_by_its_structure_stays_quiet(text: str, language: str) -> None:
    """Clean lines from the same halves: a young company, a request not to send a photo, the
    customers or the team as the subject, a negation, a bank account, an inclusive welcome."""
    found = check_text(text, language=language).findings  # type: ignore[arg-type]
    conditions = [f for f in found if f.category.startswith("discrimination")
                  or f.category in ("inclusive.culture", "inclusive.ableist")]  # fmt: skip
    assert not conditions, [f.rule for f in conditions]


def test_a_section_named_at_the_head_of_its_line_is_a_section() -> None:
    """Issue 24 (headings however they are written): a legacy JD's "工作内容：接待顾客咨询…",
    "要求：…", "待遇：…", "投递：…" lines gave four "missing section" warnings."""
    text = (
        "招聘：商场客服专员（深圳南山）\n要求：普通话流利，有一年以上客服经验。\n"
        "工作内容：接待顾客咨询、处理投诉、会员登记。\n待遇：月薪5000-6500元，五险一金。\n"
        "投递：hr@nanshanmall.example\n"
    )
    missing = {f.message for f in check_text(text, language="zh-Hans").findings
               if f.rule == "structure.missing_section"}  # fmt: skip
    assert missing.isdisjoint({f"Missing section: {s}" for s in
                               ("duties", "requirements", "benefits", "how to apply")})  # fmt: skip
    assert "Missing section: about us" in missing  # what the ad does not have is still named


def test_a_short_ad_is_told_what_it_lacks_never_to_pad() -> None:
    # issue 23: a length outside the band names what the brief could add; the drafted 131-word
    # clinic ad with duties, requirements, pay and how to apply was told to "Add duties,
    # requirements, pay and how to apply"
    ad = (
        "# Clinic Receptionist\n\nPay: HK$16,800 per month\n\n## What you'll do\n\n"
        "- Register patients\n- Collect fees\n\n## What you'll bring\n\n- Fluent Cantonese\n\n"
        "## How to apply\n\nEmail hr@example.hk\n"
    )
    report = check_text(ad, language="en")
    short = next(f for f in report.findings if f.rule == "length.too_short")
    assert "about us" in short.suggestion and "benefits" in short.suggestion
    assert "duties" not in short.suggestion and "pad" in short.suggestion
