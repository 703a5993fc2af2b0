from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karsaz.finance import money


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(5, 2), 2),
        (Fraction(7, 2), 4),
        (Fraction(-5, 2), -2),
        (Fraction(-7, 2), -4),
        (Fraction(249, 100), 2),
        (Fraction(251, 100), 3),
        (Fraction(0), 0),
    ],
)
def test_bankers_rounding(value, expected):
    assert money.round_half_even(value) == expected


def test_discount_rule_at_the_edges():
    # 365 days at 100 % is the whole amount; zero days or zero rate is nothing.
    assert money.discount(1_000_000, 10_000, 365) == 1_000_000
    assert money.discount(1_000_000, 1800, 0) == 0
    assert money.discount(1_000_000, 0, 90) == 0
    # 1 rial for 1 day at 18 %: 0.000493… → 0.
    assert money.discount(1, 1800, 1) == 0
    # Exactly half a rial rounds to even: 365 × 10000 / (10000 × 365 × 2) = 0.5 → 0; 1.5 → 2.
    assert money.interest(1, 5000, 365) == 0  # 0.5
    assert money.interest(3, 5000, 365) == 2  # 1.5
    assert money.interest(5, 5000, 365) == 2  # 2.5
    # A leap year still counts 365: 366 days is a little more than a year's rate.
    assert money.discount(3_650_000, 10_000, 366) == 3_660_000
    # The largest plausible unit (10^15 rials) stays exact.
    assert money.discount(10**15, 3650, 73) == 73 * 10**12


def test_money_refuses_floats_and_negatives():
    with pytest.raises(TypeError):
        money.discount(1000.0, 1800, 30)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        money.discount(1000, True, 30)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        money.discount(-1000, 1800, 30)
    with pytest.raises(ValueError):
        money.rate_bp_from_percent("18.255")
    assert money.rate_bp_from_percent("18.25") == 1825


def test_split_never_pays_out_more_than_it_gets():
    split = money.disbursement_split(net=900_000_000, rate_bp=1825, days=91, fee_bp=20)
    assert split == {
        "discount": 40_950_000,
        "fee": 1_800_000,
        "purchase_price": 859_050_000,
        "to_supplier": 857_250_000,
    }
    with pytest.raises(ValueError):
        money.disbursement_split(net=100, rate_bp=100_000, days=365, fee_bp=0)


@given(
    amount=st.integers(min_value=1, max_value=10**15),
    rate=st.integers(min_value=0, max_value=money.MAX_RATE_BP),
    days=st.integers(min_value=0, max_value=3650),
)
def test_discount_is_the_exact_value_rounded_half_even(amount, rate, days):
    exact = Fraction(amount * rate * days, 10_000 * 365)
    got = money.discount(amount, rate, days)
    assert abs(got - exact) <= Fraction(1, 2)
    if abs(got - exact) == Fraction(1, 2):
        assert got % 2 == 0
    assert isinstance(got, int)


@given(
    amount=st.integers(min_value=1, max_value=10**12),
    rate=st.integers(min_value=1, max_value=5000),
    days=st.integers(min_value=1, max_value=400),
)
def test_discount_grows_with_time_and_rate(amount, rate, days):
    assert money.discount(amount, rate, days) <= money.discount(amount, rate, days + 1)
    assert money.discount(amount, rate, days) <= money.discount(amount, rate + 1, days)
