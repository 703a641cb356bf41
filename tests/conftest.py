"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from openai_stub import OpenAIStub


@pytest.fixture
def openai_stub() -> Iterator[OpenAIStub]:
    """A scripted OpenAI-compatible server on 127.0.0.1 (see tests/openai_stub.py)."""
    stub = OpenAIStub().start()
    try:
        yield stub
    finally:
        stub.stop()
