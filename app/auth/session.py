"""The Streamlit adapter: this session's auth state and notices, the backend calls pages make
through it, and the effects of the state machine performed (tickets issued, route calls
mounted, flashes kept). It feeds the machine events and never changes the state itself.

The session holds the access token only; the refresh token lives in the app's HttpOnly cookie
and every refresh goes through the app's route, so all tabs of one browser share one refresh
lineage.

Pages call `fetch` for data they render and `act` for user actions; on a 401 both start one
refresh, and `act` retries the action once when the refresh succeeds.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import time
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from app import browser
from app.auth import binding, bridge, cookie_names, cookies, machine, messages, tokens
from app.auth.cookies import Login
from app.auth.machine import AuthState, Effect, Flash, PendingCall
from app.auth.notices import Notices
from app.auth.outcomes import open_outcome
from app.auth.protocol import Backend
from app.auth.tokens import HeldToken, MalformedToken
from app.backend import (
    BackendError,
    BackendUnavailable,
    Caller,
    Capabilities,
    ServerError,
    TokenPair,
    Unauthorized,
)
from app.services import get_services

logger = logging.getLogger(__name__)

T = TypeVar("T")
Operation = Callable[[Backend, Caller], T]
STATE_KEY = "_auth_state"
NOTICES_KEY = "_auth_notices"
# When the backend last took this session's login (the app's clock): a sign-in, a renewal,
# any call a page made with it.
CHECKED_KEY = "_auth_checked_at"


class PageInterrupted(Exception):
    """The backend refused the token mid-page: the page stops and re-renders after a refresh."""


# ---- the state ------------------------------------------------------------------------------


def state() -> AuthState:
    # One lookup on the common path: pages and the router ask for the state many times a run.
    current: AuthState | None = st.session_state.get(STATE_KEY)
    if current is None:
        current = st.session_state[STATE_KEY] = _state_from_browser()
    return current


def notices() -> Notices:
    """What this session is told once: flashes, form errors, where to go next."""
    current: Notices | None = st.session_state.get(NOTICES_KEY)
    if current is None:
        current = st.session_state[NOTICES_KEY] = Notices()
    return current


def _state_from_browser() -> AuthState:
    """A new session (a reload, a new tab): pick up what this browser's cookies remember."""
    services = get_services()
    # Named as the routes name them for this browser: `__Host-` ones when it came over HTTPS.
    secure = cookie_names.is_secure(browser.scheme(), services.settings.app_cookie_secure)
    sent = cookie_names.read(browser.request_cookies(), secure)
    kept = cookies.open_login(services.sealer, sent)
    anon = cookies.open_anon(services.sealer, sent)
    signed_out = kept is not None and kept.login_id in services.signed_out
    new_state, effects = machine.from_cookies(
        kept,
        kept.login(services.backend.profile) if kept is not None else None,
        anon,
        browser=binding.fingerprint(sent),
        signed_out=signed_out,
        margin=services.settings.app_refresh_margin_seconds,
        unusable_login=bool(sent.get(cookies.LOGIN_COOKIE)),
    )
    _perform(new_state, effects)
    return new_state


def begin_run() -> None:
    """Start of every run: adopt a logout made in another tab, and refresh early when due."""
    current = state()
    services = get_services()
    login = current.login
    effects = machine.run_started(
        current,
        signed_out=login is not None and login.login_id in services.signed_out,
        margin=services.settings.app_refresh_margin_seconds,
        now_monotonic=time.monotonic(),
    )
    _perform(current, effects)


def capabilities() -> Capabilities:
    return get_services().backend.capabilities


# ---- backend calls for pages ----------------------------------------------------------------


def fetch(operation: Operation[T]) -> T:
    """Run a backend call for the page being rendered, as this session's caller.

    Raises PageInterrupted when the token was refused (a refresh has been started), and the
    BackendError subclasses for everything else, for the page to explain.
    """
    current = state()
    caller = _caller(current)
    try:
        result = operation(get_services().backend, caller)
    except Unauthorized:
        if current.login is None:
            raise
        _perform(current, machine.token_refused(current))
        raise PageInterrupted from None
    finally:
        if current.login is None and caller.anon_session:
            _perform(current, machine.anon_session_opened(current, caller.anon_session))
    machine.token_accepted(current)
    if current.login is not None:
        _checked()
    return result


def check_login() -> None:
    """Ask the backend whether the login still stands, when nothing has said so for
    APP_LOGIN_CHECK_SECONDS: pages that ask it nothing would show a login ended from another
    browser as signed in. Raises PageInterrupted when it has been refused."""
    current = state()
    if current.login is None or current.phase is not machine.Phase.SIGNED_IN:
        return
    if not capabilities().me:
        return
    token = current.login.token
    # A login restored from its cookie was last vouched for when its token was issued: a reload
    # soon after a sign-in or a renewal asks nothing, one later asks once.
    checked_at = st.session_state.get(CHECKED_KEY, token.expires_at - token.lifetime)
    if tokens.local_time() - checked_at < get_services().settings.app_login_check_seconds:
        return
    _checked()  # asked now, answered or not: an outage is not asked about on every run
    with contextlib.suppress(BackendError):  # the backend is down: the page's own calls say so
        fetch(lambda backend, caller: backend.me(caller))


def act(
    operation: Operation[T],
    success: str | Callable[[T], str] | None = None,
    *,
    form: str | None = None,
    then: Callable[[], None] | None = None,
    working: str | None = None,
) -> None:
    """Run a user action from a callback; after a refused token, retry it once refreshed.
    `success`: a flash once it is done (or made from the backend's answer: the stored name of
    an upload); `then`: what follows it; `form`: the form that shows its failure (else a flash);
    `working`: what the page says while the action waits for the refresh (else that it waits
    for the session), so a person sees their upload is under way until it is done."""
    current = state()

    def attempt() -> None:
        try:
            answer = fetch(operation)
        except BackendError as error:
            if form is None:
                notices().flash("error", explain(error))
            else:
                notices().form_error(form, explain(error))
            return
        if success:
            notices().flash("success", success if isinstance(success, str) else success(answer))
        if then is not None:
            then()

    try:
        attempt()
    except PageInterrupted:
        machine.action_deferred(current, attempt)
        notices().working_on(working)


def explain(error: BackendError) -> str:
    """A sentence for a person: the backend's own words for a refusal, ours for an outage."""
    if isinstance(error, BackendUnavailable | ServerError):
        return f"{error.detail} {messages.TRY_AGAIN}"
    return error.detail


# ---- callbacks ------------------------------------------------------------------------------


def sign_in(
    current: AuthState, pair: TokenPair, form: str, *, new_account: bool = False, keep: bool
) -> None:
    """A login or registration (`new_account`) the backend accepted: hold its token, find out
    who it is for (its claims, or the backend's `me` once), store the cookie; `keep`: the
    browser keeps the login after it closes ("Keep me signed in")."""
    backend = get_services().backend
    try:
        token = HeldToken.from_answer(pair)
        person = backend.identify(Caller(pair.access_token))
    except MalformedToken as error:
        logger.error("The backend's sign-in answer holds an unusable access token: %s", error)
        notices().form_error(form, messages.UNUSABLE_TOKEN)
        return
    except BackendError as error:
        notices().form_error(form, explain(error))
        return
    # A backend that renews logins but sent no refresh token this time: this login cannot be.
    refresh_token = pair.refresh_token if backend.capabilities.renew else None
    login_id = secrets.token_urlsafe(18)
    _checked()
    _perform(
        current,
        machine.signed_in(
            current,
            Login(token, login_id, person, kept=keep),
            refresh_token,
            pair.migrated_documents,
            new_account=new_account,
        ),
    )


def log_out(farewell: Flash | None = None) -> None:
    """End the login here and at the backend; `farewell`: the flash that says so, where it is
    not the plain "logged out" (Log out everywhere, a password reset)."""
    current = state()
    if current.login is not None:
        # Other tabs of this app see it at their next run, before the route has even answered.
        get_services().signed_out.add(
            current.login.login_id, hold_seconds=current.login.token.lifetime + 60
        )
    _perform(current, machine.logged_out(current, farewell))


def retry_problem() -> None:
    current = state()
    _perform(current, machine.problem_retried(current))


def on_bridge_done(call: PendingCall, report: bridge.Report) -> None:
    current = state()
    outcome = open_outcome(get_services().sealer, report.sealed_outcome, call.nonce)
    if outcome is None and report.status:
        logger.warning("An app route call answered %s without a usable outcome.", report.status)
    if outcome is not None and outcome.kind == "granted":
        _checked()  # the backend renewed the login
    _perform(current, machine.report_arrived(current, call, outcome))


def mount_bridge() -> None:
    bridge.mount(_pending_calls, on_bridge_done, _wants_app_rerun)


# ---- internals ------------------------------------------------------------------------------


def _pending_calls() -> list[PendingCall]:
    return list(state().pending)


def _wants_app_rerun() -> bool:
    return machine.app_rerun_taken(state())


def _checked() -> None:
    st.session_state[CHECKED_KEY] = tokens.local_time()


def _caller(current: AuthState) -> Caller:
    if current.login is not None:
        return Caller(access_token=current.login.token.token)
    return Caller(anon_session=current.anon_session)


def _perform(current: AuthState, effects: list[Effect]) -> None:
    for effect in effects:
        if isinstance(effect, machine.Remember):
            _remember(current, effect)
        elif isinstance(effect, machine.CallRoute):
            nonce = _new_nonce()
            call = PendingCall(nonce, effect.kind, time.monotonic(), {"nonce": nonce})
            machine.call_started(current, call)
        elif isinstance(effect, machine.Tell):
            notices().tell(effect.flash)
        elif isinstance(effect, machine.SendTo):
            notices().send_to(effect.destination)
        else:
            # Refused again: the state machine has already ended the login.
            with contextlib.suppress(PageInterrupted):
                effect.action()


def _remember(current: AuthState, effect: machine.Remember) -> None:
    """A sealed one-time ticket that has the app's cookie route set or clear the cookies."""
    services = get_services()
    clear = [cookies.LOGIN_COOKIE] if effect.forget_login else []
    clear += [cookies.ANON_COOKIE] if effect.forget_anon_session else []
    changes: dict[str, object] = {"clear": clear, "browser": current.browser}
    if effect.login is not None:
        changes["login"] = cookies.seal_login(services.sealer, effect.login, current.browser)
        # The route sets the cookie without opening it: it is told how long the browser keeps it.
        changes["login_max_age"] = effect.login.max_age
    if effect.anon_session is not None:
        changes["anon"] = cookies.seal_anon(services.sealer, effect.anon_session, current.browser)
    nonce = _new_nonce()
    body = {"ticket": services.tickets.issue(changes), "nonce": nonce}
    machine.call_started(current, PendingCall(nonce, "cookies", time.monotonic(), body))


def _new_nonce() -> str:
    # Hex, not urlsafe: the nonce names a component, whose id must never hold "__".
    return secrets.token_hex(24)
