"""The schema and the one way in: a short connection per transaction, writers serialised."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from stub_backend.private_files import ensure_private_dir, ensure_private_file

# Writers queue on SQLite's lock instead of failing: transactions are short, hashing happens
# before them.
_BUSY_TIMEOUT_SECONDS = 30.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS login_sessions (
    sid TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at REAL NOT NULL,
    revoked_at REAL,
    refresh_count INTEGER NOT NULL DEFAULT 0,
    last_used_at REAL,
    user_agent TEXT
);
CREATE INDEX IF NOT EXISTS login_sessions_user ON login_sessions (user_id);
CREATE TABLE IF NOT EXISTS refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    sid TEXT NOT NULL REFERENCES login_sessions (sid) ON DELETE CASCADE,
    expires_at REAL NOT NULL,
    consumed_at REAL
);
-- Which session each access token belongs to: a minimal-profile token does not say, and a
-- refresh token is not in here, so it can never pass as an access token.
CREATE TABLE IF NOT EXISTS access_tokens (
    jti TEXT PRIMARY KEY,
    sid TEXT NOT NULL REFERENCES login_sessions (sid) ON DELETE CASCADE,
    expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS access_tokens_expiry ON access_tokens (expires_at);
CREATE TABLE IF NOT EXISTS blocklist (
    jti TEXT PRIMARY KEY,
    expires_at REAL NOT NULL
);
-- Replaced by login_throttle; gone from files made by an older stub too.
DROP TABLE IF EXISTS login_failures;
CREATE TABLE IF NOT EXISTS login_throttle (
    scope TEXT NOT NULL CHECK (scope IN ('email', 'client', 'global')),
    subject TEXT NOT NULL,
    failures INTEGER NOT NULL,
    last_failure_at REAL NOT NULL,
    PRIMARY KEY (scope, subject)
);
CREATE INDEX IF NOT EXISTS login_throttle_age ON login_throttle (last_failure_at);
CREATE TABLE IF NOT EXISTS anon_sessions (
    id TEXT PRIMARY KEY,
    cookie_hash TEXT NOT NULL UNIQUE,
    created_at REAL NOT NULL,
    closed_at REAL
);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('user', 'anonymous')),
    owner_id TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    content BLOB NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_owner ON documents (owner_kind, owner_id);
-- Single-use password reset tokens, stored hashed like refresh tokens.
CREATE TABLE IF NOT EXISTS password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    used_at REAL
);
CREATE TABLE IF NOT EXISTS reset_requests (
    scope TEXT NOT NULL CHECK (scope IN ('email', 'client')),
    subject TEXT NOT NULL,
    requested_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS reset_requests_subject ON reset_requests (scope, subject, requested_at);
CREATE TABLE IF NOT EXISTS clock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    offset_seconds REAL NOT NULL
);
"""


# Columns added after the first release: a data file made by an older stub gets them on start.
_ADDED_COLUMNS = (
    ("login_sessions", "last_used_at", "REAL"),
    ("login_sessions", "user_agent", "TEXT"),
)


def _add_missing_columns(connection: sqlite3.Connection) -> None:
    for table, column, declaration in _ADDED_COLUMNS:
        # Names come from the constant above, never from input.
        present = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if column not in present:
            connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")


class Database:
    def __init__(self, path: Path) -> None:
        ensure_private_dir(path.parent)
        # SQLite gives its -wal and -shm files the mode of the database file.
        ensure_private_file(path)
        self._path = path
        with self._connect() as connection:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.executescript(_SCHEMA)
            _add_missing_columns(connection)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(
            self._path, timeout=_BUSY_TIMEOUT_SECONDS, isolation_level=None
        )
        try:
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA foreign_keys = ON")
            yield connection
        finally:
            connection.close()

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        """`BEGIN IMMEDIATE` for writes: a read-then-write decision cannot race another writer."""
        with self._connect() as connection:
            connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
