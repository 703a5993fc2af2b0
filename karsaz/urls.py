from importlib.util import find_spec

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from karsaz.core.views import healthz


def _module_urls(suffix: str) -> list[str]:
    """The Karsaz modules that ship `urls.py` (pages) or `api/urls.py` (API), in settings order."""
    return [
        f"karsaz.{name}.{suffix}"
        for name in settings.KARSAZ_APPS
        if name != "core" and find_spec(f"karsaz.{name}.{suffix}") is not None
    ]


api_v1 = [path("", include(module)) for module in _module_urls("api.urls")]
pages = [path(f"{module.split('.')[1]}/", include(module)) for module in _module_urls("urls")]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Both pages work under the Content-Security-Policy: Swagger's init script is its own URL.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="schema", template_name="core/swagger_ui.html"
        ),
        name="swagger-ui",
    ),
    path(
        "api/redoc/",
        csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})(
            SpectacularRedocView.as_view(url_name="schema", template_name="core/redoc.html")
        ),
        name="redoc",
    ),
    *pages,
    path("", include("karsaz.core.urls")),
]
