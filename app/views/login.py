"""Log in."""

from __future__ import annotations

import streamlit as st

from app import auth


def _submit() -> None:
    auth.log_in(st.session_state.login_email, st.session_state.login_password)
    # Never keep a password around longer than the attempt that used it.
    st.session_state.login_password = ""


st.title("Log in")
with st.form("login_form", border=False):
    st.text_input("Email", key="login_email", autocomplete="email")
    st.text_input(
        "Password", key="login_password", type="password", autocomplete="current-password"
    )
    st.form_submit_button("Log in", type="primary", on_click=_submit)
error = auth.take_form_error("login")
if error:
    st.error(error)
st.caption("No account yet? Choose **Register** in the sidebar.")
