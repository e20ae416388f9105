"""Who the backend thinks is calling: a user, or an anonymous session (made on first sight)."""

from fastapi import APIRouter

from stub_backend.deps import Authenticated, Caller
from stub_backend.schemas import AnonymousSession, AuthenticatedSession, timestamp

router = APIRouter(tags=["session"])


@router.get("/session")
def session(caller: Caller) -> AuthenticatedSession | AnonymousSession:
    if isinstance(caller, Authenticated):
        return AuthenticatedSession(user_id=caller.user.id, email=caller.user.email, sid=caller.sid)
    return AnonymousSession(
        session_id=caller.id,
        created_at=timestamp(caller.created_at),
        document_count=caller.document_count,
    )
