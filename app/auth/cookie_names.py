"""Where the browser keeps the app's cookies: their names and `Path`, by whether they are Secure.

Secure (HTTPS, or `APP_COOKIE_SECURE=true`), each is a `__Host-` cookie: a browser takes one
only over HTTPS, with `Path=/` and no `Domain`, so no page over plain HTTP on another port of
the host and no sibling subdomain can set it or overwrite the app's. `Path=/` sends it to every
path of the host, so under a prefix the prefix is in its name (`__Host-stauth_login.auth-demo`
under `/auth-demo`): two apps under different prefixes never read each other's cookies.
Not Secure (plain HTTP), each keeps its plain name, scoped to the app's prefix by `Path`, and
any page of the host can set it (README, "What every port of one host can do").

Readers take the cookies through `read`, keyed by their plain names: under HTTPS a plain-named
cookie is never read, since any HTTP page of the host could have planted it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from app.base_path import base_path, cookie_path

LOGIN = "stauth_login"
ANON = "stauth_anon"
BINDING = "stauth_browser"
APP_COOKIES = (LOGIN, ANON, BINDING)
HOST_PREFIX = "__Host-"
# A cookie name is a token: a prefix's slashes and anything else outside these become ".".
_NOT_IN_A_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def is_secure(scheme: str | None, configured: bool | None) -> bool:
    """`APP_COOKIE_SECURE` when set, else whether the browser came over HTTPS (as the server
    sees it: behind a proxy, through its trusted `X-Forwarded-Proto`)."""
    return configured if configured is not None else scheme in ("https", "wss")


def name(plain: str, secure: bool) -> str:
    """The name the browser keeps the app's cookie `plain` under."""
    if not secure:
        return plain
    prefix = _NOT_IN_A_NAME.sub(".", base_path()).strip(".")
    return f"{HOST_PREFIX}{plain}.{prefix}" if prefix else f"{HOST_PREFIX}{plain}"


def path(secure: bool) -> str:
    """Its `Path`: `/`, as a `__Host-` cookie must have, else the app's prefix."""
    return "/" if secure else cookie_path()


def read(sent: Mapping[str, str], secure: bool) -> dict[str, str]:
    """The app's cookies among those the browser sent, by their plain names."""
    named = {plain: name(plain, secure) for plain in APP_COOKIES}
    return {plain: sent[kept] for plain, kept in named.items() if kept in sent}
