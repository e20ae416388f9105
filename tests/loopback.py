"""Serve an ASGI app with uvicorn in a background thread on a free 127.0.0.1 port."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from testbed import http_ok, wait_until

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
            wait_until(
                http_ok(base_url + health_path),
                what=f"{name} ({base_url})",
                timeout=START_TIMEOUT_SECONDS,
                running=thread.is_alive,
                log=lambda: "(its log is above)",
            )
            yield base_url
        finally:
            server.should_exit = True
            thread.join(timeout=START_TIMEOUT_SECONDS)
