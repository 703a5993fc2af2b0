from karsaz.core.api import Router

router = Router()
urlpatterns = router.urls
