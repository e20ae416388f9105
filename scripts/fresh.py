"""Prove the README's two commands on a fresh machine: `nox -s fresh` (not part of `nox`).

A container of the offline Debian base (`docker/build.py`: debootstrap's minbase with python3,
python3-venv and ca-certificates, nothing else) gets the committed tree (`git archive HEAD`,
as a clone would) and runs, as root:

1. `python3 -m pip install nox uv && nox -s serve`, until the app and the stub answer;
2. `python3 -m pip install nox uv && nox -s lint typecheck tests e2e prefix cluster`: the
   README's `nox` without `docker`, which would need Docker inside Docker.

What the machine lends the container, and why: its network (`--network host`, the only kind
here) and its CA bundle (its registries are reached through a proxy whose certificate only that
bundle trusts). Debian's python3 refuses `pip install` outside a virtual environment (PEP 668),
so `python3` is a venv first on PATH, as in the official python images. The container is
removed afterwards, whatever happened. Run with PYTHONPATH=docker (nox does).
"""

# ruff: noqa: S603, S607 - runs docker and git with fixed arguments

from __future__ import annotations

import secrets
import shlex
import subprocess
import sys
import time
from pathlib import Path

import build
import engine

from testbed import free_port

ROOT = Path(__file__).resolve().parent.parent
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
SERVE_TIMEOUT_SECONDS = 900.0
_NAME = f"streamlit-jwt-auth-fresh-{secrets.token_hex(3)}"
_PREAMBLE = "set -e; export PATH=/opt/python/bin:$PATH; cd /src; "
_INSTALL = "python3 -m pip install --quiet nox uv"


def _say(line: str) -> None:
    print(f"fresh: {line}", flush=True)


def _exec(script: str, *, detach: bool = False) -> int:
    """Run a shell script in the container; its exit code (0 for a detached one)."""
    flags = ["--detach"] if detach else []
    _say(f"$ {script}")
    command = ["docker", "exec", *flags, _NAME, "sh", "-c", _PREAMBLE + script]
    return subprocess.run(command, check=False).returncode


def _start() -> None:
    engine.docker(
        "run",
        "--detach",
        f"--name={_NAME}",
        "--network=host",
        "--shm-size=1g",  # Chromium's shared memory; Docker's default 64 MiB is too small
        f"--volume={CA_BUNDLE}:{CA_BUNDLE}:ro",
        f"--env=SSL_CERT_FILE={CA_BUNDLE}",
        f"--env=PIP_CERT={CA_BUNDLE}",
        "--env=CI=1",
        build.OFFLINE_BASE,
        "sleep",
        "infinity",
    )
    archive = subprocess.Popen(["git", "archive", "HEAD"], cwd=ROOT, stdout=subprocess.PIPE)
    untar = ["docker", "exec", "-i", _NAME, "sh", "-c", "mkdir /src && tar -x -C /src"]
    subprocess.run(untar, stdin=archive.stdout, check=True)
    if archive.wait() != 0:
        raise engine.EngineError("git archive HEAD failed")
    if _exec("python3 -m venv /opt/python") != 0:
        raise engine.EngineError("python3 -m venv failed in the base image")


def _serves() -> bool:
    """`nox -s serve` until both servers answer on free loopback ports; then stopped."""
    stub, app = free_port(), free_port()
    # Its own process group, so that Ctrl-C (SIGINT) reaches nox, serve.py and both servers.
    serve = f"STUB_PORT={stub} APP_PORT={app} exec nox -s serve"
    _exec(
        f"exec > /root/serve.log 2>&1; {_INSTALL}; "
        f"exec setsid sh -c 'echo $$ > /root/serve.pid; {serve}'",
        detach=True,
    )
    check = (
        f"python3 -c \"import urllib.request as u; u.urlopen('http://127.0.0.1:{stub}/healthz'); "
        f"u.urlopen('http://127.0.0.1:{app}/_stcore/health')\""
    )
    deadline = time.monotonic() + SERVE_TIMEOUT_SECONDS
    served = False
    while not served and time.monotonic() < deadline:
        probe = ["docker", "exec", _NAME, "sh", "-c", check]
        served = subprocess.run(probe, capture_output=True, check=False).returncode == 0
        if not served:
            time.sleep(2)  # waiting on installs and a server start, not on a test
    if served:
        _say(f"nox -s serve: the stub (:{stub}) and the app (:{app}) answer")
    else:
        subprocess.run(["docker", "exec", _NAME, "tail", "-40", "/root/serve.log"], check=False)
    pid = '"$(cat /root/serve.pid)"'
    # Up to 30 s for a clean stop, then the whole group.
    _exec(
        f"kill -INT -{pid}; for i in $(seq 60); do kill -0 {pid} 2>/dev/null || exit 0; "
        f"sleep 0.5; done; kill -KILL -{pid}"
    )
    return served


def main(sessions: list[str]) -> int:
    started = time.monotonic()
    code = 1
    try:
        with engine.engine():
            build.ensure_offline_base()
            try:
                _start()
                served = _serves()
                tests = _exec(f"{_INSTALL} && nox -s {shlex.join(sessions)}")
                _say(f"serve {'answered' if served else 'FAILED'}; nox -s ... exit {tests}")
                code = 0 if served and tests == 0 else 1
            finally:
                subprocess.run(["docker", "rm", "--force", _NAME], capture_output=True, check=False)
    except (engine.EngineError, subprocess.CalledProcessError) as error:
        print(f"fresh: failed: {error}", file=sys.stderr, flush=True)
    _say(f"done in {time.monotonic() - started:.0f} s (exit {code})")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["lint", "typecheck", "tests", "e2e", "prefix", "cluster"]))
