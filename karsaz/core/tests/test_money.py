import pytest

from karsaz.core.money import format_amount


def test_rials_persian_grouping_and_digits() -> None:
    assert format_amount(33_000_000_000, lang="fa") == "۳۳٬۰۰۰٬۰۰۰٬۰۰۰ ریال"


def test_rials_english() -> None:
    assert format_amount(1_250_000, lang="en") == "1,250,000 rials"


def test_toman_keeps_every_rial() -> None:
    assert format_amount(12_345, unit="toman", lang="en") == "1,234.5 toman"
    assert format_amount(12_340, unit="toman", lang="fa") == "۱٬۲۳۴ تومان"
    assert format_amount(-50, unit="toman", lang="en") == "-5 toman"


@pytest.mark.parametrize("bad", [1.5, "100", True])
def test_refuses_non_integers(bad: object) -> None:
    with pytest.raises(TypeError):
        format_amount(bad, lang="en")  # type: ignore[arg-type]


def test_none_is_blank() -> None:
    assert format_amount(None) == ""
