"""The backend: a typed HTTP client shaped by a backend profile (profile.py), its answers as
models, its failures as typed errors, who a token is for, and which optional capabilities it
offers. Nothing here imports Streamlit."""

from app.backend.capabilities import MISSING, Capabilities
from app.backend.client import BackendClient, Caller
from app.backend.errors import (
    BackendError,
    BackendUnavailable,
    Conflict,
    DocumentTooLarge,
    InvalidInput,
    NotFound,
    NotOffered,
    PayloadTooLarge,
    ProfileMismatch,
    RateLimited,
    ServerError,
    Unauthorized,
    UnusableAnswer,
)
from app.backend.identity import MalformedToken
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
    "DocumentTooLarge",
    "InvalidInput",
    "LoginSession",
    "LoginSessionList",
    "MalformedToken",
    "NotFound",
    "NotOffered",
    "PayloadTooLarge",
    "Profile",
    "ProfileMismatch",
    "RateLimited",
    "ServerError",
    "TokenPair",
    "Unauthorized",
    "UnusableAnswer",
]
