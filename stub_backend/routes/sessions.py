"""A signed-in user's own login sessions: list them, end one (full profile only)."""

from fastapi import APIRouter, HTTPException, status

from stub_backend.deps import CurrentUser, ServicesDep
from stub_backend.schemas import OwnSession, OwnSessionList, timestamp

router = APIRouter(prefix="/auth/sessions", tags=["account"])


@router.get("")
def list_sessions(caller: CurrentUser, services: ServicesDep) -> OwnSessionList:
    sessions = services.store.accounts.open_sessions(caller.user.id)
    return OwnSessionList(
        items=[
            OwnSession(
                sid=session.sid,
                created_at=timestamp(session.created_at),
                last_used_at=timestamp(session.last_used_at),
                current=session.sid == caller.sid,
                user_agent=session.user_agent,
            )
            for session in sessions
        ]
    )


@router.delete("/{sid}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_session(sid: str, caller: CurrentUser, services: ServicesDep) -> None:
    # Another user's session, an unknown one and an ended one are all simply not found.
    if not services.store.accounts.revoke_own_session(caller.user.id, sid, services.clock.now()):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Session not found")
