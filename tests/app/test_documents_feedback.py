"""Documents tells the truth up front and at every step: the upload limit before any upload,
Delete asks first, and a filename reads as itself in every message."""

from __future__ import annotations

from tests.app.harness import AppDriver

ODD_NAME = "*bold* [link](x) `code`.txt"


def test_the_upload_limit_is_shown_before_any_upload(tab: AppDriver) -> None:
    tab.go_to("documents")
    assert "Up to 10 MB per file." in tab.texts("caption")
    assert tab.at.file_uploader[0].proto.max_upload_size_mb == 10


def test_delete_asks_first_and_cancel_keeps_the_document(tab: AppDriver) -> None:
    tab.go_to("documents").upload("keep.txt", b"k")
    [delete] = [button for button in tab.at.button if button.label == "Delete"]
    tab.click(str(delete.key))
    assert tab.texts("warning") == ["Delete keep.txt? This cannot be undone."]
    [cancel] = [button for button in tab.at.button if button.label == "Cancel"]
    tab.click(str(cancel.key))
    assert tab.texts("warning") == []
    assert tab.document_names() == ["keep.txt"]


def test_a_deleted_row_is_gone_at_once(tab: AppDriver) -> None:
    tab.go_to("documents").upload("gone.txt", b"g").upload("stays.txt", b"s")
    tab.delete("gone.txt")
    assert tab.document_names() == ["stays.txt"]
    assert tab.texts("success") == ["Deleted gone.txt."]


def test_a_filename_reads_as_itself_in_every_message(tab: AppDriver) -> None:
    tab.go_to("documents").upload(ODD_NAME, b"odd")
    assert tab.document_names() == [ODD_NAME]
    assert tab.texts("success") == [f"Uploaded {ODD_NAME}."]
    tab.delete(ODD_NAME)
    assert tab.texts("success") == [f"Deleted {ODD_NAME}."]


def test_a_failed_upload_names_the_file(tab: AppDriver) -> None:
    tab.go_to("documents").upload("empty.txt", b"")
    [message] = tab.texts("error")
    assert message.startswith("Could not upload empty.txt:")
