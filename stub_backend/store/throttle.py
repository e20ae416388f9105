"""Failure streaks of login attempts, one row per email, client address, and one for everyone."""

import sqlite3
from collections.abc import Mapping

from stub_backend.store.database import Database
from stub_backend.throttle import Key, Rule, Streak, Wait, wait_for


class Throttles:
    def __init__(self, database: Database) -> None:
        self._database = database

    def reserve(self, rules: Mapping[Key, Rule], now: float, window: float) -> Wait | None:
        """Count this attempt as a failure of every key up front (a success takes it back), so
        parallel guesses cannot overrun the limits. While any key must still wait, count nothing
        and return the longest wait instead. A streak ends `window` seconds after its last
        failure."""
        with self._database.transaction(write=True) as db:
            db.execute("DELETE FROM login_throttle WHERE last_failure_at <= ?", (now - window,))
            waits = [
                wait
                for key, rule in rules.items()
                if (streak := _streak(db, key)) and (wait := wait_for(key, rule, streak, now))
            ]
            if waits:
                return max(waits, key=lambda wait: wait.seconds)
            for key in rules:
                db.execute(
                    "INSERT INTO login_throttle (scope, subject, failures, last_failure_at) "
                    "VALUES (?, ?, 1, ?) ON CONFLICT (scope, subject) DO UPDATE SET "
                    "failures = failures + 1, "
                    "last_failure_at = max(last_failure_at, excluded.last_failure_at)",
                    (key.scope, key.subject, now),
                )
            return None

    def succeeded(self, cleared: Key, others: list[Key]) -> None:
        """A right password: the `cleared` streak ends, and the other keys forget this attempt
        only (a client that owns one account must not wipe its failures on others)."""
        with self._database.transaction(write=True) as db:
            db.execute(
                "DELETE FROM login_throttle WHERE scope = ? AND subject = ?",
                (cleared.scope, cleared.subject),
            )
            for key in others:
                db.execute(
                    "UPDATE login_throttle SET failures = failures - 1 "
                    "WHERE scope = ? AND subject = ? AND failures > 0",
                    (key.scope, key.subject),
                )

    def clear(self, key: Key) -> None:
        with self._database.transaction(write=True) as db:
            db.execute(
                "DELETE FROM login_throttle WHERE scope = ? AND subject = ?",
                (key.scope, key.subject),
            )


def _streak(db: sqlite3.Connection, key: Key) -> Streak | None:
    row = db.execute(
        "SELECT failures, last_failure_at FROM login_throttle WHERE scope = ? AND subject = ?",
        (key.scope, key.subject),
    ).fetchone()
    return Streak(row["failures"], row["last_failure_at"]) if row else None
