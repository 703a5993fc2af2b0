from django.urls import path

from karsaz.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.enterprise_list, name="enterprise_list"),
    path("new/", views.enterprise_create, name="enterprise_create"),
    path("import/", views.enterprise_import, name="import"),
    path("export.<str:fmt>", views.enterprise_export, name="export"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("<int:pk>/history/", views.enterprise_history, name="enterprise_history"),
]
