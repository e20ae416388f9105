"""Users, their passwords, login sessions, refresh-token families and the access blocklist."""

import sqlite3

from stub_backend.store.database import Database
from stub_backend.store.documents import migrate_anonymous_documents
from stub_backend.store.records import (
    ActiveToken,
    EmailTakenError,
    NewSession,
    OpenSession,
    Rotation,
    User,
)


class Accounts:
    def __init__(self, database: Database) -> None:
        self._database = database

    def create_user(
        self, user: User, password_hash: str, session: NewSession, anon_cookie_hash: str | None
    ) -> int:
        """Create the account and its first session; return how many anonymous documents moved."""
        with self._database.transaction(write=True) as db:
            try:
                db.execute(
                    "INSERT INTO users (id, email, password_hash, role, created_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (user.id, user.email, password_hash, user.role, user.created_at),
                )
            except sqlite3.IntegrityError as exc:
                raise EmailTakenError(user.email) from exc
            _insert_session(db, session)
            return migrate_anonymous_documents(db, anon_cookie_hash, user.id, session.created_at)

    def credentials(self, email: str) -> tuple[User, str] | None:
        with self._database.transaction() as db:
            row = db.execute("SELECT * FROM users WHERE email = ?", (email,)).fetchone()
        return (_user(row), row["password_hash"]) if row else None

    def open_session(self, session: NewSession, anon_cookie_hash: str | None) -> int | None:
        """Log in: open the session, migrate. None if the user has gone meanwhile (a reset)."""
        with self._database.transaction(write=True) as db:
            user = db.execute("SELECT 1 FROM users WHERE id = ?", (session.user_id,)).fetchone()
            if user is None:
                return None
            _insert_session(db, session)
            return migrate_anonymous_documents(
                db, anon_cookie_hash, session.user_id, session.created_at
            )

    def active_token(self, user_id: str, jti: str) -> ActiveToken | None:
        """The access token's user and session, if the backend issued this jti as an access token
        of that user, the session is open, the jti not blocklisted and the user still exists."""
        with self._database.transaction() as db:
            row = _active_token_row(db, user_id, jti)
        return ActiveToken(_user(row), row["token_sid"]) if row else None

    def refresh_session(self, token_hash: str) -> str | None:
        """The session of a refresh token the backend issued, or None."""
        with self._database.transaction() as db:
            row = db.execute(
                "SELECT sid FROM refresh_tokens WHERE token_hash = ?", (token_hash,)
            ).fetchone()
        return str(row["sid"]) if row else None

    def rotate_refresh(
        self, presented_hash: str, user_id: str, replacement: NewSession, grace: float
    ) -> Rotation:
        """Consume the presented refresh token and store its replacement in the same session.

        A repeat within the grace window gets a replacement too, so a session can hold several
        live refresh tokens at once; they are siblings, and consuming one consumes them all, so
        the lineage never forks. A consumed sibling then follows the rules of any consumed token:
        a repeat within grace of its consumption, reuse after."""
        now = replacement.created_at
        with self._database.transaction(write=True) as db:
            row = db.execute(
                "SELECT t.consumed_at, t.expires_at FROM refresh_tokens t "
                "JOIN login_sessions s ON s.sid = t.sid JOIN users u ON u.id = s.user_id "
                "WHERE t.token_hash = ? AND t.sid = ? AND s.user_id = ? AND s.revoked_at IS NULL",
                (presented_hash, replacement.sid, user_id),
            ).fetchone()
            if row is None or now >= row["expires_at"]:
                return Rotation.REFUSED
            consumed_at = row["consumed_at"]
            if consumed_at is not None and now - consumed_at > grace:
                _revoke_session(db, replacement.sid, now)
                return Rotation.REUSE_DETECTED
            if consumed_at is None:
                _consume_live_refresh_tokens(db, replacement.sid, now)
            _insert_pair(db, replacement)
            db.execute(
                "UPDATE login_sessions SET refresh_count = refresh_count + 1, last_used_at = ? "
                "WHERE sid = ?",
                (now, replacement.sid),
            )
        return Rotation.ROTATED if consumed_at is None else Rotation.REPEATED_IN_GRACE

    def logout(
        self,
        user_id: str,
        sid: str,
        jti: str,
        blocklist_until: float,
        refresh_hash: str | None,
        now: float,
    ) -> bool:
        """Blocklist the access token and revoke its session (and the refresh token's, if given).
        False when the token was no longer active: a second logout is refused, not repeated."""
        with self._database.transaction(write=True) as db:
            if _active_token_row(db, user_id, jti) is None:
                return False
            db.execute("DELETE FROM blocklist WHERE expires_at <= ?", (now,))
            db.execute(
                "INSERT INTO blocklist (jti, expires_at) VALUES (?, ?)", (jti, blocklist_until)
            )
            _revoke_session(db, sid, now)
            if refresh_hash is not None:
                _log_out_refresh_family(db, refresh_hash, user_id, now)
            return True

    def logout_all(self, user_id: str, jti: str, now: float) -> bool:
        with self._database.transaction(write=True) as db:
            if _active_token_row(db, user_id, jti) is None:
                return False
            revoke_all_sessions(db, user_id, now)
            return True

    def change_password(
        self, user_id: str, jti: str, password_hash: str, keep_sid: str, now: float
    ) -> bool:
        """Set the new hash and revoke every other session of the user (and any pending reset
        link): whoever else knew the old password is out. False when the token went meanwhile."""
        with self._database.transaction(write=True) as db:
            if _active_token_row(db, user_id, jti) is None:
                return False
            db.execute("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))
            db.execute(
                "UPDATE login_sessions SET revoked_at = ? "
                "WHERE user_id = ? AND sid != ? AND revoked_at IS NULL",
                (now, user_id, keep_sid),
            )
            expire_reset_links(db, user_id, now)
            return True

    def open_sessions(self, user_id: str) -> list[OpenSession]:
        with self._database.transaction() as db:
            rows = db.execute(
                "SELECT sid, created_at, coalesce(last_used_at, created_at) AS last_used_at, "
                "user_agent FROM login_sessions WHERE user_id = ? AND revoked_at IS NULL "
                "ORDER BY created_at, rowid",
                (user_id,),
            ).fetchall()
        return [
            OpenSession(row["sid"], row["created_at"], row["last_used_at"], row["user_agent"])
            for row in rows
        ]

    def revoke_own_session(self, user_id: str, sid: str, now: float) -> bool:
        """False when the session is not an open one of this user: no existence leak."""
        with self._database.transaction(write=True) as db:
            revoked: int = db.execute(
                "UPDATE login_sessions SET revoked_at = ? "
                "WHERE sid = ? AND user_id = ? AND revoked_at IS NULL",
                (now, sid, user_id),
            ).rowcount
        return revoked > 0


def expire_reset_links(db: sqlite3.Connection, user_id: str, now: float) -> None:
    """A link sent for the old password must not set a new one after it has changed."""
    db.execute(
        "UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL",
        (now, user_id),
    )


def revoke_all_sessions(db: sqlite3.Connection, user_id: str, now: float) -> None:
    db.execute(
        "UPDATE login_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
        (now, user_id),
    )


def _user(row: sqlite3.Row) -> User:
    return User(row["id"], row["email"], row["role"], row["created_at"])


def _active_token_row(db: sqlite3.Connection, user_id: str, jti: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = db.execute(
        "SELECT u.*, a.sid AS token_sid FROM access_tokens a "
        "JOIN login_sessions s ON s.sid = a.sid JOIN users u ON u.id = s.user_id "
        "WHERE a.jti = ? AND s.user_id = ? AND s.revoked_at IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM blocklist WHERE jti = a.jti)",
        (jti, user_id),
    ).fetchone()
    return row


def _insert_session(db: sqlite3.Connection, session: NewSession) -> None:
    db.execute(
        "INSERT INTO login_sessions (sid, user_id, created_at, last_used_at, user_agent) "
        "VALUES (?, ?, ?, ?, ?)",
        (session.sid, session.user_id, session.created_at, session.created_at, session.user_agent),
    )
    _insert_pair(db, session)


def _insert_pair(db: sqlite3.Connection, session: NewSession) -> None:
    db.execute(
        "INSERT INTO refresh_tokens (token_hash, sid, expires_at) VALUES (?, ?, ?)",
        (session.refresh_hash, session.sid, session.refresh_expires_at),
    )
    # Expired access tokens are refused on their exp alone; their rows are dead weight.
    db.execute("DELETE FROM access_tokens WHERE expires_at <= ?", (session.created_at,))
    db.execute(
        "INSERT INTO access_tokens (jti, sid, expires_at) VALUES (?, ?, ?)",
        (session.access_jti, session.sid, session.access_expires_at),
    )


def _consume_live_refresh_tokens(db: sqlite3.Connection, sid: str, now: float) -> None:
    db.execute(
        "UPDATE refresh_tokens SET consumed_at = ? WHERE sid = ? AND consumed_at IS NULL",
        (now, sid),
    )


def _revoke_session(db: sqlite3.Connection, sid: str, now: float) -> None:
    db.execute(
        "UPDATE login_sessions SET revoked_at = ? WHERE sid = ? AND revoked_at IS NULL", (now, sid)
    )


def _log_out_refresh_family(
    db: sqlite3.Connection, token_hash: str, user_id: str, now: float
) -> None:
    """A refresh token handed to logout is used up, and its session ends with it: otherwise a
    token of another session would stay usable, or come back within the reuse grace window."""
    row = db.execute(
        "SELECT t.sid FROM refresh_tokens t JOIN login_sessions s ON s.sid = t.sid "
        "WHERE t.token_hash = ? AND s.user_id = ?",
        (token_hash, user_id),
    ).fetchone()
    if row is None:
        return
    db.execute(
        "UPDATE refresh_tokens SET consumed_at = coalesce(consumed_at, ?) WHERE token_hash = ?",
        (now, token_hash),
    )
    _revoke_session(db, row["sid"], now)
