from django.urls import path

from karsaz.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.home, name="home"),
    path("province/<str:code>/", views.province, name="province"),
    path("park/<int:pk>/", views.park, name="park"),
    path("fact/<str:code>/", views.fact, name="fact"),
    path("firm/<int:pk>/", views.firm, name="firm"),
    path("cohorts/", views.cohorts, name="cohorts"),
    path("fact/<str:code>/<str:chart>.<str:fmt>", views.chart_export, name="chart_export"),
    path("export.<str:fmt>", views.dashboard_export, name="export"),
]
