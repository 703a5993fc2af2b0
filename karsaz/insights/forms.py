"""The dashboards' filter form: a GET form whose errors are shown beside its fields."""

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from karsaz.insights import filters
from karsaz.insights.errors import InsightsErrorCode
from karsaz.registry.choices import EnterpriseKind, SizeClass

ALL = [("", _("All"))]


class DashboardFilterForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=16,
        help_text=_("A Jalali year (1404), quarter (1404-Q2) or month (1404-07); empty: all."),
    )
    province = forms.ChoiceField(label=_("Province"), required=False)
    park = forms.ChoiceField(label=_("Industrial park"), required=False)
    isic = forms.ChoiceField(label=_("ISIC division"), required=False)
    size = forms.ChoiceField(label=_("Size class"), required=False, choices=ALL + SizeClass.choices)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ALL + EnterpriseKind.choices)

    # A figure's category (its series chart links to it): hidden, not every figure has one.
    series = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(
        self,
        data: Any,
        *,
        provinces: Sequence[tuple[str, str]],
        parks: Sequence[tuple[str, str]],
        divisions: Sequence[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        for name, values in (("province", provinces), ("park", parks), ("isic", divisions)):
            cast(forms.ChoiceField, self.fields[name]).choices = ALL + list(values)
        for name in ("province", "park", "isic", "size", "kind"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "«%(value)s» is not one of the choices."
            )
        self.parsed_period: filters.Period | None = None

    def clean_period(self) -> str:
        self.parsed_period = filters.parse_period(self.cleaned_data.get("period", ""))
        return self.parsed_period.text if self.parsed_period else ""

    def codes(self) -> dict[str, list[str]]:
        """{field: [error code]} for the page's 400 and the tests."""
        return {
            name: [
                InsightsErrorCode.UNKNOWN_VALUE if e.code == "invalid_choice" else str(e.code)
                for e in errors
            ]
            for name, errors in self.errors.as_data().items()
        }
