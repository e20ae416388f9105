"""The auth layer: the only writer of login state, and the only code that touches the app's
cookies. Pages, the sidebar and the router use what is listed here and nothing else.

| module | owns |
|---|---|
| `machine` | the state machine: events in, new state and effects out; no Streamlit |
| `session` | the Streamlit adapter: session state, backend calls for pages, effects performed |
| `reading` | what pages may read: identity, flashes, destination, form errors |
| `forms` | the Log in and Create account callbacks and their messages |
| `account` | the self-service callbacks: change and reset password, end sessions |
| `tokens` | reading an access token's claims and timing it without trusting the local clock |
| `cookies` | the login and anonymous cookies: contents, sealing, attributes |
| `outcomes` | a route's answer sealed for the session's pending call |
| `routes` | the app's HTTP routes that set, rotate and clear the cookies |
| `binding` | the per-browser binding cookie that cookie tickets are bound to |
| `bridge` | the page-side component that calls those routes, in its own fragment |
| `protocol` | the `Backend` protocol the layer needs |
| `messages` | the sentences a person reads |
"""

from app.auth.account import (
    change_password,
    confirm_password_reset,
    log_out_everywhere,
    new_password_refusal,
    request_password_reset,
    revoke_session,
)
from app.auth.binding import BrowserBinding
from app.auth.forms import MAX_PASSWORD, MIN_PASSWORD, log_in, register
from app.auth.machine import Flash, Problem
from app.auth.protocol import Backend
from app.auth.reading import (
    Identity,
    access_token_for_debug,
    blocking_message,
    identity,
    is_authenticated,
    is_restoring,
    problem,
    take_destination,
    take_flashes,
    take_form_error,
)
from app.auth.routes import ROUTES
from app.auth.session import (
    PageInterrupted,
    act,
    begin_run,
    capabilities,
    download_url,
    explain,
    fetch,
    log_out,
    mount_bridge,
    retry_problem,
)

__all__ = [
    "MAX_PASSWORD",
    "MIN_PASSWORD",
    "ROUTES",
    "Backend",
    "BrowserBinding",
    "Flash",
    "Identity",
    "PageInterrupted",
    "Problem",
    "access_token_for_debug",
    "act",
    "begin_run",
    "blocking_message",
    "capabilities",
    "change_password",
    "confirm_password_reset",
    "download_url",
    "explain",
    "fetch",
    "identity",
    "is_authenticated",
    "is_restoring",
    "log_in",
    "log_out",
    "log_out_everywhere",
    "mount_bridge",
    "new_password_refusal",
    "problem",
    "register",
    "request_password_reset",
    "retry_problem",
    "revoke_session",
    "take_destination",
    "take_flashes",
    "take_form_error",
]
