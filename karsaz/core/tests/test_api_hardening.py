"""No input is a 500: deep JSON, non-numeric ids, out-of-range numbers, bad page sizes and
dates; and the schema tells the truth about the shapes it promises (issue 11: 6, 7, 12, 14)."""

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from karsaz.core import jalali
from karsaz.core.fields import JalaliDateField
from karsaz.core.parsers import MAX_DEPTH, depth_exceeds

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000


@pytest.mark.parametrize("url", ["/api/v1/auth/token/", "/api/v1/needs/", "/api/v1/me/"])
def test_deeply_nested_json_is_a_400_for_anyone(
    users: SimpleNamespace, api_as: Any, url: str
) -> None:
    for user in (None, users.sme_owner):
        client = api_as(user)
        method = client.patch if url == "/api/v1/me/" else client.post
        response = method(url, DEEP, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
        if user is None and url != "/api/v1/auth/token/":
            assert response.status_code in (401, 403)  # authentication is checked first
            continue
        assert response.status_code == 400, response.content
        assert "nested too deeply" in response.json()["detail"]


def test_json_just_past_the_depth_limit_is_refused_and_at_it_parsed(api_as: Any) -> None:
    client = api_as(None)
    too_deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    response = client.post("/api/v1/auth/token/", too_deep, content_type="application/json")
    assert response.status_code == 400 and "detail" in response.json()
    at_limit = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    response = client.post("/api/v1/auth/token/", at_limit, content_type="application/json")
    assert response.status_code == 400 and "detail" not in response.json()  # field errors
    assert depth_exceeds([[1]], limit=2) is False and depth_exceeds([[[1]]], limit=2) is True


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/finance/bids/null/withdraw/",
        "/api/v1/finance/settlements/null/confirm/",
        "/api/v1/finance/settlements/null/void/",
        "/api/v1/event-requests/null/answer/",
        "/api/v1/finance/programmes/abc/suppliers/",
        "/api/v1/finance/programmes/abc/financiers/",
        "/api/v1/finance/programmes/abc/auto-bid/",
        "/api/v1/finance/entries/abc/",
        "/api/v1/clinics/x1/",
        "/api/v1/finance/invoices/۱۲/approve/",
    ],
)
def test_non_numeric_ids_in_routes_are_404(users: SimpleNamespace, api_as: Any, url: str) -> None:
    response = api_as(users.admin).post(url, {}, HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 404


def test_lookups_by_code_still_take_codes(users: SimpleNamespace, api_as: Any) -> None:
    assert api_as(users.admin).get("/api/v1/provinces/26/").json()["code"] == "26"


HUGE = "100000000000000000000"  # past 2**63 - 1


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/finance/invoices/?programme={HUGE}",
        f"/api/v1/clinic-cases/?enterprise={HUGE}",
        f"/api/v1/capabilities/?min_trl={HUGE}",
        f"/api/v1/clinic-followups/?months={HUGE}",  # a generated filterset_fields filter
        f"/api/v1/clinic-followups/?case={HUGE}",
        f"/api/v1/enterprises/?park={HUGE}",
        f"/api/v1/finance/invoices/?programme=-{HUGE}",
        "/api/v1/finance/invoices/?programme=1.5",
    ],
)
def test_number_filters_out_of_range_are_400(users: SimpleNamespace, api_as: Any, url: str) -> None:
    response = api_as(users.admin).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content
    name = url.split("?")[1].split("=")[0]
    assert list(response.json()) == [name]


def test_number_filters_in_range_still_filter(users: SimpleNamespace, api_as: Any) -> None:
    response = api_as(users.admin).get(f"/api/v1/finance/invoices/?programme={2**63 - 1}")
    assert response.status_code == 200 and response.json()["count"] == 0


@pytest.mark.parametrize("value", ["[", "0", "-3", "1.5", "501", "abc"])
def test_bad_page_size_is_a_400(users: SimpleNamespace, api_as: Any, value: str) -> None:
    response = api_as(users.admin).get(
        "/api/v1/enterprises/", {"page_size": value}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {
        "page_size": [{"message": "Enter a whole number from 1 to 500.", "code": "invalid"}]
    }


def test_good_page_size_pages(users: SimpleNamespace, api_as: Any) -> None:
    response = api_as(users.admin).get("/api/v1/enterprises/", {"page_size": "۱"})
    assert response.status_code == 200 and len(response.json()["results"]) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1405-01-01", dt.date(2026, 3, 21)),  # Jalali, as the forms read it
        ("۱۴۰۵/۰۱/۰۱", dt.date(2026, 3, 21)),
        ("1300/01/01", dt.date(1921, 3, 21)),
        ("1499-12-29", dt.date(2121, 3, 20)),
        ("2026-04-20", dt.date(2026, 4, 20)),
        ("۲۰۲۶/۰۴/۲۰", dt.date(2026, 4, 20)),
        ("1900-01-01", dt.date(1900, 1, 1)),
        ("2199-12-31", dt.date(2199, 12, 31)),
    ],
)
def test_api_dates_read_jalali_and_gregorian(text: str, expected: dt.date) -> None:
    assert JalaliDateField().to_internal_value(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("9999/12/31", "year"),
        ("1699/12/29", "year"),
        ("1299-12-29", "year"),
        ("1500-01-01", "year"),
        ("1899-12-31", "year"),
        ("2200-01-01", "year"),
        ("1405-13-01", "invalid"),
        ("2026-02-30", "invalid"),
        ("2026-04-20T10:00", "invalid"),
        ("", "invalid"),
        ("१९९९-01-01", "invalid"),  # Devanagari digits are not a Karsaz date
    ],
)
def test_api_dates_refuse_years_that_cannot_be_meant(text: str, code: str) -> None:
    with pytest.raises(serializers.ValidationError) as caught:
        JalaliDateField().to_internal_value(text)
    assert caught.value.detail[0].code == code  # type: ignore[index]
    if code == "year":
        with pytest.raises(jalali.DateOutOfRange):
            jalali.parse_date(text)


def test_every_writable_api_date_is_read_as_jalali_or_gregorian() -> None:
    """No serializer falls back to DRF's DateField, which reads «1405-01-01» as 1405 AD."""
    found = []
    for cls in _karsaz_serializers():
        for name, field in cls().fields.items():
            if isinstance(field, serializers.DateField) and not field.read_only:
                found.append(f"{cls.__name__}.{name}")
                assert isinstance(field, JalaliDateField), found[-1]
    assert "InvoiceInput.due_date" in found and "EventSerializer.starts_on" in found


def test_the_api_reads_a_jalali_date_in_a_body(users: SimpleNamespace, api_as: Any) -> None:
    # The certificate's expiry is staff's to set (finding 5): the Qazvin officer sets it.
    client = api_as(users.qazvin_officer)
    response = client.patch(
        f"/api/v1/enterprises/{users.qazvin_sme.pk}/",
        {"kb_certificate_expires": "1405-01-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200, response.content
    assert response.json()["kb_certificate_expires"] == "2026-03-21"
    response = client.patch(
        f"/api/v1/enterprises/{users.qazvin_sme.pk}/",
        {"kb_certificate_expires": "9999/12/31"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {
        "kb_certificate_expires": [
            {
                "message": "The year must be from 1300 to 1499 (Jalali) or from 1900 to 2199 "
                "(Gregorian).",
                "code": "year",
            }
        ]
    }


def _karsaz_serializers() -> list[type[serializers.Serializer]]:
    import importlib

    from django.conf import settings

    for app in settings.KARSAZ_APPS:
        try:
            importlib.import_module(f"karsaz.{app}.api.serializers")
        except ModuleNotFoundError:
            continue

    def subclasses(cls: type) -> list[type]:
        return [s for c in cls.__subclasses__() for s in (c, *subclasses(c))]

    return [
        c
        for c in set(subclasses(serializers.Serializer))
        if c.__module__.startswith("karsaz.") and ".api." in c.__module__
    ]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(public=True)


def _response(schema: dict[str, Any], path: str, method: str = "get") -> dict[str, Any]:
    content = schema["paths"][path][method]["responses"]
    ok = content.get("200") or content.get("201")
    return ok["content"]["application/json"]["schema"]


def _component(schema: dict[str, Any], ref: dict[str, Any]) -> dict[str, Any]:
    return schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]


def test_schema_declares_what_the_api_returns(schema: dict[str, Any]) -> None:
    me = _component(schema, _response(schema, "/api/v1/me/"))
    assert me["properties"]["province"]["nullable"] is True
    # Bounded lists are plain arrays; the conversation, which grows, is paged.
    for path in (
        "/api/v1/needs/{id}/matches/",
        "/api/v1/capabilities/{id}/matches/",
        "/api/v1/clinic-cases/{id}/suggestions/",
        "/api/v1/finance/invoices/{id}/bids/",
        "/api/v1/finance/reports/aging/",
    ):
        assert _response(schema, path)["type"] == "array", path
    paged = _component(schema, _response(schema, "/api/v1/proposals/{id}/messages/"))
    assert set(paged["required"]) == {"count", "count_is_estimate", "results"}
    posted = _response(schema, "/api/v1/proposals/{id}/messages/", "post")
    assert posted["$ref"].endswith("/Message")
    aging = _component(schema, _response(schema, "/api/v1/finance/reports/aging/")["items"])
    assert set(aging["properties"]) == {"bucket", "count", "outstanding", "penalty"}
    suggestion = _component(
        schema, _response(schema, "/api/v1/clinic-cases/{id}/suggestions/")["items"]
    )
    assert {"matched", "free", "score"} <= set(suggestion["properties"])
    proposal = schema["components"]["schemas"]["Proposal"]["properties"]["agreement_type"]
    assert any("BlankEnum" in option.get("$ref", "") for option in proposal.get("oneOf", [])), (
        proposal
    )
    run = schema["components"]["schemas"]["ScheduleRun"]["properties"]["ratio"]
    assert run["nullable"] is True
    enterprise = schema["components"]["schemas"]["Enterprise"]
    assert "created_at" not in enterprise["required"]
    assert {"id", "name_fa", "national_id", "private"} <= set(enterprise["required"])


def test_public_enterprise_rows_match_the_schema(users: SimpleNamespace, api_as: Any) -> None:
    from karsaz.registry.permissions import PUBLIC_FIELDS

    schema = SchemaGenerator().get_schema(public=True)
    required = set(schema["components"]["schemas"]["Enterprise"]["required"])
    rows = api_as(users.tehran_member).get("/api/v1/enterprises/").json()["results"]
    public = [row for row in rows if row["private"] is False]
    assert public and all(required <= set(row) for row in public)
    assert all(set(row) <= PUBLIC_FIELDS | {"private"} for row in public)


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", "/api/v1/enterprises/?q=a%00b", None),
        ("get", "/registry/?q=a%00b", None),
        ("post", "/api/v1/enterprises/", {"province": "2\x006"}),
        ("post", "/api/v1/auth/token/", {"username": "a\x00", "password": "x"}),
    ],
)
def test_a_nul_character_anywhere_is_a_400(
    users: SimpleNamespace, api_as: Any, method: str, url: str, body: Any
) -> None:
    """PostgreSQL cannot store NUL: found by the fuzz test as a DataError 500 on lookups."""
    client = api_as(users.admin)
    if body is None:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    else:
        response = client.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    form = api_as(users.admin).post(
        "/api/v1/enterprises/", {"province": "2\x006"}, format="multipart"
    )
    assert form.status_code == 400
