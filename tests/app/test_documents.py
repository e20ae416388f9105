"""The Documents page: upload, list, download and delete, anonymous or signed in, and the
move of anonymous documents into an account."""

from __future__ import annotations

from tests.app.conftest import PASSWORD
from tests.app.harness import AppDriver, walk


def test_an_anonymous_visitor_can_upload_and_see_the_document(tab: AppDriver) -> None:
    tab.go_to("documents").upload("notes.txt", b"hello")
    assert tab.document_names() == ["notes.txt"]
    assert tab.texts("success") == ["Uploaded notes.txt."]
    assert "stauth_anon" in tab.browser.cookies()


def test_a_signed_in_user_can_upload_and_delete(tab: AppDriver, user: str) -> None:
    tab.log_in(user, PASSWORD).go_to("documents")
    tab.upload("a.txt", b"first").upload("b.txt", b"second")
    assert sorted(tab.document_names()) == ["a.txt", "b.txt"]
    tab.delete("a.txt")
    assert tab.document_names() == ["b.txt"]
    assert tab.texts("success") == ["Deleted a.txt."]


def test_each_document_offers_a_download_fetched_on_click(tab: AppDriver) -> None:
    tab.go_to("documents").upload("report.csv", b"a,b\n1,2\n", "text/csv")
    downloads = [node.proto for node in walk(tab.at._tree) if node.type == "link_button"]
    assert [proto.label for proto in downloads] == ["Download"]
    # Fetched through the app's route when clicked, with the login as it is then.
    response = tab.browser.client.get(downloads[0].url)
    assert response.content == b"a,b\n1,2\n"


def test_registering_moves_anonymous_documents_and_says_how_many(tab: AppDriver) -> None:
    tab.go_to("documents").upload("one.txt", b"1").upload("two.txt", b"2")
    tab.go_to("register").register("new@example.com", PASSWORD, settle=False)
    assert tab.title == "Home"
    assert tab.texts("success") == [
        "Welcome! Your account is ready, and you are logged in.",
        "2 documents moved to your account.",
    ]
    tab.settled()
    assert sorted(tab.go_to("documents").document_names()) == ["one.txt", "two.txt"]


def test_logging_in_moves_anonymous_documents_into_the_account(tab: AppDriver, user: str) -> None:
    tab.go_to("documents").upload("draft.txt", b"anon")
    tab.go_to("login").log_in(user, PASSWORD, settle=False)
    assert tab.texts("success") == ["1 document moved to your account."]
    tab.settled().click("logout").log_in(user, PASSWORD, settle=False)
    assert tab.texts("success") == []
    tab.settled()
    assert tab.go_to("documents").document_names() == ["draft.txt"]


def test_an_empty_file_is_refused_with_the_backends_sentence(tab: AppDriver) -> None:
    tab.go_to("documents").upload("empty.txt", b"")
    [message] = tab.texts("error")
    assert "empty" in message.lower()
    assert tab.document_names() == []
