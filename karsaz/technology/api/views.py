"""The technology API: viewsets read through selectors and write through services (serializers
validate and render only)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from karsaz.core.api import ScopedViewSetMixin
from karsaz.technology import selectors, services
from karsaz.technology.api.serializers import (
    CapabilitySerializer,
    MatchSerializer,
    MessageSerializer,
    NeedSerializer,
    ProposalSerializer,
    TransitionSerializer,
)
from karsaz.technology.filters import CapabilityFilter, NeedFilter
from karsaz.technology.models import Capability, Proposal, TechnologyNeed
from karsaz.technology.permissions import TechScope

_LIMIT = OpenApiParameter("limit", int, description="How many matches (1–50, default 10).")


def _limit(request: Request) -> int:
    try:
        return max(1, min(int(request.query_params.get("limit", 10)), selectors.MAX_MATCHES))
    except ValueError:
        return 10


class _RecordViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "scope": TechScope(self.request.user)}


class NeedViewSet(_RecordViewSet):
    """Technology needs. Confidential details only for the owner, staff and an accepted partner."""

    serializer_class = NeedSerializer
    filterset_class = NeedFilter
    ordering_fields = ["created_at", "target_trl", "deadline"]

    model = TechnologyNeed

    def rows(self, user: Any) -> QuerySet[TechnologyNeed]:
        return selectors.need_list(user=user)

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.need_create(
            user=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.need_update(
            user=self.request.user, need=serializer.instance, data=serializer.validated_data
        )

    def get_object(self) -> TechnologyNeed:
        pk = int(self.kwargs["pk"])
        if self.action in ("update", "partial_update"):
            return selectors.need_get_for_change(user=self.request.user, pk=pk)
        return selectors.need_get(user=self.request.user, pk=pk)

    @extend_schema(parameters=[_LIMIT], responses=MatchSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # at most `limit` rows
    def matches(self, request: Request, pk: str) -> Response:
        """Capabilities suggested for this need, each with why it matched."""
        need = selectors.need_get(user=request.user, pk=int(pk))
        items = selectors.need_matches(user=request.user, need=need, limit=_limit(request))
        return Response(MatchSerializer(items, many=True).data)


class CapabilityViewSet(_RecordViewSet):
    serializer_class = CapabilitySerializer
    filterset_class = CapabilityFilter
    ordering_fields = ["created_at", "trl"]

    model = Capability

    def rows(self, user: Any) -> QuerySet[Capability]:
        return selectors.capability_list(user=user)

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.capability_create(
            user=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.capability_update(
            user=self.request.user, capability=serializer.instance, data=serializer.validated_data
        )

    def get_object(self) -> Capability:
        pk = int(self.kwargs["pk"])
        if self.action in ("update", "partial_update"):
            return selectors.capability_get_for_change(user=self.request.user, pk=pk)
        return selectors.capability_get(user=self.request.user, pk=pk)

    @extend_schema(parameters=[_LIMIT], responses=MatchSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # at most `limit` rows
    def matches(self, request: Request, pk: str) -> Response:
        """Open needs this capability could answer, each with why it matched."""
        cap = selectors.capability_get(user=request.user, pk=int(pk))
        items = selectors.capability_matches(
            user=request.user, capability=cap, limit=_limit(request)
        )
        return Response(MatchSerializer(items, many=True).data)


class ProposalViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Proposals between the two sides; moves through ``transition`` by the side that owns them."""

    serializer_class = ProposalSerializer
    filterset_fields = ["state", "need", "capability"]

    model = Proposal

    def rows(self, user: Any) -> QuerySet[Proposal]:
        return selectors.proposal_list(user=user)

    def get_object(self) -> Proposal:
        return selectors.proposal_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        # The need is read through the user's scope: a closed need of someone else is a 404.
        serializer.instance = services.proposal_create(
            user=self.request.user,
            need=selectors.need_get(user=self.request.user, pk=data["need"].pk),
            capability=data["capability"],
            pitch=data.get("pitch", ""),
        )

    @extend_schema(request=TransitionSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        proposal = self.get_object()
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        proposal = services.proposal_transition(
            user=request.user,
            proposal=proposal,
            to_state=data.pop("state"),
            agreement_type=data.get("agreement_type") or "",
            agreement_value=data.get("agreement_value"),
            agreement_date=data.get("agreement_date"),
        )
        return Response(ProposalSerializer(proposal, context={"request": request}).data)

    @extend_schema(methods=["GET"], responses=MessageSerializer(many=True))
    @extend_schema(methods=["POST"], request=MessageSerializer, responses={201: MessageSerializer})
    @action(detail=True, methods=["get", "post"])
    def messages(self, request: Request, pk: str) -> Response:
        proposal = self.get_object()
        if request.method == "POST":
            body = MessageSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            message = services.proposal_message_add(
                user=request.user, proposal=proposal, body=body.validated_data["body"]
            )
            return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)
        # A conversation grows without bound: paged like every list.
        page = self.paginate_queryset(selectors.proposal_history(proposal=proposal)["thread"])
        return self.get_paginated_response(MessageSerializer(page, many=True).data)
