"""5. How many signed-in sessions one app process holds: simulated people, no browser.

Each person is a `Tab` (bench/streamlit_client.py) speaking Streamlit's protocol on loopback:
it loads the page, logs in through the form and the bridge's cookie route, then reruns its
page every RERUN_INTERVAL_SECONDS for HOLD_SECONDS. The bare page (bench/bare_page.py: the
same form, a Home after the click) is driven by the same scenario at the same N, right after
the app, in the same run. Sizes: `python -m bench.load 10 50` (default 10, 50, 100, 200).

Before the sizes, on a freshly started app, people one at a time measure the first login after
the start against steady ones (wall time), and what a login, a plain rerun and a page change
cost the app process in CPU seconds next to a click and a rerun of the bare page (psutil).

Per N: rerun p50 and p95 against the bare page's; the app's CPU per held rerun; its resident
memory per signed-in session (RSS after the logins less before, over N); errors; leaks (a
session whose page shows another's email, or not its own). The stub hashes passwords at the
cheapest argon2id: the hash runs in the backend's process, which is not what is measured.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil  # type: ignore[import-untyped,import-not-found,unused-ignore]

from bench import accounts, report, servers
from bench.report import Row, percentile
from bench.streamlit_client import Tab

NAME = "load"
SIZES = tuple(int(size) for size in sys.argv[1:]) or (10, 50, 100, 200)
RERUN_INTERVAL_SECONDS = 5.0
# How long each size is held; BENCH_LOAD_HOLD_SECONDS shortens a trial run.
HOLD_SECONDS = float(os.environ.get("BENCH_LOAD_HOLD_SECONDS", "30"))
LOGINS_AT_ONCE = 4
SINGLE_ROUNDS = 8
# The kernel counts CPU time in 10 ms ticks: plain reruns are timed in batches, and each
# figure of one person alone is a mean over the rounds, not a median of whole ticks.
RERUN_BATCH = 10
P95_LIMIT_SECONDS = 1.0
LOGIN_FORM = "FormSubmitter:login_form-Log in"
WARM_TARGET = 1.5


@dataclass
class Person:
    email: str
    tab: Tab
    reruns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)


def cpu_seconds(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


def rss_bytes(pid: int) -> int:
    return int(psutil.Process(pid).memory_info().rss)


async def log_in_form(tab: Tab, email: str, password: str) -> None:
    """Type into the Log in form and send it; the page must land on Home."""
    await tab.submit_form({"login_email": email, "login_password": password}, LOGIN_FORM)
    if tab.title() != "Home":
        raise RuntimeError(f"{email} landed on {tab.title()!r}, not Home")


async def timed(action: Callable[[], Awaitable[None]]) -> float:
    start = time.perf_counter()
    await action()
    return time.perf_counter() - start


async def app_visit(url: str, pid: int, email: str) -> dict[str, float]:
    """One person alone: the page load and the login (wall), and the CPU of each step."""
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        tab = Tab(http)
        opened = await timed(tab.open)
        before = cpu_seconds(pid)
        wall = await timed(lambda: log_in_form(tab, email, accounts.PASSWORD))
        login_cpu = cpu_seconds(pid) - before
        before = cpu_seconds(pid)
        for _ in range(RERUN_BATCH):
            await tab.rerun()
        rerun_cpu = (cpu_seconds(pid) - before) / RERUN_BATCH
        before = cpu_seconds(pid)
        await tab.go_to("Profile")
        page_cpu = cpu_seconds(pid) - before
        await tab.close()
    return {
        "open_wall": opened,
        "login_wall": wall,
        "app_login": login_cpu,
        "app_rerun": rerun_cpu,
        "app_page": page_cpu,
    }


async def bare_visit(url: str, pid: int, email: str) -> dict[str, float]:
    """The same clicks on the bare page: its button, then a plain rerun (CPU of each)."""
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        tab = Tab(http)
        await tab.open()
        before = cpu_seconds(pid)
        await log_in_form(tab, email, "x")
        click_cpu = cpu_seconds(pid) - before
        before = cpu_seconds(pid)
        for _ in range(RERUN_BATCH):
            await tab.rerun()
        rerun_cpu = (cpu_seconds(pid) - before) / RERUN_BATCH
        await tab.close()
    return {"bare_click": click_cpu, "bare_rerun": rerun_cpu}


async def single_costs(
    stub_url: str, app: servers.ServerProcess, bare: servers.ServerProcess
) -> dict[str, Any]:
    """One person at a time on a fresh app: the first visit, then steady ones beside the bare
    page's."""
    emails = [accounts.new_email("load-one") for _ in range(SINGLE_ROUNDS + 1)]
    await accounts.register(stub_url, emails, concurrency=2)
    first = await app_visit(app.url, app.pid, emails[0])
    costs: dict[str, list[float]] = {}
    for email in emails[1:]:
        visit = {
            **await app_visit(app.url, app.pid, email),
            **await bare_visit(bare.url, bare.pid, email),
        }
        for key, value in visit.items():
            costs.setdefault(key, []).append(value)
    return {"first_open": first["open_wall"], "first_login": first["login_wall"], **costs}


async def hold(people: list[Person], seconds: float) -> None:
    """Every person reruns its page every RERUN_INTERVAL_SECONDS, starting at random offsets."""
    deadline = time.perf_counter() + seconds

    async def one(person: Person) -> None:
        await asyncio.sleep(random.uniform(0, RERUN_INTERVAL_SECONDS))
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                await person.tab.rerun()
                person.reruns.append(time.perf_counter() - began)
            except Exception as error:
                person.errors.append(f"rerun: {type(error).__name__}: {str(error)[:60]}")
                return
            await asyncio.sleep(max(0.0, RERUN_INTERVAL_SECONDS - (time.perf_counter() - began)))

    await asyncio.gather(*(one(person) for person in people))


def check_views(people: list[Person]) -> None:
    """Each page shows its own email (the app's sidebar, the bare page's Home), no other."""
    everyone = [person.email for person in people]
    for person in people:
        text = person.tab.plain_text()
        if person.email not in text:
            person.leaks.append(f"{person.email}: own email missing")
        person.leaks += [
            f"{person.email} sees {other}"
            for other in everyone
            if other != person.email and other in text
        ]


async def one_size(url: str, pid: int, emails: list[str], password: str) -> dict[str, Any]:
    """N people sign in (a few at a time), then all hold their sessions, rerunning."""
    clients = [httpx.AsyncClient(base_url=url, timeout=120) for _ in emails]
    people = [Person(email, Tab(client)) for email, client in zip(emails, clients, strict=True)]
    gate = asyncio.Semaphore(LOGINS_AT_ONCE)

    async def arrive(person: Person) -> None:
        async with gate:
            try:
                await person.tab.open()
                await log_in_form(person.tab, person.email, password)
            except Exception as error:
                person.errors.append(f"login: {type(error).__name__}: {str(error)[:60]}")

    rss_before, cpu_before = rss_bytes(pid), cpu_seconds(pid)
    await asyncio.gather(*(arrive(person) for person in people))
    rss_after, cpu_logged_in = rss_bytes(pid), cpu_seconds(pid)
    arrived = [person for person in people if not person.errors]
    await hold(arrived, HOLD_SECONDS)
    cpu_held = cpu_seconds(pid) - cpu_logged_in
    rss_held = rss_bytes(pid)
    check_views(arrived)
    for person in people:
        await person.tab.close()
    for client in clients:
        await client.aclose()
    reruns = [seconds for person in people for seconds in person.reruns]
    return {
        "size": len(emails),
        "reruns": report.round_samples(reruns),
        "errors": [error for person in people for error in person.errors],
        "leaks": [leak for person in people for leak in person.leaks],
        "rss_before": rss_before,
        "rss_after": rss_after,
        "rss_held": rss_held,
        "cpu_logins": cpu_logged_in - cpu_before,
        "cpu_held": cpu_held,
    }


async def measure(
    stub_url: str, app: servers.ServerProcess, bare: servers.ServerProcess
) -> dict[str, Any]:
    single = await single_costs(stub_url, app, bare)
    outcomes = []
    for size in SIZES:
        emails = [accounts.new_email("load") for _ in range(size)]
        await accounts.register(stub_url, emails, concurrency=4)
        app_outcome = await one_size(app.url, app.pid, emails, accounts.PASSWORD)
        bare_outcome = await one_size(bare.url, bare.pid, emails, "x")
        outcomes.append({"size": size, "app": app_outcome, "bare": bare_outcome})
        print(f"N={size}: {_summary(outcomes[-1])}", flush=True)
    return {"single": single, "outcomes": outcomes}


def _summary(outcome: dict[str, Any]) -> str:
    parts = []
    for kind in ("app", "bare"):
        reruns = outcome[kind]["reruns"]
        parts.append(
            f"{kind} p50 {percentile(reruns, 0.5) * 1000:.0f} ms, "
            f"p95 {percentile(reruns, 0.95) * 1000:.0f} ms, "
            f"{len(reruns)} reruns, {len(outcome[kind]['errors'])} errors"
        )
    return "; ".join(parts)


def largest_n(outcomes: list[dict[str, Any]], kind: str) -> float:
    """The largest N whose rerun p95 stayed under the limit with no error (0: none)."""
    good = [
        outcome["size"]
        for outcome in outcomes
        if not outcome[kind]["errors"]
        and percentile(outcome[kind]["reruns"], 0.95) < P95_LIMIT_SECONDS
    ]
    return float(max(good, default=0))


def single_rows(single: dict[str, Any]) -> list[Row]:
    ms = {key: statistics.fmean(v) * 1000 for key, v in single.items() if isinstance(v, list)}
    first = single["first_login"] * 1000
    return [
        Row(
            "first page load after start (wall)",
            single["first_open"] * 1000,
            "ms",
            ms["open_wall"],
            note="baseline: mean of the steady ones",
        ),
        Row(
            "first login after start (wall)",
            first,
            "ms",
            ms["login_wall"],
            target=f"<= {WARM_TARGET}x a steady login",
            met=first <= WARM_TARGET * ms["login_wall"],
            note=f"baseline: mean of {len(single['login_wall'])} steady logins",
        ),
        Row(
            "app CPU per login",
            ms["app_login"],
            "ms",
            ms["bare_click"],
            note="baseline: bare click",
        ),
        Row(
            "app CPU per plain rerun",
            ms["app_rerun"],
            "ms",
            ms["bare_rerun"],
            note="baseline: bare rerun",
        ),
        Row(
            "app CPU per page change",
            ms["app_page"],
            "ms",
            ms["bare_rerun"],
            note="Home -> Profile; baseline: bare rerun",
        ),
    ]


def size_rows(outcomes: list[dict[str, Any]]) -> list[Row]:
    rows: list[Row] = []
    for outcome in outcomes:
        size, app, bare = outcome["size"], outcome["app"], outcome["bare"]
        label = f"N={size}"
        rows += [
            Row(
                f"{label} rerun p50",
                percentile(app["reruns"], 0.5) * 1000,
                "ms",
                percentile(bare["reruns"], 0.5) * 1000,
                note=f"{len(app['reruns'])} vs {len(bare['reruns'])} reruns; baseline: bare page",
            ),
            Row(
                f"{label} rerun p95",
                percentile(app["reruns"], 0.95) * 1000,
                "ms",
                percentile(bare["reruns"], 0.95) * 1000,
                target="< 1000 ms",
                met=percentile(app["reruns"], 0.95) < P95_LIMIT_SECONDS,
            ),
            Row(
                f"{label} app CPU per login",
                app["cpu_logins"] / size * 1000,
                "ms",
                bare["cpu_logins"] / size * 1000,
                note=f"page load + login, {LOGINS_AT_ONCE} at a time; baseline: bare click",
            ),
            Row(
                f"{label} app CPU per held rerun",
                app["cpu_held"] / max(1, len(app["reruns"])) * 1000,
                "ms",
                bare["cpu_held"] / max(1, len(bare["reruns"])) * 1000,
                note="process CPU over the hold / reruns; baseline: bare page",
            ),
            Row(
                f"{label} RSS per session",
                _per_session_mb(app),
                "MB",
                _per_session_mb(bare),
                note=f"app RSS {_mb(app['rss_before'])} -> {_mb(app['rss_held'])} MB",
            ),
            _zero(f"{label} errors", app["errors"] + [f"bare {e}" for e in bare["errors"]]),
            _zero(f"{label} cross-session leaks", app["leaks"] + bare["leaks"]),
        ]
    app_n, bare_n = largest_n(outcomes, "app"), largest_n(outcomes, "bare")
    rows.append(
        Row(
            "largest N with rerun p95 < 1 s",
            app_n,
            "",
            bare_n,
            target=">= 0.8x the bare page's",
            met=app_n >= 0.8 * bare_n,
            note=f"of the sizes run: {', '.join(str(o['size']) for o in outcomes)}",
        )
    )
    return rows


def _per_session_mb(outcome: dict[str, Any]) -> float:
    """The process's RSS growth from before the logins to the end of the hold, over N."""
    grown = max(outcome["rss_after"], outcome["rss_held"]) - outcome["rss_before"]
    return float(grown / outcome["size"] / 2**20)


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f}"


def _zero(name: str, found: list[str]) -> Row:
    return Row(
        name, float(len(found)), "", target="0", met=not found, note="; ".join(found[:3])[:160]
    )


def chart(outcomes: list[dict[str, Any]]) -> Path:
    figure, (left, right) = report.new_figure(9.0, 3.6, columns=2)
    sizes = [outcome["size"] for outcome in outcomes]
    for kind, style in (("app", "-o"), ("bare", "--s")):
        for fraction, alpha in ((0.5, 1.0), (0.95, 0.5)):
            values = [percentile(o[kind]["reruns"], fraction) * 1000 for o in outcomes]
            label = f"{kind} p{round(fraction * 100)}"
            left.plot(sizes, values, style, alpha=alpha, label=label)
        per_session = [_per_session_mb(o[kind]) for o in outcomes]
        right.plot(sizes, per_session, style, label=kind)
    left.axhline(P95_LIMIT_SECONDS * 1000, color="red", linestyle="dotted", label="1 s")
    left.set_yscale("log")  # a saturated process's seconds beside an idle one's milliseconds
    left.set_xlabel("signed-in sessions held (N)")
    left.set_ylabel("rerun, ms (log scale)")
    left.legend(fontsize=7)
    right.set_xlabel("N")
    right.set_ylabel("RSS per session, MB")
    right.legend(fontsize=7)
    figure.suptitle(
        f"Sessions held by one process, each rerunning every {RERUN_INTERVAL_SECONDS:.0f} s"
    )
    return report.finish(figure, NAME)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        workdir = Path(tmp)
        stub = servers.stub_backend(workdir, cheap_hashing=True).launch()
        bare = servers.bare_streamlit(workdir).launch()
        try:
            stub.wait_until_ready()
            bare.wait_until_ready()
            app = servers.app(workdir, stub.url).launch()
            try:
                app.wait_until_ready()
                result = asyncio.run(measure(stub.url, app, bare))
            finally:
                app.stop()
        finally:
            bare.stop()
            stub.stop()
    report.save(
        NAME,
        "5. Sessions held by one process (Streamlit's protocol, no browser)",
        single_rows(result["single"]) + size_rows(result["outcomes"]),
        {
            "rerun_interval_seconds": RERUN_INTERVAL_SECONDS,
            "hold_seconds": HOLD_SECONDS,
            "single": {
                key: value if isinstance(value, float) else report.round_samples(value)
                for key, value in result["single"].items()
            },
            "outcomes": result["outcomes"],
        },
    )
    print(f"chart: {chart(result['outcomes'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
