"""Capital's writes, re-exported by area."""

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
    "gap_refer",
    "profile_save",
    "statement_confirm",
    "statement_create",
    "statement_delete",
    "statement_update",
]
