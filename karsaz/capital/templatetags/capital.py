"""Template filters of the capital pages."""

import datetime as dt
import re

from django import template
from django.utils.translation import get_language

from karsaz.core.jalali import format_date

register = template.Library()

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


@register.filter
def evidence_text(value: str | None) -> str:
    """Evidence as stored (ISO dates, language-neutral, as the API gives it) shown in the page's
    calendar: «2025-11-29» reads «۱۴۰۴/۰۹/۰۸» on a Persian page."""
    lang = "fa" if (get_language() or "fa").startswith("fa") else "en"

    def jalali(match: re.Match[str]) -> str:
        try:
            day = dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            return match.group(0)
        return format_date(day, lang=lang)

    return _ISO_DATE.sub(jalali, value or "")
