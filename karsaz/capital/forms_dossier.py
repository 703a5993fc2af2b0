"""Forms of the admission dossier pages: engaging an adviser, opening a filing, a stage move,
an upload, a review, and the pipeline board's filters."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from karsaz.capital import pipeline
from karsaz.capital.choices import FilingStage, Market
from karsaz.core.forms import IntegerField
from karsaz.core.textlimits import COMMENT_MAX
from karsaz.registry.models import Enterprise, Province

MARKET_CHOICES = [(m.value, m.label) for m in Market if m.value in pipeline.FILING_MARKETS]


class _FirmForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Firm"), queryset=Enterprise.objects.none())
    market = forms.ChoiceField(label=_("Market"), choices=MARKET_CHOICES)

    def __init__(self, *args: Any, firms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["enterprise"]
        field.queryset = firms  # type: ignore[attr-defined]
        if firms.count() == 1:
            field.initial = firms.first().pk


class EngageForm(_FirmForm):
    adviser = forms.ModelChoiceField(
        label=_("Admission adviser"), queryset=Enterprise.objects.none()
    )
    consent = forms.BooleanField(
        label=_("We consent that this adviser sees our dossier until we revoke it."),
        error_messages={"required": _("The adviser sees the dossier only with your consent.")},
    )

    def __init__(self, *args: Any, firms: Any, advisers: Any, **kwargs: Any) -> None:
        super().__init__(*args, firms=firms, **kwargs)
        self.fields["adviser"].queryset = advisers  # type: ignore[attr-defined]


class FilingForm(_FirmForm):
    pass


class TransitionForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=COMMENT_MAX, required=False)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (PDF, PNG or JPEG)"),
        error_messages={"required": _("Attach a file.")},
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("changes", _("Request changes"))],
    )
    note = forms.CharField(label=_("Note"), max_length=COMMENT_MAX, required=False)


class BoardFilterForm(forms.Form):
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("code"), required=False
    )
    market = forms.ChoiceField(
        label=_("Market"), choices=[("", "---------"), *MARKET_CHOICES], required=False
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", "---------"), *FilingStage.choices], required=False
    )
    stall_days = IntegerField(
        label=_("Stalled after (days)"), min_value=1, max_value=3650, required=False
    )
