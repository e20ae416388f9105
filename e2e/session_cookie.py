"""Reach into the app's sealed login cookie, for scenarios that need a kept token of a given
age without waiting for it, or a browser signed in without the Log in form: only against the
app the suite started (it knows the secret); elsewhere `sign_in` uses the form."""

from __future__ import annotations

import secrets
import time
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page

from app.auth.binding import BINDING_COOKIE, fingerprint
from app.auth.cookies import (
    LOGIN_COOKIE,
    LOGIN_COOKIE_MAX_AGE_SECONDS,
    Login,
    LoginCookie,
    open_login,
    seal_login,
)
from app.auth.tokens import HeldToken
from app.backend import BackendClient, Caller
from app.sealing import Sealer
from e2e import runs, ui
from e2e.api import Backend
from e2e.servers import Deployment


def sign_in(
    page: Page, deployment: Deployment, backend: Backend, email: str, password: str
) -> None:
    """Sign this tab's browser in as `email` without the Log in form: log in at the backend
    through the app's own client and backend address, seal the login cookie with the app's
    code and secret exactly as its route sets it (HttpOnly, SameSite=Strict), and reload, so
    the app restores the login from the cookie. Against an app the suite did not start (no
    secret), through the form."""
    app = deployment.app
    if app is None:
        ui.log_in(page, email, password)
        return
    offset = deployment.app_clock.offset if deployment.app_clock else 0.0
    client = BackendClient(app.env["API_BASE_URL"], 15.0, backend.profile)
    try:
        pair = client.login(email, password, Caller())
        token = HeldToken.from_answer(pair, clock=lambda: time.time() + offset)
        person = client.identify(Caller(pair.access_token))
        refresh_token = pair.refresh_token if client.capabilities.renew else None
    finally:
        client.close()
    login = LoginCookie.holding(Login(token, secrets.token_urlsafe(18), person), refresh_token)
    sealer = Sealer(app.env["APP_SECRET_KEY"].encode())
    page.context.add_cookies(
        [
            {
                "name": LOGIN_COOKIE,
                "value": seal_login(sealer, login, fingerprint(_binding(page.context))),
                "domain": urlsplit(deployment.app_url).hostname or "127.0.0.1",
                "path": deployment.base_path or "/",
                "expires": time.time() + LOGIN_COOKIE_MAX_AGE_SECONDS,
                "httpOnly": True,
                "secure": deployment.app_url.startswith("https:"),
                "sameSite": "Strict",
            }
        ]
    )
    runs.reload(page)


def age_kept_token(context: BrowserContext, deployment: Deployment, seconds_left: float) -> None:
    """Make the login cookie say its access token has `seconds_left` (the backend's view of the
    token does not change)."""
    if deployment.app is None:
        pytest.skip("editing the login cookie needs the app the suite started (its secret)")
    sealer = Sealer(deployment.app.env["APP_SECRET_KEY"].encode())
    [cookie] = [c for c in context.cookies() if c.get("name") == LOGIN_COOKIE]
    bound = _binding(context)
    login = open_login(sealer, {**bound, LOGIN_COOKIE: cookie.get("value", "")})
    assert login is not None, "the login cookie is not one the app sealed"
    # On the app's clock, which the suite may have moved (see app_clock.py).
    now = time.time() + (deployment.app_clock.offset if deployment.app_clock else 0.0)
    aged = replace(login, access_expires_at=now + seconds_left)
    context.add_cookies(
        [
            {
                "name": LOGIN_COOKIE,
                "value": seal_login(sealer, aged, fingerprint(bound)),
                "domain": cookie.get("domain", "127.0.0.1"),
                "path": cookie.get("path", "/"),
                "expires": cookie.get("expires", -1),
                "httpOnly": True,
                "secure": cookie.get("secure", False),
                "sameSite": cookie.get("sameSite", "Strict"),
            }
        ]
    )


def _binding(context: BrowserContext) -> dict[str, str]:
    """The browser's binding cookie (its page gave it one), which the login cookie is bound to."""
    values = [c.get("value", "") for c in context.cookies() if c.get("name") == BINDING_COOKIE]
    assert values, "the browser has no binding cookie: open one of the app's pages first"
    return {BINDING_COOKIE: values[0]}


def near_expiry(context: BrowserContext, deployment: Deployment) -> None:
    """Inside the app's refresh margin, not yet expired."""
    age_kept_token(context, deployment, seconds_left=20)


def expired(context: BrowserContext, deployment: Deployment) -> None:
    age_kept_token(context, deployment, seconds_left=-10)
