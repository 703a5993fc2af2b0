"""The shape every list page shares: filter, paginate, render the page or only its table.

The table partial goes back alone when htmx asks (`request.htmx`), so the filter form and the
shared pager (`partials/pager.html`) can swap `#results` in place; plain links still work.
Scopes are the caller's business: hand in a FilterSet built over the selector's queryset.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_filters import FilterSet

from karsaz.core.filters import filter_errors
from karsaz.core.pagination import Paginator

# What a list page pages through: a queryset, or a list the caller has ranked.
Rows = QuerySet[Any] | Sequence[Any]


def page_of(request: HttpRequest, rows: Rows, *, per_page: int) -> Page[Any]:
    """The requested page; past the end gives the last page, a non-number the first. Long
    lists carry an estimated count (`core/pagination.py`)."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current querystring minus `page`, for the pager's links and the export buttons."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def list_response(
    request: HttpRequest,
    *,
    template: str,
    partial_template: str,
    context: Mapping[str, Any],
) -> HttpResponse:
    """The whole page, or only the table partial when htmx asks for it."""
    htmx = bool(getattr(request, "htmx", False))
    return render(request, partial_template if htmx else template, dict(context))


def filtered_page(
    request: HttpRequest,
    filterset: FilterSet,
    *,
    per_page: int,
    template: str,
    partial_template: str,
    rows: Rows | None = None,
    extra_context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """Paginate `filterset.qs` (or `rows`, when the caller orders or ranks it) and render.

    The context holds `filter`, `page` and `query` (the querystring without `page`), plus
    `extra_context`.
    """
    errors = filter_errors(filterset)
    if errors:
        # A bad filter (a number past the database's range, an unknown choice) lists nothing
        # rather than everything, and says why.
        rows = filterset.queryset.none()
        if not getattr(request, "htmx", False):  # a swapped table has no message area
            for error in errors:
                messages.error(request, error)
    context: dict[str, Any] = {
        "filter": filterset,
        "filter_errors": errors,
        "page": page_of(request, filterset.qs if rows is None else rows, per_page=per_page),
        "query": query_without_page(request),
        **(extra_context or {}),
    }
    return list_response(
        request, template=template, partial_template=partial_template, context=context
    )
