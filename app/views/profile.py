"""Profile: the account as the backend describes it, read from its `me` endpoint. The README's
"Add a page" example, quoted there whole: this file and its line in `navigation.PAGES`."""

import streamlit as st
from pydantic import BaseModel, ConfigDict

from app import auth, display
from app.backend import BackendError, NotOffered


class Account(BaseModel):
    model_config = ConfigDict(extra="allow")  # each kind of backend says more of its own
    email: str


st.title("Profile", anchor=False)
try:
    with st.spinner("Asking the backend…"):
        account = auth.call("GET", auth.path_of("me"), Account, capability="me")
except NotOffered as missing:
    st.info(display.plain(missing.detail))
except BackendError as error:
    st.error(display.plain(auth.explain(error)))
else:
    for field, value in account.model_dump().items():
        st.markdown(f"**{field.replace('_', ' ').capitalize()}:** {display.plain(str(value))}")
