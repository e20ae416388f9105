"""An address that is no page of the app answers 404 with a page saying so.

Streamlit serves its page for any path and, for one that names no page, runs the main page
under a "Page not found ... Running the app's main page." notice: a mistyped or stale link
would land on Log in or Home as if that were what was asked. So a browser's GET for a path
that is neither a page of `navigation.PAGES` nor one of Streamlit's or the app's own
routes is answered here: a plain 404 page with a link to the start. The asked-for path is not
echoed back (nothing of the address is written into the page).
"""

from __future__ import annotations

from collections.abc import Collection

from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from app.base_path import base_path, under

# The first path segments that belong to Streamlit (its API, assets, media, components, the
# app's static files, its OIDC login) and to the app's own routes.
RESERVED = frozenset(
    {"_stcore", "static", "media", "component", "app", "auth", "oauth2callback", "api"}
)
_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page not found · Streamlit JWT auth</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;
line-height:1.5}}</style></head>
<body><main>
<h1>Page not found</h1>
<p>There is no page at this address. It may have been mistyped, or the link is out of date.</p>
<p><a href="{start}">Go to the start page</a></p>
</main></body>
</html>
"""


def is_page_address(path: str, pages: Collection[str]) -> bool:
    """Whether `path` (under the app's base path) is the root, a page, or no page's business:
    anything reserved, a file (a dot in its first segment), or outside the base path."""
    prefix = base_path()
    if prefix and not (path == prefix or path.startswith(prefix + "/")):
        return True
    rest = path[len(prefix) :].strip("/")
    first = rest.split("/", 1)[0]
    segments = rest.split("/")
    # Streamlit also asks for its API under a page's path (`/documents/_stcore/health`).
    return not rest or "." in first or rest in pages or not RESERVED.isdisjoint(segments)


class UnknownPages:
    """ASGI middleware: a browser's GET for an address that is no page answers 404."""

    def __init__(self, app: ASGIApp, pages: Collection[str]) -> None:
        self.app = app
        self.pages = frozenset(pages)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or is_page_address(scope["path"], self.pages)
        ):
            await self.app(scope, receive, send)
            return
        page = _PAGE.format(start=under("/"))
        response = HTMLResponse(page, status_code=404, headers={"Cache-Control": "no-store"})
        await response(scope, receive, send)
