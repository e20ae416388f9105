"""What the ASGI app uses: Streamlit's app with the auth layer's routes and middleware added.

    app = web.streamlit_app(Path(__file__).with_name("main.py"))

The routes set, rotate and clear the login cookies; the middleware gives each browser its
binding cookie and keeps the pages out of other sites' frames. The settings and the secret are
checked at start, so a wrong configuration fails there rather than at the first visitor.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import streamlit as st
from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from app.auth.binding import BrowserBinding
from app.auth.routes import ROUTES
from app.framing import FramingPolicy
from app.services import get_services


@asynccontextmanager
async def _check_configuration(_: Any) -> AsyncIterator[None]:
    get_services()
    yield


def streamlit_app(
    script: Path | str,
    *,
    routes: Sequence[BaseRoute] = (),
    middleware: Sequence[Middleware] = (),
    **options: Any,
) -> st.App:
    """`st.App(script, ...)` with the auth routes before `routes` and the auth middleware
    around `middleware`; `options` go to `st.App` as they are."""
    return st.App(
        script,
        routes=[*ROUTES, *routes],
        middleware=[Middleware(FramingPolicy), Middleware(BrowserBinding), *middleware],
        lifespan=options.pop("lifespan", _check_configuration),
        **options,
    )


__all__ = ["streamlit_app"]
