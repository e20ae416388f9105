"""Small real backends of the FastAPI auth families the app serves (CONTRACT section 8).

Each module has `create_app(settings)` for `tests.loopback.serving(app, name=...,
health_path="/healthz")` and runs on its own with `python -m tests.backends.<module>`:

- `fastapi_users_app`: fastapi-users 15, as its SQLAlchemy + JWT full example builds it.
- `template_api`: a stand-in for the full-stack FastAPI template's `/api/v1`.
- `authx_app`: an AuthX 1.7 app with register, login, refresh, logout and me.
"""
