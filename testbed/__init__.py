"""Running the project's servers for tests, the browser suite, the benchmarks and the container
checks: a free loopback port, a process started, waited on until a probe answers and stopped by
its own pid with its log kept, and the settings the stub backend and the app start with.

Standard library only, so it imports wherever those run: nox sessions, `python docker/...`
on the host, and the installed suite's wheel.
"""

from testbed.environment import (
    CHEAP_HASHING,
    REPO,
    app_settings,
    clean_environment,
    stub_settings,
)
from testbed.ports import free_port
from testbed.process import (
    Probe,
    ServerProcess,
    StartError,
    http_ok,
    python_module,
    wait_until,
)

__all__ = [
    "CHEAP_HASHING",
    "REPO",
    "Probe",
    "ServerProcess",
    "StartError",
    "app_settings",
    "clean_environment",
    "free_port",
    "http_ok",
    "python_module",
    "stub_settings",
    "wait_until",
]
