"""Export of any filtered enterprise list to CSV or XLSX, in the columns the import reads back."""

from collections.abc import Iterable
from typing import Any

import tablib

from karsaz.registry.importing import COLUMNS
from karsaz.registry.models import Enterprise
from karsaz.registry.permissions import PUBLIC_FIELDS, RegistryScope

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
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
    if fmt not in FORMATS:
        raise ValueError(fmt)
    scope = RegistryScope(user)
    dataset = tablib.Dataset(headers=[*COLUMNS, *EXTRA])
    for enterprise in enterprises:
        private = scope.can_view_private(enterprise)
        dataset.append(
            [
                _value(enterprise, c) if (private or c in PUBLIC_FIELDS) else ""
                for c in (*COLUMNS, *EXTRA)
            ]
        )
    if fmt == "csv":
        # A BOM lets Excel open Persian CSV as UTF-8.
        return ("\ufeff" + dataset.export("csv")).encode("utf-8")
    return dataset.export("xlsx")
