"""Anonymous sessions, documents, and moving an anonymous session's documents to a user."""

import sqlite3

from stub_backend.store.database import Database
from stub_backend.store.records import AnonSession, Document, Owner


class Documents:
    def __init__(self, database: Database) -> None:
        self._database = database

    def anon_session(self, cookie_hash: str) -> AnonSession | None:
        with self._database.transaction() as db:
            row = db.execute(
                "SELECT a.id, a.created_at, (SELECT count(*) FROM documents d "
                "WHERE d.owner_kind = 'anonymous' AND d.owner_id = a.id) AS document_count "
                "FROM anon_sessions a WHERE a.cookie_hash = ? AND a.closed_at IS NULL",
                (cookie_hash,),
            ).fetchone()
        return AnonSession(row["id"], row["created_at"], row["document_count"]) if row else None

    def create_anon_session(self, session_id: str, cookie_hash: str, now: float) -> AnonSession:
        with self._database.transaction(write=True) as db:
            db.execute(
                "INSERT INTO anon_sessions (id, cookie_hash, created_at) VALUES (?, ?, ?)",
                (session_id, cookie_hash, now),
            )
        return AnonSession(session_id, now, 0)

    def add(self, owner: Owner, document: Document, content: bytes) -> None:
        with self._database.transaction(write=True) as db:
            db.execute(
                "INSERT INTO documents (id, owner_kind, owner_id, filename, content_type, size, "
                "content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    document.id,
                    owner.kind,
                    owner.id,
                    document.filename,
                    document.content_type,
                    document.size,
                    content,
                    document.created_at,
                ),
            )

    def owned_by(self, owner: Owner) -> list[Document]:
        with self._database.transaction() as db:
            rows = db.execute(
                "SELECT id, filename, size, content_type, created_at FROM documents "
                "WHERE owner_kind = ? AND owner_id = ? ORDER BY created_at, rowid",
                (owner.kind, owner.id),
            ).fetchall()
        return [_document(row) for row in rows]

    def get(self, owner: Owner, document_id: str) -> Document | None:
        with self._database.transaction() as db:
            row = db.execute(
                "SELECT id, filename, size, content_type, created_at FROM documents "
                "WHERE id = ? AND owner_kind = ? AND owner_id = ?",
                (document_id, owner.kind, owner.id),
            ).fetchone()
        return _document(row) if row else None

    def content(self, owner: Owner, document_id: str) -> bytes | None:
        with self._database.transaction() as db:
            row = db.execute(
                "SELECT content FROM documents WHERE id = ? AND owner_kind = ? AND owner_id = ?",
                (document_id, owner.kind, owner.id),
            ).fetchone()
        return bytes(row["content"]) if row else None

    def delete(self, owner: Owner, document_id: str) -> bool:
        with self._database.transaction(write=True) as db:
            deleted: int = db.execute(
                "DELETE FROM documents WHERE id = ? AND owner_kind = ? AND owner_id = ?",
                (document_id, owner.kind, owner.id),
            ).rowcount
        return deleted > 0


def _document(row: sqlite3.Row) -> Document:
    return Document(row["id"], row["filename"], row["size"], row["content_type"], row["created_at"])


def migrate_anonymous_documents(
    db: sqlite3.Connection, cookie_hash: str | None, user_id: str, now: float
) -> int:
    """Move an open anonymous session's documents to the user and close the session, inside the
    caller's write transaction: a session closes once, so each document moves exactly once."""
    if cookie_hash is None:
        return 0
    row = db.execute(
        "SELECT id FROM anon_sessions WHERE cookie_hash = ? AND closed_at IS NULL", (cookie_hash,)
    ).fetchone()
    if row is None:
        return 0
    moved: int = db.execute(
        "UPDATE documents SET owner_kind = 'user', owner_id = ? "
        "WHERE owner_kind = 'anonymous' AND owner_id = ?",
        (user_id, row["id"]),
    ).rowcount
    db.execute("UPDATE anon_sessions SET closed_at = ? WHERE id = ?", (now, row["id"]))
    return moved
