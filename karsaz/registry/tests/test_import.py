import csv
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.utils.translation import override

from karsaz.registry import exporting, importing
from karsaz.registry.models import Enterprise
from karsaz.testing.factories import fresh_national_id

pytestmark = pytest.mark.django_db
HEADER = (
    "national_id,name_fa,name_en,kind,province,park,isic,employees,sheba,kb_certificate_expires\n"
)


def csv_rows(text: str) -> list[dict]:
    return importing.read_table(text.encode("utf-8"), "enterprises.csv")


def good_csv(n: int = 3) -> tuple[str, list[str]]:
    ids = [fresh_national_id() for _ in range(n)]
    lines = [f"{i},شركت نمونه {k},Sample {k},sme,26,,1010,{k + 5},," for k, i in enumerate(ids)]
    return HEADER + "\n".join(lines) + "\n", ids


def test_dry_run_writes_nothing(users):
    text, ids = good_csv()
    report = importing.import_enterprises(user=users.national, rows=csv_rows(text), dry_run=True)
    assert report.ok and report.created == 3 and not report.committed
    assert not Enterprise.objects.filter(national_id__in=ids).exists()


def test_import_then_reimport_updates_without_duplicates(users):
    text, ids = good_csv()
    first = importing.import_enterprises(user=users.national, rows=csv_rows(text), dry_run=False)
    assert first.committed and first.created == 3
    assert Enterprise.objects.get(national_id=ids[0]).name_fa == "شرکت نمونه 0"
    again = importing.import_enterprises(
        user=users.national, rows=csv_rows(text.replace(",5,", ",500,")), dry_run=False
    )
    assert again.committed and again.created == 0 and again.updated == 3
    assert Enterprise.objects.filter(national_id__in=ids).count() == 3
    assert Enterprise.objects.get(national_id=ids[0]).employees == 500


def test_every_bad_row_is_reported_and_nothing_is_written(users):
    text, ids = good_csv(2)
    bad = (
        text
        + "12345678901,بد,Bad,sme,26,,,1,,\n"  # checksum
        + f"{ids[0]},تکراری,Dup,sme,26,,,1,,\n"  # same ID as line 2
        + f"{fresh_national_id()},,NoName,bakery,99,,,x,IR12,1405/13/40\n"
    )
    report = importing.import_enterprises(user=users.national, rows=csv_rows(bad), dry_run=False)
    assert not report.committed and report.created == 0
    found = {(e.line, e.field) for e in report.errors}
    assert (4, "national_id") in found
    assert (5, "national_id") in found
    assert {
        (6, "name_fa"),
        (6, "kind"),
        (6, "province"),
        (6, "employees"),
        (6, "kb_certificate_expires"),
    } <= found
    assert not Enterprise.objects.filter(national_id__in=ids).exists()
    assert all(e.message for e in report.errors)


def test_model_level_errors_carry_line_and_field(users):
    text = HEADER + f"{fresh_national_id()},نام,Name,sme,26,,,3,IR000000000000000000000000,\n"
    report = importing.import_enterprises(user=users.national, rows=csv_rows(text), dry_run=True)
    assert [(e.line, e.field) for e in report.errors] == [(2, "sheba")]


def test_provincial_scope_applies_per_row(users):
    text = HEADER + f"{fresh_national_id()},نام,Name,sme,23,,,3,,\n"
    report = importing.import_enterprises(
        user=users.qazvin_officer, rows=csv_rows(text), dry_run=True
    )
    assert [(e.line, e.field) for e in report.errors] == [(2, "province")]
    with pytest.raises(PermissionDenied):
        importing.import_enterprises(user=users.sme_owner, rows=csv_rows(text), dry_run=True)


def test_persian_headers_and_province_names(users):
    nid = fresh_national_id()
    text = f"شناسه ملی,نام,نوع,استان,تعداد کارکنان\n{nid},کارگاه نمونه,sme,قزوين,۱۲\n"
    report = importing.import_enterprises(user=users.national, rows=csv_rows(text), dry_run=False)
    assert report.committed, report.errors
    enterprise = Enterprise.objects.get(national_id=nid)
    assert enterprise.province.code == "26" and enterprise.employees == 12


def test_unreadable_files(users):
    with pytest.raises(importing.ImportFileError):
        importing.read_table(b"name\nx\n", "a.csv")  # no national_id column
    with pytest.raises(importing.ImportFileError):
        importing.read_table(b"\xff\xfe\x00", "a.csv")
    with pytest.raises(importing.ImportFileError):
        importing.read_table(b"not a zip", "a.xlsx")
    with pytest.raises(importing.ImportFileError):
        importing.read_table(b"x", "a.pdf")


def test_xlsx_export_reimports_as_updates(users):
    qs = Enterprise.objects.filter(pk__in=[users.qazvin_sme.pk])
    content = exporting.export_enterprises(user=users.national, enterprises=qs, fmt="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]][:3] == ["شناسه ملی", "نام فارسی", "نام انگلیسی"]
    rows = importing.read_table(content, "export.xlsx")
    report = importing.import_enterprises(user=users.national, rows=rows, dry_run=False)
    assert report.committed and report.updated == 1 and report.created == 0


def test_csv_export_hides_private_columns_outside_scope(users):
    qs = Enterprise.objects.filter(pk__in=[users.qazvin_sme.pk, users.tehran_sme.pk]).order_by("pk")
    content = exporting.export_enterprises(user=users.qazvin_officer, enterprises=qs, fmt="csv")
    text = content.decode("utf-8-sig")
    own, other = text.splitlines()[1:3]
    assert "info@example.ir" in own and "info@example.ir" not in other


FORMULAS = ('=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx")


@pytest.mark.parametrize("text", FORMULAS)
@override("en")
def test_exports_defuse_formulas_csv_and_xlsx(users, text):
    """Finding 4: text that a spreadsheet would run comes out with a leading quote."""
    Enterprise.objects.filter(pk=users.qazvin_sme.pk).update(name_en=text)
    qs = Enterprise.objects.filter(pk=users.qazvin_sme.pk)
    csv_rows = list(
        csv.reader(
            io.StringIO(
                exporting.export_enterprises(user=users.national, enterprises=qs, fmt="csv").decode(
                    "utf-8-sig"
                )
            )
        )
    )
    header, row = csv_rows[0], csv_rows[1]
    assert row[header.index("English name")] == "'" + text
    assert row[header.index("Employees")] == "25"
    content = exporting.export_enterprises(user=users.national, enterprises=qs, fmt="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = {h.value: c for h, c in zip(sheet[1], sheet[2], strict=True)}
    # XML turns a stored carriage return into a line feed when read back.
    assert cells["English name"].value == "'" + text.replace("\r", "\n")
    assert cells["English name"].data_type == "s"
    assert cells["Employees"].value == 25 and cells["Employees"].data_type == "n"
    # Our own guard is taken off again on re-import: the round trip keeps what was typed.
    rows = importing.read_table(content, "export.xlsx")
    if "\r" not in text:  # (XLSX keeps no carriage return to read back)
        assert rows[0]["name_en"] == text.strip()
