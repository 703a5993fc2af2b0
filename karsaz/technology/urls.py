from django.urls import path

from karsaz.technology import views
from karsaz.technology.choices import RecordKind

app_name = "technology"
urlpatterns = [
    path("", views.need_list, name="need_list"),
    path("needs/new/", views.record_form, {"kind": RecordKind.NEED}, name="need_create"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", views.record_form, {"kind": RecordKind.NEED}, name="need_edit"),
    path("needs/<int:pk>/propose/", views.proposal_create, name="proposal_create"),
    path(
        "needs/<int:pk>/invite/<int:capability_pk>/",
        views.invite_to_propose,
        name="invite_to_propose",
    ),
    path("capabilities/", views.capability_list, name="capability_list"),
    path(
        "capabilities/new/",
        views.record_form,
        {"kind": RecordKind.CAPABILITY},
        name="capability_create",
    ),
    path("capabilities/<int:pk>/", views.capability_detail, name="capability_detail"),
    path(
        "capabilities/<int:pk>/edit/",
        views.record_form,
        {"kind": RecordKind.CAPABILITY},
        name="capability_edit",
    ),
    path("suggestions/<str:kind>/<int:pk>/", views.suggestions, name="suggestions"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("pipeline/", views.pipeline, name="pipeline"),
]
