"""Benchmark `check_text`: ads per second and start-up time over ≥200 built ads of 400–700 words."""

from __future__ import annotations

import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path("/work/shared/seeds")
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z]+")


def _size(text: str) -> float:
    """English words, or Chinese characters / 1.5 (as words)."""
    return len(_WORD.findall(text)) + len(_HAN.findall(text)) / 1.5


def _sources() -> list[str]:
    texts = [
        _FRONT.sub("", p.read_text(encoding="utf-8"))
        for p in ROOT.glob("knowledge/examples/**/*.md")
    ]
    for p in sorted(SEEDS.glob("*.txt")):
        raw = p.read_text(encoding="utf-8", errors="replace")
        texts += [t for t in re.split(r"\n(?=【第\d+篇】)", raw) if _size(t) > 100]
    return texts


def build_corpus(n: int = 240, seed: int = 7) -> list[str]:
    """Vary the sources by shuffling sections and duplicating or trimming paragraphs to 400–700."""
    rng = random.Random(seed)
    sources = _sources()
    ads = []
    while len(ads) < n:
        parts = [p for p in re.split(r"\n(?=#{1,3} |【)", rng.choice(sources)) if p.strip()]
        head, rest = parts[0], parts[1:]
        rng.shuffle(rest)
        paras = [head, *rest]
        while _size("\n".join(paras)) < 400:
            paras.append(rng.choice(paras))
        while _size("\n".join(paras)) > 700 and len(paras) > 1:
            paras.pop()
        text = "\n".join(paras)
        if 400 <= _size(text) <= 700:
            ads.append(text)
        elif _size(text) > 700:
            ads.append(text[: int(len(text) * 650 / _size(text))])
    return ads


def startup_seconds() -> float:
    """Import + load_rules in a fresh interpreter."""
    code = (
        "import time;t=time.perf_counter();from drafter.validate import load_rules,check_text;"
        "load_rules();check_text('warm up 你好');print(time.perf_counter()-t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return float(out.stdout.strip())


def main() -> None:
    """Print the benchmark table."""
    sys.path.insert(0, str(ROOT))
    from drafter.validate import check_text, load_rules

    startup = startup_seconds()
    ads = build_corpus()
    load_rules()
    check_text(ads[0])
    t = time.perf_counter()
    findings = sum(len(check_text(ad).findings) for ad in ads)
    elapsed = time.perf_counter() - t
    langs: dict[str, int] = {}
    for ad in ads:
        key = "zh" if _HAN.search(ad) and len(_HAN.findall(ad)) > len(_WORD.findall(ad)) else "en"
        langs[key] = langs.get(key, 0) + 1
    print("| ads | languages | findings | seconds | ads/s | startup s |")
    print("|----:|-----------|---------:|--------:|------:|----------:|")
    mix = ", ".join(f"{k} {v}" for k, v in sorted(langs.items()))
    rate = len(ads) / elapsed
    print(f"| {len(ads)} | {mix} | {findings} | {elapsed:.2f} | {rate:.0f} | {startup:.2f} |")


if __name__ == "__main__":
    main()
