import datetime as dt

from django.template import Context, Template
from django.utils import translation

from karsaz.core.templatetags import karsaz as tags


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_digits_follow_language() -> None:
    with translation.override("fa"):
        assert tags.digits(2026) == "۲۰۲۶"
        assert tags.num(2000) == "۲٬۰۰۰"
    with translation.override("en"):
        assert tags.digits(2026) == "2026"
        assert tags.num(2000) == "2,000"


def test_jdate_filter_is_builtin_and_language_aware() -> None:
    day = dt.date(2026, 11, 27)
    with translation.override("fa"):
        assert render("{{ d|jdate }}", d=day) == "۱۴۰۵/۰۹/۰۶"
    with translation.override("en"):
        assert render("{{ d|jdate }}", d=day) == "2026-11-27"


def test_money_uses_user_preference() -> None:
    class Pref:
        currency_unit = "toman"

    with translation.override("fa"):
        assert render("{% money_fmt 100000 %}", user=Pref()) == "۱۰٬۰۰۰ تومان"
        assert render("{% money_fmt 100000 %}") == "۱۰۰٬۰۰۰ ریال"


def test_listing_joins_with_the_language_comma() -> None:
    with translation.override("fa"):
        assert render("{{ xs|listing }}", xs=["الف", "ب"]) == "الف، ب"
    with translation.override("en"):
        assert render("{{ xs|listing }}", xs=["a", "<b>"]) == "a, &lt;b&gt;"
    assert tags.listing(None) == ""


def test_query_with_changes_the_current_query_and_drops_the_page() -> None:
    from django.test import RequestFactory

    request = RequestFactory().get("/x/", {"q": "قالب", "province": "3", "page": "4"})
    html = render("{% query_with province=7 sector='22' %}", request=request)
    assert html == "?q=%D9%82%D8%A7%D9%84%D8%A8&amp;province=7&amp;sector=22"
    assert render("{% query_with trl=5 %}") == "?trl=5"
