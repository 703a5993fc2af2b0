"""Export of any filtered enterprise list to CSV or XLSX, in the columns the import reads back,
in the page's language (``core/exports.py``: labels as headers, Jalali dates on a Persian page,
provinces and kinds by name)."""

from collections.abc import Iterable
from typing import Any

from django.utils import translation

from karsaz.core.exports import Column, export_date, export_name, export_rows
from karsaz.core.tables import EXPORT_FORMATS
from karsaz.registry.importing import COLUMNS, LABELS
from karsaz.registry.models import Enterprise
from karsaz.registry.permissions import RegistryScope

FORMATS = EXPORT_FORMATS


def _province(enterprise: Enterprise) -> str:
    province = enterprise.province
    return province.name_fa if translation.get_language() == "fa" else province.name_en


SPECIAL: dict[str, Any] = {
    "kind": lambda e: e.get_kind_display(),
    "province": _province,
    "park": lambda e: export_name(e.park),
    "isic": lambda e: e.isic.code if e.isic else "",
    "kb_certificate_expires": lambda e: export_date(e.kb_certificate_expires),
    "size_class": lambda e: e.size_label,
}


def _column(code: str) -> Column:
    return Column(code, LABELS[code], SPECIAL.get(code) or (lambda e, c=code: getattr(e, c)))


EXPORT_COLUMNS = tuple(_column(c) for c in (*COLUMNS, "size_class"))


def export_enterprises(*, user: Any, enterprises: Iterable[Enterprise], fmt: str) -> bytes:
    """Private columns are filled only for the rows within the user's scope."""
    scope = RegistryScope(user)
    codes = [c.code for c in EXPORT_COLUMNS]
    return export_rows(
        EXPORT_COLUMNS,
        enterprises,
        fmt,
        hidden=lambda enterprise: scope.hidden_fields(enterprise, codes),
    )
