"""The notifications API: the caller's own notifications (nobody reads another's)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from karsaz.core.api import ScopedViewSetMixin
from karsaz.notifications import selectors, services
from karsaz.notifications.api import serializers as s
from karsaz.notifications.models import Notification


class NotificationViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The caller's notifications, newest first; `read` marks one read, `read-all` every one."""

    model = Notification
    serializer_class = s.NotificationSerializer

    def rows(self, user: Any) -> QuerySet[Notification]:
        return selectors.notification_list(user=user)

    @extend_schema(request=None, responses=s.NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = services.notification_mark_read(user=request.user, pk=pk)
        return Response(s.NotificationSerializer(notification).data)

    @extend_schema(request=None, responses=s.ReadAllSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        marked = services.notifications_mark_all_read(user=request.user)
        return Response({"marked": marked})
