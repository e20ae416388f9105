"""Redis and HAProxy (Debian's) as processes on free loopback ports, started and stopped by pid.

The binaries are installed through scripts/provision.py when missing (as root with apt-get);
elsewhere `require` raises with the command to run. Used by the cluster session
(e2e/cluster.py), bench/failover.py and the Redis set's unit tests.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis

from e2e.ports import free_port

START_TIMEOUT_SECONDS = 20.0
STOP_TIMEOUT_SECONDS = 10.0
POLL_SECONDS = 0.05


class DaemonError(RuntimeError):
    """A daemon is missing, or did not start; the message says which and why."""


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


@dataclass
class Daemon:
    """A non-Python server: its argv, its log file, and its process once launched."""

    name: str
    argv: list[str]
    workdir: Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def log_path(self) -> Path:
        return self.workdir / f"{self.name}.log"

    @property
    def pid(self) -> int:
        if self.process is None:
            raise DaemonError(f"{self.name} is not running")
        return self.process.pid

    def launch(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own argv
                self.argv,
                cwd=self.workdir,
                env={**os.environ, **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def check_alive(self) -> None:
        if not self.alive():
            raise DaemonError(f"{self.name} exited while starting:\n{self.log_tail()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def log_tail(self, limit: int = 4000) -> str:
        if not self.log_path.exists():
            return "(no log)"
        return self.log_path.read_bytes()[-limit:].decode("utf-8", "replace")


class RedisServer(Daemon):
    """`redis-server` on a free loopback port, keeping nothing on disk."""

    def __init__(self, workdir: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        binary = require("redis-server")
        argv = [binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""]
        argv += ["--appendonly", "no", "--dir", str(workdir)]
        super().__init__("redis", argv, workdir)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.launch()
        client = redis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        try:
            while time.monotonic() < deadline:
                self.check_alive()
                try:
                    if client.ping():
                        return self
                except (redis.ConnectionError, redis.TimeoutError):
                    time.sleep(POLL_SECONDS)  # polling a server that is starting
        finally:
            client.close()
        raise DaemonError(f"redis did not answer on {self.url}:\n{self.log_tail()}")

    @staticmethod
    def version() -> str:
        return version([require("redis-server"), "--version"], r"v=(\S+)")


class HAProxy(Daemon):
    """HAProxy in the foreground (`-db`) with one or more configuration files; `env` fills the
    `"${NAME}"` placeholders the files use."""

    def __init__(self, workdir: Path, configs: Sequence[Path], env: dict[str, str]) -> None:
        argv = [require("haproxy"), "-db"]
        for config in configs:
            argv += ["-f", str(config)]
        super().__init__("haproxy", argv, workdir, env)

    def start(self, health_url: str) -> HAProxy:
        """Launch, then wait until `health_url` (through the proxy) answers 200."""
        self.launch()
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        with httpx.Client(timeout=1.0) as client:
            while time.monotonic() < deadline:
                self.check_alive()
                try:
                    if client.get(health_url).status_code == httpx.codes.OK:
                        return self
                except httpx.TransportError:
                    pass
                time.sleep(POLL_SECONDS)  # polling a proxy that is starting
        raise DaemonError(f"haproxy did not serve {health_url}:\n{self.log_tail()}")

    @staticmethod
    def version() -> str:
        return version([require("haproxy"), "-v"], r"HAProxy version (\S+)")
