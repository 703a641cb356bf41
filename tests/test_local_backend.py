"""The llama.cpp backend: offline tests with a fake Llama, and marked tests on the real model."""

from __future__ import annotations

import json
import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from drafter.backends import make_backend
from drafter.errors import BackendError, InputError
from drafter.local_backend import LocalBackend
from drafter.settings import Settings, load_settings

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "title": {"type": "string", "minLength": 3, "maxLength": 40},
        "tone": {"enum": ["formal", "friendly"]},
        "duties": {
            "type": "array",
            "minItems": 2,
            "maxItems": 2,
            "items": {"type": "string", "minLength": 3, "maxLength": 40},
        },
        "team": {
            "type": "object",
            "properties": {"city": {"type": "string", "maxLength": 30}},
            "required": ["city"],
        },
    },
    "required": ["title", "tone", "duties", "team"],
}
MESSAGES = [
    {"role": "system", "content": "You write short job ads as JSON."},
    {"role": "user", "content": "A customer service advisor in Leeds, friendly tone."},
]


class FakeLlama:
    """Stands in for llama_cpp.Llama: records calls, streams a fixed answer, tokenizes by word."""

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.calls: list[dict[str, Any]] = []
        self.metadata: dict[str, str] = {}
        self.answer = ['{"title": ', '"Advisor"', "}"]

    def tokenize(self, data: bytes, add_bos: bool = True, special: bool = False) -> list[int]:
        return list(range(len(data.split())))

    def create_chat_completion(self, **kwargs: Any) -> Iterator[dict[str, Any]]:
        self.calls.append(kwargs)
        yield {"choices": [{"index": 0, "delta": {"role": "assistant"}, "finish_reason": None}]}
        for piece in self.answer:
            yield {"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
        yield {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}


def fake_backend(tmp_path: Path, **overrides: Any) -> LocalBackend:
    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF fake")
    settings = load_settings(backend="local", home=tmp_path / "home", model_path=model, **overrides)
    return LocalBackend(settings, llama_factory=FakeLlama)


def test_model_loads_lazily_with_settings(tmp_path: Path) -> None:
    backend = fake_backend(
        tmp_path, n_ctx=2048, n_threads=1, seed=7, flash_attn=False, repeat_window=128
    )
    assert not backend.loaded
    assert "not loaded" in repr(backend)
    backend.complete(MESSAGES)
    assert backend.loaded
    llm = backend._llm
    assert llm.kwargs == {
        "model_path": str(tmp_path / "tiny.gguf"),
        "n_ctx": 2048,
        "n_threads": 1,
        "flash_attn": False,
        "seed": 7,
        "last_n_tokens_size": 128,
        "verbose": False,
    }
    assert backend.context_window == 2048
    assert backend.model == "tiny"
    assert backend.load_seconds is not None


def test_complete_streams_pieces_and_counts_tokens(tmp_path: Path) -> None:
    backend = fake_backend(tmp_path)
    pieces: list[str] = []
    result = backend.complete(MESSAGES, schema=SCHEMA, max_tokens=50, on_token=pieces.append)
    assert pieces == ['{"title": ', '"Advisor"', "}"]
    assert result.text == '{"title": "Advisor"}'
    assert result.usage.backend == "local"
    assert result.usage.completion_tokens == 2  # the fake tokenizes by whitespace
    assert result.usage.prompt_tokens > 0
    assert result.usage.calls == 1
    [call] = backend._llm.calls
    assert call["response_format"] == {"type": "json_object", "schema": SCHEMA}
    assert call["stream"] is True
    assert call["max_tokens"] == 50
    assert call["temperature"] == backend.settings.temperature
    assert call["repeat_penalty"] == 1.0  # none asked: llama.cpp's neutral value
    backend.complete(MESSAGES, schema=SCHEMA, max_tokens=50, repeat_penalty=1.1)
    assert backend._llm.calls[-1]["repeat_penalty"] == 1.1


def test_a_looping_answer_is_stopped_early(tmp_path: Path) -> None:
    backend = fake_backend(tmp_path)
    backend.load()
    sentence = "我們正在找一位有耐心、熱情和良好粵語能力的客戶服務助理，你將負責處理客戶查詢。"
    backend._llm.answer = ['{"hook": "'] + [sentence] * 400 + ['"}']
    result = backend.complete(MESSAGES, schema=SCHEMA, max_tokens=5000)
    assert result.looped
    assert result.text.count(sentence) < 40  # stopped long before the 400 repeats
    backend._llm.answer = ['{"title": ', '"Advisor"', "}"]
    assert not backend.complete(MESSAGES, schema=SCHEMA).looped


def _pieces_schema(language: str, tone: str = "lively") -> dict:
    from drafter.draft import Piece, pieces_request

    asked = [Piece(kind="hook", source="job title: 客服"), Piece(kind="duty", source="接聽電話"),
             Piece(kind="fact", source="Excel"),
             Piece(kind="fact", index=1, source="Word")]  # fmt: skip
    return pieces_request(asked, "Chinese", language, tone)[1]  # type: ignore[arg-type]


def test_cjk_first_schema_makes_the_named_strings_begin_with_a_chinese_character(
    tmp_path: Path,
) -> None:
    from drafter.backends import CJK_FIRST

    backend = fake_backend(tmp_path)
    schema = _pieces_schema("zh-Hant")
    assert schema[CJK_FIRST] == ["hook", "responsibilities", "fact_1", "fact_2"]
    rules = dict(line.split(" ::= ", 1) for line in backend._grammar(schema).splitlines())
    assert rules["cjk"] == "[\\u3400-\\u9fff]"
    for name in ("hook", "responsibilities-item", "fact-1", "fact-2"):
        assert rules[name].startswith('"\\"" cjk')
    backend.complete(MESSAGES, schema=schema)
    [call] = backend._llm.calls
    assert call["response_format"] is None and "cjk ::=" in call["grammar"]._grammar
    with pytest.raises(BackendError, match="string rule of missing"):
        backend._grammar({**schema, CJK_FIRST: ["missing"]})


def test_latin_only_schema_becomes_a_grammar_without_cjk(tmp_path: Path) -> None:
    from drafter.backends import AVOID_WORDS, LATIN_ONLY

    backend = fake_backend(tmp_path)
    english, chinese = _pieces_schema("en", "professional"), _pieces_schema("zh-Hant")
    assert english[LATIN_ONLY] and LATIN_ONLY not in chinese
    assert "you" in english[AVOID_WORDS] and AVOID_WORDS not in _pieces_schema("en", "lively")
    [char] = [line for line in backend._grammar(english).splitlines() if line.startswith("char")]
    assert "\\u3000-\\u9fff" in char and '"u"' not in char  # no CJK, no \u escapes
    [char] = [line for line in backend._grammar(chinese).splitlines() if line.startswith("char")]
    assert "u3000" not in char
    backend.complete(MESSAGES, schema=_pieces_schema("en"))


class VocabLlama(FakeLlama):
    """A FakeLlama with a small vocabulary, read as llama-cpp-python's model reads it."""

    PIECES = (" you", "Your", " young", "如果你", "您", " the", " yours", "YOU", "\u00e9", " yo",
              "```", " `b")  # fmt: skip

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        pieces = [p.encode() for p in self.PIECES] + [b"\xe4"]  # a lone byte of a character
        self._model = type("Model", (), {"token_to_piece": lambda _, i: pieces[i] + b"\0" * 4})()

    def n_vocab(self) -> int:
        return len(self.PIECES) + 1


def test_avoid_words_bar_every_token_that_spells_one(tmp_path: Path) -> None:
    from drafter.backends import AVOID_WORDS

    backend = fake_backend(tmp_path)
    backend._llama_factory = VocabLlama
    plain = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    backend.complete(MESSAGES, schema={**plain, AVOID_WORDS: ["you", "yours"]})
    llm = backend._llm
    # " you", " yours", "YOU"; whole words only: not "Your" (not listed), " young" or " yo"
    assert llm.banned_tokens == (0, 6, 7)
    # the key is ours: the grammar is the plain schema's
    assert llm.calls[0]["grammar"]._grammar == backend._grammar(plain)
    backend.complete(MESSAGES, schema={**plain, AVOID_WORDS: ["你", "您"]})
    assert llm.banned_tokens == (3, 4)
    # a mark is barred inside any token, letters around it or not
    backend.complete(MESSAGES, schema={**plain, AVOID_WORDS: ["`"]})
    assert llm.banned_tokens == (10, 11)
    backend.complete(MESSAGES, schema=plain)  # a call without the key bars nothing
    assert llm.banned_tokens == ()


def test_without_schema_no_response_format(tmp_path: Path) -> None:
    backend = fake_backend(tmp_path)
    backend.complete(MESSAGES)
    assert backend._llm.calls[0]["response_format"] is None


def test_prompt_too_long_for_context_is_a_clear_error(tmp_path: Path) -> None:
    backend = fake_backend(tmp_path, n_ctx=64)
    long = [{"role": "user", "content": "word " * 100}]
    with pytest.raises(BackendError, match="DRAFTER_N_CTX"):
        backend.complete(long)


def test_max_tokens_is_clamped_to_the_room_left(tmp_path: Path) -> None:
    backend = fake_backend(tmp_path, n_ctx=128)
    backend.complete([{"role": "user", "content": "word " * 50}], max_tokens=1000)
    assert backend._llm.calls[0]["max_tokens"] == 128 - 54


def test_unconvertible_schema_fails_loudly(tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp")
    backend = fake_backend(tmp_path)
    bad = {"type": "object", "properties": {"x": {"type": "decimal128"}}}
    with pytest.raises(BackendError, match="cannot turn this JSON schema into a grammar"):
        backend.complete(MESSAGES, schema=bad)


def test_missing_llama_cpp_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # makes `import llama_cpp` fail
    settings = load_settings(backend="local", home=tmp_path)
    with pytest.raises(BackendError) as info:
        make_backend(settings)
    assert "pip install -e '.[local]'" in str(info.value)
    with pytest.raises(BackendError, match=r"pip install -e '\.\[local\]'"):
        LocalBackend(settings).load()


def test_a_llama_cpp_built_with_amx_is_refused_not_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An AMX build crashes the process on the first token (llama.cpp #20824)."""
    fake = types.ModuleType("llama_cpp")
    fake.Llama = object  # type: ignore[attr-defined]
    fake.llama_print_system_info = lambda: b"CPU : AVX2 = 1 | AMX_INT8 = 1 | REPACK = 1 | "  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "llama_cpp", fake)
    settings = load_settings(backend="local", home=tmp_path)
    with pytest.raises(BackendError, match="compiled with AMX") as info:
        LocalBackend(settings).load()
    assert "bash scripts/install.sh local" in str(info.value)
    fake.llama_print_system_info = lambda: b"CPU : AVX2 = 1 | AVX512 = 1 | REPACK = 1 | "  # type: ignore[attr-defined]
    with pytest.raises(InputError):  # past the check: no model at DRAFTER_MODEL_PATH
        LocalBackend(
            load_settings(backend="local", home=tmp_path, model_path=tmp_path / "x.gguf")
        ).load()


def test_bad_model_path_is_an_input_error(tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp")
    not_gguf = tmp_path / "model.bin"
    not_gguf.write_bytes(b"nope")
    with pytest.raises(InputError, match=r"model\.bin"):
        make_backend(load_settings(backend="local", home=tmp_path, model_path=not_gguf))


def test_loader_failure_is_a_backend_error(tmp_path: Path) -> None:
    def broken(**kwargs: Any) -> None:
        raise ValueError("Failed to load model from file")

    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF truncated")
    settings = load_settings(backend="local", home=tmp_path, model_path=model)
    with pytest.raises(BackendError, match="could not load the model") as info:
        LocalBackend(settings, llama_factory=broken).complete(MESSAGES)
    assert info.value.file == str(model)


# -- the real model ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def real_settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """Settings whose home keeps the assembled model between runs (in .pytest_cache)."""
    pytest.importorskip("llama_cpp")
    cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
    home = cache.mkdir("drafter-home") if cache else tmp_path_factory.mktemp("drafter-home")
    return load_settings(backend="local", home=home, n_ctx=2048)


@pytest.fixture(scope="session")
def real_backend(real_settings: Settings) -> LocalBackend:
    """The bundled model, assembled (first run ~10 s) and loaded once per session."""
    backend = make_backend(real_settings)
    assert isinstance(backend, LocalBackend)
    backend.load()
    return backend


@pytest.mark.local_model
def test_real_model_uses_the_gguf_chat_template(real_backend: LocalBackend) -> None:
    assert real_backend._llm.chat_format == "chat_template.default"
    assert "<|im_start|>" in real_backend._llm.metadata["tokenizer.chat_template"]


@pytest.mark.local_model
def test_real_model_follows_a_nested_schema(real_backend: LocalBackend) -> None:
    pieces: list[str] = []
    result = real_backend.complete(MESSAGES, schema=SCHEMA, max_tokens=120, on_token=pieces.append)
    assert len(pieces) > 5
    data = json.loads(result.text)
    assert set(data) == {"title", "tone", "duties", "team"}
    assert 3 <= len(data["title"]) <= 40
    assert data["tone"] in {"formal", "friendly"}
    assert len(data["duties"]) == 2
    assert all(3 <= len(d) <= 40 for d in data["duties"])
    assert len(data["team"]["city"]) <= 30
    usage = result.usage
    assert usage.prompt_tokens > 30
    assert usage.completion_tokens > 10
    assert usage.seconds > 0


@pytest.mark.local_model
def test_real_model_writes_english_from_chinese_under_the_latin_grammar(
    real_backend: LocalBackend,
) -> None:
    from drafter.backends import LATIN_ONLY

    schema = {"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}
    ask = [{"role": "user", "content": "職位 (JSON title): 客戶服務助理，負責處理客戶查詢"}]
    result = real_backend.complete(ask, schema={**schema, LATIN_ONLY: True}, max_tokens=40)
    title = json.loads(result.text)["title"]
    assert re.search(r"[A-Za-z]{4}", title) and not re.search(r"[\u3000-\u9fff]", title)


@pytest.mark.local_model
@pytest.mark.parametrize("top", [64, 1])
def test_top_first_grammar_writes_what_the_stock_grammar_writes(
    real_backend: LocalBackend, top: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Greedy decoding: the best allowed token is among the `top` likeliest whenever any of them
    # is allowed, and the whole vocabulary is judged otherwise, so the text must be exactly the
    # stock sampler's. With top=1 the fallback is taken whenever the likeliest token is refused.
    import functools

    import drafter.local_backend as local_backend

    monkeypatch.setattr(local_backend, "TOP_FIRST", top)

    from llama_cpp import Llama
    from llama_cpp.llama_grammar import LlamaGrammar

    llm = real_backend._llm
    ask = {"messages": MESSAGES, "temperature": 0.0, "max_tokens": 60}
    llm.reset()  # both runs evaluate the whole prompt afresh (no cached prefix)
    fast = llm.create_chat_completion(
        grammar=LlamaGrammar.from_json_schema(json.dumps(SCHEMA)), **ask
    )
    fallbacks = llm.last_grammar.fallbacks
    assert fallbacks >= 1 if top == 1 else fallbacks < 5  # 64 judged, not 151,936, nearly always
    llm._init_sampler = functools.partial(Llama._init_sampler, llm)  # the stock chain
    try:
        llm.reset()
        stock = llm.create_chat_completion(
            grammar=LlamaGrammar.from_json_schema(json.dumps(SCHEMA)), **ask
        )
    finally:
        del llm._init_sampler
    text = fast["choices"][0]["message"]["content"]
    assert text == stock["choices"][0]["message"]["content"]
    assert text.startswith("{") and '"title"' in text


@pytest.mark.local_model
def test_real_model_cannot_write_an_avoided_word(real_backend: LocalBackend) -> None:
    from drafter.backends import AVOID_WORDS
    from drafter.draft import SECOND_PERSON

    schema = {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}
    ask = [{"role": "user", "content": "As JSON (text): tell the reader 'you will love it'."}]
    free = real_backend.complete(ask, schema=schema, max_tokens=40)
    assert re.search(r"(?i)\byou", json.loads(free.text)["text"])  # what it writes when free
    barred = real_backend.complete(
        ask, schema={**schema, AVOID_WORDS: list(SECOND_PERSON)}, max_tokens=40
    )
    text = json.loads(barred.text)["text"]
    assert text and not re.search(r"(?i)\byou", text)
    assert len(real_backend._llm.banned_tokens) > 20  # " you", "You", " your", "YOUR", …


@pytest.mark.local_model
def test_real_model_rejects_a_grammar_llama_cpp_cannot_parse(real_backend: LocalBackend) -> None:
    # Without the pre-check llama.cpp would crash the whole process on this schema.
    too_long = {"type": "object", "properties": {"body": {"type": "string", "maxLength": 5000}}}
    with pytest.raises(BackendError, match="rejects the grammar"):
        real_backend.complete(MESSAGES, schema=too_long, max_tokens=8)


def test_a_saved_state_round_trips_without_pickle_and_old_ones_are_pruned(tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp")
    import os
    from types import SimpleNamespace

    from drafter.local_backend import llama_state, prune, save_state

    state = SimpleNamespace(
        input_ids=np.arange(8, dtype=np.intc), scores=np.ones((3, 5), dtype=np.single),
        n_tokens=3, llama_state=b"\x00kv\xff", seed=42,
    )  # fmt: skip
    path = tmp_path / "a.npz"
    save_state(state, path)
    with np.load(path, allow_pickle=False) as data:
        back = llama_state(data)
    assert back.input_ids.tolist() == list(range(8)) and back.n_tokens == 3
    assert back.scores.shape == (1, 5)  # only the last logits are kept
    assert (back.llama_state, back.llama_state_size, back.seed) == (b"\x00kv\xff", 4, 42)
    for i, name in enumerate(["b", "c", "d"]):
        save_state(state, tmp_path / f"{name}.npz")
        os.utime(tmp_path / f"{name}.npz", ns=(10**9 * (i + 2),) * 2)
    os.utime(path, ns=(10**9,) * 2)  # the oldest
    prune(tmp_path, 2)
    assert sorted(p.name for p in tmp_path.glob("*.npz")) == ["c.npz", "d.npz"]


@pytest.mark.local_model
def test_real_model_starts_past_a_system_message_it_read_in_an_earlier_run(
    real_settings: Settings, tmp_path: Path
) -> None:
    from drafter.model_files import resolve_model_path

    settings = real_settings.model_copy(
        update={"home": tmp_path, "model_path": resolve_model_path(real_settings)}
    )
    system = "You write job ads as JSON. " + " ".join(
        f"Rule {i}: keep every sentence short and plain." for i in range(12)
    )
    ask = [{"role": "system", "content": system}, MESSAGES[1]]
    backend = LocalBackend(settings)
    first = backend.complete(ask, schema=SCHEMA, max_tokens=40)
    assert backend.last_cached_tokens == 0  # read now, saved for the next run
    saved = list((tmp_path / "prompt-cache").glob("*.npz"))
    assert len(saved) == 1
    backend._llm.reset()  # as a new process: nothing in memory
    again = backend.complete(ask, schema=SCHEMA, max_tokens=40)
    assert backend.last_cached_tokens > 64
    assert again.text == first.text  # the same state, so the same answer
    other = [{"role": "system", "content": system.replace("short", "brief")}, MESSAGES[1]]
    backend.complete(other, schema=SCHEMA, max_tokens=8)
    assert backend.last_cached_tokens == 0
    assert len(list((tmp_path / "prompt-cache").glob("*.npz"))) == 2
