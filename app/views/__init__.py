"""Thin pages: widgets and callbacks that call `auth`, nothing else.

Named `views`, not `pages`: Streamlit treats a `pages/` folder beside the main script as legacy
multipage-app pages, and AppTest then renders nothing on a rerun.
"""
