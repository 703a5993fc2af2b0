"""The project's URLconf plus a page and an API path that raise: the 500 handlers' test."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from karsaz.urls import handler400, handler403, handler404, handler500, urlpatterns


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), path("api/v1/boom/", boom), *urlpatterns]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
