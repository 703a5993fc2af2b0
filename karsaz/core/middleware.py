"""Input no database stores: a NUL character in the address or the query string is a 400.

PostgreSQL refuses NUL in text (a DataError, so a 500 wherever a lookup or filter passes it on);
SQLite would store it. Refusing it at the door covers every page, filter and API route at once;
request bodies are checked by the API's parsers (`karsaz.core.parsers`) and Django's form fields.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


def nul_message() -> str:
    return _("The request contains a NUL character, which no field accepts.")


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": nul_message()}, status=400)
            return HttpResponseBadRequest(nul_message(), content_type="text/plain; charset=utf-8")
        return self.get_response(request)
