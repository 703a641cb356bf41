"""Backend running a GGUF model in-process with llama.cpp (llama-cpp-python), fully offline.

The model is loaded on the first `complete` (or an explicit `load`), so building the backend is
cheap and the CLI can say "loading model…" while it happens. The GGUF's own chat template is used:
llama-cpp-python reads `tokenizer.chat_template` from the file's metadata and, when the template
is not one of its built-in formats (Qwen2.5's is not), renders it with Jinja
(`chat_format == "chat_template.default"`).

What llama-cpp-python 0.3.36 turns into a grammar (`llama_cpp/llama_grammar.py`,
`SchemaConverter.visit`), i.e. what `schema=` can actually enforce on this backend:

- enforced: nested objects with `properties` and `required` (properties are emitted in the
  schema's order; objects are closed unless `additionalProperties` is true or a schema); arrays
  with `items` plus `minItems`/`maxItems`, and tuples via `prefixItems`; strings with
  `minLength`/`maxLength` (counted in JSON characters, an escape such as `\\n` counts as one) or
  a `pattern` (anchored `^…$`, a regex subset); `enum` and `const`; `anyOf`/`oneOf`; type lists
  such as `["string", "null"]`; local `$ref` into `$defs`/`definitions` (what pydantic emits);
  `allOf` (properties merged); `format` date, time, date-time and uuid.
- ignored (output may violate them, so validate afterwards): `minimum`/`maximum`/
  `exclusive*`/`multipleOf`, `uniqueItems`, `minProperties`/`maxProperties`, `not`,
  `if`/`then`, `contains`, other `format`s (email, uri).
- Whitespace between tokens is limited to one space, so the model cannot run away in blanks.
- llama-cpp-python silently drops to an unconstrained JSON grammar when a schema cannot be
  converted; `complete` converts it first and raises instead, so constraints are never lost
  without notice.
- `maxLength - minLength` becomes nested optional rules; llama.cpp's grammar parser rejects
  nesting beyond ~1000 (maxLength 1000 works, 1200 fails) and would then crash the process
  mid-generation, so `complete` test-parses each new schema's grammar first.
- Cost: llama-cpp-python applies the grammar to the whole vocabulary (151,936 tokens for Qwen2.5)
  before every token, which halved generation speed. The model here is built by `_llama_class`
  with `TopFirstGrammar` in its place: the grammar judges the 64 likeliest tokens first and the
  whole vocabulary only when none of them fits (the way llama.cpp's own `common` sampler does it).
  Greedy decoding gives exactly the stock text (tested); sampling keeps the same candidates
  whenever the top-k after the grammar lies in those 64. Drafts got 13–24% faster
  (`bench/draft.py`).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import importlib.util
import json
import os
import re
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import numpy as np

from drafter.backends import (
    AVOID_WORDS,
    CJK_FIRST,
    GRAMMAR_KEYS,
    LATIN_ONLY,
    Completion,
    Message,
    TokenCallback,
    Usage,
    repeats_from,
)
from drafter.errors import BackendError
from drafter.model_files import (
    DEFAULT_MODEL,
    INSTALL_LOCAL,
    ProgressCallback,
    check_gguf,
    part_paths,
    resolve_model_path,
)
from drafter.settings import Settings

LlamaFactory = Callable[..., Any]


class LocalBackend:
    """A llama.cpp model in this process; loaded lazily, one call at a time."""

    name = "local"

    def __init__(self, settings: Settings, *, llama_factory: LlamaFactory | None = None) -> None:
        self.settings = settings
        default_name = DEFAULT_MODEL.file_name.removesuffix(".gguf")
        self.model = settings.model_path.stem if settings.model_path else default_name
        self.context_window = settings.n_ctx
        self.load_seconds: float | None = None
        self.last_first_token_seconds: float | None = None  # prompt processing of the last call
        self.last_cached_tokens = 0  # prompt tokens of the last call read from the prompt cache
        self._llama_factory = llama_factory
        self._llm: Any = None
        self._grammars: dict[str, str] = {}  # schema (JSON) → its checked grammar
        self._avoided: dict[tuple[str, ...], tuple[int, ...]] = {}  # words → tokens spelling them
        self._model_file: Path | None = None  # the GGUF loaded
        self._chat_formatter: Any = None  # the GGUF's chat template, compiled once
        # llama.cpp contexts are not thread-safe; calls queue up instead of corrupting state.
        self._lock = threading.RLock()

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalBackend:
        """Check that llama.cpp and the model are installed; load nothing yet."""
        if importlib.util.find_spec("llama_cpp") is None:
            raise _not_installed()
        if settings.model_path is not None:
            check_gguf(settings.model_path)
        elif not (settings.models_dir / DEFAULT_MODEL.file_name).is_file():
            part_paths(DEFAULT_MODEL)  # fail now, not after the brief is processed
        return cls(settings)

    def __repr__(self) -> str:
        state = "loaded" if self._llm is not None else "not loaded"
        return f"LocalBackend(model={self.model!r}, n_ctx={self.context_window}, {state})"

    @property
    def loaded(self) -> bool:
        """True once the model is in memory."""
        return self._llm is not None

    def load(self, on_progress: ProgressCallback | None = None) -> None:
        """Assemble the bundled model if needed (reporting bytes copied) and load it."""
        with self._lock:
            if self._llm is not None:
                return
            factory = self._llama_factory or _llama_class()
            path = resolve_model_path(self.settings, on_progress=on_progress)
            self._model_file = path
            started = time.perf_counter()
            try:
                self._llm = factory(
                    model_path=str(path),
                    n_ctx=self.settings.n_ctx,
                    n_threads=self.settings.n_threads,
                    flash_attn=self.settings.flash_attn,
                    seed=self.settings.seed,
                    last_n_tokens_size=self.settings.repeat_window,
                    verbose=False,
                )
            except (ValueError, RuntimeError, OSError) as exc:
                raise BackendError(
                    f"llama.cpp could not load the model ({exc})",
                    file=str(path),
                    fix="check the file is a complete GGUF model that this llama.cpp supports",
                ) from None
            self.load_seconds = round(time.perf_counter() - started, 3)

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        on_token: TokenCallback | None = None,
        repeat_penalty: float | None = None,
    ) -> Completion:
        """Generate an answer, grammar-constrained to `schema` if given, streaming to `on_token`."""
        with self._lock:
            self.load()
            llm = self._llm
            gbnf = self._check_schema(schema) if schema is not None else None
            started = time.perf_counter()
            tokens = self._prompt_tokens(messages)
            prompt_tokens = len(tokens) if tokens is not None else self._count_plain(messages)
            if self.settings.prompt_cache and tokens is not None:
                self.last_cached_tokens = self._warm_prefix(messages, tokens)
            room = self.context_window - prompt_tokens
            if room < 16:
                raise BackendError(
                    f"the prompt has {prompt_tokens} tokens but the local model's context "
                    f"holds {self.context_window}",
                    fix="raise DRAFTER_N_CTX, or shorten the brief or the retrieved passages",
                )
            response_format = {"type": "json_object", "schema": schema} if schema else None
            words = tuple(schema.get(AVOID_WORDS) or ()) if schema else ()
            llm.banned_tokens = self._tokens_spelling(words) if words else ()
            grammar = None
            if gbnf is not None and schema is not None and any(map(schema.get, GRAMMAR_KEYS)):
                from llama_cpp.llama_grammar import LlamaGrammar

                grammar = LlamaGrammar.from_string(gbnf, verbose=False)
                response_format = None
            stream = llm.create_chat_completion(
                messages=messages,
                response_format=response_format,
                grammar=grammar,
                temperature=self.settings.temperature,
                seed=self.settings.seed,
                repeat_penalty=repeat_penalty or 1.0,
                max_tokens=min(max_tokens, room),
                stream=True,
            )
            pieces: list[str] = []
            first_token_at: float | None = None
            loop_at: int | None = None
            for chunk in stream:
                for choice in chunk.get("choices", []):
                    piece = (choice.get("delta") or {}).get("content")
                    if piece:
                        if first_token_at is None:
                            first_token_at = time.perf_counter()
                        pieces.append(piece)
                        if on_token is not None:
                            on_token(piece)
                if len(pieces) % 16 == 0 and pieces:
                    loop_at = repeats_from("".join(pieces))
                    if loop_at is not None:
                        close = getattr(stream, "close", None)
                        if close is not None:
                            close()  # stops generation; the caller re-asks
                        break
            ended = time.perf_counter()
            text = "".join(pieces)
            self.last_first_token_seconds = (
                round(first_token_at - started, 3) if first_token_at else None
            )
            usage = Usage(
                backend=self.name,
                model=self.model,
                prompt_tokens=prompt_tokens,
                completion_tokens=self._count_tokens(text) if text else 0,
                seconds=round(ended - started, 3),
                calls=1,
            )
            return Completion(text=text, usage=usage, looped=loop_at is not None)

    # -- helpers ---------------------------------------------------------------------------
    def _check_schema(self, schema: dict[str, Any]) -> str:
        """Turn `schema` into a grammar once, so an unsupported one fails loudly, not silently;
        returns the grammar (GBNF)."""
        key = json.dumps(schema, sort_keys=True)
        if key in self._grammars:
            return self._grammars[key]
        import llama_cpp

        gbnf = self._grammar(schema)
        # llama.cpp's own grammar parser has limits the converter does not know about (a
        # maxLength above ~1000 nests too deep), and a grammar it rejects crashes the process in
        # the middle of generation; so parse it here once, where a failure is just an error.
        model = getattr(self._llm, "model", None)
        if model is not None and isinstance(self._llm, llama_cpp.Llama):
            vocab = llama_cpp.llama_model_get_vocab(model)
            with _quiet():
                sampler = llama_cpp.llama_sampler_init_grammar(vocab, gbnf.encode(), b"root")
            if not sampler:
                raise BackendError(
                    "llama.cpp rejects the grammar made from this JSON schema "
                    "(too complex; often a maxLength above ~1000)",
                    fix=_SCHEMA_FIX,
                )
            llama_cpp.llama_sampler_free(sampler)
        self._grammars[key] = gbnf
        return gbnf

    def _grammar(self, schema: dict[str, Any]) -> str:
        """The GBNF for `schema`; with LATIN_ONLY its strings cannot hold CJK characters."""
        from llama_cpp.llama_grammar import json_schema_to_gbnf

        plain = {k: v for k, v in schema.items() if k not in GRAMMAR_KEYS}
        try:
            gbnf = json_schema_to_gbnf(json.dumps(plain))
        except Exception as exc:  # the converter signals unsupported input with asserts
            raise BackendError(
                f"llama.cpp cannot turn this JSON schema into a grammar ({exc})", fix=_SCHEMA_FIX
            ) from None
        if schema.get(LATIN_ONLY):
            gbnf, n = re.subn(r"(?m)^char ::= .*$", lambda _: _LATIN_CHAR, gbnf)
            if n != 1:  # the converter changed its output: fail here, not with a Chinese ad
                raise BackendError("cannot find the string rule in the grammar", fix=_SCHEMA_FIX)
        if fields := schema.get(CJK_FIRST):
            # The converter names a field's rule after it ("about_us" -> about-us) and the
            # rule of a list's items "<name>-item"; each starts '"\"" char'.
            for field in fields:
                name = re.escape(field.replace("_", "-"))
                gbnf, n = re.subn(
                    rf'(?m)^({name}(?:-item)?) ::= "\\"" char ', r'\1 ::= "\\"" cjk ', gbnf
                )
                if n != 1:
                    raise BackendError(
                        f"cannot find the string rule of {field} in the grammar", fix=_SCHEMA_FIX
                    )
            gbnf += "\n" + _CJK_CHAR
        return gbnf

    def _tokens_spelling(self, words: tuple[str, ...]) -> tuple[int, ...]:
        """Every token whose text contains one of `words`: a CJK word or a mark anywhere (如果你,
        您的, "```"), a Latin word as a whole word, in any case (" you", "Your", not " young").
        One pass over the vocabulary (~0.5 s for Qwen2.5's 151,936 tokens) per word list and
        loaded model."""
        if words in self._avoided:
            return self._avoided[words]
        # A CJK word or a mark ("`") is avoided anywhere in a token; a Latin word as a word.
        anywhere = [w for w in words if CJK_TEXT.search(w) or not re.search(r"\w", w)]
        latin = [re.escape(w) for w in words if w not in anywhere]
        pattern = re.compile(rf"(?<![A-Za-z])(?:{'|'.join(latin)})(?![A-Za-z])", re.I)
        model = self._llm._model
        found = []
        for token in range(self._llm.n_vocab()):
            text = model.token_to_piece(token).rstrip(b"\0").decode("utf-8", errors="ignore")
            if any(w in text for w in anywhere) or (latin and pattern.search(text)):
                found.append(token)
        self._avoided[words] = tuple(found)
        return self._avoided[words]

    def _warm_prefix(self, messages: list[Message], full: list[int]) -> int:
        """Start the model past the system message: from memory when the last call had the same
        one (llama-cpp-python reuses a common prefix by itself), else from a state saved on
        disk, else read it now and save the state for the next run. Returns the prefix tokens
        that were not computed for this call (0 when there was nothing to reuse)."""
        llm = self._llm
        prefix = self._system_prefix(messages, full)
        if len(prefix) < MIN_CACHED_PREFIX or not hasattr(llm, "save_state"):
            return 0
        n = len(prefix)
        if llm.n_tokens >= n and llm.input_ids[:n].tolist() == prefix:
            return n
        folder = self.settings.prompt_cache_dir
        path = folder / f"{self._cache_key(prefix)}.npz"
        if path.is_file():
            try:
                with np.load(path, allow_pickle=False) as data:
                    state = llama_state(data)
                llm.load_state(state)
                os.utime(path)  # most recently used: pruned last
                return n
            except (OSError, ValueError, KeyError, RuntimeError):
                path.unlink(missing_ok=True)  # damaged or from another llama.cpp: read anew
        llm.reset()
        llm.eval(prefix)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            save_state(llm.save_state(), path)
            prune(folder, PROMPT_CACHE_FILES)
        except OSError:
            pass  # a cache that cannot be written costs time next run, nothing else
        return 0

    def _system_prefix(self, messages: list[Message], full: list[int]) -> list[int]:
        """Tokens the prompt (`full`) shares with every prompt of the same system message."""
        if not messages or messages[0]["role"] != "system":
            return []
        alone = self._prompt_tokens(messages[:1]) or []
        n = 0
        for a, b in zip(full, alone, strict=False):
            if a != b:
                break
            n += 1
        return full[: n - 1]  # the last shared token may merge with what follows

    def _formatter(self) -> Any:
        """The GGUF's chat template as llama-cpp-python's chat handler builds it (None when the
        file has none); compiled once per loaded model."""
        if self._chat_formatter is None:
            llm = self._llm
            template = (getattr(llm, "metadata", None) or {}).get("tokenizer.chat_template")
            if not template:
                return None
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            eos, bos = llm.token_eos(), llm.token_bos()
            text = llm._model.token_get_text
            self._chat_formatter = Jinja2ChatFormatter(
                template=template,
                eos_token=text(eos) if eos != -1 else "",
                bos_token=text(bos) if bos != -1 else "",
            )
        return self._chat_formatter

    def _prompt_tokens(self, messages: list[Message]) -> list[int] | None:
        """The prompt's tokens as the model reads them (rendered with the GGUF's chat template
        and tokenized as the chat handler does); None when the file has no template."""
        formatter = self._formatter()
        if formatter is None:
            return None
        result = formatter(messages=messages)
        tokens = self._llm.tokenize(
            result.prompt.encode("utf-8"), add_bos=not result.added_special, special=True
        )
        return list(tokens)

    def _cache_key(self, prefix: list[int]) -> str:
        """Names the saved state: the same tokens on the same model file, llama.cpp build and
        context settings."""
        import llama_cpp

        path = self._model_file or resolve_model_path(self.settings)
        stat = path.stat()
        ident = (
            f"{llama_cpp.__version__}|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|"
            f"{self.settings.n_ctx}|{self.settings.flash_attn}|"
        )
        digest = hashlib.sha256(ident.encode())
        digest.update(np.asarray(prefix, dtype=np.int32).tobytes())
        return digest.hexdigest()[:32]

    def _count_tokens(self, text: str, *, special: bool = False) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=special))

    def _count_plain(self, messages: list[Message]) -> int:
        """No chat template in the file: contents plus a few tokens of role markup each."""
        return sum(self._count_tokens(m["content"]) + 4 for m in messages)


MIN_CACHED_PREFIX = 64  # shorter system messages are read faster than a state is loaded
PROMPT_CACHE_FILES = 12  # states kept (~13 MB each for the bundled model): 3 languages x 2 tones


def save_state(state: Any, path: Path) -> None:
    """Write a llama-cpp-python LlamaState as plain arrays (no pickle), atomically: the KV
    cache (~13 MB for the bundled model's system prompt), the tokens and the last logits."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # two runs may save the same state
    with tmp.open("wb") as fh:
        np.savez(
            # only the last logits: the rest of the prompt is read after the prefix anyway
            fh, input_ids=state.input_ids, scores=state.scores[-1:],
            n_tokens=np.int64(state.n_tokens),
            llama_state=np.frombuffer(state.llama_state, dtype=np.uint8),
            seed=np.int64(state.seed),
        )  # fmt: skip
    tmp.replace(path)


def llama_state(data: Any) -> Any:
    """A LlamaState from the arrays `save_state` wrote."""
    from llama_cpp.llama import LlamaState

    raw = data["llama_state"].tobytes()
    return LlamaState(
        input_ids=data["input_ids"], scores=data["scores"], n_tokens=int(data["n_tokens"]),
        llama_state=raw, llama_state_size=len(raw), seed=int(data["seed"]),
    )  # fmt: skip


def prune(folder: Path, keep: int) -> None:
    """Delete all but the `keep` most recently used files in `folder`."""
    files = sorted(folder.glob("*.npz"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)


# With LATIN_ONLY a string may hold no CJK character, nor a \u escape that could spell one.
_LATIN_CHAR = r'char ::= [^"\\\u3000-\u9fff\uf900-\ufaff\uff00-\uffef] | "\\" (["\\/bfnrt])'
_CJK_CHAR = r"cjk ::= [\u3400-\u9fff]"
CJK_TEXT = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SCHEMA_FIX = "simplify the schema (see drafter/local_backend.py for what is supported)"


def _quiet() -> AbstractContextManager[Any]:
    """Silence llama.cpp's stderr, which dumps a whole rejected grammar (can be megabytes)."""
    try:
        from llama_cpp._utils import suppress_stdout_stderr
    except ImportError:  # private helper; losing it only costs noise
        return contextlib.nullcontext()
    return suppress_stdout_stderr(disable=False)  # type: ignore[no-any-return]


def _llama_class() -> LlamaFactory:
    try:
        import llama_cpp
        from llama_cpp import Llama
    except ImportError:
        raise _not_installed() from None
    if b"AMX_INT8 = 1" in llama_cpp.llama_print_system_info():
        # A build for a CPU with AMX crashes the process on the first token of a Q4_K model
        # (llama.cpp issue #20824; seen on our machines): say so rather than die.
        raise BackendError(
            "this llama.cpp was compiled with AMX, which crashes on the model's weights",
            fix="build it again without AMX: bash scripts/install.sh local",
        )

    class FastGrammarLlama(Llama):  # type: ignore[misc]
        """llama_cpp.Llama whose grammar sampler is `TopFirstGrammar`; it never picks one of
        `banned_tokens` (set before each call)."""

        banned_tokens: tuple[int, ...] = ()

        def _init_sampler(self, *args: Any, grammar: Any = None, **kwargs: Any) -> Any:
            if grammar is None or kwargs.get("logits_processor") is not None:
                return super()._init_sampler(*args, grammar=grammar, **kwargs)
            stock = super()._init_sampler(*args, grammar=None, **kwargs)
            self.last_grammar = TopFirstGrammar(
                self._model.vocab, grammar, banned=self.banned_tokens
            )
            return top_first_chain(stock, self.last_grammar)

    return FastGrammarLlama


TOP_FIRST = 64  # tokens the grammar judges before it falls back to the whole vocabulary


class TopFirstGrammar:
    """A llama.cpp sampler that applies a grammar to the likeliest tokens first.

    Same choice as the stock order (grammar over every token, then top-k) whenever one of the
    `TOP_FIRST` likeliest tokens is allowed, which is nearly always: only those stay candidates.
    When none is allowed (a Chinese-minded model under the Latin-only grammar), the grammar is
    applied to the whole vocabulary, as before.
    """

    def __init__(
        self, vocab: Any, grammar: Any, top: int | None = None, banned: tuple[int, ...] = ()
    ) -> None:
        import llama_cpp

        self._lib = llama_cpp
        self.grammar = llama_cpp.llama_sampler_init_grammar(
            vocab, grammar._grammar.encode("utf-8"), grammar._root.encode("utf-8")
        )
        if not self.grammar:
            raise BackendError("llama.cpp rejects the grammar", fix=_SCHEMA_FIX)
        self.top = top = top or TOP_FIRST
        self.fallbacks = 0  # tokens for which the whole vocabulary had to be judged
        self.banned = np.asarray(banned, dtype=np.int32)  # never chosen, whatever the grammar
        self._dtype = np.dtype(
            [("id", np.int32), ("logit", np.float32), ("p", np.float32)], align=True
        )
        self._small = (llama_cpp.llama_token_data * top)()
        self._small_array = llama_cpp.llama_token_data_array(
            data=self._small, size=top, selected=-1, sorted=False
        )
        self._small_view = self._view(self._small, top)
        # The callbacks must outlive the sampler: keep them on the instance.
        self._callbacks = (
            llama_cpp.llama_sampler_i_accept(self._accept),
            llama_cpp.llama_sampler_i_apply(self._apply),
            llama_cpp.llama_sampler_i_reset(self._reset),
        )
        iface = llama_cpp.llama_sampler_i()
        iface.name = llama_cpp.llama_sampler_i_name(0)
        iface.accept, iface.apply, iface.reset = self._callbacks
        iface.clone = llama_cpp.llama_sampler_i_clone(0)
        iface.free = llama_cpp.llama_sampler_i_free(0)  # llama.cpp must not free Python memory
        self._iface = iface
        self.sampler = llama_cpp.llama_sampler(iface=ctypes.pointer(iface), ctx=None)

    def _view(self, data: Any, size: int) -> Any:
        raw = ctypes.cast(data, ctypes.POINTER(ctypes.c_uint8))
        return np.ctypeslib.as_array(raw, shape=(size * self._dtype.itemsize,)).view(self._dtype)

    def get_pointer(self) -> Any:
        """The sampler as llama.cpp takes it."""
        return ctypes.pointer(self.sampler)

    def _accept(self, _sampler: Any, token: int) -> None:
        self._lib.llama_sampler_accept(self.grammar, token)

    def _reset(self, _sampler: Any) -> None:
        self._lib.llama_sampler_reset(self.grammar)

    def _apply(self, _sampler: Any, candidates: Any) -> None:
        array = candidates.contents
        data = self._view(array.data, array.size)
        logits = data["logit"]
        if self.banned.size:
            ids = data["id"]
            # The candidates arrive in token order; look the banned ones up if they do not.
            if self.banned[-1] < ids.size and (ids[self.banned] == self.banned).all():
                logits[self.banned] = -np.inf
            else:
                logits[np.isin(ids, self.banned)] = -np.inf
        k = min(self.top, array.size)
        top = np.argpartition(logits, -k)[-k:]
        self._small_view[:k] = data[top]
        self._small_array.size, self._small_array.selected = k, -1
        self._lib.llama_sampler_apply(self.grammar, ctypes.byref(self._small_array))
        allowed = top[np.isfinite(self._small_view["logit"][:k])]
        if len(allowed):
            kept = logits[allowed].copy()
            logits[:] = -np.inf
            logits[allowed] = kept
            array.sorted = False
        else:
            self.fallbacks += 1
            self._lib.llama_sampler_apply(self.grammar, candidates)

    def free(self) -> None:
        """Free the wrapped grammar sampler (once)."""
        if self.grammar:
            self._lib.llama_sampler_free(self.grammar)
            self.grammar = None


def top_first_chain(stock: Any, grammar: TopFirstGrammar) -> Any:
    """llama-cpp-python's sampler chain (built without a grammar) with `grammar` after its
    first sampler (the repetition penalties), where the stock chain puts its grammar."""
    import llama_cpp
    from llama_cpp import _internals

    chain = _internals.LlamaSampler()
    penalties = llama_cpp.llama_sampler_chain_remove(stock.sampler, 0)
    llama_cpp.llama_sampler_chain_add(chain.sampler, penalties)
    llama_cpp.llama_sampler_chain_add(chain.sampler, grammar.get_pointer())
    # LlamaSampler frees its chain on close, after taking custom samplers out of it.
    chain.custom_samplers.append((1, grammar))
    chain._exit_stack.callback(grammar.free)
    while llama_cpp.llama_sampler_chain_n(stock.sampler) > 0:
        llama_cpp.llama_sampler_chain_add(
            chain.sampler, llama_cpp.llama_sampler_chain_remove(stock.sampler, 0)
        )
    return chain


def _not_installed() -> BackendError:
    return BackendError(
        "the local backend needs llama-cpp-python, which is not installed",
        fix=f"run {INSTALL_LOCAL} in the drafter folder (compiles llama.cpp, about 5 minutes), "
        "or use --backend openai",
    )
