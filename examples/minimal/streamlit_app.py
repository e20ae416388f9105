"""Someone else's Streamlit app, signed in by this project's auth layer: a login form, a
greeting, and a logout that revokes the login at the backend. The login survives a reload.

Serve it with its ASGI file, which adds the auth routes: `streamlit run examples/minimal/asgi.py`.
"""

import streamlit as st

from app import auth, display
from app.auth import builtin, entry


def submit() -> None:
    builtin.log_in(st.session_state.email, st.session_state.password)


def log_in() -> None:
    with st.form("login_form"):
        st.text_input("Email", key="email")
        st.text_input("Password", type="password", key="password")
        st.form_submit_button("Log in", on_click=submit)
    if error := builtin.take_form_error("login"):
        st.error(display.plain(error))  # the backend's words, never its Markdown


def greet() -> None:
    person = auth.identity()
    st.write(f"Hello, {display.plain(person.email) if person else 'stranger'}.")
    st.button("Log out", key="log_out", on_click=auth.log_out)


with entry.page_run() as run:
    entry.show(greet if run.authenticated else log_in)
