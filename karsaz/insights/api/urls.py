from karsaz.core.api import Router
from karsaz.insights.api import views

router = Router()
router.register("open/datasets", views.DatasetViewSet, basename="open-dataset")
urlpatterns = router.urls
