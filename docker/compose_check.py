"""Run compose.yaml for real where only host networking works: `python docker/compose_check.py`.

compose.yaml publishes ports from a bridge network, which machines whose dockerd runs with
`--bridge=none` cannot do. This keeps everything else of it (images, volumes, environment,
healthchecks, `depends_on: service_healthy`) and only moves both services onto the host's
network on free loopback ports, brings it up with docker compose (v2 plugin or v1), waits for
both to be healthy, runs the smoke check, and takes it down with its volumes. Needs PyYAML
(in the project's dev environment) and the images (`python docker/build.py`).
"""

# ruff: noqa: S603 - runs docker compose with fixed arguments

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import engine
import run_suite
import yaml  # type: ignore[import-untyped, unused-ignore]

from testbed import free_port, wait_until

ROOT = Path(__file__).resolve().parent.parent
_PROJECT = "streamlit-jwt-auth-check"


def compose_command() -> list[str]:
    if engine.succeeds("compose", "version"):
        return ["docker", "compose"]
    if shutil.which("docker-compose") is None:
        engine.apt_install("docker-compose")
    return ["docker-compose"]


def host_network_variant(stub_port: int, app_port: int) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    settings = {
        "stub": {"STUB_HOST": "127.0.0.1", "STUB_PORT": str(stub_port)},
        "app": {
            "APP_HOST": "127.0.0.1",
            "APP_PORT": str(app_port),
            "API_BASE_URL": f"http://127.0.0.1:{stub_port}",
        },
    }
    for name, service in spec["services"].items():
        service.pop("ports", None)
        service.pop("build", None)  # built already, with the offline base where needed
        service["network_mode"] = "host"
        environment = [
            item for item in service["environment"] if item.split("=")[0] not in settings[name]
        ]
        service["environment"] = environment + [f"{k}={v}" for k, v in settings[name].items()]
    return spec


def wait_healthy(compose: list[str], started: float) -> None:
    def both_healthy() -> bool:
        ids = subprocess.run(
            [*compose, "ps", "-q"], capture_output=True, text=True, check=True
        ).stdout.split()
        states = [json.loads(engine.docker("inspect", "--format={{json .State}}", i)) for i in ids]
        return len(ids) == 2 and all(s.get("Health", {}).get("Status") == "healthy" for s in states)

    wait_until(both_healthy, what="compose: the services", timeout=120)
    print(f"compose: both healthy {time.monotonic() - started:.1f} s after up", flush=True)


def main() -> int:
    stub_port, app_port = free_port(), free_port()
    with tempfile.TemporaryDirectory() as workdir:
        variant = Path(workdir) / "compose.json"  # JSON is YAML, and needs no dumper
        variant.write_text(json.dumps(host_network_variant(stub_port, app_port)))
        compose = [*compose_command(), "--project-name", _PROJECT, "--file", str(variant)]
        started = time.monotonic()
        try:
            subprocess.run([*compose, "up", "--detach", "--no-build"], check=True)
            wait_healthy(compose, started)
            run_suite.smoke(f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{stub_port}")
        finally:
            subprocess.run([*compose, "down", "--volumes"], check=False)
    return 0


if __name__ == "__main__":
    with engine.engine():
        sys.exit(main())
