from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from karsaz.accounts import selectors, services
from karsaz.accounts.api.serializers import MeSerializer
from karsaz.accounts.authentication import token_expires_at
from karsaz.accounts.models import User
from karsaz.accounts.throttling import retry_after_seconds
from karsaz.core.parsers import FormParser, JSONParser, MultiPartParser


class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in user: scope, memberships and preferences (language, currency unit)."""

    serializer_class = MeSerializer

    def get_object(self) -> User:
        user = self.request.user
        assert isinstance(user, User)
        return selectors.me(user)

    def perform_update(self, serializer: Any) -> None:
        services.user_update_preferences(user=serializer.instance, data=serializer.validated_data)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires = serializers.DateTimeField()


class TokenView(ObtainAuthToken):
    """POST: exchange a username and password for the user's API token (it expires after
    KARSAZ_TOKEN_DAYS; failures are throttled, 429 with Retry-After while locked out).
    DELETE: revoke the caller's own token."""

    throttle_classes = [AnonRateThrottle]
    # ObtainAuthToken names DRF's parsers itself: use the project's (deep JSON is a 400).
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_permissions(self) -> list[Any]:
        if self.request.method == "DELETE":
            return [permissions.IsAuthenticated()]
        return []

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # django-axes marks the request it refused (or just locked): answer like a throttle.
            if getattr(request, "axes_locked_out", False):
                raise Throttled(
                    wait=retry_after_seconds(request),
                    detail=_("Too many failed sign-ins; try again later or reset your password."),
                )
            serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token = services.user_get_token(user=user)
        return Response({"token": token.key, "expires": token_expires_at(token)})

    @extend_schema(responses={204: OpenApiResponse(description="The token was revoked.")})
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = request.user
        assert isinstance(user, User)
        services.user_revoke_token(user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)
