"""Every write of the capital programme, re-exported by area."""

from karsaz.capital.services.dossier import (
    document_review,
    document_upload,
    dossier_read_record,
    engagement_create,
    engagement_revoke,
    filing_create,
    filing_transition,
)

__all__ = [
    "document_review",
    "document_upload",
    "dossier_read_record",
    "engagement_create",
    "engagement_revoke",
    "filing_create",
    "filing_transition",
]
