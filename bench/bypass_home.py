"""The bypass baseline for the auth overhead: app/main.py's Home and sidebar, no auth layer.

Renders the same pages, navigation and sidebar from an identity the benchmark puts in session
state, without `auth.begin_run`, the router's auth checks, flashes or `bridge.mount`.
"""

import streamlit as st

from app import navigation, sidebar
from app.backend import Capabilities

st.set_page_config(page_title="Streamlit JWT auth", page_icon=":material/lock:")
pages = navigation.build(
    navigation.Viewer(authenticated=True, capabilities=Capabilities(), sees_debug=True)
)
current = st.navigation(pages.all())
sidebar.render()
current.run()
