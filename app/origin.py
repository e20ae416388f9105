"""Whether a request comes from the app's own pages: the one origin check, for routes and for
the WebSocket whose cookies a session trusts.

Streamlit accepts a WebSocket from any port of the same host, and SameSite cookies are sent
to it from any of those ports, so cookies are believed only alongside the app's own `Origin`.
Forwarded headers are never read: anyone can send them. Behind a proxy that rewrites `Host`,
set APP_PUBLIC_ORIGIN to the origin browsers use.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def is_own_origin(origin: str | None, host: str | None, public_origin: str | None) -> bool:
    if not origin or origin == "null":
        return False
    if public_origin:
        return origin.rstrip("/") == public_origin.rstrip("/")
    return bool(host) and urlsplit(origin).netloc == host
