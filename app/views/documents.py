"""Documents: upload, list, download and delete, for anonymous and signed-in visitors alike.

Filenames are the visitor's text: where this page writes them into Markdown (a row, a spinner)
they go through `display.plain`, so a name like `*x*.txt` reads as itself, never as formatting;
messages (flashes, errors) are plain sentences, which the place that shows them escapes.
"""

from __future__ import annotations

import streamlit as st

from app import auth, display
from app.auth import Backend, builtin
from app.backend import MISSING, BackendError, Caller, Document, NotOffered, Unauthorized
from app.settings import get_settings
from app.views import focus, page_script

UPLOAD_GENERATION = "documents_upload_generation"
CONFIRMING = "documents_confirm_delete"


# Streamlit refuses a file over the limit in the browser with a sentence it hides from the eye
# (1x1 px, for screen readers): shown here under the file, with the last upload's banner gone,
# since it is not about this file.
_REFUSED_FILE_STYLE = """
<style>
[data-testid="stFileChip"][aria-invalid="true"] { flex-wrap: wrap; }
[data-testid="stFileChip"][aria-invalid="true"] span[role="alert"] {
  position: static !important; width: auto !important; height: auto !important;
  clip: auto !important; clip-path: none !important; overflow: visible !important;
  white-space: normal !important; margin: 0.25rem 0 0 0 !important;
  flex-basis: 100%; color: #bd4043; font-size: 0.875rem;
}
[data-testid="stMain"]:has([data-testid="stFileChip"][aria-invalid="true"])
  [data-testid="stElementContainer"]:has([data-testid="stAlertContentSuccess"]) {
  display: none;
}
</style>
"""


# Every row has its Download and Delete: each named after its file for assistive technology
# ("Delete notes.txt"), read from the row itself, so the script carries no user input.
# Installed once per page load; its observer keeps the names as rows come and go.
_NAME_ROW_CONTROLS = """
<script>
(() => {
  const doc = window.parent.document;
  if (doc.__namesRowControls) return;
  doc.__namesRowControls = true;
  // Streamlit redraws rows and their buttons at will: name them again after every change.
  const nameAll = () => {
    doc.querySelectorAll('[class*="st-key-document_"]').forEach((row) => {
      const file = row.querySelector("strong");
      if (!file) return;
      row.querySelectorAll("button, a").forEach((control) => {
        const named = `${control.innerText.trim()} ${file.innerText.trim()}`;
        if (control.getAttribute("aria-label") !== named) control.setAttribute("aria-label", named);
      });
    });
  };
  new MutationObserver(nameAll).observe(doc.body, { subtree: true, childList: true });
  nameAll();
})();
</script>
"""


def _uploader_key() -> str:
    return f"documents_upload_{st.session_state.get(UPLOAD_GENERATION, 0)}"


def _naming(action: str, filename: str, error: BackendError) -> BackendError:
    """The failure, its sentence saying which file it was about."""
    if not isinstance(error, Unauthorized):  # a refused token is retried, not shown
        error.detail = f"Could not {action} {filename}: {error.detail}"
    return error


def _upload() -> None:
    uploaded = st.session_state.get(_uploader_key())
    # A new key gives the next run an empty uploader, whatever happens to this upload.
    st.session_state[UPLOAD_GENERATION] = st.session_state.get(UPLOAD_GENERATION, 0) + 1
    if uploaded is None:
        return
    name, content, content_type = uploaded.name, uploaded.getvalue(), uploaded.type or ""

    def upload(backend: Backend, caller: Caller) -> Document:
        try:
            return backend.upload_document(caller, name, content, content_type)
        except BackendError as error:
            raise _naming("upload", name, error) from None

    with st.spinner(f"Uploading {display.plain(name)}…"):
        # The backend's name for it, as the list shows it: `a/b.txt` is stored as `b.txt`.
        auth.act(
            upload,
            success=lambda document: f"Uploaded {document.filename}.",
            working=f"Uploading {name}…",  # also while an expired login is renewed first
        )


def _ask_to_delete(document: Document) -> None:
    st.session_state[CONFIRMING] = document.id


def _cancel_delete() -> None:
    st.session_state.pop(CONFIRMING, None)


def _delete(document: Document) -> None:
    st.session_state.pop(CONFIRMING, None)

    def delete(backend: Backend, caller: Caller) -> None:
        try:
            backend.delete_document(caller, document.id)
        except BackendError as error:
            raise _naming("delete", document.filename, error) from None

    with st.spinner(f"Deleting {display.plain(document.filename)}…"):
        auth.act(delete, success=f"Deleted {document.filename}.")
    focus.heading_next()  # the row and its buttons are gone


def _document_list() -> None:
    try:
        with st.spinner("Loading your documents…"):
            documents = auth.fetch(lambda backend, caller: backend.list_documents(caller))
    except NotOffered as error:
        st.info(display.plain(error.detail))
        return
    except BackendError as error:
        st.error(display.plain(auth.explain(error)))
        st.button("Try again", key="documents_retry")
        return
    if not documents:
        st.info("No documents yet. Upload one above.")
    for document in documents:
        _row(document)
    page_script.install("name_row_controls", _NAME_ROW_CONTROLS)


def _row(document: Document) -> None:
    with st.container(key=f"document_{document.id}", border=True):
        name, download, delete = st.columns([6, 2, 2], vertical_alignment="center")
        name.markdown(
            f"**{display.plain(document.filename)}**  \n"
            f"{display.file_size(document.size)} · {display.date(document.created_at)}"
        )
        download.link_button("Download", builtin.download_url(document.id))
        if st.session_state.get(CONFIRMING) != document.id:
            delete.button(
                "Delete", key=f"delete_{document.id}", on_click=_ask_to_delete, args=(document,)
            )
            return
        st.warning(f"Delete {display.plain(document.filename)}? This cannot be undone.")
        confirm, cancel, _ = st.columns([2, 2, 6])
        confirm.button(
            "Delete for good",
            key=f"confirm_delete_{document.id}",
            type="primary",
            on_click=_delete,
            args=(document,),
        )
        cancel.button("Cancel", key=f"cancel_delete_{document.id}", on_click=_cancel_delete)


st.title("Documents", anchor=False)
if not auth.capabilities().documents:
    # st.stop() would end the router's run too, before it mounts the auth bridge.
    st.info(MISSING["documents"])
else:
    if not auth.is_authenticated():
        st.caption(
            "You are not signed in: documents are kept for this browser only. "
            "Register to keep them in an account."
        )
    limit = get_settings().app_upload_limit_mb
    st.file_uploader(
        "Upload a document",
        key=_uploader_key(),
        on_change=_upload,
        max_upload_size=limit,
    )
    st.caption(f"Up to {limit} MB per file.")
    st.html(_REFUSED_FILE_STYLE, width="content")
    _document_list()
