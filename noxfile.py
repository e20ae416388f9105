"""Project tasks. `nox` runs every check CI runs; `nox -s serve` runs the app for a person."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"
nox.options.error_on_external_run = True
# Sessions join this list only once they have tests: an empty pytest run exits 5.
nox.options.sessions = [
    *("lint", "typecheck", "tests", "e2e", "backends", "prefix", "docker", "cluster"),
]
# The FastAPI auth backends the app serves besides the stub (tests/backends/families.py).
BACKEND_FAMILIES = ["fastapi-users", "fastapi-template", "authx"]
# What the page does whatever serves it (run counts, forms, Account) is proven by `e2e` on the
# full profile; the sessions that change what serves it (the minimal backend, containers,
# replicas, a prefix) run the rest.
NOT_PAGE_BEHAVIOUR = ("-m", "not page_behaviour")


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


def provide_chromium(session: nox.Session) -> None:
    """Playwright's Chromium, its download, or Debian's; else stop with the command to run."""
    session.run("python", "-m", "scripts.provision", "chromium")


def reports(folder: str) -> tuple[str, ...]:
    """pytest arguments that keep JUnit XML and failures' traces and screenshots in one folder."""
    return (f"--junitxml=test-results/{folder}/junit.xml", f"--output=test-results/{folder}")


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and common mistakes with ruff, and that e2e/README.md lists every scenario."""
    install_locked(session, "lint", project=False)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("python", "-m", "e2e.scenarios", "--check")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Check types with mypy in strict mode."""
    install_locked(session, "typecheck")
    session.run("mypy")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the unit tests: the stub backend's contract and the app's AppTest checks."""
    install_locked(session, "test")
    # tests/test_failure_artifacts.py runs a failing scenario in a browser.
    provide_chromium(session)
    # Three workers on two cores: the tests wait on servers they start about a third of the
    # time (797 tests: 178 s on -n 3, 229 s on -n 2, same machine).
    session.run("pytest", *(session.posargs or ("tests", "-n", "3")))


@nox.session
@nox.parametrize("profile", ["full", "minimal"])
def e2e(session: nox.Session, profile: str) -> None:
    """Run the browser acceptance suite against a local stub backend (full or minimal) and app."""
    given = any(arg.startswith("--api-url") for arg in session.posargs)
    if given and profile != "full":
        session.skip("--api-url names the backend: the suite probes what it offers, one run")
    install_locked(session, "e2e")
    provide_chromium(session)
    # A page on another port of the host is played by HAProxy (e2e/test_cross_origin.py).
    session.run("python", "-m", "scripts.provision", "debian", "haproxy")
    only = () if profile == "full" else NOT_PAGE_BEHAVIOUR
    # Each xdist worker starts its own stub backend and app; failures leave a trace and a
    # screenshot in the report folder, beside its junit.xml.
    session.run(
        "pytest",
        f"--backend-profile={profile}",
        *reports("e2e-deployed" if given else f"e2e-{profile}"),
        *(session.posargs or ("e2e", "-n", "2", *only)),
    )
    if profile == "minimal" and not session.posargs:
        # As against a staging backend: no test clock, a short token life, expiries waited out,
        # its API under another prefix than the seed's.
        session.run(
            "pytest",
            "--backend-profile=minimal",
            "--no-test-controls",
            "--access-seconds=8",
            "--api-prefix=/api",
            "-k",
            "test_silent_refresh_after_access_token_expires or test_two_tabs_refreshing",
            *reports("e2e-minimal-real-time"),
            "e2e",
            "-n",
            "2",
        )


@nox.session
@nox.parametrize("family", BACKEND_FAMILIES)
def backends(session: nox.Session, family: str) -> None:
    """Run the core browser scenarios against a real backend of one family, the app set up
    for it with the settings a person would use (CONTRACT section 8)."""
    install_locked(session, "e2e")
    provide_chromium(session)
    session.run(
        "pytest",
        "-m",
        "core",
        f"--backend={family}",
        *reports(f"e2e-{family}"),
        *(session.posargs or ("e2e", "-n", "2")),
    )


@nox.session
def prefix(session: nox.Session) -> None:
    """Run the browser suite with the app under /auth-demo behind HAProxy, which forwards only
    that prefix and /other-app, where a second app runs (deploy/haproxy-prefix.cfg)."""
    install_locked(session, "e2e")
    provide_chromium(session)
    session.run("python", "-m", "scripts.provision", "debian", "haproxy")
    session.run(
        "pytest",
        "--under-prefix",
        *reports("e2e-prefix"),
        *(session.posargs or ("e2e", "-n", "2", *NOT_PAGE_BEHAVIOUR)),
    )


@nox.session
def mutants(session: nox.Session) -> None:
    """Plant auth bugs one at a time in a copy of the code; each must fail its tests (minutes)."""
    install_locked(session, "test", "e2e")
    provide_chromium(session)
    session.run("python", "-m", "scripts.mutants", *session.posargs)


@nox.session
def cluster(session: nox.Session) -> None:
    """Run the browser suite and fault scenarios through HAProxy, three replicas and Redis."""
    install_locked(session, "e2e")
    provide_chromium(session)
    for binary in ("redis-server", "haproxy"):
        session.run("python", "-m", "scripts.provision", "debian", binary)
    # e2e/cluster.py starts the stub, Redis, the replicas and HAProxy on loopback, points the
    # suite at HAProxy, and stops them all by pid at the end; e2e/test_cluster.py runs here only.
    # One process: on two cores `-n 2`, a cluster per worker, took 180 s against 188 s.
    session.run(
        "python",
        "-m",
        "pytest",
        "-p",
        "e2e.cluster",
        *reports("cluster"),
        *(session.posargs or ("e2e", *NOT_PAGE_BEHAVIOUR)),
    )


@nox.session
def serve(session: nox.Session) -> None:
    """Run the stub backend and the app for a person: http://127.0.0.1:8501."""
    install_locked(session, "stub")
    session.run("python", "scripts/serve.py")


@nox.session
def docker(session: nox.Session) -> None:
    """Build the images, run them with Docker and run the browser suite against them."""
    install_locked(session, "e2e")
    provide_chromium(session)
    session.run(
        "python",
        "docker/run_suite.py",
        *(session.posargs or (*reports("docker"), *NOT_PAGE_BEHAVIOUR)),
    )


@nox.session
def fresh(session: nox.Session) -> None:
    """Run the README's commands in a fresh Debian container with only Python (not part of CI)."""
    install_locked(session, "e2e")
    # scripts/fresh.py uses docker/'s engine and base image, which import each other by name.
    session.run("python", "-m", "scripts.fresh", *session.posargs, env={"PYTHONPATH": "docker"})


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks; tables print, results land in bench/results/ (not part of CI)."""
    install_locked(session, "bench")
    provide_chromium(session)
    session.run("python", "-m", "bench", *session.posargs)
