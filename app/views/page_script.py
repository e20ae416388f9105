"""JavaScript (and style) the app's own views put in the page, in one way: each block in its own
keyed, content-wide container, so it takes no room and Streamlit tells the blocks apart. The
scripts carry only what the app wrote, never user input.

Streamlit runs an element's script when the element is drawn, not again while the same element
stays, so there are two kinds:
- `install`: drawn under a fixed name; it runs once per page load and must guard itself (a
  listener or an observer that lives on the document);
- `run`: drawn under a fresh name each time, so it runs in every run that calls it (the same
  error twice in a row, the focus after this run).
"""

from __future__ import annotations

import secrets

import streamlit as st


def install(name: str, script: str) -> None:
    _draw(name, script)


def run(name: str, script: str) -> None:
    _draw(f"{name}_{secrets.token_hex(4)}", script)


def _draw(key: str, script: str) -> None:
    with st.container(key=key, width="content", gap=None):
        st.html(script, unsafe_allow_javascript=True, width="content")
