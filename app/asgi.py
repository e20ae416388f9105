"""The server entry: Streamlit's app plus the app's own cookie routes, as one ASGI app.

Run it with `python -m app`, `streamlit run app/asgi.py`, or any ASGI server (`uvicorn
app.asgi:app`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import streamlit as st
from starlette.middleware import Middleware

from app.auth import ROUTES, BrowserBinding
from app.framing import FramingPolicy
from app.services import get_services

logger = logging.getLogger(__name__)


@asynccontextmanager
async def _check_configuration(_: Any) -> AsyncIterator[None]:
    """Fail at start, not at the first visitor, when the settings or the secret are wrong."""
    get_services()
    yield


def _on_script_error(error: Exception) -> bool:
    logger.error("A script run failed: %s", type(error).__name__, exc_info=error)
    st.error("Something went wrong on our side. Please reload the page and try again.")
    return True  # The person sees the sentence above, never the traceback.


app = st.App(
    Path(__file__).with_name("main.py"),
    routes=ROUTES,
    middleware=[Middleware(FramingPolicy), Middleware(BrowserBinding)],
    lifespan=_check_configuration,
    on_script_error=_on_script_error,
)
