from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from karsaz.core.forms import JalaliDateField
from karsaz.core.i18n import page_digits, page_language
from karsaz.core.money import RialFormField
from karsaz.core.persian import to_persian_digits
from karsaz.core.textlimits import TEXT_MAX
from karsaz.registry.choices import IsicLevel
from karsaz.registry.models import Enterprise, IsicActivity
from karsaz.technology.choices import AgreementType
from karsaz.technology.models import Capability, TechnologyNeed


def _activities() -> QuerySet[IsicActivity]:
    return IsicActivity.objects.exclude(level=IsicLevel.SECTION)


def _isic_label(obj: Any) -> str:
    if page_language() == "fa":
        return f"{to_persian_digits(obj.code)} {obj.title_fa}"
    return f"{obj.code} {obj.title_en or obj.title_fa}"


class _Labelled(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _isic_label(obj)


class _LabelledMany(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _isic_label(obj)


def _trl_in_page_digits(form: forms.ModelForm, name: str) -> None:
    """TRL 1-9 as «۱»…«۹» on Persian pages (the model's choices stay language-free)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    current: Any = field.choices
    field.choices = [(v, page_digits(v) if v not in ("", None) else lab) for v, lab in current]


def _only_choice(form: forms.ModelForm, enterprises: QuerySet[Enterprise]) -> None:
    """A user who manages one enterprise does not have to pick it."""
    if form.instance.pk is None and not form.is_bound:
        first = list(enterprises[:2])
        if len(first) == 1:
            form.initial["enterprise"] = first[0].pk


class NeedForm(forms.ModelForm):
    deadline = JalaliDateField(label=_("deadline"), required=False)
    isic = _Labelled(queryset=_activities(), label=_("ISIC sector"), required=False)

    class Meta:
        model = TechnologyNeed
        fields = [
            "enterprise", "title", "summary", "desired_outcome", "confidential_details", "isic",
            "target_trl", "budget_min", "budget_max", "deadline", "province", "status",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "desired_outcome": forms.Textarea(attrs={"rows": 3}),
            "confidential_details": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, enterprises: QuerySet[Enterprise], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]
        _only_choice(self, enterprises)
        self.fields["province"].required = False
        self.fields["budget_min"].widget.attrs["dir"] = "ltr"
        self.fields["budget_max"].widget.attrs["dir"] = "ltr"
        _trl_in_page_digits(self, "target_trl")

    def _post_clean(self) -> None:  # the service validates the model, not the form
        pass


class CapabilityForm(forms.ModelForm):
    sectors = _LabelledMany(
        queryset=_activities().filter(level=IsicLevel.DIVISION),
        label=_("sectors"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Capability
        fields = [
            "enterprise", "title", "description", "trl", "keywords", "ip_status", "sectors",
            "references", "status",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "references": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, enterprises: QuerySet[Enterprise], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]
        _only_choice(self, enterprises)
        _trl_in_page_digits(self, "trl")

    def _post_clean(self) -> None:
        pass


class ProposalForm(forms.Form):
    capability = forms.ModelChoiceField(queryset=Capability.objects.none(), label=_("capability"))
    pitch = forms.CharField(
        label=_("proposal"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, capabilities: QuerySet[Capability], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["capability"].queryset = capabilities  # type: ignore[attr-defined]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("message"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class AgreementForm(forms.Form):
    agreement_type = forms.ChoiceField(label=_("agreement type"), choices=AgreementType.choices)
    agreement_value = RialFormField(label=_("agreement value (rials)"))
    agreement_date = JalaliDateField(label=_("agreement date"))
