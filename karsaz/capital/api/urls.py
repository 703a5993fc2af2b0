from karsaz.capital.api import dossier
from karsaz.core.api import Router

router = Router()
# Admission dossier and pipeline.
router.register("capital/engagements", dossier.EngagementViewSet, basename="capital-engagement")
router.register("capital/filings", dossier.FilingViewSet, basename="capital-filing")
router.register("capital/documents", dossier.DocumentViewSet, basename="capital-document")
router.register("capital/advisers", dossier.AdviserViewSet, basename="capital-adviser")

urlpatterns = router.urls
