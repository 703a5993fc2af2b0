from django.urls import path

from karsaz.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("bench/floor/", views.bench_floor, name="bench_floor"),
    path("queues/", views.task_queues, name="task_queues"),
    path("queues/<uuid:task_id>/retry/", views.task_retry, name="task_retry"),
    path("queues/<uuid:task_id>/cancel/", views.task_cancel, name="task_cancel"),
]
