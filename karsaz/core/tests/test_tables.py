import io

import openpyxl
import pytest

from karsaz.core.tables import cell_text, export_cell, export_table


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"), ("+98912", "'+98912"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("شرکت", "شرکت"), ("a=b", "a=b"), ("", ""),
        (None, ""), (-5, -5), (0, 0), (12.5, 12.5), (True, "True"),
    ],
)  # fmt: skip
def test_export_cell(value, expected):
    assert export_cell(value) == expected


def test_export_table_csv_and_xlsx_keep_negative_numbers_numeric():
    rows = [["=1+1", -1_000_000, "-1000"]]
    csv_text = export_table(["a", "b", "c"], rows, "csv").decode("utf-8")
    assert csv_text == "\ufeffa,b,c\r\n'=1+1,-1000000,'-1000\r\n"
    sheet = openpyxl.load_workbook(io.BytesIO(export_table(["a", "b", "c"], rows, "xlsx"))).active
    a, b, c = sheet[2]
    assert (a.value, a.data_type) == ("'=1+1", "s")
    assert (b.value, b.data_type) == (-1_000_000, "n")
    assert (c.value, c.data_type) == ("'-1000", "s")
    with pytest.raises(ValueError):
        export_table(["a"], [], "pdf")


def test_reimport_takes_off_only_our_guard():
    assert cell_text("'=1+1") == "=1+1"
    assert cell_text("'hello") == "'hello"
