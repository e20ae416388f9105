"""5. Several replicas: how long a replica's death costs a person, and what Redis costs a run.

Failover: three replicas behind HAProxy (deploy/haproxy.cfg) sharing Redis, as `nox -s
cluster` runs them (e2e/cluster.py). A signed-in person on Home; the replica serving them is
killed (SIGKILL); timed from the kill until the page has reconnected (to another replica, the
login restored from its cookie) and until their next action (Documents) has rendered, signed
in. The baseline is the same action with no failover. The killed replica is started again,
untimed, before the next round.

Per-run cost: every run of a signed-in session asks whether its login was signed out
elsewhere (one `EXISTS` with Redis, one SQLite query without). The logged-in Home rerun is
timed in process with AppTest (as bench/rerun_cost.py does), in alternating batches with the
set in Redis and in the default SQLite file; the lookup alone is timed too.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect, sync_playwright
from streamlit.testing.v1 import AppTest

from app.expiring import ExpiringKeys, ExpiringSet
from app.services import get_services, reset_services
from app.shared_state import RedisLink, RedisSet
from bench import accounts, report, rerun_cost, servers
from bench.report import Row, median, percentile
from e2e import runs, ui
from e2e.chromium import CHROMIUM_ARGS, SYSTEM_CHROMIUM
from e2e.cluster import Cluster, versions
from e2e.daemons import HAProxy, RedisServer

NAME = "failover"
FAILOVERS = 5
ROUNDS = 30  # alternating batches of reruns, each store
BATCH = 10
LOOKUPS = 2000


# ---- failover ---------------------------------------------------------------------------------


def _next_action(page: Page, email: str) -> None:
    ui.go_to(page, "Documents")
    ui.expect_signed_in(page, email)


def failovers(workdir: Path) -> dict[str, list[float]]:
    cluster = Cluster(workdir).start()
    samples: dict[str, list[float]] = {"reconnected": [], "next_action": [], "plain_action": []}
    try:
        email = accounts.new_email("failover")
        _register(cluster.stub.url, email)
        with sync_playwright() as playwright:
            executable = str(SYSTEM_CHROMIUM) if SYSTEM_CHROMIUM.exists() else None
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            page = browser.new_context(base_url=cluster.affinity_url).new_page()
            runs.open_page(page)
            ui.log_in(page, email, accounts.PASSWORD)
            for _ in range(FAILOVERS):
                ui.go_to(page, "Home")
                start = time.perf_counter()
                _next_action(page, email)
                samples["plain_action"].append(time.perf_counter() - start)
                ui.go_to(page, "Home")

                serving = cluster.serving(page.context)
                with page.expect_websocket(lambda s: "/_stcore/stream" in s.url, timeout=60_000):
                    start = time.perf_counter()
                    cluster.kill(serving)
                runs.settle(page)
                samples["reconnected"].append(time.perf_counter() - start)
                _next_action(page, email)
                samples["next_action"].append(time.perf_counter() - start)
                assert cluster.serving(page.context) != serving
                cluster.start_replica(serving)
            browser.close()
    finally:
        cluster.stop()
    return samples


def _register(api_url: str, email: str) -> None:
    asyncio.run(accounts.register(api_url, [email]))


# ---- what the Redis lookup costs a run ----------------------------------------------------------


def _use(redis_url: str | None) -> None:
    """The app's services with the sets in Redis (a URL) or in the default SQLite file."""
    reset_services()
    if redis_url:
        os.environ["APP_REDIS_URL"] = redis_url
    else:
        os.environ.pop("APP_REDIS_URL", None)
    get_services()


def per_run(workdir: Path, redis_url: str) -> dict[str, Any]:
    stub = servers.stub_backend(workdir).launch()
    try:
        stub.wait_until_ready()
        email = accounts.new_email("redis-run")
        _register(stub.url, email)
        rerun_cost.configure_app(workdir, stub.url)
        with (
            rerun_cost.app_routes() as routes_url,
            httpx.Client(base_url=routes_url, timeout=30) as routes,
        ):
            return _alternate(routes, email, redis_url)
    finally:
        os.chdir(servers.REPO)
        reset_services()
        stub.stop()


def _alternate(routes: httpx.Client, email: str, redis_url: str) -> dict[str, Any]:
    # The entry script itself (pages resolve relative to it), timed whole: AppTest's own cost
    # per run is the same with either store, and the lookup alone is timed apart.
    at = AppTest.from_file(rerun_cost.MAIN_SCRIPT, default_timeout=60)
    _use(redis_url)
    made: set[str] = set()
    rerun_cost.settle(at, routes, made)
    at.text_input(key="login_email").set_value(email)
    at.text_input(key="login_password").set_value(accounts.PASSWORD)
    at.button(key="FormSubmitter:login_form-Log in").click()
    rerun_cost.settle(at, routes, made)
    if at.title[0].value != "Home":
        raise RuntimeError(f"not signed in on Home: {[t.value for t in at.title]}")

    whole: dict[str, list[float]] = {"redis": [], "sqlite": []}
    for index in range(ROUNDS):
        order = [("redis", redis_url), ("sqlite", None)]
        for kind, url in order if index % 2 == 0 else reversed(order):
            _use(url)
            at.run()  # untimed: the new services find the backend's capabilities once
            for _ in range(BATCH):
                start = time.perf_counter()
                at.run()
                whole[kind].append(time.perf_counter() - start)
    return {"whole": whole}


def lookups(workdir: Path, redis_url: str) -> dict[str, list[float]]:
    """Seconds per membership test of a login that was not signed out (the common case)."""
    stores: dict[str, ExpiringKeys] = {
        "redis": RedisSet(RedisLink.from_url(redis_url, 0.5), "signed_out_logins"),
        "sqlite": ExpiringSet(workdir / "lookups.sqlite3", "signed_out_logins"),
    }
    samples: dict[str, list[float]] = {kind: [] for kind in stores}
    login_id = secrets.token_urlsafe(18)
    for index in range(20):
        for kind, store in stores.items() if index % 2 == 0 else reversed(stores.items()):
            start = time.perf_counter()
            for _ in range(LOOKUPS // 20):
                assert login_id not in store
            samples[kind].append((time.perf_counter() - start) / (LOOKUPS // 20))
    for store in stores.values():
        store.close()
    return samples


# ---- the report ---------------------------------------------------------------------------------


def rows(
    failover: dict[str, list[float]], run: dict[str, Any], lookup: dict[str, Any]
) -> list[Row]:
    ms = 1000.0
    plain = median(failover["plain_action"]) * ms
    whole_redis, whole_sqlite = (median(run["whole"][k]) * ms for k in ("redis", "sqlite"))
    lookup_redis, lookup_sqlite = (median(lookup[k]) * 1e6 for k in ("redis", "sqlite"))
    return [
        Row(
            "kill -> page reconnected, login restored",
            median(failover["reconnected"]) * ms,
            "ms",
            note=f"median of {FAILOVERS}; worst {max(failover['reconnected']) * ms:.0f} ms",
        ),
        Row(
            "kill -> next action rendered",
            median(failover["next_action"]) * ms,
            "ms",
            plain,
            target="<= 2 s",
            met=percentile(failover["next_action"], 0.95) <= 2.0,
            note=f"baseline: the same click, no failover; worst "
            f"{max(failover['next_action']) * ms:.0f} ms",
        ),
        Row(
            "Home rerun, signed in, set in Redis",
            whole_redis,
            "ms",
            whole_sqlite,
            target="<= 1.05x SQLite",
            met=whole_redis <= 1.05 * whole_sqlite,
            note=f"baseline: the default SQLite set; median of {ROUNDS * BATCH // 2} each",
        ),
        Row(
            "  Redis lookup as a share of that rerun",
            100 * (lookup_redis - lookup_sqlite) / 1000 / whole_sqlite,
            "%",
            note="the lookup's extra time over SQLite's, per run; the rerun ratio is noise",
        ),
        Row(
            "signed-out lookup (one per run)",
            lookup_redis,
            "us",
            lookup_sqlite,
            note=f"EXISTS over loopback vs SQLite query; median of {LOOKUPS} each",
        ),
    ]


def main() -> int:
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").disabled = True
    logging.getLogger("httpx").setLevel(logging.WARNING)
    expect.set_options(timeout=30_000)  # a busy two-core machine; a wait that succeeds is quick
    workdir = Path(tempfile.mkdtemp(prefix="bench-failover-"))
    for folder in ("cluster", "runs"):
        (workdir / folder).mkdir()
    try:
        failover = failovers(workdir / "cluster")
        redis = RedisServer(workdir).start()
        try:
            lookup = lookups(workdir, redis.url)
            run = per_run(workdir / "runs", redis.url)
        finally:
            redis.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    title = f"5. Failover and the Redis lookup per run ({versions()})"
    report.save(
        NAME,
        title,
        rows(failover, run, lookup),
        {
            "haproxy": HAProxy.version(),
            "redis": RedisServer.version(),
            "failover_seconds": {k: report.round_samples(v) for k, v in failover.items()},
            "rerun_seconds": {k: report.round_samples(v, 5) for k, v in run["whole"].items()},
            "lookup_seconds": {k: report.round_samples(v, 7) for k, v in lookup.items()},
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
