"""Log in: also the first page a visitor sees, so it says what the app is."""

from __future__ import annotations

import streamlit as st

from app import display
from app.auth import builtin
from app.views import focus
from app.views.fields import error_at

ERROR = "login_error"
FAILURES = "login_failures"
# From this many wrong guesses in a row, warn before the backend starts making the person wait.
WARN_AFTER = 2
INVALID = "Invalid email or password"


def _submit() -> None:
    builtin.log_in(
        st.session_state.login_email,
        st.session_state.login_password,
        keep_signed_in=st.session_state.get("login_keep", False),
    )
    error = st.session_state[ERROR] = builtin.take_form_error("login")
    if error is None:
        focus.heading_next()  # the form is gone: Home's heading takes the focus
    failures = st.session_state.get(FAILURES, 0)
    st.session_state[FAILURES] = failures + 1 if error == INVALID else 0
    # Never keep a password around longer than the attempt that used it.
    st.session_state.login_password = ""


st.title("Log in", anchor=False)
st.markdown(
    "This app keeps your documents: upload them without an account and they stay in this "
    "browser, or log in below to keep them in your account."
)
with st.form("login_form", border=False):
    error = st.session_state.pop(ERROR, None)
    st.text_input("Email", key="login_email", autocomplete="username")
    st.text_input(
        "Password", key="login_password", type="password", autocomplete="current-password"
    )
    if error and "password" in error.lower():
        error_at("Password", error)
        if error == INVALID and st.session_state.get(FAILURES, 0) >= WARN_AFTER:
            st.warning(
                "Each further wrong password may make you wait longer before you can try "
                "again. Use Forgot password? below if you are not sure of it."
            )
    elif error:
        st.error(display.plain(error))
    # Unticked by default: on a shared computer, closing the browser ends the login.
    st.checkbox("Keep me signed in on this browser", key="login_keep")
    st.form_submit_button("Log in", type="primary", on_click=_submit)

if st.button("Forgot password?", key="login_forgot", type="tertiary"):
    st.switch_page("views/reset_password.py")
st.page_link("views/register.py", label="No account yet? Register", icon=":material/person_add:")
