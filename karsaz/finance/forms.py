from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from karsaz.core.forms import DecimalField, JalaliDateField, NamedChoices
from karsaz.core.money import RialFormField
from karsaz.finance.documents import invoice_document_errors
from karsaz.finance.models import Programme


class InvoiceForm(NamedChoices, forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    number = forms.CharField(label=_("Invoice number"), max_length=64)
    tax_id = forms.CharField(label=_("Tax e-invoice ID"), max_length=32, required=False)
    issue_date = JalaliDateField(label=_("Issue date"))
    due_date = JalaliDateField(label=_("Due date"))
    amount = RialFormField(label=_("Amount (rials)"))
    description = forms.CharField(label=_("Description"), max_length=255, required=False)
    document = forms.FileField(
        label=_("Invoice document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    credit_number = forms.CharField(label=_("Credit note number"), max_length=64, required=False)
    credit_amount = RialFormField(label=_("Credit note amount (rials)"), required=False)

    def __init__(self, *args: Any, programmes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if programmes is not None:
            self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        errors = invoice_document_errors(document)
        if errors:
            raise forms.ValidationError(errors["document"])
        return document


class PercentField(DecimalField):
    """A rate typed as «۱۸٫۵», «18/5» or «18.5» (core's DecimalField reads every form)."""


class BidForm(forms.Form):
    rate_percent = PercentField(
        label=_("Rate (% a year)"),
        max_digits=7,
        decimal_places=2,
        min_value=0,
        error_messages={"min_value": _("The rate cannot be negative.")},
    )


class RepayForm(forms.Form):
    amount = RialFormField(label=_("Amount (rials)"))
