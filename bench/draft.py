"""Benchmark the drafting path on this machine and print a table.

Measures: time to index knowledge/ into a fresh store, retrieval p50/p95, and for one brief per
language the draft wall time, prompt/completion tokens, tokens/s and peak RSS, beside the raw
llama.cpp time for the same tokens measured in the same run (every call the draft made replayed
on the bare model: its prompt evaluated from an empty context, then as many tokens generated as
the call's answer had, with no grammar, no checks and no prompt cache); then the first language
again as a later run would draft it (system message read from the prompt cache).

    .venv/bin/python bench/draft.py [--backend local] [--languages en,zh-Hans,zh-Hant]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from drafter.backends import make_backend
from drafter.brief import load_brief
from drafter.pipeline import Pipeline
from drafter.retrieve import retrieve
from drafter.settings import load_settings
from drafter.store import open_store

ROOT = Path(__file__).resolve().parent.parent
BRIEF = ROOT / "examples" / "briefs" / "hk-cs-officer.yaml"


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Recorder:
    """The backend as the pipeline sees it, keeping each call's messages and answer length."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name, self.model = inner.name, inner.model
        self.context_window = inner.context_window
        self.calls: list[tuple[list[Any], int]] = []

    def complete(self, messages: list[Any], **kw: Any) -> Any:
        """Delegate and record."""
        answer = self.inner.complete(messages, **kw)
        self.calls.append((messages, answer.usage.completion_tokens))
        return answer


def raw_seconds(backend: Any, calls: list[tuple[list[Any], int]], *, reuse: bool) -> float:
    """Seconds the bare llama.cpp model takes for the same prompts and answer lengths; with
    `reuse`, each prompt starts from what the last call left in the context (as llama.cpp
    reuses a shared prefix), else from an empty context."""
    llm = backend._llm
    llm.reset()
    total = 0.0
    for messages, completion in calls:
        tokens = backend._prompt_tokens(messages)
        if not reuse:
            llm.reset()
        t0 = time.perf_counter()
        if completion == 0:  # the prompt alone (generate would also compute a token)
            llm.eval(tokens)
        else:
            for i, _tok in enumerate(llm.generate(tokens, temp=0.0, reset=True)):
                if i + 1 >= completion:
                    break
        total += time.perf_counter() - t0
    llm.reset()
    return total


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", default="local")
    parser.add_argument("--languages", default="en,zh-Hans,zh-Hant")
    parser.add_argument("--tone", default="professional")
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(home=Path(tmp), backend=args.backend)
        if args.backend == "local":
            # reuse the assembled model instead of assembling 1.1 GB again in the temp home
            from drafter.model_files import resolve_model_path

            settings = settings.model_copy(
                update={"model_path": resolve_model_path(load_settings(backend="local"))}
            )
        start = time.perf_counter()
        store = open_store(settings)
        rows.append(("index knowledge/ (fresh store)", f"{time.perf_counter() - start:.1f} s"))
        brief = load_brief(BRIEF)
        times = []
        for i in range(40):
            lang = ("en", "zh-Hans", "zh-Hant")[i % 3]
            tone = ("professional", "lively")[i % 2]
            t0 = time.perf_counter()
            retrieve(store, brief, lang, tone, k=settings.retrieve_k)  # type: ignore[arg-type]
            times.append((time.perf_counter() - t0) * 1000)
        q = statistics.quantiles(times, n=20)
        rows.append(("retrieval p50 / p95", f"{statistics.median(times):.0f} / {q[18]:.0f} ms"))
        backend = make_backend(settings)
        recorder = Recorder(backend)
        pipeline = Pipeline(settings, backend=recorder, store=store)  # type: ignore[arg-type]
        for lang in args.languages.split(","):
            recorder.calls.clear()
            t0 = time.perf_counter()
            result, _ = pipeline.run(str(BRIEF), language=lang, tone=args.tone)  # type: ignore[arg-type]
            wall = time.perf_counter() - t0
            local = args.backend == "local"
            cold = raw_seconds(backend, recorder.calls, reuse=False) if local else None
            warm = raw_seconds(backend, recorder.calls, reuse=True) if local else None
            u = result.usage
            tps = u.completion_tokens / u.seconds if u.seconds else 0.0
            errors = sum(1 for f in (result.report or {}).get("findings", [])
                         if f["level"] == "error")  # fmt: skip
            rows.append((
                f"draft {lang} ({args.tone})",
                f"{wall:.1f} s wall · {u.prompt_tokens} prompt + {u.completion_tokens} completion"
                f" tok · {tps:.1f} tok/s · {len(recorder.calls)} calls · {errors} errors",
            ))  # fmt: skip
            if cold is not None and warm is not None:
                rows.append((
                    f"  raw llama.cpp, same tokens ({lang})",
                    f"{cold:.1f} s from an empty context · {warm:.1f} s reusing each call's "
                    f"shared prefix · drafting takes {wall / warm:.2f}× the second",
                ))  # fmt: skip
        if args.backend == "local" and settings.prompt_cache:
            # As a later run would: nothing in memory, the system message's state on disk.
            lang = args.languages.split(",")[0]
            backend._llm.reset()  # type: ignore[attr-defined]
            t0 = time.perf_counter()
            result, _ = pipeline.run(str(BRIEF), language=lang, tone=args.tone)  # type: ignore[arg-type]
            cached = backend.last_cached_tokens  # type: ignore[attr-defined]
            rows.append((
                f"draft {lang} again, new run",
                f"{time.perf_counter() - t0:.1f} s wall · {cached} prompt tok from the prompt cache"
                f" · {result.usage.completion_tokens} completion tok",
            ))  # fmt: skip
        rows.append(("peak RSS", f"{peak_rss_mb():.0f} MB"))
    width = max(len(k) for k, _ in rows)
    print(f"{'measure'.ljust(width)} | value")
    print(f"{'-' * width}-|-{'-' * 60}")
    for key, value in rows:
        print(f"{key.ljust(width)} | {value}")


if __name__ == "__main__":
    main()
