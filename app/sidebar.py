"""The sidebar: who this session is, and the way out."""

from __future__ import annotations

import streamlit as st

from app import auth, display


def render() -> None:
    with st.sidebar:
        identity = auth.identity()
        if identity is None:
            st.markdown("**Anonymous session**")
            st.info("Register to save your data permanently")
            return
        st.markdown(f"**{display.plain(identity.email)}**")
        st.caption(f"Role: {identity.role}")
        st.success("Authenticated", icon=":material/verified_user:")
        st.caption(f"Token expires in {display.duration(identity.seconds_left)}")
        st.button("Log out", key="logout", on_click=auth.log_out)
