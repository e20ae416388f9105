"""Password reset links: how often they may be asked for, and redeeming one exactly once."""

import math
from collections.abc import Mapping

from stub_backend.store.accounts import expire_reset_links, revoke_all_sessions
from stub_backend.store.database import Database


class Resets:
    def __init__(self, database: Database) -> None:
        self._database = database

    def record_request(
        self, limits: Mapping[tuple[str, str], int], now: float, window: float
    ) -> int | None:
        """Count a request against each (scope, subject) limit within the window; when one is
        full, count nothing and return the seconds until its oldest request leaves the window."""
        with self._database.transaction(write=True) as db:
            db.execute("DELETE FROM reset_requests WHERE requested_at <= ?", (now - window,))
            waits: list[int] = []
            for (scope, subject), limit in limits.items():
                row = db.execute(
                    "SELECT count(*) AS requests, min(requested_at) AS oldest "
                    "FROM reset_requests WHERE scope = ? AND subject = ?",
                    (scope, subject),
                ).fetchone()
                if row["requests"] >= limit:
                    waits.append(max(1, math.ceil(row["oldest"] + window - now)))
            if waits:
                return max(waits)
            db.executemany(
                "INSERT INTO reset_requests (scope, subject, requested_at) VALUES (?, ?, ?)",
                [(scope, subject, now) for scope, subject in limits],
            )
            return None

    def create(self, token_hash: str, user_id: str, now: float, expires_at: float) -> None:
        with self._database.transaction(write=True) as db:
            db.execute(
                "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) "
                "VALUES (?, ?, ?, ?)",
                (token_hash, user_id, now, expires_at),
            )

    def is_pending(self, token_hash: str, now: float) -> bool:
        """Whether the link exists and is neither used nor expired (redeem checks it again)."""
        with self._database.transaction() as db:
            row = db.execute(
                "SELECT 1 FROM password_resets "
                "WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
                (token_hash, now),
            ).fetchone()
            return row is not None

    def redeem(self, token_hash: str, password_hash: str, now: float) -> str | None:
        """Use the link: set the password, end every session of the user and every other link.
        Return the user's email, or None for a link that is unknown, used or expired."""
        with self._database.transaction(write=True) as db:
            row = db.execute(
                "SELECT r.user_id, u.email FROM password_resets r JOIN users u ON u.id = r.user_id "
                "WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > ?",
                (token_hash, now),
            ).fetchone()
            if row is None:
                return None
            user_id = row["user_id"]
            db.execute("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))
            expire_reset_links(db, user_id, now)
            revoke_all_sessions(db, user_id, now)
            email: str = row["email"]
            return email
