from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from karsaz.clinics import diagnostic
from karsaz.clinics.choices import ActionStatus, ReferralTarget, SessionMode
from karsaz.clinics.models import Consultant
from karsaz.core.forms import IntegerField, JalaliDateField, NamedChoices
from karsaz.core.money import MAX_RIALS, RialFormField
from karsaz.core.textlimits import COMMENT_MAX, LONG_TEXT_MAX, TEXT_MAX
from karsaz.registry.models import Enterprise

LIKERT_CHOICES = [
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
]


class IntakeForm(NamedChoices, forms.Form):
    """The request for help: the problem in the client's words and the 21 statements."""

    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none())
    problem = forms.CharField(
        label=_("What is the problem?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
    )

    def __init__(self, *args: Any, enterprises: Any, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff:
            # Staff file on an enterprise's behalf: any enterprise, the service checks the scope.
            self.fields["enterprise"] = forms.IntegerField(
                label=_("Enterprise ID (from the registry)"), min_value=1
            )
        else:
            field = self.fields["enterprise"]
            field.queryset = enterprises  # type: ignore[attr-defined]
            if enterprises.count() == 1:
                field.initial = enterprises.first().pk
        for q in diagnostic.QUESTIONS:
            self.fields[f"q_{q.code}"] = forms.TypedChoiceField(
                label=q.text,
                choices=LIKERT_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "likert"}),
                error_messages={"required": _("Answer this statement.")},
            )

    def answers(self) -> dict[str, int]:
        return {q.code: self.cleaned_data[f"q_{q.code}"] for q in diagnostic.QUESTIONS}

    def sections(self) -> list[tuple[str, list[Any]]]:
        return [
            (label, [self[f"q_{q.code}"] for q in qs])
            for _code, label, qs in diagnostic.questions_by_area()
        ]


class AssignForm(forms.Form):
    consultant = forms.ModelChoiceField(
        label=_("Consultant"),
        queryset=Consultant.objects.filter(active=True).select_related(
            "user", "clinic__enterprise"
        ),
    )
    override_reason = forms.CharField(
        label=_("Reason for override"), required=False, max_length=255
    )


class SessionForm(forms.Form):
    date = JalaliDateField(label=_("Date"))
    minutes = IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=24 * 60)
    mode = forms.ChoiceField(label=_("Mode"), choices=SessionMode.choices)
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=LONG_TEXT_MAX,
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=255)
    owner = forms.CharField(label=_("Person responsible"), max_length=128)
    due_date = JalaliDateField(label=_("Due date"))


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class ReferralForm(forms.Form):
    target = forms.ChoiceField(label=_("Programme"), choices=ReferralTarget.choices)
    description = forms.CharField(
        label=_("What is needed"), widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_MAX
    )


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label=_("Closing summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=255)


class ImpactForm(forms.Form):
    jobs_created = IntegerField(label=_("Jobs created"), min_value=0)
    jobs_retained = IntegerField(label=_("Jobs retained"), min_value=0)
    sales_change = RialFormField(label=_("Change in annual sales (rials)"), min_value=-MAX_RIALS)
    financing_obtained = RialFormField(label=_("Financing obtained (rials)"))
    new_products = IntegerField(label=_("New products"), min_value=0)
    exports = RialFormField(label=_("Exports (rials)"))


class ImpactCorrectionForm(ImpactForm):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=255)


class SatisfactionForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Overall satisfaction"),
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
    )
    would_recommend = forms.BooleanField(label=_("I would recommend this clinic"), required=False)
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=COMMENT_MAX,
    )
