"""Where on its host the app is served: Streamlit's `server.baseUrlPath`, as one prefix.

Streamlit serves its pages, assets and WebSocket under that prefix. The app's own routes, the
URLs its page calls, and its cookies' `Path` follow the same value, so a proxy may forward
only the prefix, and two apps under different prefixes of one host keep separate logins.

The value is read when it is needed, never at import: `streamlit run` loads its config
(file, `STREAMLIT_*` variables, flags) before the server starts, and `python -m app` passes the
variable on itself (see `from_environment`), so both see the same prefix.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from starlette.datastructures import URLPath
from starlette.routing import BaseRoute, Match, Route
from starlette.types import Receive, Scope, Send
from streamlit import config

from app.settings import path_prefix

__all__ = ["ENV_VAR", "UnderBasePath", "base_path", "cookie_path", "from_environment", "under"]

ENV_VAR = "STREAMLIT_SERVER_BASE_URL_PATH"
OPTION = "server.baseUrlPath"


def base_path() -> str:
    """The prefix the app is served under: "" or "/sub" (no trailing slash)."""
    return path_prefix(config.get_option(OPTION))


def under(path: str) -> str:
    """An absolute path of the app's (`/api/session/refresh`) as the browser must ask for it."""
    return base_path() + path


def cookie_path() -> str:
    """The `Path` of the app's cookies: its prefix, so another app on the host never sees them."""
    return base_path() or "/"


def from_environment() -> dict[str, str]:
    """The prefix set by `STREAMLIT_SERVER_BASE_URL_PATH`, as a config override.

    `streamlit run` maps `STREAMLIT_*` variables onto its options through its command line;
    a server started any other way (`python -m app`) must pass the variable on itself.
    """
    value = os.environ.get(ENV_VAR)
    return {OPTION: value} if value is not None else {}


class UnderBasePath(BaseRoute):
    """A route whose path is under the prefix the config names when a request arrives.

    `st.App` takes its routes when `app/asgi.py` is imported, which can be before the server has
    read its config; the prefix is only certain once a request arrives. (A `Mount` would not
    do: it claims every path under the prefix, Streamlit's pages included.)
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], *, methods: list[str]) -> None:
        self.path = path
        self._endpoint = endpoint
        self._methods = methods
        self._route = Route(path, endpoint, methods=methods)

    @property
    def route(self) -> Route:
        full_path = under(self.path)
        if self._route.path != full_path:  # built once per prefix: in practice, once
            self._route = Route(full_path, self._endpoint, methods=self._methods)
        return self._route

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        return self.route.matches(scope)

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        return self.route.url_path_for(name, **path_params)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.route.handle(scope, receive, send)
