"""Redis and HAProxy (Debian's) as harness processes on free loopback ports, stopped by pid.

The binaries are installed through scripts/provision.py when missing (as root with apt-get);
elsewhere `require` raises with the command to run. Used by the cluster session
(e2e/cluster.py), bench/failover.py and the Redis set's unit tests.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import redis

from testbed import ServerProcess, free_port, http_ok

START_TIMEOUT_SECONDS = 20.0


class DaemonError(RuntimeError):
    """A daemon's binary is missing and cannot be installed here; the message says how to."""


def require(binary: str) -> str:
    """The path of a Debian binary, installed through scripts/provision.py when missing."""
    found = shutil.which(binary)
    if found:
        return found
    from scripts.provision import ProvisionError, ensure_debian_package

    try:
        return ensure_debian_package(binary)
    except (ProvisionError, subprocess.CalledProcessError) as error:
        raise DaemonError(f"{binary} is needed: {error}") from error


def version(argv: Sequence[str], pattern: str) -> str:
    """A program's version, read off its `--version`-style output."""
    result = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603
    found = re.search(pattern, result.stdout + result.stderr)
    return found.group(1) if found else "unknown"


class RedisServer(ServerProcess):
    """`redis-server` on a free loopback port, keeping nothing on disk; ready once it answers
    PING. Its `url` is the redis:// one."""

    def __init__(self, workdir: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        argv = [require("redis-server"), "--bind", "127.0.0.1", "--port", str(self.port)]
        argv += ["--save", "", "--appendonly", "no", "--dir", str(workdir)]
        url = f"redis://127.0.0.1:{self.port}/0"
        env = dict(os.environ)
        super().__init__("redis", argv, env, workdir, lambda: _pings(url), url)
        self.start_timeout = START_TIMEOUT_SECONDS

    @staticmethod
    def version() -> str:
        return version([require("redis-server"), "--version"], r"v=(\S+)")


# The `defaults` section of the proxies the suite writes for one scenario: plain HTTP, and a
# tunnel that lasts as long as a Streamlit WebSocket may.
HAPROXY_HTTP_DEFAULTS = """
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
"""


class HAProxy(ServerProcess):
    """HAProxy in the foreground (`-db`) with one or more configuration files; `env` fills the
    `"${NAME}"` placeholders the files use. Ready once `health_url`, through the proxy,
    answers 200."""

    def __init__(
        self, workdir: Path, configs: Sequence[Path], env: dict[str, str], health_url: str
    ) -> None:
        argv = [require("haproxy"), "-db"]
        for config in configs:
            argv += ["-f", str(config)]
        super().__init__("haproxy", argv, {**os.environ, **env}, workdir, http_ok(health_url))
        self.start_timeout = START_TIMEOUT_SECONDS

    @staticmethod
    def version() -> str:
        return version([require("haproxy"), "-v"], r"HAProxy version (\S+)")


def _pings(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    try:
        return bool(client.ping())
    except (redis.ConnectionError, redis.TimeoutError):
        return False
    finally:
        client.close()
