"""The batch journal: one SQLite row per input, so a crashed or killed run loses nothing.

States: `pending` (found, not started), `running` (a worker has it), `done` (outputs written),
`failed` (a recorded, per-item error). A row also keeps the input's content hash and the run's
options fingerprint, which together make the content-hash cache: an unchanged input already done
with the same options costs nothing on the next run.

SQLite in WAL mode (synchronous=NORMAL): each state change is committed to the write-ahead log
before the call returns, so a `kill -9` of the process at any moment leaves every row in the last
state written (only a power cut could lose the last few, and then outputs on disk are adopted).
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from drafter.errors import InputError

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    key TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    row INTEGER,
    sha256 TEXT NOT NULL,
    options TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed')),
    outcome TEXT,
    error TEXT,
    output TEXT,
    runs INTEGER NOT NULL DEFAULT 0,
    calls INTEGER NOT NULL DEFAULT 0,
    updated REAL NOT NULL
);
"""


@dataclass(frozen=True)
class Entry:
    """One input's row."""

    key: str
    file: str
    row: int | None
    sha256: str
    options: str
    state: str
    outcome: str | None
    error: str | None
    output: str | None
    runs: int
    calls: int


class Journal:
    """The batch's state on disk (`<out>/journal.sqlite`)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise InputError(
                f"cannot open the journal ({exc})",
                file=str(self.path),
                fix="delete the file to start the batch afresh, or pick another --out",
            ) from None

    def transaction(self) -> sqlite3.Connection:
        """`with journal.transaction():` groups many writes into one commit."""
        self.db.execute("BEGIN")
        return self.db

    def close(self) -> None:
        self.db.close()

    def get(self, key: str) -> Entry | None:
        row = self.db.execute(
            "SELECT key, file, row, sha256, options, state, outcome, error, output, runs, calls"
            " FROM items WHERE key = ?",
            (key,),
        ).fetchone()
        return Entry(*row) if row else None

    def entries(self) -> list[Entry]:
        rows = self.db.execute(
            "SELECT key, file, row, sha256, options, state, outcome, error, output, runs, calls"
            " FROM items ORDER BY rowid"
        ).fetchall()
        return [Entry(*r) for r in rows]

    def add(
        self, key: str, file: str, row: int | None, sha256: str, options: str, *, resume: bool
    ) -> None:
        """Record an input. Known with the same content and options: `done` stays done (the
        cache); on `resume` every state is kept, otherwise a failed or interrupted item is
        queued again. New or changed: pending."""
        keep = (
            "items.state"
            if resume
            else "CASE items.state WHEN 'done' THEN 'done' ELSE 'pending' END"
        )
        self.db.execute(
            "INSERT INTO items (key, file, row, sha256, options, state, updated)"
            " VALUES (?, ?, ?, ?, ?, 'pending', ?)"
            " ON CONFLICT(key) DO UPDATE SET"
            "   file = excluded.file, row = excluded.row,"
            "   state = CASE WHEN items.sha256 = excluded.sha256"
            f"     AND items.options = excluded.options THEN {keep} ELSE 'pending' END,"
            "   sha256 = excluded.sha256, options = excluded.options, updated = excluded.updated",
            (key, file, row, sha256, options, time.time()),
        )

    def start(self, key: str) -> None:
        self.db.execute(
            "UPDATE items SET state = 'running', runs = runs + 1, updated = ? WHERE key = ?",
            (time.time(), key),
        )

    def finish(
        self,
        key: str,
        *,
        state: str,
        outcome: str | None = None,
        error: str | None = None,
        output: str | None = None,
        calls: int = 0,
    ) -> None:
        self.db.execute(
            "UPDATE items SET state = ?, outcome = ?, error = ?, output = ?,"
            " calls = calls + ?, updated = ? WHERE key = ?",
            (state, outcome, error, output, calls, time.time(), key),
        )
