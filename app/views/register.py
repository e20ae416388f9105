"""Create account."""

from __future__ import annotations

import streamlit as st

from app import auth


def _submit() -> None:
    auth.register(
        st.session_state.register_email,
        st.session_state.register_password,
        st.session_state.register_confirmation,
    )
    st.session_state.register_password = ""
    st.session_state.register_confirmation = ""


st.title("Create account")
with st.form("register_form", border=False):
    st.text_input("Email", key="register_email", autocomplete="email")
    st.text_input(
        "Password",
        key="register_password",
        type="password",
        autocomplete="new-password",
        help=f"At least {auth.MIN_PASSWORD} characters.",
    )
    st.text_input(
        "Confirm password",
        key="register_confirmation",
        type="password",
        autocomplete="new-password",
    )
    st.form_submit_button("Create account", type="primary", on_click=_submit)
error = auth.take_form_error("register")
if error:
    st.error(error)
st.caption("Documents you uploaded before registering move into your new account.")
