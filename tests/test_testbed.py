"""The one process helper the tests, the suite, the benchmarks and the container checks share:
it says why a server did not start, quoting its log, and stops it by its pid even when it
ignores SIGTERM."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

from testbed import ServerProcess, StartError, free_port, http_ok, wait_until


def _python(name: str, code: str, tmp_path: Path) -> ServerProcess:
    """A server that is ready once it has printed "up"."""
    log = tmp_path / f"{name}.log"

    def ready() -> bool:
        return log.exists() and "up" in log.read_text()

    command = [sys.executable, "-c", code]
    return ServerProcess(name, command, {}, tmp_path, ready, start_timeout=5, stop_timeout=0.5)


def test_a_server_that_exits_while_starting_is_reported_with_its_log(tmp_path: Path) -> None:
    server = _python("crashing", "print('no database here'); raise SystemExit(3)", tmp_path)

    with pytest.raises(StartError, match=r"crashing stopped while starting:\n.*no database here"):
        server.start()


def test_a_server_that_never_answers_is_given_up_on_after_its_timeout() -> None:
    with pytest.raises(StartError, match="silent did not answer within 0 s"):
        wait_until(lambda: False, what="silent", timeout=0.2)


def test_a_server_that_ignores_sigterm_is_killed_and_its_log_kept(tmp_path: Path) -> None:
    ignores = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN)"
    server = _python("stubborn", f"{ignores}; print('up', flush=True); time.sleep(60)", tmp_path)
    process = server.start().process
    assert process is not None

    server.stop()

    assert process.returncode == -signal.SIGKILL
    assert "up" in server.log_path.read_text()


def test_a_port_nothing_listens_on_does_not_answer() -> None:
    assert not http_ok(f"http://127.0.0.1:{free_port()}/healthz")()
