"""Debug: the session's token claims and timing. Raw tokens only when the setting allows."""

from __future__ import annotations

import streamlit as st

from app import auth, display
from app.auth import Identity, builtin
from app.backend import MISSING, BackendError, NotOffered


def _token_details(identity: Identity) -> None:
    left, right = st.columns(2)
    left.metric("Session type", "authenticated")
    # A time of day, not a countdown: the page is not redrawn every second (a fragment that
    # reran each second would keep the page busy), and a clock time stays true while it is open.
    right.metric("Token expires at", display.clock_time(identity.expires_at))
    st.write(f"Expires at: {display.timestamp(identity.expires_at)}")
    _lifetime(identity)
    st.header("Access token claims", anchor=False)
    st.json(identity.claims)


def _lifetime(identity: Identity) -> None:
    """What this backend's profile means for the login: renewed or not, revocable or not."""
    if identity.renewable:
        st.caption("The app renews the access token with the refresh token while you stay.")
    else:
        st.caption(
            "This server does not renew logins: you are asked to log in again when the "
            "access token expires."
        )
    if not auth.capabilities().revoke:
        st.warning(
            "This server cannot revoke a token. Log out forgets it in this browser, but the "
            "token stays valid at the server until it expires "
            f"({display.timestamp(identity.expires_at)})."
        )


def _backend_view() -> None:
    st.header("The backend's view of this session", anchor=False)
    if not auth.capabilities().anonymous_sessions:
        st.info(MISSING["anonymous_sessions"])
        return
    try:
        with st.spinner("Asking the backend…"):
            answer = auth.fetch(lambda backend, caller: backend.session(caller))
        st.json(answer)
    except NotOffered as error:
        st.info(display.plain(error.detail))
    except BackendError as error:
        st.error(display.plain(auth.explain(error)))


def _raw_token() -> None:
    raw = builtin.access_token_for_debug()
    if raw is None:
        st.caption(
            "Raw tokens are hidden (APP_DEBUG_SHOW_TOKENS is off). The refresh token never "
            "reaches this page: it lives in an HttpOnly cookie."
        )
        return
    with st.expander("Raw access token (APP_DEBUG_SHOW_TOKENS is on)"):
        st.code(raw, wrap_lines=True)


st.title("Debug", anchor=False)
identity = auth.identity()
if identity is not None:
    _token_details(identity)
    _backend_view()
    _raw_token()
