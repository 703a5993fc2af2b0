from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from karsaz.events import scheduling, selectors, services
from karsaz.events.api.serializers import (
    AnswerSerializer,
    DealSerializer,
    EventSerializer,
    MeetingRequestCreateSerializer,
    MeetingRequestSerializer,
    ScheduleRunSerializer,
)
from karsaz.events.models import Deal, Delegate, Event, MeetingRequest, ScheduleRun
from karsaz.events.permissions import is_organizer


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EventSerializer

    def get_queryset(self) -> QuerySet[Event]:
        if getattr(self, "swagger_fake_view", False):
            return Event.objects.none()
        return selectors.event_list(user=self.request.user)


class MeetingRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Requests the caller sent or received; organizers also see their events' requests
    (without the private message)."""

    serializer_class = MeetingRequestSerializer

    def get_queryset(self) -> QuerySet[MeetingRequest]:
        if getattr(self, "swagger_fake_view", False):
            return MeetingRequest.objects.none()
        user: Any = self.request.user
        organized = [e.pk for e in selectors.event_list(user=user) if is_organizer(user, e)]
        return MeetingRequest.objects.filter(
            Q(requester__user=user) | Q(recipient__user=user) | Q(event_id__in=organized)
        ).select_related(
            "requester__participant__enterprise",
            "recipient__participant__enterprise",
            "requester",
            "recipient",
        )

    @extend_schema(request=MeetingRequestCreateSerializer, responses=MeetingRequestSerializer)
    def create(self, request: Request) -> Response:
        data = MeetingRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = selectors.event_get(user=request.user, pk=data.validated_data["event"])
        recipient = get_object_or_404(Delegate, pk=data.validated_data["recipient"], event=event)
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


class DealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Deals of the events the caller organizes, and deals naming one of the caller's
    enterprises; a named party confirms with ``POST {id}/confirm/``."""

    serializer_class = DealSerializer
    filterset_fields = ["event", "status"]

    def get_queryset(self) -> QuerySet[Deal]:
        if getattr(self, "swagger_fake_view", False):
            return Deal.objects.none()
        return selectors.deal_list(user=self.request.user)

    @extend_schema(request=None, responses=DealSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        deal = services.deal_confirm(user=request.user, deal=self.get_object())
        return Response(DealSerializer(deal).data)


class ScheduleRunViewSet(
    mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Organizers start a scheduling run and poll its progress."""

    serializer_class = ScheduleRunSerializer

    def get_queryset(self) -> QuerySet[ScheduleRun]:
        if getattr(self, "swagger_fake_view", False):
            return ScheduleRun.objects.none()
        user: Any = self.request.user
        organized = [e.pk for e in selectors.event_list(user=user) if is_organizer(user, e)]
        return ScheduleRun.objects.filter(event_id__in=organized)

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = selectors.event_get(user=request.user, pk=serializer.validated_data["event"].pk)
        run = scheduling.schedule_run_start(
            user=request.user,
            event=event,
            time_limit_s=serializer.validated_data.get("time_limit_s", 20.0),
        )
        run.refresh_from_db()
        return Response(self.get_serializer(run).data, status=status.HTTP_201_CREATED)
