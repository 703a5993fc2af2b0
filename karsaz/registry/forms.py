from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from karsaz.core.forms import IntegerField, JalaliDateField, NamedChoices
from karsaz.core.i18n import page_name
from karsaz.core.tables import ImportFileError, check_import_size
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise, IndustrialPark, IsicActivity, Province
from karsaz.registry.services import clean_enterprise_input

_LTR = {"dir": "ltr"}
# Identifiers with rules of their own (validators on the model fields).
_CHECKED = ("national_id", "economic_code", "phone", "postal_code", "sheba")


def _park_label(park: IndustrialPark) -> str:
    return f"{page_name(park.province)} — {page_name(park)}"


class EnterpriseForm(NamedChoices, forms.Form):
    """Parses what people type; the service normalizes and validates it (one rule set for all)."""

    name_fa = forms.CharField(label=_("Persian name"), max_length=255)
    name_en = forms.CharField(
        label=_("English name"), max_length=255, required=False, widget=forms.TextInput(attrs=_LTR)
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=EnterpriseKind.choices)
    national_id = forms.CharField(
        label=_("National ID"),
        max_length=32,
        widget=forms.TextInput(attrs={**_LTR, "inputmode": "numeric"}),
    )
    economic_code = forms.CharField(
        label=_("Economic code"), max_length=32, required=False, widget=forms.TextInput(attrs=_LTR)
    )
    employees = IntegerField(label=_("Employees"), min_value=0, initial=0)
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.all())
    city = forms.CharField(label=_("City"), max_length=64, required=False)
    park = forms.ModelChoiceField(
        label=_("Industrial park"),
        queryset=IndustrialPark.objects.select_related("province"),
        required=False,
    )
    isic = forms.ModelChoiceField(
        label=_("ISIC activity"),
        queryset=IsicActivity.objects.exclude(level="section"),
        required=False,
    )
    kb_certificate_no = forms.CharField(
        label=_("Knowledge-based certificate"), max_length=32, required=False
    )
    kb_certificate_expires = JalaliDateField(label=_("Certificate expires"), required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=32, required=False, widget=forms.TextInput(attrs=_LTR)
    )
    email = forms.EmailField(label=_("Email"), required=False, widget=forms.EmailInput(attrs=_LTR))
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", widget=forms.URLInput(attrs=_LTR)
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    postal_code = forms.CharField(
        label=_("Postal code"), max_length=32, required=False, widget=forms.TextInput(attrs=_LTR)
    )
    sheba = forms.CharField(
        label=_("Sheba"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={**_LTR, "placeholder": "IR…"}),
    )

    def __init__(self, *args: Any, province_choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if province_choices is not None:
            self.fields["province"].queryset = province_choices  # type: ignore[attr-defined]
            self.fields["park"].queryset = IndustrialPark.objects.filter(  # type: ignore[attr-defined]
                province__in=province_choices
            )
            if len(province_choices) == 1 and not self.initial.get("province"):
                self.initial["province"] = province_choices[0]
        self.fields["park"].label_from_instance = _park_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        """Every error at once: the identifiers' own rules (check digit, Sheba, postal code,
        phone) run here too, on the normalized values, rather than after the first errors are
        fixed. The service runs the same validators again before it writes."""
        cleaned = super().clean() or {}
        typed = {name: cleaned[name] for name in _CHECKED if cleaned.get(name)}
        for name, value in clean_enterprise_input(typed).items():
            try:
                field = Enterprise._meta.get_field(name)
                assert isinstance(field, models.Field)
                field.run_validators(value)
            except ValidationError as exc:
                self.add_error(name, exc)
        return cleaned

    def lock_staff_fields(self, names: tuple[str, ...]) -> None:
        """Shown but not editable (a member's own record): the browser sends nothing for them and
        Django keeps the initial values; the service refuses a change whatever arrives."""
        for name in names:
            self.fields[name].disabled = True
            self.fields[name].help_text = _("Set by agency staff.")

    @classmethod
    def initial_from(cls, enterprise: Enterprise) -> dict[str, Any]:
        return {name: getattr(enterprise, name) for name in cls.base_fields}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:  # before the file is stored or read
            check_import_size(upload.size)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload
