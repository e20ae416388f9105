"""The JSON shapes of CONTRACT.md section 1 and 5, and the rules on what clients send."""

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, EmailStr, Field, WithJsonSchema, field_validator

from stub_backend.password_rules import (
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    check_new_password,
)
from stub_backend.security import Role
from stub_backend.store.records import Document as DocumentRecord

# Big enough for any test; the clock bounds the sum of all advances.
MAX_CLOCK_ADVANCE_SECONDS = 10 * 365 * 24 * 60 * 60


def normalise_email(email: str) -> str:
    return email.strip().lower()


def timestamp(epoch_seconds: float) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, tz=UTC)


# A password someone chooses now. Passwords checked at login are any text: an old account may
# predate a rule.
NewPassword = Annotated[
    str,
    AfterValidator(check_new_password),
    WithJsonSchema(
        {"type": "string", "minLength": PASSWORD_MIN_LENGTH, "maxLength": PASSWORD_MAX_LENGTH}
    ),
]


class Registration(BaseModel):
    email: EmailStr
    password: NewPassword

    @field_validator("email")
    @classmethod
    def _normalise(cls, value: str) -> str:
        return normalise_email(value)


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


class PasswordChange(BaseModel):
    current_password: str
    new_password: NewPassword


class ResetRequest(BaseModel):
    email: EmailStr

    @field_validator("email")
    @classmethod
    def _normalise(cls, value: str) -> str:
        return normalise_email(value)


class ResetRequested(BaseModel):
    message: Literal["If an account exists for this email, a reset link has been sent."] = (
        "If an account exists for this email, a reset link has been sent."
    )


class ResetConfirmation(BaseModel):
    token: str
    new_password: NewPassword


class OwnSession(BaseModel):
    sid: str
    created_at: datetime
    last_used_at: datetime
    current: bool
    user_agent: str | None = None


class OwnSessionList(BaseModel):
    items: list[OwnSession]


class OutboxMessage(BaseModel):
    to: str
    reset_token: str
    created_at: datetime


class Outbox(BaseModel):
    messages: list[OutboxMessage]


class ResetDone(BaseModel):
    status: Literal["reset"] = "reset"
