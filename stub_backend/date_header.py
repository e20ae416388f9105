"""The `Date` header from the backend's own clock, as a real server's is.

Every time the stub reasons about (`exp`, expiry, throttle windows) comes from its clock, which
the test controls can move. A client that times a token without `iat` reads "now" from the
answer's `Date` header, so that header must tell the same clock; uvicorn's own (the host's
real time) is switched off where the stub is served.
"""

from __future__ import annotations

from email.utils import formatdate

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from stub_backend.clock import Clock


class DateHeaderMiddleware:
    def __init__(self, app: ASGIApp, clock: Clock) -> None:
        self.app = app
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_date(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["date"] = formatdate(self.clock.now(), usegmt=True)
            await send(message)

        await self.app(scope, receive, send_with_date)
