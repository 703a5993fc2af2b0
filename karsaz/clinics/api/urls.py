from karsaz.clinics.api import views
from karsaz.core.api import Router

router = Router()
router.register("clinics", views.ClinicViewSet, basename="clinic")
router.register("consultants", views.ConsultantViewSet, basename="consultant")
router.register("clinic-cases", views.CaseViewSet, basename="clinic-case")
router.register("clinic-sessions", views.SessionViewSet, basename="clinic-session")
router.register("clinic-action-items", views.ActionItemViewSet, basename="clinic-action-item")
router.register("clinic-followups", views.FollowUpViewSet, basename="clinic-followup")

urlpatterns = router.urls
