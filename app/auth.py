"""The auth state machine: log in, register, log out, refresh and restore.

This module is the only writer of auth state in `st.session_state`. The session holds the
access token only; the refresh token lives in the app's HttpOnly cookie, and every refresh goes
through the app's route (see session_routes.py and bridge.py), so all tabs of one browser share
one refresh lineage and none of them trips the backend's reuse detection.

Pages call `fetch` for data they render and `act` for user actions; on a 401 both start one
refresh, and `act` retries the action once when the refresh succeeds.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

import streamlit as st

from app import browser
from app import session_cookies as cookies
from app.backend import (
    BackendClient,
    BackendError,
    BackendUnavailable,
    Caller,
    Conflict,
    InvalidInput,
    Profile,
    RateLimited,
    ServerError,
    SignIn,
    Unauthorized,
)
from app.bridge import BridgeCall
from app.handoff import BridgeOutcome
from app.services import get_services
from app.session_routes import COOKIES_PATH, REFRESH_PATH
from app.tokens import HeldToken, MalformedToken

logger = logging.getLogger(__name__)

T = TypeVar("T")
Operation = Callable[[BackendClient, Caller], T]
Destination = Literal["home", "login"]
FlashKind = Literal["success", "info", "warning", "error"]

STATE_KEY = "_auth_state"
INVALID_CREDENTIALS = "Invalid email or password"
EXPIRED = "Your session has expired. Please log in again."
LOGGED_OUT = "You have been logged out."
TRY_AGAIN = "Please try again in a moment."
UNREACHABLE = "The server cannot be reached."
# A bridge call that has not reported back by then is treated as failed.
BRIDGE_TIMEOUT_SECONDS = 30.0
# After the backend could not be reached for a proactive refresh, wait before asking again.
REFRESH_BACKOFF_SECONDS = 15.0
MIN_PASSWORD = 8
MAX_PASSWORD = 128


class PageInterrupted(Exception):
    """The backend refused the token mid-page: the page stops and re-renders after a refresh."""


@dataclass(frozen=True)
class Flash:
    kind: FlashKind
    text: str


@dataclass(frozen=True)
class Problem:
    """Something stops the page until the person asks to try again."""

    text: str
    retry: Literal["restore", "refresh"]


@dataclass(frozen=True)
class Identity:
    """What pages may show about the signed-in user, all from the session's own state."""

    email: str
    role: str
    user_id: str
    sid: str
    issued_at: float
    expires_at: float
    seconds_left: float
    claims: dict[str, object]
    profile: Profile | None


@dataclass
class AuthState:
    token: HeldToken | None = None
    profile: Profile | None = None
    anon_session: str | None = None
    calls: list[BridgeCall] = field(default_factory=list)
    # The backend refused the current token; a refresh is under way.
    token_refused: bool = False
    # The current token came from a refresh forced by a 401: if it is refused too, the
    # session was revoked and refreshing again would only loop.
    refreshed_after_refusal: bool = False
    retry: Callable[[], None] | None = None
    problem: Problem | None = None
    flashes: list[Flash] = field(default_factory=list)
    form_errors: dict[str, str] = field(default_factory=dict)
    # What the person is looking at. A rerun that collects a finished bridge call shows it
    # again, so a flash is not wiped by the cookie call that follows the action behind it.
    shown_flashes: list[Flash] = field(default_factory=list)
    shown_form_errors: dict[str, str] = field(default_factory=dict)
    destination: Destination | None = None
    refresh_not_before: float = 0.0


# ---- reading state (pages, sidebar, router) -------------------------------------------------


def begin_run() -> None:
    """Start of every run: adopt finished refreshes, then refresh early if the token is due."""
    state = _state()
    if not _collect_outcomes(state):
        state.shown_flashes, state.shown_form_errors = [], {}
    if state.token is not None and state.token.claims.sid in get_services().signed_out:
        _end_session(state, Flash("info", LOGGED_OUT))  # logged out in another tab
    margin = get_services().settings.app_refresh_margin_seconds
    if (
        state.token is not None
        and state.problem is None
        and not _refresh_pending(state)
        and time.monotonic() >= state.refresh_not_before
        and state.token.refresh_due(margin)
    ):
        _start_refresh(state, "refresh")


def is_authenticated() -> bool:
    return _state().token is not None


def is_restoring() -> bool:
    return any(call.kind == "restore" for call in _state().calls)


def identity() -> Identity | None:
    state = _state()
    if state.token is None:
        return None
    claims = state.token.claims
    return Identity(
        email=claims.email,
        role=claims.role,
        user_id=claims.user_id,
        sid=claims.sid,
        issued_at=claims.issued_at,
        expires_at=claims.expires_at,
        seconds_left=state.token.seconds_left(),
        claims=dict(claims.raw),
        profile=state.profile,
    )


def access_token_for_debug() -> str | None:
    """The raw access token, only for the Debug page and only when the setting allows it."""
    state = _state()
    if state.token is None or not get_services().settings.app_debug_show_tokens:
        return None
    return state.token.token


def blocking_message() -> str | None:
    """Why the page cannot render yet, while the browser restores or refreshes the login."""
    state = _state()
    if is_restoring():
        return "Restoring your session…"
    token_unusable = state.token is not None and (state.token_refused or state.token.expired())
    if token_unusable and _refresh_pending(state):
        return "Refreshing your session…"
    return None


def problem() -> Problem | None:
    return _state().problem


def pending_calls() -> list[BridgeCall]:
    return list(_state().calls)


def take_flashes() -> list[Flash]:
    """Messages to show once, on the page the person lands on."""
    state = _state()
    state.shown_flashes, state.flashes = state.shown_flashes + state.flashes, []
    return list(state.shown_flashes)


def take_destination() -> Destination | None:
    state = _state()
    destination, state.destination = state.destination, None
    return destination


def take_form_error(form: str) -> str | None:
    state = _state()
    if form in state.form_errors:
        state.shown_form_errors[form] = state.form_errors.pop(form)
    return state.shown_form_errors.get(form)


def content_loader(document_id: str) -> Callable[[], bytes]:
    """A download's bytes, fetched when the person clicks. The click is served outside the
    script thread, where session state cannot be read, so the credentials are taken now."""
    state = _state()
    caller = Caller(state.token.token if state.token else None, state.anon_session)
    backend = get_services().backend
    return lambda: backend.document_content(caller, document_id)


# ---- backend calls for pages ----------------------------------------------------------------


def fetch(operation: Operation[T]) -> T:
    """Run a backend call for the page being rendered, as this session's caller.

    Raises PageInterrupted when the token was refused (a refresh has been started), and the
    BackendError subclasses for everything else, for the page to explain.
    """
    state = _state()
    caller = Caller(state.token.token if state.token else None, state.anon_session)
    try:
        result = operation(get_services().backend, caller)
    except Unauthorized:
        if state.token is None:
            raise
        _token_refused(state)
        raise PageInterrupted from None
    finally:
        _adopt_anon_session(state, caller)
    state.refreshed_after_refusal = False
    return result


def act(operation: Operation[object], success: str | None = None) -> None:
    """Run a user action from a callback; after a refused token, retry it once refreshed."""
    state = _state()

    def attempt() -> None:
        try:
            fetch(operation)
        except BackendError as error:
            state.flashes.append(Flash("error", explain(error)))
        else:
            if success:
                state.flashes.append(Flash("success", success))

    try:
        attempt()
    except PageInterrupted:
        if state.token is not None:
            state.retry = attempt


def explain(error: BackendError) -> str:
    """A sentence for a person: the backend's own words for a refusal, ours for an outage."""
    if isinstance(error, BackendUnavailable | ServerError):
        return f"{error.detail} {TRY_AGAIN}"
    return error.detail


# ---- callbacks ------------------------------------------------------------------------------


def log_in(email: str, password: str) -> None:
    state = _state()
    email = email.strip()
    if not email or not password:
        state.form_errors["login"] = "Enter your email and password."
        return
    try:
        sign_in = get_services().backend.login(email, password, _anonymous_caller(state))
    except Unauthorized:
        state.form_errors["login"] = INVALID_CREDENTIALS
    except RateLimited as error:
        state.form_errors["login"] = (
            f"Too many failed attempts. Try again in {_duration(error.retry_after)}."
        )
    except BackendError as error:
        state.form_errors["login"] = explain(error)
    else:
        _signed_in(state, sign_in)


def register(email: str, password: str, confirmation: str) -> None:
    state = _state()
    email = email.strip()
    refusal = _registration_refusal(email, password, confirmation)
    if refusal:
        state.form_errors["register"] = refusal
        return
    try:
        sign_in = get_services().backend.register(email, password, _anonymous_caller(state))
    except (Conflict, InvalidInput) as error:
        state.form_errors["register"] = error.detail
    except BackendError as error:
        state.form_errors["register"] = explain(error)
    else:
        _signed_in(state, sign_in)


def log_out() -> None:
    state = _state()
    if state.token is not None:
        lifetime = state.token.claims.lifetime
        get_services().signed_out.add(state.token.claims.sid, hold_seconds=lifetime + 60)
        try:
            get_services().backend.logout(state.token.token)
        except Unauthorized:
            pass  # Already revoked (logged out in another tab): the goal is met.
        except BackendError:
            logger.warning("Logout could not reach the backend; ending the session locally.")
    _end_session(state, Flash("info", LOGGED_OUT))


def on_bridge_done(call: BridgeCall, status: int) -> None:
    """The page finished a bridge call. Its outcome is read from the handoff at the start of
    the run this callback belongs to; a status without an outcome means the call failed."""
    state = _state()
    for pending in state.calls:
        if pending.nonce == call.nonce:
            pending.status = status


def retry_problem() -> None:
    state = _state()
    if state.problem is None:
        return
    kind, state.problem = state.problem.retry, None
    _start_refresh(state, kind)


# ---- internals ------------------------------------------------------------------------------


def _state() -> AuthState:
    # One lookup on the common path: pages and the router ask for the state many times a run.
    state: AuthState | None = st.session_state.get(STATE_KEY)
    if state is None:
        state = st.session_state[STATE_KEY] = _state_from_browser()
    return state


def _state_from_browser() -> AuthState:
    """A new session (a reload, a new tab): pick up what this browser's cookies remember."""
    state = AuthState()
    sent = browser.request_cookies()
    sealer = get_services().sealer
    state.anon_session = cookies.open_value(sealer, cookies.ANON_COOKIE, sent)
    if cookies.LOGIN_COOKIE in sent:
        _start_refresh(state, "restore")
    return state


def _new_nonce() -> str:
    # Hex, not urlsafe: the nonce names a component, whose id must never hold "__".
    return secrets.token_hex(24)


def _start_refresh(state: AuthState, kind: Literal["restore", "refresh"]) -> None:
    nonce = _new_nonce()
    state.calls.append(BridgeCall(nonce, kind, REFRESH_PATH, {"nonce": nonce}, time.monotonic()))


def _queue_cookie_changes(
    state: AuthState, *, login: str | None = None, anon: str | None = None, clear: list[str]
) -> None:
    changes: dict[str, object] = {"clear": clear}
    if login:
        changes["login"] = login
    if anon:
        changes["anon"] = anon
    ticket = get_services().tickets.issue(changes)
    nonce = _new_nonce()
    body = {"ticket": ticket, "nonce": nonce}
    state.calls.append(BridgeCall(nonce, "cookies", COOKIES_PATH, body, time.monotonic()))


def _refresh_pending(state: AuthState) -> bool:
    return any(call.kind in ("restore", "refresh") for call in state.calls)


def _collect_outcomes(state: AuthState) -> int:
    """Adopt what the routes left for this session's calls; return how many have finished."""
    handoff = get_services().handoff
    now = time.monotonic()
    finished = 0
    for call in list(state.calls):
        outcome = handoff.take(call.nonce)
        timed_out = now - call.started_at > BRIDGE_TIMEOUT_SECONDS
        if outcome is None and call.status is None and not timed_out:
            continue
        state.calls.remove(call)
        finished += 1
        if outcome is not None:
            _apply(state, call, outcome)
        elif call.kind == "cookies":
            logger.warning("The browser could not store a session cookie (%s).", call.status)
        else:
            action = _refresh_kind(call)
            state.problem = Problem(
                f"Your browser could not reach the app to {action} your session.", action
            )
    return finished


def _apply(state: AuthState, call: BridgeCall, outcome: BridgeOutcome) -> None:
    if outcome.kind == "stored":
        return
    if outcome.kind == "granted" and outcome.access_token:
        _refreshed(state, call, outcome.access_token)
    elif outcome.kind == "expired":
        _end_session(state, Flash("warning", EXPIRED))
    elif outcome.kind == "signed_out":
        if call.kind == "refresh":
            _end_session(state, Flash("info", LOGGED_OUT))
    elif call.kind == "refresh" and state.token is not None and not state.token.expired():
        if not state.token_refused:
            state.refresh_not_before = time.monotonic() + REFRESH_BACKOFF_SECONDS
            return
        state.problem = Problem(f"{outcome.detail or UNREACHABLE} {TRY_AGAIN}", "refresh")
    else:
        action = _refresh_kind(call)
        detail = outcome.detail or UNREACHABLE
        state.problem = Problem(f"We could not {action} your session. {detail} {TRY_AGAIN}", action)


def _refresh_kind(call: BridgeCall) -> Literal["restore", "refresh"]:
    return "restore" if call.kind == "restore" else "refresh"


def _refreshed(state: AuthState, call: BridgeCall, access_token: str) -> None:
    try:
        token = HeldToken.received(access_token)
    except MalformedToken:
        logger.error("The backend returned an access token without the contract's claims.")
        _end_session(state, Flash("warning", EXPIRED))
        return
    state.refreshed_after_refusal = state.token_refused
    state.token, state.token_refused = token, False
    if call.kind == "restore":
        state.profile = _profile_or_none(access_token)
        if state.anon_session:
            state.anon_session = None
            _queue_cookie_changes(state, clear=[cookies.ANON_COOKIE])
    retry, state.retry = state.retry, None
    if retry is not None:
        # Refused again: _token_refused has already ended the session.
        with contextlib.suppress(PageInterrupted):
            retry()


def _token_refused(state: AuthState) -> None:
    if state.refreshed_after_refusal:
        _end_session(state, Flash("warning", EXPIRED))
        return
    state.token_refused = True
    if not _refresh_pending(state):
        _start_refresh(state, "refresh")


def _signed_in(state: AuthState, sign_in: SignIn) -> None:
    try:
        token = HeldToken.received(sign_in.tokens.access_token)
    except MalformedToken:
        state.form_errors["login"] = "The server sent an unusable token. Please try again."
        return
    had_anon_session = state.anon_session is not None
    state.token, state.token_refused, state.refreshed_after_refusal = token, False, False
    state.profile = _profile_or_none(token.token)
    state.anon_session, state.problem, state.retry = None, None, None
    state.calls = [call for call in state.calls if call.kind == "cookies"]
    _queue_cookie_changes(
        state,
        login=sign_in.tokens.refresh_token,
        clear=[cookies.ANON_COOKIE] if had_anon_session else [],
    )
    moved = sign_in.migrated_documents
    if moved:
        noun = "document" if moved == 1 else "documents"
        state.flashes.append(Flash("success", f"{moved} {noun} moved to your account."))
    state.destination = "home"


def _end_session(state: AuthState, flash: Flash) -> None:
    state.token, state.profile, state.retry, state.problem = None, None, None, None
    state.token_refused = state.refreshed_after_refusal = False
    state.calls = [call for call in state.calls if call.kind == "cookies"]
    _queue_cookie_changes(state, clear=[cookies.LOGIN_COOKIE])
    state.flashes.append(flash)
    state.destination = "login"


def _profile_or_none(access_token: str) -> Profile | None:
    """The profile is fetched once per login; without it the page falls back to the claims."""
    try:
        return get_services().backend.me(access_token)
    except BackendError:
        return None


def _anonymous_caller(state: AuthState) -> Caller:
    """Login and register carry the anonymous cookie so the backend can move its documents."""
    return Caller(anon_session=state.anon_session)


def _adopt_anon_session(state: AuthState, caller: Caller) -> None:
    """The backend opened an anonymous session for this visitor: remember it in a cookie."""
    if state.token is None and caller.anon_session and caller.anon_session != state.anon_session:
        state.anon_session = caller.anon_session
        _queue_cookie_changes(state, anon=caller.anon_session, clear=[])


def _registration_refusal(email: str, password: str, confirmation: str) -> str | None:
    if not email:
        return "Enter your email address."
    if password != confirmation:
        return "Passwords do not match."
    if len(password) < MIN_PASSWORD:
        return f"Password must be at least {MIN_PASSWORD} characters."
    if len(password) > MAX_PASSWORD:
        return f"Password must be at most {MAX_PASSWORD} characters."
    return None


def _duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{round(seconds / 60)} minutes"
