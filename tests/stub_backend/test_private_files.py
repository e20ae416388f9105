"""The database and the folder the stub makes for it are its owner's alone."""

import os
import stat
from pathlib import Path

from tests.stub_backend.helpers import api_client, register
from tests.stub_server import running_stub


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_database_and_its_new_folder_are_private(tmp_path: Path) -> None:
    database = tmp_path / "made" / "by-the-stub" / "stub.sqlite3"
    previous_umask = os.umask(0o022)
    try:
        with running_stub(tmp_path, stub_db_path=database) as server, api_client(server) as api:
            register(api)
    finally:
        os.umask(previous_umask)

    assert _mode(database.parent) == 0o700
    assert _mode(database) == 0o600
    # Folders above the stub's own are ordinary ones.
    assert _mode(database.parent.parent) == 0o755


def test_an_existing_database_readable_by_others_is_made_private(tmp_path: Path) -> None:
    database = tmp_path / "stub.sqlite3"
    database.touch(mode=0o644)
    database.chmod(0o644)

    with running_stub(tmp_path, stub_db_path=database):
        pass

    assert _mode(database) == 0o600


def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o755)

    with running_stub(tmp_path, stub_db_path=folder / "stub.sqlite3"):
        pass

    assert _mode(folder) == 0o755
    assert _mode(folder / "stub.sqlite3") == 0o600
