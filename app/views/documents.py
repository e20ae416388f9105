"""Documents: upload, list, download and delete, for anonymous and signed-in visitors alike."""

from __future__ import annotations

import streamlit as st

from app import auth, display
from app.backend import MISSING, BackendError, Document, NotOffered

UPLOAD_GENERATION = "documents_upload_generation"


def _uploader_key() -> str:
    return f"documents_upload_{st.session_state.get(UPLOAD_GENERATION, 0)}"


def _upload() -> None:
    uploaded = st.session_state.get(_uploader_key())
    # A new key gives the next run an empty uploader, whatever happens to this upload.
    st.session_state[UPLOAD_GENERATION] = st.session_state.get(UPLOAD_GENERATION, 0) + 1
    if uploaded is None:
        return
    name, content, content_type = uploaded.name, uploaded.getvalue(), uploaded.type or ""
    with st.spinner(f"Uploading {name}…"):
        auth.act(
            lambda backend, caller: backend.upload_document(caller, name, content, content_type),
            success=f"Uploaded {name}.",
        )


def _delete(document: Document) -> None:
    auth.act(
        lambda backend, caller: backend.delete_document(caller, document.id),
        success=f"Deleted {document.filename}.",
    )


def _document_list() -> None:
    try:
        documents = auth.fetch(lambda backend, caller: backend.list_documents(caller))
    except NotOffered as error:
        st.info(error.detail)
        return
    except BackendError as error:
        st.error(auth.explain(error))
        st.button("Try again", key="documents_retry")
        return
    if not documents:
        st.info("No documents yet. Upload one above.")
    for document in documents:
        _row(document)


def _row(document: Document) -> None:
    with st.container(key=f"document_{document.id}", border=True):
        name, download, delete = st.columns([6, 2, 2], vertical_alignment="center")
        name.markdown(
            f"**{display.plain(document.filename)}**  \n"
            f"{display.file_size(document.size)} · {display.date(document.created_at)}"
        )
        download.link_button("Download", auth.download_url(document.id))
        delete.button("Delete", key=f"delete_{document.id}", on_click=_delete, args=(document,))


st.title("Documents")
if not auth.capabilities().documents:
    # st.stop() would end the router's run too, before it mounts the auth bridge.
    st.info(MISSING["documents"])
else:
    if not auth.is_authenticated():
        st.caption(
            "You are not signed in: documents are kept for this browser only. "
            "Register to keep them in an account."
        )
    st.file_uploader("Upload a document", key=_uploader_key(), on_change=_upload)
    _document_list()
