from rest_framework.routers import DefaultRouter

from karsaz.technology.api import views

router = DefaultRouter()
router.register("needs", views.NeedViewSet, basename="need")
router.register("capabilities", views.CapabilityViewSet, basename="capability")
router.register("proposals", views.ProposalViewSet, basename="proposal")

urlpatterns = router.urls
