"""The /documents endpoints: owned by the caller, 404 for anyone else's, limits on uploads."""

from pathlib import Path

import httpx
import pytest

from tests.stub_backend.helpers import (
    ANON_COOKIE,
    api_client,
    bearer,
    document_ids,
    register,
    upload,
)
from tests.stub_server import running_stub


def test_an_anonymous_upload_answers_the_document_and_sets_the_cookie(api: httpx.Client) -> None:
    response = api.post("/documents", files={"file": ("notes.txt", b"hello", "text/plain")})

    assert response.status_code == httpx.codes.CREATED
    document = response.json()
    assert set(document) == {"id", "filename", "size", "content_type", "created_at"}
    assert document["filename"] == "notes.txt"
    assert document["size"] == 5
    assert document["content_type"] == "text/plain"
    assert ANON_COOKIE in response.cookies
    assert api.get("/session").json()["document_count"] == 1


def test_the_list_shows_the_callers_documents_and_who_owns_them(api: httpx.Client) -> None:
    ids = [upload(api, b"one")["id"], upload(api, b"two")["id"]]

    anonymous = api.get("/documents").json()
    tokens = register(api)
    mine = api.get("/documents", headers=bearer(tokens["access_token"])).json()

    assert anonymous["owner"] == "anonymous"
    assert [item["id"] for item in anonymous["items"]] == ids
    assert mine["owner"] == "user"
    assert [item["id"] for item in mine["items"]] == ids  # moved at registration


def test_a_document_can_be_read_back(api: httpx.Client) -> None:
    document = upload(api, b"hello world")

    fetched = api.get(f"/documents/{document['id']}")
    content = api.get(f"/documents/{document['id']}/content")

    assert fetched.json() == document
    assert content.status_code == httpx.codes.OK
    assert content.content == b"hello world"
    assert content.headers["content-type"] == "text/plain"
    assert content.headers["content-disposition"].startswith("attachment;")
    assert 'filename="notes.txt"' in content.headers["content-disposition"]


def test_a_non_ascii_filename_is_encoded_per_rfc_5987(api: httpx.Client) -> None:
    # Browsers (and httpx) send a quote in a multipart filename as %22, so none is used here.
    files = {"file": ("résumé (final).pdf", b"%PDF", "application/pdf")}
    document = api.post("/documents", files=files).json()

    disposition = api.get(f"/documents/{document['id']}/content").headers["content-disposition"]

    assert document["filename"] == "résumé (final).pdf"
    assert disposition == (
        'attachment; filename="r_sum_ (final).pdf"; '
        "filename*=UTF-8''r%C3%A9sum%C3%A9%20%28final%29.pdf"
    )


def test_the_content_type_defaults_to_octet_stream(api: httpx.Client) -> None:
    files = {"file": ("data", b"\x00\x01", "")}

    assert api.post("/documents", files=files).json()["content_type"] == "application/octet-stream"


def test_a_path_in_the_filename_is_dropped(api: httpx.Client) -> None:
    files = {"file": ("C:\\Users\\alice\\notes.txt", b"x", "text/plain")}

    assert api.post("/documents", files=files).json()["filename"] == "notes.txt"


def test_deleting_a_document_answers_204_then_404(api: httpx.Client) -> None:
    document = upload(api)

    assert api.delete(f"/documents/{document['id']}").status_code == httpx.codes.NO_CONTENT
    assert api.delete(f"/documents/{document['id']}").status_code == httpx.codes.NOT_FOUND
    assert api.get(f"/documents/{document['id']}").status_code == httpx.codes.NOT_FOUND
    assert document_ids(api) == []


@pytest.mark.parametrize("path", ["/documents/{id}", "/documents/{id}/content"])
def test_an_unknown_document_is_404(api: httpx.Client, path: str) -> None:
    response = api.get(path.format(id="0" * 32))

    assert response.status_code == httpx.codes.NOT_FOUND
    assert response.json() == {"detail": "Document not found"}


def _owners(api: httpx.Client, tmp_path: Path) -> None:
    """Unused placeholder to keep signatures aligned."""


def test_another_owners_document_is_404_for_every_operation(api: httpx.Client) -> None:
    theirs = upload(api)["id"]  # anonymous owner, in this client's cookie jar
    alice = register(api, email="alice@example.com")["access_token"]
    api.cookies.clear()
    bob = register(api, email="bob@example.com")["access_token"]
    alices = upload(api, headers=bearer(alice))["id"]

    callers: dict[str, dict[str, str]] = {"bob": bearer(bob), "a stranger": {}}
    for headers in callers.values():
        for target in (theirs, alices):
            assert api.get(f"/documents/{target}", headers=headers).status_code == 404
            assert api.get(f"/documents/{target}/content", headers=headers).status_code == 404
            assert api.delete(f"/documents/{target}", headers=headers).status_code == 404
        api.cookies.clear()

    # The refused deletes deleted nothing.
    assert document_ids(api, headers=bearer(alice)) == [theirs, alices]


def test_one_anonymous_session_cannot_see_anothers_documents(api: httpx.Client) -> None:
    document = upload(api)["id"]

    api.cookies.clear()

    assert document_ids(api) == []
    assert api.get(f"/documents/{document}").status_code == httpx.codes.NOT_FOUND


def test_a_valid_token_wins_over_an_anonymous_cookie(api: httpx.Client) -> None:
    tokens = register(api)
    upload(api)  # anonymous, and now in the cookie jar

    document = upload(api, headers=bearer(tokens["access_token"]))

    assert document_ids(api, headers=bearer(tokens["access_token"])) == [document["id"]]
    assert document["id"] not in document_ids(api)


def test_an_empty_file_is_422(api: httpx.Client) -> None:
    response = api.post("/documents", files={"file": ("empty.txt", b"", "text/plain")})

    assert response.status_code == httpx.codes.UNPROCESSABLE_ENTITY
    assert response.json()["detail"][0]["msg"] == "The file is empty."


@pytest.mark.parametrize(
    "request_kwargs",
    [{}, {"data": {"file": "not a file"}}, {"files": {"other": ("a.txt", b"x", "text/plain")}}],
)
def test_a_missing_file_is_422(api: httpx.Client, request_kwargs: dict[str, object]) -> None:
    response = api.post("/documents", **request_kwargs)  # type: ignore[arg-type]

    assert response.status_code == httpx.codes.UNPROCESSABLE_ENTITY
    assert all(error["msg"] for error in response.json()["detail"])


def test_uploads_are_limited_to_stub_max_upload_bytes(tmp_path: Path) -> None:
    with running_stub(tmp_path, stub_max_upload_bytes=1024) as server, api_client(server) as api:
        at_limit = api.post("/documents", files={"file": ("a.bin", b"x" * 1024, "text/plain")})
        over = api.post("/documents", files={"file": ("b.bin", b"x" * 1025, "text/plain")})

        assert at_limit.status_code == httpx.codes.CREATED
        assert over.status_code == httpx.codes.REQUEST_ENTITY_TOO_LARGE
        assert over.json() == {"detail": "The file is larger than the upload limit of 1024 bytes."}
        assert document_ids(api) == [at_limit.json()["id"]]


def test_an_oversize_body_is_refused_by_its_content_length(tmp_path: Path) -> None:
    with running_stub(tmp_path, stub_max_upload_bytes=1024) as server, api_client(server) as api:
        response = api.post("/documents", files={"file": ("big.bin", b"x" * 200_000, "text/plain")})

    assert response.status_code == httpx.codes.REQUEST_ENTITY_TOO_LARGE
    assert "upload limit" in response.json()["detail"]


def test_an_oversize_body_without_content_length_is_cut_off_while_read(tmp_path: Path) -> None:
    boundary = "limit-test-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()

    def chunked_body() -> object:
        yield head
        for _ in range(20):
            yield b"x" * 10_000
        yield f"\r\n--{boundary}--\r\n".encode()

    with running_stub(tmp_path, stub_max_upload_bytes=1024) as server, api_client(server) as api:
        response = api.post(
            "/documents",
            content=chunked_body(),  # type: ignore[arg-type]
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )

    assert "content-length" not in response.request.headers
    assert response.status_code == httpx.codes.REQUEST_ENTITY_TOO_LARGE
