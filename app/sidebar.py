"""The sidebar: who this session is, and the way out."""

from __future__ import annotations

import streamlit as st

from app import auth, display


def render() -> None:
    with st.sidebar:
        identity = auth.identity()
        if identity is None:
            if auth.problem() is not None:
                # The login could not be checked: the visitor may well be signed in.
                st.markdown("**Session not restored yet**")
                st.caption("Your login could not be checked. Use Try again on the page.")
                return
            st.markdown("**Anonymous session**")
            st.info("Register to save your data permanently")
            return
        st.markdown(f"**{display.plain(identity.email)}**")
        st.caption(f"Role: {display.plain(identity.role)}")
        st.success("Authenticated", icon=":material/verified_user:")
        # Not a countdown: the page is not redrawn every second, and the access token's expiry
        # is not the login's end (the app renews the token while the login lasts).
        st.caption("You stay logged in on this browser until you log out.")
        st.button("Log out", key="logout", on_click=auth.log_out)
