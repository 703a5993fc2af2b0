from karsaz.capital.api import campaigns, dossier, readiness
from karsaz.core.api import Router

router = Router()
# Readiness.
router.register("capital/profiles", readiness.ProfileViewSet, basename="capital-profile")
router.register("capital/statements", readiness.StatementViewSet, basename="capital-statement")
router.register("capital/assessments", readiness.AssessmentViewSet, basename="capital-assessment")
router.register("capital/gaps", readiness.GapViewSet, basename="capital-gap")
router.register("capital/rule-sets", readiness.RuleSetViewSet, basename="capital-rule-set")
# Admission dossier and pipeline.
router.register("capital/engagements", dossier.EngagementViewSet, basename="capital-engagement")
router.register("capital/filings", dossier.FilingViewSet, basename="capital-filing")
router.register("capital/documents", dossier.DocumentViewSet, basename="capital-document")
router.register("capital/advisers", dossier.AdviserViewSet, basename="capital-adviser")
# Crowdfunding campaigns.
router.register("capital/campaigns", campaigns.CampaignViewSet, basename="capital-campaign")
router.register("capital/pledges", campaigns.PledgeViewSet, basename="capital-pledge")
router.register("capital/reports", campaigns.ReportViewSet, basename="capital-report")

urlpatterns = router.urls
