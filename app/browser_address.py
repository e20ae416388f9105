"""The browser's address, as the app's server sees its connection: what the backend's
per-client limits must count, since behind the app every browser is the app."""

from __future__ import annotations

import ipaddress

import streamlit as st


def browser_address() -> str | None:
    """The address of this session's browser; None outside a session's run (a route's worker
    thread), for a browser on this machine (Streamlit says None for localhost), or when
    Streamlit hands back something that is not an address (AppTest)."""
    try:
        address = st.context.ip_address
    except Exception:  # outside a script run Streamlit has no context to read
        return None
    if not isinstance(address, str):
        return None
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
