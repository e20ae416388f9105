"""A free port on the loopback interface, for a server about to be started."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port nothing listens on now. Released before the server binds it: a small race,
    acceptable for servers started on loopback by the same machine's tests."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
