from karsaz.capital.api import campaigns
from karsaz.core.api import Router

router = Router()
router.register("capital/campaigns", campaigns.CampaignViewSet, basename="capital-campaign")
router.register("capital/pledges", campaigns.PledgeViewSet, basename="capital-pledge")
router.register("capital/reports", campaigns.ReportViewSet, basename="capital-report")

urlpatterns = [*router.urls]
