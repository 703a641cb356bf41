"""One error hierarchy for the whole project; the CLI turns each into a message and exit code."""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """Process exit codes; documented in the README."""

    OK = 0
    FINDINGS = 1  # `drafter check` found problems at or above --fail-on
    INPUT = 2  # bad file, brief, option or configuration given by the user
    BACKEND = 3  # model backend unreachable, misconfigured or missing a key
    DRAFT = 4  # the model never produced a valid draft within the re-ask budget
    STORE = 5  # the knowledge store could not be built or read
    INTERNAL = 70


class DrafterError(Exception):
    """Base class: a message a recruiter can act on, naming the file, the field and the fix."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        field: str | None = None,
        fix: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.field = field
        self.fix = fix

    def __str__(self) -> str:
        where = ": ".join(p for p in (self.file, self.field) if p)
        text = f"{where}: {self.message}" if where else self.message
        if self.fix:
            text += f" — fix: {self.fix}"
        return text


class InputError(DrafterError):
    """A file, brief or option the user gave is missing, malformed or not allowed."""

    exit_code = ExitCode.INPUT


class ConfigError(DrafterError):
    """Settings or a configuration file are invalid."""

    exit_code = ExitCode.INPUT


class BackendError(DrafterError):
    """A model backend cannot be used: not installed, unreachable, refused, or missing a key.

    `transient` marks faults worth retrying later (timeouts, lost connections, HTTP 429 and 5xx,
    a garbled response); `retry_after` carries the server's Retry-After in seconds, if any;
    `rate_limited` marks an HTTP 429.
    """

    exit_code = ExitCode.BACKEND
    transient: bool = False
    retry_after: float | None = None
    rate_limited: bool = False


class StoreError(DrafterError):
    """The knowledge vector store cannot be built or queried."""

    exit_code = ExitCode.STORE


class DraftError(DrafterError):
    """The model kept producing unusable output; keeps the last output for inspection."""

    exit_code = ExitCode.DRAFT

    def __init__(
        self,
        message: str,
        *,
        last_output: str = "",
        attempts: int = 0,
        problems: list[str] | None = None,
        usage: Any = None,
        fix: str | None = None,
    ) -> None:
        super().__init__(message, fix=fix)
        self.last_output = last_output
        self.attempts = attempts
        self.problems = problems or []
        self.usage = usage
