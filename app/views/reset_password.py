"""Reset password: ask for a link by email, or, opened from that link, set a new password.

The link's token is a credential: on arrival it leaves the address bar (and so the history and
any screenshot of the URL) and is kept in session state only until the form has used it.
"""

from __future__ import annotations

import streamlit as st

from app import auth, display
from app.auth import builtin
from app.backend import MISSING
from app.views.fields import error_at, password_rules

LINK = "reset_link"
ADDRESS_CLEANED = "reset_address_cleaned"
# Drops the query string from the current history entry; it carries no data of its own.
_CLEAN_ADDRESS = """
<script>
(() => {
  const location = window.parent.location;
  const params = new URLSearchParams(location.search);
  if (!params.has("token")) return;
  params.delete("token");
  const query = params.toString();
  const clean = location.pathname + (query ? `?${query}` : "") + location.hash;
  window.parent.history.replaceState(window.parent.history.state, "", clean);
})();
</script>
"""
REQUEST_ERROR = "reset_request_error"
CONFIRM_ERROR = "reset_confirm_error"
NEW, CONFIRMATION = "New password", "Confirm new password"


def _take_token_from_address() -> None:
    """Keep the link's token in session state and take it out of the address bar.

    Streamlit pushes a new history entry when a run changes the query string, which would leave
    the token in the entry before it (the Back button would show it). So the first run rewrites
    the current entry in place (`history.replaceState`) and leaves `st.query_params` alone; the
    next run, once the address is already clean, clears `st.query_params` with no new entry.
    """
    token = st.query_params.get("token")
    if token is None:
        return
    if st.session_state.get(LINK) == token and st.session_state.get(ADDRESS_CLEANED):
        del st.query_params["token"]
        return
    st.session_state[LINK] = token
    st.session_state[ADDRESS_CLEANED] = True
    st.html(_CLEAN_ADDRESS, unsafe_allow_javascript=True, width="content")


def _request() -> None:
    sent = builtin.request_password_reset(st.session_state.reset_email)
    st.session_state[REQUEST_ERROR] = builtin.take_form_error("reset_request")
    if sent:
        st.session_state.reset_email = ""


def _confirm() -> None:
    done = builtin.confirm_password_reset(
        st.session_state.get(LINK, ""),
        st.session_state.reset_new_password,
        st.session_state.reset_confirmation,
    )
    st.session_state[CONFIRM_ERROR] = builtin.take_form_error("reset_confirm")
    st.session_state.reset_new_password = ""
    st.session_state.reset_confirmation = ""
    if done:
        st.session_state.pop(LINK, None)
        st.session_state.pop(ADDRESS_CLEANED, None)


def _forget_token() -> None:
    st.session_state.pop(LINK, None)
    # Gone from the address bar already; not to be taken from the address again either.
    st.query_params.pop("token", None)


def _request_form() -> None:
    st.write("Enter the email of your account and we will send you a link to set a new password.")
    with st.form("reset_request_form", border=False):
        error = st.session_state.pop(REQUEST_ERROR, None)
        st.text_input("Email", key="reset_email", autocomplete="username")
        error_at("Email", error)
        st.form_submit_button("Send reset link", type="primary", on_click=_request)


def _spent_link(problem: str) -> None:
    """A link known to be used or expired: no form to fill in for nothing, a way to a new one."""
    st.error(display.plain(problem))
    st.button("Ask for a new link", key="reset_forget", type="primary", on_click=_forget_token)


def _confirm_form() -> None:
    st.write("Choose a new password for your account.")
    with st.form("reset_confirm_form", border=False):
        error = st.session_state.pop(CONFIRM_ERROR, None)
        field = None
        if error:
            lowered = error.lower()
            field = CONFIRMATION if "match" in lowered else NEW if "password" in lowered else None
        st.text_input(NEW, key="reset_new_password", type="password", autocomplete="new-password")
        password_rules()
        error_at(NEW, error if field == NEW else None)
        st.text_input(
            CONFIRMATION, key="reset_confirmation", type="password", autocomplete="new-password"
        )
        error_at(CONFIRMATION, error if field == CONFIRMATION else None)
        if error and field is None:
            st.error(display.plain(error))
        st.form_submit_button("Set new password", type="primary", on_click=_confirm)
    st.button(
        "Ask for a new link instead", key="reset_forget", type="tertiary", on_click=_forget_token
    )


st.title("Reset password", anchor=False)
_take_token_from_address()
if not auth.capabilities().password_reset:
    st.info(MISSING["password_reset"])
elif LINK in st.session_state:
    problem = builtin.reset_link_problem(st.session_state[LINK])
    if problem is None:
        _confirm_form()
    else:
        _spent_link(problem)
else:
    _request_form()
if not auth.is_authenticated():
    st.page_link("views/login.py", label="Back to Log in", icon=":material/login:")
