from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from karsaz.core.errors import field_error
from karsaz.core.importing import (
    Headers,
    ImportReport,
    RowError,
    lookup,
    run_import,
    write_row,
)


def test_headers_take_column_names_in_any_case_and_folded_aliases() -> None:
    headers = Headers(("national_id", "name_fa"), {"شناسه ملی": "national_id", "نام": "name_fa"})
    assert headers.canonical(" National_ID ") == "national_id"
    assert headers.canonical("شناسه‌ ملي") == "national_id"  # ZWNJ and Arabic ي folded
    assert headers.canonical("نام") == "name_fa"
    assert headers.canonical("unknown") == "" and headers.canonical(None) == ""


def test_lookup_finds_an_object_by_any_of_its_keys() -> None:
    table = lookup([("07", "fars"), ("23", "tehran")], lambda row: (row[0], row[1]))
    assert table == {"07": ("07", "fars"), "fars": ("07", "fars"), "23": ("23", "tehran"),
                     "tehran": ("23", "tehran")}  # fmt: skip


def test_write_row_counts_successes_and_turns_refusals_into_row_errors(db: Any) -> None:
    report = ImportReport(rows=4)
    write_row(report, 2, lambda: None, update=False, denied_field="province")
    write_row(report, 3, lambda: None, update=True, denied_field="province")

    def invalid() -> None:
        raise field_error("email", "Bad email.", "invalid")

    def refused() -> None:
        raise PermissionDenied("Not yours.")

    def whole() -> None:
        raise ValidationError("Broken.")

    write_row(report, 4, invalid, update=False, denied_field="province")
    write_row(report, 5, refused, update=True, denied_field="province")
    write_row(report, 6, whole, update=True, denied_field="province")
    assert (report.created, report.updated) == (1, 1)
    assert report.errors == [
        RowError(4, "email", "Bad email."),
        RowError(5, "province", "Not yours."),
        RowError(6, "", "Broken."),
    ]


@pytest.mark.parametrize(
    ("dry_run", "fail", "committed", "created", "kept"),
    [(True, False, False, 1, 0), (False, False, True, 1, 1), (False, True, False, 0, 0),
     (True, True, False, 1, 0)],
)  # fmt: skip
def test_run_import_commits_only_a_real_run_without_errors(
    db: Any, dry_run: bool, fail: bool, committed: bool, created: int, kept: int
) -> None:
    def write(report: ImportReport) -> None:
        write_row(report, 2, lambda: Group.objects.create(name="g"), update=False, denied_field="")
        if fail:
            report.reject(3, {"name": "Required."})

    report = run_import([{}, {}], dry_run=dry_run, write=write)
    assert (report.rows, report.committed, report.created) == (2, committed, created)
    assert report.ok is not fail
    assert Group.objects.filter(name="g").count() == kept


def test_model_update_sets_only_the_allowed_fields() -> None:
    from types import SimpleNamespace

    from karsaz.core.services import model_update

    obj = SimpleNamespace(title="a", owner="x")
    changed = model_update(instance=obj, fields=("title",), data={"title": "b", "owner": "y"})
    assert changed == ["title"] and (obj.title, obj.owner) == ("b", "x")
