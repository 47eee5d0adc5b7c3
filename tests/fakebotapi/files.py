"""Files: uploaded with sendDocument, known to getFile, downloaded from /file/bot<token>/<path>."""

from __future__ import annotations

from typing import Any

from .messages import Messages
from .protocol import MAX_CAPTION_LENGTH, MAX_DOWNLOAD_SIZE
from .wire import UploadedFile, bad_request, file_unique_id


class Files(Messages):
    """Documents and other media the bot sends, and files a test makes known."""

    def add_file(self, file_id: str, content: bytes, file_path: str | None = None) -> str:
        """Make ``file_id`` known to getFile and downloadable; returns its file_path."""
        path = file_path or f"documents/file_{next(self._ids)}"
        with self._lock:
            old = self._files.get(file_id)
            if old is not None:
                self._file_paths.pop(old["file_path"], None)
            self._files[file_id] = {
                "file_id": file_id,
                "file_unique_id": file_unique_id(file_id),
                "file_path": path,
                "content": bytes(content),
            }
            self._file_paths[path] = file_id
        return path

    def _store_upload(self, upload: UploadedFile) -> dict[str, Any]:
        number = next(self._ids)
        file_id = f"BQACAgIAAxkDAAI{number:08d}"
        suffix = ""
        if upload.filename and "." in upload.filename:
            suffix = "." + upload.filename.rsplit(".", 1)[1]
        path = f"documents/file_{number}{suffix}"
        self._files[file_id] = {
            "file_id": file_id,
            "file_unique_id": file_unique_id(file_id),
            "file_path": path,
            "content": upload.content,
        }
        self._file_paths[path] = file_id
        return self._files[file_id]

    def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params.get("chat_id"))
        document = params.get("document")
        caption, entities = self._formatted(
            params, "caption", limit=MAX_CAPTION_LENGTH, caption=True
        )
        if isinstance(document, UploadedFile):
            stored = self._store_upload(document)
            info: dict[str, Any] = {
                "file_id": stored["file_id"],
                "file_unique_id": stored["file_unique_id"],
                "file_name": document.filename or "document",
                "mime_type": document.content_type or "application/octet-stream",
                "file_size": len(document.content),
            }
        elif isinstance(document, str) and document:
            if document.startswith("attach://"):
                raise bad_request("wrong file identifier/HTTP URL specified")
            known = self._files.get(document)
            if known is None and not document.startswith(("http://", "https://")):
                raise bad_request("wrong file identifier/HTTP URL specified")
            info = {
                "file_id": document,
                "file_unique_id": file_unique_id(document),
                "file_name": document.rsplit("/", 1)[-1] if known is None else "document",
            }
            if known is not None:
                info["file_size"] = len(known["content"])
        else:
            raise bad_request("there is no document in the request")
        return self._message(
            chat, params, document=info, caption=caption, caption_entities=entities
        )

    def _send_other(self, params: dict[str, Any]) -> dict[str, Any]:
        """Any other send* method: a message carrying the caption, if any."""
        chat = self._resolve_chat(params.get("chat_id"))
        caption, entities = self._formatted(
            params, "caption", limit=MAX_CAPTION_LENGTH, caption=True
        )
        return self._message(chat, params, caption=caption, caption_entities=entities)

    def _copy_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params.get("chat_id"))
        return {"message_id": self._message(chat, params)["message_id"]}

    def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = params.get("file_id")
        known = self._files.get(str(file_id)) if file_id else None
        if known is None:
            raise bad_request("invalid file_id")
        if len(known["content"]) > MAX_DOWNLOAD_SIZE:
            raise bad_request("file is too big")
        return {
            "file_id": known["file_id"],
            "file_unique_id": known["file_unique_id"],
            "file_size": len(known["content"]),
            "file_path": known["file_path"],
        }
