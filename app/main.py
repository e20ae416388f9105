"""The entry script: a router. The pages of `navigation.PAGES` for this run's visitor, one
st.navigation, then the page (or why it must wait)."""

from __future__ import annotations

import streamlit as st

from app import navigation, sidebar
from app.auth import entry
from app.services import get_services
from app.views import busy, focus, phone

st.set_page_config(
    page_title="Streamlit JWT auth", page_icon="🔒"
)  # an emoji: a :material: favicon is fetched from Google

with entry.page_run() as run:
    person = run.identity
    viewer = navigation.Viewer(
        authenticated=run.authenticated,
        capabilities=run.capabilities,
        sees_debug=person is not None and get_services().settings.shows_debug_page_to(person.role),
    )
    pages = navigation.build(viewer)
    if run.restoring:
        # No menu while the login is restored; the page the person asked for is kept.
        current = st.navigation(pages.all(), position="hidden")
    else:
        current = st.navigation(pages.all())
        sidebar.render()
        phone.menu_behaviour()
        busy.install()
    # The browser's tab and history name the page, as a screen reader announces it.
    st.set_page_config(page_title=f"{current.title} · Streamlit JWT auth")

    target = None if run.restoring else navigation.redirect(pages, current, run.destination)
    # Log in and Home are each what "/" shows in their state, so a login (or a logout from
    # Home) already lands there: switching anyway would cost a whole extra run.
    if target is not None and not navigation.shows(pages, current, target):
        st.switch_page(target)

    notice = None
    going_to = navigation.going_back_to(pages)
    if (
        not run.authenticated
        and going_to is not None
        and navigation.shows(pages, current, pages.login)
    ):
        # A deep link or bookmark opened signed out: say why Log in shows instead.
        notice = f"Log in to continue to {going_to.title}."
    entry.show(current.run, notice=notice)
    focus.arrange()
