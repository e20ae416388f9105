"""Accounts made through the backend's public API before a benchmark starts timing."""

from __future__ import annotations

import asyncio
import uuid

import httpx

PASSWORD = "correct-horse-battery-42"


def new_email(tag: str) -> str:
    return f"bench-{tag}-{uuid.uuid4().hex[:10]}@example.org"


async def register(api_url: str, emails: list[str], concurrency: int = 2) -> None:
    """Register every email (argon2 at the default cost makes each take a while)."""
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=api_url + "/api/v1", timeout=60) as client:

        async def one(email: str) -> None:
            async with gate:
                answer = await client.post(
                    "/auth/register", json={"email": email, "password": PASSWORD}
                )
                answer.raise_for_status()

        await asyncio.gather(*(one(email) for email in emails))
