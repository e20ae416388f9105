"""The sidebar: who this session is, and the way out."""

from __future__ import annotations

import streamlit as st

from app import auth, display

# As many elements as the longest state draws (signed in). Streamlit keeps a previous run's
# elements past the end of this run's until the run ends, so a shorter state fills the rest
# with blanks: after a logout, `Authenticated` and `Log out` go at once instead of staying
# under `Anonymous session` while the run finishes. Each state's first element says which
# state it is, so the one replaces the other in a single change.
SLOTS = 5


def render() -> None:
    with st.sidebar:
        drawn = _identity()
        for _ in range(SLOTS - drawn):
            st.empty()


def _identity() -> int:
    """Draw who this session is; return how many elements that took."""
    identity = auth.identity()
    if identity is None:
        if auth.problem() is not None:
            # The login could not be checked: the visitor may well be signed in.
            st.markdown("**Session not restored yet**")
            st.caption("Your login could not be checked. Use Try again on the page.")
            return 2
        st.markdown("**Anonymous session**")
        st.info("Register to save your data permanently")
        return 2
    # First, where `Anonymous session` stands otherwise: one element replaces the other.
    st.success("Authenticated", icon=":material/verified_user:")
    st.markdown(f"**{display.plain(identity.email)}**")
    st.caption(f"Role: {display.plain(identity.role)}")
    # Not a countdown: the page is not redrawn every second, and the access token's expiry
    # is not the login's end (the app renews the token while the login lasts).
    if identity.kept:
        st.caption("You stay logged in on this browser until you log out.")
    else:
        st.caption("You stay logged in until you log out or close the browser.")
    st.button("Log out", key="logout", on_click=auth.log_out)
    return SLOTS
