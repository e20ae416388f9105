"""The auth state machine: what each event does to a session's login. No Streamlit, no I/O.

The only code that changes an `AuthState` (tests/app/test_one_writer.py holds it to that).
Inputs are events with the answers already in hand (a login, a route's outcome, the time);
outputs are the new state and effects for the adapter to perform, in the login's own terms:
what the browser should remember or forget, a route for the page to call, an action to retry,
a flash to show, a page to go to. `session.py` feeds it from Streamlit; unit tests drive it
directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Literal

from app.auth import messages
from app.auth.cookies import Login, LoginCookie
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
class Remember:
    """What this browser should remember from now on: a new login, an anonymous session, or
    that it should forget one (the adapter has the app's route set the cookies)."""

    login: LoginCookie | None = None
    anon_session: str | None = None
    forget_login: bool = False
    forget_anon_session: bool = False


@dataclass(frozen=True)
class CallRoute:
    kind: RouteKind


@dataclass(frozen=True)
class Retry:
    action: Callable[[], None]


@dataclass(frozen=True)
class Tell:
    """A flash for the page the person lands on."""

    flash: Flash


@dataclass(frozen=True)
class SendTo:
    destination: Destination


Effect = Remember | CallRoute | Retry | Tell | SendTo


@dataclass
class PendingCall:
    """A route call the page owes the session; `nonce` ties its sealed outcome to it."""

    nonce: str
    kind: Literal["restore", "refresh", "logout", "cookies"]
    started_at: float
    # What the page POSTs: the nonce, and for cookie changes the sealed ticket.
    body: dict[str, str] = field(default_factory=dict)


class Renewal(Enum):
    """How far the backend has refused the token in hand."""

    SETTLED = "settled"  # not refused (or used successfully since)
    REFUSED = "refused"  # refused: a refresh is under way
    # It came from a refresh forced by a refusal: if it is refused too, the login was revoked
    # and refreshing again would only loop.
    RETRIED = "retried"


class Phase(Enum):
    """Where the login stands, derived from the state: what readers ask instead of its fields."""

    SIGNED_OUT = "signed_out"
    RESTORING = "restoring"  # a reload's login is being restored through the route
    SIGNED_IN = "signed_in"
    RENEWING = "renewing"  # a refresh in the background: the token still works
    WAITING = "waiting"  # the token is refused or expired: the page waits for its refresh
    STALLED = "stalled"  # a problem stops the page until the person asks to try again


@dataclass
class AuthState:
    login: Login | None = None
    anon_session: str | None = None
    pending: list[PendingCall] = field(default_factory=list)
    renewal: Renewal = Renewal.SETTLED
    retry: Callable[[], None] | None = None
    problem: Problem | None = None
    # A background refresh that could not be made is not tried again before this moment.
    refresh_not_before: float = 0.0
    # A route's outcome changed what the page shows: the whole app must run again.
    app_rerun: bool = False
    # The browser's binding (see binding.py), which this session's cookie tickets are bound to.
    browser: str | None = None

    def refresh_pending(self) -> bool:
        return any(call.kind in ("restore", "refresh") for call in self.pending)

    def restoring(self) -> bool:
        return any(call.kind == "restore" for call in self.pending)

    @property
    def phase(self) -> Phase:
        if self.restoring():
            return Phase.RESTORING
        if self.login is not None and self.refresh_pending():
            unusable = self.renewal is Renewal.REFUSED or self.login.token.expired()
            return Phase.WAITING if unusable else Phase.RENEWING
        if self.problem is not None:
            return Phase.STALLED
        return Phase.SIGNED_OUT if self.login is None else Phase.SIGNED_IN


# ---- events ---------------------------------------------------------------------------------


def from_cookies(
    kept: LoginCookie | None,
    login: Login | None,
    anon_session: str | None,
    *,
    browser: str | None,
    signed_out: bool,
    margin: float,
    unusable_login: bool = False,
) -> tuple[AuthState, list[Effect]]:
    """A new session (a reload, a new tab) from what the browser's cookies remember: `kept`,
    the login cookie, and `login`, the login it holds (None when its token or who it is for
    cannot be read without the backend); `browser`, the browser's binding; `unusable_login`:
    a login cookie was sent that the app cannot use (see cookies.open_login)."""
    state = AuthState(anon_session=anon_session, browser=browser)
    if kept is None and unusable_login:
        return state, [Remember(forget_login=True), Tell(Flash("info", messages.LOGIN_NOT_KEPT))]
    if kept is None:
        return state, []
    if signed_out:  # a copy of a cookie that a logout has ended
        return state, [Remember(forget_login=True)]
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
    state.renewal = Renewal.SETTLED
    state.anon_session, state.problem, state.retry = None, None, None
    state.pending = [call for call in state.pending if call.kind == "cookies"]
    effects: list[Effect] = [
        Remember(
            login=LoginCookie.holding(state.login, refresh_token),
            forget_anon_session=had_anon_session,
        )
    ]
    if new_account:
        effects.append(Tell(Flash("success", messages.WELCOME)))
    if migrated:
        effects.append(Tell(Flash("success", messages.migrated(migrated))))
    return [*effects, SendTo("home")]


def ended(
    state: AuthState, flash: Flash, *, forget: bool = False, come_back: bool = False
) -> list[Effect]:
    """The login is over in this session (expired, or ended in another tab); `forget`: the
    browser forgets it too; `come_back`: the next login returns to the page the person was on."""
    state.login, state.retry, state.problem = None, None, None
    state.renewal = Renewal.SETTLED
    state.pending = [call for call in state.pending if call.kind in ("cookies", "logout")]
    effects: list[Effect] = [Remember(forget_login=True)] if forget else []
    return [*effects, Tell(flash), SendTo("login_and_back" if come_back else "login")]


def logged_out(state: AuthState, farewell: Flash | None = None) -> list[Effect]:
    """The person pressed Log out (or a self-service action ended their login; `farewell` says
    how): signed out here at once; the app's route revokes the login at the backend (with a
    usable token, whatever the tab holds) and clears the cookie."""
    farewell = farewell or Flash("info", messages.LOGGED_OUT)
    return [*ended(state, farewell), CallRoute("logout")]


def token_refused(state: AuthState) -> list[Effect]:
    if state.login is not None and not state.login.renewable:
        return _ended_under_them(state)
    if state.renewal is Renewal.RETRIED:
        return ended(state, Flash("warning", messages.EXPIRED), forget=True)
    state.renewal = Renewal.REFUSED
    return [] if state.refresh_pending() else [CallRoute("refresh")]


def token_accepted(state: AuthState) -> None:
    """The backend took the token: a later refusal may be refreshed again."""
    if state.renewal is Renewal.RETRIED:
        state.renewal = Renewal.SETTLED


def action_deferred(state: AuthState, action: Callable[[], None]) -> None:
    """An action refused with the token: it runs again once the refresh is granted."""
    if state.login is not None:
        state.retry = action


def anon_session_opened(state: AuthState, anon_session: str) -> list[Effect]:
    """The backend opened an anonymous session for this visitor: remember it in a cookie."""
    if state.login is not None or anon_session == state.anon_session:
        return []
    state.anon_session = anon_session
    return [Remember(anon_session=anon_session)]


def problem_retried(state: AuthState) -> list[Effect]:
    if state.problem is None:
        return []
    kind, state.problem = state.problem.retry, None
    return [CallRoute(kind)]


def call_started(state: AuthState, call: PendingCall) -> None:
    """The adapter has a route call ready for the page to make."""
    state.pending.append(call)


def app_rerun_taken(state: AuthState) -> bool:
    """Whether an outcome asked for the whole app to run again; asked once per request."""
    wanted, state.app_rerun = state.app_rerun, False
    return wanted


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
        or state.renewal is Renewal.REFUSED
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
    return ended(state, Flash("warning", messages.ENDED), forget=True, come_back=True)


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
        return ended(state, Flash("warning", messages.EXPIRED), forget=True)
    state.renewal = Renewal.RETRIED if state.renewal is Renewal.REFUSED else Renewal.SETTLED
    if held is None:
        state.login = login
    else:
        state.login = held.renewed(login.token)
    effects: list[Effect] = []
    if call.kind == "restore" and state.anon_session:
        state.anon_session = None
        effects.append(Remember(forget_anon_session=True))
    retry, state.retry = state.retry, None
    if retry is not None:
        effects.append(Retry(retry))
    return effects


def _unanswered(state: AuthState, call: PendingCall) -> list[Effect]:
    action: Literal["restore", "refresh"] = "restore" if call.kind == "restore" else "refresh"
    if call.kind == "refresh" and state.login is not None and state.renewal is not Renewal.REFUSED:
        # A background refresh the page could not make: the token still works, try later.
        state.refresh_not_before = call.started_at + BRIDGE_TIMEOUT_SECONDS
        return []
    state.app_rerun = True
    state.problem = Problem(messages.bridge_failed(action), action)
    return []


def _unavailable(state: AuthState, call: PendingCall, detail: str) -> list[Effect]:
    if call.kind == "refresh" and state.login is not None and not state.login.token.expired():
        if state.renewal is not Renewal.REFUSED:
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
        state.app_rerun = True
        return [Tell(Flash("error", messages.LOGOUT_UNREACHED))]
    if outcome.kind == "not_revoked":
        state.app_rerun = True
        detail = outcome.detail or messages.UNREACHABLE
        return [Tell(Flash("warning", messages.not_revoked(detail)))]
    return []
