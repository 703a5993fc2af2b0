from django.urls import path

from karsaz.technology import views

app_name = "technology"
urlpatterns = [
    path("", views.need_list, name="need_list"),
    path("needs/new/", views.need_create, name="need_create"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("needs/<int:pk>/propose/", views.proposal_create, name="proposal_create"),
    path("capabilities/", views.capability_list, name="capability_list"),
    path("capabilities/new/", views.capability_create, name="capability_create"),
    path("capabilities/<int:pk>/", views.capability_detail, name="capability_detail"),
    path("capabilities/<int:pk>/edit/", views.capability_edit, name="capability_edit"),
    path("suggestions/<str:kind>/<int:pk>/", views.suggestions, name="suggestions"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("pipeline/", views.pipeline, name="pipeline"),
]
