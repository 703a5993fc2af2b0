"""Import uploads: a size cap checked before parsing, a row cap, and no dry-run file left
behind once it is confirmed or abandoned (issue 11, finding 11)."""

import datetime as dt
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from karsaz.core import tables
from karsaz.core.tables import IMPORTS_DIR, ImportFileError
from karsaz.registry import importing, tasks
from karsaz.registry.models import Enterprise
from karsaz.registry.tests.test_import import good_csv

pytestmark = pytest.mark.django_db


def _stored() -> list[str]:
    try:
        return default_storage.listdir(IMPORTS_DIR)[1]
    except FileNotFoundError:
        return []


@pytest.fixture
def staff(users):
    client = Client()
    client.force_login(users.national)
    for name in _stored():
        default_storage.delete(f"{IMPORTS_DIR}/{name}")
    return client


def test_an_oversized_file_is_refused_before_parsing(settings):
    settings.KARSAZ_IMPORT_MAX_BYTES = 1000
    content = b"national_id,name_fa\n" + b"1,x\n" * 300  # 1,220 bytes
    with (
        mock.patch.object(tables.tablib, "Dataset") as parser,
        pytest.raises(ImportFileError, match="1000"),
    ):
        importing.read_table(content, "big.csv")
    parser.assert_not_called()


def test_the_row_cap(settings):
    settings.KARSAZ_IMPORT_MAX_ROWS = 2
    text, _ids = good_csv(3)
    with pytest.raises(ImportFileError, match="2"):
        importing.read_table(text.encode(), "rows.csv")
    settings.KARSAZ_IMPORT_MAX_ROWS = 3
    assert len(importing.read_table(text.encode(), "rows.csv")) == 3


def test_the_page_refuses_an_oversized_upload_without_storing_it(staff, settings):
    settings.KARSAZ_IMPORT_MAX_BYTES = 100
    text, _ids = good_csv(3)
    upload = SimpleUploadedFile("e.csv", text.encode(), content_type="text/csv")
    response = staff.post("/registry/import/", {"file": upload})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert _stored() == []


def test_confirm_deletes_the_file_and_a_bad_dry_run_keeps_none(staff):
    text, ids = good_csv(2)
    upload = SimpleUploadedFile("e.csv", text.encode(), content_type="text/csv")
    dry = staff.post("/registry/import/", {"file": upload})
    assert dry.context["report"].ok and len(_stored()) == 1
    # A second upload abandons the first file.
    again = staff.post("/registry/import/", {"file": SimpleUploadedFile("f.csv", text.encode())})
    assert again.context["report"].ok and len(_stored()) == 1
    done = staff.post("/registry/import/", {"confirm": "1"})
    assert done.status_code == 302
    assert Enterprise.objects.filter(national_id__in=ids).count() == 2
    assert _stored() == []
    bad = SimpleUploadedFile("bad.csv", b"national_id,name_fa\n123,x\n")
    response = staff.post("/registry/import/", {"file": bad})
    assert not response.context["report"].ok
    assert _stored() == []


def test_stale_dry_run_files_are_purged(settings):
    settings.KARSAZ_IMPORT_KEEP_HOURS = 24
    now = timezone.now()
    old = default_storage.save(f"{IMPORTS_DIR}/old.csv", ContentFile(b"x"))
    fresh = default_storage.save(f"{IMPORTS_DIR}/fresh.csv", ContentFile(b"x"))
    ages = {old: dt.timedelta(hours=30), fresh: dt.timedelta(hours=2)}
    with mock.patch.object(
        default_storage, "get_modified_time", side_effect=lambda path: now - ages[path]
    ):
        assert tasks.purge_stale_imports(now=now) == 1
        assert not default_storage.exists(old) and default_storage.exists(fresh)
        assert tasks.purge_stale_imports(now=now + dt.timedelta(hours=23)) == 1
    assert _stored() == []
    assert tasks.purge_stale_imports() == 0


def test_the_purge_is_a_periodic_job():
    from karsaz.core import periodic

    jobs = {job.name: job for job in periodic.discover_jobs()}
    job = jobs["karsaz.registry.tasks.purge_stale_import_files"]
    assert job.module == "karsaz.registry.periodic" and job.interval == dt.timedelta(hours=1)
