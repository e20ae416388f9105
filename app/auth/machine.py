"""The auth state machine: what each event does to a session's login. No Streamlit, no I/O.

Inputs are events with the answers already in hand (a login's token pair, a route's outcome,
the time); outputs are the new state and effects for the adapter to perform (cookies to store,
a route for the page to call, an action to retry). `session.py` feeds it from Streamlit; unit
tests drive it directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from app.auth import messages
from app.auth.cookies import ANON_COOKIE, LOGIN_COOKIE, Login, LoginCookie
from app.auth.outcomes import Outcome

# "login_and_back": Log in, then the page the person was on (their login ended under them).
Destination = Literal["home", "login", "login_and_back"]
FlashKind = Literal["success", "info", "warning", "error"]
RouteKind = Literal["restore", "refresh", "logout"]
# A route call that has not reported back by then is treated as failed.
BRIDGE_TIMEOUT_SECONDS = 30.0
# After the backend could not be reached for a background refresh, wait before asking again.
REFRESH_BACKOFF_SECONDS = 15.0


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
class StoreCookies:
    login: LoginCookie | None = None
    anon: str | None = None
    clear: tuple[str, ...] = ()


@dataclass(frozen=True)
class CallRoute:
    kind: RouteKind


@dataclass(frozen=True)
class Retry:
    action: Callable[[], None]


Effect = StoreCookies | CallRoute | Retry


@dataclass
class PendingCall:
    """A route call the page owes the session; `nonce` ties its sealed outcome to it."""

    nonce: str
    kind: Literal["restore", "refresh", "logout", "cookies"]
    started_at: float
    # What the page POSTs: the nonce, and for cookie changes the sealed ticket.
    body: dict[str, str] = field(default_factory=dict)


@dataclass
class AuthState:
    login: Login | None = None
    anon_session: str | None = None
    pending: list[PendingCall] = field(default_factory=list)
    # The backend refused the current token; a refresh is under way.
    token_refused: bool = False
    # The current token came from a refresh forced by a 401: if it is refused too, the login
    # was revoked and refreshing again would only loop.
    refreshed_after_refusal: bool = False
    retry: Callable[[], None] | None = None
    problem: Problem | None = None
    flashes: list[Flash] = field(default_factory=list)
    form_errors: dict[str, str] = field(default_factory=dict)
    destination: Destination | None = None
    refresh_not_before: float = 0.0
    # A route's outcome changed what the page shows: the whole app must run again.
    app_rerun: bool = False
    # The browser's binding (see binding.py), which this session's cookie tickets are bound to.
    browser: str | None = None

    def refresh_pending(self) -> bool:
        return any(call.kind in ("restore", "refresh") for call in self.pending)

    def restoring(self) -> bool:
        return any(call.kind == "restore" for call in self.pending)


# ---- events ---------------------------------------------------------------------------------


def from_cookies(
    kept: LoginCookie | None,
    login: Login | None,
    anon_session: str | None,
    *,
    signed_out: bool,
    margin: float,
) -> tuple[AuthState, list[Effect]]:
    """A new session (a reload, a new tab) from what the browser's cookies remember: `kept`,
    the login cookie, and `login`, the login it holds (None when its token or who it is for
    cannot be read without the backend)."""
    state = AuthState(anon_session=anon_session)
    if kept is None:
        return state, []
    if signed_out:  # a copy of a cookie that a logout has ended
        return state, [StoreCookies(clear=(LOGIN_COOKIE,))]
    if login is None or login.token.expired():
        if not kept.renewable:
            return state, _ended_under_them(state)
        return state, [CallRoute("restore")]
    state.login = login
    return state, _refresh_if_due(state, margin, now_monotonic=0.0)


def run_started(
    state: AuthState, *, signed_out: bool, margin: float, now_monotonic: float
) -> list[Effect]:
    """Start of every run: a logout seen elsewhere, calls the page never answered, and an early
    refresh when the token is due."""
    state.app_rerun = False
    effects: list[Effect] = []
    if state.login is not None and signed_out:
        effects += ended(state, Flash("info", messages.LOGGED_OUT))
    if state.login is not None and not state.login.renewable and state.login.token.expired():
        effects += _ended_under_them(state)
    for call in list(state.pending):
        if now_monotonic - call.started_at > BRIDGE_TIMEOUT_SECONDS:
            effects += report_arrived(state, call, None)
    return effects + _refresh_if_due(state, margin, now_monotonic)


def signed_in(
    state: AuthState,
    login: Login,
    refresh_token: str | None,
    migrated: int = 0,
    *,
    new_account: bool = False,
) -> list[Effect]:
    """`refresh_token` None: the backend gives none, and the login lasts as long as its token;
    `new_account`: the person has just registered, and is welcomed."""
    had_anon_session = state.anon_session is not None
    state.login = replace(login, renewable=refresh_token is not None)
    state.token_refused = state.refreshed_after_refusal = False
    state.anon_session, state.problem, state.retry = None, None, None
    state.pending = [call for call in state.pending if call.kind == "cookies"]
    if new_account:
        state.flashes.append(Flash("success", messages.WELCOME))
    if migrated:
        state.flashes.append(Flash("success", messages.migrated(migrated)))
    state.destination = "home"
    cookie = LoginCookie.holding(state.login, refresh_token)
    return [StoreCookies(login=cookie, clear=(ANON_COOKIE,) if had_anon_session else ())]


def ended(
    state: AuthState, flash: Flash, *, clear_cookie: bool = False, come_back: bool = False
) -> list[Effect]:
    """The login is over in this session (expired, or ended in another tab); `come_back`: the
    next login returns to the page the person was on."""
    state.login, state.retry, state.problem = None, None, None
    state.token_refused = state.refreshed_after_refusal = False
    state.pending = [call for call in state.pending if call.kind in ("cookies", "logout")]
    state.flashes.append(flash)
    state.destination = "login_and_back" if come_back else "login"
    return [StoreCookies(clear=(LOGIN_COOKIE,))] if clear_cookie else []


def logged_out(state: AuthState) -> list[Effect]:
    """The person pressed Log out: signed out here at once; the app's route revokes the login
    at the backend (with a usable token, whatever the tab holds) and clears the cookie."""
    return [*ended(state, Flash("info", messages.LOGGED_OUT)), CallRoute("logout")]


def token_refused(state: AuthState) -> list[Effect]:
    if state.login is not None and not state.login.renewable:
        return _ended_under_them(state)
    if state.refreshed_after_refusal:
        return ended(state, Flash("warning", messages.EXPIRED), clear_cookie=True)
    state.token_refused = True
    return [] if state.refresh_pending() else [CallRoute("refresh")]


def anon_session_opened(state: AuthState, anon_session: str) -> list[Effect]:
    """The backend opened an anonymous session for this visitor: remember it in a cookie."""
    if state.login is not None or anon_session == state.anon_session:
        return []
    state.anon_session = anon_session
    return [StoreCookies(anon=anon_session)]


def problem_retried(state: AuthState) -> list[Effect]:
    if state.problem is None:
        return []
    kind, state.problem = state.problem.retry, None
    return [CallRoute(kind)]


def report_arrived(state: AuthState, call: PendingCall, outcome: Outcome | None) -> list[Effect]:
    """The page reported on a route call (`outcome` None: it got no usable answer)."""
    if call not in state.pending:
        return []
    state.pending.remove(call)
    if call.kind == "cookies":
        return []  # a cookie the browser did not store costs a restore later, nothing now
    if call.kind == "logout":
        return _logout_reported(state, outcome)
    # The page waited on this refresh ("Refreshing your session…"): show it once it is done.
    # A background refresh of a token that still works changes nothing on the page.
    state.app_rerun = (
        call.kind == "restore"
        or state.token_refused
        or state.login is None
        or state.login.token.expired()
    )
    if outcome is None:
        return _unanswered(state, call)
    if outcome.kind == "granted":
        return _granted(state, call, outcome)
    if outcome.kind == "expired":
        return ended(state, Flash("warning", messages.EXPIRED), come_back=True)
    if outcome.kind == "ended":
        return ended(state, Flash("warning", messages.ENDED_ELSEWHERE), come_back=True)
    if outcome.kind == "signed_out":
        if state.login is not None or call.kind == "refresh":
            state.app_rerun = True
            return ended(state, Flash("info", messages.LOGGED_OUT))
        return []
    return _unavailable(state, call, outcome.detail or messages.UNREACHABLE)


# ---- internals ------------------------------------------------------------------------------


def _ended_under_them(state: AuthState) -> list[Effect]:
    """A login that cannot be renewed has run out: Log in, then back to where they were."""
    return ended(state, Flash("warning", messages.ENDED), clear_cookie=True, come_back=True)


def _refresh_if_due(state: AuthState, margin: float, now_monotonic: float) -> list[Effect]:
    login = state.login
    if (
        login is None
        or not login.renewable
        or state.problem is not None
        or state.refresh_pending()
        or now_monotonic < state.refresh_not_before
        or not login.token.refresh_due(margin)
    ):
        return []
    return [CallRoute("refresh")]


def _granted(state: AuthState, call: PendingCall, outcome: Outcome) -> list[Effect]:
    # A refresh renews the login in hand; a restore takes the cookie's, and who it is for.
    held = state.login if call.kind == "refresh" else None
    login = Login.from_fields(outcome.login or {}, person=held.person if held else None)
    if login is None:
        state.app_rerun = True
        return ended(state, Flash("warning", messages.EXPIRED), clear_cookie=True)
    state.refreshed_after_refusal = state.token_refused
    state.token_refused = False
    if held is None:
        state.login = login
    else:
        state.login = held.renewed(login.token)
    effects: list[Effect] = []
    if call.kind == "restore" and state.anon_session:
        state.anon_session = None
        effects.append(StoreCookies(clear=(ANON_COOKIE,)))
    retry, state.retry = state.retry, None
    if retry is not None:
        effects.append(Retry(retry))
    return effects


def _unanswered(state: AuthState, call: PendingCall) -> list[Effect]:
    action: Literal["restore", "refresh"] = "restore" if call.kind == "restore" else "refresh"
    if call.kind == "refresh" and state.login is not None and not state.token_refused:
        # A background refresh the page could not make: the token still works, try later.
        state.refresh_not_before = call.started_at + BRIDGE_TIMEOUT_SECONDS
        return []
    state.app_rerun = True
    state.problem = Problem(messages.bridge_failed(action), action)
    return []


def _unavailable(state: AuthState, call: PendingCall, detail: str) -> list[Effect]:
    if call.kind == "refresh" and state.login is not None and not state.login.token.expired():
        if not state.token_refused:
            state.refresh_not_before = call.started_at + REFRESH_BACKOFF_SECONDS
            return []
        state.problem = Problem(f"{detail} {messages.TRY_AGAIN}", "refresh")
        return []
    action: Literal["restore", "refresh"] = "restore" if call.kind == "restore" else "refresh"
    state.app_rerun = True
    state.problem = Problem(messages.could_not(action, detail), action)
    return []


def _logout_reported(state: AuthState, outcome: Outcome | None) -> list[Effect]:
    if outcome is None:
        state.flashes.append(Flash("error", messages.LOGOUT_UNREACHED))
        state.app_rerun = True
    elif outcome.kind == "not_revoked":
        detail = outcome.detail or messages.UNREACHABLE
        state.flashes.append(Flash("warning", messages.not_revoked(detail)))
        state.app_rerun = True
    return []
