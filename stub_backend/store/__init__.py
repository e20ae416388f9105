"""The on-disk SQLite store. All SQL lives in this package; each write is one transaction."""

from pathlib import Path

from stub_backend.store.accounts import Accounts
from stub_backend.store.controls import Controls
from stub_backend.store.database import Database
from stub_backend.store.documents import Documents
from stub_backend.store.resets import Resets
from stub_backend.store.throttle import Throttles


class Store:
    """One database file, seen through the jobs the backend asks of it."""

    def __init__(self, path: Path) -> None:
        database = Database(path)
        self.accounts = Accounts(database)
        self.documents = Documents(database)
        self.controls = Controls(database)
        self.throttles = Throttles(database)
        self.resets = Resets(database)
