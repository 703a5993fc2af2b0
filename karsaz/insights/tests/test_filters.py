"""The Jalali period filter and the translation of a slice into the registry list's parameters."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from karsaz.insights import filters
from karsaz.insights.choices import Grain
from karsaz.insights.errors import InsightsErrorCode
from karsaz.insights.forms import DashboardFilterForm


@pytest.mark.parametrize(
    ("text", "grain", "start", "end", "canonical"),
    [
        ("1404", Grain.YEAR, 140401, 140412, "1404"),
        ("1404-Q1", Grain.QUARTER, 140401, 140403, "1404-Q1"),
        ("1404-q4", Grain.QUARTER, 140410, 140412, "1404-Q4"),
        ("1404-07", Grain.MONTH, 140407, 140407, "1404-07"),
        ("1404-7", Grain.MONTH, 140407, 140407, "1404-07"),
        ("۱۴۰۴-۱۲", Grain.MONTH, 140412, 140412, "1404-12"),  # Persian digits
        (" 1403-Q2 ", Grain.QUARTER, 140304, 140306, "1403-Q2"),
    ],
)
def test_periods_name_their_jalali_months(text, grain, start, end, canonical):  # type: ignore[no-untyped-def]
    period = filters.parse_period(text)
    assert period == filters.Period(text=canonical, grain=grain, start=start, end=end)


def test_no_period_is_all_time():
    assert filters.parse_period("") is None
    assert filters.parse_period("  ") is None


@pytest.mark.parametrize(
    "text", ["1404-13", "1404-00", "1404-Q5", "1404-Q0", "14041", "1404/07", "abcd", "2025-01",
             "1404-07-01"],
)  # fmt: skip
def test_impossible_periods_are_an_error_with_its_code(text):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        filters.parse_period(text)
    assert caught.value.code == InsightsErrorCode.INVALID_PERIOD


def test_the_period_error_speaks_persian():
    with translation.override("fa"), pytest.raises(ValidationError) as caught:
        filters.parse_period("1404-13")
    assert caught.value.messages == [
        "«1404-13» دوره نیست: سال (۱۴۰۴)، فصل (1404-Q2) یا ماه (1404-07) شمسی بنویسید."
    ]


def test_period_labels_in_both_languages():
    quarter = filters.parse_period("1404-Q2")
    month = filters.parse_period("1404-07")
    assert quarter is not None and month is not None
    assert (quarter.label("fa"), quarter.label("en")) == ("فصل ۲ ۱۴۰۴", "Q2 1404")
    assert (month.label("fa"), month.label("en")) == ("مهر ۱۴۰۴", "Mehr 1404")
    assert filters.month_label(140401, "fa") == "فروردین ۱۴۰۴"
    assert filters.month_label(140412, "en", short=True) == "1404-12"


def test_a_slice_becomes_the_selectors_filters_and_the_registry_list_query():
    period = filters.parse_period("1404-Q3")
    got = filters.to_filters(period, province_id=7, park_id=None, isic="25", size="small")
    assert got.items() == {
        "start": 140407, "end": 140409, "province": 7, "isic_division": "25", "size_class": "small",
    }  # fmt: skip
    assert filters.registry_query(province_code="26", park_id=3, isic="25", kind="sme") == {
        "province": "26", "park": 3, "isic": "25", "kind": "sme",
    }  # fmt: skip


def _form(data):  # type: ignore[no-untyped-def]
    return DashboardFilterForm(
        data,
        provinces=[("26", "Qazvin")],
        parks=[("4", "Alborz park")],
        divisions=[("25", "25 Metal products")],
    )


def test_the_form_codes_each_bad_field():
    form = _form({"period": "1404-13", "province": "99", "size": "giant", "isic": "25"})
    assert not form.is_valid()
    assert form.codes() == {
        "period": ["invalid_period"], "province": ["unknown_value"], "size": ["unknown_value"],
    }  # fmt: skip


def test_the_form_accepts_a_full_slice():
    form = _form({"period": "۱۴۰۴-Q2", "province": "26", "park": "4", "kind": "sme"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["period"] == "1404-Q2"
    period = form.parsed_period
    assert period is not None and (period.start, period.end) == (140404, 140406)
