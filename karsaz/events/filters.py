"""The catalogue's one FilterSet: a search, the sector (ISIC section), province and kind of the
enterprise, and words in what a participant offers or seeks."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from karsaz.core.filters import FilterSet
from karsaz.core.persian import tokens
from karsaz.events.models import Participant
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import IsicActivity, Province


def _words(queryset: QuerySet[Participant], field: str, value: str) -> QuerySet[Participant]:
    for token in tokens(value)[:8]:
        queryset = queryset.filter(**{f"{field}__icontains": token})
    return queryset


class CatalogueFilter(FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        queryset=IsicActivity.objects.filter(parent__isnull=True).order_by("code"),
        to_field_name="code",
        empty_label=_("All"),
        method="filter_sector",
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        field_name="enterprise__province",
        queryset=Province.objects.all(),
        to_field_name="code",
        empty_label=_("All"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name="enterprise__kind",
        choices=EnterpriseKind.choices,
        empty_label=_("All"),
    )
    offers = django_filters.CharFilter(label=_("They offer"), method="filter_offers")
    seeks = django_filters.CharFilter(label=_("They look for"), method="filter_seeks")

    class Meta:
        model = Participant
        fields = ["q", "sector", "province", "kind", "offers", "seeks"]

    def filter_q(
        self, queryset: QuerySet[Participant], name: str, value: str
    ) -> QuerySet[Participant]:
        for token in tokens(value)[:8]:
            queryset = queryset.filter(
                Q(enterprise__search_text__contains=token)
                | Q(looking_for__icontains=token)
                | Q(offering__icontains=token)
            )
        return queryset

    def filter_sector(
        self, queryset: QuerySet[Participant], name: str, value: IsicActivity
    ) -> QuerySet[Participant]:
        code = value.code
        return queryset.filter(
            Q(enterprise__isic__code=code)
            | Q(enterprise__isic__parent__code=code)
            | Q(enterprise__isic__parent__parent__code=code)
        )

    def filter_offers(
        self, queryset: QuerySet[Participant], name: str, value: str
    ) -> QuerySet[Participant]:
        return _words(queryset, "offering", value)

    def filter_seeks(
        self, queryset: QuerySet[Participant], name: str, value: str
    ) -> QuerySet[Participant]:
        return _words(queryset, "looking_for", value)
