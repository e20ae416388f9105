"""Serve an ASGI app with uvicorn in a background thread on a free 127.0.0.1 port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

START_TIMEOUT_SECONDS = 10.0


@contextmanager
def serving(app: Any, *, name: str, health_path: str) -> Iterator[str]:
    """Yield the base URL once `health_path` answers 200; stop the server when the block ends."""
    with socket.socket() as listener:
        # Bound here and handed to uvicorn: no window in which another process takes the port.
        listener.bind(("127.0.0.1", 0))
        host, port = listener.getsockname()
        # date_header=False: a server that sets `Date` itself (the stub, from its clock) is
        # not given a second one.
        # proxy_headers=False: as `python -m stub_backend` runs, a server decides itself whose
        # X-Forwarded-For it believes (uvicorn would believe 127.0.0.1's, every test's).
        config = uvicorn.Config(
            app,
            log_config=None,
            log_level="warning",
            access_log=False,
            date_header=False,
            proxy_headers=False,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [listener]}, name=name, daemon=True
        )
        thread.start()
        try:
            base_url = f"http://{host}:{port}"
            _wait_until_healthy(base_url + health_path, thread, name)
            yield base_url
        finally:
            server.should_exit = True
            thread.join(timeout=START_TIMEOUT_SECONDS)


def _wait_until_healthy(url: str, thread: threading.Thread, name: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError(f"{name} stopped while starting; see its log above")
        try:
            if httpx.get(url, timeout=1.0).status_code == httpx.codes.OK:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"{name} did not answer {url} in time")
