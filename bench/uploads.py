"""Uploads as the backend received them, per visitor: whether a file shown twice was sent twice.

The counting stub (bench/counting_stub.py) notes every upload by account and answer status; a
visitor who chose one file should have sent one upload, stored once (one 201).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import httpx

from bench.counting_stub import UPLOADS_PATH

# account -> answer status -> uploads, as GET /_bench/uploads answers
Counts = Mapping[str, Mapping[str, int]]
STORED = "201"


async def counted(stub_url: str) -> Counts:
    async with httpx.AsyncClient(base_url=stub_url, timeout=30) as client:
        answer = await client.get(UPLOADS_PATH)
        answer.raise_for_status()
        counts: dict[str, dict[str, int]] = answer.json()
        return counts


def per_visitor(before: Counts, after: Counts, emails: Iterable[str]) -> dict[str, dict[str, int]]:
    """Uploads each visitor's account sent between the two counts: received, and stored."""

    def since(email: str, status: str | None) -> int:
        def total(counts: Counts) -> int:
            by_status = counts.get(email, {})
            return by_status.get(status, 0) if status else sum(by_status.values())

        return total(after) - total(before)

    return {
        email: {"received": since(email, None), "stored": since(email, STORED)} for email in emails
    }


def surplus(uploads: Mapping[str, Mapping[str, int]], chosen: Mapping[str, int]) -> list[str]:
    """Every visitor whose account sent the backend more uploads than files it chose."""
    return [
        f"{email} chose {chosen.get(email, 0)} file(s), the stub received {counts['received']} "
        f"upload(s) and stored {counts['stored']}"
        for email, counts in uploads.items()
        if counts["received"] > chosen.get(email, 0)
    ]
