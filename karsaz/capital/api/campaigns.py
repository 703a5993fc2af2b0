"""The crowdfunding API under /api/v1/capital/. Every call that moves money (a pledge, its
cancellation, the close) takes an Idempotency-Key header, exactly as the finance API does."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from karsaz.capital import selectors, services
from karsaz.capital.choices import Instrument
from karsaz.capital.models import Campaign, PeriodicReport, Pledge
from karsaz.capital.permissions import CapitalScope
from karsaz.core.api import ScopedViewSetMixin
from karsaz.core.money import RialSerializerField
from karsaz.core.textlimits import TEXT_MAX
from karsaz.finance.idempotency import HEADER, run_idempotent

IDEMPOTENCY = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="A unique key per intended operation; repeats return the first result.",
)


class CampaignSerializer(serializers.ModelSerializer):
    firm_name = serializers.CharField(source="enterprise.name_fa", read_only=True)
    platform_name = serializers.CharField(source="platform.name_fa", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "enterprise",
            "firm_name",
            "platform",
            "platform_name",
            "instrument",
            "terms",
            "use_of_funds",
            "target",
            "minimum_pledge",
            "pledged",
            "opens_at",
            "closes_at",
            "state",
            "state_label",
            "own_contribution",
            "fee_bp",
            "approved_at",
            "closed_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Campaign) -> dict[str, Any]:
        """Investors get public data only (CapitalScope.campaign_hidden_fields)."""
        data = super().to_representation(instance)
        scope = self.context.get("scope")
        if scope is None:  # one scope per response, shared by every row of a list
            request = self.context.get("request")
            scope = self.context["scope"] = CapitalScope(getattr(request, "user", None))
        hidden = scope.campaign_hidden_fields(instance)
        return {k: v for k, v in data.items() if k not in hidden}


class CampaignInput(serializers.Serializer):
    enterprise = serializers.IntegerField()
    platform = serializers.IntegerField()
    title = serializers.CharField(max_length=255)
    instrument = serializers.ChoiceField(choices=Instrument.choices)
    terms = serializers.CharField(max_length=TEXT_MAX)
    use_of_funds = serializers.CharField(max_length=TEXT_MAX)
    target = RialSerializerField(min_value=1)
    minimum_pledge = RialSerializerField(required=False, default=0)
    own_contribution = RialSerializerField()
    fee_bp = serializers.IntegerField(min_value=0, max_value=10_000, required=False, default=0)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()


class CampaignUpdate(serializers.Serializer):
    title = serializers.CharField(max_length=255, required=False)
    instrument = serializers.ChoiceField(choices=Instrument.choices, required=False)
    terms = serializers.CharField(max_length=TEXT_MAX, required=False)
    use_of_funds = serializers.CharField(max_length=TEXT_MAX, required=False)
    target = RialSerializerField(min_value=1, required=False)
    minimum_pledge = RialSerializerField(required=False)
    own_contribution = RialSerializerField(required=False)
    fee_bp = serializers.IntegerField(min_value=0, max_value=10_000, required=False)
    opens_at = serializers.DateTimeField(required=False)
    closes_at = serializers.DateTimeField(required=False)


class PledgeSerializer(serializers.ModelSerializer):
    campaign_title = serializers.CharField(source="campaign.title", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Pledge
        fields = [
            "id",
            "campaign",
            "campaign_title",
            "amount",
            "state",
            "state_label",
            "created_at",
            "cancelled_at",
        ]
        read_only_fields = fields


class PledgeInput(serializers.Serializer):
    campaign = serializers.IntegerField()
    amount = RialSerializerField(min_value=1)


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = PeriodicReport
        fields = ["id", "campaign", "period", "due_on", "status", "body", "filed_at"]
        read_only_fields = fields


class ReportInput(serializers.Serializer):
    body = serializers.CharField(max_length=TEXT_MAX)


def _valid(serializer_class: type, data: Any) -> dict[str, Any]:
    ser = serializer_class(data=data)
    ser.is_valid(raise_exception=True)
    return dict(ser.validated_data)


class CampaignViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = CampaignSerializer
    permission_classes = [IsAuthenticated]
    model = Campaign

    def rows(self, user: Any) -> QuerySet[Campaign]:
        return selectors.campaign_list(user=user)

    def _answer(self, campaign: Campaign, code: int = 200) -> Response:
        return Response(
            CampaignSerializer(campaign, context={"request": self.request}).data, status=code
        )

    @extend_schema(request=CampaignInput, responses={201: CampaignSerializer})
    def create(self, request: Request) -> Response:
        """The firm's editor drafts a campaign on a licensed platform."""
        data = _valid(CampaignInput, request.data)
        enterprise = selectors.enterprise_get(pk=data.pop("enterprise"))
        platform = selectors.enterprise_get(pk=data.pop("platform"))
        campaign = services.campaign_draft(
            user=request.user, enterprise=enterprise, platform=platform, **data
        )
        return self._answer(campaign, status.HTTP_201_CREATED)

    @extend_schema(request=CampaignUpdate, responses={200: CampaignSerializer})
    def partial_update(self, request: Request, pk: str) -> Response:
        """Edit a draft; once submitted or open, target and dates are frozen (400)."""
        campaign = selectors.campaign_get(user=request.user, pk=int(pk))
        data = _valid(CampaignUpdate, request.data)
        return self._answer(services.campaign_update(user=request.user, campaign=campaign, **data))

    def _step(self, request: Request, pk: str, fn: Any) -> Response:
        campaign = selectors.campaign_get(user=request.user, pk=int(pk))
        return self._answer(fn(user=request.user, campaign=campaign))

    @extend_schema(request=None, responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        """The firm submits its draft to the platform."""
        return self._step(request, pk, services.campaign_submit)

    @extend_schema(request=None, responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """The platform approves; it opens at its opening time."""
        return self._step(request, pk, services.campaign_approve)

    @extend_schema(request=None, responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        """The platform sends the campaign back to the firm as a draft."""
        return self._step(request, pk, services.campaign_reject)

    @extend_schema(request=None, responses={200: CampaignSerializer}, parameters=[IDEMPOTENCY])
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        """The platform (or national staff) closes a campaign past its closing time: release or
        refund, all through the ledger."""

        def work() -> tuple[int, Any]:
            campaign = selectors.campaign_get(user=request.user, pk=int(pk))
            closed = services.campaign_close(campaign=campaign, user=request.user)
            return 200, CampaignSerializer(closed, context={"request": request}).data

        return run_idempotent(request, work)


class PledgeViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The user's own pledges; nobody sees another investor's."""

    serializer_class = PledgeSerializer
    permission_classes = [IsAuthenticated]
    model = Pledge

    def rows(self, user: Any) -> QuerySet[Pledge]:
        return selectors.pledge_mine(user=user)

    @extend_schema(request=PledgeInput, responses={201: PledgeSerializer}, parameters=[IDEMPOTENCY])
    def create(self, request: Request) -> Response:
        """Pledge integer rials to an open campaign (paid through the licensed channel)."""

        def work() -> tuple[int, Any]:
            data = _valid(PledgeInput, request.data)
            campaign = selectors.campaign_get(user=request.user, pk=data["campaign"])
            pledge = services.pledge_create(
                user=request.user, campaign=campaign, amount=data["amount"]
            )
            return 201, PledgeSerializer(pledge).data

        return run_idempotent(request, work)

    @extend_schema(request=None, responses={200: PledgeSerializer}, parameters=[IDEMPOTENCY])
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        """Cancel, until 48 hours before the close: the money goes back in full."""

        def work() -> tuple[int, Any]:
            pledge = selectors.pledge_get_mine(user=request.user, pk=int(pk))
            return 200, PledgeSerializer(
                services.pledge_cancel(user=request.user, pledge=pledge)
            ).data

        return run_idempotent(request, work)


class ReportViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = ReportSerializer
    permission_classes = [IsAuthenticated]
    model = PeriodicReport

    def rows(self, user: Any) -> QuerySet[PeriodicReport]:
        return selectors.report_list(user=user)

    @extend_schema(request=ReportInput, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"])
    def file(self, request: Request, pk: str) -> Response:
        """The firm files a report it owes its investors."""
        report = selectors.report_get(user=request.user, pk=int(pk))
        data = _valid(ReportInput, request.data)
        return Response(
            ReportSerializer(
                services.report_file(user=request.user, report=report, body=data["body"])
            ).data
        )
