"""The app's own HTTP routes: the only code that reads or writes the app's cookies.

Page JavaScript calls them with same-origin `fetch` (see bridge.py) and learns nothing from
the answers: every answer is an empty 204 or an error sentence, never a token.

- POST /api/session/cookies {"ticket", "nonce"}: redeems a sealed one-time ticket that says which
  cookies to set or clear (after login, logout, or a new anonymous session).
- POST /api/session/refresh {"nonce"}: rotates the refresh token held in the login cookie,
  sets the rotated cookie, and hands the new access token to the session that owns the nonce.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app import session_cookies as cookies
from app.backend import BackendError, Unauthorized
from app.handoff import BridgeOutcome
from app.sealing import InvalidSeal
from app.services import Services, get_services
from app.tokens import MalformedToken, lifetime_seconds

logger = logging.getLogger(__name__)

COOKIES_PATH = "/api/session/cookies"
REFRESH_PATH = "/api/session/refresh"
MAX_BODY_BYTES = 16 * 1024
MAX_NONCE_LENGTH = 64


class BadRequest(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


async def redeem_ticket(request: Request) -> Response:
    services = get_services()
    try:
        body = await _read_json(request)
        nonce = _string_field(body, "nonce", MAX_NONCE_LENGTH)
        changes = services.tickets.redeem(_string_field(body, "ticket", 4096))
    except BadRequest as error:
        return _refusal(error)
    except InvalidSeal:
        return JSONResponse({"detail": "The ticket is invalid, expired or used."}, 400)
    response = Response(status_code=204)
    secure = _secure(request, services)
    login = changes.get("login")
    if isinstance(login, str) and login:
        cookies.set_cookie(
            response, services.sealer, cookies.LOGIN_COOKIE, login, _login_max_age(login), secure
        )
    anon = changes.get("anon")
    if isinstance(anon, str) and anon:
        cookies.set_cookie(
            response,
            services.sealer,
            cookies.ANON_COOKIE,
            anon,
            cookies.ANON_LIFETIME_SECONDS,
            secure,
        )
    for name in changes.get("clear", []):
        if name in (cookies.LOGIN_COOKIE, cookies.ANON_COOKIE):
            cookies.clear_cookie(response, name, secure)
    services.handoff.put(nonce, BridgeOutcome("stored"))
    return response


async def refresh(request: Request) -> Response:
    services = get_services()
    try:
        body = await _read_json(request)
        nonce = _string_field(body, "nonce", MAX_NONCE_LENGTH)
    except BadRequest as error:
        return _refusal(error)
    response = Response(status_code=204)
    secure = _secure(request, services)
    refresh_token = cookies.open_value(services.sealer, cookies.LOGIN_COOKIE, request.cookies)
    if refresh_token is None:
        if request.cookies.get(cookies.LOGIN_COOKIE):
            cookies.clear_cookie(response, cookies.LOGIN_COOKIE, secure)
        services.handoff.put(nonce, BridgeOutcome("signed_out"))
        return response
    try:
        pair = await run_in_threadpool(services.backend.refresh, refresh_token)
    except Unauthorized:
        cookies.clear_cookie(response, cookies.LOGIN_COOKIE, secure)
        services.handoff.put(nonce, BridgeOutcome("expired"))
        return response
    except BackendError as error:
        # Keep the cookie: the login is still good once the backend is back.
        services.handoff.put(nonce, BridgeOutcome("unavailable", detail=error.detail))
        return response
    cookies.set_cookie(
        response,
        services.sealer,
        cookies.LOGIN_COOKIE,
        pair.refresh_token,
        _login_max_age(pair.refresh_token),
        secure,
    )
    services.handoff.put(nonce, BridgeOutcome("granted", access_token=pair.access_token))
    return response


def _login_max_age(refresh_token: str) -> int:
    try:
        lifetime = lifetime_seconds(refresh_token)
    except MalformedToken:
        lifetime = 0
    return int(lifetime) + cookies.LOGIN_COOKIE_SLACK_SECONDS


async def _read_json(request: Request) -> dict[str, Any]:
    """Refuse cross-site callers and anything but a small JSON object."""
    if not _same_origin(request):
        raise BadRequest(403, "Cross-origin requests are not allowed.")
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise BadRequest(415, "Send JSON.")
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise BadRequest(413, "The request body is too large.")
    try:
        body = json.loads(raw)
    except ValueError as error:
        raise BadRequest(400, "The request body is not valid JSON.") from error
    if not isinstance(body, dict):
        raise BadRequest(400, "The request body must be a JSON object.")
    return body


def _string_field(body: dict[str, Any], name: str, max_length: int) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value or len(value) > max_length:
        raise BadRequest(400, f"The field {name!r} is missing or invalid.")
    return value


def _same_origin(request: Request) -> bool:
    """Custom routes get no XSRF protection from Streamlit: accept only the app's own pages."""
    origin = request.headers.get("origin")
    if not origin:
        return False
    hosts = {request.headers.get("host"), request.headers.get("x-forwarded-host")}
    return urlsplit(origin).netloc in hosts - {None}


def _secure(request: Request, services: Services) -> bool:
    configured = services.settings.app_cookie_secure
    return configured if configured is not None else request.url.scheme == "https"


def _refusal(error: BadRequest) -> Response:
    return JSONResponse({"detail": error.detail}, error.status)


ROUTES = [
    Route(COOKIES_PATH, redeem_ticket, methods=["POST"]),
    Route(REFRESH_PATH, refresh, methods=["POST"]),
]
