"""Documents belong to the caller; another owner's document is simply not found."""

import re
import unicodedata
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, HTTPException, Response, UploadFile, status
from fastapi.exceptions import RequestValidationError

from stub_backend.deps import CurrentOwner, ServicesDep
from stub_backend.limits import too_large
from stub_backend.schemas import Document, DocumentList
from stub_backend.security import new_id
from stub_backend.store.records import Document as DocumentRecord

router = APIRouter(prefix="/documents", tags=["documents"])
NOT_FOUND = "Document not found"
_CHUNK_BYTES = 64 * 1024
_MAX_FILENAME_LENGTH = 255
_DEFAULT_CONTENT_TYPE = "application/octet-stream"
# type/subtype with optional parameters, printable ASCII only: it is sent back as a header.
_MEDIA_TYPE = re.compile(r"[\w!#$&^.+-]+/[\w!#$&^.+-]+(;[ -~]*)?", re.ASCII)


def _not_found() -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND)


def _read_within_limit(upload: UploadFile, max_bytes: int) -> bytes:
    """Stop one chunk past the limit: a declared size is the client's word, not a fact."""
    chunks: list[bytes] = []
    size = 0
    while chunk := upload.file.read(_CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise too_large(max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _clean_filename(raw: str | None) -> str:
    # Browsers of old sent whole client paths; control characters would corrupt headers and logs.
    name = re.split(r"[\\/]", raw or "")[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip()
    return name[:_MAX_FILENAME_LENGTH] or "upload"


def _clean_content_type(raw: str | None) -> str:
    value = (raw or "").strip()
    return value if _MEDIA_TYPE.fullmatch(value) else _DEFAULT_CONTENT_TYPE


def _content_disposition(filename: str) -> str:
    """An ASCII `filename` for old clients and an RFC 5987 `filename*` for the exact name."""
    fallback = "".join(
        char if " " <= char <= "~" and char not in '"\\' else "_" for char in filename
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@router.post("", status_code=status.HTTP_201_CREATED)
def upload_document(
    file: Annotated[UploadFile, File()], owner: CurrentOwner, services: ServicesDep
) -> Document:
    content = _read_within_limit(file, services.settings.stub_max_upload_bytes)
    if not content:
        raise RequestValidationError(
            [{"type": "empty_file", "loc": ("body", "file"), "msg": "The file is empty."}]
        )
    record = DocumentRecord(
        id=new_id(),
        filename=_clean_filename(file.filename),
        size=len(content),
        content_type=_clean_content_type(file.content_type),
        created_at=services.clock.now(),
    )
    services.store.documents.add(owner, record, content)
    return Document.of(record)


@router.get("")
def list_documents(owner: CurrentOwner, services: ServicesDep) -> DocumentList:
    records = services.store.documents.owned_by(owner)
    return DocumentList(items=[Document.of(record) for record in records], owner=owner.kind)


@router.get("/{document_id}")
def get_document(document_id: str, owner: CurrentOwner, services: ServicesDep) -> Document:
    record = services.store.documents.get(owner, document_id)
    if record is None:
        raise _not_found()
    return Document.of(record)


@router.get(
    "/{document_id}/content",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def document_content(document_id: str, owner: CurrentOwner, services: ServicesDep) -> Response:
    documents = services.store.documents
    record = documents.get(owner, document_id)
    content = documents.content(owner, document_id)
    if record is None or content is None:
        raise _not_found()
    return Response(
        content,
        headers={
            # Set as a header, not media_type: Starlette would append a charset to text types.
            "Content-Type": record.content_type,
            "Content-Disposition": _content_disposition(record.filename),
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.delete("/{document_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_document(document_id: str, owner: CurrentOwner, services: ServicesDep) -> None:
    if not services.store.documents.delete(owner, document_id):
        raise _not_found()
