"""One FilterSet for the HTML invoice list, the exports and the API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from karsaz.core.filters import FilterSet
from karsaz.finance.choices import InvoiceState
from karsaz.finance.models import Invoice
from karsaz.finance.services import normalize_invoice_number


class InvoiceFilter(FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    state = django_filters.ChoiceFilter(label=_("State"), choices=InvoiceState.choices)
    programme = django_filters.NumberFilter(label=_("Programme"))
    due_before = django_filters.DateFilter(label=_("Due before"), field_name="due_date",
                                           lookup_expr="lte")  # fmt: skip

    class Meta:
        model = Invoice
        fields = ["q", "state", "programme", "due_before"]

    def search(self, queryset: QuerySet[Invoice], name: str, value: str) -> QuerySet[Invoice]:
        key = normalize_invoice_number(value)
        if not key:
            return queryset
        return queryset.filter(
            Q(number_key__contains=key)
            | Q(supplier__search_text__contains=value.strip())
            | Q(buyer__search_text__contains=value.strip())
        )
