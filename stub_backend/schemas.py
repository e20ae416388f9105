"""The JSON shapes of CONTRACT.md section 1 and 5, and the rules on what clients send."""

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, EmailStr, Field, field_validator
from pydantic_core import PydanticCustomError

from stub_backend.security import Role
from stub_backend.store.records import Document as DocumentRecord

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
# Big enough for any test; the clock bounds the sum of all advances.
MAX_CLOCK_ADVANCE_SECONDS = 10 * 365 * 24 * 60 * 60


def normalise_email(email: str) -> str:
    return email.strip().lower()


def timestamp(epoch_seconds: float) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, tz=UTC)


class Registration(BaseModel):
    email: EmailStr
    password: str = Field(
        json_schema_extra={"minLength": PASSWORD_MIN_LENGTH, "maxLength": PASSWORD_MAX_LENGTH}
    )

    @field_validator("email")
    @classmethod
    def _normalise(cls, value: str) -> str:
        return normalise_email(value)

    @field_validator("password")
    @classmethod
    def _check_password(cls, value: str) -> str:
        # Our own sentences, not pydantic's "String should have at least 8 characters".
        if len(value) < PASSWORD_MIN_LENGTH:
            raise PydanticCustomError(
                "password_too_short", f"Password must be at least {PASSWORD_MIN_LENGTH} characters."
            )
        if len(value) > PASSWORD_MAX_LENGTH:
            raise PydanticCustomError(
                "password_too_long", f"Password must be at most {PASSWORD_MAX_LENGTH} characters."
            )
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise PydanticCustomError(
                "password_not_text", "Password must be valid Unicode text."
            ) from None
        return value


class SeedTokenPair(BaseModel):
    """What the seed's backend is known to answer; the minimal profile answers no more."""

    access_token: str
    refresh_token: str


class TokenPair(SeedTokenPair):
    token_type: Literal["bearer"] = Field(default="bearer")
    expires_in: int


class LoginResult(TokenPair):
    migrated_documents: int


class RefreshRequest(BaseModel):
    refresh_token: str


class LogoutRequest(BaseModel):
    refresh_token: str | None = None


class LoggedOut(BaseModel):
    """The minimal profile's logout answer: the seed's client expects 200 with a JSON body."""

    message: Literal["Logged out"] = "Logged out"


class Me(BaseModel):
    user_id: str
    email: str
    role: Role
    created_at: datetime


class AuthenticatedSession(BaseModel):
    session_type: Literal["authenticated"] = "authenticated"
    user_id: str
    email: str
    sid: str


class AnonymousSession(BaseModel):
    session_type: Literal["anonymous"] = "anonymous"
    session_id: str
    created_at: datetime
    document_count: int


class Document(BaseModel):
    id: str
    filename: str
    size: int
    content_type: str
    created_at: datetime

    @classmethod
    def of(cls, record: DocumentRecord) -> "Document":
        return cls(
            id=record.id,
            filename=record.filename,
            size=record.size,
            content_type=record.content_type,
            created_at=timestamp(record.created_at),
        )


class DocumentList(BaseModel):
    items: list[Document]
    owner: Literal["user", "anonymous"]


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class ClockAdvance(BaseModel):
    advance_seconds: float = Field(ge=0, le=MAX_CLOCK_ADVANCE_SECONDS, allow_inf_nan=False)


class ClockNow(BaseModel):
    now: float


class SessionView(BaseModel):
    sid: str
    revoked: bool
    refresh_count: int
    created_at: datetime


class SessionList(BaseModel):
    sessions: list[SessionView]


class ResetDone(BaseModel):
    status: Literal["reset"] = "reset"
