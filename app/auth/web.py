"""What the ASGI app uses: the auth layer's routes and middleware added to Streamlit's app.

    app = st.App(Path(__file__).with_name("main.py"), **web.with_auth())

(`st.App(` is written out in the server's file because `streamlit run` finds the app by reading
that file's source.)

The routes set, rotate and clear the login cookies; the middleware gives each browser its
binding cookie and keeps the pages out of other sites' frames. The settings and the secret are
checked at start, so a wrong configuration fails there rather than at the first visitor; then
what the start made is left out of the collection after each run (app/heap.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from app import heap, warm
from app.auth.binding import BrowserBinding
from app.auth.routes import ROUTES
from app.framing import FramingPolicy
from app.services import get_services

# Outermost first: no other origin frames a page or a route; every browser gets its binding.
AUTH_MIDDLEWARE = (Middleware(FramingPolicy), Middleware(BrowserBinding))


@asynccontextmanager
async def _check_configuration(_: Any) -> AsyncIterator[None]:
    get_services()
    # Before the server answers its health check, so no visitor waits on first imports.
    warm.warm()
    # Last: what the start made is then all there, and lives as long as the process.
    heap.freeze_start_up()
    yield


def with_auth(
    *,
    routes: Sequence[BaseRoute] = (),
    middleware: Sequence[Middleware] = (),
    **options: Any,
) -> dict[str, Any]:
    """The keyword arguments of `st.App` with the auth routes before `routes`, the auth
    middleware around `middleware`, and a start-up check of the settings unless `options` brings
    its own `lifespan`; the rest of `options` as they are."""
    return {
        "routes": [*ROUTES, *routes],
        "middleware": [*AUTH_MIDDLEWARE, *middleware],
        "lifespan": options.pop("lifespan", _check_configuration),
        **options,
    }


__all__ = ["with_auth"]
