"""Each browser gets its own random, HttpOnly binding cookie, and cookie tickets are bound to it.

A ticket carries the refresh token to the route that stores it in the login cookie. Page
JavaScript sees the sealed ticket on its way (it makes the call), so a script injected into the
page could hand the ticket to another browser and sign that one in. Bound to a hash of this
browser's binding cookie, which no script can read, the ticket is worth nothing anywhere else.

The cookie is set on the app's HTML page, before the page opens its WebSocket, so the session
sees it in `st.context.cookies` from its first run. The login and anonymous cookies are bound to
it the same way (cookies.py). Its name and Path follow cookie_names.py (`__Host-` under HTTPS).
A browser that lost it (evicted by a flood of other cookies, cleared) gets a new one, and the
cookies bound to the old one are read as absent: signed out, never an error.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.auth import cookie_names
from app.base_path import base_path
from app.settings import get_settings

BINDING_COOKIE = cookie_names.BINDING
MAX_AGE_SECONDS = 400 * 24 * 3600  # the longest a browser keeps a cookie
# What Streamlit and the app serve besides the page itself: assets, its API, the routes.
_NOT_A_PAGE = ("/_stcore/", "/static/", "/component", "/media/", "/api/", "/favicon")


def fingerprint(cookies: Mapping[str, str]) -> str | None:
    """What a ticket or a sealed cookie records of the browser: a hash, so it never carries the
    value. `cookies`: as cookie_names.read gives them."""
    value = cookies.get(BINDING_COOKIE)
    return hashlib.sha256(value.encode()).hexdigest() if value else None


def matches(expected: object, cookies: Mapping[str, str]) -> bool:
    actual = fingerprint(cookies)
    return (
        isinstance(expected, str) and actual is not None and hmac.compare_digest(expected, actual)
    )


class BrowserBinding:
    """ASGI middleware: give a page request without a binding cookie a new one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        secure = cookie_names.is_secure(scope.get("scheme"), get_settings().app_cookie_secure)
        if not self._is_page_without_binding(scope, secure):
            await self.app(scope, receive, send)
            return
        value = secrets.token_urlsafe(32)
        name, path = cookie_names.name(BINDING_COOKIE, secure), cookie_names.path(secure)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = (
                    f"{name}={value}; Max-Age={MAX_AGE_SECONDS}; "
                    f"Path={path}; HttpOnly; SameSite=Strict{'; Secure' if secure else ''}"
                )
                MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    @staticmethod
    def _is_page_without_binding(scope: Scope, secure: bool) -> bool:
        if scope["type"] != "http" or scope.get("method") != "GET":
            return False
        prefix, path = base_path(), str(scope.get("path", ""))
        if path != prefix and not path.startswith(prefix + "/"):
            return False  # not the app's: another app under another prefix of the host
        if path[len(prefix) :].startswith(_NOT_A_PAGE):
            return False
        return BINDING_COOKIE not in cookie_names.read(HTTPConnection(scope).cookies, secure)
