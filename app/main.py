"""The entry script: a router. Session init, pages from auth state, one st.navigation per run."""

from __future__ import annotations

import streamlit as st

from app import auth, navigation, sidebar

st.set_page_config(page_title="Streamlit JWT auth", page_icon=":material/lock:")

auth.begin_run()
authenticated = auth.is_authenticated()
pages = navigation.build(authenticated=authenticated)

if auth.is_restoring():
    # Every page is known while the login is restored, so the URL the person reloaded is kept.
    current = st.navigation(pages.all(), position="hidden")
else:
    current = st.navigation(navigation.visible(pages, authenticated=authenticated))
    sidebar.render()

destination = auth.take_destination()
if destination is not None:
    target = pages.home if destination == "home" else pages.login
    # Log in and Home are each the default page of their navigation, so a login (or a logout
    # from Home) already lands there: switching anyway would cost a whole extra run.
    if current.url_path != target.url_path:
        st.switch_page(target)

problem = auth.problem()
waiting = auth.blocking_message()
if problem is not None:
    st.error(problem.text)
    st.button("Try again", key="auth_retry", on_click=auth.retry_problem)
elif waiting is not None:
    with st.spinner(waiting):
        st.empty()
    st.caption(waiting)
else:
    for flash in auth.take_flashes():
        getattr(st, flash.kind)(flash.text)
    try:
        current.run()
    except auth.PageInterrupted:
        # The token was refused mid-page: the next run shows why it waits, or the Log in page.
        st.rerun()

auth.mount_bridge()
