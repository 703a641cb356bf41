"""The clean-up passes run on every piece the model writes, as data with examples.

The passes, their order, scope, languages, message and examples are in
drafter/rules/cleanup.yaml; the code of each is here, under its id. tests/test_cleanup.py runs
every example and fails when a pass has no example of either kind, or is in one place and not
the other. `python -m drafter.cleanup` prints docs/cleanup.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from drafter.brief import Language
from drafter.loading import once, read_yaml
from drafter.readers import converter
from drafter.render import printed_case

CLEANUP_FILE = Path(__file__).parent / "rules" / "cleanup.yaml"
BULLET = re.compile(r"^[+*•·‧・･\-–—]+\s*")
# "5. 定期接受培训", "（2）处理投诉", "3) Log calls": the model numbered its list items.
DIGIT_MARK = r"[(（]\d{1,2}[)）]|\d{1,2}[.、．)）](?!\d)"
# "你的工作將包括：1. 接待顧客…；2. 處理訂單…": a list numbered inside prose (digits only: in
# prose "，三、四个月" is "three or four months").
INLINE_NUMBERING = re.compile(rf"(?:^|(?<=[：:；;，,。]))\s*(?:{DIGIT_MARK})\s*")
# A full stop inside an email or URL ("a@b.com") does not end a sentence.
END = re.compile(r"[.!?。！？]['\"”’）)]*\s*$")


def _unnumber(text: str, _language: Language) -> str:
    return INLINE_NUMBERING.sub(
        lambda m: "" if m.start() == 0 or text[m.start() - 1] in "：；，。" else " ", text
    )


def _prose_end(text: str, language: Language) -> str:
    if text and not END.search(text):
        text += "." if language == "en" else "。"
    return text


def _item_end_duty_only(text: str, language: Language, kind: str) -> str:
    text = text.rstrip("。.;；，,…")  # "派单给配送师傅……": the list says there is more
    return printed_case(text, language) if kind == "duty" else text


def to_script(text: str, language: Language) -> str:
    """Convert model text to the target script: Traditional or Simplified.

    Traditional uses OpenCC `s2tw`: the forms Hong Kong job ads are typed in (為, 說, 溫, 群, 戶 —
    the Big5 set), not `s2t`'s 爲/衆/羣, which read as old-fashioned, nor `s2hk`'s glyph-list 户,
    which candidates searching for 客戶服務 do not type. The validator accepts all three."""
    if language == "en" or not text:
        return text
    # A Japanese word slipped in for "team" ("與庫房和配送員チーム分享周報", 4 drafts in the
    # saved eval runs) is the Chinese word, not a reason to drop the sentence.
    text = text.replace("チーム", "团队" if language == "zh-Hans" else "團隊")
    if language != "zh-Hant":
        # a mainland ad says in Mandarin what a Hong Kong note says in Cantonese
        text = MANDARIN_WORD.sub(_mandarin, text)
        return converter("t2s").convert(text)
    # s2tw reads 并为 as 合并为 ("merge into"): "并为他们提供" is 並為 ("and for"), 合併為 stays.
    hant = HANT_MERGE.sub("並為", converter("s2tw").convert(text))
    # OpenCC changes characters, not words: the words Hong Kong uses where the mainland's differ
    # (knowledge/guides/language-zh-hant.md) are put in here.
    return HK_WORD.sub(lambda m: HK_WORDS[m.group()], hant)


HANT_MERGE = re.compile(r"(?<![合兼吞歸])併為")
# Mainland (or Taiwan) word → the Hong Kong word, after s2tw.
HK_WORDS = {
    "短信息": "短訊", "短信": "短訊", "信息": "資訊", "電子郵件": "電郵", "電子郵箱": "電郵",
    "在線客服": "網上客服", "質量": "質素", "軟體": "軟件", "視頻": "影片",
}  # fmt: skip
HK_WORD = re.compile("|".join(sorted(map(re.escape, HK_WORDS), key=len, reverse=True)))


# Cantonese word → the Mandarin word, in either script, each where it can only be Cantonese
# (關係 is a relation, 知識 knowledge, 同事 a colleague): "接待客人同寵物、覆 WhatsApp 查詢" in a
# Simplified ad is "接待客人和宠物、回复 WhatsApp 查询".
MANDARIN_WORDS = (
    (r"返工", "上班"), (r"唔該", "谢谢"), (r"唔该", "谢谢"), (r"唔使", "不用"), (r"唔", "不"),
    (r"冇", "没有"), (r"嘅", "的"), (r"(?<![關关聯联維维])係", "是"), (r"啲", "些"),
    (r"俾", "给"), (r"搵", "找"), (r"喺", "在"), (r"咗", "了"), (r"佢哋", "他们"), (r"佢", "他"),
    (r"(?<![知认認意见見])[識识](?:講|讲|(?=普通|廣東|广东|粵|粤|英文|英語|英语|日文|日語|日语|韓|韩))",
     "会说"),
    (r"(?<![知认認意见見])[識识](?=用|睇|寫|写|打|做|煮|中文|電腦|电脑)",
     "会"),
    (r"覆(?=\s*(?:WhatsApp|微信|電話|电话|電郵|电邮|email|客人|客戶|客户|查詢|查询|訊息|讯息|信息|短訊|短讯))",
     "回复"),
    (r"(?<=[人戶户客])同(?![事時时樣样意步一])(?=[\u4e00-\u9fff])", "和"),
)  # fmt: skip
MANDARIN_WORD = re.compile("|".join(f"(?P<w{i}>{p})" for i, (p, _) in enumerate(MANDARIN_WORDS)))


def _mandarin(m: re.Match[str]) -> str:
    return MANDARIN_WORDS[int(str(m.lastgroup)[1:])][1]


PASSES: dict[str, Callable[..., str]] = {
    "inline-numbering": _unnumber,
    "list-mark": lambda text, _lang: BULLET.sub("", text.strip()).strip(),
    "quotes": lambda text, _lang: (
        text[1:-1].strip()
        if len(text) > 1 and text[0] in "\"“「'" and text[-1] in "\"”」'"
        else text
    ),
    "spaces": lambda text, _lang: re.sub(r"\s+", " ", text).strip(),
    "script": to_script,
    "item-end": _item_end_duty_only,
    "prose-end": _prose_end,
}
WITH_KIND = {"item-end"}  # passes that also need to know the piece's kind


@once
def registry() -> tuple[dict[str, Any], ...]:
    """The passes of drafter/rules/cleanup.yaml, in order."""
    data = read_yaml(CLEANUP_FILE.read_text(encoding="utf-8"))
    return tuple(data["passes"])


def run(text: str, kind: str, language: Language) -> str:
    """Every pass that applies to this kind of piece and language, in the registry's order."""
    for entry in registry():
        if kind in entry["scope"] and language in entry["languages"]:
            fn = PASSES[entry["id"]]
            text = fn(text, language, kind) if entry["id"] in WITH_KIND else fn(text, language)
    return text


def markdown() -> str:
    """docs/cleanup.md: every pass with what it does and its examples."""
    out = ["# Clean-up passes", "",
           "Generated from `drafter/rules/cleanup.yaml` by `python -m drafter.cleanup`; run on",
           "every piece the model writes, in this order, before it is checked against its source.",
           ""]  # fmt: skip
    for entry in registry():
        out += [f"## `{entry['id']}`", "", entry["message"], "",
                f"Pieces: {', '.join(entry['scope'])} · languages: {', '.join(entry['languages'])}",
                "", "| kind | language | text | becomes |", "|---|---|---|---|"]  # fmt: skip
        for ex in entry["changes"]:
            out.append(
                f"| {ex['kind']} | {ex['language']} | {_cell(ex['text'])} | {_cell(ex['now'])} |"
            )
        for ex in entry["leaves"]:
            out.append(f"| {ex['kind']} | {ex['language']} | {_cell(ex['text'])} | (unchanged) |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("\n", "\\n").replace("|", "\\|")


if __name__ == "__main__":
    print(markdown(), end="")
