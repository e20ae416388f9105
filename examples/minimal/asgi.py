"""The minimal example's server: its entry script with the auth routes and middleware."""

from pathlib import Path

from app.auth import web

app = web.streamlit_app(Path(__file__).with_name("streamlit_app.py"))
