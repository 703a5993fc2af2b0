"""Exports in the page's language (headers, Jalali dates, names of provinces and kinds) that the
importer reads back in either language; the import report names columns by their labels."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.utils.translation import override

from karsaz.registry import exporting, importing
from karsaz.registry.models import Enterprise

pytestmark = pytest.mark.django_db

HEADERS_FA = [
    "شناسه ملی", "نام فارسی", "نام انگلیسی", "نوع", "استان", "شهر", "شهرک صنعتی", "کد آیسیک",
    "تعداد کارکنان", "کد اقتصادی", "تلفن", "رایانامه", "وبگاه", "نشانی", "کد پستی", "شماره شبا",
    "شماره گواهی دانش‌بنیان", "انقضای گواهی", "رده اندازه",
]  # fmt: skip
HEADERS_EN = [
    "National ID", "Persian name", "English name", "Kind", "Province", "City", "Industrial park",
    "ISIC code", "Employees", "Economic code", "Phone", "Email", "Website", "Address",
    "Postal code", "Sheba", "Knowledge-based certificate no.", "Certificate expires", "Size class",
]  # fmt: skip


def _export(user, enterprise, fmt):
    qs = Enterprise.objects.filter(pk=enterprise.pk)
    return exporting.export_enterprises(user=user, enterprises=qs, fmt=fmt)


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def firm(users):
    Enterprise.objects.filter(pk=users.qazvin_sme.pk).update(
        kb_certificate_expires=dt.date(2026, 4, 20)
    )
    return Enterprise.objects.get(pk=users.qazvin_sme.pk)


def test_persian_export_headers_and_cells(users, firm):
    with override("fa"):
        header, row = _csv(_export(users.national, firm, "csv"))
    assert header == HEADERS_FA
    cells = dict(zip(header, row, strict=True))
    assert cells["نوع"] == "بنگاه کوچک یا متوسط"
    assert cells["استان"] == firm.province.name_fa == "قزوین"
    assert cells["انقضای گواهی"] == "1405/01/31"
    assert cells["تعداد کارکنان"] == "25"
    assert cells["رده اندازه"] == "کوچک"
    assert cells["شناسه ملی"] == firm.national_id


def test_english_export_headers_and_cells_xlsx(users, firm):
    with override("en"):
        sheet = openpyxl.load_workbook(io.BytesIO(_export(users.national, firm, "xlsx"))).active
    assert [c.value for c in sheet[1]] == HEADERS_EN
    cells = {h.value: c for h, c in zip(sheet[1], sheet[2], strict=True)}
    assert cells["Kind"].value == "Small or medium enterprise"
    assert cells["Province"].value == firm.province.name_en
    assert cells["Certificate expires"].value == "2026-04-20"
    assert cells["Employees"].value == 25 and cells["Employees"].data_type == "n"
    assert cells["Size class"].value == "Small"


def test_private_columns_stay_blank_in_persian(users):
    qs = Enterprise.objects.filter(pk=users.tehran_sme.pk)
    with override("fa"):
        header, row = _csv(
            exporting.export_enterprises(user=users.qazvin_officer, enterprises=qs, fmt="csv")
        )
    cells = dict(zip(header, row, strict=True))
    assert cells["رایانامه"] == "" and cells["تلفن"] == ""
    assert cells["نام فارسی"] == users.tehran_sme.name_fa


@pytest.mark.parametrize(
    ("lang", "fmt"), [("fa", "csv"), ("fa", "xlsx"), ("en", "csv"), ("en", "xlsx")]
)
def test_export_round_trip(users, firm, lang, fmt):
    """Export in a language, change the firm, import the file back: every column returns."""
    with override(lang):
        content = _export(users.national, firm, fmt)
    Enterprise.objects.filter(pk=firm.pk).update(
        employees=3, kb_certificate_expires=None, name_en="changed"
    )
    with override(lang):
        rows = importing.read_table(content, f"export.{fmt}")
        report = importing.import_enterprises(user=users.national, rows=rows, dry_run=False)
    assert report.errors == [] and report.committed and report.updated == 1
    firm.refresh_from_db()
    assert firm.employees == 25
    assert firm.kb_certificate_expires == dt.date(2026, 4, 20)
    assert firm.name_en == users.qazvin_sme.name_en
    assert firm.province.code == "26" and firm.kind == "sme"


@pytest.mark.parametrize(("lang", "label"), [("fa", "تعداد کارکنان"), ("en", "Employees")])
def test_import_report_names_columns_by_label(users, firm, lang, label):
    text = f"national_id,name_fa,kind,province,employees\n{firm.national_id},x,sme,26,many\n"
    with override(lang):
        rows = importing.read_table(text.encode(), "a.csv")
        report = importing.import_enterprises(user=users.national, rows=rows, dry_run=True)
    assert [(e.line, e.field, e.label) for e in report.errors] == [(2, "employees", label)]


def test_missing_id_column_is_named_in_persian():
    with override("fa"), pytest.raises(importing.ImportFileError, match="«شناسه ملی»"):
        importing.read_table("نام\nx\n".encode(), "a.csv")
