"""One FilterSet serves the HTML case list, the CSV export and the API."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from karsaz.clinics.choices import CaseState
from karsaz.clinics.models import Case, Clinic, Consultant
from karsaz.core.filters import FilterSet
from karsaz.registry.models import Province


class CaseFilter(FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=CaseState.choices, empty_label=_("All")
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.all(),
        to_field_name="code",
        empty_label=_("All"),
    )
    clinic = django_filters.ModelChoiceFilter(
        label=_("Clinic"),
        queryset=Clinic.objects.select_related("enterprise"),
        empty_label=_("All"),
    )
    consultant = django_filters.ModelChoiceFilter(
        label=_("Consultant"),
        queryset=Consultant.objects.select_related("user"),
        empty_label=_("All"),
    )
    enterprise = django_filters.NumberFilter(label=_("Enterprise"), field_name="enterprise_id")
    mine = django_filters.BooleanFilter(label=_("Assigned to me"), method="filter_mine")

    class Meta:
        model = Case
        fields = ["state", "province", "clinic", "consultant", "enterprise", "mine"]

    def filter_mine(self, queryset: QuerySet[Case], name: str, value: bool | None) -> Any:
        user = getattr(self.request, "user", None)
        if not value or user is None or not user.is_authenticated:
            return queryset
        return queryset.filter(consultant__user=user)
