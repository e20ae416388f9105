"""Test-only controls; mounted only when STUB_TEST_CONTROLS is on, absent (404) otherwise."""

from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError

from stub_backend.clock import MAX_OFFSET_SECONDS, ClockRangeError
from stub_backend.deps import ServicesDep
from stub_backend.schemas import (
    ClockAdvance,
    ClockNow,
    Outbox,
    OutboxMessage,
    ResetDone,
    SessionList,
    SessionView,
    normalise_email,
    timestamp,
)

router = APIRouter(prefix="/_test", tags=["test controls"])


@router.post("/clock")
def advance_clock(body: ClockAdvance, services: ServicesDep) -> ClockNow:
    try:
        return ClockNow(now=services.clock.advance(body.advance_seconds))
    except ClockRangeError:
        # In the list form of a validation error: what the schema promises for a 422.
        raise RequestValidationError(
            [
                {
                    "type": "clock_out_of_range",
                    "loc": ("body", "advance_seconds"),
                    "msg": f"The clock cannot run more than {MAX_OFFSET_SECONDS} seconds ahead; "
                    "reset it first.",
                }
            ]
        ) from None


@router.post("/reset")
def reset(services: ServicesDep) -> ResetDone:
    services.store.controls.reset()
    services.outbox.clear()
    return ResetDone()


@router.get("/sessions")
def sessions(email: str, services: ServicesDep) -> SessionList:
    found = services.store.controls.sessions_of(normalise_email(email))
    return SessionList(
        sessions=[
            SessionView(
                sid=session.sid,
                revoked=session.revoked,
                refresh_count=session.refresh_count,
                created_at=timestamp(session.created_at),
            )
            for session in found
        ]
    )


@router.get("/outbox")
def outbox(email: str, services: ServicesDep) -> Outbox:
    """The reset links the stub would have mailed to this address, oldest first."""
    messages = services.outbox.messages_to(normalise_email(email))
    return Outbox(
        messages=[
            OutboxMessage(
                to=message.to,
                reset_token=message.reset_token,
                created_at=timestamp(message.created_at),
            )
            for message in messages
        ]
    )
