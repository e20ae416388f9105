"""What each STUB_PROFILE offers: the seed's bare minimum, or everything the contract describes.

`minimal` stands in for the real backend as the seed knows it (CONTRACT section 0): five claims,
four auth endpoints and `/healthz`. `full` adds the optional capabilities of sections 1 to 4."""

from dataclasses import dataclass
from typing import Literal

ProfileName = Literal["full", "minimal"]
SEED_CLAIMS = ("sub", "user_id", "role", "jti", "exp")
FULL_CLAIMS = (*SEED_CLAIMS, "iat", "type", "sid")


@dataclass(frozen=True)
class Profile:
    name: ProfileName
    claims: tuple[str, ...]
    # /auth/me, /auth/logout-all, /session, /documents, the self-service endpoints, and the
    # extra fields of a token answer (`token_type`, `expires_in`, `migrated_documents`).
    extras: bool

    @classmethod
    def named(cls, name: ProfileName) -> "Profile":
        if name == "minimal":
            return cls(name, SEED_CLAIMS, extras=False)
        return cls(name, FULL_CLAIMS, extras=True)
