"""The auth state machine, driven directly: events in, state and effects out, no Streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

import jwt
import pytest

from app.auth import machine
from app.auth.cookies import Login, LoginCookie
from app.auth.machine import (
    AuthState,
    CallRoute,
    Effect,
    PendingCall,
    Phase,
    Remember,
    Renewal,
    Retry,
    SendTo,
    Tell,
)
from app.auth.outcomes import Outcome
from app.auth.tokens import HeldToken, local_time
from app.backend import Profile
from app.backend.profile import BackendProfile

MARGIN = 60.0
AUTH = Path(__file__).parents[2] / "app" / "auth"
PERSON = Profile(user_id="1", email="a@example.com", role="user")


def token(seconds_left: float = 900) -> HeldToken:
    now = local_time()
    claims = {"sub": "a@example.com", "user_id": "1", "role": "user", "jti": "j", "exp": now + 900}
    raw = jwt.encode(claims, "k" * 32, algorithm="HS256")
    return HeldToken.kept(raw, now + seconds_left, 900)


def cookie(seconds_left: float = 900) -> LoginCookie:
    return LoginCookie.holding(Login(token(seconds_left), "login-1", PERSON), "refresh")


def reload(
    kept: LoginCookie, anon: str | None = None, *, signed_out: bool = False
) -> tuple[AuthState, list[Effect]]:
    login = kept.login(BackendProfile())
    return machine.from_cookies(
        kept, login, anon, browser=None, signed_out=signed_out, margin=MARGIN
    )


def told(effects: list[Effect]) -> list[str]:
    return [effect.flash.text for effect in effects if isinstance(effect, Tell)]


def sent_to(effects: list[Effect]) -> list[str]:
    return [effect.destination for effect in effects if isinstance(effect, SendTo)]


def remembered(effects: list[Effect]) -> list[Remember]:
    return [effect for effect in effects if isinstance(effect, Remember)]


def granted(nonce: str = "n1", person: Profile | None = PERSON) -> Outcome:
    login = Login(token(), "login-1", PERSON).fields()
    return Outcome(nonce, "granted", login={**login, "person": person and person.model_dump()})


def signed_in_state() -> AuthState:
    return AuthState(login=Login(token(), "login-1", PERSON))


def imports_of(module: str) -> set[str]:
    source = (AUTH / f"{module}.py").read_text()
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_machine_and_what_it_imports_use_no_streamlit() -> None:
    """The core is framework-free: the machine and the auth modules it builds on."""
    modules = ["machine"] + [
        name.removeprefix("app.auth.")
        for name in imports_of("machine")
        if name.startswith("app.auth.")
    ]
    assert len(modules) > 1
    for module in modules:
        assert not [name for name in imports_of(module) if name.startswith("streamlit")], module


def test_a_cookie_with_a_fresh_token_signs_in_with_no_route_call() -> None:
    state, effects = reload(cookie())
    assert state.login is not None
    assert state.login.login_id == "login-1"
    assert effects == []


def test_a_cookie_with_a_token_near_expiry_signs_in_and_refreshes_in_the_background() -> None:
    state, effects = reload(cookie(30))
    assert state.login is not None
    assert effects == [CallRoute("refresh")]


def test_a_cookie_with_an_expired_token_restores_through_the_route() -> None:
    state, effects = reload(cookie(-5))
    assert state.login is None
    assert effects == [CallRoute("restore")]


def test_a_cookie_of_a_signed_out_login_is_cleared_not_used() -> None:
    state, effects = reload(cookie(), "anon", signed_out=True)
    assert state.login is None
    assert state.anon_session == "anon"
    assert effects == [Remember(forget_login=True)]


def test_signing_in_stores_the_login_and_drops_the_anonymous_cookie() -> None:
    state = AuthState(anon_session="anon")
    effects = machine.signed_in(state, Login(token(), "login-2", PERSON), "refresh", migrated=2)
    [store] = remembered(effects)
    assert store.login is not None
    assert (store.login.refresh_token, store.login.login_id) == ("refresh", "login-2")
    assert (store.forget_anon_session, store.forget_login) == (True, False)
    assert state.anon_session is None
    assert told(effects) == ["2 documents moved to your account."]
    assert sent_to(effects) == ["home"]


def test_logging_out_ends_the_login_here_and_calls_the_logout_route() -> None:
    state = signed_in_state()
    effects = machine.logged_out(state)
    assert state.login is None
    assert effects[-1] == CallRoute("logout")
    assert remembered(effects) == [], "the logout route clears the cookie"
    assert told(effects) == ["You have been logged out."]


def test_a_logout_can_say_goodbye_its_own_way() -> None:
    state = signed_in_state()
    effects = machine.logged_out(state, machine.Flash("info", "Logged out everywhere."))
    assert told(effects) == ["Logged out everywhere."]


def test_a_logout_elsewhere_ends_the_login_at_the_next_run() -> None:
    state = signed_in_state()
    effects = machine.run_started(state, signed_out=True, margin=MARGIN, now_monotonic=0.0)
    assert state.login is None
    assert sent_to(effects) == ["login"]


def test_a_refused_token_starts_one_refresh_and_a_second_refusal_ends_the_login() -> None:
    state = signed_in_state()
    assert machine.token_refused(state) == [CallRoute("refresh")]
    call = PendingCall("n1", "refresh", 0.0)
    state.pending.append(call)
    assert machine.token_refused(state) == []  # one refresh at a time
    machine.report_arrived(state, call, granted())
    assert state.renewal is Renewal.RETRIED
    effects = machine.token_refused(state)
    assert state.login is None
    assert remembered(effects) == [Remember(forget_login=True)]


def test_a_token_used_since_its_forced_refresh_may_be_refreshed_again() -> None:
    state = signed_in_state()
    machine.token_refused(state)
    call = PendingCall("n1", "refresh", 0.0)
    machine.call_started(state, call)
    machine.report_arrived(state, call, granted())
    machine.token_accepted(state)
    assert machine.token_refused(state) == [CallRoute("refresh")]
    assert state.login is not None


def test_a_granted_refresh_runs_the_action_waiting_for_it() -> None:
    state = signed_in_state()
    done: list[str] = []
    machine.token_refused(state)
    machine.action_deferred(state, lambda: done.append("retried"))
    call = PendingCall("n1", "refresh", 0.0)
    machine.call_started(state, call)
    assert state.phase is Phase.WAITING
    effects = machine.report_arrived(state, call, granted())
    [retry] = effects
    assert isinstance(retry, Retry)
    retry.action()
    assert done == ["retried"]
    assert machine.app_rerun_taken(state)
    assert not machine.app_rerun_taken(state), "asked once"


def test_an_expired_refresh_returns_to_log_in_with_the_flash() -> None:
    state = signed_in_state()
    call = PendingCall("n1", "refresh", 0.0)
    state.pending.append(call)
    effects = machine.report_arrived(state, call, Outcome("n1", "expired"))
    assert state.login is None
    assert told(effects) == ["Your session has expired. Please log in again."]


def test_a_background_refresh_the_page_could_not_make_is_tried_later() -> None:
    state = signed_in_state()
    call = PendingCall("n1", "refresh", 100.0)
    state.pending.append(call)
    machine.report_arrived(state, call, None)
    assert state.login is not None
    assert state.problem is None
    assert state.refresh_not_before > 100.0


def test_a_restore_the_page_could_not_make_is_a_problem_to_retry() -> None:
    state = AuthState()
    call = PendingCall("n1", "restore", 0.0)
    state.pending.append(call)
    machine.report_arrived(state, call, None)
    assert state.problem is not None
    assert state.problem.retry == "restore"
    assert machine.problem_retried(state) == [CallRoute("restore")]


def test_an_unconfirmed_logout_is_said() -> None:
    state = AuthState()
    call = PendingCall("n1", "logout", 0.0)
    state.pending.append(call)
    effects = machine.report_arrived(state, call, Outcome("n1", "not_revoked", detail="Down."))
    assert "could not be told" in told(effects)[0]


@pytest.mark.parametrize("kind", ["refresh", "restore"])
def test_a_call_the_page_never_answers_times_out(kind: str) -> None:
    state = AuthState() if kind == "restore" else signed_in_state()
    state.pending.append(PendingCall("n1", kind, 0.0))  # type: ignore[arg-type]
    machine.run_started(
        state, signed_out=False, margin=MARGIN, now_monotonic=machine.BRIDGE_TIMEOUT_SECONDS + 1
    )
    assert state.pending == [] or state.pending[0].nonce != "n1"


def test_a_refresh_the_page_waited_for_reruns_the_whole_page() -> None:
    state = AuthState(login=Login(token(seconds_left=-30), "login-1", PERSON))
    call = PendingCall("n1", "refresh", 0.0)
    state.pending.append(call)
    fresh = granted()
    machine.report_arrived(state, call, fresh)
    assert state.app_rerun


def test_a_background_refresh_does_not_rerun_the_page() -> None:
    state = signed_in_state()
    call = PendingCall("n1", "refresh", 0.0)
    state.pending.append(call)
    fresh = granted()
    machine.report_arrived(state, call, fresh)
    assert not state.app_rerun


# ---- a backend that does not renew logins (access-only) -----------------------------------


def access_only_cookie(seconds_left: float) -> LoginCookie:
    return LoginCookie.holding(Login(token(seconds_left), "login-1", PERSON), None)


def test_an_access_only_login_keeps_no_refresh_token_and_never_refreshes() -> None:
    state = AuthState()
    [store] = remembered(
        machine.signed_in(state, Login(token(seconds_left=5), "login-1", PERSON), None)
    )
    assert store.login is not None
    assert store.login.refresh_token == ""
    assert state.login is not None
    assert not state.login.renewable
    # Inside the refresh margin, where a pair would refresh: nothing to refresh with.
    assert machine.run_started(state, signed_out=False, margin=MARGIN, now_monotonic=0.0) == []


def test_a_reload_with_a_live_access_only_login_signs_in_without_a_call() -> None:
    state, effects = reload(access_only_cookie(300))
    assert state.login is not None
    assert state.login.person == PERSON
    assert effects == []


def test_an_expired_access_only_login_ends_with_a_sentence_and_comes_back() -> None:
    state, effects = reload(access_only_cookie(-5))
    assert state.login is None
    assert remembered(effects) == [Remember(forget_login=True)]
    assert CallRoute("restore") not in effects, "no restore: nothing can renew it"
    assert told(effects) == ["Your session has ended. Please log in again."]
    assert sent_to(effects) == ["login_and_back"]


def test_an_access_only_login_that_runs_out_in_an_open_tab_ends_at_the_next_run() -> None:
    state = AuthState(login=Login(token(seconds_left=-1), "login-1", PERSON, renewable=False))
    effects = machine.run_started(state, signed_out=False, margin=MARGIN, now_monotonic=0.0)
    assert state.login is None
    assert remembered(effects) == [Remember(forget_login=True)]
    assert sent_to(effects) == ["login_and_back"]
    assert CallRoute("refresh") not in effects


def test_a_refused_access_only_token_ends_the_login_instead_of_refreshing() -> None:
    state = AuthState(login=Login(token(), "login-1", PERSON, renewable=False))
    effects = machine.token_refused(state)
    assert state.login is None
    assert CallRoute("refresh") not in effects
    assert told(effects) == ["Your session has ended. Please log in again."]


def test_a_restore_that_brings_no_person_ends_the_login() -> None:
    state = AuthState()
    call = PendingCall("n1", "restore", 0.0)
    state.pending.append(call)
    machine.report_arrived(state, call, granted(person=None))
    assert state.login is None
    again = AuthState()
    restored = granted("n2")
    call = PendingCall("n2", "restore", 0.0)
    again.pending.append(call)
    machine.report_arrived(again, call, restored)
    assert again.login is not None
    assert again.login.person == PERSON
