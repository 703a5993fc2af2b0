"""One FilterSet per list, shared by the page, its CSV export and the API. Readiness: staff's
board of latest market scores (by province and market) and the gaps. Crowdfunding: the public
campaign list."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from karsaz.capital.choices import CampaignState, GapStatus, Instrument, Market
from karsaz.capital.models import Campaign, Gap, MarketResult
from karsaz.core.filters import FilterSet
from karsaz.core.persian import normalize
from karsaz.registry.models import Province

PUBLIC_STATES = (CampaignState.OPEN, CampaignState.SUCCEEDED, CampaignState.FAILED)


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


class CampaignFilter(FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[(s.value, s.label) for s in PUBLIC_STATES],
        empty_label=_("All"),
    )
    instrument = django_filters.ChoiceFilter(
        label=_("Instrument"), choices=Instrument.choices, empty_label=_("All")
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.order_by("code"),
        field_name="enterprise__province",
        to_field_name="code",
        empty_label=_("All provinces"),
    )

    class Meta:
        model = Campaign
        fields = ["q", "state", "instrument", "province"]

    def search(self, queryset: QuerySet[Campaign], name: str, value: str) -> QuerySet[Campaign]:
        """The title or the firm's name (both stored normalized)."""
        text = normalize(value).strip()
        if not text:
            return queryset
        return queryset.filter(Q(title__icontains=text) | Q(enterprise__search_text__contains=text))
