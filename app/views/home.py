"""Home: who is signed in. Rendered from session state alone: no backend call."""

from __future__ import annotations

import streamlit as st

from app import auth, display

st.title("Home", anchor=False)
identity = auth.identity()
if identity is not None:
    st.write(f"Signed in as **{display.plain(identity.email)}**.")
    if identity.profile.created_at:
        st.caption(f"Member since {display.date(identity.profile.created_at)}")
    st.write("Your documents stay with your account.")
    st.page_link("views/documents.py", label="Open your documents", icon=":material/folder:")
