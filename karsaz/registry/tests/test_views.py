import re

import pytest
from django.urls import reverse

from karsaz.core.persian import to_persian_digits
from karsaz.registry.models import Enterprise
from karsaz.testing.factories import fresh_national_id

pytestmark = pytest.mark.django_db


def test_list_is_persian_rtl_with_persian_digits(client, users):
    client.force_login(users.national)
    response = client.get(reverse("registry:enterprise_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fa" dir="rtl">' in html
    assert to_persian_digits(users.qazvin_sme.name_fa) in html
    assert users.qazvin_sme.national_id.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in html


def test_list_in_english_is_ltr(client, users):
    client.force_login(users.national)
    client.cookies["karsaz_language"] = "en"
    html = client.get(reverse("registry:enterprise_list")).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert users.qazvin_sme.name_en in html


def test_htmx_request_gets_the_table_partial(client, users):
    client.force_login(users.national)
    response = client.get(
        reverse("registry:enterprise_list"), {"q": "صنايع آزمون"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html and 'data-testid="enterprise-table"' in html


def test_list_requires_sign_in(client, db):
    response = client.get(reverse("registry:enterprise_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_detail_hides_private_record_outside_scope(client, users):
    users.tehran_sme.sheba = "IR062960000000100324200001"
    users.tehran_sme.save()
    client.force_login(users.qazvin_officer)
    html = client.get(
        reverse("registry:enterprise_detail", args=[users.tehran_sme.pk])
    ).content.decode()
    assert (
        to_persian_digits(users.tehran_sme.name_fa) in html
        and "۰۶۲۹۶" not in html
        and 'data-testid="private"' not in html
    )
    client.force_login(users.tehran_officer)
    html = client.get(
        reverse("registry:enterprise_detail", args=[users.tehran_sme.pk])
    ).content.decode()
    assert 'data-testid="private"' in html and "IR۰۶۲۹۶۰" in html


def test_edit_form_forbidden_outside_scope(client, users):
    client.force_login(users.qazvin_officer)
    assert (
        client.get(reverse("registry:enterprise_edit", args=[users.tehran_sme.pk])).status_code
        == 403
    )
    assert (
        client.get(reverse("registry:enterprise_edit", args=[users.qazvin_sme.pk])).status_code
        == 200
    )


def test_create_form_shows_persian_field_errors(client, users, provinces):
    client.force_login(users.qazvin_officer)
    response = client.post(
        reverse("registry:enterprise_create"),
        {
            "name_fa": "شرکت",
            "kind": "sme",
            "national_id": "۱۲۳۴۵۶۷۸۹۰۱",
            "employees": 3,
            "province": provinces.qazvin.pk,
            "sheba": "IR00",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-field="national_id"' in html and 'data-field="sheba"' in html


def test_create_form_reports_every_error_at_once_and_keeps_what_was_typed(client, users, provinces):
    # A missing name and a bad employees value used to hide the check-digit, Sheba, postal-code
    # and phone errors until they were fixed; the bad value was cleared.
    client.force_login(users.qazvin_officer)
    response = client.post(
        reverse("registry:enterprise_create"),
        {
            "name_fa": "",
            "kind": "sme",
            "national_id": "۱۲۳۴۵۶۷۸۹۰۱",
            "employees": "۱۲x",
            "province": provinces.qazvin.pk,
            "sheba": "IR00",
            "postal_code": "۱۲۳",
            "phone": "abc",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    fields = ("name_fa", "employees", "national_id", "sheba", "postal_code", "phone")
    assert [f for f in fields if f'data-field="{f}"' in html] == list(fields)
    # The summary at the top links each error to its field.
    assert html.count('<li><a href="#id_') == 6
    assert 'value="۱۲x"' in html
    assert not Enterprise.objects.filter(name_fa="").exists()


def test_create_form_accepts_jalali_dates_and_persian_digits(client, users, provinces):
    client.force_login(users.qazvin_officer)
    nid = fresh_national_id()
    response = client.post(
        reverse("registry:enterprise_create"),
        {
            "name_fa": "شرکت دانش‌بنیان نمونه",
            "kind": "knowledge_based",
            "national_id": nid.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
            "employees": "۱۲",
            "province": provinces.qazvin.pk,
            "kb_certificate_no": "KB-1",
            "kb_certificate_expires": "۱۴۰۶/۰۱/۰۱",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    enterprise = Enterprise.objects.get(national_id=nid)
    assert str(enterprise.kb_certificate_expires) == "2027-03-21"


def test_history_page_for_staff_only(client, users):
    client.force_login(users.national)
    client.post(
        reverse("registry:enterprise_edit", args=[users.qazvin_sme.pk]),
        {
            **{
                k: v
                for k, v in {
                    "name_fa": users.qazvin_sme.name_fa,
                    "kind": "sme",
                    "national_id": users.qazvin_sme.national_id,
                    "employees": 99,
                    "province": users.qazvin_sme.province_id,
                }.items()
            }
        },
    )
    html = client.get(
        reverse("registry:enterprise_history", args=[users.qazvin_sme.pk])
    ).content.decode()
    assert "۹۹" in html
    client.force_login(users.sme_owner)
    assert (
        client.get(reverse("registry:enterprise_history", args=[users.qazvin_sme.pk])).status_code
        == 403
    )


def test_export_respects_filters(client, users):
    client.force_login(users.national)
    response = client.get(reverse("registry:export", args=["csv"]), {"province": "23"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert users.tehran_sme.national_id in text and users.qazvin_sme.national_id not in text
    assert client.get(reverse("registry:export", args=["pdf"])).status_code == 400


def test_import_page_dry_run_then_confirm(client, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users.national)
    nid = fresh_national_id()
    upload = SimpleUploadedFile(
        "e.csv", f"national_id,name_fa,kind,province\n{nid},کارگاه,sme,26\n".encode()
    )
    html = client.post(reverse("registry:import"), {"file": upload}).content.decode()
    assert (
        'data-testid="import-report"' in html
        and not Enterprise.objects.filter(national_id=nid).exists()
    )
    response = client.post(reverse("registry:import"), {"confirm": "1"})
    assert response.status_code == 302
    assert Enterprise.objects.filter(national_id=nid).exists()


def test_import_page_forbidden_for_members(client, users):
    client.force_login(users.sme_owner)
    assert client.get(reverse("registry:import")).status_code == 403


def test_dashboard(client, users):
    client.force_login(users.sme_owner)
    html = client.get("/").content.decode()
    assert "۱۴۰" in html  # a Jalali year in Persian digits
    assert reverse("registry:enterprise_list") in html


def test_long_lists_are_paged_with_htmx_links(client, users):
    from karsaz.testing.factories import EnterpriseFactory

    for _ in range(30):
        EnterpriseFactory()
    client.force_login(users.national)
    html = client.get(reverse("registry:enterprise_list"), {"kind": "sme"}).content.decode()
    assert 'class="pager"' in html
    assert 'hx-get="?kind=sme&amp;page=2"' in html or 'hx-get="?kind=sme&page=2"' in html


def test_owners_form_shows_staff_fields_disabled_and_ignores_them(client, users):
    """Finding 5: the owner's form cannot change the kind or the certificate."""
    enterprise = users.qazvin_sme
    client.force_login(users.sme_owner)
    url = reverse("registry:enterprise_edit", args=[enterprise.pk])
    html = client.get(url).content.decode()
    for name in ("kind", "national_id", "kb_certificate_no", "kb_certificate_expires"):
        assert re.search(rf'<[^>]*name="{name}"[^>]*disabled', html), name
    assert 'name="employees"' in html and not re.search(r'name="employees"[^>]*disabled', html)
    response = client.post(
        url,
        {
            "name_fa": enterprise.name_fa,
            "kind": "financier",
            "national_id": "0000000000",
            "employees": 30,
            "province": enterprise.province_id,
            "kb_certificate_no": "KB-1",
            "kb_certificate_expires": "1410/01/01",
        },
    )
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert (enterprise.employees, enterprise.kind, enterprise.kb_certificate_no) == (30, "sme", "")


def test_officers_form_edits_the_kind(client, users):
    enterprise = users.qazvin_sme
    client.force_login(users.qazvin_officer)
    url = reverse("registry:enterprise_edit", args=[enterprise.pk])
    assert not re.search(r'name="kind"[^>]*disabled', client.get(url).content.decode())
    response = client.post(
        url,
        {
            "name_fa": enterprise.name_fa,
            "kind": "knowledge_based",
            "national_id": enterprise.national_id,
            "employees": 25,
            "province": enterprise.province_id,
            "kb_certificate_no": "KB-1",
            "kb_certificate_expires": "1410/01/01",
        },
    )
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert (enterprise.kind, enterprise.kb_certificate_no) == ("knowledge_based", "KB-1")
