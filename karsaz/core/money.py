"""Money is an integer number of rials; this module only formats it for people."""

from karsaz.core.persian import to_persian_digits

TOMAN = 10  # rials in a toman
_SEPARATORS = {"fa": ("٬", "٫"), "en": (",", ".")}


def _group(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def format_amount(rials: int | None, *, unit: str = "rial", lang: str = "fa") -> str:
    """`12345` → «۱۲٬۳۴۵ ریال» or, in toman, «۱٬۲۳۴٫۵ تومان». Never loses a rial."""
    if rials is None:
        return ""
    if isinstance(rials, bool) or not isinstance(rials, int):
        raise TypeError("money must be an integer number of rials")
    thousands, decimal = _SEPARATORS["fa" if lang == "fa" else "en"]
    sign = "-" if rials < 0 else ""
    value = abs(rials)
    if unit == "toman":
        whole, rest = divmod(value, TOMAN)
        text = _group(whole, thousands) + (f"{decimal}{rest}" if rest else "")
        label = "تومان" if lang == "fa" else "toman"
    else:
        text = _group(value, thousands)
        label = "ریال" if lang == "fa" else "rials"
    text = f"{sign}{text} {label}"
    return to_persian_digits(text) if lang == "fa" else text
