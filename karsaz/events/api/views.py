"""The events API: viewsets read through selectors (`ScopedViewSetMixin.rows`) and write
through services."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from karsaz.core.api import ScopedViewSetMixin
from karsaz.events import selectors, services
from karsaz.events.api.serializers import (
    AnswerSerializer,
    CheckInResultSerializer,
    CheckInSerializer,
    DealSerializer,
    EventSerializer,
    MeetingRequestCreateSerializer,
    MeetingRequestSerializer,
    ScheduleRunSerializer,
)
from karsaz.events.models import Deal, Event, MeetingRequest, ScheduleRun


class EventViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = EventSerializer
    model = Event

    def rows(self, user: Any) -> QuerySet[Event]:
        return selectors.event_list(user=user)

    @extend_schema(request=CheckInSerializer, responses=CheckInResultSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: Request, pk: str) -> Response:
        """An organizer checks a delegate in by the token of the badge's QR code; a second
        scan changes nothing (`already` is true); another event's badge is a 400."""
        data = CheckInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        delegate, already = services.delegate_check_in_by_badge(
            user=request.user, event=self.get_object(), token=data.validated_data["token"]
        )
        return Response(CheckInResultSerializer({"delegate": delegate, "already": already}).data)


class MeetingRequestViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Requests the caller sent or received; organizers also see their events' requests
    (without the private message)."""

    serializer_class = MeetingRequestSerializer
    model = MeetingRequest

    def rows(self, user: Any) -> QuerySet[MeetingRequest]:
        return selectors.request_list(user=user)

    @extend_schema(request=MeetingRequestCreateSerializer, responses=MeetingRequestSerializer)
    def create(self, request: Request) -> Response:
        data = MeetingRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = selectors.event_get(user=request.user, pk=data.validated_data["event"])
        recipient = selectors.event_delegate(event=event, pk=data.validated_data["recipient"])
        req = services.request_create(
            user=request.user,
            event=event,
            recipient=recipient,
            priority=data.validated_data["priority"],
            message=data.validated_data.get("message", ""),
        )
        return Response(
            MeetingRequestSerializer(req, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=AnswerSerializer, responses=MeetingRequestSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        data = AnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        req = selectors.request_get_for_party(user=request.user, pk=int(pk))
        req = services.request_answer(
            user=request.user, request=req, accept=data.validated_data["accept"]
        )
        return Response(MeetingRequestSerializer(req, context={"request": request}).data)


class DealViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Deals of the events the caller organizes, and deals naming one of the caller's
    enterprises; a named party confirms with ``POST {id}/confirm/``."""

    serializer_class = DealSerializer
    filterset_fields = ["event", "status"]
    model = Deal

    def rows(self, user: Any) -> QuerySet[Deal]:
        return selectors.deal_list(user=user)

    @extend_schema(request=None, responses=DealSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        deal = services.deal_confirm(user=request.user, deal=self.get_object())
        return Response(DealSerializer(deal).data)


class ScheduleRunViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Organizers start a scheduling run and poll its progress."""

    serializer_class = ScheduleRunSerializer
    model = ScheduleRun

    def rows(self, user: Any) -> QuerySet[ScheduleRun]:
        return selectors.run_list(user=user)

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = selectors.event_get(user=request.user, pk=serializer.validated_data["event"].pk)
        run = services.schedule_run_start(
            user=request.user,
            event=event,
            time_limit_s=serializer.validated_data.get("time_limit_s", 20.0),
        )
        run.refresh_from_db()
        return Response(self.get_serializer(run).data, status=status.HTTP_201_CREATED)
