"""What the browser sent with this session's connection. A seam: AppTest cannot send cookies."""

from __future__ import annotations

import streamlit as st


def request_cookies() -> dict[str, str]:
    """The cookies of the WebSocket handshake: read once per connection, HttpOnly ones too.

    Only plain string values are kept: outside a real browser connection (AppTest, bare mode)
    Streamlit hands back placeholder objects instead.
    """
    return {
        name: value
        for name, value in dict(st.context.cookies).items()
        if isinstance(name, str) and isinstance(value, str)
    }
