"""Typed failures of backend calls; every one carries a sentence fit to show a person."""

from __future__ import annotations


class BackendError(Exception):
    """A call failed; `detail` is a sentence fit to show a person."""

    def __init__(self, detail: str, status: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status


class BackendUnavailable(BackendError):
    """The backend could not be reached, or did not answer in time."""


class ServerError(BackendError):
    """The backend answered 5xx: its bug, not the user's input."""


class UnusableAnswer(ServerError):
    """The backend answered 2xx with a body the app cannot read (a missing or wrong field)."""


class DocumentTooLarge(UnusableAnswer):
    """A document larger than the app passes on to a browser (APP_DOWNLOAD_LIMIT_MB)."""


class Unauthorized(BackendError):
    """401: the credentials are missing, expired or revoked."""


class RateLimited(BackendError):
    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail, 429)
        self.retry_after = retry_after


class Conflict(BackendError):
    """409, e.g. the email is taken."""


class InvalidInput(BackendError):
    """422 or 400: the input was refused; `detail` lists why."""


class NotFound(BackendError):
    """404, also for another owner's document."""


class PayloadTooLarge(BackendError):
    """413: the upload is bigger than the backend accepts."""


class ProfileMismatch(BackendError):
    """The backend profile does not fit this backend (a missing login, no token in its answer):
    a setting to fix, not the person's input."""


class NotOffered(BackendError):
    """The backend does not offer this optional capability (CONTRACT section 0)."""

    def __init__(self, capability: str, detail: str) -> None:
        super().__init__(detail, 404)
        self.capability = capability
