"""The OpenAI-compatible backend against a real HTTP server on loopback (tests/openai_stub.py)."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from openai_stub import OpenAIStub, Reply
from pydantic import SecretStr

from drafter.backends import CJK_FIRST, LATIN_ONLY, RESTART, make_backend
from drafter.errors import BackendError
from drafter.openai_backend import OpenAIBackend, is_loopback_url
from drafter.settings import load_settings

KEY = "sk-test-SECRET-0123456789abcdef"
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "duties": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["title", "duties"],
}
MESSAGES = [
    {"role": "system", "content": "Answer in JSON."},
    {"role": "user", "content": "A job ad for a customer service advisor."},
]
ANSWER = json.dumps({"title": "Customer Service Advisor", "duties": ["answer calls"]})


@pytest.fixture(autouse=True)
def _no_ambient_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep a developer's own keys and settings out of these tests."""
    for name in ("OPENAI_API_KEY", "DRAFTER_API_KEY_ENV", "DRAFTER_BASE_URL", "DRAFTER_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DRAFTER_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("")


def backend_for(stub: OpenAIStub, **overrides: Any) -> OpenAIBackend:
    settings = load_settings(
        backend="openai", base_url=stub.base_url, model="stub-model", api_key=SecretStr(KEY)
    )
    backend = make_backend(settings.model_copy(update=overrides))
    assert isinstance(backend, OpenAIBackend)
    return backend


def test_json_completion_sends_schema_and_key(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(Reply(content=ANSWER, prompt_tokens=30, completion_tokens=12))
    # The local backend's grammar hint is not part of the schema sent to an endpoint.
    schema = {**SCHEMA, LATIN_ONLY: True, CJK_FIRST: ["title"]}
    result = backend_for(openai_stub).complete(MESSAGES, schema=schema, max_tokens=200)
    assert json.loads(result.text)["title"] == "Customer Service Advisor"
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (30, 12)
    assert result.usage.calls == 1
    assert result.usage.backend == "openai"
    assert result.usage.model == "stub-model"
    [request] = openai_stub.chat_requests
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.json["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "draft", "schema": SCHEMA, "strict": False},
    }
    assert request.json["max_tokens"] == 200
    assert request.json["messages"] == MESSAGES
    assert request.json["temperature"] == 0.3
    assert "stream" not in request.json


def test_plain_completion_sends_no_response_format(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue("Hello.")
    assert backend_for(openai_stub).complete(MESSAGES).text == "Hello."
    assert "response_format" not in openai_stub.chat_requests[0].json


def test_streaming_passes_pieces_and_reads_final_usage(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(Reply(content=ANSWER, prompt_tokens=40, completion_tokens=9))
    pieces: list[str] = []
    result = backend_for(openai_stub).complete(MESSAGES, schema=SCHEMA, on_token=pieces.append)
    assert len(pieces) > 3
    assert "".join(pieces) == result.text == ANSWER
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (40, 9)
    request = openai_stub.chat_requests[0].json
    assert request["stream"] is True
    assert request["stream_options"] == {"include_usage": True}


def test_streaming_without_usage_estimates_tokens(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(Reply(content=ANSWER, usage=False))
    result = backend_for(openai_stub).complete(MESSAGES, on_token=lambda piece: None)
    assert result.text == ANSWER
    assert result.usage.prompt_tokens > 0
    assert result.usage.completion_tokens > 0


def test_json_schema_rejected_falls_back_to_json_object_once(openai_stub: OpenAIStub) -> None:
    openai_stub.reject_json_schema = True
    openai_stub.enqueue(ANSWER, ANSWER)
    backend = backend_for(openai_stub)
    assert backend.complete(MESSAGES, schema=SCHEMA).text == ANSWER
    formats = [r.json["response_format"]["type"] for r in openai_stub.chat_requests]
    assert formats == ["json_schema", "json_object"]
    # Remembered: the next call goes straight to json_object.
    assert backend.complete(MESSAGES, schema=SCHEMA).text == ANSWER
    formats = [r.json["response_format"]["type"] for r in openai_stub.chat_requests]
    assert formats == ["json_schema", "json_object", "json_object"]


def test_max_tokens_rejected_switches_to_max_completion_tokens(openai_stub: OpenAIStub) -> None:
    message = "Unsupported parameter: 'max_tokens'. Use 'max_completion_tokens' instead."
    openai_stub.enqueue(Reply(status=400, error=message), "ok")
    assert backend_for(openai_stub).complete(MESSAGES, max_tokens=77).text == "ok"
    second = openai_stub.chat_requests[1].json
    assert second["max_completion_tokens"] == 77
    assert "max_tokens" not in second


def test_other_bad_request_is_an_error_not_a_retry(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(Reply(status=400, error="messages too long"))
    with pytest.raises(BackendError, match="HTTP 400: messages too long"):
        backend_for(openai_stub).complete(MESSAGES, schema=SCHEMA)
    assert len(openai_stub.chat_requests) == 1


def test_rate_limit_is_retried_after_retry_after(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(
        Reply(status=429, error="slow down", headers={"Retry-After": "0.05"}), ANSWER
    )
    assert backend_for(openai_stub).complete(MESSAGES).text == ANSWER
    assert len(openai_stub.chat_requests) == 2


NO_CHOICES = (b'{"id": "x", "object": "chat.completion", "created": 0, "model": "stub-model", '
              b'"choices": []}')  # fmt: skip


@pytest.mark.parametrize("stream", [False, True])
def test_an_empty_answer_is_asked_again(openai_stub: OpenAIStub, stream: bool) -> None:
    """One answer with no choices (or nothing in them) once failed the whole item."""
    empty = Reply(content="") if stream else Reply(raw_body=NO_CHOICES)
    openai_stub.enqueue(empty, ANSWER)
    got = backend_for(openai_stub).complete(
        MESSAGES, on_token=(lambda _t: None) if stream else None
    )
    assert got.text == ANSWER and len(openai_stub.chat_requests) == 2


def test_empty_answers_that_persist_are_a_transient_error(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(*[Reply(raw_body=NO_CHOICES)] * 3)
    with pytest.raises(BackendError, match="empty answer 3 times") as info:
        backend_for(openai_stub).complete(MESSAGES)
    assert info.value.transient  # a batch tries the item again later
    assert len(openai_stub.chat_requests) == 3


def test_rate_limit_that_persists_is_reported(openai_stub: OpenAIStub) -> None:
    limited = Reply(status=429, error="quota exceeded", headers={"Retry-After": "0.01"})
    openai_stub.enqueue(limited, limited, limited)
    with pytest.raises(BackendError, match=r"rate limiting.*quota exceeded"):
        backend_for(openai_stub).complete(MESSAGES)
    assert len(openai_stub.chat_requests) == 3  # first try plus max_retries=2


def test_server_error_names_the_status(openai_stub: OpenAIStub) -> None:
    boom = Reply(status=500, error="internal boom", headers={"Retry-After": "0.01"})
    openai_stub.enqueue(boom, boom, boom)
    with pytest.raises(BackendError, match="HTTP 500: internal boom"):
        backend_for(openai_stub).complete(MESSAGES)


def test_hang_longer_than_timeout_is_reported(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(Reply(content="late", delay_s=5))
    backend = backend_for(openai_stub, timeout_s=0.3)
    backend.max_retries = 0  # one attempt keeps the test fast
    with pytest.raises(BackendError) as info:
        backend.complete(MESSAGES)
    message = str(info.value)
    assert f"cannot reach {openai_stub.base_url}: no answer within 0.3 s" in message
    assert "DRAFTER_TIMEOUT" in message


def test_malformed_body_is_reported(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(*[Reply(raw_body=b"{not json")] * 3)
    with pytest.raises(BackendError, match="not valid OpenAI-style JSON 3 times") as info:
        backend_for(openai_stub).complete(MESSAGES)
    assert info.value.transient and len(openai_stub.chat_requests) == 3


GARBLED = {
    "malformed-body": (Reply(raw_body=b"{not json"), False),
    "cut-stream": (Reply(content=ANSWER, cut_after=3), True),
    "garbled-event": (Reply(content=ANSWER, garbled_after=3), True),
}


@pytest.mark.parametrize("kind", list(GARBLED))
def test_a_garbled_answer_is_asked_again(openai_stub: OpenAIStub, kind: str) -> None:
    """Issue 25, point 7: one stream cut short or one event that is not JSON failed the draft
    (a cut stream even passed its first pieces on as the whole answer)."""
    bad, stream = GARBLED[kind]
    openai_stub.enqueue(bad, ANSWER)
    heard: list[str] = []
    got = backend_for(openai_stub).complete(
        MESSAGES, schema=SCHEMA, on_token=heard.append if stream else None
    )
    assert got.text == ANSWER and len(openai_stub.chat_requests) == 2
    if stream:  # the listener is told the answer starts again, then hears the whole of it
        assert RESTART in heard
        after = heard[len(heard) - 1 - heard[::-1].index(RESTART) + 1 :]
        assert "".join(after) == ANSWER


def test_body_without_choices_is_asked_again_then_reported(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(*[Reply(raw_body=b'{"object": "chat.completion"}')] * 3)
    with pytest.raises(BackendError, match="empty answer"):
        backend_for(openai_stub).complete(MESSAGES)


def test_unknown_model_names_model_and_setting(openai_stub: OpenAIStub) -> None:
    openai_stub.models = ["other-model"]
    with pytest.raises(BackendError) as info:
        backend_for(openai_stub).complete(MESSAGES)
    assert "'stub-model'" in str(info.value)
    assert "DRAFTER_MODEL" in str(info.value)


def test_closed_port_says_cannot_reach_and_how_to_fix() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    backend = OpenAIBackend(model="m", base_url=url, api_key=SecretStr(KEY), max_retries=0)
    with pytest.raises(BackendError) as info:
        backend.complete(MESSAGES)
    message = str(info.value)
    assert message.startswith(f"cannot reach {url}: ")
    assert "DRAFTER_BASE_URL" in message
    assert KEY not in message


def test_refused_key_is_reported_without_the_key(openai_stub: OpenAIStub) -> None:
    openai_stub.require_key = "sk-the-right-one"  # the stub echoes the wrong key back in its 401
    with pytest.raises(BackendError) as info:
        backend_for(openai_stub).complete(MESSAGES)
    error = info.value
    assert "the endpoint refused the API key" in str(error)
    for text in (str(error), repr(error), error.message, error.fix or ""):
        assert KEY not in text
    assert error.__cause__ is None


def test_key_is_scrubbed_from_server_messages(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(Reply(status=400, error=f"bad request for key {KEY} (sk-abc123XYZ***wxyz)"))
    with pytest.raises(BackendError) as info:
        backend_for(openai_stub).complete(MESSAGES)
    assert KEY not in str(info.value)
    assert "abc123XYZ" not in str(info.value)


def test_repr_never_shows_the_key(openai_stub: OpenAIStub) -> None:
    backend = backend_for(openai_stub)
    backend.client()  # the built client must not leak it through the backend's repr either
    assert KEY not in repr(backend)
    assert KEY not in str(backend)
    assert "***" in repr(backend)


def test_missing_key_says_which_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(backend="openai", base_url="https://api.example.com/v1")
    with pytest.raises(BackendError) as info:
        make_backend(settings)
    assert "no API key: set OPENAI_API_KEY (or the variable named by DRAFTER_API_KEY_ENV)" in str(
        info.value
    )
    monkeypatch.setenv("DRAFTER_API_KEY_ENV", "DEEPSEEK_API_KEY")
    with pytest.raises(BackendError, match="set DEEPSEEK_API_KEY"):
        make_backend(load_settings(backend="openai", base_url="https://api.deepseek.com"))


def test_key_is_read_from_the_named_variable(
    openai_stub: OpenAIStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRAFTER_API_KEY_ENV", "MY_LLM_KEY")
    monkeypatch.setenv("MY_LLM_KEY", KEY)
    openai_stub.enqueue("ok")
    backend = make_backend(load_settings(backend="openai", base_url=openai_stub.base_url))
    assert backend.complete(MESSAGES).text == "ok"
    assert openai_stub.chat_requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_loopback_server_needs_no_key(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue("ok")
    backend = make_backend(
        load_settings(backend="openai", base_url=openai_stub.base_url, model="stub-model")
    )
    assert backend.complete(MESSAGES).text == "ok"
    assert openai_stub.chat_requests[0].headers["authorization"].startswith("Bearer ")


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://localhost:11434/v1", True),
        ("http://127.0.0.1:8080/v1", True),
        ("http://127.1.2.3/v1", True),
        ("http://[::1]:8000/v1", True),
        ("https://api.openai.com/v1", False),
        ("http://192.168.1.5:11434/v1", False),
        ("http://localhost.evil.com/v1", False),
        (None, False),
    ],
)
def test_is_loopback_url(url: str | None, loopback: bool) -> None:
    assert is_loopback_url(url) is loopback


def test_stub_lists_models_like_a_real_server(openai_stub: OpenAIStub) -> None:
    openai_stub.models = ["qwen2.5:1.5b", "llama3.2"]
    listed = [m.id for m in backend_for(openai_stub).client().models.list()]
    assert listed == ["qwen2.5:1.5b", "llama3.2"]


def test_context_window_defaults() -> None:
    key = SecretStr(KEY)
    assert OpenAIBackend(model="gpt-4o-mini", api_key=key).context_window == 128_000
    assert OpenAIBackend(model="some-local-model", api_key=key).context_window == 8192
    assert OpenAIBackend(model="m", api_key=key, context_window=32_000).context_window == 32_000


RETRY_PAUSES = {
    # a server that says when to come back is taken at its word, even "now"
    "429, Retry-After: 0": (
        Reply(status=429, error="slow down", headers={"Retry-After": "0"}),
        0.0,
        0.0,
    ),
    "500, retry-after-ms: 300": (
        Reply(status=500, error="boom", headers={"retry-after-ms": "300"}),
        0.3,
        0.3,
    ),
    # the timeout was the wait: the call is sent again at once
    "a hang past the timeout": (Reply(content="late", delay_s=1.0), 0.0, 0.0),
    # a broken body is not overload: asked again at once the first time
    "a malformed body": (Reply(raw_body=b"{not json"), 0.0, 0.0),
    # overload with no word from the server: a short jittered back-off
    "503, no Retry-After": (Reply(status=503, error="busy"), 0.0, 0.5),
}


@pytest.mark.parametrize("kind", list(RETRY_PAUSES))
def test_one_retry_policy_waits_only_as_long_as_the_fault_asks(
    openai_stub: OpenAIStub, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """Issue 25 (the fault run took 1.79x the no-fault run): the SDK's own retries waited 0.5 s
    after a server said Retry-After: 0, and again after a timeout that had already been waited
    out; garbled answers had a second, separate back-off. One policy, in the backend, now."""
    import time as time_module

    bad, least, most = RETRY_PAUSES[kind]
    openai_stub.enqueue(bad, ANSWER)
    pauses: list[float] = []
    monkeypatch.setattr(time_module, "sleep", pauses.append)  # every sleeper in the process
    backend = backend_for(openai_stub, timeout_s=0.3)
    assert backend.complete(MESSAGES).text == ANSWER
    assert len(openai_stub.chat_requests) == 2
    assert least <= sum(pauses) <= most, pauses


@pytest.mark.parametrize(
    ("status", "free"),
    [(503, True), (429, False)],  # a rate limit keeps its slot: fewer requests while it lasts
)
def test_a_call_waiting_to_retry_does_not_hold_a_batch_slot(
    openai_stub: OpenAIStub, monkeypatch: pytest.MonkeyPatch, status: int, free: bool
) -> None:
    """A batch's limit is on calls in flight; a call waiting out its back-off is not in flight,
    yet it held its slot, and the endpoint had one request fewer to work on meanwhile."""
    import time as time_module

    from drafter.backends import LimitedBackend

    openai_stub.enqueue(Reply(status=status, error="busy", headers={"Retry-After": "0.5"}), ANSWER)
    limited = LimitedBackend(backend_for(openai_stub), 1)
    seen: list[bool] = []

    def sleep(_seconds: float) -> None:  # could another item's call start now?
        got = limited._slots.acquire(blocking=False)
        if got:
            limited._slots.release()
        seen.append(got)

    monkeypatch.setattr(time_module, "sleep", sleep)
    assert limited.complete(MESSAGES).text == ANSWER
    assert seen == [free]
    assert limited._slots.acquire(blocking=False)  # and the slot is given back once, not twice
    assert not limited._slots.acquire(blocking=False)
