import io
import json
from typing import Any
from unittest import mock

import pytest
import tablib
from django.core.management import call_command
from django.core.management.base import CommandError

from karsaz.core.tables import ImportFileError
from karsaz.technology import importing
from karsaz.technology.models import Capability, TechnologyNeed

pytestmark = pytest.mark.django_db


def _rows(w: Any) -> list[dict[str, Any]]:
    need = {"kind": "need", "enterprise": w.sme.national_id, "title": "جوش شاسی"}
    need.update(text="جوش‌ها ترک می‌خورند", isic="25", trl="۶", budget_min="1,000,000")
    need["deadline"] = "1405/09/01"
    cap = {"kind": "توانمندی", "enterprise": w.firm.national_id, "title": "جوش رباتیک"}
    cap.update(text="سلول جوش رباتیک", isic="25, 29", trl="8", ip_status="patent")
    cap["keywords"] = "جوش، ربات"
    return [need, cap]


def test_jsonl_dry_run_then_commit_then_update(world: Any) -> None:
    content = "\n".join(json.dumps(r, ensure_ascii=False) for r in _rows(world)).encode()
    rows = importing.read_rows(content, "x.jsonl")
    dry = importing.import_records(user=world.national, rows=rows, dry_run=True)
    assert dry.ok and dry.created == 2 and not dry.committed
    assert not TechnologyNeed.objects.filter(title="جوش شاسی").exists()
    real = importing.import_records(user=world.national, rows=rows, dry_run=False)
    assert real.committed and real.created == 2
    need = TechnologyNeed.objects.get(title="جوش شاسی")
    assert need.target_trl == 6 and need.budget_min == 1_000_000 and need.isic.code == "25"
    cap = Capability.objects.get(title="جوش رباتیک")
    assert sorted(s.code for s in cap.sectors.all()) == ["25", "29"]
    again = importing.import_records(user=world.national, rows=rows, dry_run=False)
    assert again.updated == 2 and again.created == 0


def test_csv_and_xlsx(world: Any) -> None:
    data = tablib.Dataset(headers=["نوع", "شناسه ملی", "عنوان", "شرح", "trl"])
    data.append(["نیاز", world.sme.national_id, "رنگرزی کم‌آب", "مصرف آب بالا", "5"])
    for name, content in (("a.csv", data.export("csv").encode()), ("a.xlsx", data.export("xlsx"))):
        rows = importing.read_rows(content, name)
        assert rows[0]["kind"] == "نیاز" and rows[0]["title"] == "رنگرزی کم‌آب", name
        assert importing.import_records(user=world.national, rows=rows, dry_run=True).ok


def test_one_bad_row_writes_nothing(world: Any) -> None:
    rows = [
        *_rows(world),
        {"kind": "chair", "enterprise": "00000000000", "title": "", "text": "x", "trl": "12"},
        {"kind": "capability", "enterprise": world.sme.national_id, "title": "t", "text": "x"},
    ]
    report = importing.import_records(user=world.national, rows=rows, dry_run=False)
    assert not report.committed and report.created == 0
    fields = {(e.line, e.field) for e in report.errors}
    assert {(4, "kind"), (4, "enterprise"), (4, "title"), (4, "trl"), (5, "enterprise")} <= fields
    # The report names each column in the page's language (Persian here), not by its code.
    labels = {(e.line, e.label) for e in report.errors}
    assert {(4, "نوع"), (4, "شناسه ملی"), (4, "عنوان"), (4, "سطح آمادگی فناوری")} <= labels
    assert not TechnologyNeed.objects.filter(title="جوش شاسی").exists()


def test_bad_files_and_permissions(world: Any) -> None:
    with pytest.raises(ImportFileError):
        importing.read_rows(b"{not json", "x.jsonl")
    with pytest.raises(ImportFileError):
        importing.read_rows(b"\xff\xfe", "x.jsonl")
    with pytest.raises(ImportFileError):
        importing.read_rows(b"x", "x.pdf")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        importing.import_records(user=world.sme_user, rows=[], dry_run=True)


def test_command(world: Any, tmp_path: Any) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in _rows(world)), "utf-8")
    out = io.StringIO()
    call_command("import_technology", str(path), "--user", world.national.username, stdout=out)
    assert (
        "dry run" in out.getvalue() and not TechnologyNeed.objects.filter(title="جوش شاسی").exists()
    )
    call_command(
        "import_technology", str(path), "--user", world.national.username, "--commit", stdout=out
    )
    assert TechnologyNeed.objects.filter(title="جوش شاسی").exists()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"kind": "need", "title": "x"}), "utf-8")
    with pytest.raises(CommandError):
        call_command(
            "import_technology",
            str(bad),
            "--user",
            world.national.username,
            "--commit",
            stderr=io.StringIO(),
        )


def test_size_and_row_caps_before_parsing(world: Any, settings: Any) -> None:
    """Issue 11, finding 11: the file's size is checked before it is parsed, rows as read."""
    content = "\n".join(json.dumps(r, ensure_ascii=False) for r in _rows(world)).encode()
    settings.KARSAZ_IMPORT_MAX_BYTES = len(content) - 1
    with mock.patch.object(importing.json, "loads") as parse, pytest.raises(ImportFileError):
        importing.read_rows(content, "x.jsonl")
    parse.assert_not_called()
    settings.KARSAZ_IMPORT_MAX_BYTES = len(content)
    settings.KARSAZ_IMPORT_MAX_ROWS = 1
    with pytest.raises(ImportFileError):
        importing.read_rows(content, "x.jsonl")
    with pytest.raises(ImportFileError):
        importing.read_rows(b"kind,title\nneed,a\nneed,b\n", "x.csv")
    settings.KARSAZ_IMPORT_MAX_ROWS = 2
    assert len(importing.read_rows(content, "x.jsonl")) == 2
