"""The seed's four auth endpoints: register, log in, refresh, log out. Every profile has them;
what they answer follows the profile."""

from typing import Annotated

from fastapi import APIRouter, Body, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from stub_backend.cookies import delete_anon_cookie
from stub_backend.deps import (
    CREDENTIALS_REFUSED,
    AnonCookie,
    CurrentUser,
    ServicesDep,
    client_address,
    user_agent,
)
from stub_backend.errors import too_many_requests, unauthorized
from stub_backend.profile import Profile
from stub_backend.schemas import (
    LoggedOut,
    LoginResult,
    LogoutRequest,
    RefreshRequest,
    Registration,
    SeedTokenPair,
    TokenPair,
    normalise_email,
)
from stub_backend.security import ExpiredTokenError, Role, TokenError, fingerprint, new_id
from stub_backend.services import IssuedPair, Services
from stub_backend.store.records import EmailTakenError, Rotation, User
from stub_backend.throttle import Scope

INVALID_LOGIN = "Invalid email or password"
_TOO_MANY_FAILURES: dict[Scope, str] = {
    "email": "Too many failed logins for this email.",
    "client": "Too many failed logins from this address.",
    "global": "Too many failed logins on this server.",
}


def router_for(profile: Profile) -> APIRouter:
    """The handlers always build the full answer; in the minimal profile the response model
    drops what the seed's backend does not send (`token_type`, `expires_in`,
    `migrated_documents`), and logout answers 200 with a body as the seed's client expects."""
    login_answer = LoginResult if profile.extras else SeedTokenPair
    refresh_answer = TokenPair if profile.extras else SeedTokenPair
    router = APIRouter(prefix="/auth", tags=["auth"])
    router.add_api_route(
        "/register", register, methods=["POST"], status_code=201, response_model=login_answer
    )
    router.add_api_route("/login", login, methods=["POST"], response_model=login_answer)
    router.add_api_route("/refresh", refresh, methods=["POST"], response_model=refresh_answer)
    if profile.extras:
        router.add_api_route("/logout", logout, methods=["POST"], status_code=204)
    else:
        router.add_api_route("/logout", logout_with_answer, methods=["POST"])
    return router


def _token_pair(pair: IssuedPair) -> TokenPair:
    return TokenPair(
        access_token=pair.access.token,
        refresh_token=pair.refresh.token,
        expires_in=pair.expires_in,
    )


def _login_result(
    request: Request, services: Services, pair: IssuedPair, migrated: int, cookie: str | None
) -> LoginResult:
    if cookie is not None:
        # Migrated, or unknown: either way the cookie names no open session any more.
        delete_anon_cookie(request, secure=services.settings.stub_cookie_secure)
    return LoginResult(**_token_pair(pair).model_dump(), migrated_documents=migrated)


def register(
    request: Request, body: Registration, services: ServicesDep, anon_session: AnonCookie = None
) -> LoginResult:
    password_hash = services.passwords.hash(body.password)
    now = services.clock.now()
    role: Role = "admin" if body.email in services.settings.stub_admin_emails else "user"
    user = User(id=new_id(), email=body.email, role=role, created_at=now)
    pair = services.issue_pair(email=user.email, user_id=user.id, role=role, sid=new_id(), now=now)
    cookie_hash = fingerprint(anon_session) if anon_session else None
    try:
        migrated = services.store.accounts.create_user(
            user, password_hash, pair.session(now, user_agent(request)), cookie_hash
        )
    except EmailTakenError:
        raise HTTPException(
            status.HTTP_409_CONFLICT, detail="An account with this email already exists."
        ) from None
    return _login_result(request, services, pair, migrated, anon_session)


def login(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    services: ServicesDep,
    anon_session: AnonCookie = None,
) -> LoginResult:
    email = normalise_email(form.username)
    accounts, guard = services.store.accounts, services.login_guard
    client = client_address(request)
    if wait := guard.admit(email, client):
        raise too_many_requests(
            f"{_TOO_MANY_FAILURES[wait.scope]} Try again in {wait.seconds} seconds.", wait.seconds
        )
    user, password_hash = accounts.credentials(email) or (None, None)
    # Verified even for an unknown email (against a dummy hash): the answer takes as long.
    if not services.passwords.verify(form.password, password_hash) or user is None:
        raise unauthorized(INVALID_LOGIN)
    now = services.clock.now()
    pair = services.issue_pair(
        email=user.email, user_id=user.id, role=user.role, sid=new_id(), now=now
    )
    cookie_hash = fingerprint(anon_session) if anon_session else None
    migrated = accounts.open_session(pair.session(now, user_agent(request)), cookie_hash)
    if migrated is None:
        raise unauthorized(INVALID_LOGIN)
    guard.succeeded(email, client)
    return _login_result(request, services, pair, migrated, anon_session)


def refresh(body: RefreshRequest, services: ServicesDep) -> TokenPair:
    try:
        claims = services.decode(body.refresh_token, "refresh")
    except ExpiredTokenError:
        raise unauthorized("Refresh token has expired") from None
    except TokenError:
        raise unauthorized(CREDENTIALS_REFUSED) from None
    presented_hash = fingerprint(body.refresh_token)
    accounts = services.store.accounts
    # The store, not the claims, says whether this is a refresh token and of which session.
    sid = accounts.refresh_session(presented_hash)
    if sid is None or claims.sid not in (None, sid):
        raise unauthorized(CREDENTIALS_REFUSED)
    now = services.clock.now()
    pair = services.issue_pair(
        email=claims.sub, user_id=claims.user_id, role=claims.role, sid=sid, now=now
    )
    rotation = accounts.rotate_refresh(
        presented_hash,
        claims.user_id,
        pair.session(now),
        services.settings.refresh_reuse_grace_seconds,
    )
    if rotation is Rotation.REUSE_DETECTED:
        raise unauthorized("Refresh token was already used; the session has been revoked")
    if rotation is Rotation.REFUSED:
        raise unauthorized(CREDENTIALS_REFUSED)
    return _token_pair(pair)


def _log_out(caller: CurrentUser, services: Services, body: LogoutRequest | None) -> None:
    claims = caller.claims
    refresh_token = body.refresh_token if body else None
    logged_out = services.store.accounts.logout(
        claims.user_id,
        caller.sid,
        claims.jti,
        blocklist_until=claims.exp,
        refresh_hash=fingerprint(refresh_token) if refresh_token else None,
        now=services.clock.now(),
    )
    if not logged_out:
        raise unauthorized(CREDENTIALS_REFUSED)


def logout(
    caller: CurrentUser, services: ServicesDep, body: Annotated[LogoutRequest | None, Body()] = None
) -> None:
    _log_out(caller, services, body)


def logout_with_answer(
    caller: CurrentUser, services: ServicesDep, body: Annotated[LogoutRequest | None, Body()] = None
) -> LoggedOut:
    _log_out(caller, services, body)
    return LoggedOut()
