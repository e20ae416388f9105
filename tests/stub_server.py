"""A real stub backend on a free loopback port, for the stub's own tests and for the app's."""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from stub_backend.app import create_app
from stub_backend.settings import Settings

# Fixed, so tokens can be forged or checked in tests; long and random-looking enough to pass
# the secret check.
TEST_JWT_SECRET = "tests-only-jwt-key-3f9c1a7e5b2d4c6f8a0e1b3d5f7a9c2e"
# argon2id at its cheapest: tests register hundreds of users. Production keeps the defaults.
FAST_PASSWORD_HASHING: dict[str, Any] = {"stub_argon2_time_cost": 1, "stub_argon2_memory_kib": 1024}
_START_TIMEOUT_SECONDS = 10.0


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


def _wait_until_healthy(base_url: str, thread: threading.Thread) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError("the stub backend stopped while starting; see its log above")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1.0).status_code == httpx.codes.OK:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"the stub backend did not answer {base_url}/healthz in time")


@contextmanager
def running_stub(tmp_path: Path, **settings_overrides: Any) -> Iterator[StubServer]:
    """Serve the real stub app with uvicorn in a background thread until the block ends."""
    with socket.socket() as listener:
        # Bound here and handed to uvicorn: no window in which another process takes the port.
        listener.bind(("127.0.0.1", 0))
        host, port = listener.getsockname()
        settings = stub_settings(tmp_path, stub_host=host, stub_port=port, **settings_overrides)
        config = uvicorn.Config(
            create_app(settings), log_config=None, log_level="warning", access_log=False
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [listener]}, name="stub-backend", daemon=True
        )
        thread.start()
        try:
            base_url = f"http://{host}:{port}"
            _wait_until_healthy(base_url, thread)
            with httpx.Client(base_url=base_url, timeout=30.0) as client:
                yield StubServer(base_url, settings, client)
        finally:
            server.should_exit = True
            thread.join(timeout=_START_TIMEOUT_SECONDS)
