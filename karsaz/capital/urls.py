from django.urls import path

from karsaz.capital.views import home

app_name = "capital"

urlpatterns = [
    path("", home.home, name="home"),
]
