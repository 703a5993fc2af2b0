"""One FilterSet per record kind for the HTML lists and the API (the text query is ranked by
the matcher in the view, not filtered here)."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from karsaz.core.filters import FilterSet
from karsaz.core.i18n import page_digits
from karsaz.registry.choices import IsicLevel
from karsaz.registry.models import IsicActivity, Province
from karsaz.technology.choices import TRL_CHOICES, RecordStatus
from karsaz.technology.models import Capability, TechnologyNeed


def _trl_choices() -> list[tuple[int, str]]:
    """TRL 1-9 in the page's digits, read when the filter form is built."""
    return [(value, page_digits(value)) for value, _label in TRL_CHOICES]


def _divisions() -> QuerySet[IsicActivity]:
    return IsicActivity.objects.filter(level=IsicLevel.DIVISION)


def _code(value: Any) -> str:
    return str(getattr(value, "code", value) or "").strip()[:2]


def _division(queryset: QuerySet[Any], field: str, value: Any) -> QuerySet[Any]:
    code = _code(value)
    if not code.isdigit():
        return queryset
    return queryset.filter(**{f"{field}__code__startswith": code}).distinct()


class NeedFilter(FilterSet):
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.all(), label=_("Province")
    )
    sector = django_filters.ModelChoiceFilter(
        queryset=_divisions(),
        to_field_name="code",
        method="filter_sector",
        label=_("ISIC division"),
    )
    target_trl = django_filters.ChoiceFilter(choices=_trl_choices, label=_("Target TRL"))
    status = django_filters.ChoiceFilter(choices=RecordStatus.choices, label=_("Status"))

    class Meta:
        model = TechnologyNeed
        fields = ["province", "sector", "target_trl", "status"]

    def filter_sector(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return _division(queryset, "isic", value)


class CapabilityFilter(FilterSet):
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.all(), field_name="enterprise__province", label=_("Province")
    )
    sector = django_filters.ModelChoiceFilter(
        queryset=_divisions(),
        to_field_name="code",
        method="filter_sector",
        label=_("ISIC division"),
    )
    trl = django_filters.ChoiceFilter(choices=_trl_choices, label=_("TRL"))
    min_trl = django_filters.NumberFilter(field_name="trl", lookup_expr="gte", label=_("TRL from"))
    status = django_filters.ChoiceFilter(choices=RecordStatus.choices, label=_("Status"))

    class Meta:
        model = Capability
        fields = ["province", "sector", "trl", "min_trl", "status"]

    def filter_sector(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        code = _code(value)
        if not code.isdigit():
            return queryset
        return queryset.filter(Q(sectors__code__startswith=code)).distinct()
