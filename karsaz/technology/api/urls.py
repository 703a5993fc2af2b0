from karsaz.core.api import Router
from karsaz.technology.api import views

router = Router()
router.register("needs", views.NeedViewSet, basename="need")
router.register("capabilities", views.CapabilityViewSet, basename="capability")
router.register("proposals", views.ProposalViewSet, basename="proposal")

urlpatterns = router.urls
