"""A data file written by an older stub opens with the columns and tables added since."""

import sqlite3
from contextlib import closing
from pathlib import Path

import httpx

from tests.stub_backend.helpers import api_client, bearer, register
from tests.stub_server import running_stub

_OLD_TABLES = """
CREATE TABLE login_sessions (
    sid TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created_at REAL NOT NULL,
    revoked_at REAL,
    refresh_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE login_failures (email TEXT NOT NULL, failed_at REAL NOT NULL);
"""


def test_an_older_data_file_gains_the_new_columns_and_loses_the_old_table(tmp_path: Path) -> None:
    database = tmp_path / "stub.sqlite3"
    with closing(sqlite3.connect(database)) as db:
        db.executescript(_OLD_TABLES)

    with running_stub(tmp_path, stub_db_path=database) as server, api_client(server) as api:
        tokens = register(api)
        sessions = api.get("/auth/sessions", headers=bearer(tokens["access_token"]))

    assert sessions.status_code == httpx.codes.OK
    with closing(sqlite3.connect(database)) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert "login_failures" not in tables
