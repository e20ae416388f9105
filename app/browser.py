"""What the browser sent with this session's connection. A seam: AppTest cannot send cookies."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st


def request_cookies() -> Mapping[str, str]:
    """The cookies of the WebSocket handshake: read once per connection, HttpOnly ones too."""
    return st.context.cookies
