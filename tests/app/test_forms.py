"""Forms that help: the browser's password manager knows each field, an error sits at its
field, and passwords are kept unless they were the problem."""

from __future__ import annotations

import pytest

from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver


def autocomplete(tab: AppDriver) -> dict[str, str]:
    return {widget.label: widget.proto.autocomplete for widget in tab.at.text_input}


def test_log_in_tells_password_managers_which_field_is_which(tab: AppDriver) -> None:
    assert autocomplete(tab) == {"Email": "username", "Password": "current-password"}


def test_create_account_asks_for_new_passwords(tab: AppDriver) -> None:
    assert autocomplete(tab.go_to("register")) == {
        "Email": "email",
        "Password": "new-password",
        "Confirm password": "new-password",
    }


def test_no_help_icon_sits_between_the_register_fields(tab: AppDriver) -> None:
    tab.go_to("register")
    assert all(not widget.help for widget in tab.at.text_input)
    [rules] = [text for text in tab.texts("caption") if text.startswith("At least 8 characters")]
    assert "not a common password" in rules


def test_a_taken_email_keeps_the_passwords(tab: AppDriver, user: str) -> None:
    tab.go_to("register").register(user, PASSWORD)
    [error] = tab.texts("error")
    assert "email" in error.lower() or "registered" in error.lower()
    assert tab.at.text_input(key="register_password").value == PASSWORD
    assert tab.at.text_input(key="register_confirmation").value == PASSWORD


def test_a_mismatch_clears_the_passwords_and_keeps_the_email(tab: AppDriver) -> None:
    tab.go_to("register").register("new@example.com", PASSWORD, PASSWORD + "x")
    assert tab.texts("error") == ["Passwords do not match."]
    assert tab.at.text_input(key="register_email").value == "new@example.com"
    assert tab.at.text_input(key="register_password").value == ""


@pytest.mark.parametrize(
    ("email", "password", "confirmation"),
    [("", PASSWORD, PASSWORD), ("new@example.com", PASSWORD, "other password")],
    ids=["no email", "mismatch"],
)
def test_an_error_is_shown_below_the_field_it_is_about(
    tab: AppDriver, email: str, password: str, confirmation: str
) -> None:
    tab.go_to("register").register(email, password, confirmation)
    children = list(tab.at.get("form")[0].children.values())
    [error_at] = [index for index, node in enumerate(children) if node.type == "error"]
    [field] = [node for node in children[:error_at] if node.type == "text_input"][-1:]
    assert field.label == ("Email" if not email else "Confirm password")


def test_a_failed_login_clears_only_the_password(tab: AppDriver, user: str) -> None:
    tab.log_in(user, "wrong password")
    assert tab.texts("error") == ["Invalid email or password"]
    assert tab.at.text_input(key="login_email").value == user
    assert tab.at.text_input(key="login_password").value == ""


def test_repeated_wrong_passwords_warn_before_the_wait(tab: AppDriver, user: str) -> None:
    tab.log_in(user, "wrong password")
    assert tab.texts("warning") == []
    tab.log_in(user, "wrong password again")
    [warning] = tab.texts("warning")
    assert "wait longer" in warning
