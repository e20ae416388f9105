"""No page or route of the app can be framed by another origin (clickjacking).

A page on another port or site could show the signed-in Account page under a bait, and one
click would run Log out everywhere, Revoke or Delete. So every HTTP answer the app serves,
Streamlit's own page and assets included, says who may frame it: `frame-ancestors` for
browsers that read CSP, `X-Frame-Options` for those that do not. A deployment that must be
embedded names its embedding origins in APP_FRAME_ANCESTORS; X-Frame-Options cannot express
a list, so it is sent only for the values it can say.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.settings import get_settings

# X-Frame-Options for the frame-ancestors values it has a word for.
_X_FRAME_OPTIONS = {"'self'": "SAMEORIGIN", "'none'": "DENY"}


def framing_headers(frame_ancestors: str) -> list[tuple[str, str]]:
    headers = [("content-security-policy", f"frame-ancestors {frame_ancestors}")]
    legacy = _X_FRAME_OPTIONS.get(frame_ancestors)
    if legacy is not None:
        headers.append(("x-frame-options", legacy))
    return headers


class FramingPolicy:
    """ASGI middleware: the framing headers on every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = framing_headers(get_settings().app_frame_ancestors)

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer = MutableHeaders(scope=message)
                for name, value in headers:
                    # Appended: a route's own policy (a download's sandbox) holds as well.
                    answer.append(name, value)
            await send(message)

        await self.app(scope, receive, send_with_policy)
