from karsaz.core.api import Router
from karsaz.events.api import views

router = Router()
router.register("events", views.EventViewSet, basename="event")
router.register("event-requests", views.MeetingRequestViewSet, basename="event-request")
router.register("event-runs", views.ScheduleRunViewSet, basename="event-run")
router.register("event-deals", views.DealViewSet, basename="event-deal")

urlpatterns = router.urls
