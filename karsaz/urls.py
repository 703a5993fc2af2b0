from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from karsaz.core.modules import registry
from karsaz.core.views import healthz

# Each module declares its URLconfs on its AppConfig (core.modules.KarsazModule), in settings order.
api_v1 = [path("", include(module)) for module in registry["api_urls"].values()]
pages = [path(f"{label}/", include(module)) for label, module in registry["urls"].items()]

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
    path("open/", include("karsaz.insights.opendata.urls")),  # the public portal, no sign-in
    *pages,
    path("", include("karsaz.core.urls")),
]

# The product's error pages in the user's language; JSON under /api/ (karsaz.core.errorpages).
handler400 = "karsaz.core.errorpages.bad_request"
handler403 = "karsaz.core.errorpages.permission_denied"
handler404 = "karsaz.core.errorpages.page_not_found"
handler500 = "karsaz.core.errorpages.server_error"
