"""The dashboards per role: who sees which figures, the drill-down, the links and bad input."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from karsaz.insights.tests.cube import cube_fixture, facts_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

HOME = reverse("insights:home")


def client_for(user, lang: str = "fa") -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    if user is not None:
        client.force_login(user)
    return client


def figure(response, code: str) -> str:  # type: ignore[no-untyped-def]
    """The headline figure of `code` as the page shows it (digits and unit)."""
    html = response.content.decode()
    match = re.search(rf'data-testid="figure-{re.escape(code)}">(.*?)</p>', html, re.S)
    assert match, f"no figure {code}"
    return " ".join(re.sub(r"<[^>]+>", " ", match[1]).split())


def charts(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return re.findall(r'data-chart="(\w+)" data-fact="([\w.]+)"', response.content.decode())


# --- national staff -----------------------------------------------------------------------------


def test_national_staff_see_every_figure_by_province_and_the_map(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.national).get(HOME)
    assert response.status_code == 200
    assert figure(response, "registry.enterprises") == "۳۳ عدد"
    assert figure(response, "finance.amounts") == "۱۲٬۰۰۰٬۰۰۰ ریال"
    assert charts(response) == [("places", "registry.enterprises"), ("places", "finance.amounts")]
    html = response.content.decode()
    assert html.count('class="province"') == 31
    # The map and the bars lead to each province's dashboard.
    assert f'href="{reverse("insights:province", args=["26"])}"' in html
    assert "داده‌ها تا: ۱۴۰۴/۰۷/۰۹ ۰۹:۳۰" in html  # the Refresh's finished_at, Jalali


def test_the_map_shows_the_chosen_figure(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.national).get(HOME + "?fact=finance.amounts")
    html = response.content.decode()
    assert "Amounts financed به تفکیک استان" in html
    tehran = re.search(r'data-iso="IR-23"><title>([^<]*)</title>', html)
    alborz = re.search(r'data-iso="IR-30"><title>([^<]*)</title>', html)
    assert tehran and tehran[1] == "تهران: ۷٬۰۰۰٬۰۰۰"
    assert alborz and alborz[1] == "البرز: ۰"


@pytest.mark.parametrize(
    ("period", "enterprises", "amounts"),
    [
        ("1404-Q1", "۳۰ عدد", "۵٬۰۰۰٬۰۰۰ ریال"),  # a stock at the quarter's end, a flow within it
        ("1404-07", "۳۳ عدد", "۷٬۰۰۰٬۰۰۰ ریال"),
        ("1404-01", "۱۰ عدد", "۰ ریال"),
        ("1403", "۰ عدد", "۰ ریال"),
        ("۱۴۰۴", "۳۳ عدد", "۱۲٬۰۰۰٬۰۰۰ ریال"),
    ],
)
def test_the_period_filter(users, cube, period, enterprises, amounts):  # type: ignore[no-untyped-def]
    response = client_for(users.national).get(HOME, {"period": period})
    assert response.status_code == 200
    assert figure(response, "registry.enterprises") == enterprises
    assert figure(response, "finance.amounts") == amounts


def test_dimension_filters_narrow_the_figures(users, cube):  # type: ignore[no-untyped-def]
    client = client_for(users.national)
    small = client.get(HOME, {"size": "small"})
    assert figure(small, "registry.enterprises") == "۲۰ عدد"
    assert figure(small, "finance.amounts") == "۷٬۰۰۰٬۰۰۰ ریال"
    knowledge = client.get(HOME, {"kind": "knowledge_based"})
    assert figure(knowledge, "registry.enterprises") == "۳ عدد"
    division = client.get(HOME, {"isic": "10"})
    assert figure(division, "registry.enterprises") == "۲۰ عدد"


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ({"period": "1404-13"}, "period", "invalid_period"),
        ({"period": "1404-Q5"}, "period", "invalid_period"),
        ({"period": "next year"}, "period", "invalid_period"),
        ({"province": "99"}, "province", "unknown_value"),
        ({"park": "999999"}, "park", "unknown_value"),
        ({"size": "giant"}, "size", "unknown_value"),
        ({"kind": "martian"}, "kind", "unknown_value"),
        ({"isic": "ZZ"}, "isic", "unknown_value"),
    ],
)
def test_bad_filters_are_a_400_page_in_persian_never_figures(users, cube, query, field, code):  # type: ignore[no-untyped-def]
    response = client_for(users.national).get(HOME, query)
    assert response.status_code == 400
    assert response.context["form"].codes() == {field: [code]}
    html = response.content.decode()
    assert "برای دیدن رقم‌ها، پالایه‌ها را درست کنید." in html
    assert 'data-testid="figure-' not in html


def test_an_impossible_month_says_so_in_english_on_english_pages(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.national, "en").get(HOME, {"period": "1404-13"})
    assert response.status_code == 400
    assert "«1404-13» is not a period" in response.content.decode()


def test_a_province_filter_drills_down_to_its_dashboard(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.national).get(HOME, {"province": "26", "period": "1404"})
    assert response.status_code == 302
    assert response["Location"] == reverse("insights:province", args=["26"]) + "?period=1404"
    park = client_for(users.national).get(
        reverse("insights:province", args=["26"]), {"park": cube.park.pk}
    )
    assert park["Location"] == reverse("insights:park", args=[cube.park.pk])


def test_the_province_dashboard_breaks_down_by_park_and_links_to_each(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.national).get(
        reverse("insights:province", args=["26"]), {"period": "1404"}
    )
    assert response.status_code == 200
    assert figure(response, "registry.enterprises") == "۱۰ عدد"
    assert figure(response, "finance.amounts") == "۵٬۰۰۰٬۰۰۰ ریال"
    html = response.content.decode()
    assert f'href="{reverse("insights:park", args=[cube.park.pk])}?period=1404"' in html
    assert 'class="province"' not in html  # the map is the country's


def test_the_park_dashboard_links_its_sizes_to_the_registry_list(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.national).get(reverse("insights:park", args=[cube.park.pk]))
    assert response.status_code == 200
    assert figure(response, "registry.enterprises") == "۱۰ عدد"
    html = response.content.decode()
    registry = reverse("registry:enterprise_list")
    assert f'href="{registry}?province=26&amp;park={cube.park.pk}&amp;size=micro"' in html
    # The amounts are not the registry's: their size bar narrows the park's dashboard instead.
    park = reverse("insights:park", args=[cube.park.pk])
    assert f'href="{park}?size=micro"' in html


def test_a_province_is_also_found_by_its_id_and_an_unknown_one_is_404(users, cube):  # type: ignore[no-untyped-def]
    client = client_for(users.national)
    assert client.get(reverse("insights:province", args=["99"])).status_code == 404
    assert client.get(reverse("insights:park", args=[999999])).status_code == 404
    assert client.get(reverse("insights:fact", args=["nope.nothing"])).status_code == 404


def test_a_figure_page_has_every_chart_in_jalali_months(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.national).get(
        reverse("insights:fact", args=["finance.amounts"]), {"period": "1404"}
    )
    assert response.status_code == 200
    assert [c for c, _f in charts(response)] == [
        "places", "months", "sizes", "kinds", "divisions", "series",
    ]  # fmt: skip
    html = response.content.decode()
    assert "اردیبهشت ۱۴۰۴" in html and "۱۴۰۴/۰۱" in html  # the months, Persian and Jalali
    assert "Invoices" in html and "Leases" in html  # the series' labels


def test_english_pages_use_latin_digits_and_english_names(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.national, "en").get(HOME)
    assert figure(response, "finance.amounts") == "12,000,000 rials"
    html = response.content.decode()
    assert 'dir="ltr"' in html and ">Tehran: 20</title>" in html


# --- a provincial officer -----------------------------------------------------------------------


def test_a_provincial_officer_sees_the_country_only_as_totals(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.qazvin_officer).get(HOME)
    assert response.status_code == 200
    assert figure(response, "registry.enterprises") == "۳۳ عدد"
    assert charts(response) == []
    html = response.content.decode()
    assert 'class="province"' not in html and 'data-testid="totals-only"' in html
    assert "تهران" not in html  # not even a province's name in a choice
    # Nor can an export or a figure's page break the country down for them.
    assert (
        client_for(users.qazvin_officer)
        .get(reverse("insights:chart_export", args=["registry.enterprises", "places", "csv"]))
        .status_code
        == 403
    )
    fact = client_for(users.qazvin_officer).get(
        reverse("insights:fact", args=["registry.enterprises"])
    )
    assert charts(fact) == []


def test_a_provincial_officer_sees_their_province_in_full(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.qazvin_officer).get(reverse("insights:province", args=["26"]))
    assert response.status_code == 200
    assert figure(response, "finance.amounts") == "۵٬۰۰۰٬۰۰۰ ریال"
    assert ("places", "finance.amounts") in charts(response)
    park = client_for(users.qazvin_officer).get(reverse("insights:park", args=[cube.park.pk]))
    assert park.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        reverse("insights:province", args=["23"]),
        reverse("insights:fact", args=["finance.amounts"]) + "?province=23",
        reverse("insights:chart_export", args=["finance.amounts", "places", "csv"])
        + "?province=23",
        reverse("insights:export", args=["xlsx"]) + "?province=23",
    ],
)
def test_another_province_is_refused_without_its_figures(users, cube, url):  # type: ignore[no-untyped-def]
    response = client_for(users.qazvin_officer).get(url)
    assert response.status_code == 403
    assert "۷٬۰۰۰٬۰۰۰" not in response.content.decode()


def test_another_provinces_park_is_refused(users, cube):  # type: ignore[no-untyped-def]
    from karsaz.registry.models import IndustrialPark

    tehran_park = IndustrialPark.objects.filter(province=cube.tehran).first()
    assert tehran_park is not None
    response = client_for(users.qazvin_officer).get(reverse("insights:park", args=[tehran_park.pk]))
    assert response.status_code == 403


# --- everyone else ------------------------------------------------------------------------------


def test_an_sme_user_sees_public_figures_with_small_cells_suppressed(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.sme_owner).get(HOME)
    assert response.status_code == 200
    assert figure(response, "registry.enterprises") == "۳۳ عدد"
    assert "finance.amounts" not in response.content.decode()  # not a public fact
    places = response.context["board"].map
    shown = {row.label: (row.value, row.suppressed) for row in places.rows}
    # Isfahan's 3 firms are withheld, and Qazvin (the smallest other) with it: 33 - 20 = 13
    # could otherwise be split back.
    assert shown == {"اصفهان": (None, True), "قزوین": (None, True), "تهران": (20, False)}
    assert 'data-testid="suppressed-note"' in response.content.decode()


def test_an_sme_user_may_not_open_a_staff_only_figure(users, cube):  # type: ignore[no-untyped-def]
    client = client_for(users.sme_owner)
    assert client.get(reverse("insights:fact", args=["finance.amounts"])).status_code == 404
    assert (
        client.get(
            reverse("insights:chart_export", args=["finance.amounts", "places", "csv"])
        ).status_code
        == 404
    )


def test_a_small_headline_is_suppressed_for_an_sme_user(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.sme_owner).get(
        reverse("insights:province", args=["10"])  # Isfahan: 3 enterprises
    )
    assert response.status_code == 200
    assert figure(response, "registry.enterprises") == "پنهان عدد"
    assert "۳ عدد" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(cube):  # type: ignore[no-untyped-def]
    for url in (
        HOME,
        reverse("insights:province", args=["26"]),
        reverse("insights:export", args=["pdf"]),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("where", "query", "to"),
    [
        ("province", {"province": ""}, "/insights/"),
        ("province", {"province": "23", "period": "1404"}, "/insights/province/23/?period=1404"),
        ("park", {"park": ""}, "/insights/province/26/"),
        ("park", {"province": "23"}, "/insights/province/23/"),
        ("park", {"province": "", "park": ""}, "/insights/"),
    ],
)
def test_the_filters_widen_the_dashboard_too(users, cube, where, query, to):  # type: ignore[no-untyped-def]
    url = {
        "province": reverse("insights:province", args=["26"]),
        "park": reverse("insights:park", args=[cube.park.pk]),
    }[where]
    response = client_for(users.national).get(url, query)
    assert response.status_code == 302
    assert response["Location"] == to


def test_a_dashboard_selects_its_own_province_and_park(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.national).get(reverse("insights:park", args=[cube.park.pk]))
    form = response.context["form"]
    assert (form["province"].value(), form["park"].value()) == ("26", str(cube.park.pk))


def test_a_series_bar_narrows_the_figure_to_its_category(users, cube):  # type: ignore[no-untyped-def]
    client = client_for(users.national)
    url = reverse("insights:fact", args=["finance.amounts"])
    page = client.get(url).content.decode()
    assert f'href="{url}?series=b"' in page  # Leases
    leases = client.get(url, {"series": "b"})
    assert figure(leases, "finance.amounts") == "۷٬۰۰۰٬۰۰۰ ریال"


def test_a_province_shows_the_country_beside_its_own_figure_and_its_share(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.qazvin_officer).get(reverse("insights:province", args=["26"]))
    html = response.content.decode()
    national = re.search(r'data-testid="national-registry.enterprises">([^<]*)</p>', html)
    assert national and national[1] == "ایران: ۳۳ · سهم ۳۰٫۳٪"  # 10 of 33
    amounts = re.search(r'data-testid="national-finance.amounts">([^<]*)</p>', html)
    assert amounts and amounts[1] == "ایران: ۱۲٬۰۰۰٬۰۰۰ · سهم ۴۱٫۷٪"  # 5 of 12 million


def test_the_admin_shows_the_aggregates_read_only(users, cube):  # type: ignore[no-untyped-def]
    client = client_for(users.admin)
    assert client.get(reverse("admin:insights_cell_changelist")).status_code == 200
    assert client.get(reverse("admin:insights_refresh_changelist")).status_code == 200
    assert client.get(reverse("admin:insights_cell_add")).status_code == 403
    from karsaz.insights.models import Cell

    cell = Cell.objects.first()
    assert cell is not None
    change = client.post(reverse("admin:insights_cell_change", args=[cell.pk]), {"total": 1})
    assert change.status_code == 403
    cell.refresh_from_db()
    assert cell.total != 1


def test_amounts_follow_the_users_currency(users, cube):  # type: ignore[no-untyped-def]
    users.national.currency_unit = "toman"
    users.national.save()
    response = client_for(users.national).get(HOME)
    assert figure(response, "finance.amounts") == "۱٬۲۰۰٬۰۰۰ تومان"
