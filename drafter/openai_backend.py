"""Backend for any OpenAI-compatible chat endpoint: OpenAI, Azure-style, DeepSeek, DashScope,
Ollama, vLLM, llama.cpp server.

Servers differ in what they accept, so a request that a server rejects with HTTP 400 naming one
of the optional parameters is retried once without it and the backend remembers that for later
calls: `json_schema` response format → `json_object`; `max_tokens` → `max_completion_tokens`
(newer OpenAI models); `stream_options` dropped; `temperature`/`seed` dropped.
The API key is kept as a SecretStr and scrubbed from every message this module produces.
"""

from __future__ import annotations

import ipaddress
import json
import random
import re
import threading
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from pydantic import SecretStr

from drafter.backends import (
    GRAMMAR_KEYS,
    RESTART,
    Completion,
    Message,
    TokenCallback,
    Usage,
    wait_unheld,
)
from drafter.errors import BackendError
from drafter.settings import Settings

if TYPE_CHECKING:
    import openai

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_CONTEXT_WINDOW = 8192  # conservative for unknown models; set context_window to raise it
# Context windows of well-known hosted model families, by name prefix.
_KNOWN_CONTEXT = {
    "gpt-4o": 128_000,
    "gpt-4.1": 1_000_000,
    "gpt-5": 400_000,
    "o3": 200_000,
    "o4": 200_000,
    "deepseek-": 64_000,
}
# A placeholder for local servers that ignore the key; the client refuses an empty one.
_LOOPBACK_DUMMY_KEY = "sk-no-key-required"
_FIX_URL = "check DRAFTER_BASE_URL and that the server is running"
# The longest a call waits before asking again; a longer Retry-After is left to the batch.
_LONGEST_PAUSE_S = 60.0


def is_loopback_url(url: str | None) -> bool:
    """True if `url` points at this machine (localhost, 127.0.0.0/8, ::1)."""
    if not url:
        return False
    host = (urlparse(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class OpenAIBackend:
    """Chat completions from an OpenAI-compatible endpoint, optionally JSON-schema constrained."""

    name = "openai"

    def __init__(
        self,
        *,
        model: str,
        base_url: str | None = None,
        api_key: SecretStr | None = None,
        api_key_env: str = "OPENAI_API_KEY",
        timeout_s: float = 120.0,
        max_retries: int = 2,
        temperature: float | None = 0.3,
        seed: int | None = None,
        context_window: int | None = None,
    ) -> None:
        self.model = model
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        if api_key is None or not api_key.get_secret_value():
            if not is_loopback_url(self.base_url):
                raise BackendError(
                    f"no API key: set {api_key_env} (or the variable named by DRAFTER_API_KEY_ENV)",
                    fix=f"export {api_key_env}=<your key>, or point DRAFTER_BASE_URL at a "
                    "local server such as Ollama",
                )
            api_key = SecretStr(_LOOPBACK_DUMMY_KEY)
        self._api_key = api_key
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.temperature = temperature
        self.seed = seed
        self.context_window = context_window or _default_context_window(model)
        # Parameters this server rejected once; see the module docstring.
        self._json_object_only = False
        self._use_max_completion_tokens = False
        self._no_stream_options = False
        self._no_sampling_params = False
        self._client: openai.OpenAI | None = None
        self._client_lock = threading.Lock()  # one client (and connection pool) for all threads

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIBackend:
        """Build from settings; fails at once, without network, if the key is missing."""
        return cls(
            model=settings.model,
            base_url=settings.base_url,
            api_key=settings.resolved_api_key(),
            api_key_env=settings.api_key_env,
            timeout_s=settings.timeout_s,
            temperature=settings.temperature,
            seed=settings.seed,
            context_window=settings.context_window,
        )

    def __repr__(self) -> str:
        return f"OpenAIBackend(model={self.model!r}, base_url={self.base_url!r}, api_key='***')"

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        on_token: TokenCallback | None = None,
        repeat_penalty: float | None = None,
    ) -> Completion:
        """Ask the endpoint; with `schema` request JSON for it, streaming to `on_token` if given.
        `repeat_penalty` is not part of the OpenAI API and is not sent."""
        started = time.perf_counter()
        faults = 0
        for _ in range(5 + self.max_retries):  # one retry per adaptable parameter, the faults
            kwargs = self._request_kwargs(messages, schema, max_tokens, stream=on_token is not None)
            error: BackendError | None = None
            try:
                if on_token is None:
                    text, usage = self._call(kwargs)
                else:
                    text, usage = self._call_streaming(kwargs, on_token)
                if text.strip():
                    break
                fault, pause = "an empty answer", _pause(None, None, faults)
            except BackendError:
                raise
            except Exception as exc:
                if self._adapt_to(exc, kwargs):
                    continue
                fault = _garbled(exc)
                if not fault:
                    error = self._translate(exc)
                    if error is None:  # not the endpoint's fault: a bug here, keep the traceback
                        raise
                    if not error.transient or (error.retry_after or 0) > _LONGEST_PAUSE_S:
                        raise error from None  # a batch waits the long Retry-After, not a call
                pause = _pause(exc, error, faults)
            # Every fault an endpoint gives is retried here, under one policy (the SDK's own
            # retries are off): a failed request, an answer with nothing in it, a body or event
            # that is not JSON, a stream cut short.
            faults += 1
            if faults > self.max_retries:
                if error is not None:
                    raise error from None
                error = BackendError(f"{self.base_url} gave {fault} {faults} times", fix=_FIX_URL)
                error.transient = True
                raise error
            if on_token is not None:
                on_token(RESTART)
            if pause > 0 and error is not None and error.rate_limited:
                time.sleep(pause)  # keeps its batch slot: fewer requests while the limit lasts
            elif pause > 0:
                wait_unheld(pause)
        else:  # pragma: no cover - each adaptation can happen once, so the loop always breaks
            raise BackendError("the endpoint kept rejecting the request", fix=_FIX_URL)
        prompt_tokens, completion_tokens = usage or (
            _estimate_tokens("\n".join(m["content"] for m in messages)),
            _estimate_tokens(text),
        )
        return Completion(
            text=text,
            usage=Usage(
                backend=self.name,
                model=self.model,
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
                seconds=round(time.perf_counter() - started, 3),
                calls=1,
            ),
        )

    # -- requests --------------------------------------------------------------------------
    def client(self) -> openai.OpenAI:
        """The OpenAI client, built once on first use and shared by all threads."""
        if self._client is not None:
            return self._client
        with self._client_lock:
            return self._build_client()

    def _build_client(self) -> openai.OpenAI:
        if self._client is None:
            try:
                import openai
            except ImportError:
                raise BackendError(
                    "the openai package is not installed", fix="pip install -e ."
                ) from None
            self._client = openai.OpenAI(
                base_url=self.base_url,
                api_key=self._api_key.get_secret_value(),
                timeout=self.timeout_s,
                max_retries=0,  # `complete` retries, under one policy: see `_pause`
            )
        return self._client

    def _request_kwargs(
        self,
        messages: list[Message],
        schema: dict[str, Any] | None,
        max_tokens: int,
        *,
        stream: bool,
    ) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages}
        if self._use_max_completion_tokens:
            kwargs["max_completion_tokens"] = max_tokens
        else:
            kwargs["max_tokens"] = max_tokens
        if not self._no_sampling_params:
            if self.temperature is not None:
                kwargs["temperature"] = self.temperature
            if self.seed is not None:
                kwargs["seed"] = self.seed
        if schema is not None:
            if self._json_object_only:
                kwargs["response_format"] = {"type": "json_object"}
            else:
                schema = {k: v for k, v in schema.items() if k not in GRAMMAR_KEYS}
                kwargs["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {"name": "draft", "schema": schema, "strict": False},
                }
        if stream:
            kwargs["stream"] = True
            if not self._no_stream_options:
                kwargs["stream_options"] = {"include_usage": True}
        return kwargs

    def _call(self, kwargs: dict[str, Any]) -> tuple[str, tuple[int, int] | None]:
        from openai.types.chat import ChatCompletion

        # `client.post` (the SDK's documented way to send a body as it is) rather than
        # `chat.completions.create`, whose recursive type transform of the messages cost ~1.5 ms
        # of CPU per call; the body is already plain JSON. Same retries, errors and parsing.
        response = self.client().post("/chat/completions", body=kwargs, cast_to=ChatCompletion)
        if not response.choices:
            return "", None  # asked again by `complete`
        text = response.choices[0].message.content or ""
        usage = response.usage
        counted = (usage.prompt_tokens, usage.completion_tokens) if usage else None
        return text, counted

    def _call_streaming(
        self, kwargs: dict[str, Any], on_token: TokenCallback
    ) -> tuple[str, tuple[int, int] | None]:
        pieces: list[str] = []
        counted: tuple[int, int] | None = None
        finished = False
        for chunk in self.client().chat.completions.create(**kwargs):
            # Servers differ: usage may come in a final choice-less chunk or on every chunk.
            usage = getattr(chunk, "usage", None)
            if usage is not None and usage.prompt_tokens is not None:
                counted = (usage.prompt_tokens, usage.completion_tokens or 0)
            for choice in chunk.choices or []:
                piece = choice.delta.content if choice.delta else None
                if piece:
                    pieces.append(piece)
                    on_token(piece)
                finished = finished or bool(choice.finish_reason)
        if not finished and pieces:  # the connection closed before the answer said it ended
            raise _CutShort
        return "".join(pieces), counted

    # -- errors ----------------------------------------------------------------------------
    def _adapt_to(self, exc: Exception, kwargs: dict[str, Any]) -> bool:
        """Turn off one optional parameter the server rejected; False if nothing applies."""
        import openai

        if not isinstance(exc, openai.BadRequestError | openai.UnprocessableEntityError):
            return False
        text = str(exc).lower()
        rejects_schema = "response_format" in text or "json_schema" in text
        if "response_format" in kwargs and not self._json_object_only and rejects_schema:
            self._json_object_only = True
            return True
        if "max_tokens" in kwargs and "max_completion_tokens" in text:
            self._use_max_completion_tokens = True
            return True
        if "stream_options" in kwargs and "stream_options" in text:
            self._no_stream_options = True
            return True
        sampling = ("temperature", "seed")
        if not self._no_sampling_params and any(p in kwargs and p in text for p in sampling):
            self._no_sampling_params = True
            return True
        return False

    def _translate(self, exc: Exception) -> BackendError | None:
        """A BackendError a recruiter can act on, with the API key scrubbed out."""
        import openai

        error = self._describe(exc)
        if error is not None:
            status = getattr(exc, "status_code", None)
            error.transient = isinstance(
                exc,
                openai.APITimeoutError | openai.APIConnectionError | openai.RateLimitError
                | openai.APIResponseValidationError | json.JSONDecodeError,
            ) or (isinstance(status, int) and status >= 500)  # fmt: skip
            error.retry_after = _retry_after(exc)
            error.rate_limited = isinstance(exc, openai.RateLimitError)
        return error

    def _describe(self, exc: Exception) -> BackendError | None:
        import openai

        url = self.base_url
        if isinstance(exc, openai.APITimeoutError):
            return BackendError(
                f"cannot reach {url}: no answer within {self.timeout_s:g} s",
                fix=f"{_FIX_URL}, or raise DRAFTER_TIMEOUT",
            )
        if isinstance(exc, openai.APIConnectionError):
            cause = exc.__cause__ or exc
            reason = self._scrub(str(cause) or type(cause).__name__)
            return BackendError(f"cannot reach {url}: {reason}", fix=_FIX_URL)
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return BackendError(
                f"the endpoint refused the API key (HTTP {exc.status_code} from {url})",
                fix="check the key in the variable named by DRAFTER_API_KEY_ENV "
                "(default OPENAI_API_KEY) and that it is valid for this endpoint",
            )
        if isinstance(exc, openai.NotFoundError):
            return BackendError(
                f"model {self.model!r} not found at {url} (HTTP 404)",
                fix="set DRAFTER_MODEL to a model this endpoint serves "
                "(and check DRAFTER_BASE_URL ends in /v1 where the server needs it)",
            )
        if isinstance(exc, openai.RateLimitError):
            return BackendError(
                f"{url} is rate limiting requests (HTTP 429): {self._server_message(exc)}",
                fix="wait a minute and retry, or check the account's quota",
            )
        if isinstance(exc, openai.APIStatusError):
            return BackendError(
                f"{url} answered HTTP {exc.status_code}: {self._server_message(exc)}",
                fix=_FIX_URL,
            )
        if isinstance(exc, openai.APIResponseValidationError | json.JSONDecodeError):
            return BackendError(
                f"{url} sent a response that is not valid OpenAI-style JSON", fix=_FIX_URL
            )
        if isinstance(exc, openai.OpenAIError):
            return BackendError(f"{url}: {self._scrub(str(exc))}", fix=_FIX_URL)
        return None

    def _server_message(self, exc: Any) -> str:
        body = getattr(exc, "body", None)
        message = body.get("message") if isinstance(body, dict) else None
        return self._scrub(str(message or exc))[:300]

    def _scrub(self, text: str) -> str:
        """Remove the key, and anything shaped like a key, from text shown to people."""
        secret = self._api_key.get_secret_value()
        if secret:
            text = text.replace(secret, "***")
        text = re.sub(r"\b(sk|key|api)-[A-Za-z0-9_\-*.]{6,}", r"\1-***", text)
        return re.sub(r"(?i)(bearer\s+)\S+", r"\1***", text)


class _CutShort(Exception):
    """A streamed answer that stopped before its finish reason."""


def _garbled(exc: Exception) -> str:
    """What was wrong with an answer that arrived broken; "" for any other fault."""
    import openai

    if isinstance(exc, _CutShort):
        return "a stream cut short"
    if isinstance(exc, openai.APIResponseValidationError | json.JSONDecodeError):
        return "a response that is not valid OpenAI-style JSON"
    return ""


def _pause(exc: Exception | None, error: BackendError | None, faults: int) -> float:
    """How long to wait before asking again after a fault, `faults` faults already counted.

    A server that says when to come back (Retry-After, retry-after-ms) is taken at its word,
    even when it says now. A timeout has already been waited out, and a broken answer is not a
    sign of overload: the first retry after either goes at once. Otherwise — overload or a lost
    connection with no word from the server — exponential back-off with full jitter."""
    import openai

    if error is not None and error.retry_after is not None:
        return max(0.0, error.retry_after)
    if faults == 0 and (error is None or isinstance(exc, openai.APITimeoutError)):
        return 0.0
    return random.uniform(0, min(_LONGEST_PAUSE_S, 0.5 * 2**faults))


def _retry_after(exc: Exception) -> float | None:
    """The server's Retry-After (seconds or retry-after-ms), when the error carries a response."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    try:
        if headers.get("retry-after-ms"):
            return float(headers["retry-after-ms"]) / 1000
        if headers.get("retry-after"):
            return float(headers["retry-after"])
    except ValueError:
        return None
    return None


def _default_context_window(model: str) -> int:
    for prefix, size in _KNOWN_CONTEXT.items():
        if model.startswith(prefix):
            return size
    return DEFAULT_CONTEXT_WINDOW


def _estimate_tokens(text: str) -> int:
    """Token count when the server reports none: drafter.tokens if present, else chars / 4."""
    try:
        from drafter.tokens import count_tokens  # type: ignore[attr-defined]

        return int(count_tokens(text))
    except Exception:  # absent module or encoding unavailable offline: fall back
        return max(1, len(text) // 4) if text else 0
