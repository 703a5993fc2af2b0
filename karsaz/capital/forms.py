"""Capital's forms. Readiness: the firm's declaration and a fiscal year's statement (values are
checked again by the services; the forms parse Persian digits, Jalali dates and rials)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from karsaz.capital.choices import AuditOpinion
from karsaz.capital.models.readiness import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR
from karsaz.core.forms import IntegerField, JalaliDateField
from karsaz.core.money import MAX_RIALS, RialFormField

UNKNOWN_YES_NO = [("", _("Unknown")), ("yes", _("Yes")), ("no", _("No"))]
PROFILE_BOOLEANS = ("independent_director", "audit_committee", "internal_controls", "ir_officer")


class ProfileForm(forms.Form):
    founded_on = JalaliDateField(label=_("Founded on"), required=False)
    registered_capital = RialFormField(label=_("Registered capital (rials)"), required=False)
    shareholders = IntegerField(
        label=_("Shareholders"), required=False, min_value=0, max_value=10**7
    )
    float_pct = IntegerField(label=_("Free float (%)"), required=False, min_value=0, max_value=100)
    independent_director = forms.ChoiceField(
        label=_("Independent director"), choices=UNKNOWN_YES_NO, required=False
    )
    audit_committee = forms.ChoiceField(
        label=_("Audit committee"), choices=UNKNOWN_YES_NO, required=False
    )
    internal_controls = forms.ChoiceField(
        label=_("Documented internal controls"), choices=UNKNOWN_YES_NO, required=False
    )
    ir_officer = forms.ChoiceField(
        label=_("Investor-relations officer"), choices=UNKNOWN_YES_NO, required=False
    )

    @classmethod
    def initial_from(cls, profile: Any) -> dict[str, Any]:
        if profile is None:
            return {}
        data = {
            name: getattr(profile, name)
            for name in ("founded_on", "registered_capital", "shareholders", "float_pct")
        }
        for name in PROFILE_BOOLEANS:
            value = getattr(profile, name)
            data[name] = "" if value is None else ("yes" if value else "no")
        return data

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in PROFILE_BOOLEANS:
            data[name] = {"yes": True, "no": False}.get(data[name])
        return data


class StatementForm(forms.Form):
    fiscal_year = IntegerField(
        label=_("Fiscal year (Jalali)"), min_value=FIRST_FISCAL_YEAR, max_value=LAST_FISCAL_YEAR
    )
    revenue = RialFormField(label=_("Revenue (rials)"))
    operating_profit = RialFormField(label=_("Operating profit (rials)"), min_value=-MAX_RIALS)
    net_profit = RialFormField(label=_("Net profit (rials)"), min_value=-MAX_RIALS)
    equity = RialFormField(label=_("Equity (rials)"), min_value=-MAX_RIALS)
    total_assets = RialFormField(label=_("Total assets (rials)"))
    retained_earnings = RialFormField(
        label=_("Retained earnings (rials)"), min_value=-MAX_RIALS, required=False
    )
    audit_opinion = forms.ChoiceField(label=_("Audit opinion"), choices=AuditOpinion.choices)
    auditor = forms.CharField(label=_("Auditor"), max_length=128, required=False)
