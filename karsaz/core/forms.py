import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from karsaz.core import jalali
from karsaz.core.i18n import page_language, page_name
from karsaz.core.persian import to_latin_digits, to_persian_digits

# Inside a number: spaces, ZWNJ and direction marks a Persian keyboard or a paste leaves behind.
_NUMBER_NOISE = re.compile(r"[\s\u200c\u200e\u200f]")


def _number_attrs(field: forms.Field, *, decimal: bool) -> dict[str, Any]:
    """A text box (a number box drops Persian digits and keeps no invalid text to correct),
    with the numeric keyboard on phones and the limits for the hint beside it."""
    attrs: dict[str, Any] = {"inputmode": "decimal" if decimal else "numeric", "dir": "ltr"}
    for bound in ("min_value", "max_value"):
        value = getattr(field, bound, None)
        if value is not None:
            attrs[f"data-{bound.replace('_value', '')}"] = str(value)
    return attrs


def bilingual_choices(form: forms.BaseForm) -> None:
    """Labels the choices of records named in both languages (provinces, parks, firms) by
    `page_name`: their `str` is the Persian name, which English pages showed. A field whose
    class labels its choices its own way keeps its labels."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if (
            isinstance(field, forms.ModelChoiceField)
            and type(field).label_from_instance is forms.ModelChoiceField.label_from_instance
            and queryset is not None
            and {"name_fa", "name_en"} <= {f.name for f in queryset.model._meta.fields}
        ):
            field.label_from_instance = page_name  # type: ignore[method-assign]


class NamedChoices:
    """A form whose choices of named records are labelled in the page's language
    (`bilingual_choices`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bilingual_choices(self)  # type: ignore[arg-type]


class _PageDigits:
    """Limits in error messages («at most 600») in the page's digits, codes kept."""

    def run_validators(self, value: Any) -> None:
        try:
            super().run_validators(value)  # type: ignore[misc]
        except ValidationError as exc:
            if page_language() != "fa":
                raise
            raise ValidationError(
                [
                    ValidationError(to_persian_digits(" ".join(e.messages)), code=e.code)
                    for e in exc.error_list
                ]
            ) from exc


class IntegerField(_PageDigits, forms.IntegerField):
    """An integer typed with Persian, Arabic or Latin digits («۱۲», «١٢», «12»)."""

    widget = forms.TextInput

    def widget_attrs(self, widget: Any) -> dict[str, Any]:
        return {**super().widget_attrs(widget), **_number_attrs(self, decimal=False)}

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = _NUMBER_NOISE.sub("", to_latin_digits(value)).replace("\u2212", "-")
        return super().to_python(value)


class DecimalField(_PageDigits, forms.DecimalField):
    """A decimal typed as «۱۸٫۵», «18/5» or «18.5» (the Persian decimal mark, the slash people
    type for it, or a point). A minus sign stays, so min_value refuses it rather than reading
    '-3' as 3."""

    widget = forms.TextInput

    def widget_attrs(self, widget: Any) -> dict[str, Any]:
        return {**super().widget_attrs(widget), **_number_attrs(self, decimal=True)}

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            text = _NUMBER_NOISE.sub("", to_latin_digits(value))
            for mark in ("٫", "/", ","):
                text = text.replace(mark, ".")
            value = text.replace("\u2212", "-")
        return super().to_python(value)


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
