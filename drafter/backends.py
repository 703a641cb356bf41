"""Model backends behind one small interface: local (llama.cpp), openai (any compatible), fake."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from drafter.errors import BackendError, InputError
from drafter.settings import Settings

Message = dict[str, str]  # {"role": "system"|"user"|"assistant", "content": "..."}
TokenCallback = Callable[[str], None]
# The piece a backend sends its listener when a streamed answer broke off and is asked again:
# what came before it is void. Backends send no other empty piece.
RESTART = ""


class Usage(BaseModel):
    """What one or more model calls cost."""

    model_config = ConfigDict(extra="forbid")

    backend: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    calls: int = 0

    def add(self, other: Usage) -> Usage:
        """Sum of two usages of the same backend."""
        return Usage(
            backend=self.backend,
            model=self.model,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            seconds=round(self.seconds + other.seconds, 3),
            calls=self.calls + other.calls,
        )


@dataclass
class Completion:
    """The raw text a backend returned and what it cost."""

    text: str
    usage: Usage
    looped: bool = False  # generation was stopped because the model repeated itself


# A schema key asking for strings without CJK characters (an English ad from a Chinese brief:
# a small model copies the brief's Chinese, then loops). The local backend builds it into the
# grammar; other backends drop the key and rely on the prompt and the language check.
LATIN_ONLY = "x-latin-only"
# A schema key naming string fields (or lists of strings) whose text must begin with a CJK
# character: sent with the re-ask when a Chinese ad came back in English (seen on English Hong
# Kong briefs, 3 attempts of 3). Built into the local grammar; other backends drop it.
CJK_FIRST = "x-cjk-first"
# A schema key listing words the answer must not contain: "you" in a professional English ad,
# which the prompt forbids and the 1.5B model wrote anyway in all 6 such ads of the eval
# subset (3 over the tone's limit). The local backend stops the model choosing any token that
# spells one of them; other backends drop the key and rely on the prompt.
AVOID_WORDS = "x-avoid-words"
GRAMMAR_KEYS = (LATIN_ONLY, CJK_FIRST, AVOID_WORDS)


def repeats_from(text: str, window: int = 100, times: int = 4) -> int | None:
    """Where a loop starts, if the last `window` characters already occur `times` times.

    Small models sometimes write the same sentences over and over until the token limit (seen
    with the local 1.5B model writing English from a Chinese brief); stopping there saves
    minutes and lets the caller re-ask. A brief's phrase restated in two or three fields is not
    a loop: 100 characters said four times is (60 × 3 stopped good English drafts)."""
    if len(text) < window * times:
        return None
    tail = text[-window:]
    if text.count(tail) < times:
        return None
    return text.find(tail)


class Backend(Protocol):
    """A chat model that can be asked for JSON matching a schema."""

    name: str
    model: str
    context_window: int

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        on_token: TokenCallback | None = None,
        repeat_penalty: float | None = None,
    ) -> Completion:
        """Return the model's answer; with `schema`, the answer is meant to be that JSON.
        `repeat_penalty` (> 1 discourages repeating recent tokens) is a local-model setting;
        None is the backend's default, and endpoints without it ignore it."""
        ...


@dataclass
class FakeBackend:
    """Queued answers for tests: `enqueue` strings, dicts (sent as JSON), exceptions, or
    callables that make one of those from the question (messages, schema)."""

    name: str = "fake"
    model: str = "fake-model"
    context_window: int = 8192
    queue: deque[Any] = field(default_factory=deque)
    calls: list[dict[str, Any]] = field(default_factory=list)

    def enqueue(self, *answers: Any) -> FakeBackend:
        """Add answers to return, in order, one per `complete` call."""
        self.queue.extend(answers)
        return self

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        on_token: TokenCallback | None = None,
        repeat_penalty: float | None = None,
    ) -> Completion:
        """Pop the next queued answer; an empty queue is a test bug and says so."""
        self.calls.append(
            {"messages": messages, "schema": schema, "max_tokens": max_tokens,
             "repeat_penalty": repeat_penalty}
        )  # fmt: skip
        if not self.queue:
            raise BackendError(
                "fake backend has no queued answer",
                fix="enqueue one answer per expected model call",
            )
        answer = self.queue.popleft()
        if callable(answer):  # an answer made from the question (messages, schema)
            answer = answer(messages, schema)
        if isinstance(answer, BaseException):
            raise answer
        text = answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)
        if on_token is not None:
            on_token(text)
        prompt_tokens = sum(len(m["content"]) for m in messages) // 4
        usage = Usage(
            backend=self.name,
            model=self.model,
            prompt_tokens=prompt_tokens,
            completion_tokens=max(1, len(text) // 4),
            seconds=0.0,
            calls=1,
        )
        return Completion(text=text, usage=usage)


class LimitedBackend:
    """Wraps a backend so that at most `limit` calls are in flight at once, from any thread.

    A batch keeps more items in progress than this (their parsing, checking and writing happen
    between calls), so the endpoint always has `limit` requests to work on."""

    def __init__(self, inner: Backend, limit: int) -> None:
        self.inner = inner
        self.limit = max(1, limit)
        self._slots = threading.BoundedSemaphore(self.limit)

    def __getattr__(self, name: str) -> Any:  # name, model, context_window, ...
        return getattr(self.inner, name)

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        on_token: TokenCallback | None = None,
        repeat_penalty: float | None = None,
    ) -> Completion:
        with self._slots:
            _held.slots = self._slots
            try:
                return self.inner.complete(
                    messages, schema=schema, max_tokens=max_tokens, on_token=on_token,
                    repeat_penalty=repeat_penalty,
                )  # fmt: skip
            finally:
                _held.slots = None


class ReplayingBackend:
    """Wraps a backend so that an item tried again after a fault does not pay again for the
    calls that had answered before it: inside `item()`, answers are kept, and the next attempt
    at the same item takes each kept answer back once, for the same request in the same order,
    instead of asking the model. A call the last attempt made twice (a re-ask with the same
    words) is asked twice again, and a call it never reached goes to the model."""

    def __init__(self, inner: Backend) -> None:
        self.inner = inner
        self._local = threading.local()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    @contextmanager
    def item(self) -> Iterator[Callable[[], None]]:
        """Keep this thread's answers for one item; the callable starts the item's next attempt."""
        kept: dict[str, deque[Completion]] = {}
        self._local.kept, self._local.asked = kept, {}

        def again() -> None:
            kept.clear()
            kept.update((key, deque(answers)) for key, answers in self._local.asked.items())
            self._local.asked = {}

        try:
            yield again
        finally:
            self._local.kept = self._local.asked = None

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        on_token: TokenCallback | None = None,
        repeat_penalty: float | None = None,
    ) -> Completion:
        kept = getattr(self._local, "kept", None)
        key = json.dumps([messages, schema, max_tokens, repeat_penalty], ensure_ascii=False)
        if kept and kept.get(key):
            done = kept[key].popleft()
            if on_token is not None:
                on_token(done.text)
            free = done.usage.model_copy(
                update={"prompt_tokens": 0, "completion_tokens": 0, "seconds": 0.0, "calls": 0}
            )
            answer = Completion(text=done.text, usage=free, looped=done.looped)
        else:
            answer = self.inner.complete(
                messages, schema=schema, max_tokens=max_tokens, on_token=on_token,
                repeat_penalty=repeat_penalty,
            )  # fmt: skip
            done = answer
        if kept is not None:
            self._local.asked.setdefault(key, []).append(done)
        return answer


_held = threading.local()  # the slot this thread's call holds in a LimitedBackend, if any


def wait_unheld(seconds: float) -> None:
    """Wait before a retry without holding a batch's slot: a call waiting out its back-off is
    not in flight, so another item's call may go meanwhile. The slot is taken back (waiting
    for one to free, if need be) before the retry is sent."""
    slots = getattr(_held, "slots", None)
    if slots is None:
        time.sleep(seconds)
        return
    slots.release()
    try:
        time.sleep(seconds)
    finally:
        slots.acquire()


def make_backend(settings: Settings) -> Backend:
    """Build the backend named in settings; nothing is loaded before this is called."""
    if settings.backend == "fake":
        return FakeBackend()
    if settings.backend == "openai":
        from drafter.openai_backend import OpenAIBackend

        return OpenAIBackend.from_settings(settings)
    if settings.backend == "local":
        from drafter.local_backend import LocalBackend

        return LocalBackend.from_settings(settings)
    raise InputError(
        f"unknown backend {settings.backend!r}",
        field="--backend",
        fix="use local, openai or fake",
    )
