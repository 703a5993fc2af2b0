from django.urls import path

from karsaz.capital.views import home, readiness

app_name = "capital"

urlpatterns = [
    path("", home.home, name="home"),
    # readiness
    path("readiness/", readiness.readiness_home, name="readiness"),
    path("readiness/board/", readiness.readiness_board, name="readiness_board"),
    path("readiness/<int:pk>/", readiness.readiness_firm, name="readiness_firm"),
    path("readiness/<int:pk>/profile/", readiness.profile_save, name="readiness_profile"),
    path("readiness/<int:pk>/statements/", readiness.statement_add, name="readiness_statement_add"),
    path("readiness/<int:pk>/assess/", readiness.assess, name="readiness_assess"),
    path(
        "readiness/statements/<int:pk>/edit/",
        readiness.statement_edit,
        name="readiness_statement_edit",
    ),
    path(
        "readiness/statements/<int:pk>/confirm/",
        readiness.statement_confirm,
        name="readiness_statement_confirm",
    ),
    path("readiness/gaps/<int:pk>/refer/", readiness.gap_refer, name="readiness_gap_refer"),
]
