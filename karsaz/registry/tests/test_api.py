import pytest

from karsaz.core.validators import sheba_with_check
from karsaz.registry.models import Enterprise
from karsaz.testing.factories import fresh_national_id

pytestmark = pytest.mark.django_db
LIST = "/api/v1/enterprises/"
PRIVATE_FIELDS = {"sheba", "phone", "email", "economic_code", "employees", "address", "postal_code"}


def detail(enterprise):
    return f"{LIST}{enterprise.pk}/"


def new_enterprise(**overrides):
    data = {
        "name_fa": "شرکت نمونه",
        "kind": "sme",
        "national_id": fresh_national_id(),
        "province": "26",
        "employees": 8,
        "sheba": sheba_with_check("0170000000123456789012"),
    }
    data.update(overrides)
    return data


def test_anonymous_gets_401(users, api_as):
    assert api_as(None).get(LIST).status_code == 401
    assert api_as(None).post(LIST, new_enterprise(), format="json").status_code == 401


def test_directory_lists_everyone_but_private_fields_follow_scope(users, api_as):
    response = api_as(users.qazvin_officer).get(LIST, {"page_size": 500})
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    own, other = rows[users.qazvin_sme.pk], rows[users.tehran_sme.pk]
    assert own["private"] is True and set(own) >= PRIVATE_FIELDS
    assert other["private"] is False and not PRIVATE_FIELDS & set(other)


@pytest.mark.parametrize(
    ("who", "target", "private"),
    [
        ("national", "tehran_sme", True),
        ("qazvin_officer", "qazvin_sme", True),
        ("qazvin_officer", "tehran_sme", False),
        ("tehran_officer", "tehran_sme", True),
        ("sme_owner", "qazvin_sme", True),
        ("sme_owner", "tehran_sme", False),
        ("tehran_member", "tehran_sme", True),
        ("outsider", "qazvin_sme", False),
    ],
)
def test_retrieve_shows_private_record_only_in_scope(users, api_as, who, target, private):
    response = api_as(getattr(users, who)).get(detail(getattr(users, target)))
    assert response.status_code == 200
    body = response.json()
    assert body["private"] is private
    assert (set(body) >= PRIVATE_FIELDS) is private
    assert body["national_id"] == getattr(users, target).national_id


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("national", "tehran_sme", 200),
        ("admin", "tehran_sme", 200),
        ("qazvin_officer", "qazvin_sme", 200),
        ("qazvin_officer", "tehran_sme", 403),
        ("tehran_officer", "qazvin_sme", 403),
        ("sme_owner", "qazvin_sme", 200),
        ("sme_owner", "tehran_sme", 403),
        ("tehran_member", "tehran_sme", 403),
        ("outsider", "qazvin_sme", 403),
    ],
)
def test_patch_scope(users, api_as, who, target, status):
    enterprise = getattr(users, target)
    response = api_as(getattr(users, who)).patch(
        detail(enterprise), {"employees": 77}, format="json"
    )
    assert response.status_code == status
    enterprise.refresh_from_db()
    assert (enterprise.employees == 77) is (status == 200)


def test_create_by_officer_in_own_province(users, api_as):
    response = api_as(users.qazvin_officer).post(LIST, new_enterprise(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["size_class"] == "micro" and body["private"] is True
    assert (
        Enterprise.objects.get(pk=body["id"]).history.first().history_user == users.qazvin_officer
    )


def test_create_in_another_province_is_forbidden(users, api_as):
    before = Enterprise.objects.count()
    response = api_as(users.qazvin_officer).post(LIST, new_enterprise(province="23"), format="json")
    assert response.status_code == 403
    assert api_as(users.sme_owner).post(LIST, new_enterprise(), format="json").status_code == 403
    assert Enterprise.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("national_id", "12345678901"),
        ("national_id", "123"),
        ("sheba", "IR000000000000000000000000"),
        ("sheba", "DE89370400440532013000"),
        ("province", "99"),
        ("kind", "bakery"),
        ("employees", -1),
        ("postal_code", "0000000000"),
        ("email", "not-an-email"),
        ("park", 999999),
        ("isic", "9999"),
        ("name_fa", ""),
        ("kb_certificate_expires", "9999/12/31"),  # Jalali 1405/01/01 is a date (issue 11)
    ],
)
def test_bad_input_is_400_with_field_errors_and_writes_nothing(users, api_as, field, value):
    before = Enterprise.objects.count()
    response = api_as(users.national).post(LIST, new_enterprise(**{field: value}), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Enterprise.objects.count() == before


def test_errors_come_in_persian_by_default_and_english_on_request(users, api_as):
    client = api_as(users.national)
    fa = client.post(LIST, new_enterprise(national_id="12345678901"), format="json")
    en = client.post(
        LIST, new_enterprise(national_id="12345678901"), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert fa.status_code == en.status_code == 400
    assert fa.json()["national_id"] != en.json()["national_id"]
    assert en.json()["national_id"] == [
        {
            "message": "This national ID fails its check digit; please check it.",
            "code": "invalid",
        }
    ]


def test_bad_patch_is_400_and_leaves_the_record(users, api_as):
    enterprise = users.qazvin_sme
    response = api_as(users.national).patch(
        detail(enterprise), {"sheba": "IR11", "employees": 3}, format="json"
    )
    assert response.status_code == 400 and "sheba" in response.json()
    enterprise.refresh_from_db()
    assert enterprise.employees == 25


def test_delete_only_national_admin(users, api_as):
    assert api_as(users.national).delete(detail(users.qazvin_sme)).status_code == 403
    assert api_as(users.admin).delete(detail(users.qazvin_sme)).status_code == 204


def test_filters(users, api_as):
    client = api_as(users.national)
    by_province = client.get(LIST, {"province": "23"}).json()
    assert [r["id"] for r in by_province["results"]] == [users.tehran_sme.pk]
    by_text = client.get(LIST, {"q": users.tehran_sme.name_fa.replace("ی", "ي")}).json()
    assert users.tehran_sme.pk in [r["id"] for r in by_text["results"]]
    assert client.get(LIST, {"size": "large"}).json()["count"] == 0
    assert client.get(LIST, {"size": "bogus"}).status_code == 400


def test_unknown_enterprise_is_404(users, api_as):
    assert api_as(users.national).get(f"{LIST}999999/").status_code == 404


def test_reference_endpoints(users, api_as):
    client = api_as(users.outsider)
    provinces = client.get("/api/v1/provinces/").json()
    assert len(provinces) == 31
    assert client.get("/api/v1/provinces/26/").json()["name_en"] == "Qazvin"
    parks = client.get("/api/v1/parks/", {"province__code": "26"}).json()
    assert parks["count"] >= 3
    division = client.get("/api/v1/isic/10/").json()
    assert division["parent"] == "C"


def test_schema_docs_and_health(client, db):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/enterprises/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn." not in docs.content and b"unpkg" not in docs.content


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "knowledge_based"),
        ("kind", "financier"),
        ("kb_certificate_no", "KB-999"),
        ("kb_certificate_expires", "2030-01-01"),
        ("national_id", "10000000102"),
    ],
)
def test_owner_cannot_change_what_staff_vouch_for(users, api_as, field, value):
    """Finding 5: an owner who self-certifies or changes the kind gets a 400 on that field."""
    enterprise = users.qazvin_sme
    response = api_as(users.sme_owner).patch(
        detail(enterprise), {field: value, "employees": 77}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == [field]
    enterprise.refresh_from_db()
    assert enterprise.kind == "sme" and enterprise.kb_certificate_no == ""
    assert enterprise.kb_certificate_expires is None and enterprise.employees == 25


def test_owner_may_resend_unchanged_staff_fields(users, api_as):
    enterprise = users.qazvin_sme
    client = api_as(users.sme_owner)
    body = client.get(detail(enterprise)).json()
    body.update(employees=40, name_en="Our Firm")
    response = client.put(detail(enterprise), body, format="json")
    assert response.status_code == 200, response.json()
    enterprise.refresh_from_db()
    assert (enterprise.employees, enterprise.kind) == (40, "sme")


@pytest.mark.parametrize(("who", "status"), [("qazvin_officer", 200), ("national", 200)])
def test_staff_in_scope_certify(users, api_as, who, status):
    enterprise = users.qazvin_sme
    response = api_as(getattr(users, who)).patch(
        detail(enterprise),
        {
            "kind": "knowledge_based",
            "kb_certificate_no": "KB-7",
            "kb_certificate_expires": "2030-01-01",
        },
        format="json",
    )
    assert response.status_code == status
    enterprise.refresh_from_db()
    assert (enterprise.kind, enterprise.kb_certificate_no) == ("knowledge_based", "KB-7")


def test_deleting_an_enterprise_with_finance_records_is_a_409_with_the_reason(api_as):
    from django.test import Client

    from karsaz.testing.factories_finance import finance_world

    world = finance_world()
    admin = world.national
    admin.is_staff = admin.is_superuser = True
    admin.agency_role = "national_admin"
    admin.save()
    for lang, reason in (
        ("en", "This enterprise cannot be deleted: it has finance or event records"),
        ("fa", "این بنگاه را نمی‌توان حذف کرد"),
    ):
        response = api_as(admin).delete(detail(world.buyer), HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 409
        assert response.json()["non_field_errors"][0]["message"].startswith(reason)
        assert response.json()["non_field_errors"][0]["code"] == "protected"
    assert Enterprise.objects.filter(pk=world.buyer.pk).exists()
    # The HTML door (the Django admin) names the protected records instead of a 500.
    client = Client()
    client.force_login(admin)
    page = client.get(f"/admin/registry/enterprise/{world.buyer.pk}/delete/")
    assert page.status_code == 200 and page.context["protected"]
    assert client.post(f"/admin/registry/enterprise/{world.buyer.pk}/delete/", {"post": "yes"})
    assert Enterprise.objects.filter(pk=world.buyer.pk).exists()
