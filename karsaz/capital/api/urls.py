from karsaz.capital.api import readiness
from karsaz.core.api import Router

router = Router()
router.register("capital/profiles", readiness.ProfileViewSet, basename="capital-profile")
router.register("capital/statements", readiness.StatementViewSet, basename="capital-statement")
router.register("capital/assessments", readiness.AssessmentViewSet, basename="capital-assessment")
router.register("capital/gaps", readiness.GapViewSet, basename="capital-gap")
router.register("capital/rule-sets", readiness.RuleSetViewSet, basename="capital-rule-set")

urlpatterns = router.urls
