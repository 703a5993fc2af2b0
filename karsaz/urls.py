from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

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
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    *pages,
    path("", include("karsaz.core.urls")),
]
