from rest_framework.routers import DefaultRouter

from karsaz.registry.api import views

router = DefaultRouter()
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("parks", views.IndustrialParkViewSet, basename="park")
router.register("isic", views.IsicActivityViewSet, basename="isic")

urlpatterns = router.urls
