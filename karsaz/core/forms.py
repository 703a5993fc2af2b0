import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from karsaz.core import jalali
from karsaz.core.i18n import page_language


class JalaliDateInput(forms.TextInput):
    """A text input that shows dates in Jalali on Persian pages and ISO on English ones."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return jalali.format_date(value, lang=page_language())
        return super().format_value(value)


class JalaliDateField(forms.Field):
    widget = JalaliDateInput
    default_error_messages = {
        "invalid": _("Write the date as 1405/01/31 (Jalali) or 2026-04-20."),
        "year": _("The year must be from 1300 to 1499 (Jalali) or from 1900 to 2199 (Gregorian)."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "۱۴۰۵/۰۱/۳۱")
        self.widget.attrs.setdefault("dir", "ltr")

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return jalali.parse_date(str(value))
        except jalali.DateOutOfRange as exc:
            raise ValidationError(self.error_messages["year"], code="year") from exc
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Puts a service's field errors on the form (codes kept), unknown fields as form-wide."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for key, errors in exc.error_dict.items():
        form.add_error(key if key in form.fields else None, errors)
