"""What one login costs the backend: an argon2id verify with the stub's default parameters."""

from __future__ import annotations

import statistics
import time

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from stub_backend.settings import Settings


def default_parameters() -> tuple[int, int]:
    fields = Settings.model_fields
    time_cost = fields["stub_argon2_time_cost"].default
    memory_kib = fields["stub_argon2_memory_kib"].default
    assert isinstance(time_cost, int)
    assert isinstance(memory_kib, int)
    return time_cost, memory_kib


def verify_ms(runs: int = 7) -> float:
    """Median milliseconds of one argon2id verify (what a login does) at the default cost."""
    time_cost, memory_kib = default_parameters()
    hasher = PasswordHash((Argon2Hasher(time_cost=time_cost, memory_cost=memory_kib),))
    stored = hasher.hash("correct-horse-battery-42")
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        hasher.verify("correct-horse-battery-42", stored)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def describe() -> str:
    time_cost, memory_kib = default_parameters()
    return f"argon2id t={time_cost}, m={memory_kib} KiB"
