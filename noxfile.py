"""Project tasks. `nox` runs every check CI runs; `nox -s serve` runs the app for a person."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"
nox.options.error_on_external_run = True
# Sessions join this list only once they have tests: an empty pytest run exits 5.
nox.options.sessions = ["lint", "typecheck", "tests", "e2e", "docker"]


def install_locked(session: nox.Session, *groups: str, project: bool = True) -> None:
    """Install exactly what uv.lock pins for these dependency groups into the session's venv."""
    flags = [f"--group={group}" for group in groups]
    if not project:
        flags = [f"--only-group={group}" for group in groups]
    session.run_install(
        "uv",
        "sync",
        "--locked",
        "--no-default-groups",
        *flags,
        env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location},
        external=True,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and common mistakes with ruff."""
    install_locked(session, "lint", project=False)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Check types with mypy in strict mode."""
    install_locked(session, "typecheck")
    session.run("mypy")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the unit tests: the stub backend's contract and the app's AppTest checks."""
    install_locked(session, "test")
    session.run("pytest", *(session.posargs or ("tests",)))


@nox.session
def e2e(session: nox.Session) -> None:
    """Run the browser acceptance suite against a local stub backend and app."""
    install_locked(session, "e2e")
    # Each xdist worker starts its own stub backend and app; e2e/pytest.ini keeps a trace and a
    # screenshot of every failed test under test-results/e2e.
    session.run("pytest", *(session.posargs or ("e2e", "-n", "2")))


@nox.session
def serve(session: nox.Session) -> None:
    """Run the stub backend and the app for a person: http://127.0.0.1:8501."""
    install_locked(session, "stub")
    session.run("python", "scripts/serve.py")


@nox.session
def docker(session: nox.Session) -> None:
    """Build the images, run them with Docker and run the browser suite against them."""
    install_locked(session, "e2e")
    session.run("python", "docker/run_suite.py", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks; tables print, results land in bench/results/ (not part of CI)."""
    install_locked(session, "bench")
    session.run("python", "-m", "bench", *session.posargs)
