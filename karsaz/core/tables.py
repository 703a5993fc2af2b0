"""CSV and XLSX tables, shared by every module: reading uploads, writing exports."""

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import tablib
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Where a dry run keeps an uploaded file until it is confirmed (under the default storage).
IMPORTS_DIR = "imports"


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message is for the user."""


def check_import_size(size: int) -> None:
    """Refuses a file above ``KARSAZ_IMPORT_MAX_BYTES``; callers check before parsing it."""
    limit = settings.KARSAZ_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportFileError(
            _("The file is {size}; at most {limit} can be imported at once.").format(
                size=filesizeformat(size), limit=filesizeformat(limit)
            )
        )


def check_import_rows(count: int) -> None:
    limit = settings.KARSAZ_IMPORT_MAX_ROWS
    if count > limit:
        raise ImportFileError(_("At most {n} rows can be imported at once.").format(n=limit))


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person typed: IDs stay whole, dates become ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets turn IDs into floats
    if hasattr(value, "date") and callable(value.date):
        value = value.date().isoformat()
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    text = str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        text = text[1:]  # our own export's formula guard: a re-import reads what was typed
    return text.strip()


def read_spreadsheet(content: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of a .csv (UTF-8, BOM allowed) or .xlsx file, cells as text. The size
    is checked before parsing and the number of rows before any row is converted."""
    check_import_size(len(content))
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            data = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        elif name.endswith(".csv"):
            data = tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
        else:
            raise ImportFileError(_("Upload a .csv or .xlsx file."))
    except ImportFileError:
        raise
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The CSV file must be encoded in UTF-8.")) from exc
    except Exception as exc:  # tablib and openpyxl raise many kinds for a broken file
        raise ImportFileError(_("The file could not be read as a table.")) from exc
    check_import_rows(len(data))
    headers = [str(h or "").strip() for h in (data.headers or [])]
    return headers, [[cell_text(v) for v in row] for row in data]


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_cell(value: Any) -> Any:
    """A value safe to hand a spreadsheet: text that would run as a formula gets a leading quote.

    Numbers stay numbers (a negative amount is a number, not a formula); anything else is text.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def export_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str) -> bytes:
    """Every module's export: CSV (UTF-8 with a BOM, so Excel reads Persian) or XLSX."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(fmt)
    safe_rows = ([export_cell(v) for v in row] for row in rows)
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out)
        writer.writerow([export_cell(h) for h in headers])
        writer.writerows(safe_rows)
        return out.getvalue().encode("utf-8")
    dataset = tablib.Dataset(headers=[export_cell(h) for h in headers])
    for row in safe_rows:
        dataset.append(row)
    return bytes(dataset.export("xlsx"))
