"""Invoice documents: PDF, PNG or JPEG, recognised by their first bytes (not by the name the
uploader gave), and at most ``FINANCE_DOCUMENT_MAX_BYTES`` (default 5 MB). The extension must
agree with the content, so a file is never stored as one type and served as another."""

from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# (magic bytes, the extensions a file with them may carry)
SIGNATURES: tuple[tuple[bytes, tuple[str, ...]], ...] = (
    (b"%PDF-", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", (".png",)),
    (b"\xff\xd8\xff", (".jpg", ".jpeg")),
)


def invoice_document_errors(document: Any) -> dict[str, list[str]]:
    """``{"document": [reason]}`` when the upload is refused, else ``{}``."""
    if not document:
        return {}
    size = getattr(document, "size", None) or 0
    limit = settings.FINANCE_DOCUMENT_MAX_BYTES
    if size > limit:  # before reading a byte of it
        return {
            "document": [
                _("The document is {size}; it may be at most {limit}.").format(
                    size=filesizeformat(size), limit=filesizeformat(limit)
                )
            ]
        }
    document.seek(0)
    head = document.read(8)
    document.seek(0)
    name = str(getattr(document, "name", "") or "").lower()
    for magic, extensions in SIGNATURES:
        if head.startswith(magic) and name.endswith(extensions):
            return {}
    return {"document": [_("Attach the invoice as a PDF, PNG or JPEG file.")]}
