"""Every money calculation of supply-chain finance, in one place.

The rule (documented for users and auditors):
- Amounts are integer rials. Rates are integer basis points per year (1 bp = 0.01 %).
- Discount (and penalty) = amount × rate × actual days / 365, computed exactly with
  fractions and rounded once to the whole rial with banker's rounding (half to even).
- Fees are a flat percentage of the net amount, rounded the same way.
- No float ever touches money.
"""

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

BP_PER_UNIT = 10_000
DAYS_PER_YEAR = 365
MAX_RATE_BP = 100_000  # 1000 % a year: anything above is a typing error


def round_half_even(value: Fraction) -> int:
    """Banker's rounding of an exact fraction to an integer (2.5 → 2, 3.5 → 4, -2.5 → -2)."""
    floor = value.numerator // value.denominator
    rest = value - floor
    if rest > Fraction(1, 2):
        return floor + 1
    if rest < Fraction(1, 2):
        return floor
    return floor if floor % 2 == 0 else floor + 1


def _check(amount: int, rate_bp: int, days: int) -> None:
    for name, value in (("amount", amount), ("rate_bp", rate_bp), ("days", days)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an integer")
        if value < 0:
            raise ValueError(f"{name} must not be negative")


def interest(amount: int, rate_bp: int, days: int) -> int:
    """amount × rate × days / 365, banker's rounding to the whole rial."""
    _check(amount, rate_bp, days)
    return round_half_even(Fraction(amount * rate_bp * days, BP_PER_UNIT * DAYS_PER_YEAR))


def discount(amount: int, rate_bp: int, days: int) -> int:
    """The financier's discount on a unit of `amount` rials due in `days` days."""
    return interest(amount, rate_bp, days)


def fee(amount: int, fee_bp: int) -> int:
    """A flat fee of `fee_bp` basis points of the amount."""
    _check(amount, fee_bp, 0)
    return round_half_even(Fraction(amount * fee_bp, BP_PER_UNIT))


def days_between(start: date, end: date) -> int:
    """Actual days from start to end (end exclusive); never negative."""
    return max((end - start).days, 0)


def rate_bp_from_percent(text: str | Decimal) -> int:
    """'18.25' (% a year) → 1825 bp. Exact: refuses more precision than a basis point."""
    value = Decimal(str(text)) * 100
    if value != value.to_integral_value():
        raise ValueError("rates are whole basis points (two decimals of a percent)")
    return int(value.to_integral_value(rounding=ROUND_HALF_EVEN))


def percent(rate_bp: int) -> Decimal:
    return (Decimal(rate_bp) / 100).quantize(Decimal("0.01"))


def disbursement_split(*, net: int, rate_bp: int, days: int, fee_bp: int) -> dict[str, int]:
    """What the supplier receives for a unit of `net` rials: net − discount − fee."""
    disc = discount(net, rate_bp, days)
    platform_fee = fee(net, fee_bp)
    purchase_price = net - disc
    to_supplier = purchase_price - platform_fee
    if to_supplier <= 0:
        raise ValueError("discount and fee exceed the amount")
    return {
        "discount": disc,
        "fee": platform_fee,
        "purchase_price": purchase_price,
        "to_supplier": to_supplier,
    }
