"""Reach into the app's sealed login cookie, for scenarios that need a kept token of a given
age without waiting for it: only against the app the suite started (it knows the secret)."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from playwright.sync_api import BrowserContext

from app.auth.cookies import LOGIN_COOKIE, open_login, seal_login
from app.sealing import Sealer
from e2e.servers import Deployment


def age_kept_token(context: BrowserContext, deployment: Deployment, seconds_left: float) -> None:
    """Make the login cookie say its access token has `seconds_left` (the backend's view of the
    token does not change)."""
    if deployment.app is None:
        pytest.skip("editing the login cookie needs the app the suite started (its secret)")
    sealer = Sealer(deployment.app.env["APP_SECRET_KEY"].encode())
    [cookie] = [c for c in context.cookies() if c.get("name") == LOGIN_COOKIE]
    login = open_login(sealer, {LOGIN_COOKIE: cookie.get("value", "")})
    assert login is not None, "the login cookie is not one the app sealed"
    # On the app's clock, which the suite may have moved (see app_clock.py).
    now = time.time() + (deployment.app_clock.offset if deployment.app_clock else 0.0)
    aged = replace(login, access_expires_at=now + seconds_left)
    context.add_cookies(
        [
            {
                "name": LOGIN_COOKIE,
                "value": seal_login(sealer, aged),
                "domain": cookie.get("domain", "127.0.0.1"),
                "path": cookie.get("path", "/"),
                "expires": cookie.get("expires", -1),
                "httpOnly": True,
                "secure": cookie.get("secure", False),
                "sameSite": cookie.get("sameSite", "Strict"),
            }
        ]
    )


def near_expiry(context: BrowserContext, deployment: Deployment) -> None:
    """Inside the app's refresh margin, not yet expired."""
    age_kept_token(context, deployment, seconds_left=20)


def expired(context: BrowserContext, deployment: Deployment) -> None:
    age_kept_token(context, deployment, seconds_left=-10)
