import datetime as dt
import zoneinfo

import pytest

from karsaz.core import jalali


@pytest.mark.parametrize(
    ("gregorian", "short", "long"),
    [
        (dt.date(2026, 11, 27), "۱۴۰۵/۰۹/۰۶", "۶ آذر ۱۴۰۵"),
        (dt.date(2026, 3, 21), "۱۴۰۵/۰۱/۰۱", "۱ فروردین ۱۴۰۵"),  # Nowruz
        (dt.date(2026, 3, 20), "۱۴۰۴/۱۲/۲۹", "۲۹ اسفند ۱۴۰۴"),
        (dt.date(2025, 3, 20), "۱۴۰۳/۱۲/۳۰", "۳۰ اسفند ۱۴۰۳"),  # leap year ends on the 30th
    ],
)
def test_format_date_persian(gregorian: dt.date, short: str, long: str) -> None:
    assert jalali.format_date(gregorian, lang="fa") == short
    assert jalali.format_date(gregorian, lang="fa", style="long") == long


def test_format_date_english_is_gregorian() -> None:
    assert jalali.format_date(dt.date(2026, 11, 27), lang="en") == "2026-11-27"
    assert jalali.format_date(dt.date(2026, 11, 27), lang="en", style="long") == "27 Nov 2026"


def test_datetime_uses_tehran_local_date() -> None:
    # 22:00 UTC on 20 March is already 21 March (Nowruz) in Tehran.
    moment = dt.datetime(2026, 3, 20, 22, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert jalali.format_date(moment, lang="fa") == "۱۴۰۵/۰۱/۰۱"
    assert jalali.format_datetime(moment, lang="fa") == "۱۴۰۵/۰۱/۰۱ ۰۱:۳۰"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۴۰۵/۰۹/۰۶", dt.date(2026, 11, 27)),
        ("1405-9-6", dt.date(2026, 11, 27)),
        ("٢٠٢٦-١١-٢٧", dt.date(2026, 11, 27)),
        ("2026/11/27", dt.date(2026, 11, 27)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert jalali.parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "1405/13/01", "1403/12/31", "tomorrow", "2026-02-30"])
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        jalali.parse_date(text)


def test_none_is_empty() -> None:
    assert jalali.format_date(None) == ""
    assert jalali.format_datetime(None) == ""
