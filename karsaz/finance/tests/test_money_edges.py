"""Edges of finance.money the mutation run found unguarded: exact refusals, day counts, rate
conversions and the split's boundary."""

import datetime as dt
from decimal import Decimal

import pytest

from karsaz.finance.money import (
    days_between,
    disbursement_split,
    fee,
    interest,
    percent,
    rate_bp_from_percent,
)


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((1.0, 100, 10), TypeError, "^amount must be an integer$"),
        ((100, "5", 10), TypeError, "^rate_bp must be an integer$"),
        ((100, 5, None), TypeError, "^days must be an integer$"),
        ((-1, 100, 10), ValueError, "^amount must not be negative$"),
        ((100, -5, 10), ValueError, "^rate_bp must not be negative$"),
        ((100, 5, -1), ValueError, "^days must not be negative$"),
    ],
)
def test_interest_refuses_with_the_name_of_the_bad_argument(args, error, message):
    with pytest.raises(error, match=message):
        interest(*args)


def test_fee_refuses_a_negative_rate_by_name():
    with pytest.raises(ValueError, match=r"^rate_bp must not be negative$"):
        fee(1000, -1)
    assert fee(1_000_000, 125) == 12_500


def test_days_between_counts_forward_and_never_below_zero():
    start = dt.date(2026, 3, 1)
    assert days_between(start, dt.date(2026, 3, 31)) == 30
    assert days_between(start, start) == 0
    assert days_between(dt.date(2026, 3, 31), start) == 0


def test_percent_and_back():
    assert percent(1825) == Decimal("18.25")
    assert str(percent(5)) == "0.05"
    assert str(percent(2000)) == "20.00"
    assert rate_bp_from_percent("18.25") == 1825
    assert rate_bp_from_percent(Decimal("0.01")) == 1
    with pytest.raises(ValueError, match=r"^rates are whole basis points \(two decimals"):
        rate_bp_from_percent("18.255")


def test_the_split_pays_a_single_rial_and_refuses_nothing():
    # 10,000 rials at 100% a year for 365 days is all discount: nothing left for the supplier.
    with pytest.raises(ValueError, match=r"^discount and fee exceed the amount$"):
        disbursement_split(net=10_000, rate_bp=10_000, days=365, fee_bp=0)
    # 9,999 of 10,000 taken by the fee: one rial still goes to the supplier.
    assert disbursement_split(net=10_000, rate_bp=0, days=0, fee_bp=9_999) == {
        "discount": 0,
        "fee": 9_999,
        "purchase_price": 10_000,
        "to_supplier": 1,
    }
