from rest_framework.routers import DefaultRouter

from karsaz.events.api import views

router = DefaultRouter()
router.register("events", views.EventViewSet, basename="event")
router.register("event-requests", views.MeetingRequestViewSet, basename="event-request")
router.register("event-runs", views.ScheduleRunViewSet, basename="event-run")
router.register("event-deals", views.DealViewSet, basename="event-deal")

urlpatterns = router.urls
