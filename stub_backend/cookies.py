"""The anonymous-session cookie: how it is written, and how it reaches every response."""

from http.cookies import SimpleCookie

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ANON_COOKIE = "anon_session"
_MAX_AGE_SECONDS = 30 * 24 * 60 * 60
_STATE_KEY = "stub_backend.set_cookie"


def set_anon_cookie(request: Request, value: str, *, secure: bool) -> None:
    _queue(request, _header(value, max_age=_MAX_AGE_SECONDS, secure=secure))


def delete_anon_cookie(request: Request, *, secure: bool) -> None:
    _queue(request, _header("", max_age=0, secure=secure))


def _queue(request: Request, header: str) -> None:
    request.scope.setdefault("state", {})[_STATE_KEY] = header


def _header(value: str, *, max_age: int, secure: bool) -> str:
    cookie: SimpleCookie = SimpleCookie()
    cookie[ANON_COOKIE] = value
    morsel = cookie[ANON_COOKIE]
    morsel.update({"path": "/", "max-age": str(max_age), "samesite": "Lax"})
    morsel["httponly"] = True
    morsel["secure"] = secure
    return morsel.OutputString()


class CookieMiddleware:
    """Adds the queued cookie to whatever response leaves, errors included: an anonymous session
    made on the way to a 404 must still reach its browser, or it is orphaned."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state: dict[str, object] = scope.setdefault("state", {})

        async def send_with_cookie(message: Message) -> None:
            header = state.get(_STATE_KEY)
            if message["type"] == "http.response.start" and isinstance(header, str):
                message["headers"] = [
                    *message["headers"],
                    (b"set-cookie", header.encode("latin-1")),
                ]
            await send(message)

        await self.app(scope, receive, send_with_cookie)
