"""A real OpenAI-compatible HTTP server on loopback, answering from a script, for offline tests.

Use it through the `openai_stub` fixture (tests/conftest.py):

    def test_something(openai_stub):
        openai_stub.enqueue(Reply(content='{"title": "Advisor"}'))
        backend = OpenAIBackend.from_settings(settings(base_url=openai_stub.base_url))
        ...
        assert openai_stub.requests[0].json["response_format"]["type"] == "json_schema"

Endpoints: `POST /v1/chat/completions` (plain JSON, or SSE when the request has `stream: true`,
with a final usage chunk when `stream_options.include_usage` is set, as OpenAI does) and
`GET /v1/models`. Each chat request pops the next `Reply` from the queue; a `Reply` can also be a
fault: any HTTP status with an OpenAI-style error body and headers (e.g. 429 + Retry-After),
a hang longer than the client's timeout (`delay_s`), or a raw malformed body. Standing rules
that do not consume the queue: `require_key` (401 for any other bearer token, echoing the token
back the way careless servers do, to prove callers scrub it), `models` (404 `model_not_found`
for others) and `reject_json_schema` (400 for `response_format.type == "json_schema"`, like
servers that only know `json_object`). Every request is recorded in `requests`.
An empty queue answers 500 "stub: no scripted reply", so a missing `enqueue` fails loudly.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer to a chat completion request (a success or a fault)."""

    content: str = ""
    status: int = 200
    # Error message for status >= 400 (wrapped in OpenAI's {"error": {...}} shape).
    error: str = ""
    error_code: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # Seconds to wait before answering: longer than the client timeout simulates a hang.
    delay_s: float = 0.0
    # Raw bytes sent instead of a generated body (e.g. b"{not json" for a malformed answer).
    raw_body: bytes | None = None
    # Streaming: how to cut `content` into deltas (default: about 4 characters each).
    pieces: list[str] | None = None
    # False mimics servers that never report token usage.
    usage: bool = True
    prompt_tokens: int = 11
    completion_tokens: int | None = None  # default: number of pieces
    finish_reason: str = "stop"
    # Streaming faults: close the connection after this many content events (no [DONE]), or
    # send an event that is not JSON after this many.
    cut_after: int | None = None
    garbled_after: int | None = None


@dataclass
class StubRequest:
    """What the stub received: method, path, headers (lower-cased names) and the JSON body."""

    method: str
    path: str
    headers: dict[str, str]
    json: Any


class OpenAIStub:
    """A threaded OpenAI-compatible server on 127.0.0.1 with an ephemeral port."""

    def __init__(self) -> None:
        self.queue: deque[Reply] = deque()
        self.requests: list[StubRequest] = []
        self.require_key: str | None = None
        self.models: list[str] = []  # empty: every model name is accepted
        self.reject_json_schema = False
        # Called for each chat request when the queue is empty (e.g. random faults under load).
        self.responder: Callable[[StubRequest], Reply] | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> OpenAIStub:
        """Bind to a free loopback port and serve in a daemon thread."""
        stub = self

        class Handler(_Handler):
            owner = stub

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # A client that gave up (timeout) leaves a broken pipe: not the stub's error to print.
        self._server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; requests still hanging are released at once."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        """The port the stub listens on."""
        assert self._server is not None, "stub not started"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """The URL to give an OpenAI client, ending in /v1."""
        return f"http://127.0.0.1:{self.port}/v1"

    # -- scripting -------------------------------------------------------------------------
    def enqueue(self, *replies: Reply | str) -> OpenAIStub:
        """Queue replies (a str is a plain successful answer with that content)."""
        for reply in replies:
            self.queue.append(Reply(content=reply) if isinstance(reply, str) else reply)
        return self

    @property
    def chat_requests(self) -> list[StubRequest]:
        """The recorded chat completion requests, in order."""
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _record(self, request: StubRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _next_reply(self, request: StubRequest) -> Reply:
        with self._lock:
            if self.queue:
                return self.queue.popleft()
        if self.responder is not None:
            return self.responder(request)
        return Reply(status=500, error="stub: no scripted reply (enqueue one per call)")


class _Handler(BaseHTTPRequestHandler):
    owner: OpenAIStub

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output clean

    # -- routing ---------------------------------------------------------------------------
    def do_GET(self) -> None:
        self.owner._record(StubRequest("GET", self.path, self._headers(), None))
        if self.path.rstrip("/").endswith("/models"):
            names = self.owner.models or ["stub-model"]
            data = [{"id": n, "object": "model", "created": 0, "owned_by": "stub"} for n in names]
            self._send_json(200, {"object": "list", "data": data})
        else:
            self._send_error(404, "not found", "not_found")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = None
        request = StubRequest("POST", self.path, self._headers(), body)
        self.owner._record(request)
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_error(404, f"no route {self.path}", "not_found")
            return
        if not isinstance(body, dict):
            self._send_error(400, "request body is not a JSON object", None)
            return
        owner = self.owner
        if owner.require_key is not None:
            auth = self.headers.get("Authorization", "")
            if auth != f"Bearer {owner.require_key}":
                token = auth.removeprefix("Bearer ")
                self._send_error(401, f"Incorrect API key provided: {token}", "invalid_api_key")
                return
        if owner.models and body.get("model") not in owner.models:
            message = f"The model `{body.get('model')}` does not exist"
            self._send_error(404, message, "model_not_found")
            return
        response_format = body.get("response_format") or {}
        if owner.reject_json_schema and response_format.get("type") == "json_schema":
            message = "Invalid value for response_format: 'json_schema' is not supported"
            self._send_error(400, message, "invalid_request_error")
            return
        reply = owner._next_reply(request)
        if reply.delay_s and owner._stopping.wait(reply.delay_s):
            return
        if reply.raw_body is not None:
            self._send(reply.status, reply.raw_body, "application/json", reply.headers)
        elif reply.status >= 400:
            self._send_error(reply.status, reply.error or "stub error", reply.error_code, reply)
        elif body.get("stream"):
            self._stream(body, reply)
        else:
            self._send_json(200, _completion(body, reply), reply.headers)

    # -- responses -------------------------------------------------------------------------
    def _headers(self) -> dict[str, str]:
        return {k.lower(): v for k, v in self.headers.items()}

    def _send(self, status: int, data: bytes, content_type: str, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json", headers or {})

    def _send_error(
        self, status: int, message: str, code: str | None, reply: Reply | None = None
    ) -> None:
        payload = {"error": {"message": message, "type": "invalid_request_error", "code": code}}
        self._send_json(status, payload, reply.headers if reply else None)

    def _stream(self, body: dict[str, Any], reply: Reply) -> None:
        pieces = reply.pieces
        if pieces is None:
            pieces = [reply.content[i : i + 4] for i in range(0, len(reply.content), 4)]
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        base = {
            "id": "chatcmpl-stub",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body.get("model", "stub-model"),
        }
        events: list[dict[str, Any]] = []
        for i, piece in enumerate(pieces):
            delta = {"role": "assistant", "content": piece} if i == 0 else {"content": piece}
            choice = {"index": 0, "delta": delta, "finish_reason": None}
            events.append({**base, "choices": [choice]})
        events.append(
            {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": reply.finish_reason}]}
        )
        include_usage = (body.get("stream_options") or {}).get("include_usage")
        if reply.usage and include_usage:
            events.append({**base, "choices": [], "usage": _usage(reply, len(pieces))})
        for i, event in enumerate(events):
            if i == reply.garbled_after:
                self.wfile.write(b'data: {"id": "chatcmpl-stub", "choices": [{"delta": \n\n')
                self.wfile.flush()
            if i == reply.cut_after:
                self.close_connection = True
                return
            self.wfile.write(b"data: " + json.dumps(event).encode() + b"\n\n")
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


def _usage(reply: Reply, default_completion: int) -> dict[str, int]:
    completion = reply.completion_tokens
    if completion is None:
        completion = default_completion
    return {
        "prompt_tokens": reply.prompt_tokens,
        "completion_tokens": completion,
        "total_tokens": reply.prompt_tokens + completion,
    }


def _completion(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "stub-model"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply.content},
                "finish_reason": reply.finish_reason,
            }
        ],
    }
    if reply.usage:
        payload["usage"] = _usage(reply, max(1, len(reply.content) // 4))
    return payload
