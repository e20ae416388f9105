"""Which pages exist for this run, from auth state alone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

VIEWS = Path(__file__).with_name("views")


@dataclass(frozen=True)
class Pages:
    home: StreamlitPage
    documents: StreamlitPage
    debug: StreamlitPage
    login: StreamlitPage
    register: StreamlitPage

    def all(self) -> list[StreamlitPage]:
        return [self.home, self.documents, self.debug, self.login, self.register]


def build(*, authenticated: bool) -> Pages:
    """A page's identity is its URL path, so Documents is the same page in both navigations."""
    return Pages(
        home=st.Page(
            VIEWS / "home.py", title="Home", icon=":material/home:", default=authenticated
        ),
        documents=st.Page(VIEWS / "documents.py", title="Documents", icon=":material/folder:"),
        debug=st.Page(VIEWS / "debug.py", title="Debug", icon=":material/bug_report:"),
        login=st.Page(
            VIEWS / "login.py", title="Log in", icon=":material/login:", default=not authenticated
        ),
        register=st.Page(VIEWS / "register.py", title="Register", icon=":material/person_add:"),
    )


def visible(pages: Pages, *, authenticated: bool) -> list[StreamlitPage]:
    if authenticated:
        return [pages.home, pages.documents, pages.debug]
    return [pages.documents, pages.login, pages.register]
