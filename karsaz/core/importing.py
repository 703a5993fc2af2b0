"""The shell every spreadsheet import shares: header aliases, the report, the per-row write and
the dry-run / all-or-nothing transaction. An app's importer keeps only its column map, its
reference look-ups and its row handler.

    headers = Headers(COLUMNS, ALIASES)
    rows = [{headers.canonical(h): v ...}]
    report = run_import(rows, dry_run=dry_run, write=lambda report: ...)

A dry run validates and writes every row inside a transaction that is always rolled back, so
the report shows exactly what a real run would do; a real run commits only when no row failed.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from karsaz.core.persian import search_key

T = TypeVar("T")


@dataclass
class RowError:
    line: int
    field: str
    message: str
    label: str = ""  # the column's name in the page's language, for the report a person reads


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

    def reject(self, line: int, errors: Mapping[str, str]) -> None:
        """The row's own errors ({field: message}), found before any write."""
        self.errors.extend(RowError(line, key, message) for key, message in errors.items())


class Headers:
    """Spreadsheet headers to canonical column names: a column's own name (any case), or one of
    its aliases (Persian headers people use), folded with the normalizer's search key. An
    unknown header is ``""`` (its column is ignored)."""

    def __init__(self, columns: Iterable[str], aliases: Mapping[str, str]) -> None:
        self.columns = tuple(columns)
        self._aliases = {search_key(k): v for k, v in aliases.items()}

    def canonical(self, header: Any) -> str:
        text = str(header or "").strip()
        if text.lower() in self.columns:
            return text.lower()
        return self._aliases.get(search_key(text), "")


def lookup(objects: Iterable[T], keys: Callable[[T], Iterable[str]]) -> dict[str, T]:
    """Reference rows loaded once per import, found by any of their keys (a code, a normalized
    name): ``{key: object}``; a later object wins a shared key."""
    return {key: obj for obj in objects for key in keys(obj)}


def write_row(
    report: ImportReport, line: int, write: Callable[[], Any], *, update: bool, denied_field: str
) -> None:
    """Runs one row's service call in its own savepoint, and counts it as created or updated;
    a service's refusal becomes the row's errors (a 403 on ``denied_field``)."""
    try:
        with transaction.atomic():
            write()
    except ValidationError as exc:
        by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        for key, messages in by_field.items():
            for message in messages:
                report.errors.append(RowError(line, "" if key == "__all__" else key, str(message)))
        return
    except PermissionDenied as exc:
        report.errors.append(RowError(line, denied_field, str(exc)))
        return
    if update:
        report.updated += 1
    else:
        report.created += 1


class _Abort(Exception):
    pass


def run_import(
    rows: list[Any],
    *,
    dry_run: bool,
    write: Callable[[ImportReport], None],
    labels: Mapping[str, Any] | None = None,
) -> ImportReport:
    """Calls ``write(report)`` for every row inside one transaction: rolled back on a dry run or
    when any row failed (the counts of a failed real run are then zero), committed otherwise.
    ``labels`` ({column: translated label}) names each error's column in the page's language;
    a field it does not know keeps its own name."""
    report = ImportReport(rows=len(rows))
    try:
        with transaction.atomic():
            write(report)
            if dry_run or report.errors:
                raise _Abort
    except _Abort:
        if not dry_run:
            report.created = report.updated = 0
    else:
        report.committed = True
    for error in report.errors:
        error.label = str((labels or {}).get(error.field, error.field))
    return report
