"""Import of enterprises from CSV or XLSX: a dry run reporting every bad row, then all or nothing.

Rows are matched by national ID, so importing the same file twice updates and never duplicates.
"""

from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from karsaz.core import jalali
from karsaz.core.importing import Headers, ImportReport, RowError, run_import, write_row
from karsaz.core.persian import search_key
from karsaz.core.tables import ImportFileError, read_spreadsheet
from karsaz.registry import selectors, services
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise, IndustrialPark, IsicActivity, Province
from karsaz.registry.permissions import RegistryScope

COLUMNS = (
    "national_id",
    "name_fa",
    "name_en",
    "kind",
    "province",
    "city",
    "park",
    "isic",
    "employees",
    "economic_code",
    "phone",
    "email",
    "website",
    "address",
    "postal_code",
    "sheba",
    "kb_certificate_no",
    "kb_certificate_expires",
)
REQUIRED = ("national_id", "name_fa", "kind", "province")
# Each column's header in an export and its name in the import report, in the page's language.
LABELS = {
    "national_id": pgettext_lazy("export column", "National ID"),
    "name_fa": pgettext_lazy("export column", "Persian name"),
    "name_en": pgettext_lazy("export column", "English name"),
    "kind": pgettext_lazy("export column", "Kind"),
    "province": pgettext_lazy("export column", "Province"),
    "city": pgettext_lazy("export column", "City"),
    "park": pgettext_lazy("export column", "Industrial park"),
    "isic": pgettext_lazy("export column", "ISIC code"),
    "employees": pgettext_lazy("export column", "Employees"),
    "economic_code": pgettext_lazy("export column", "Economic code"),
    "phone": pgettext_lazy("export column", "Phone"),
    "email": pgettext_lazy("export column", "Email"),
    "website": pgettext_lazy("export column", "Website"),
    "address": pgettext_lazy("export column", "Address"),
    "postal_code": pgettext_lazy("export column", "Postal code"),
    "sheba": pgettext_lazy("export column", "Sheba"),
    "kb_certificate_no": pgettext_lazy("export column", "Knowledge-based certificate no."),
    "kb_certificate_expires": pgettext_lazy("export column", "Certificate expires"),
    "size_class": pgettext_lazy("export column", "Size class"),
}
# Persian headers people use in spreadsheets, folded with the normalizer's search key.
ALIASES = {
    "شناسه ملی": "national_id",
    "نام": "name_fa",
    "نام فارسی": "name_fa",
    "نام انگلیسی": "name_en",
    "نوع": "kind",
    "استان": "province",
    "شهر": "city",
    "شهرک صنعتی": "park",
    "شهرک": "park",
    "کد آیسیک": "isic",
    "فعالیت": "isic",
    "کارکنان": "employees",
    "تعداد کارکنان": "employees",
    "کد اقتصادی": "economic_code",
    "تلفن": "phone",
    "ایمیل": "email",
    "رایانامه": "email",
    "وبگاه": "website",
    "وب سایت": "website",
    "نشانی": "address",
    "آدرس": "address",
    "کد پستی": "postal_code",
    "شبا": "sheba",
    "شماره شبا": "sheba",
    "گواهی دانش بنیان": "kb_certificate_no",
    "انقضای گواهی": "kb_certificate_expires",
}


def headers() -> Headers:
    """Codes, the Persian aliases above and every column's label in fa and en (an export in
    either language reads back)."""
    labels = {}
    for lang, _name in settings.LANGUAGES:
        with translation.override(lang):
            labels.update({str(LABELS[c]): c for c in COLUMNS})
    return Headers(COLUMNS, {**ALIASES, **labels})


def field_label(name: str) -> str:
    """The import report's name for a column, in the page's language (a code it does not know,
    e.g. a model field a service names, stays as it is)."""
    return str(LABELS.get(name, name)) if name else ""


__all__ = [
    "ALIASES",
    "COLUMNS",
    "LABELS",
    "REQUIRED",
    "ImportFileError",
    "ImportReport",
    "RowError",
    "import_enterprises",
    "read_table",
]


def read_table(content: bytes, filename: str) -> list[dict[str, Any]]:
    """Rows as dicts keyed by canonical column names; unknown columns are ignored. The file's
    size (``KARSAZ_IMPORT_MAX_BYTES``) and rows (``KARSAZ_IMPORT_MAX_ROWS``) are capped."""
    raw_headers, raw_rows = read_spreadsheet(content, filename)
    known = headers()
    columns = [known.canonical(h) for h in raw_headers]
    if "national_id" not in columns:
        raise ImportFileError(
            _("The file has no «{label}» column.").format(label=field_label("national_id"))
        )
    return [{h: v for h, v in zip(columns, row, strict=False) if h} for row in raw_rows]


class _Lookups:
    """Reference rows loaded once per import, matched by code or by normalized name."""

    def __init__(self) -> None:
        self.provinces: dict[str, Province] = selectors.province_lookup()
        self.parks: dict[tuple[int, str], IndustrialPark] = {}
        for park in IndustrialPark.objects.all():
            for key in (search_key(park.name_fa), search_key(park.name_en), str(park.pk)):
                self.parks[(park.province_id, key)] = park
        self.isic = {a.code: a for a in IsicActivity.objects.all()}
        self.kinds: dict[str, str] = {}
        for lang, _name in settings.LANGUAGES:  # an export's labels in either language
            with translation.override(lang):
                for value, label in EnterpriseKind.choices:
                    self.kinds[value] = value
                    self.kinds[search_key(str(label))] = value


def _row_data(row: dict[str, Any], lookups: _Lookups) -> tuple[dict[str, Any], dict[str, str]]:
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in REQUIRED:
        if not row.get(name):
            errors[name] = _("This field is required.")
    for name in (
        "name_fa",
        "name_en",
        "city",
        "address",
        "national_id",
        "economic_code",
        "phone",
        "email",
        "website",
        "postal_code",
        "sheba",
        "kb_certificate_no",
    ):
        if name in row:
            data[name] = row[name]
    if row.get("kind"):
        kind = lookups.kinds.get(row["kind"]) or lookups.kinds.get(search_key(row["kind"]))
        if kind is None:
            errors["kind"] = _("Unknown kind «{value}».").format(value=row["kind"])
        data["kind"] = kind
    province = None
    if row.get("province"):
        province = lookups.provinces.get(search_key(row["province"]))
        if province is None:
            errors["province"] = _("Unknown province «{value}».").format(value=row["province"])
        data["province"] = province
    if row.get("park"):
        park = lookups.parks.get((getattr(province, "pk", 0), search_key(row["park"])))
        if park is None:
            errors["park"] = _("No industrial park «{value}» in this province.").format(
                value=row["park"]
            )
        data["park"] = park
    elif "park" in row:
        data["park"] = None
    if row.get("isic"):
        isic = lookups.isic.get(search_key(row["isic"]).upper())
        if isic is None:
            errors["isic"] = _("Unknown ISIC code «{value}».").format(value=row["isic"])
        data["isic"] = isic
    if row.get("employees"):
        try:
            employees = int(search_key(row["employees"]).replace(",", ""))
            if employees < 0:
                raise ValueError
            data["employees"] = employees
        except ValueError:
            errors["employees"] = _("Employees must be a whole number, zero or more.")
    if row.get("kb_certificate_expires"):
        try:
            data["kb_certificate_expires"] = jalali.parse_date(row["kb_certificate_expires"])
        except ValueError:
            errors["kb_certificate_expires"] = _(
                "Write the date as 1405/01/31 (Jalali) or 2026-04-20."
            )
    elif "kb_certificate_expires" in row:
        data["kb_certificate_expires"] = None
    return data, errors


def import_enterprises(
    *, user: Any, rows: list[dict[str, Any]], dry_run: bool = True
) -> ImportReport:
    """Validates every row; unless dry_run, writes all of them or, on any error, none."""
    scope = RegistryScope(user)
    if not scope.can_import:
        raise PermissionDenied(_("Only agency staff may import enterprises."))
    lookups = _Lookups()
    return run_import(
        rows,
        dry_run=dry_run,
        write=lambda report: _import_rows(
            user=user, scope=scope, rows=rows, lookups=lookups, report=report
        ),
        labels=LABELS,
    )


def _import_rows(
    *,
    user: Any,
    scope: RegistryScope,
    rows: list[dict[str, Any]],
    lookups: _Lookups,
    report: ImportReport,
) -> None:
    seen: dict[str, int] = {}
    cleaned_ids = [
        services.clean_enterprise_input({"national_id": r.get("national_id", "")})["national_id"]
        for r in rows
    ]
    existing = Enterprise.objects.select_for_update().in_bulk(cleaned_ids, field_name="national_id")
    for index, (row, national_id) in enumerate(zip(rows, cleaned_ids, strict=True)):
        line = index + 2  # line 1 is the header
        data, errors = _row_data(row, lookups)
        if national_id and national_id in seen:
            errors["national_id"] = _("The same national ID is on line {line}.").format(
                line=seen[national_id]
            )
        seen.setdefault(national_id, line)
        enterprise = existing.get(national_id)
        allowed = (
            scope.can_change(enterprise)
            if enterprise
            else scope.can_create_in(getattr(data.get("province"), "pk", None))
        )
        if not allowed and "province" not in errors:
            errors["province"] = _("You may not register or change enterprises in this province.")
        if errors:
            report.reject(line, errors)
            continue
        write_row(
            report,
            line,
            partial(_save, user, enterprise, data),
            update=enterprise is not None,
            denied_field="province",
        )


def _save(user: Any, enterprise: Enterprise | None, data: dict[str, Any]) -> None:
    if enterprise:
        services.enterprise_update(
            user=user, enterprise=enterprise, data=data, reason=_("Imported")
        )
    else:
        services.enterprise_create(user=user, data=data, reason=_("Imported"))
