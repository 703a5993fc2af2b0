from django.urls import path

from karsaz.clinics import views

app_name = "clinics"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("export.csv", views.case_export, name="case_export"),
    path("request/", views.case_request, name="case_request"),
    path("directory/", views.directory, name="directory"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/assign/", views.case_assign, name="case_assign"),
    path(
        "cases/<int:pk>/<str:action>/",
        views.case_transition,
        name="case_transition",
    ),
    path("cases/<int:pk>/sessions/new", views.session_add, name="session_add"),
    path(
        "cases/<int:pk>/sessions/<int:session_pk>/attachment",
        views.session_attachment,
        name="session_attachment",
    ),
    path("cases/<int:pk>/actions/new", views.action_add, name="action_add"),
    path("cases/<int:pk>/actions/<int:item_pk>/status", views.action_status, name="action_status"),
    path("cases/<int:pk>/referrals/new", views.referral_add, name="referral_add"),
    path(
        "cases/<int:pk>/referrals/<int:referral_pk>/close",
        views.referral_close,
        name="referral_close",
    ),
    path(
        "cases/<int:pk>/followups/<int:followup_pk>/record",
        views.followup_record,
        name="followup_record",
    ),
    path(
        "cases/<int:pk>/followups/<int:followup_pk>/correct",
        views.followup_correct,
        name="followup_correct",
    ),
    path(
        "cases/<int:pk>/followups/<int:followup_pk>/confirm",
        views.followup_confirm,
        name="followup_confirm",
    ),
    path("cases/<int:pk>/satisfaction", views.satisfaction_submit, name="satisfaction"),
    path("cases/<int:pk>/audit", views.case_audit, name="case_audit"),
]
