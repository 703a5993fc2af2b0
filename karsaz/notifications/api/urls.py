from karsaz.core.api import Router
from karsaz.notifications.api import views

router = Router()
router.register("notifications", views.NotificationViewSet, basename="notification")

urlpatterns = router.urls
