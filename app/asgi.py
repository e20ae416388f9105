"""The server entry: Streamlit's app plus the app's own cookie routes, as one ASGI app.

Run it with `python -m app`, `streamlit run app/asgi.py`, or any ASGI server (`uvicorn
app.asgi:app`).
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from app import navigation
from app.auth import web
from app.unknown_pages import UnknownPages

logger = logging.getLogger(__name__)


def _on_script_error(error: Exception) -> bool:
    logger.error("A script run failed: %s", type(error).__name__, exc_info=error)
    st.error("Something went wrong on our side. Please reload the page and try again.")
    return True  # The person sees the sentence above, never the traceback.


# Inside the auth middleware: the 404 page carries the framing policy too.
not_a_page = Middleware(UnknownPages, pages=navigation.addresses())
app = st.App(
    Path(__file__).with_name("main.py"),
    **web.with_auth(middleware=[not_a_page], on_script_error=_on_script_error),
)
