"""The open-data portal, mounted at /open/ by the project's URLconf (outside /insights/)."""

from django.urls import path, re_path

from karsaz.insights.opendata import views

app_name = "open"
urlpatterns = [
    path("", views.index, name="index"),
    path("catalog.jsonld", views.catalog, name="catalog"),
    re_path(r"^datasets/(?P<code>[\w.-]+)/$", views.detail, name="dataset"),
    re_path(
        r"^datasets/(?P<code>[\w.-]+)/data\.(?P<fmt>csv|json)$", views.download, name="download"
    ),
]
