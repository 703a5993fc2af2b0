"""Bulk import of needs and capabilities from CSV, XLSX or JSON Lines, with the registry
import's rules: a dry run reports every bad row; a real run writes all rows or, on any error,
none. Rows are matched by (enterprise national ID, kind, title), so importing a file twice
updates and never duplicates.
"""

import json
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from karsaz.core import jalali
from karsaz.core.importing import Headers, ImportReport, RowError, run_import, write_row
from karsaz.core.persian import normalize, search_key
from karsaz.core.tables import (
    ImportFileError,
    cell_text,
    check_import_rows,
    check_import_size,
    read_spreadsheet,
)
from karsaz.registry.models import Enterprise, IsicActivity, Province
from karsaz.registry.selectors import province_lookup
from karsaz.technology import services
from karsaz.technology.choices import IpStatus, RecordKind
from karsaz.technology.models import record_model
from karsaz.technology.permissions import TechScope

KINDS = {
    "need": RecordKind.NEED,
    "نیاز": RecordKind.NEED,
    "نیاز فناوری": RecordKind.NEED,
    "capability": RecordKind.CAPABILITY,
    "offer": RecordKind.CAPABILITY,
    "توانمندی": RecordKind.CAPABILITY,
    "توان فنی": RecordKind.CAPABILITY,
}
_KINDS = {search_key(k): v for k, v in KINDS.items()}
REQUIRED = ("kind", "enterprise", "title", "text")
ALIASES = {
    "نوع": "kind",
    "شناسه ملی": "enterprise",
    "national_id": "enterprise",
    "عنوان": "title",
    "شرح": "text",
    "summary": "text",
    "description": "text",
    "خلاصه": "text",
    "نتیجه مطلوب": "desired_outcome",
    "جزئیات محرمانه": "confidential_details",
    "کد آیسیک": "isic",
    "بخش": "isic",
    "sectors": "isic",
    "target_trl": "trl",
    "سطح آمادگی فناوری": "trl",
    "بودجه از": "budget_min",
    "بودجه تا": "budget_max",
    "مهلت": "deadline",
    "استان": "province",
    "کلیدواژه ها": "keywords",
    "مالکیت فکری": "ip_status",
    "سوابق": "references",
}
COLUMNS = (
    "kind", "enterprise", "title", "text", "desired_outcome", "confidential_details", "isic",
    "trl", "budget_min", "budget_max", "deadline", "province", "keywords", "ip_status",
    "references",
)  # fmt: skip
HEADERS = Headers(COLUMNS, ALIASES)
# Each column's name in the import report, in the page's language.
LABELS = {
    "kind": pgettext_lazy("export column", "Kind"),
    "enterprise": pgettext_lazy("export column", "National ID"),
    "title": pgettext_lazy("export column", "Title"),
    "text": pgettext_lazy("export column", "Description"),
    "desired_outcome": pgettext_lazy("export column", "Desired outcome"),
    "confidential_details": pgettext_lazy("export column", "Confidential details"),
    "isic": pgettext_lazy("export column", "ISIC code"),
    "trl": pgettext_lazy("export column", "Technology readiness level"),
    "budget_min": pgettext_lazy("export column", "Budget from"),
    "budget_max": pgettext_lazy("export column", "Budget to"),
    "deadline": pgettext_lazy("export column", "Deadline"),
    "province": pgettext_lazy("export column", "Province"),
    "keywords": pgettext_lazy("export column", "Keywords"),
    "ip_status": pgettext_lazy("export column", "Intellectual property"),
    "references": pgettext_lazy("export column", "References"),
}
__all__ = [
    "ALIASES",
    "COLUMNS",
    "KINDS",
    "LABELS",
    "ImportReport",
    "RowError",
    "import_records",
    "read_rows",
]


def _header(name: Any) -> str:
    return HEADERS.canonical(name)


def read_rows(content: bytes, filename: str) -> list[dict[str, str]]:
    """Rows keyed by canonical column names, from .csv, .xlsx or .jsonl; the size is checked
    before parsing (``KARSAZ_IMPORT_MAX_BYTES``), the rows as they are read."""
    check_import_size(len(content))
    if filename.lower().endswith((".jsonl", ".ndjson")):
        rows: list[dict[str, str]] = []
        try:
            lines = content.decode("utf-8-sig").splitlines()
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("The file must be encoded in UTF-8.")) from exc
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            check_import_rows(len(rows) + 1)
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ImportFileError(
                    _("Line {line} is not valid JSON.").format(line=number)
                ) from exc
            if not isinstance(obj, dict):
                raise ImportFileError(_("Line {line} is not a JSON object.").format(line=number))
            rows.append({_header(k): _json_cell(v) for k, v in obj.items() if _header(k)})
    else:
        rows = [
            {_header(k): v for k, v in r.items() if _header(k)} for r in _table(content, filename)
        ]
    check_import_rows(len(rows))
    return rows


def _json_cell(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return cell_text(value)


def _table(content: bytes, filename: str) -> list[dict[str, str]]:
    if not filename.lower().endswith((".csv", ".xlsx")):
        raise ImportFileError(_("Upload a .csv, .xlsx or .jsonl file."))
    headers, rows = read_spreadsheet(content, filename)
    return [dict(zip(headers, row, strict=False)) for row in rows]


class _Lookups:
    def __init__(self, rows: list[dict[str, str]]) -> None:
        ids = {search_key(r.get("enterprise", "")) for r in rows}
        self.enterprises = {
            e.national_id: e for e in Enterprise.objects.filter(national_id__in=ids)
        }
        self.isic = {a.code: a for a in IsicActivity.objects.all()}
        self.provinces: dict[str, Province] = province_lookup()


def _int(value: str) -> int:
    return int(search_key(value).replace(",", "").replace("٬", ""))


def _row_data(row: dict[str, str], lk: _Lookups) -> tuple[str, dict[str, Any], dict[str, str]]:
    """(kind, the service's data, {field: error}) of one row."""
    errors: dict[str, str] = {
        name: _("This field is required.") for name in REQUIRED if not (row.get(name) or "").strip()
    }
    kind = _KINDS.get(search_key(row.get("kind", "")), "")
    if row.get("kind") and not kind:
        errors["kind"] = _("Unknown kind «{value}»: write need or capability.").format(
            value=row["kind"]
        )
    enterprise = lk.enterprises.get(search_key(row.get("enterprise", "")))
    if row.get("enterprise") and enterprise is None:
        errors["enterprise"] = _("No enterprise with national ID «{value}».").format(
            value=row["enterprise"]
        )
    need = kind == RecordKind.NEED
    data: dict[str, Any] = {
        "enterprise": enterprise,
        "title": row.get("title", ""),
        ("summary" if need else "description"): row.get("text", ""),
    }
    activities = _activities(row, lk, errors)
    if row.get("trl"):
        try:
            data["target_trl" if need else "trl"] = _trl(row["trl"])
        except ValueError:
            errors["trl"] = _("TRL is a whole number from 1 to 9.")
    if need:
        data["isic"] = activities[0] if activities else None
        _need_fields(row, lk, data, errors)
    elif kind == RecordKind.CAPABILITY:
        data["sectors"] = activities
        _capability_fields(row, data, errors)
    return kind, data, errors


def _activities(row: dict[str, str], lk: _Lookups, errors: dict[str, str]) -> list[IsicActivity]:
    """The row's ISIC codes (comma or Persian comma separated); an unknown code is an error."""
    codes = [c.strip() for c in search_key(row.get("isic", "")).replace("،", ",").split(",")]
    activities = []
    for code in (c for c in codes if c):
        activity = lk.isic.get(code.upper())
        if activity is None:
            errors["isic"] = _("Unknown ISIC code «{value}».").format(value=code)
        else:
            activities.append(activity)
    return activities


def _trl(value: str) -> int:
    trl = _int(value)
    if not 1 <= trl <= 9:
        raise ValueError
    return trl


def _need_fields(
    row: dict[str, str], lk: _Lookups, data: dict[str, Any], errors: dict[str, str]
) -> None:
    for name in ("desired_outcome", "confidential_details"):
        data[name] = row.get(name, "")
    for name in ("budget_min", "budget_max"):
        if row.get(name):
            try:
                data[name] = _int(row[name])
            except ValueError:
                errors[name] = _("Write the amount in rials as a whole number.")
    if row.get("deadline"):
        try:
            data["deadline"] = jalali.parse_date(row["deadline"])
        except ValueError:
            errors["deadline"] = _("Write the date as 1405/01/31 (Jalali) or 2026-04-20.")
    if row.get("province"):
        province = lk.provinces.get(search_key(row["province"]))
        if province is None:
            errors["province"] = _("Unknown province «{value}».").format(value=row["province"])
        data["province"] = province


def _capability_fields(row: dict[str, str], data: dict[str, Any], errors: dict[str, str]) -> None:
    data["keywords"] = row.get("keywords", "")
    data["references"] = row.get("references", "")
    if row.get("ip_status"):
        if row["ip_status"] not in IpStatus.values:
            errors["ip_status"] = _("IP status is one of: patent, know_how, open.")
        data["ip_status"] = row["ip_status"]


def import_records(*, user: Any, rows: list[dict[str, str]], dry_run: bool = True) -> ImportReport:
    """Validates every row; unless ``dry_run``, writes all of them or, on any error, none."""
    scope = TechScope(user)
    if not scope.staff:
        raise PermissionDenied(_("Only agency staff may import technology records."))
    lookups = _Lookups(rows)
    return run_import(
        rows,
        dry_run=dry_run,
        write=lambda report: _import(user=user, rows=rows, lookups=lookups, report=report),
        labels=LABELS,
    )


def _import(
    *, user: Any, rows: list[dict[str, str]], lookups: _Lookups, report: ImportReport
) -> None:
    seen: dict[tuple[str, int, str], int] = {}
    for index, row in enumerate(rows):
        line = index + 2
        kind, data, errors = _row_data(row, lookups)
        enterprise = data.get("enterprise")
        key = (kind, getattr(enterprise, "pk", 0), search_key(normalize(data.get("title", ""))))
        if kind and enterprise and key in seen:
            errors["title"] = _("The same record is on line {line}.").format(line=seen[key])
        seen.setdefault(key, line)
        if errors:
            report.reject(line, errors)
            continue
        model: Any = record_model(kind)
        existing = model.objects.filter(
            enterprise=enterprise, title=normalize(data["title"])
        ).first()
        write_row(
            report,
            line,
            partial(_save, user, kind, existing, data),
            update=existing is not None,
            denied_field="enterprise",
        )


def _save(user: Any, kind: str, existing: Any, data: dict[str, Any]) -> None:
    if kind == RecordKind.NEED:
        if existing:
            services.need_update(user=user, need=existing, data=data)
        else:
            services.need_create(user=user, data=data)
    elif existing:
        services.capability_update(user=user, capability=existing, data=data)
    else:
        services.capability_create(user=user, data=data)
