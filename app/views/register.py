"""Create account: each error at the field it is about; passwords kept unless they were it."""

from __future__ import annotations

import streamlit as st

from app import auth, display
from app.auth import builtin
from app.views import focus
from app.views.fields import error_at, password_rules

ERROR = "register_error"
EMAIL, PASSWORD, CONFIRMATION = "Email", "Password", "Confirm password"


def field_of(error: str) -> str | None:
    """The field an error is about, by what it says; None when it is about none (an outage)."""
    lowered = error.lower()
    if "email" in lowered:
        return EMAIL
    if "match" in lowered:
        return CONFIRMATION
    if "password" in lowered:
        return PASSWORD
    return None


def _submit() -> None:
    builtin.register(
        st.session_state.register_email,
        st.session_state.register_password,
        st.session_state.register_confirmation,
        keep_signed_in=st.session_state.get("register_keep", False),
    )
    error = builtin.take_form_error("register")
    st.session_state[ERROR] = error
    if error is None:
        focus.heading_next()  # the form is gone: Home's heading takes the focus
    if error is None or field_of(error) in (PASSWORD, CONFIRMATION):
        st.session_state.register_password = ""
        st.session_state.register_confirmation = ""


st.title("Create account", anchor=False)
with st.form("register_form", border=False):
    error = st.session_state.pop(ERROR, None)
    field = field_of(error) if error else None
    st.text_input("Email", key="register_email", autocomplete="email")
    error_at(EMAIL, error if field == EMAIL else None)
    st.text_input(PASSWORD, key="register_password", type="password", autocomplete="new-password")
    password_rules()
    error_at(PASSWORD, error if field == PASSWORD else None)
    st.text_input(
        CONFIRMATION, key="register_confirmation", type="password", autocomplete="new-password"
    )
    error_at(CONFIRMATION, error if field == CONFIRMATION else None)
    if error and field is None:
        st.error(display.plain(error))
    st.checkbox("Keep me signed in on this browser", key="register_keep")
    st.form_submit_button("Create account", type="primary", on_click=_submit)
if error and field == EMAIL and "already" in error.lower():
    # The address has an account: the way in is logging in (or resetting), not registering.
    log_in, reset = st.columns(2)
    log_in.page_link("views/login.py", label="Log in instead", icon=":material/login:")
    if auth.capabilities().password_reset:
        reset.page_link(
            "views/reset_password.py", label="Forgot password?", icon=":material/lock_reset:"
        )
st.caption("Documents you uploaded before registering move into your new account.")
st.page_link("views/login.py", label="Already registered? Log in", icon=":material/login:")
