"""Shared API pieces: pagination, and errors that always answer in the user's language."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination, routers
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from karsaz.core.errors import ConflictError
from karsaz.core.pagination import Paginator
from karsaz.core.persian import to_latin_digits


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "conflict"


class Router(routers.DefaultRouter):
    """The API router: a viewset looked up by primary key only matches digits, so
    `/finance/bids/null/withdraw/` is a 404 and never reaches `int(pk)` in an action."""

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        lookup_field = getattr(viewset, "lookup_field", "pk")
        if lookup_field in ("pk", "id") and not getattr(viewset, "lookup_value_regex", None):
            lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
            return f"(?P<{lookup_prefix}{lookup_url_kwarg}>[0-9]+)"
        return super().get_lookup_regex(viewset, lookup_prefix)


class Pagination(pagination.PageNumberPagination):
    """Pages whose `count` is exact up to KARSAZ_EXACT_COUNT_LIMIT and PostgreSQL's estimate
    past it; `count_is_estimate` says which (`core/pagination.py`)."""

    django_paginator_class = Paginator
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        paginator = self.page.paginator if self.page is not None else None
        response.data = {
            "count": response.data["count"],
            "count_is_estimate": bool(getattr(paginator, "count_is_estimate", False)),
            **{key: value for key, value in response.data.items() if key != "count"},
        }
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        shape = super().get_paginated_response_schema(schema)
        required = [key for key in shape.get("required", []) if key != "count"]
        shape["required"] = ["count", "count_is_estimate", *required]
        shape["properties"] = {
            "count": shape["properties"]["count"],
            "count_is_estimate": {
                "type": "boolean",
                "example": False,
                "description": "True when `count` is the database's estimate, not an exact "
                "count (lists longer than the exact-count limit, on PostgreSQL).",
            },
            **{k: v for k, v in shape["properties"].items() if k != "count"},
        }
        return shape

    def get_page_size(self, request: Any) -> int | None:
        """A `page_size` that is not a whole number from 1 to 500 is a 400, not ignored."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None:
            value = to_latin_digits(raw.strip())
            if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= 500:
                raise exceptions.ValidationError(
                    {
                        self.page_size_query_param: [
                            _("Enter a whole number from 1 to {max}.").format(
                                max=self.max_page_size
                            )
                        ]
                    }
                )
        return super().get_page_size(request)


def validation_error_detail(exc: DjangoValidationError) -> dict[str, list[ErrorDetail]]:
    """A Django ValidationError as DRF details that keep each message's code."""

    def details(errors: list[DjangoValidationError]) -> list[ErrorDetail]:
        return [
            ErrorDetail(message, code=error.code or "invalid")
            for error in errors
            for message in error.messages
        ]

    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if key == "__all__" else key): details(errors)
            for key, errors in exc.error_dict.items()
        }
    return {"non_field_errors": details(exc.error_list)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Service-layer ValidationErrors become 400s with field keys, never 500s. Every 400 and 409
    answers `{"field": [{"message": ..., "code": ...}]}` (errors not tied to a field under
    `non_field_errors`), so clients branch on stable codes, not on translated text."""
    if isinstance(exc, ConflictError):
        exc = Conflict(detail=validation_error_detail(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=validation_error_detail(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError | Conflict):
        full = exc.get_full_details()
        response.data = full if isinstance(full, dict) else {"non_field_errors": full}
    return response


class ScopedViewSetMixin:
    """A viewset whose rows come from the app's selectors, scoped to the request's user.

    Set `model` and implement `rows(user)`; the schema generator, which has no user, gets
    `model.objects.none()` (the swagger guard, written once here).
    """

    model: type[Model]

    def rows(self, user: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return self.model._default_manager.none()
        return self.rows(self.request.user)  # type: ignore[attr-defined]
