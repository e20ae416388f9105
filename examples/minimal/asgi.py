"""The minimal example's server: its entry script with the auth routes and middleware."""

from pathlib import Path

import streamlit as st

from app.auth import web

app = st.App(Path(__file__).with_name("streamlit_app.py"), **web.with_auth())
