"""From a request to who is calling, as `Annotated` aliases that routes take as parameters."""

import ipaddress
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Cookie, Depends, Request
from fastapi.security import OAuth2PasswordBearer

from stub_backend.cookies import ANON_COOKIE, set_anon_cookie
from stub_backend.errors import unauthorized
from stub_backend.security import ExpiredTokenError, TokenClaims, TokenError, fingerprint, new_id
from stub_backend.services import Services
from stub_backend.store.records import AnonSession, Owner, User

CREDENTIALS_REFUSED = "Could not validate credentials"


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


_MAX_USER_AGENT_LENGTH = 256


def user_agent(request: Request) -> str | None:
    """The browser's own description, for the person's list of sessions; cut short, as anyone
    can send anything there."""
    value = request.headers.get("user-agent", "").strip()
    return value[:_MAX_USER_AGENT_LENGTH] or None


def client_address(request: Request) -> str:
    """Who is calling: the connection's address, or, when the connection comes from a trusted
    proxy (STUB_TRUSTED_PROXIES, the app), the address that proxy puts last in X-Forwarded-For.
    Behind the app every browser shares the app's address: without this, one browser's
    failures would make every browser wait."""
    connection = request.client.host if request.client else "unknown"
    trusted = get_services(request).settings.stub_trusted_proxies
    if connection not in trusted:
        return connection  # anyone else's header is the caller's own claim
    forwarded = request.headers.get("x-forwarded-for", "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(forwarded))
    except ValueError:
        return connection


AnonCookie = Annotated[str | None, Cookie(alias=ANON_COOKIE)]
_bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/login", auto_error=False)


def _presented_token(
    request: Request, token: Annotated[str | None, Depends(_bearer)]
) -> str | None:
    # Any Authorization header is an attempt to authenticate. Falling back to anonymous would
    # hide an expired token from the client, which refreshes only when it sees a 401.
    if token is None and "authorization" in request.headers:
        raise unauthorized(CREDENTIALS_REFUSED)
    return token


PresentedToken = Annotated[str | None, Depends(_presented_token)]


@dataclass(frozen=True)
class Authenticated:
    user: User
    claims: TokenClaims
    # From the store, not the claims: a minimal-profile token does not name its session.
    sid: str


def authenticate(services: Services, token: str) -> Authenticated:
    """Accept an access token only with a good signature and exp, a jti the backend issued as an
    access token and has not blocklisted, an open session and a user that still exists."""
    try:
        claims = services.decode(token, "access")
    except ExpiredTokenError:
        raise unauthorized("Token has expired") from None
    except TokenError:
        raise unauthorized(CREDENTIALS_REFUSED) from None
    active = services.store.accounts.active_token(claims.user_id, claims.jti)
    # A token that names a session must name its own: its claims are signed, but the store is
    # what the backend trusts.
    if active is None or claims.sid not in (None, active.sid):
        raise unauthorized(CREDENTIALS_REFUSED)
    return Authenticated(active.user, claims, active.sid)


def get_current_user(services: ServicesDep, token: PresentedToken) -> Authenticated:
    if token is None:
        raise unauthorized("Not authenticated")
    return authenticate(services, token)


CurrentUser = Annotated[Authenticated, Depends(get_current_user)]


def _anonymous_session(request: Request, services: Services, cookie: str | None) -> AnonSession:
    documents = services.store.documents
    if cookie and (session := documents.anon_session(fingerprint(cookie))):
        return session
    # Unknown and closed (migrated) cookies are treated as absent: a fresh session replaces them.
    value = secrets.token_urlsafe(32)
    session = documents.create_anon_session(new_id(), fingerprint(value), services.clock.now())
    set_anon_cookie(request, value, secure=services.settings.stub_cookie_secure)
    return session


def get_caller(
    request: Request, services: ServicesDep, token: PresentedToken, anon_session: AnonCookie = None
) -> Authenticated | AnonSession:
    if token is not None:
        return authenticate(services, token)
    return _anonymous_session(request, services, anon_session)


Caller = Annotated[Authenticated | AnonSession, Depends(get_caller)]


def get_owner(caller: Caller) -> Owner:
    if isinstance(caller, Authenticated):
        return Owner("user", caller.user.id)
    return Owner("anonymous", caller.id)


CurrentOwner = Annotated[Owner, Depends(get_owner)]
