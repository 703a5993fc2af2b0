"""Invoice documents are checked by content and size (issue 11, finding 11)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from karsaz.core import jalali
from karsaz.finance.models import Invoice
from karsaz.testing import factories_finance as ff

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.mark.parametrize(
    ("name", "content"), [("inv.pdf", PDF), ("scan.PNG", PNG), ("photo.jpg", JPEG)]
)
def test_pdf_png_and_jpeg_are_stored(world, name, content):
    invoice = ff.submit(world, document=SimpleUploadedFile(name, content))
    invoice.refresh_from_db()
    assert invoice.document.name.startswith("finance/invoices/")
    invoice.document.open()
    assert invoice.document.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", b"<html><script>alert(1)</script></html>"),  # a PDF name, HTML inside
        ("invoice.html", PDF),  # PDF inside, a name a browser would render as a page
        ("invoice.png", JPEG),  # the name and the content disagree
        ("invoice.pdf", b""),
    ],
)
def test_other_content_is_refused(world, name, content):
    with pytest.raises(ValidationError) as caught:
        ff.submit(world, document=SimpleUploadedFile(name, content))
    assert set(caught.value.message_dict) == {"document"}
    assert not Invoice.objects.exists()


def test_the_size_cap(world, settings):
    settings.FINANCE_DOCUMENT_MAX_BYTES = len(PDF) - 1
    with pytest.raises(ValidationError) as caught:
        ff.submit(world, document=SimpleUploadedFile("inv.pdf", PDF))
    assert set(caught.value.message_dict) == {"document"}
    settings.FINANCE_DOCUMENT_MAX_BYTES = len(PDF)
    assert ff.submit(world, document=SimpleUploadedFile("inv.pdf", PDF)).document


def test_the_upload_form_refuses_a_disguised_file(world, settings):
    client = Client()
    client.force_login(world.supplier_user)
    today = timezone.localdate()
    data = {
        "programme": world.programme.pk, "number": "F-1", "amount": "12000000",
        "issue_date": jalali.format_date(today, lang="fa"),
        "due_date": jalali.format_date(today + dt.timedelta(days=70), lang="fa"),
    }  # fmt: skip
    fake = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post("/finance/invoices/new/", {**data, "document": fake})
    assert response.status_code == 200
    assert "document" in response.context["form"].errors
    assert not Invoice.objects.exists()
    settings.FINANCE_DOCUMENT_MAX_BYTES = 10
    big = SimpleUploadedFile("invoice.pdf", PDF)
    response = client.post("/finance/invoices/new/", {**data, "document": big})
    assert "document" in response.context["form"].errors and not Invoice.objects.exists()
    settings.FINANCE_DOCUMENT_MAX_BYTES = len(PDF)
    ok = client.post(
        "/finance/invoices/new/",
        {**data, "document": SimpleUploadedFile("invoice.pdf", PDF)},
    )
    assert ok.status_code == 302 and Invoice.objects.get().document
