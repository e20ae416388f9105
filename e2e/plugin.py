"""The suite as a pytest plugin (e2e/conftest.py loads it; the installed suite: `pytest -p
e2e.plugin --pyargs e2e`): its options, hooks and fixtures, but those that override
pytest-playwright's, which must be conftest fixtures to take precedence (conftest.py).

Fixtures: the servers (started here, or already running elsewhere), the browser, the users.

By default each xdist worker starts its own stub backend (test controls on, a temporary
database, cheap argon2id, `STUB_PROFILE` from `--backend-profile`) and its own app, on free
loopback ports. With `--app-url` and `--api-url` the suite drives deployments that are already
running, e.g. containers. Either way, a test marked `@pytest.mark.needs(...)` skips with the
reason when the backend under test does not offer that capability (e2e/capabilities.py).
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app.backend.profile import BackendProfile
from e2e import artifacts, capabilities, outcomes, session_cookie, ui
from e2e.api import Backend, Lifetimes, profile_of
from e2e.families import FAMILIES
from e2e.servers import Deployment, LocalStack
from testbed import ServerProcess

PASSWORD = "correct-horse-battery-42"
# Generous: other work on a 2-core machine can slow a first run (imports, bundles) a lot. A wait
# that succeeds returns as soon as it does, so this costs nothing when all is well.
expect.set_options(timeout=15_000)
# The expiry scenarios wait a token's life out in real time, within these bounds.
REAL_EXPIRY_SECONDS = 8.0
MAX_REAL_WAIT_SECONDS = 150.0
_LOG_OFFSETS = pytest.StashKey[dict[str, int]]()
_STACK = pytest.StashKey[LocalStack]()
# Signs a tab's browser in as an existing account (its email), not through the Log in form.
SignIn = Callable[[Page, str], None]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("e2e", "browser acceptance suite")
    group.addoption("--app-url", help="drive this running app instead of starting one")
    group.addoption(
        "--api-url",
        help="the backend behind --app-url (its base, without the API prefix API_PREFIX names)",
    )
    group.addoption(
        "--backend-profile",
        choices=("full", "minimal"),
        default="full",
        help="STUB_PROFILE of the stub the suite starts (default full); with --api-url the "
        "backend's capabilities are probed instead",
    )
    group.addoption(
        "--backend",
        choices=("stub", *FAMILIES),
        default="stub",
        help="the backend the suite starts: our stub (default), or one of the FastAPI auth "
        "backends people run (tests/backends/), with the app configured for it",
    )
    group.addoption(
        "--no-test-controls",
        action="store_true",
        help="start the stub without its test controls, so its clock cannot be moved and "
        "expiries are waited out in real time (use with --access-seconds)",
    )
    group.addoption(
        "--access-seconds",
        type=float,
        help="the access token lifetime of the backend the suite starts (default: its own)",
    )
    group.addoption(
        "--api-prefix",
        help="serve the stub's API under this prefix instead of /api/v1 (e.g. /api), the app "
        "configured for it (API_PREFIX), as a staging backend may be",
    )
    group.addoption(
        "--under-prefix",
        action="store_true",
        help="serve the app the suite starts under /auth-demo, and a second app under "
        "/other-app, behind HAProxy with deploy/haproxy-prefix.cfg (forwards only those)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """One shared backend has one clock: tests that move it must not run beside each other."""
    if config.getoption("app_url") and getattr(config.option, "numprocesses", None):
        config.option.numprocesses = None
        config.option.dist = "no"


def _starts_servers(config: pytest.Config) -> bool:
    """This process runs tests against its own servers: not when pointed at running ones, not
    in the xdist controller (its workers start their own), not when only collecting."""
    options = config.option
    if options.app_url or options.api_url or options.collectonly or options.help:
        return False
    return not is_xdist_controller(config)


def is_xdist_controller(config: pytest.Config) -> bool:
    """This process hands the tests to xdist workers and runs none itself."""
    return bool(getattr(config.option, "numprocesses", None)) and not hasattr(config, "workerinput")


# The suite's markers, registered here too so the installed suite (`pytest --pyargs e2e`, no
# pytest.ini of ours) knows them.
MARKERS = (
    "needs(*capabilities): skip unless the backend offers them, as the app defines them "
    f"(app/backend/capabilities.py): {', '.join(sorted(capabilities.NAMES))}",
    "core: the scenarios that run against every backend family too (nox -s backends)",
    "page_behaviour: what the page does, whatever serves it",
)


def pytest_configure(config: pytest.Config) -> None:
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)
    outcomes.register(config)  # what the run proved, at its end
    if _starts_servers(config):
        workdir = Path(tempfile.mkdtemp(prefix="e2e-servers-"))
        stack = LocalStack(
            workdir,
            config.getoption("backend_profile"),
            backend=config.getoption("backend"),
            access_seconds=config.getoption("access_seconds"),
            test_controls=not config.getoption("no_test_controls"),
            under_prefix=config.getoption("under_prefix"),
            api_prefix=config.getoption("api_prefix"),
        )
        config.stash[_STACK] = stack
        stack.launch()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Against someone's deployment, stop at once when the backend offers none of the auth
    endpoints its profile names: every scenario would fail in its fixtures, saying nothing."""
    config = session.config
    app_url, api_url = config.getoption("app_url"), config.getoption("api_url")
    if not api_url or hasattr(config, "workerinput") or config.option.collectonly:
        return
    profile = profile_of(Deployment(app_url or "", api_url.rstrip("/")))
    missing = capabilities.missing_auth_endpoints(api_url.rstrip("/"), profile)
    if len(missing) >= len(capabilities.auth_paths(profile)):
        raise pytest.UsageError(
            f"The backend at {api_url} offers none of the auth endpoints its profile names "
            f"({'; '.join(missing)}): check --api-url, API_PROFILE and API_PREFIX."
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    stack = config.stash.get(_STACK, None)
    if stack is not None:
        stack.stop()
        shutil.rmtree(stack.workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def deployment(pytestconfig: pytest.Config) -> Deployment:
    app_url, api_url = pytestconfig.getoption("app_url"), pytestconfig.getoption("api_url")
    if app_url or api_url:
        if not (app_url and api_url):
            raise pytest.UsageError("--app-url and --api-url go together")
        return Deployment(app_url.rstrip("/"), api_url.rstrip("/"))
    return pytestconfig.stash[_STACK].deployment()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for marker in item.iter_markers("needs"):
            for name in marker.args:
                if name not in capabilities.NAMES:
                    known = ", ".join(sorted(capabilities.NAMES))
                    raise pytest.UsageError(f"{item.nodeid}: needs({name!r}): known are {known}")


@pytest.fixture(scope="session")
def backend_profile(deployment: Deployment) -> BackendProfile:
    """The backend's shape, read from the same settings as the app's: those the suite gave
    the app it started, else this process's environment (API_PROFILE, API_<FIELD>)."""
    return profile_of(deployment)


@pytest.fixture(scope="session")
def backend_capabilities(
    deployment: Deployment, backend_profile: BackendProfile
) -> capabilities.Discovered:
    """What the backend under test offers beyond the four auth endpoints, found once."""
    return capabilities.discover(deployment.api_url, backend_profile)


@pytest.fixture(autouse=True)
def _needs(request: pytest.FixtureRequest) -> None:
    """Skip a test marked `needs(...)` when the backend lacks one of those capabilities."""
    names = [name for marker in request.node.iter_markers("needs") for name in marker.args]
    if not names:
        return
    offered: capabilities.Discovered = request.getfixturevalue("backend_capabilities")
    for name in names:
        if reason := offered.lacks(name):
            pytest.skip(f"the backend does not offer {name} ({reason})")


@pytest.fixture(scope="session")
def backend(deployment: Deployment, backend_profile: BackendProfile) -> Iterator[Backend]:
    client = Backend(deployment.api_url, backend_profile, deployment.app_clock)
    yield client
    client.close()


@pytest.fixture(scope="session")
def controls(backend: Backend) -> Backend:
    """The backend, for a test that needs its test controls (clock, sessions)."""
    if not backend.has_test_controls():
        pytest.skip(
            f"{backend.base_url} has no test controls ({backend.controls_url} answers 404); "
            "start the stub backend with STUB_TEST_CONTROLS=1"
        )
    return backend


@pytest.fixture(scope="session")
def lifetimes(controls: Backend) -> Lifetimes:
    """The backend's token lifetimes, read off a throwaway account's pair."""
    return controls.lifetimes(f"lifetimes-{uuid.uuid4().hex[:12]}@example.org", PASSWORD)


@dataclass(frozen=True)
class Expiries:
    """Lets an access token's life pass: on the stub's test clock where the backend has one,
    else in real time where its tokens live briefly (a staging backend configured so)."""

    backend: Backend
    access_seconds: float
    on_test_clock: bool

    def pass_access_expiry(self) -> None:
        """Every access token issued so far has expired once this returns."""
        if self.on_test_clock:
            self.backend.advance_clock(self.access_seconds + 30)
            return
        moment = self.backend.clock_now() + self.access_seconds
        self.backend.wait_until(moment, bound=self.access_seconds + 30)


def _expiries_for(backend: Backend) -> Expiries | str:
    """How to let this backend's access tokens expire, or why the suite cannot."""
    email = f"expiries-{uuid.uuid4().hex[:12]}@example.org"
    if backend.has_test_controls():
        return Expiries(backend, backend.lifetimes(email, PASSWORD).access_seconds, True)
    lifetime = backend.access_lifetime(email, PASSWORD)
    if lifetime > MAX_REAL_WAIT_SECONDS:
        return (
            f"no test clock, and access tokens live {lifetime:.0f} s, longer than this suite "
            f"waits ({MAX_REAL_WAIT_SECONDS:.0f} s): configure the backend with a short "
            "ACCESS_TOKEN_EXPIRE_MINUTES"
        )
    return Expiries(backend, lifetime, False)


@pytest.fixture(scope="session")
def expiries(backend: Backend) -> Expiries:
    """How a scenario lets an access token expire, on whatever backend this is; skips where
    neither a test clock nor a short lifetime makes that possible within the suite's bounds."""
    found = _expiries_for(backend)
    if isinstance(found, str):
        pytest.skip(found)
    return found


@dataclass(frozen=True)
class Expiring:
    """A deployment whose access tokens the suite can let expire, and the backend behind it."""

    deployment: Deployment
    backend: Backend
    expiries: Expiries


@pytest.fixture(scope="session")
def expiring(
    pytestconfig: pytest.Config, deployment: Deployment, backend: Backend
) -> Iterator[Expiring]:
    """The deployment under test where its clock can be moved or its tokens are short-lived
    (a staging backend with a short ACCESS_TOKEN_EXPIRE_MINUTES); else, where the suite starts
    the servers (a real backend family), a second stack of the same backend whose tokens live
    REAL_EXPIRY_SECONDS, waited out in real time."""
    found = _expiries_for(backend)
    if not isinstance(found, str):
        yield Expiring(deployment, backend, found)
        return
    if pytestconfig.stash.get(_STACK, None) is None:
        pytest.skip(found)
    workdir = Path(tempfile.mkdtemp(prefix="e2e-expiring-"))
    stack = LocalStack(
        workdir,
        pytestconfig.getoption("backend_profile"),
        backend=pytestconfig.getoption("backend"),
        access_seconds=REAL_EXPIRY_SECONDS,
        test_controls=False,
    )
    try:
        stack.launch()
        short = stack.deployment()
        with Backend(short.api_url, backend.profile, short.app_clock) as short_backend:
            expiries = Expiries(short_backend, REAL_EXPIRY_SECONDS, on_test_clock=False)
            yield Expiring(short, short_backend, expiries)
    finally:
        stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def local_stub(deployment: Deployment) -> ServerProcess:
    """The stub process, for a test that stops and restarts the backend."""
    if deployment.stub is None:
        pytest.skip("stopping the backend needs the stub the suite started (not --api-url)")
    return deployment.stub


@pytest.fixture
def email() -> str:
    """A fresh address per test: no test depends on another's users, so no reset is needed."""
    return f"e2e-{uuid.uuid4().hex[:12]}@example.org"


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def user(backend: Backend, email: str, password: str) -> str:
    """An account that exists before the test starts; its email."""
    backend.register(email, password)
    return email


@pytest.fixture
def sign_in(deployment: Deployment, backend: Backend, password: str) -> SignIn:
    """For a scenario that is not about the Log in form: the login restored from a login cookie
    sealed with the app's own code and secret (e2e/session_cookie.py), the form's result
    without its run; through the form against an app the suite did not start."""

    def signed_in(page: Page, email: str) -> None:
        session_cookie.sign_in(page, deployment, backend, email, password)
        # Attached, not visible: on a phone the sidebar that says so is closed.
        expect(ui.sidebar(page).get_by_text(email)).to_be_attached()

    return signed_in


# ---- server logs, screenshots and traces in failure reports ------------------------------------


def _running(config: pytest.Config) -> list[ServerProcess]:
    stack = config.stash.get(_STACK, None)
    return stack.processes if stack is not None else []


def pytest_runtest_setup(item: pytest.Item) -> None:
    item.stash[_LOG_OFFSETS] = {p.name: p.log_size() for p in _running(item.config)}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if not report.failed:
        return
    offsets = item.stash.get(_LOG_OFFSETS, {})
    for process in _running(item.config):
        log = process.log_since(offsets.get(process.name, 0))
        report.sections.append((f"{process.name} log ({call.when})", log or "(empty)"))
    if call.when in ("setup", "call"):
        kept = artifacts.keep_failure(item)
        if kept:
            report.sections.append(("failure artifacts", "\n".join(map(str, kept))))
