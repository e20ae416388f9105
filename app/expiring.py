"""A set whose members expire: the one place the app remembers ids for a while.

Used for redeemed cookie tickets (single use) and for signed-out logins (other tabs notice a
logout at their next run). ExpiringSet lives in a SQLite file in the app's data directory, so
it holds across a restart and is shared by every app process on the host; replicas on several
hosts share RedisSet (app/shared_state.py, chosen by APP_REDIS_URL) behind the same methods.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

Clock = Callable[[], float]
# Sweep expired rows at most this often; lookups ignore them anyway.
_SWEEP_EVERY_SECONDS = 60.0


class ExpiringKeys(Protocol):
    """What the app asks of a set with expiry, whichever store keeps it."""

    def add(self, key: str, hold_seconds: float) -> bool:
        """Remember `key` for `hold_seconds`; False when it was already there (or, for a store
        that cannot be reached, when that cannot be known: the caller must refuse)."""
        ...

    def __contains__(self, key: object) -> bool: ...

    def close(self) -> None: ...


class ExpiringSet:
    def __init__(self, path: Path, name: str, clock: Clock = time.time) -> None:
        if not name.isidentifier():
            raise ValueError(f"not a table name: {name!r}")
        self._table = name
        self._clock = clock
        self._lock = threading.Lock()
        self._swept_at = 0.0
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
        self._db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            f"CREATE TABLE IF NOT EXISTS {name} (key TEXT PRIMARY KEY, until REAL NOT NULL)"
        )

    def add(self, key: str, hold_seconds: float) -> bool:
        """Remember `key` for `hold_seconds`; False when it was already there (and unexpired)."""
        now = self._clock()
        with self._lock:
            self._sweep(now)
            cursor = self._db.execute(
                f"INSERT INTO {self._table} (key, until) VALUES (?, ?) "  # noqa: S608 - checked name
                "ON CONFLICT(key) DO UPDATE SET until = excluded.until WHERE until < ?",
                (key, now + hold_seconds, now),
            )
            return cursor.rowcount == 1

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        with self._lock:
            row = self._db.execute(
                f"SELECT 1 FROM {self._table} WHERE key = ? AND until >= ?",  # noqa: S608
                (key, self._clock()),
            ).fetchone()
        return row is not None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _sweep(self, now: float) -> None:
        if now - self._swept_at < _SWEEP_EVERY_SECONDS:
            return
        self._swept_at = now
        self._db.execute(f"DELETE FROM {self._table} WHERE until < ?", (now,))  # noqa: S608
