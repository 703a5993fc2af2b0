from typing import Any

from rest_framework import generics
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import AnonRateThrottle

from karsaz.accounts import services
from karsaz.accounts.api.serializers import MeSerializer
from karsaz.accounts.models import User
from karsaz.core.parsers import FormParser, JSONParser, MultiPartParser


class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in user: scope, memberships and preferences (language, currency unit)."""

    serializer_class = MeSerializer

    def get_object(self) -> User:
        user = self.request.user
        assert isinstance(user, User)
        return User.objects.prefetch_related("memberships__enterprise").get(pk=user.pk)

    def perform_update(self, serializer: Any) -> None:
        services.user_update_preferences(user=serializer.instance, data=serializer.validated_data)


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the user's API token (failures are throttled)."""

    throttle_classes = [AnonRateThrottle]
    # ObtainAuthToken names DRF's parsers itself: use the project's (deep JSON is a 400).
    parser_classes = [JSONParser, FormParser, MultiPartParser]
