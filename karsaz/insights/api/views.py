"""The public, read-only API of the open-data portal: the same datasets, filters and
suppression as `/open/`, for anonymous callers too, throttled per client address."""

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from karsaz.core.api import Pagination
from karsaz.core.i18n import page_language
from karsaz.insights.api.serializers import DatasetRowsSerializer, DatasetSerializer
from karsaz.insights.opendata import query, tables, writers
from karsaz.insights.opendata.datasets import FREQUENCY, LICENCE, SPATIAL, Dataset, publisher
from karsaz.insights.opendata.datasets import dataset as find_dataset
from karsaz.insights.opendata.datasets import datasets as all_datasets


class OpenDataThrottle(AnonRateThrottle):
    """Anonymous callers, per address, at `DEFAULT_THROTTLE_RATES["open_data"]` (settings)."""

    scope = "open_data"

    def get_rate(self) -> str | None:
        # Read at each request, not at import, so a deployment (or a test) may change it.
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return None if rate is None else str(rate)


FILTERS = [
    OpenApiParameter(name, OpenApiTypes.STR, description=text)
    for name, text in (
        ("start", "First Jalali year (1402) or month (1402-05); a month selects its year."),
        ("end", "Last Jalali year or month, inclusive."),
        ("province", "A province's two-digit code, or IR for the national total."),
        ("size_class", "micro, small, medium, large, or all for the total."),
        ("kind", "An enterprise kind, or all for the total."),
        ("isic_division", "A two-digit ISIC division, none (no activity recorded) or all."),
        ("series", "A value of the fact's series, or all for the total."),
    )
]


NOT_FOUND = OpenApiResponse(description="No dataset has this code.")
THROTTLED = OpenApiResponse(description="Too many requests from this address; see Retry-After.")


class DatasetViewSet(viewsets.ViewSet):
    """Datasets of aggregates: public facts by province, by size class and kind, or by ISIC
    division, each by Jalali year. Small cells are withheld (fewer than 5 enterprises, 3 for
    rials) with their complements."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [OpenDataThrottle, UserRateThrottle]
    lookup_field = "code"
    lookup_value_regex = r"[\w.-]+"

    def _get(self, code: str) -> Dataset:
        found = find_dataset(code)
        if found is None:
            raise Http404(_("There is no dataset {code}.").format(code=code[:80]))
        return found

    @extend_schema(
        summary="Every published dataset, with its metadata",
        responses={200: DatasetSerializer(many=True), 429: THROTTLED},
    )
    def list(self, request: Request) -> Response:
        coverage, refreshed = tables.coverage(), tables.refreshed()
        found = [_metadata(request, d, coverage, refreshed) for d in all_datasets()]
        return Response(DatasetSerializer(found, many=True).data)

    @extend_schema(
        summary="One dataset's metadata",
        responses={200: DatasetSerializer, 404: NOT_FOUND, 429: THROTTLED},
    )
    def retrieve(self, request: Request, code: str) -> Response:
        found = self._get(code)
        body = _metadata(request, found, tables.coverage(), tables.refreshed())
        return Response(DatasetSerializer(body).data)

    @extend_schema(
        summary="A dataset's rows, filtered and suppressed",
        parameters=[
            *FILTERS,
            OpenApiParameter("page", OpenApiTypes.INT, description="A page number (from 1)."),
            OpenApiParameter(
                "page_size", OpenApiTypes.INT, description="Rows per page, 1 to 500 (50)."
            ),
        ],
        responses={200: DatasetRowsSerializer, 404: NOT_FOUND, 429: THROTTLED},
    )
    @action(detail=True, methods=["get"])
    def rows(self, request: Request, code: str) -> Response:
        found = self._get(code)
        selection, errors = query.parse(found, request.query_params)
        query.raise_for(errors)
        table = tables.build(found, selection)
        # Suppressed as a whole table first, then paged: a page never changes what is withheld.
        records = writers.records(table, page_language())
        # The platform's pagination (`?page=`, `?page_size=` 1 to 500, PAGE_SIZE by default),
        # with the dataset's code and columns beside the page.
        paginator = Pagination()
        page: list[dict[str, Any]] = (
            paginator.paginate_queryset(records, request, view=self)  # type: ignore[arg-type]
            or []
        )
        body = {
            "count": paginator.page.paginator.count if paginator.page else len(page),
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "dataset": found.code,
            "columns": writers.columns(table),
            "results": page,
        }
        return Response(DatasetRowsSerializer(body).data)


def _metadata(
    request: Request, found: Dataset, coverage: dict[str, Any], refreshed: dict[str, Any]
) -> dict[str, Any]:
    both = found.in_languages()
    span = coverage.get(found.fact.code)
    agency = publisher()

    def url(fmt: str) -> str:
        path = reverse("open:download", kwargs={"code": found.code, "fmt": fmt})
        return request.build_absolute_uri(path)

    return {
        "code": found.code,
        "fact": found.fact.code,
        "unit": found.unit,
        "nature": found.fact.nature,
        "mean": found.fact.mean,
        "dimensions": ["year", *found.dimensions],
        **{
            key: {lang: value[key] for lang, value in both.items()}
            for key in ("title", "description", "keywords")
        },
        "publisher": {"fa": agency["name_fa"], "en": agency["name_en"], "url": agency["url"]},
        "licence": LICENCE,
        "frequency": FREQUENCY,
        "modified": getattr(refreshed.get(found.fact.code), "finished_at", None),
        "temporal": (
            {
                "start": f"{span[0] // 100}-{span[0] % 100:02d}",
                "end": f"{span[1] // 100}-{span[1] % 100:02d}",
            }
            if span
            else None
        ),
        "spatial": SPATIAL,
        "distributions": {"csv": url("csv"), "json": url("json")},
    }
