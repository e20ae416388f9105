"""Run the stub backend and the app together for a person, until Ctrl-C.

Both keep their data (users, documents, generated secrets) under `.data/`, so a restart keeps
everyone signed in. Settings come from the environment or `.env` as usual.
"""

from __future__ import annotations

import os
import subprocess
import sys

from app.base_path import ENV_VAR
from app.settings import path_prefix
from testbed import StartError, http_ok, wait_until

_HEALTH_TIMEOUT_SECONDS = 30.0


def _wait_for(url: str, process: subprocess.Popen[bytes], name: str) -> None:
    """Until `url` answers; the servers print to this terminal, so no log is quoted."""
    try:
        wait_until(
            http_ok(url),
            what=f"the {name} ({url})",
            timeout=_HEALTH_TIMEOUT_SECONDS,
            running=lambda: process.poll() is None,
            log=lambda: "(its output is above)",
        )
    except StartError as error:
        sys.exit(f"serve: {error}")


def main() -> None:
    stub_host = os.environ.setdefault("STUB_HOST", "127.0.0.1")
    stub_port = os.environ.setdefault("STUB_PORT", "8000")
    os.environ.setdefault("API_BASE_URL", f"http://{stub_host}:{stub_port}")
    app_url = (
        f"http://{os.environ.get('APP_HOST', '127.0.0.1')}:{os.environ.get('APP_PORT', '8501')}"
        + path_prefix(os.environ.get(ENV_VAR))  # the path prefix, when one is set
    )

    backend = subprocess.Popen([sys.executable, "-m", "stub_backend"])
    try:
        _wait_for(f"{os.environ['API_BASE_URL']}/healthz", backend, "stub backend")
        app = subprocess.Popen([sys.executable, "-m", "app"])
        try:
            _wait_for(f"{app_url}/_stcore/health", app, "app")
            print(f"\nserve: open {app_url} (Ctrl-C stops both)\n", flush=True)
            app.wait()
        finally:
            app.terminate()
            app.wait(timeout=10)
    except KeyboardInterrupt:
        pass
    finally:
        backend.terminate()
        backend.wait(timeout=10)


if __name__ == "__main__":
    main()
