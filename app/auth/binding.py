"""Each browser gets its own random, HttpOnly binding cookie, and cookie tickets are bound to it.

A ticket carries the refresh token to the route that stores it in the login cookie. Page
JavaScript sees the sealed ticket on its way (it makes the call), so a script injected into the
page could hand the ticket to another browser and sign that one in. Bound to a hash of this
browser's binding cookie, which no script can read, the ticket is worth nothing anywhere else.

The cookie is set on the app's HTML page, before the page opens its WebSocket, so the session
sees it in `st.context.cookies` from its first run.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.base_path import base_path, cookie_path

BINDING_COOKIE = "stauth_browser"
MAX_AGE_SECONDS = 400 * 24 * 3600  # the longest a browser keeps a cookie
# What Streamlit and the app serve besides the page itself: assets, its API, the routes.
_NOT_A_PAGE = ("/_stcore/", "/static/", "/component", "/media/", "/api/", "/favicon")


def fingerprint(cookies: Mapping[str, str]) -> str | None:
    """What a ticket records of the browser: a hash, so the ticket never carries the value."""
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
        if not self._is_page_without_binding(scope):
            await self.app(scope, receive, send)
            return
        value = secrets.token_urlsafe(32)
        secure = scope.get("scheme") == "https"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = (
                    f"{BINDING_COOKIE}={value}; Max-Age={MAX_AGE_SECONDS}; "
                    f"Path={cookie_path()}; HttpOnly; SameSite=Strict{'; Secure' if secure else ''}"
                )
                MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    @staticmethod
    def _is_page_without_binding(scope: Scope) -> bool:
        if scope["type"] != "http" or scope.get("method") != "GET":
            return False
        prefix, path = base_path(), str(scope.get("path", ""))
        if path != prefix and not path.startswith(prefix + "/"):
            return False  # not the app's: another app under another prefix of the host
        if path[len(prefix) :].startswith(_NOT_A_PAGE):
            return False
        return BINDING_COOKIE not in HTTPConnection(scope).cookies
