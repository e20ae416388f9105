"""The backend: a typed HTTP client, its answers as models, its failures as typed errors, and
which optional capabilities it offers. Nothing here imports Streamlit."""

from app.backend.capabilities import MISSING, Capabilities
from app.backend.client import BackendClient, Caller
from app.backend.errors import (
    BackendError,
    BackendUnavailable,
    Conflict,
    InvalidInput,
    NotFound,
    NotOffered,
    PayloadTooLarge,
    RateLimited,
    ServerError,
    Unauthorized,
    UnusableAnswer,
)
from app.backend.models import (
    Document,
    DocumentContent,
    LoginSession,
    LoginSessionList,
    Profile,
    TokenPair,
)

__all__ = [
    "MISSING",
    "BackendClient",
    "BackendError",
    "BackendUnavailable",
    "Caller",
    "Capabilities",
    "Conflict",
    "Document",
    "DocumentContent",
    "InvalidInput",
    "LoginSession",
    "LoginSessionList",
    "NotFound",
    "NotOffered",
    "PayloadTooLarge",
    "Profile",
    "RateLimited",
    "ServerError",
    "TokenPair",
    "Unauthorized",
    "UnusableAnswer",
]
