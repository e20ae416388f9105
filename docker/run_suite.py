"""Build both images, run them as containers and test them: `python docker/run_suite.py [ARGS]`.

The containers share the host's network (the only kind some machines allow) on free loopback
ports. A smoke check comes first (backend health, a registration through the API, the app's
page); then the browser suite runs against the containers, with ARGS passed on to pytest. The
containers are removed afterwards, whatever happened, and their logs are printed on failure.
"""

# ruff: noqa: S310, S603, S607 - fixed loopback URLs; runs docker (on PATH) and pytest, fixed args

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import build
import engine

from testbed import StartError, app_settings, free_port, stub_settings, wait_until

ROOT = Path(__file__).resolve().parent.parent
_HEALTHY_TIMEOUT_SECONDS = 120.0
_RUN_ID = f"{os.getpid()}-{secrets.token_hex(3)}"


@dataclass
class Container:
    role: str
    image: str
    env: dict[str, str]
    name: str = ""
    started: float = 0.0
    seconds_to_healthy: float = 0.0

    def run(self) -> None:
        self.name = f"streamlit-jwt-auth-{self.role}-{_RUN_ID}"
        env_args = [arg for key, value in self.env.items() for arg in ("--env", f"{key}={value}")]
        self.started = time.monotonic()
        engine.docker(
            "run",
            "--detach",
            f"--name={self.name}",
            "--network=host",
            # Proves the image needs no writable layer: only its /data volume and a tmpfs.
            "--read-only",
            "--tmpfs=/tmp",
            # The image probes every 10 s; probing every second measures the start itself.
            "--health-interval=1s",
            *env_args,
            self.image,
        )

    def _state(self) -> dict[str, Any]:
        state: dict[str, Any] = json.loads(
            engine.docker("inspect", "--format={{json .State}}", self.name)
        )
        return state

    def healthy(self) -> bool:
        return bool(self._state().get("Health", {}).get("Status") == "healthy")

    def running(self) -> bool:
        state = self._state()
        return bool(
            state["Status"] == "running" and state.get("Health", {}).get("Status") != "unhealthy"
        )

    def wait_healthy(self) -> None:
        wait_until(
            self.healthy,
            what=f"the {self.role} container",
            timeout=_HEALTHY_TIMEOUT_SECONDS,
            running=self.running,
            log=lambda: "(its log is printed below)",
        )
        self.seconds_to_healthy = time.monotonic() - self.started
        print(
            f"docker: {self.role} healthy {self.seconds_to_healthy:.1f} s after docker run",
            flush=True,
        )

    def print_logs(self) -> None:
        result = subprocess.run(
            ["docker", "logs", "--tail=60", self.name],
            capture_output=True,
            text=True,
            check=False,
        )
        print(f"----- {self.role} container log (last 60 lines) -----")
        print(result.stdout + result.stderr, flush=True)

    def remove(self) -> None:
        if self.name:
            # --volumes: the anonymous /data volume holds this run's users and secrets.
            engine.docker("rm", "--force", "--volumes", self.name)


def request(url: str, body: dict[str, str] | None = None) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if body is not None else {}
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, data=data, headers=headers), timeout=10
        ) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _expect(ok: bool, what: str, status: int, body: bytes) -> None:
    if not ok:
        raise engine.EngineError(f"smoke check: {what}: got {status} {body[:200]!r}")


def smoke(app_url: str, api_url: str) -> None:
    """The least that must work: backend up, a user can register, the app serves its page."""
    status, body = request(f"{api_url}/healthz")
    _expect(status == 200 and json.loads(body) == {"status": "ok"}, "healthz", status, body)
    email = f"smoke-{secrets.token_hex(4)}@example.com"
    status, body = request(
        f"{api_url}/api/v1/auth/register", {"email": email, "password": secrets.token_urlsafe(12)}
    )
    _expect(status == 201 and "access_token" in json.loads(body), "register", status, body)
    status, body = request(f"{app_url}/")
    _expect(status == 200 and b"<html" in body.lower(), "app page", status, body)
    status, body = request(f"{app_url}/_stcore/health")
    _expect(status == 200, "app health", status, body)
    print("docker: smoke check passed (healthz 200, register 201, app page 200)", flush=True)


def run_suite(pytest_args: list[str]) -> int:
    stub_port, app_port = free_port(), free_port()
    api_url, app_url = f"http://127.0.0.1:{stub_port}", f"http://127.0.0.1:{app_port}"
    # The suite registers many users: the stub hashes at the cheapest argon2id cost. Without a
    # secret or a data directory, each container makes its own in its /data volume.
    stub = Container("stub", build.IMAGES["stub"], stub_settings(stub_port))
    app = Container("app", build.IMAGES["app"], app_settings(app_port, api_url))
    failed = True
    try:
        # In the order compose starts them: the app only once the backend is healthy.
        for container in (stub, app):
            container.run()
            container.wait_healthy()
        smoke(app_url, api_url)
        if not (ROOT / "e2e" / "conftest.py").exists():
            print("docker: no e2e/conftest.py yet: the smoke check is the whole test", flush=True)
            failed = False
            return 0
        suite = [sys.executable, "-m", "pytest", "e2e", "--app-url", app_url, "--api-url", api_url]
        code = subprocess.run([*suite, *pytest_args], cwd=ROOT, check=False).returncode
        failed = code != 0
        return code
    finally:
        for container in (stub, app):
            if failed and container.name:
                container.print_logs()
            container.remove()


def main(argv: list[str]) -> int:
    started = time.monotonic()
    try:
        with engine.engine():
            build.build()
            code = run_suite(argv)
    except (engine.EngineError, subprocess.CalledProcessError, StartError) as error:
        print(f"docker: failed: {error}", file=sys.stderr, flush=True)
        code = 1
    print(f"docker: done in {time.monotonic() - started:.0f} s (exit {code})", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
