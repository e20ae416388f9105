"""What a signed-in user may ask about their account (full profile only)."""

from fastapi import APIRouter, status

from stub_backend.deps import CREDENTIALS_REFUSED, CurrentUser, ServicesDep
from stub_backend.errors import unauthorized
from stub_backend.schemas import Me, timestamp

router = APIRouter(prefix="/auth", tags=["account"])


@router.post("/logout-all", status_code=status.HTTP_204_NO_CONTENT)
def logout_all(caller: CurrentUser, services: ServicesDep) -> None:
    claims = caller.claims
    if not services.store.accounts.logout_all(claims.user_id, claims.jti, services.clock.now()):
        raise unauthorized(CREDENTIALS_REFUSED)


@router.get("/me")
def me(caller: CurrentUser) -> Me:
    user = caller.user
    return Me(
        user_id=user.id, email=user.email, role=user.role, created_at=timestamp(user.created_at)
    )
