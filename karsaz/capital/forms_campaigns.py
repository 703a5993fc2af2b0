"""Forms of crowdfunding: the firm's draft, an investor's pledge, a report. Dates are Jalali;
a campaign opens at the start of its first day and closes at the end of its last (Tehran time)."""

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from karsaz.capital.choices import Instrument
from karsaz.core.forms import IntegerField, JalaliDateField
from karsaz.core.money import RialFormField
from karsaz.core.textlimits import TEXT_MAX


def day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class CampaignForm(forms.Form):
    enterprise = forms.TypedChoiceField(label=_("Firm"), coerce=int)
    platform = forms.TypedChoiceField(label=_("Crowdfunding platform"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=255)
    instrument = forms.ChoiceField(label=_("Instrument"), choices=Instrument.choices)
    terms = forms.CharField(
        label=_("Terms"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX
    )
    use_of_funds = forms.CharField(
        label=_("Use of funds"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX
    )
    target = RialFormField(label=_("Target (rials)"), min_value=1)
    minimum_pledge = RialFormField(label=_("Smallest pledge (rials)"), required=False)
    own_contribution = RialFormField(label=_("The firm's own contribution (rials)"))
    fee_bp = IntegerField(
        label=_("Platform fee (basis points)"), min_value=0, max_value=10_000, initial=0
    )
    opens_on = JalaliDateField(label=_("Opens on"))
    closes_on = JalaliDateField(label=_("Last day"))

    def __init__(self, *args: Any, firms: Any, platforms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["enterprise"]).choices = [
            (f.pk, f.name_fa) for f in firms
        ]
        cast(forms.ChoiceField, self.fields["platform"]).choices = [
            (p.pk, p.name_fa) for p in platforms
        ]

    def terms_data(self) -> dict[str, Any]:
        """The service's keyword arguments (dates as the opening and closing instants)."""
        d = self.cleaned_data
        return {
            "title": d["title"],
            "instrument": d["instrument"],
            "terms": d["terms"],
            "use_of_funds": d["use_of_funds"],
            "target": d["target"],
            "minimum_pledge": d.get("minimum_pledge") or 0,
            "own_contribution": d["own_contribution"],
            "fee_bp": d["fee_bp"],
            "opens_at": day_start(d["opens_on"]),
            "closes_at": day_start(d["closes_on"] + dt.timedelta(days=1)),
        }


class PledgeForm(forms.Form):
    amount = RialFormField(label=_("Amount (rials)"), min_value=1)


class ReportForm(forms.Form):
    body = forms.CharField(
        label=_("Report"), widget=forms.Textarea(attrs={"rows": 6}), max_length=TEXT_MAX
    )
