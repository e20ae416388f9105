"""4. The backend's throughput against a bare FastAPI endpoint served the same way.

`/auth/refresh`, `/auth/me` and `/documents` of the stub (`python -m stub_backend`, default
settings) against `GET /ping` of bench/bare_api.py (`uvicorn.run`, same defaults), driven by
httpx on asyncio for a fixed count of requests, bounded in time, in rounds whose order rotates.
Login is bounded by argon2id: its rate is set against the hash time measured here.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from bench import accounts, hashing, report, servers
from bench.report import Row, median

NAME = "backend_rps"
REQUESTS = 600
WORKERS = 8
TIME_LIMIT_SECONDS = 20.0
ROUNDS = 3
LOGINS = 8
ENDPOINTS = ("bare", "refresh", "me", "documents")
Request = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]


async def drive(base_url: str, request: Request) -> dict[str, float]:
    """REQUESTS requests from WORKERS concurrent workers; requests per second and errors."""
    done = errors = 0
    deadline = time.perf_counter() + TIME_LIMIT_SECONDS
    limits = httpx.Limits(max_connections=WORKERS, max_keepalive_connections=WORKERS)
    async with httpx.AsyncClient(base_url=base_url, timeout=30, limits=limits) as client:

        async def worker(index: int) -> None:
            nonlocal done, errors
            while done < REQUESTS and time.perf_counter() < deadline:
                done += 1
                response = await request(client, index)
                if response.status_code >= httpx.codes.BAD_REQUEST:
                    errors += 1

        start = time.perf_counter()
        await asyncio.gather(*(worker(index) for index in range(WORKERS)))
        elapsed = time.perf_counter() - start
    return {"rps": done / elapsed, "requests": done, "errors": errors, "seconds": elapsed}


async def log_in(client: httpx.AsyncClient, email: str) -> dict[str, Any]:
    answer = await client.post(
        "/api/v1/auth/login", data={"username": email, "password": accounts.PASSWORD}
    )
    answer.raise_for_status()
    pair: dict[str, Any] = answer.json()
    return pair


async def prepare(stub_url: str) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """One user with three documents; one login per worker (its own refresh lineage).

    The logins are timed: LOGINS of them, two at a time (this machine has two cores).
    """
    email = accounts.new_email("rps")
    await accounts.register(stub_url, [email])
    async with httpx.AsyncClient(base_url=stub_url, timeout=60) as client:
        pairs: list[dict[str, Any]] = []
        latencies: list[float] = []
        gate = asyncio.Semaphore(2)

        async def timed_login() -> None:
            async with gate:
                start = time.perf_counter()
                pairs.append(await log_in(client, email))
                latencies.append(time.perf_counter() - start)

        start = time.perf_counter()
        await asyncio.gather(*(timed_login() for _ in range(max(LOGINS, WORKERS))))
        elapsed = time.perf_counter() - start
        bearer = {"Authorization": f"Bearer {pairs[0]['access_token']}"}
        for number in range(3):
            files = {"file": (f"doc-{number}.txt", b"benchmark document\n", "text/plain")}
            answer = await client.post("/api/v1/documents", files=files, headers=bearer)
            answer.raise_for_status()
    login = {
        "rps": len(latencies) / elapsed,
        "median_ms": statistics.median(latencies) * 1000,
        "count": len(latencies),
    }
    return pairs[:WORKERS], login


def requests_for(pairs: list[dict[str, Any]]) -> dict[str, Request]:
    refresh_tokens = [pair["refresh_token"] for pair in pairs]
    bearer = {"Authorization": f"Bearer {pairs[0]['access_token']}"}

    async def refresh(client: httpx.AsyncClient, worker: int) -> httpx.Response:
        # Each worker follows its own rotation chain: every token is presented once.
        response = await client.post(
            "/api/v1/auth/refresh", json={"refresh_token": refresh_tokens[worker]}
        )
        if response.status_code == httpx.codes.OK:
            refresh_tokens[worker] = response.json()["refresh_token"]
        return response

    async def me(client: httpx.AsyncClient, worker: int) -> httpx.Response:
        return await client.get("/api/v1/auth/me", headers=bearer)

    async def documents(client: httpx.AsyncClient, worker: int) -> httpx.Response:
        return await client.get("/api/v1/documents", headers=bearer)

    async def bare(client: httpx.AsyncClient, worker: int) -> httpx.Response:
        return await client.get("/ping")

    return {"bare": bare, "refresh": refresh, "me": me, "documents": documents}


async def measure(stub_url: str, bare_url: str) -> dict[str, Any]:
    pairs, login = await prepare(stub_url)
    requests = requests_for(pairs)
    rounds: dict[str, list[dict[str, float]]] = {endpoint: [] for endpoint in ENDPOINTS}
    for endpoint in ENDPOINTS:  # warm-up, not recorded
        await drive(bare_url if endpoint == "bare" else stub_url, requests[endpoint])
    for index in range(ROUNDS):
        order = ENDPOINTS[index % len(ENDPOINTS) :] + ENDPOINTS[: index % len(ENDPOINTS)]
        for endpoint in order:
            base = bare_url if endpoint == "bare" else stub_url
            rounds[endpoint].append(await drive(base, requests[endpoint]))
    return {"rounds": rounds, "login": login}


def rows(result: dict[str, Any], hash_ms: float) -> list[Row]:
    rounds = result["rounds"]
    rps = {endpoint: median([r["rps"] for r in rounds[endpoint]]) for endpoint in ENDPOINTS}
    errors = {endpoint: sum(int(r["errors"]) for r in rounds[endpoint]) for endpoint in ENDPOINTS}
    labels = {
        "refresh": "POST /auth/refresh",
        "me": "GET /auth/me",
        "documents": "GET /documents (3 docs)",
    }
    table = [Row("bare FastAPI GET /ping", rps["bare"], "req/s", note=f"errors {errors['bare']}")]
    table += [
        Row(label, rps[endpoint], "req/s", rps["bare"], note=f"errors {errors[endpoint]}")
        for endpoint, label in labels.items()
    ]
    login = result["login"]
    ceiling = 2 * 1000 / hash_ms
    table.append(
        Row(
            "POST /auth/login",
            login["rps"],
            "req/s",
            ceiling,
            note=(
                f"baseline: 2 cores / hash; {hashing.describe()}: {hash_ms:.0f} ms per hash; "
                f"login median {login['median_ms']:.0f} ms"
            ),
        )
    )
    return table


def chart(result: dict[str, Any]) -> Path:
    figure, axes = report.new_figure(6.5, 3.4)
    rounds = result["rounds"]
    values = [median([r["rps"] for r in rounds[endpoint]]) for endpoint in ENDPOINTS]
    labels = ["bare /ping", "/auth/refresh", "/auth/me", "/documents"]
    bars = axes.bar(labels, values, color=["grey", "C0", "C0", "C0"])
    for bar, value in zip(bars, values, strict=True):
        ratio = value / values[0]
        axes.annotate(f"{ratio:.2f}x", (bar.get_x() + bar.get_width() / 2, value), ha="center")
    axes.set_ylabel(f"requests/s (median of {ROUNDS} rounds)")
    axes.set_title(f"Stub backend vs bare FastAPI, {WORKERS} concurrent clients")
    return report.finish(figure, NAME)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-rps-") as tmp:
        workdir = Path(tmp)
        stub = servers.stub_backend(workdir).launch()
        bare = servers.bare_api(workdir).launch()
        try:
            stub.wait_until_ready()
            bare.wait_until_ready()
            hash_ms = hashing.verify_ms()
            result = asyncio.run(measure(stub.url, bare.url))
        finally:
            bare.stop()
            stub.stop()
    report.save(
        NAME,
        f"4. Backend throughput ({WORKERS} concurrent httpx clients, {REQUESTS} requests a round)",
        rows(result, hash_ms),
        {**result, "hash": {"ms": round(hash_ms, 1), "parameters": hashing.describe()}},
    )
    print(f"chart: {chart(result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
