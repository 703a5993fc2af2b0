"""Bulk import of needs and capabilities from CSV, XLSX or JSON Lines, with the registry
import's rules: a dry run reports every bad row; a real run writes all rows or, on any error,
none. Rows are matched by (enterprise national ID, kind, title), so importing a file twice
updates and never duplicates.
"""

import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from karsaz.core import jalali
from karsaz.core.persian import normalize, search_key
from karsaz.core.tables import (
    ImportFileError,
    cell_text,
    check_import_rows,
    check_import_size,
    read_spreadsheet,
)
from karsaz.registry.importing import RowError
from karsaz.registry.models import Enterprise, IsicActivity, Province
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
_ALIAS_KEYS = {search_key(k): v for k, v in ALIASES.items()}


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _header(name: Any) -> str:
    text = str(name or "").strip()
    if text.lower() in COLUMNS:
        return text.lower()
    return _ALIAS_KEYS.get(search_key(text), "")


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
        self.provinces: dict[str, Province] = {}
        for p in Province.objects.all():
            for key in (p.code, str(int(p.code)), search_key(p.name_fa), search_key(p.name_en)):
                self.provinces[key] = p


def _int(value: str) -> int:
    return int(search_key(value).replace(",", "").replace("٬", ""))


def _row_data(row: dict[str, str], lk: _Lookups) -> tuple[str, dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    data: dict[str, Any] = {}
    for name in REQUIRED:
        if not (row.get(name) or "").strip():
            errors[name] = _("This field is required.")
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
    data["enterprise"] = enterprise
    data["title"] = row.get("title", "")
    data["summary" if kind == RecordKind.NEED else "description"] = row.get("text", "")
    codes = [c.strip() for c in search_key(row.get("isic", "")).replace("،", ",").split(",")]
    activities = []
    for code in (c for c in codes if c):
        activity = lk.isic.get(code.upper())
        if activity is None:
            errors["isic"] = _("Unknown ISIC code «{value}».").format(value=code)
        else:
            activities.append(activity)
    if row.get("trl"):
        try:
            trl = _int(row["trl"])
            if not 1 <= trl <= 9:
                raise ValueError
            data["target_trl" if kind == RecordKind.NEED else "trl"] = trl
        except ValueError:
            errors["trl"] = _("TRL is a whole number from 1 to 9.")
    if kind == RecordKind.NEED:
        data["isic"] = activities[0] if activities else None
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
    elif kind == RecordKind.CAPABILITY:
        data["sectors"] = activities
        data["keywords"] = row.get("keywords", "")
        data["references"] = row.get("references", "")
        if row.get("ip_status"):
            if row["ip_status"] not in IpStatus.values:
                errors["ip_status"] = _("IP status is one of: patent, know_how, open.")
            data["ip_status"] = row["ip_status"]
    return kind, data, errors


class _Abort(Exception):
    pass


def import_records(*, user: Any, rows: list[dict[str, str]], dry_run: bool = True) -> ImportReport:
    """Validates every row; unless ``dry_run``, writes all of them or, on any error, none."""
    scope = TechScope(user)
    if not scope.staff:
        raise PermissionDenied(_("Only agency staff may import technology records."))
    report = ImportReport(rows=len(rows))
    lookups = _Lookups(rows)
    try:
        with transaction.atomic():
            _import(user=user, rows=rows, lookups=lookups, report=report)
            if dry_run or report.errors:
                raise _Abort
    except _Abort:
        if not dry_run:
            report.created = report.updated = 0
        return report
    report.committed = True
    return report


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
            report.errors.extend(RowError(line, k, v) for k, v in errors.items())
            continue
        model: Any = record_model(kind)
        existing = model.objects.filter(
            enterprise=enterprise, title=normalize(data["title"])
        ).first()
        try:
            with transaction.atomic():
                if kind == RecordKind.NEED:
                    if existing:
                        services.need_update(user=user, need=existing, data=data)
                    else:
                        services.need_create(user=user, data=data)
                elif existing:
                    services.capability_update(user=user, capability=existing, data=data)
                else:
                    services.capability_create(user=user, data=data)
            if existing:
                report.updated += 1
            else:
                report.created += 1
        except ValidationError as exc:
            for k, messages in exc.message_dict.items():
                for message in messages:
                    report.errors.append(RowError(line, "" if k == "__all__" else k, str(message)))
        except PermissionDenied as exc:
            report.errors.append(RowError(line, "enterprise", str(exc)))
