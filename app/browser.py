"""What the browser sent with this session's connection. A seam: AppTest cannot send cookies."""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from app.origin import is_own_origin
from app.services import get_services


def request_cookies() -> dict[str, str]:
    """The cookies of the WebSocket handshake (read once per connection, HttpOnly ones too),
    only when the handshake came from the app's own pages.

    Streamlit accepts a WebSocket from any page of the same host, and the browser sends it this
    host's cookies whichever port the page came from; without this check, a page on another
    port could open a session as whoever's cookies the browser holds. Only plain string values
    are kept: outside a real browser connection (AppTest, bare mode) Streamlit hands back
    placeholder objects instead.
    """
    headers = st.context.headers
    origin, host = headers.get("origin"), headers.get("host")
    if not is_own_origin(origin, host, get_services().settings.app_public_origin):
        return {}
    return {
        name: value
        for name, value in dict(st.context.cookies).items()
        if isinstance(name, str) and isinstance(value, str)
    }


def scheme() -> str | None:
    """How the browser reached the app's page: the scheme of the handshake's `Origin` (the
    WebSocket's own scheme is not shown to a session). None without one (AppTest)."""
    origin = st.context.headers.get("origin")
    if not isinstance(origin, str):
        return None
    return urlsplit(origin).scheme or None
