"""What only the test controls touch: the clock offset, a full reset, a view of sessions."""

from stub_backend.store.database import Database
from stub_backend.store.records import LoginSession

_RESET = (
    "DELETE FROM documents",
    "DELETE FROM anon_sessions",
    "DELETE FROM login_throttle",
    "DELETE FROM reset_requests",
    "DELETE FROM password_resets",
    "DELETE FROM blocklist",
    "DELETE FROM access_tokens",
    "DELETE FROM refresh_tokens",
    "DELETE FROM login_sessions",
    "DELETE FROM users",
    "DELETE FROM clock",
)


class Controls:
    def __init__(self, database: Database) -> None:
        self._database = database

    def clock_offset(self) -> float:
        with self._database.transaction() as db:
            row = db.execute("SELECT offset_seconds FROM clock WHERE id = 1").fetchone()
        return float(row["offset_seconds"]) if row else 0.0

    def advance_clock(self, seconds: float, *, max_offset: float) -> bool:
        """Add to the offset unless that would pass `max_offset`; say whether it was added."""
        with self._database.transaction(write=True) as db:
            row = db.execute("SELECT offset_seconds FROM clock WHERE id = 1").fetchone()
            offset = (float(row["offset_seconds"]) if row else 0.0) + seconds
            if offset > max_offset:
                return False
            db.execute(
                "INSERT INTO clock (id, offset_seconds) VALUES (1, ?) ON CONFLICT (id) "
                "DO UPDATE SET offset_seconds = excluded.offset_seconds",
                (offset,),
            )
            return True

    def reset(self) -> None:
        with self._database.transaction(write=True) as db:
            for statement in _RESET:
                db.execute(statement)

    def sessions_of(self, email: str) -> list[LoginSession]:
        with self._database.transaction() as db:
            rows = db.execute(
                "SELECT s.sid, s.revoked_at IS NOT NULL AS revoked, s.refresh_count, s.created_at "
                "FROM login_sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ? "
                "ORDER BY s.created_at, s.rowid",
                (email,),
            ).fetchall()
        return [
            LoginSession(row["sid"], bool(row["revoked"]), row["refresh_count"], row["created_at"])
            for row in rows
        ]
