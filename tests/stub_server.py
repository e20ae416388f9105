"""A real stub backend on a free loopback port, for the stub's own tests and for the app's."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from stub_backend.app import create_app
from stub_backend.settings import Settings
from testbed import CHEAP_HASHING
from tests.loopback import serving

# Fixed, so tokens can be forged or checked in tests; long and random-looking enough to pass
# the secret check.
TEST_JWT_SECRET = "tests-only-jwt-key-3f9c1a7e5b2d4c6f8a0e1b3d5f7a9c2e"
# argon2id at its cheapest, as every stub the tests start: the same settings as fields.
FAST_PASSWORD_HASHING: dict[str, Any] = {name.lower(): int(v) for name, v in CHEAP_HASHING.items()}


def stub_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Settings for a test: its own database, test controls on, no `.env` from the work tree."""
    values: dict[str, Any] = {
        "_env_file": None,
        "stub_db_path": tmp_path / "stub.sqlite3",
        "jwt_secret": TEST_JWT_SECRET,
        "stub_test_controls": True,
        **FAST_PASSWORD_HASHING,
        **overrides,
    }
    return Settings(**values)


@dataclass(frozen=True)
class StubServer:
    base_url: str
    settings: Settings
    _client: httpx.Client

    def advance_clock(self, seconds: float) -> float:
        """Move the backend's clock forward; return its new time in epoch seconds."""
        response = self._client.post("/api/v1/_test/clock", json={"advance_seconds": seconds})
        response.raise_for_status()
        now: float = response.json()["now"]
        return now

    def reset(self) -> None:
        self._client.post("/api/v1/_test/reset").raise_for_status()

    def sessions(self, email: str) -> list[dict[str, Any]]:
        response = self._client.get("/api/v1/_test/sessions", params={"email": email})
        response.raise_for_status()
        sessions: list[dict[str, Any]] = response.json()["sessions"]
        return sessions


@contextmanager
def running_stub(tmp_path: Path, **settings_overrides: Any) -> Iterator[StubServer]:
    """Serve the real stub app with uvicorn in a background thread until the block ends."""
    settings = stub_settings(tmp_path, **settings_overrides)
    with (
        serving(create_app(settings), name="stub-backend", health_path="/healthz") as base_url,
        httpx.Client(base_url=base_url, timeout=30.0) as client,
    ):
        yield StubServer(base_url, settings, client)
