"""The app's own HTTP routes: the only code that reads or writes the app's cookies.

Each path below is under Streamlit's `server.baseUrlPath` when one is set (app/base_path.py).

Page JavaScript calls them with a same-origin `fetch` (see bridge.py). Every answer is either
an error sentence or `{"outcome": <sealed>}`, which the page hands back to the session without
being able to read it (see outcomes.py): no token ever reaches page JavaScript.

- POST /api/session/cookies {"ticket", "nonce"}: redeems a sealed one-time ticket that says which
  cookies to set or clear (after a login, or a new anonymous session).
- POST /api/session/refresh {"nonce"}: rotates the refresh token the login cookie holds and
  stores the new pair in the cookie.
- POST /api/session/logout {"nonce"}: revokes the login at the backend, with a usable access
  token (refreshed first when the one kept is expired) and the refresh token, and always
  clears the login cookie.
- GET /api/session/documents/{id}/content: a download, fetched at click time with the
  browser's current login (refreshed first when expired) or anonymous session; a failure is a
  small page that says why.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute

from app.auth import binding, cookie_names, cookies, tokens
from app.auth.cookies import LoginCookie
from app.auth.outcomes import Outcome, OutcomeKind, seal_outcome
from app.auth.tokens import HeldToken, MalformedToken
from app.backend import (
    BackendError,
    Caller,
    DocumentContent,
    DocumentTooLarge,
    NotFound,
    Unauthorized,
)
from app.base_path import UnderBasePath
from app.origin import is_own_origin
from app.sealing import InvalidSeal
from app.services import Services, get_services

logger = logging.getLogger(__name__)
T = TypeVar("T")

COOKIES_PATH = "/api/session/cookies"
REFRESH_PATH = "/api/session/refresh"
LOGOUT_PATH = "/api/session/logout"
DOWNLOAD_PATH = "/api/session/documents/{document_id}/content"
_DOCUMENT_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")
# Fetch metadata a browser sends with a navigation: a download starts from the app's own page
# (same-origin) or from the address bar (none), never from another site or port.
_OWN_NAVIGATION = frozenset({"same-origin", "none"})
MAX_BODY_BYTES = 16 * 1024
MAX_NONCE_LENGTH = 64
# How long other tabs must be told of a logout: as long as any tab may hold an access token.
SIGNED_OUT_SLACK_SECONDS = 60.0


class BadRequest(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


async def redeem_ticket(request: Request) -> Response:
    services = get_services()
    try:
        body = await _read_json(request, services)
        nonce = _string_field(body, "nonce", MAX_NONCE_LENGTH)
        changes = services.tickets.redeem(_string_field(body, "ticket", 8192))
    except BadRequest as error:
        return _refusal(error)
    except InvalidSeal:
        return JSONResponse({"detail": "The ticket is invalid, expired or used."}, 400)
    secure = _secure(request, services)
    if not binding.matches(changes.get("browser"), _sent(request, secure)):
        # Issued to another browser: a ticket taken from a page is worth nothing elsewhere.
        return JSONResponse({"detail": "The ticket is invalid, expired or used."}, 400)
    response = _answer(services, Outcome(nonce, "stored"))
    login = changes.get("login")
    if isinstance(login, str) and login:
        # None (not "keep me signed in"): a session cookie, dropped when the browser closes.
        # The ticket is sealed by this app: what it says is what the session decided.
        max_age = changes.get("login_max_age", cookies.LOGIN_COOKIE_MAX_AGE_SECONDS)
        cookies.set_cookie(response, cookies.LOGIN_COOKIE, login, max_age, secure)
    anon = changes.get("anon")
    if isinstance(anon, str) and anon:
        max_age = cookies.ANON_LIFETIME_SECONDS
        cookies.set_cookie(response, cookies.ANON_COOKIE, anon, max_age, secure)
    for name in changes.get("clear", []):
        if name in (cookies.LOGIN_COOKIE, cookies.ANON_COOKIE):
            cookies.clear_cookie(response, name, secure)
    return response


async def refresh(request: Request) -> Response:
    services = get_services()
    try:
        nonce = _string_field(await _read_json(request, services), "nonce", MAX_NONCE_LENGTH)
    except BadRequest as error:
        return _refusal(error)
    secure = _secure(request, services)
    sent = _sent(request, secure)
    login = cookies.open_login(services.sealer, sent)
    if login is None or login.login_id in services.signed_out:
        response = _answer(services, Outcome(nonce, "signed_out"))
        if sent.get(cookies.LOGIN_COOKIE):
            cookies.clear_cookie(response, cookies.LOGIN_COOKIE, secure)
        return response
    try:
        renewed = await run_in_threadpool(_rotate, services, login)
    except Unauthorized as error:
        ran_out = tokens.refusal_was_expiry(login.refresh_token, error.detail)
        response = _answer(services, Outcome(nonce, "expired" if ran_out else "ended"))
        cookies.clear_cookie(response, cookies.LOGIN_COOKIE, secure)
        return response
    except BackendError as error:
        # Keep the cookie: the login is still good once the backend is back.
        return _answer(services, Outcome(nonce, "unavailable", detail=error.detail))
    granted = Outcome(nonce, "granted", login=renewed.session_fields(services.backend.profile))
    response = _answer(services, granted)
    _store_login(response, services, renewed, sent, secure)
    return response


async def log_out(request: Request) -> Response:
    services = get_services()
    try:
        nonce = _string_field(await _read_json(request, services), "nonce", MAX_NONCE_LENGTH)
    except BadRequest as error:
        return _refusal(error)
    secure = _secure(request, services)
    login = cookies.open_login(services.sealer, _sent(request, secure))
    kind: OutcomeKind = "signed_out"
    detail = None
    if login is not None:
        services.signed_out.add(
            login.login_id, hold_seconds=login.access_lifetime + SIGNED_OUT_SLACK_SECONDS
        )
        # A backend that cannot end a token (a plain JWT) is still told, for its own records;
        # this browser forgets the login either way.
        revokes = services.backend.capabilities.revoke
        try:
            await run_in_threadpool(_revoke, services, login)
            kind = "revoked" if revokes else "forgotten"
        except BackendError as error:
            kind = "not_revoked" if revokes else "forgotten"
            if revokes:
                logger.warning("A logout could not be confirmed by the backend (%s).", error.status)
                detail = error.detail
    response = _answer(services, Outcome(nonce, kind, detail=detail))
    # Whatever the backend said, this browser is signed out.
    cookies.clear_cookie(response, cookies.LOGIN_COOKIE, secure)
    return response


async def download(request: Request) -> Response:
    services = get_services()
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in _OWN_NAVIGATION:
        return _download_refusal("Downloads start from the app's own pages.", 403)
    document_id = request.path_params.get("document_id", "")
    if not _DOCUMENT_ID.fullmatch(document_id):
        return _download_refusal("This document does not exist.", 404)
    secure = _secure(request, services)
    sent = _sent(request, secure)
    login = cookies.open_login(services.sealer, sent)
    if login is not None and login.login_id in services.signed_out:
        login = None
    anon = cookies.open_anon(services.sealer, sent)
    if login is None and anon is None:
        # Nobody's document: asking the backend would only make it open (and store) a fresh
        # anonymous session for each such request.
        return _download_refusal("This document does not exist.", 404)
    try:
        fetched, renewed = await run_in_threadpool(
            _fetch_document, services, login, anon, document_id
        )
    except Unauthorized:
        response = _download_refusal("Your session has expired. Please log in again.", 401)
        cookies.clear_cookie(response, cookies.LOGIN_COOKIE, secure)
        return response
    except NotFound:
        return _download_refusal("This document does not exist (it may have been deleted).", 404)
    except DocumentTooLarge as error:
        return _download_refusal(error.detail, 502)  # trying again would not help
    except BackendError as error:
        return _download_refusal(f"{error.detail} Please try again in a moment.", 502)
    response = Response(fetched.content, media_type=fetched.content_type)
    # Whatever the backend says, a document is saved, never shown: an HTML file shown inline
    # would run its script on the app's origin, with the person's cookies. The sandbox holds
    # even where a browser opens it anyway (a PDF viewer, a saved-file preview).
    response.headers["content-disposition"] = _attachment(fetched.disposition)
    response.headers["content-security-policy"] = "sandbox"
    response.headers["cache-control"] = "no-store"
    response.headers["x-content-type-options"] = "nosniff"
    if renewed is not None:
        _store_login(response, services, renewed, sent, secure)
    return response


def _fetch_document(
    services: Services, login: LoginCookie | None, anon: str | None, document_id: str
) -> tuple[DocumentContent, LoginCookie | None]:
    """The document with the browser's credentials now; a login refreshed on the way, if any."""
    if login is None:
        return services.backend.document_content(Caller(anon_session=anon), document_id), None
    return _with_usable_token(
        services,
        login,
        lambda current: services.backend.document_content(
            Caller(current.access_token), document_id
        ),
    )


def _attachment(disposition: str | None) -> str:
    """The backend's disposition as an attachment, its parameters (the filename) kept."""
    _, separator, parameters = (disposition or "").partition(";")
    return "attachment" + separator + parameters


def _download_refusal(sentence: str, status: int) -> Response:
    page = (
        "<!doctype html><meta charset=utf-8><title>Download failed</title>"
        f"<p>{html.escape(sentence)}</p><p><a href=/documents>Back to Documents</a></p>"
    )
    return HTMLResponse(page, status)


def _rotate(services: Services, login: LoginCookie) -> LoginCookie:
    """The login with a fresh access token (and the rotated refresh token, where the backend
    rotates); Unauthorized when the backend refuses, or when the login cannot be renewed."""
    if not login.renewable:
        raise Unauthorized("This login cannot be renewed.")
    pair = services.backend.refresh(login.refresh_token)
    try:
        return login.renewed(HeldToken.from_answer(pair), pair.refresh_token)
    except MalformedToken:
        logger.error("The backend's refresh answer holds an access token the app cannot read.")
        raise Unauthorized("The server sent an unusable token.") from None


def _with_usable_token(
    services: Services, login: LoginCookie, call: Callable[[LoginCookie], T]
) -> tuple[T, LoginCookie | None]:
    """`call` with a usable access token, and the login renewed on the way (None: it was not):
    renewed first when the kept token has expired on the app's clock, and once more when the
    backend refuses the kept one (its clock says it has expired). Unauthorized when a fresh
    token is refused, or the login cannot be renewed."""
    renewed = _rotate(services, login) if login.access_expires_at <= tokens.local_time() else None
    try:
        return call(renewed or login), renewed
    except Unauthorized:
        if renewed is not None:
            raise
    # The kept token looked fresh but the backend's clock says otherwise.
    renewed = _rotate(services, login)
    return call(renewed), renewed


def _revoke(services: Services, login: LoginCookie) -> None:
    """Log out at the backend with a usable access token: an idle tab's kept token has expired,
    and the backend would refuse it without revoking anything. A fresh token refused, or a
    refresh token refused, means there is nothing left to revoke."""
    with contextlib.suppress(Unauthorized):
        _with_usable_token(
            services,
            login,
            lambda current: services.backend.logout(
                Caller(current.access_token), current.refresh_token
            ),
        )


def _store_login(
    response: Response,
    services: Services,
    login: LoginCookie,
    sent: dict[str, str],
    secure: bool,
) -> None:
    # Bound to the browser it was read beside (open_login checked that it is the same one).
    sealed = cookies.seal_login(services.sealer, login, binding.fingerprint(sent))
    # A renewed login stays what the person chose: kept, or gone when the browser closes.
    cookies.set_cookie(response, cookies.LOGIN_COOKIE, sealed, login.max_age, secure)


def _answer(services: Services, outcome: Outcome) -> Response:
    return JSONResponse({"outcome": seal_outcome(services.sealer, outcome)})


async def _read_json(request: Request, services: Services) -> dict[str, Any]:
    """Refuse cross-site callers and anything but a small, flat-enough JSON object."""
    origin = request.headers.get("origin")
    if not is_own_origin(origin, request.headers.get("host"), services.settings.app_public_origin):
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
    except (ValueError, RecursionError) as error:
        # RecursionError: deeply nested arrays are valid JSON that Python cannot parse.
        raise BadRequest(400, "The request body is not valid JSON.") from error
    if not isinstance(body, dict):
        raise BadRequest(400, "The request body must be a JSON object.")
    return body


def _string_field(body: dict[str, Any], name: str, max_length: int) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value or len(value) > max_length:
        raise BadRequest(400, f"The field {name!r} is missing or invalid.")
    return value


def _secure(request: Request, services: Services) -> bool:
    return cookie_names.is_secure(request.url.scheme, services.settings.app_cookie_secure)


def _sent(request: Request, secure: bool) -> dict[str, str]:
    return cookie_names.read(request.cookies, secure)


def _refusal(error: BadRequest) -> Response:
    return JSONResponse({"detail": error.detail}, error.status)


# Under Streamlit's server.baseUrlPath, as Streamlit's own routes are.
ROUTES: list[BaseRoute] = [
    UnderBasePath(COOKIES_PATH, redeem_ticket, methods=["POST"]),
    UnderBasePath(REFRESH_PATH, refresh, methods=["POST"]),
    UnderBasePath(LOGOUT_PATH, log_out, methods=["POST"]),
    UnderBasePath(DOWNLOAD_PATH, download, methods=["GET"]),
]
