from django.urls import path

from karsaz.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("notifications/", views.notifications, name="notifications"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/participants/", views.participants, name="participants"),
    path(
        "<int:pk>/participants/<int:participant_pk>/decide/",
        views.participant_decide,
        name="participant_decide",
    ),
    path("<int:pk>/catalogue/", views.catalogue, name="catalogue"),
    path(
        "<int:pk>/catalogue/<int:participant_pk>/",
        views.participant_detail,
        name="participant_detail",
    ),
    path("<int:pk>/request/<int:delegate_pk>/", views.request_create, name="request_create"),
    path("<int:pk>/requests/", views.requests_page, name="requests"),
    path("<int:pk>/requests/<int:request_pk>/answer/", views.request_answer, name="request_answer"),
    path(
        "<int:pk>/requests/<int:request_pk>/withdraw/",
        views.request_withdraw,
        name="request_withdraw",
    ),
    path("<int:pk>/requests/<int:request_pk>/edit/", views.request_edit, name="request_edit"),
    path("<int:pk>/me/", views.delegate_settings, name="delegate_settings"),
    path("<int:pk>/agenda/", views.agenda, name="agenda"),
    path("<int:pk>/agenda/<int:delegate_pk>/", views.agenda, name="delegate_agenda"),
    path("<int:pk>/meetings/<int:meeting_pk>.ics", views.meeting_ics, name="meeting_ics"),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/<str:action>/",
        views.meeting_action,
        name="meeting_action",
    ),
    path("<int:pk>/schedule/", views.schedule, name="schedule"),
    path("<int:pk>/schedule/publish/", views.schedule_publish, name="schedule_publish"),
    path("<int:pk>/runs/<int:run_pk>/", views.run_progress, name="run_progress"),
    path("<int:pk>/signs/", views.table_signs, name="table_signs"),
    path("<int:pk>/day/", views.event_day, name="event_day"),
    path("<int:pk>/day/counter/", views.checkin_counter, name="checkin_counter"),
    path("<int:pk>/badges/", views.badges, name="badges"),
    path("<int:pk>/deals/", views.deals, name="deals"),
    path("<int:pk>/deals/<int:deal_pk>/confirm/", views.deal_confirm, name="deal_confirm"),
    path("<int:pk>/report/", views.report, name="report"),
]
