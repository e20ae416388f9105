"""The auth layer: the only code that touches the app's cookies; inside it, the state machine
is the only writer of login state (tests/app/test_one_writer.py). Its public API comes in four
layers, each a module with its own `__all__`:

| import | for | what |
|---|---|---|
| `app.auth` | pages and the sidebar | who is signed in, the backend call, log out, capabilities |
| `app.auth.entry` | the entry script | a context manager around the run, a call to show the page |
| `app.auth.web` | the ASGI app | Streamlit's app with the auth routes and middleware added |
| `app.auth.builtin` | the built-in pages | the callbacks of the Log in, Register, Account forms |

Everything else in the package is its inside:

| module | owns |
|---|---|
| `machine` | the state machine: events in, new state and effects out; no Streamlit |
| `session` | the Streamlit adapter: session state, backend calls for pages, effects performed |
| `reading` | what pages may read: identity, flashes, destination, form errors |
| `notices` | what the person is told apart from the login: flashes, form errors, destination |
| `calls` | the one backend call of a page, refresh on a refused token included |
| `forms` | the Log in and Create account callbacks and their messages |
| `account` | the self-service callbacks: change and reset password, end sessions |
| `reset_links` | what is known of a reset link before the form is sent: used here, expired |
| `tokens` | reading an access token's claims and timing it without trusting the local clock |
| `cookies` | the login and anonymous cookies: contents, sealing, attributes |
| `cookie_names` | the names and Path of the app's cookies (`__Host-` ones under HTTPS) |
| `outcomes` | a route's answer sealed for the session's pending call |
| `routes` | the app's HTTP routes that set, rotate and clear the cookies |
| `binding` | the per-browser binding cookie that cookie tickets are bound to |
| `bridge` | the page-side component that calls those routes, in its own fragment |
| `protocol` | the `Backend` protocol the layer needs |
| `messages` | the sentences a person reads |
"""

from app.auth.calls import call, path_of
from app.auth.protocol import Backend
from app.auth.reading import Identity, identity, is_authenticated, problem
from app.auth.session import act, capabilities, explain, fetch, log_out

__all__ = [
    "Backend",
    "Identity",
    "act",
    "call",
    "capabilities",
    "explain",
    "fetch",
    "identity",
    "is_authenticated",
    "log_out",
    "path_of",
    "problem",
]
