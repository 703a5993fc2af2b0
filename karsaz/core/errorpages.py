"""The product's error pages (400, 403, 404, 500 and the CSRF failure) in the user's language,
and JSON errors under /api/ (`{"detail": ...}`, as the API's own errors).

The 500 page renders without the request's context processors (no database query, no session):
whatever broke the request may break them too.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": _("The request could not be understood.")}, status=400)
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return JsonResponse(
            {"detail": _("You do not have permission to perform this action.")}, status=403
        )
    # The refusal's own message (accounts.scope.require) says why; a bare 403 says nothing more.
    reason = str(exception) if exception is not None and exception.args else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", {"request_path": request.path}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return JsonResponse(
            {"detail": _("Something went wrong on our side. The problem was logged.")}, status=500
        )
    return HttpResponse(loader.get_template("500.html").render({}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "", **kwargs: Any) -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent from an expired page (or another site)."""
    if _api(request):
        return JsonResponse(
            {"detail": _("The security check of this request failed (CSRF).")}, status=403
        )
    return HttpResponse(
        loader.get_template("403_csrf.html").render({"back": request.path}, request), status=403
    )
