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
from karsaz.capital.services.readiness import (
    assess,
    assess_many,
    gap_refer,
    profile_save,
    statement_confirm,
    statement_create,
    statement_delete,
    statement_update,
)

__all__ = [
    "assess",
    "assess_many",
    "document_review",
    "document_upload",
    "dossier_read_record",
    "engagement_create",
    "engagement_revoke",
    "filing_create",
    "filing_transition",
    "gap_refer",
    "profile_save",
    "statement_confirm",
    "statement_create",
    "statement_delete",
    "statement_update",
]
