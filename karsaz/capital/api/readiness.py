"""The readiness API under /api/v1/capital/: profiles, statements (CRUD and confirm),
assessments (list, detail, POST to run), gaps (list, refer) and rule sets (read-only).

The same selectors and services as the pages, so the same rules: rows outside the caller's
scope are 404, writes the caller may not make are 403, bad values 400 with field codes.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from karsaz.capital import selectors, services
from karsaz.capital.choices import AuditOpinion
from karsaz.capital.filters import GapFilter
from karsaz.capital.models import (
    Assessment,
    CapitalProfile,
    Criterion,
    CriterionResult,
    FinancialStatement,
    Gap,
    MarketResult,
    RuleSet,
)
from karsaz.capital.models.readiness import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR
from karsaz.core.api import ScopedViewSetMixin
from karsaz.core.fields import ModelSerializer
from karsaz.core.money import RialSerializerField

# ---------------------------------------------------------------- serializers


class ProfileSerializer(ModelSerializer):
    registered_capital = RialSerializerField(required=False, allow_null=True)
    shareholders = serializers.IntegerField(
        min_value=0, max_value=10**7, required=False, allow_null=True
    )
    float_pct = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True
    )

    class Meta:
        model = CapitalProfile
        fields = ["id", "enterprise", "founded_on", "registered_capital", "shareholders",
                  "float_pct", "independent_director", "audit_committee", "internal_controls",
                  "ir_officer", "updated_at"]  # fmt: skip
        read_only_fields = ["id", "updated_at"]
        # One profile a firm, upserted: the unique check is the service's (an update, not a 400).
        validators: list[Any] = []
        extra_kwargs: dict[str, Any] = {"enterprise": {"validators": []}}


class StatementSerializer(ModelSerializer):
    fiscal_year = serializers.IntegerField(min_value=FIRST_FISCAL_YEAR, max_value=LAST_FISCAL_YEAR)
    revenue = RialSerializerField()
    operating_profit = RialSerializerField(signed=True)
    net_profit = RialSerializerField(signed=True)
    equity = RialSerializerField(signed=True)
    total_assets = RialSerializerField()
    retained_earnings = RialSerializerField(signed=True, required=False)
    audit_opinion = serializers.ChoiceField(choices=AuditOpinion.choices)
    confirmed = serializers.SerializerMethodField()

    class Meta:
        model = FinancialStatement
        fields = ["id", "enterprise", "fiscal_year", "revenue", "operating_profit", "net_profit",
                  "equity", "total_assets", "retained_earnings", "audit_opinion", "auditor",
                  "entered_at", "confirmed", "confirmed_at"]  # fmt: skip
        read_only_fields = ["id", "entered_at", "confirmed_at"]
        validators: list[Any] = []  # the year's uniqueness is the service's (code already_exists)

    def get_confirmed(self, obj: FinancialStatement) -> bool:
        return obj.confirmed_at is not None


class StatementUpdateSerializer(StatementSerializer):
    class Meta(StatementSerializer.Meta):
        read_only_fields = ["id", "enterprise", "entered_at", "confirmed_at"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "key", "kind", "threshold", "weight", "order", "title_fa", "title_en",
                  "advice_fa", "advice_en"]  # fmt: skip


class RuleSetSerializer(ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = RuleSet
        fields = ["id", "market", "version", "title_fa", "title_en", "source", "active",
                  "own_contribution_min_pct", "campaign_max_days", "person_share_max_pct",
                  "person_annual_cap", "criteria"]  # fmt: skip


class CriterionResultSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="criterion.key", read_only=True)
    title_fa = serializers.CharField(source="criterion.title_fa", read_only=True)
    title_en = serializers.CharField(source="criterion.title_en", read_only=True)

    class Meta:
        model = CriterionResult
        fields = ["key", "title_fa", "title_en", "outcome", "value", "source", "evidence",
                  "confirmed"]  # fmt: skip


class MarketResultSerializer(serializers.ModelSerializer):
    market = serializers.CharField(source="rule_set.market", read_only=True)
    version = serializers.IntegerField(source="rule_set.version", read_only=True)
    criteria = CriterionResultSerializer(many=True, read_only=True)

    class Meta:
        model = MarketResult
        fields = ["market", "version", "rule_set", "score", "met", "unknown", "total", "criteria"]


class AssessmentSerializer(ModelSerializer):
    markets = MarketResultSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "enterprise", "made_at", "facts", "markets"]


class AssessRequestSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField()


class GapSerializer(ModelSerializer):
    class Meta:
        model = Gap
        fields = ["id", "enterprise", "market", "key", "status", "opened_by", "opened_at",
                  "closed_by", "closed_at", "clinic_referral_id", "referred_at"]  # fmt: skip


# ---------------------------------------------------------------- viewsets


def _enterprise(request: Request, pk: Any) -> Any:
    return selectors.readiness_firm(request.user, pk)


class ProfileViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Firms' declarations; POST saves the firm's (one per firm: created or replaced)."""

    model = CapitalProfile
    serializer_class = ProfileSerializer
    filterset_fields = ["enterprise"]

    def rows(self, user: Any) -> QuerySet[CapitalProfile]:
        return selectors.profiles_for(user)

    @extend_schema(request=ProfileSerializer, responses=ProfileSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ProfileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enterprise = _enterprise(request, data.pop("enterprise").pk)
        profile = services.profile_save(user=request.user, enterprise=enterprise, data=data)
        return Response(ProfileSerializer(profile).data, status=status.HTTP_201_CREATED)


class StatementViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Financial statements per Jalali fiscal year; the engaged adviser POSTs `confirm`."""

    model = FinancialStatement
    serializer_class = StatementSerializer
    filterset_fields = ["enterprise", "fiscal_year"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def rows(self, user: Any) -> QuerySet[FinancialStatement]:
        return selectors.statements_for(user)

    def get_object(self) -> FinancialStatement:
        return selectors.statement_for(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self) -> Any:
        if self.action == "partial_update":
            return StatementUpdateSerializer
        if self.action == "confirm":
            return serializers.Serializer
        return StatementSerializer

    @extend_schema(request=StatementSerializer, responses=StatementSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = StatementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enterprise = _enterprise(request, data.pop("enterprise").pk)
        statement = services.statement_create(user=request.user, enterprise=enterprise, data=data)
        return Response(StatementSerializer(statement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StatementUpdateSerializer, responses=StatementSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        statement = self.get_object()
        serializer = StatementUpdateSerializer(statement, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        statement = services.statement_update(
            user=request.user, statement=statement, data=dict(serializer.validated_data)
        )
        return Response(StatementSerializer(statement).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.statement_delete(user=request.user, statement=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=StatementSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: Any = None) -> Response:
        statement = services.statement_confirm(user=request.user, statement=self.get_object())
        return Response(StatementSerializer(statement).data)


class AssessmentViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Assessments with every market's result and criterion; POST runs one for a firm."""

    model = Assessment
    serializer_class = AssessmentSerializer
    filterset_fields = ["enterprise"]

    def rows(self, user: Any) -> QuerySet[Assessment]:
        return selectors.assessments_for(user)

    def get_serializer_class(self) -> Any:
        return AssessRequestSerializer if self.action == "create" else AssessmentSerializer

    @extend_schema(request=AssessRequestSerializer, responses=AssessmentSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = AssessRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        enterprise = _enterprise(request, serializer.validated_data["enterprise"])
        assessment = services.assess(user=request.user, enterprise=enterprise)
        shown = selectors.assessments_for(request.user).get(pk=assessment.pk)
        return Response(AssessmentSerializer(shown).data, status=status.HTTP_201_CREATED)


class GapViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Readiness gaps; the firm's editor POSTs `refer` to send one to a business clinic."""

    model = Gap
    serializer_class = GapSerializer
    filterset_class = GapFilter

    def rows(self, user: Any) -> QuerySet[Gap]:
        return selectors.gaps_for(user)

    def get_serializer_class(self) -> Any:
        return serializers.Serializer if self.action == "refer" else GapSerializer

    @extend_schema(request=None, responses=GapSerializer)
    @action(detail=True, methods=["post"])
    def refer(self, request: Request, pk: Any = None) -> Response:
        gap = services.gap_refer(user=request.user, gap=selectors.gap_for(request.user, pk))
        return Response(GapSerializer(gap).data)


class RuleSetViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Every market's rule sets, each version with its criteria (public to signed-in users)."""

    model = RuleSet
    serializer_class = RuleSetSerializer
    filterset_fields = ["market", "active"]

    def rows(self, user: Any) -> QuerySet[RuleSet]:
        return selectors.rule_sets()
