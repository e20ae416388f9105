"""The baseline for the browser timings: the Log in page's widgets with no auth behind them.

Title, two text inputs and a button in a form, like app/views/login.py; the click shows a Home
heading, like the app after a login. Served by its own `streamlit run`.
"""

import streamlit as st

st.set_page_config(page_title="Bare baseline", page_icon=":material/lock:")

if st.session_state.get("signed_in"):
    st.title("Home")
    st.write(f"Signed in as **{st.session_state.get('email', '')}**.")
else:
    st.title("Log in")
    with st.form("login_form", border=False):
        st.text_input("Email", key="login_email", autocomplete="email")
        st.text_input("Password", key="login_password", type="password")

        def _submit() -> None:
            st.session_state.signed_in = True
            st.session_state.email = st.session_state.login_email

        st.form_submit_button("Log in", type="primary", on_click=_submit)
