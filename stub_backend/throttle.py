"""How long a login must wait after a run of failures: a delay that doubles, never a lockout.

A lockout lets anyone who knows an email keep its owner out with five wrong guesses. A delay
slows a guesser just as well, and whoever waits it out with the right password gets in."""

import math
from dataclasses import dataclass
from typing import Literal

Scope = Literal["email", "client", "global"]


@dataclass(frozen=True)
class Rule:
    """Up to `threshold` failures in a streak are free; after that, each attempt must wait
    `first_delay_seconds` (2), then twice as long after each further failure (4, 8, ...),
    counted from the streak's last failure, at most `max_delay_seconds`."""

    threshold: int
    first_delay_seconds: float
    max_delay_seconds: float

    def delay(self, failures: int) -> float:
        if failures < self.threshold:
            return 0.0
        # Capped before the power: a long streak must not build a huge number.
        doublings = min(failures - self.threshold, 64)
        return float(min(self.first_delay_seconds * 2**doublings, self.max_delay_seconds))


@dataclass(frozen=True)
class Key:
    """Whose failures count together: one email, one client address, or everyone's."""

    scope: Scope
    subject: str


@dataclass(frozen=True)
class Streak:
    failures: int
    last_failure_at: float


@dataclass(frozen=True)
class Wait:
    """The attempt is refused: the scope that refused it and whole seconds to wait."""

    scope: Scope
    seconds: int


def wait_for(key: Key, rule: Rule, streak: Streak, now: float) -> Wait | None:
    delay = rule.delay(streak.failures)
    # Without a delay there is nothing to wait for, even when a parallel attempt that read the
    # clock a moment later stored its failure first.
    if delay == 0:
        return None
    remaining = streak.last_failure_at + delay - now
    if remaining <= 0:
        return None
    return Wait(key.scope, max(1, math.ceil(remaining)))
