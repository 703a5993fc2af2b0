"""How finance shows its figures: one unit for rates (annual percent with its basis points) and
the share of a limit in use, in the page's language and digits."""

from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.utils.translation import gettext as _

from karsaz.core import jalali, money
from karsaz.core.i18n import page_digits, page_language
from karsaz.core.persian import to_persian_digits
from karsaz.finance.choices import InvoiceState


def _decimal_text(value: Decimal) -> str:
    """«23.5» / «۲۳٫۵»: no trailing zeros, the page's digits and decimal separator."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if page_language() == "fa":
        return to_persian_digits(text.replace(".", "٫"))
    return text


def _grouped(n: int) -> str:
    text = f"{n:,}"
    return to_persian_digits(text.replace(",", "٬")) if page_language() == "fa" else text


def percent_of_bp(rate_bp: int) -> str:
    """2350 → «23.5» (English) or «۲۳٫۵» (Persian): the annual percent, no sign."""
    return _decimal_text(Decimal(int(rate_bp)) / 100)


def rate_text(rate_bp: Any) -> str:
    """Every rate in one unit: «۲۳٫۵٪ (۲٬۳۵۰ واحد پایه)» / "23.5% (2,350 bp)" ("" for none)."""
    if rate_bp is None or rate_bp == "":
        return ""
    bp = int(rate_bp)
    return _("{percent}% ({bp} bp)").format(percent=percent_of_bp(bp), bp=_grouped(bp))


def share_used(used: int, cap: int) -> Decimal:
    """The part of a cap in use, in percent to one decimal, rounded down (a full cap is 100,
    an unused or zero cap 0)."""
    if cap <= 0:
        return Decimal(0)
    return (Decimal(used) * 100 / Decimal(cap)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def clock_text(seconds: Any) -> str:
    """Time left as hours:minutes:seconds in the page's digits (hours may pass 24): 3725 →
    «01:02:05» / «۰۱:۰۲:۰۵»; auction.js counts down in the same shape."""
    left = max(0, int(seconds or 0))
    hours, rest = divmod(left, 3600)
    text = f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
    return page_digits(text)


def percent_text(value: Any) -> str:
    """12.5 → «12.5%» / «۱۲٫۵٪»."""
    if value is None or value == "":
        return ""
    return _("{percent}%").format(percent=_decimal_text(Decimal(value)))


# ---------------------------------------------------------------- what an action did, in words


def _money(user: Any, rials: int) -> str:
    unit = getattr(user, "currency_unit", "rial") or "rial"
    return money.format_amount(int(rials), unit=unit, lang=page_language())


def _number(invoice: Any) -> str:
    return page_digits(invoice.number)


def outcome(action: str, result: Any, *, user: Any) -> str:
    """The success message of a finance action: what happened, to which invoice, for how much
    («فاکتور INV-۱ تأیید شد؛ منتظر تأیید دوم.»), not a bare «انجام شد»."""
    if action in ("confirm", "void"):
        kind = result.get_kind_display()
        if action == "confirm":
            text = _("{kind} of {amount} on invoice {number} confirmed by the bank.")
        else:
            text = _("{kind} of {amount} on invoice {number} recorded as bounced.")
        return text.format(
            kind=kind, amount=_money(user, result.amount), number=_number(result.invoice)
        )
    if action == "bid":
        return _("Bid of {amount} at {rate} placed on invoice {number}.").format(
            amount=_money(user, result.invoice.net_amount),
            rate=rate_text(result.rate_bp),
            number=_number(result.invoice),
        )
    if action == "take":
        return _(
            "Bid at {rate} taken on invoice {number}: {amount} will reach you once the bank "
            "confirms the transfer."
        ).format(
            rate=rate_text(result.invoice.rate_bp),
            number=_number(result.invoice),
            amount=_money(user, result.amount),
        )
    if action == "repay":
        return _(
            "Payment of {amount} on invoice {number} recorded; it counts once the financier "
            "confirms it arrived."
        ).format(amount=_money(user, result.amount), number=_number(result.invoice))
    number = _number(result)
    if action == "approve":
        if result.state == InvoiceState.MAKER_APPROVED:
            return _("Invoice {number} approved; waiting for a second approver.").format(
                number=number
            )
        return _(
            "Invoice {number} accepted: the buyer owes {amount} on {due}, whoever finances it."
        ).format(
            number=number,
            amount=_money(user, result.net_amount),
            due=jalali.format_date(result.due_date, lang=page_language()),
        )
    if action == "reject":
        return _("Invoice {number} rejected.").format(number=number)
    if action == "cancel":
        return _("Invoice {number} withdrawn.").format(number=number)
    if action == "request-financing":
        return _("Invoice {number} is in auction until {closes}.").format(
            number=number,
            closes=jalali.format_datetime(result.auction_closes_at, lang=page_language()),
        )
    raise ValueError(f"no outcome message for {action!r}")
