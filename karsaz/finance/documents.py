"""Invoice documents: PDF, PNG or JPEG, recognised by their first bytes (not by the name the
uploader gave), and at most ``FINANCE_DOCUMENT_MAX_BYTES`` (default 5 MB). The extension must
agree with the content, so a file is never stored as one type and served as another."""

from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from karsaz.core.uploads import UploadProblem, UploadRefused, check_upload


def invoice_document_errors(document: Any) -> dict[str, list[str]]:
    """``{"document": [reason]}`` when the upload is refused, else ``{}``."""
    if not document:
        return {}
    try:
        check_upload(document, max_bytes=settings.FINANCE_DOCUMENT_MAX_BYTES, name_must_agree=True)
    except UploadRefused as refused:
        if refused.code == UploadProblem.TOO_LARGE:
            return {
                "document": [
                    _("The document is {size}; it may be at most {limit}.").format(
                        size=filesizeformat(refused.size), limit=filesizeformat(refused.limit)
                    )
                ]
            }
        return {"document": [_("Attach the invoice as a PDF, PNG or JPEG file.")]}
    return {}
