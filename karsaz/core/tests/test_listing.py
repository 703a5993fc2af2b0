"""The shared list-page helper: filter → page → whole page or, for htmx, the table alone."""

import django_filters
import pytest
from django.test import RequestFactory, override_settings
from django_htmx.middleware import HtmxDetails

from karsaz.core.listing import filtered_page, page_of, query_without_page
from karsaz.registry.models import Province

pytestmark = pytest.mark.django_db

# A page around a table, the table around the shared pager: the shape of every list page.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "builtins": ["karsaz.core.templatetags.karsaz"],
            "loaders": [
                (
                    "django.template.loaders.locmem.Loader",
                    {
                        "list.html": '<html><section id="results">{% include "table.html" %}'
                        "</section>{{ extra }}</html>",
                        "table.html": "{% for p in page %}[{{ p.code }}]{% endfor %}"
                        '{% include "partials/pager.html" %}',
                    },
                ),
                "django.template.loaders.app_directories.Loader",
            ],
        },
    }
]


class ProvinceFilter(django_filters.FilterSet):
    code = django_filters.CharFilter(lookup_expr="startswith")

    class Meta:
        model = Province
        fields = ["code"]


def _get(params: dict[str, str], *, htmx: bool = False):  # type: ignore[no-untyped-def]
    request = RequestFactory().get(
        "/provinces/", params, **({"HTTP_HX_REQUEST": "true"} if htmx else {})
    )
    request.htmx = HtmxDetails(request)  # what HtmxMiddleware does
    return request


def _show(params: dict[str, str], *, htmx: bool = False) -> str:
    request = _get(params, htmx=htmx)
    response = filtered_page(
        request,
        ProvinceFilter(request.GET, queryset=Province.objects.order_by("code")),
        per_page=4,
        template="list.html",
        partial_template="table.html",
        extra_context={"extra": "EXTRA"},
    )
    assert response.status_code == 200
    return response.content.decode()


def _codes(prefix: str) -> list[str]:
    return list(
        Province.objects.filter(code__startswith=prefix)
        .order_by("code")
        .values_list("code", flat=True)
    )


@override_settings(TEMPLATES=TEMPLATES)
def test_a_page_of_the_filtered_list_with_the_pager_keeping_the_filter() -> None:
    codes = _codes("1")
    assert len(codes) > 8  # three pages of four at least
    html = _show({"code": "1", "page": "2"})
    assert html.startswith("<html>") and "EXTRA" in html
    assert "".join(f"[{c}]" for c in codes[4:8]) in html
    assert not any(f"[{c}]" in html for c in codes[:4] + codes[8:])
    assert 'class="pager"' in html
    assert 'hx-get="?code=1&page=1"' in html and 'hx-get="?code=1&page=3"' in html
    assert 'hx-target="#results"' in html


@override_settings(TEMPLATES=TEMPLATES)
def test_htmx_gets_only_the_table() -> None:
    html = _show({"code": "1"}, htmx=True)
    assert "<html" not in html and "EXTRA" not in html
    assert f"[{_codes('1')[0]}]" in html and 'class="pager"' in html


@override_settings(TEMPLATES=TEMPLATES)
def test_past_the_end_gives_the_last_page_and_a_non_number_the_first() -> None:
    codes = _codes("1")
    last = _show({"code": "1", "page": "999"})
    assert f"[{codes[-1]}]" in last and f"[{codes[0]}]" not in last
    first = _show({"code": "1", "page": "abc"})
    assert f"[{codes[0]}]" in first and f"[{codes[-1]}]" not in first


@override_settings(TEMPLATES=TEMPLATES)
def test_one_page_needs_no_pager() -> None:
    html = _show({"code": _codes("1")[0]})
    assert 'class="pager"' not in html


def test_query_without_page_and_page_of_ranked_rows() -> None:
    request = _get({"q": "قالب", "page": "2", "status": "open"})
    assert query_without_page(request) == "q=%D9%82%D8%A7%D9%84%D8%A8&status=open"
    assert query_without_page(_get({"page": "3"})) == ""
    page = page_of(request, ["a", "b", "c", "d", "e"], per_page=2)
    assert page.number == 2 and list(page) == ["c", "d"]


# The lists that used to carry their own pager now show the shared one, with htmx links.


def test_technology_needs_list_uses_the_shared_pager(client, monkeypatch, match_index) -> None:  # type: ignore[no-untyped-def]
    from karsaz.testing.factories_technology import make_need, tech_world

    monkeypatch.setattr("karsaz.technology.views.PAGE_SIZE", 2)
    w = tech_world()
    for n in range(4):
        make_need(user=w.sme_user, enterprise=w.sme, title=f"نیاز آزمون {n}")
    client.force_login(w.national)
    html = client.get("/technology/", {"status": "open"}).content.decode()
    assert 'id="results"' in html and 'class="pager"' in html
    assert 'hx-get="?status=open&page=2"' in html and 'hx-target="#results"' in html
    assert "صفحه" in html  # "Page 1 of 3", in Persian
    partial = client.get("/technology/", {"page": "3"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'hx-get="?page=2"' in partial and "record-table" in partial


def test_clinic_case_list_uses_the_shared_pager(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from karsaz.clinics import services
    from karsaz.registry.choices import EnterpriseKind, MembershipRole
    from karsaz.testing.factories import EnterpriseFactory, MembershipFactory
    from karsaz.testing.factories_clinics import answers, clinic_world

    monkeypatch.setattr("karsaz.clinics.views.PAGE_SIZE", 2)
    w = clinic_world()
    for _ in range(5):
        sme = EnterpriseFactory(kind=EnterpriseKind.SME, province=w.qazvin)
        MembershipFactory(user=w.client, enterprise=sme, role=MembershipRole.OWNER)
        services.case_request(user=w.client, enterprise=sme, problem="نقدینگی", answers=answers())
    client.force_login(w.national)
    html = client.get("/clinics/", {"page": "2"}).content.decode()
    assert "۵ پرونده" in html  # the count in Persian digits, like every other list
    assert 'id="results"' in html and 'class="pager"' in html
    assert 'hx-get="?page=1"' in html and 'hx-get="?page=3"' in html
    partial = client.get("/clinics/", {"page": "9"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'data-testid="case-table"' in partial
    assert 'hx-get="?page=2"' in partial and "بعدی" not in partial  # the last page


def test_event_schedule_pages_its_meetings_in_results(client, users, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from karsaz.events import services
    from karsaz.testing.factories_events import make_delegate, make_event

    monkeypatch.setattr("karsaz.events.views.organizer.SCHEDULE_PAGE_SIZE", 1)
    event = make_event(organizer=users.qazvin_officer)
    a, b, c = (make_delegate(event, username=f"d{n}") for n in range(3))
    for sender, recipient in ((a, b), (a, c)):
        req = services.request_create(user=sender.user, event=event, recipient=recipient)
        services.request_answer(user=recipient.user, request=req, accept=True)
    client.force_login(users.qazvin_officer)
    url = f"/events/{event.pk}/schedule/"
    html = client.get(url).content.decode()
    assert 'id="results"' in html and 'data-testid="run-scheduler"' in html
    assert 'hx-get="?page=2"' in html and 'hx-target="#results"' in html
    partial = client.get(url, {"page": "2"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "run-scheduler" not in partial
    assert 'data-testid="meetings"' in partial and 'hx-get="?page=1"' in partial
    # The meeting forms on page two bring the organizer back to page two.
    assert f'name="next" value="{url}?page=2"' in partial
