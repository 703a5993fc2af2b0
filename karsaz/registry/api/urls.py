from karsaz.core.api import Router
from karsaz.registry.api import views

router = Router()
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("parks", views.IndustrialParkViewSet, basename="park")
router.register("isic", views.IsicActivityViewSet, basename="isic")

urlpatterns = router.urls
