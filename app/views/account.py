"""Account: change password, the account's login sessions, log out everywhere. Each part is
shown only when the backend offers it, else the sentence that says it does not."""

from __future__ import annotations

import streamlit as st

from app import auth, display
from app.auth import builtin
from app.backend import MISSING, BackendError, LoginSession, NotOffered
from app.views.fields import error_at, password_rules

ERROR = "account_change_error"
CONFIRMING_LOGOUT_ALL = "account_confirm_logout_all"
CURRENT, NEW, CONFIRMATION = "Current password", "New password", "Confirm new password"
_KEYS = {
    CURRENT: "account_current_password",
    NEW: "account_new_password",
    CONFIRMATION: "account_confirmation",
}


def field_of(error: str) -> str | None:
    """The field an error is about, by what it says; None when it is about none (an outage)."""
    lowered = error.lower()
    if "current" in lowered:
        return CURRENT
    if "match" in lowered:
        return CONFIRMATION
    if "password" in lowered:
        return NEW
    return None


def _change_password() -> None:
    builtin.change_password(*(st.session_state[key] for key in _KEYS.values()))
    error = builtin.take_form_error("change_password")
    st.session_state[ERROR] = error
    field = field_of(error) if error else None
    # Clear what was used or was wrong; keep what the person need not type again.
    if error is None:
        cleared = set(_KEYS)
    elif field == CURRENT:
        cleared = {CURRENT}
    elif field in (NEW, CONFIRMATION):
        cleared = {NEW, CONFIRMATION}
    else:
        cleared = set()
    for label in cleared:
        st.session_state[_KEYS[label]] = ""


def _change_password_form() -> None:
    st.header("Change password", anchor=False)
    if not auth.capabilities().change_password:
        st.info(MISSING["change_password"])
        return
    with st.form("change_password_form", border=False):
        error = st.session_state.pop(ERROR, None)
        field = field_of(error) if error else None
        st.text_input(CURRENT, key=_KEYS[CURRENT], type="password", autocomplete="current-password")
        error_at(CURRENT, error if field == CURRENT else None)
        st.text_input(NEW, key=_KEYS[NEW], type="password", autocomplete="new-password")
        password_rules()
        error_at(NEW, error if field == NEW else None)
        st.text_input(
            CONFIRMATION, key=_KEYS[CONFIRMATION], type="password", autocomplete="new-password"
        )
        error_at(CONFIRMATION, error if field == CONFIRMATION else None)
        if error and field is None:
            st.error(display.plain(error))
        st.form_submit_button("Change password", type="primary", on_click=_change_password)
    st.caption("Your other sessions end when the password changes; this one stays.")


def _session_row(session: LoginSession, number: int, this_browser: bool) -> None:
    """One row, told apart from the others by its number, which its Revoke button names too
    (two logins in the same minute would otherwise read, and be announced, alike)."""
    with st.container(key=f"session_{session.sid}", border=True):
        about, action = st.columns([7, 3], vertical_alignment="center")
        lines = [f"**Session {number}**", f"signed in {display.moment(session.created_at)}"]
        if session.last_used_at:
            lines.append(f"last used {display.moment(session.last_used_at)}")
        # Not the user agent: the backend sees the app's server, not the person's browser.
        about.markdown(" · ".join(lines))
        if this_browser:
            action.markdown(":green-badge[This browser]")
        else:
            action.button(
                f"Revoke session {number}",
                key=f"revoke_{session.sid}",
                on_click=builtin.revoke_session,
                args=(session.sid,),
            )


def _sessions() -> None:
    st.header("Sessions", anchor=False)
    # Revoke's and Log out everywhere's failures alike.
    failure = builtin.take_form_error("sessions")
    if failure:
        st.error(display.plain(failure))
    if not auth.capabilities().sessions:
        st.info(MISSING["sessions"])
        return
    try:
        with st.spinner("Loading your sessions…"):
            found = auth.fetch(lambda backend, caller: backend.list_sessions(caller))
    except NotOffered as error:
        st.info(display.plain(error.detail))
        return
    except BackendError as error:
        st.error(display.plain(auth.explain(error)))
        st.button("Try again", key="sessions_retry")
        return
    identity = auth.identity()
    own_sid = identity.claims.get("sid") if identity is not None else None
    st.caption("Each place you are logged in. Revoke one to sign that browser or device out.")
    ordered = sorted(found.items, key=lambda item: not (item.current or item.sid == own_sid))
    for number, session in enumerate(ordered, start=1):
        _session_row(session, number, this_browser=session.current or session.sid == own_sid)


def _log_out_everywhere() -> None:
    if not auth.capabilities().logout_all:
        st.info(MISSING["logout_all"])
        return
    if not st.session_state.get(CONFIRMING_LOGOUT_ALL):
        st.button("Log out everywhere", key="account_logout_all", on_click=_ask_to_log_out_all)
        st.caption("Ends every session of your account, this browser's too.")
        return
    # Asked first: one click would otherwise sign out every device the person uses.
    st.warning(
        "Log out everywhere? Every browser and device signed in to your account, this one "
        "too, will have to log in again."
    )
    confirm, cancel, _ = st.columns([3, 2, 5])
    confirm.button(
        "Log out everywhere now",
        key="account_logout_all_confirm",
        type="primary",
        on_click=_log_out_all,
    )
    cancel.button("Cancel", key="account_logout_all_cancel", on_click=_keep_sessions)


def _ask_to_log_out_all() -> None:
    st.session_state[CONFIRMING_LOGOUT_ALL] = True


def _keep_sessions() -> None:
    st.session_state.pop(CONFIRMING_LOGOUT_ALL, None)


def _log_out_all() -> None:
    st.session_state.pop(CONFIRMING_LOGOUT_ALL, None)
    builtin.log_out_everywhere()


st.title("Account", anchor=False)
identity = auth.identity()
if identity is not None:
    st.write(f"Signed in as **{display.plain(identity.email)}**.")
    _change_password_form()
    _sessions()
    _log_out_everywhere()
