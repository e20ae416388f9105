"""Which pages exist for this run, from auth state alone."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from app.views import debug, documents, home, login, register


@dataclass(frozen=True)
class Pages:
    home: StreamlitPage
    documents: StreamlitPage
    debug: StreamlitPage
    login: StreamlitPage
    register: StreamlitPage


def build(*, authenticated: bool) -> Pages:
    """A page's identity is its url_path, so Documents is the same page in both navigations."""
    return Pages(
        home=st.Page(
            home.render,
            title="Home",
            icon=":material/home:",
            url_path="home",
            default=authenticated,
        ),
        documents=st.Page(
            documents.render, title="Documents", icon=":material/folder:", url_path="documents"
        ),
        debug=st.Page(debug.render, title="Debug", icon=":material/bug_report:", url_path="debug"),
        login=st.Page(
            login.render,
            title="Log in",
            icon=":material/login:",
            url_path="login",
            default=not authenticated,
        ),
        register=st.Page(
            register.render, title="Register", icon=":material/person_add:", url_path="register"
        ),
    )


def visible(pages: Pages, *, authenticated: bool) -> list[StreamlitPage]:
    if authenticated:
        return [pages.home, pages.documents, pages.debug]
    return [pages.documents, pages.login, pages.register]
