"""What the app's built-in pages use beyond the pages' API: the Log in, Create account, Account
and Reset password forms' callbacks (each leaves its failure for its form to take), the
Documents page's download address and the Debug page's token.

A form's callback runs the attempt and leaves either a flash (success) or its form's error,
which the form reads back with `take_form_error(form)` in the same callback.
"""

from urllib.parse import quote

from app.auth.account import (
    change_password,
    confirm_password_reset,
    log_out_everywhere,
    request_password_reset,
    revoke_session,
)
from app.auth.forms import MIN_PASSWORD, log_in, register
from app.auth.reading import access_token_for_debug, take_form_error
from app.auth.reset_links import problem as reset_link_problem
from app.auth.routes import DOWNLOAD_PATH
from app.base_path import under


def download_url(document_id: str) -> str:
    """Where the browser downloads a document: the app's route, which uses the browser's login
    cookie at click time (refreshing an expired token first), however long the page was idle."""
    return under(DOWNLOAD_PATH.format(document_id=quote(document_id, safe="")))


__all__ = [
    "MIN_PASSWORD",
    "access_token_for_debug",
    "change_password",
    "confirm_password_reset",
    "download_url",
    "log_in",
    "log_out_everywhere",
    "register",
    "request_password_reset",
    "reset_link_problem",
    "revoke_session",
    "take_form_error",
]
