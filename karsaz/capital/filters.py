"""One FilterSet per list, shared by the page, its CSV export and the API. Readiness: staff's
board of latest market scores (by province and market) and the gaps."""

import django_filters
from django.utils.translation import gettext_lazy as _

from karsaz.capital.choices import GapStatus, Market
from karsaz.capital.models import Gap, MarketResult
from karsaz.core.filters import FilterSet
from karsaz.registry.models import Province


class LatestScoreFilter(FilterSet):
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.order_by("code"),
        field_name="assessment__enterprise__province",
        to_field_name="code",
        empty_label=_("All provinces"),
    )
    market = django_filters.ChoiceFilter(
        label=_("Market"),
        field_name="rule_set__market",
        choices=Market.choices,
        empty_label=_("All markets"),
    )

    class Meta:
        model = MarketResult
        fields = ["province", "market"]


class GapFilter(FilterSet):
    enterprise = django_filters.NumberFilter(label=_("Enterprise"), field_name="enterprise_id")
    market = django_filters.ChoiceFilter(
        label=_("Market"), choices=Market.choices, empty_label=_("All markets")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=GapStatus.choices, empty_label=_("All")
    )

    class Meta:
        model = Gap
        fields = ["enterprise", "market", "status"]
