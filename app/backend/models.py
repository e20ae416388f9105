"""The backend's answers as pydantic models: an answer that does not fit is refused in one place.

Only what CONTRACT section 0 requires is required here; every other field is optional, so a
backend built from the seed's description (no `expires_in`, no `migrated_documents`) fits.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field


class Answer(BaseModel):
    # Extra fields are the backend's business; ids may come as numbers or strings.
    model_config = ConfigDict(extra="ignore", frozen=True, coerce_numbers_to_str=True)


class TokenPair(Answer):
    """A login, register or refresh answer, read with the profile's key names. No refresh
    token: the backend does not refresh (access-only), or does not rotate on refresh."""

    access_token: str = Field(min_length=1)
    refresh_token: str | None = Field(default=None, min_length=1)
    token_type: str | None = None
    expires_in: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    migrated_documents: int = Field(default=0, ge=0)
    # Not in the body: the backend's clock as its HTTP `Date` header showed it (epoch seconds),
    # which times the token when it carries no `iat`.
    server_time: float | None = None


class Profile(Answer):
    user_id: str
    email: str
    role: str
    created_at: str = ""


class Document(Answer):
    id: str = Field(min_length=1)
    filename: str
    size: int = Field(ge=0)
    content_type: str = "application/octet-stream"
    created_at: str = ""


@dataclass(frozen=True)
class DocumentContent:
    """A document's bytes with the headers a browser needs to save them."""

    content: bytes
    content_type: str
    disposition: str | None


class DocumentList(Answer):
    items: list[Document]


class LoginSession(Answer):
    sid: str = Field(min_length=1)
    created_at: str = ""
    last_used_at: str = ""
    current: bool = False
    user_agent: str | None = None


class LoginSessionList(Answer):
    items: list[LoginSession]
