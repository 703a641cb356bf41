"""Loading shipped data once per process.

The reader's vocabulary, the rules, the word lists and the prompts are loaded on first use and
kept. `functools.cache` does that for one thread, but a batch starts 2 x --concurrency items at
once: every one of them found the cache empty and loaded (and compiled) the same data itself,
on two cores — 13 s before the first of 32 items could finish, against 2 s warm. `once` loads
each value once, however many threads ask for it at the same moment.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


def once(func: Callable[P, T]) -> Callable[P, T]:
    """`functools.cache` that computes each value in one thread while the others wait for it."""
    values: dict[Any, Any] = {}
    lock = threading.RLock()  # a loader may call itself with other arguments

    @functools.wraps(func)
    def loaded(*args: P.args, **kwargs: P.kwargs) -> T:
        key = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        try:
            return values[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        with lock:
            if key not in values:
                values[key] = func(*args, **kwargs)
            return values[key]  # type: ignore[no-any-return]

    loaded.cache_clear = values.clear  # type: ignore[attr-defined]
    return loaded


def read_yaml(text: str) -> Any:
    """YAML text read by libyaml when PyYAML has it (ten times faster than the pure-Python
    reader, and the reader's vocabulary alone took 0.3 s a process to read), else pure Python:
    both give the same data."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
