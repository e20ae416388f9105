"""Several app replicas behind HAProxy, sharing Redis, on loopback: what `nox -s cluster` runs.

Started in this order, each on a free 127.0.0.1 port and stopped by its own pid: the stub
backend (test controls on), `redis-server` (nothing kept on disk), three app replicas with one
APP_SECRET_KEY and APP_REDIS_URL, each with its own data directory as on separate hosts, and
HAProxy with the shipped deploy/haproxy.cfg plus a file of the cluster's own: a frontend
without affinity (round-robin) and a stats page to see which replicas it counts as up.

As a pytest plugin (`pytest -p e2e.cluster e2e`, under xdist one cluster per worker) it starts
the cluster before the suite is collected and points the whole suite at HAProxy (`--app-url`,
`--api-url`), so every scenario runs through the load balancer; e2e/test_cluster.py adds the
fault scenarios, which use `running(config)` to kill and replace replicas.
CLUSTER_WITHOUT_REDIS=1 starts the replicas without Redis (each keeps its own file), to see
which scenarios need it.
"""

from __future__ import annotations

import csv
import io
import os
import secrets
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import BrowserContext

from e2e.daemons import HAProxy, RedisServer
from e2e.servers import SUITE_APP_SETTINGS, stub_backend
from testbed import (
    REPO,
    ServerProcess,
    app_settings,
    free_port,
    python_module,
)

DEPLOY_CONFIG = REPO / "deploy" / "haproxy.cfg"
REPLICAS = 3
AFFINITY_COOKIE = "SERVERID"
BACKEND = "app_replicas"  # the shipped config's backend, with affinity
ROUNDROBIN_BACKEND = "app_roundrobin"
UP_TIMEOUT_SECONDS = 30.0
# Five servers booting at once on two cores: a wait that succeeds returns as soon as it does.
START_TIMEOUT_SECONDS = 120.0
# The cluster's own HAProxy file, beside the shipped one: same replicas, no affinity.
_EXTRA_CONFIG = """
frontend no_affinity
    bind "${HAPROXY_ROUNDROBIN_BIND}"
    default_backend app_roundrobin

backend app_roundrobin
    balance roundrobin
    option httpchk
    http-check send meth GET uri /_stcore/health
    http-check expect status 200
    default-server check inter 1s fall 2 rise 1
    server app1 "${APP_1}"
    server app2 "${APP_2}"
    server app3 "${APP_3}"

frontend stats
    bind "${HAPROXY_STATS_BIND}"
    stats enable
    stats uri /stats
    stats refresh 0
"""
_CLUSTER = pytest.StashKey["Cluster"]()


class Cluster:
    def __init__(self, workdir: Path, *, with_redis: bool = True) -> None:
        self.workdir = workdir
        self.secret = secrets.token_urlsafe(48)
        self.stub = stub_backend(workdir)
        self.stub.start_timeout = START_TIMEOUT_SECONDS
        self.redis = RedisServer(workdir) if with_redis else None
        self.names = [f"app{index}" for index in range(1, REPLICAS + 1)]
        self.ports = {name: free_port() for name in self.names}
        self.replicas: dict[str, ServerProcess] = {}
        self._generation = 0
        self.affinity_url = f"http://127.0.0.1:{free_port()}"
        self.roundrobin_url = f"http://127.0.0.1:{free_port()}"
        self.stats_url = f"http://127.0.0.1:{free_port()}/stats;csv"
        extra = workdir / "cluster-haproxy.cfg"
        extra.write_text(_EXTRA_CONFIG)
        health = self.affinity_url + "/_stcore/health"
        self.haproxy = HAProxy(workdir, [DEPLOY_CONFIG, extra], self._haproxy_env(), health)

    # ---- starting and stopping ---------------------------------------------------------------

    def start(self) -> Cluster:
        self.stub.launch()
        if self.redis is not None:
            self.redis.start()
        for name in self.names:
            self.replicas[name] = self._replica(name)
            self.replicas[name].launch()
        self.stub.wait_until_ready()
        for replica in self.replicas.values():
            replica.wait_until_ready()
        self.haproxy.start()
        for name in self.names:
            self.wait_for(name, up=True)
        return self

    def stop(self) -> None:
        self.haproxy.stop()
        for replica in self.replicas.values():
            replica.stop()
        if self.redis is not None:
            self.redis.stop()
        self.stub.stop()

    def kill(self, name: str) -> None:
        """The replica dies at once (SIGKILL): no goodbye to its WebSockets."""
        process = self.replicas[name].process
        assert process is not None, f"{name} is not running"
        process.send_signal(signal.SIGKILL)
        process.wait()
        self.replicas[name].process = None

    def replace(self, name: str) -> None:
        """Stop a replica (SIGTERM) and start a new one in its place, with an empty data
        directory as a new container has; return once HAProxy sends it visitors again."""
        self.replicas[name].stop()
        self.start_replica(name)

    def start_replica(self, name: str) -> None:
        self.replicas[name] = self._replica(name)
        self.replicas[name].start()
        self.wait_for(name, up=True)

    def restore(self) -> None:
        """Every replica running again, after a scenario that killed one."""
        for name in self.names:
            if self.replicas[name].process is None:
                self.start_replica(name)

    def _replica(self, name: str) -> ServerProcess:
        self._generation += 1
        settings = app_settings(
            self.ports[name],
            self.stub.url,
            secret=self.secret,
            data_dir=self.workdir / f"{name}-data-{self._generation}",
            **SUITE_APP_SETTINGS,
        )
        if self.redis is not None:
            settings["APP_REDIS_URL"] = self.redis.url
        command, port = python_module("app"), self.ports[name]
        return ServerProcess.local(
            name, command, settings, self.workdir, port, "/_stcore/health", START_TIMEOUT_SECONDS
        )

    def _haproxy_env(self) -> dict[str, str]:
        env = {
            "HAPROXY_BIND": self.affinity_url.removeprefix("http://"),
            "HAPROXY_ROUNDROBIN_BIND": self.roundrobin_url.removeprefix("http://"),
            "HAPROXY_STATS_BIND": self.stats_url.removeprefix("http://").split("/")[0],
        }
        for index, name in enumerate(self.names, start=1):
            env[f"APP_{index}"] = f"127.0.0.1:{self.ports[name]}"
        return env

    # ---- what HAProxy and the browser say -----------------------------------------------------

    def replica_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def servers(self, backend: str = BACKEND) -> dict[str, dict[str, str]]:
        """HAProxy's view of one backend's servers: its stats CSV row for each."""
        text = httpx.get(self.stats_url, timeout=5).text.removeprefix("# ")
        rows = csv.DictReader(io.StringIO(text))
        return {
            row["svname"]: row
            for row in rows
            if row["pxname"] == backend and row["svname"] not in ("FRONTEND", "BACKEND")
        }

    def wait_for(self, name: str, *, up: bool) -> None:
        """Until HAProxy counts the replica as up (or down) in both backends."""
        wanted = "UP" if up else "DOWN"
        deadline = time.monotonic() + UP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            states = [self.servers(b)[name]["status"] for b in (BACKEND, ROUNDROBIN_BACKEND)]
            if all(state.startswith(wanted) for state in states):
                return
            time.sleep(0.1)  # polling HAProxy's health checks, which run every second
        raise AssertionError(f"HAProxy does not see {name} {wanted}:\n{self.haproxy.log_tail()}")

    def serving(self, context: BrowserContext) -> str:
        """The replica HAProxy's affinity cookie sends this browser to."""
        values = [c.get("value") for c in context.cookies() if c.get("name") == AFFINITY_COOKIE]
        assert values, f"no affinity cookie: {context.cookies()}"
        assert values[0] in self.names, f"not a replica: {values[0]}"
        return str(values[0])

    def send_to(self, context: BrowserContext, name: str) -> None:
        """Make this browser's next connections go to one replica, as its affinity cookie would."""
        context.add_cookies([{"name": AFFINITY_COOKIE, "value": name, "url": self.affinity_url}])

    def logs(self) -> Iterator[tuple[str, str]]:
        for process in [self.stub, *self.replicas.values()]:
            yield process.name, process.log_tail()
        yield "haproxy", self.haproxy.log_tail()


def versions() -> str:
    return f"HAProxy {HAProxy.version()}, Redis {RedisServer.version()}"


def running(config: pytest.Config) -> Cluster:
    """The cluster this pytest run started, or a skip when it runs without one."""
    cluster = config.stash.get(_CLUSTER, None)
    if cluster is None:
        pytest.skip("needs the cluster: `nox -s cluster` (pytest -p e2e.cluster e2e)")
    return cluster


# ---- the plugin -------------------------------------------------------------------------------


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Before e2e/plugin.py decides to start its own servers: point it at the cluster."""
    if config.option.collectonly or config.option.help:
        return
    if config.option.app_url or config.option.api_url:
        raise pytest.UsageError("-p e2e.cluster starts its own servers: drop --app-url/--api-url")
    # Imported here, not above: -p e2e.cluster loads this module before pytest has loaded
    # e2e.plugin with its assertions rewritten.
    from e2e.plugin import is_xdist_controller

    if is_xdist_controller(config):
        # Each worker starts its own cluster: the fault scenarios kill replicas, and the
        # stub's test clock moves for everyone on it, so workers must not share one.
        return
    workdir = Path(tempfile.mkdtemp(prefix="e2e-cluster-"))
    with_redis = os.environ.get("CLUSTER_WITHOUT_REDIS", "") != "1"
    cluster = Cluster(workdir, with_redis=with_redis)
    config.stash[_CLUSTER] = cluster
    try:
        cluster.start()
    except BaseException:
        for name, log in cluster.logs():
            print(f"---- {name} ----\n{log}")
        cluster.stop()
        raise
    config.option.app_url = cluster.affinity_url
    config.option.api_url = cluster.stub.url


def pytest_report_header(config: pytest.Config) -> str | None:
    cluster = config.stash.get(_CLUSTER, None)
    if cluster is None:
        return None
    redis = "Redis" if cluster.redis is not None else "NO Redis (CLUSTER_WITHOUT_REDIS=1)"
    return (
        f"cluster: {REPLICAS} replicas, {redis}, behind {cluster.affinity_url} (affinity) and "
        f"{cluster.roundrobin_url} (round-robin); {versions()}"
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    cluster = config.stash.get(_CLUSTER, None)
    if cluster is not None:
        cluster.stop()
        shutil.rmtree(cluster.workdir, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    cluster = item.config.stash.get(_CLUSTER, None)
    if report.failed and cluster is not None:
        for name, log in cluster.logs():
            report.sections.append((f"{name} log (tail)", log or "(empty)"))
