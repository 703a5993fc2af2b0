"""One FilterSet serves the HTML list, the exports and the API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from karsaz.core.filters import FilterSet
from karsaz.core.persian import to_latin_digits
from karsaz.registry import selectors
from karsaz.registry.choices import EnterpriseKind, SizeClass
from karsaz.registry.models import Enterprise, IndustrialPark, Province
from karsaz.registry.sizing import size_q


class EnterpriseFilter(FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.all(),
        to_field_name="code",
        empty_label=_("All"),
    )
    park = django_filters.ModelChoiceFilter(
        label=_("Industrial park"),
        queryset=IndustrialPark.objects.select_related("province"),
        empty_label=_("All"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EnterpriseKind.choices, empty_label=_("All")
    )
    size = django_filters.ChoiceFilter(
        label=_("Size"), choices=SizeClass.choices, method="filter_size", empty_label=_("All")
    )
    isic = django_filters.CharFilter(label=_("ISIC code"), method="filter_isic")
    kb_valid = django_filters.ChoiceFilter(
        label=_("Knowledge-based certificate"),
        choices=[("yes", _("Valid")), ("no", _("None or expired"))],
        method="filter_kb_valid",
        empty_label=_("All"),
    )

    class Meta:
        model = Enterprise
        fields = ["q", "province", "park", "kind", "size", "isic", "kb_valid"]

    def filter_q(
        self, queryset: QuerySet[Enterprise], name: str, value: str
    ) -> QuerySet[Enterprise]:
        return selectors.enterprise_search(queryset, value)

    def filter_size(
        self, queryset: QuerySet[Enterprise], name: str, value: str
    ) -> QuerySet[Enterprise]:
        return queryset.filter(size_q(value))

    def filter_isic(
        self, queryset: QuerySet[Enterprise], name: str, value: str
    ) -> QuerySet[Enterprise]:
        """A section letter, a division or a class: every activity below it matches."""
        code = to_latin_digits(value).strip().upper()
        if not code:
            return queryset
        if code.isalpha():
            return queryset.filter(Q(isic__parent__code=code) | Q(isic__parent__parent__code=code))
        return queryset.filter(isic__code__startswith=code)

    def filter_kb_valid(
        self, queryset: QuerySet[Enterprise], name: str, value: str
    ) -> QuerySet[Enterprise]:
        valid = Q(kb_certificate_expires__gte=timezone.localdate()) & ~Q(kb_certificate_no="")
        return queryset.filter(valid) if value == "yes" else queryset.exclude(valid)
