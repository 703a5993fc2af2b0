"""Export of any filtered enterprise list to CSV or XLSX, in the columns the import reads back."""

from collections.abc import Iterable
from typing import Any

from karsaz.core.tables import EXPORT_FORMATS, export_table
from karsaz.registry.importing import COLUMNS
from karsaz.registry.models import Enterprise
from karsaz.registry.permissions import RegistryScope

FORMATS = EXPORT_FORMATS
EXTRA = ("size_class",)


def _value(enterprise: Enterprise, column: str) -> Any:
    if column == "province":
        return enterprise.province.code
    if column == "park":
        return enterprise.park.name_fa if enterprise.park else ""
    if column == "isic":
        return enterprise.isic.code if enterprise.isic else ""
    if column == "kb_certificate_expires":
        return (
            enterprise.kb_certificate_expires.isoformat()
            if enterprise.kb_certificate_expires
            else ""
        )
    return getattr(enterprise, column)


def export_enterprises(*, user: Any, enterprises: Iterable[Enterprise], fmt: str) -> bytes:
    """Private columns are filled only for the rows within the user's scope."""
    scope = RegistryScope(user)
    columns = (*COLUMNS, *EXTRA)
    rows = (
        [_value(enterprise, c) if c not in hidden else "" for c in columns]
        for enterprise in enterprises
        for hidden in (scope.hidden_fields(enterprise, columns),)
    )
    return export_table(columns, rows, fmt)
