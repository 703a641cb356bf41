"""drafter: offline-first, LLM-assisted job-ad drafting for customer-service roles.

The Python API, as the README shows it: `Pipeline` (read a note, draft, rewrite a legacy JD),
`load_settings`, `load_brief`, and `check_text` / `check_file` (the rule validator). They are
imported on first use, so `drafter check` does not pay for the drafting stack."""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_API = {
    "Pipeline": "drafter.pipeline",
    "load_settings": "drafter.settings",
    "load_brief": "drafter.brief",
    "check_text": "drafter.validate",
    "check_file": "drafter.validate",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'drafter' has no attribute {name!r}")
