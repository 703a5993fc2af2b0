"""The page's language as the product knows it: Persian ("fa", the default) or English."""

from typing import Any, Literal

from django.utils.functional import lazy
from django.utils.translation import get_language

from karsaz.core.persian import to_persian_digits


def page_language() -> Literal["fa", "en"]:
    """ "fa" unless the active language is English (or another one we do not translate to)."""
    return "fa" if (get_language() or "fa").startswith("fa") else "en"


def page_digits(value: Any) -> str:
    """A number (or code) in the page's digits: «۱۲» on Persian pages, «12» on English ones."""
    return to_persian_digits(value) if page_language() == "fa" else str(value)


def page_name(obj: Any, field: str = "name") -> str:
    """A record's `<field>_fa` in Persian digits on Persian pages, its `<field>_en` (or the
    Persian, when it has none) on English ones."""
    fa = str(getattr(obj, f"{field}_fa", "") or "")
    if page_language() == "fa":
        return to_persian_digits(fa)
    return str(getattr(obj, f"{field}_en", "") or fa)


# For labels built at import time (choices), read when shown.
page_digits_lazy = lazy(page_digits, str)
