"""The README's minimal example (quoted there whole, as is the Profile page): someone else's
entry script (examples/minimal) signs a person in with the auth layer's few public calls, keeps
the login over a reload, and its logout revokes the login at the backend."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver, Browser, readable
from tests.stub_server import StubServer

REPO = Path(__file__).parents[2]
EXAMPLE = str(REPO / "examples" / "minimal" / "streamlit_app.py")


def shown(tab: AppDriver) -> list[str]:
    return [readable(str(element.value)) for element in tab.at.main.markdown]


def revoked(stub: StubServer, email: str) -> int:
    return [session["revoked"] for session in stub.sessions(email)].count(True)


def log_in(tab: AppDriver, email: str, password: str) -> AppDriver:
    tab.at.text_input(key="email").set_value(email)
    tab.at.text_input(key="password").set_value(password)
    tab.at.button(key="FormSubmitter:login_form-Log in").click()
    return tab.settle()


def test_the_example_signs_in_keeps_it_over_a_reload_and_logs_out_at_the_backend(
    browser: Browser, user: str, app_env: StubServer
) -> None:
    tab = log_in(AppDriver(browser, EXAMPLE).settle(), user, PASSWORD)
    assert f"Hello, {user}." in shown(tab)

    reloaded = AppDriver(browser, EXAMPLE).settle()
    assert f"Hello, {user}." in shown(reloaded)

    assert revoked(app_env, user) == 0
    reloaded.click("log_out")
    assert not [line for line in shown(reloaded) if line.startswith("Hello")]
    assert revoked(app_env, user) == 1  # the example's login, not the signup's


def test_a_wrong_password_is_said_under_the_example_form(browser: Browser, user: str) -> None:
    tab = log_in(AppDriver(browser, EXAMPLE).settle(), user, "not the password")
    assert tab.texts("error") == ["Invalid email or password"]


def test_the_readme_quotes_the_example_and_the_profile_page_whole() -> None:
    readme = (REPO / "README.md").read_text()
    for example in ("examples/minimal/streamlit_app.py", "app/views/profile.py"):
        assert (REPO / example).read_text() in readme, f"README's copy of {example} is stale"
