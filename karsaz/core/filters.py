"""The base every FilterSet shares: number filters are bounded integers, so a value past the
database's 64-bit range is a filter error (400 in the API, a message on the page), never an
OverflowError or `bigint out of range` 500."""

from typing import Any

import django_filters
from django import forms
from django.db import models
from django.http import HttpResponse, HttpResponseBadRequest
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework import FilterSet as DRFFilterSet

from karsaz.core.forms import bilingual_choices

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


class IntegerFilter(django_filters.NumberFilter):
    """A whole number inside the 64-bit range the databases store."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", INT64_MIN)
        kwargs.setdefault("max_value", INT64_MAX)
        super().__init__(*args, **kwargs)


def _bound(filter_: django_filters.Filter) -> None:
    """Make a NumberFilter (a DecimalField by default) an integer filter in range, in place."""
    if isinstance(filter_, django_filters.NumberFilter) and filter_.field_class is not (
        forms.IntegerField
    ):
        filter_.field_class = forms.IntegerField
    if isinstance(filter_, django_filters.NumberFilter):
        filter_.extra.setdefault("min_value", INT64_MIN)
        filter_.extra.setdefault("max_value", INT64_MAX)


class FilterSet(DRFFilterSet):
    """Every Karsaz FilterSet: declared and generated number filters are bounded integers
    (Karsaz filters numbers only on integer columns: ids, months, TRL, rials)."""

    FILTER_DEFAULTS = {
        **DRFFilterSet.FILTER_DEFAULTS,
        **{
            field: {"filter_class": IntegerFilter}
            for field in (
                models.AutoField,
                models.BigAutoField,
                models.SmallAutoField,
                models.IntegerField,
                models.BigIntegerField,
                models.SmallIntegerField,
                models.PositiveIntegerField,
                models.PositiveBigIntegerField,
                models.PositiveSmallIntegerField,
            )
        },
    }

    @property
    def form(self) -> forms.Form:
        """The filter form, its choices of named records labelled in the page's language."""
        if not hasattr(self, "_form"):
            bilingual_choices(super().form)
        return self._form  # type: ignore[no-any-return]

    @classmethod
    def get_filters(cls) -> Any:
        filters = super().get_filters()
        for filter_ in filters.values():
            _bound(filter_)
        return filters


class FilterBackend(DjangoFilterBackend):
    """The API's filter backend: `filterset_fields` build on the shared base too."""

    filterset_base = FilterSet


def filter_errors(filterset: django_filters.FilterSet) -> list[str]:
    """Every filter error as `label: message`, for a page or an export to show."""
    if not filterset.is_bound or filterset.is_valid():
        return []
    form = filterset.form
    return [
        f"{form.fields[name].label if name in form.fields else name}: {message}"
        for name, messages in form.errors.items()
        for message in messages
    ]


def invalid_filter_response(filterset: django_filters.FilterSet) -> HttpResponse | None:
    """For exports: a 400 naming the bad filters, or None when the filters are valid."""
    errors = filter_errors(filterset)
    if errors:
        return HttpResponseBadRequest("\n".join(errors), content_type="text/plain; charset=utf-8")
    return None
