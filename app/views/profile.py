"""Profile: the account as the backend describes it, read from its `me` endpoint.

The README's "Add a page" example: this file and its line in `navigation.PAGES` are all it took.
"""

from __future__ import annotations

import streamlit as st
from pydantic import BaseModel, ConfigDict

from app import auth, display
from app.backend import BackendError


class Account(BaseModel):
    # Each kind of backend describes an account its own way; all of them give the email.
    model_config = ConfigDict(extra="allow")
    email: str


def _label(field: str) -> str:
    return field.replace("_", " ").capitalize()


st.title("Profile")
try:
    with st.spinner("Asking the backend…"):
        account = auth.call("GET", auth.path_of("me"), Account, capability="me")
except BackendError as error:
    st.error(display.plain(auth.explain(error)))
else:
    st.write("Your account, as the server describes it:")
    for field, value in (account.model_dump() if account else {}).items():
        st.markdown(f"**{_label(field)}:** {display.plain(str(value))}")
