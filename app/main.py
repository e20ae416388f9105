"""The entry script: a router. Session init, pages from auth state, one st.navigation per run."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from app import auth, display, navigation, sidebar
from app.services import get_services

# Where a signed-out visitor was going when a signed-in page sent them to Log in.
RETURN_TO = "_router_return_to"

st.set_page_config(
    page_title="Streamlit JWT auth", page_icon="🔒"
)  # an emoji: a :material: favicon is fetched from Google

auth.begin_run()
authenticated = auth.is_authenticated()
restoring = auth.is_restoring()
signed_in_as = auth.identity()
debug_offered = signed_in_as is not None and get_services().settings.shows_debug_page_to(
    signed_in_as.role
)
pages = navigation.build(
    authenticated=authenticated,
    self_service=auth.capabilities().self_service,
    debug=debug_offered,
)

if restoring:
    # No menu while the login is restored; the page the person asked for is kept.
    current = st.navigation(pages.all(), position="hidden")
else:
    current = st.navigation(pages.all())
    sidebar.render()
# The browser's tab and history name the page, as a screen reader announces it.
st.set_page_config(page_title=f"{current.title} · Streamlit JWT auth")


def _target(current: StreamlitPage) -> StreamlitPage | None:
    """Where this run must send the visitor instead of `current`, if anywhere."""
    destination = auth.take_destination()
    if restoring:
        return None
    if destination == "home":
        return pages.by_url_path(st.session_state.pop(RETURN_TO, None)) or pages.home
    if destination == "login":
        return pages.login
    asked = current.url_path
    if destination == "login_and_back":
        # The login ended under them: after the next one, back to the page they were on.
        if asked not in {page.url_path for page in (pages.start, *pages.signed_out_only())}:
            st.session_state[RETURN_TO] = asked
        return pages.login
    if not authenticated and any(asked == page.url_path for page in pages.signed_in_only()):
        st.session_state[RETURN_TO] = asked
        return pages.login
    if authenticated and any(asked == page.url_path for page in pages.signed_out_only()):
        return pages.home
    if authenticated and asked == pages.debug.url_path and not debug_offered:
        return pages.home
    return None


target = _target(current)
# Log in and Home are each what "/" shows in their state, so a login (or a logout from Home)
# already lands there: switching anyway would cost a whole extra run.
if target is not None and not navigation.shows(pages, current, target):
    st.switch_page(target)

problem = auth.problem()
waiting = auth.blocking_message()
if problem is not None:
    st.error(display.plain(problem.text))
    st.button("Try again", key="auth_retry", on_click=auth.retry_problem)
elif waiting is not None:
    with st.spinner(waiting):
        st.empty()
    st.caption(waiting)
else:
    flashes = auth.take_flashes()
    for flash in flashes:
        getattr(st, flash.kind)(display.plain(flash.text))
    going_to = pages.by_url_path(st.session_state.get(RETURN_TO))
    on_log_in = navigation.shows(pages, current, pages.login)
    if on_log_in and not authenticated and not flashes and going_to is not None:
        # A deep link or bookmark opened signed out: say why Log in shows instead.
        st.info(f"Log in to continue to {going_to.title}.")
    try:
        current.run()
    except auth.PageInterrupted:
        # The token was refused mid-page: the next run shows why it waits, or the Log in page.
        st.rerun()

auth.mount_bridge()
