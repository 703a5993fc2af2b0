"""The page's language as the product knows it: Persian ("fa", the default) or English."""

from typing import Literal

from django.utils.translation import get_language


def page_language() -> Literal["fa", "en"]:
    """ "fa" unless the active language is English (or another one we do not translate to)."""
    return "fa" if (get_language() or "fa").startswith("fa") else "en"
