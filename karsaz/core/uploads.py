"""One check for uploaded documents, shared by every module that takes files: the size first
(before reading a byte), then the type by the file's first bytes, never by the name the uploader
gave. Each caller words the refusal in its own terms (its field, message and error code).
"""

from dataclasses import dataclass
from typing import Any

from django.db import models

# (magic bytes, content type, the extensions a file with them may carry; the first is canonical)
SIGNATURES: tuple[tuple[bytes, str, tuple[str, ...]], ...] = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
)
HEAD_BYTES = 8


class UploadProblem(models.TextChoices):
    TOO_LARGE = "too_large"
    WRONG_TYPE = "wrong_type"


class UploadRefused(Exception):
    """The upload is refused: `code` says why; `size` and `limit` (bytes) word a size refusal."""

    def __init__(self, code: UploadProblem, *, size: int = 0, limit: int = 0) -> None:
        super().__init__(code.value)
        self.code, self.size, self.limit = code, size, limit


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str


def check_upload(file: Any, *, max_bytes: int, name_must_agree: bool = False) -> Sniffed:
    """The file's type (PDF, PNG or JPEG) if it may be kept, else `UploadRefused`. With
    `name_must_agree` its name must carry an extension of that type, so a file is never stored
    as one type and served as another. The file is left at its start."""
    size = int(getattr(file, "size", 0) or 0)
    if size > max_bytes:
        raise UploadRefused(UploadProblem.TOO_LARGE, size=size, limit=max_bytes)
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    name = str(getattr(file, "name", "") or "").lower()
    for magic, content_type, extensions in SIGNATURES:
        if head.startswith(magic):
            if name_must_agree and not name.endswith(extensions):
                break
            return Sniffed(content_type, extensions[0])
    raise UploadRefused(UploadProblem.WRONG_TYPE)
