"""The admission dossier API: the same selectors and services as the pages, so the same rules.
Under `/api/v1/capital/`: engagements (create, revoke), filings (list, detail, transition),
documents (upload, review) and the adviser directory."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from karsaz.capital import pipeline, selectors, services
from karsaz.capital.choices import Market
from karsaz.capital.errors import CapitalErrorCode as Code
from karsaz.capital.models import DocumentVersion, DossierDocument, Engagement, Filing
from karsaz.capital.permissions import CapitalScope
from karsaz.core.api import ScopedViewSetMixin
from karsaz.core.errors import field_error
from karsaz.core.parsers import FormParser, JSONParser, MultiPartParser
from karsaz.core.textlimits import COMMENT_MAX

# --- serializers ---------------------------------------------------------------------------


class EngagementSerializer(serializers.ModelSerializer[Engagement]):
    class Meta:
        model = Engagement
        fields = [
            "id",
            "enterprise",
            "adviser",
            "market",
            "state",
            "consented_by",
            "consented_at",
            "revoked_by",
            "revoked_at",
        ]
        read_only_fields = fields


class EngagementCreateSerializer(serializers.Serializer[Any]):
    enterprise = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    adviser = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    market = serializers.ChoiceField(choices=Market.choices)


class DocumentVersionSerializer(serializers.ModelSerializer[DocumentVersion]):
    download = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = ["id", "number", "content_type", "size", "sha256", "uploaded_by", "uploaded_at",
                  "download"]  # fmt: skip
        read_only_fields = fields

    def get_download(self, version: DocumentVersion) -> str:
        return reverse("capital:version_download", args=[version.pk])


class DocumentSerializer(serializers.ModelSerializer[DossierDocument]):
    versions = DocumentVersionSerializer(many=True, read_only=True)

    class Meta:
        model = DossierDocument
        fields = ["id", "filing", "kind", "fiscal_year", "status", "reviewer", "reviewed_at",
                  "review_note", "versions"]  # fmt: skip
        read_only_fields = fields


class DocumentRowSerializer(serializers.ModelSerializer[DossierDocument]):
    versions = serializers.IntegerField(source="n_versions", read_only=True)

    class Meta:
        model = DossierDocument
        fields = ["id", "filing", "kind", "fiscal_year", "status", "reviewer", "reviewed_at",
                  "versions"]  # fmt: skip
        read_only_fields = fields


class FilingSerializer(serializers.ModelSerializer[Filing]):
    adviser = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Filing
        fields = ["id", "enterprise", "province", "market", "rule_set", "stage", "stage_since",
                  "adviser", "created_at", "actions"]  # fmt: skip
        read_only_fields = fields

    def get_adviser(self, filing: Filing) -> int | None:
        return filing.engagement.adviser_id if filing.engagement else None

    def get_actions(self, filing: Filing) -> list[str]:
        scope = self.context.get("scope")
        return sorted(scope.allowed_actions(filing)) if scope is not None else []


class FilingStageChangeSerializer(serializers.Serializer[Any]):
    from_stage = serializers.CharField()
    to_stage = serializers.CharField()
    by = serializers.IntegerField(source="by_id")
    at = serializers.DateTimeField()
    note = serializers.CharField()


class FilingDetailSerializer(FilingSerializer):
    documents = DocumentSerializer(many=True, read_only=True)
    history = FilingStageChangeSerializer(many=True, read_only=True)

    class Meta(FilingSerializer.Meta):
        fields = [*FilingSerializer.Meta.fields, "documents", "history"]
        read_only_fields = fields


class FilingTransitionSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=sorted(pipeline.MOVES))
    note = serializers.CharField(max_length=COMMENT_MAX, required=False, allow_blank=True)


class DocumentUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(allow_empty_file=False, use_url=False)


class DocumentReviewSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=["accept", "changes"])
    note = serializers.CharField(max_length=COMMENT_MAX, required=False, allow_blank=True)


class AdviserRecordSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="adviser.pk")
    name_fa = serializers.CharField(source="adviser.name_fa")
    name_en = serializers.CharField(source="adviser.name_en")
    province = serializers.IntegerField(source="adviser.province_id")
    filings = serializers.IntegerField()
    admissions = serializers.IntegerField()
    median_days = serializers.FloatField(allow_null=True)


def _input(serializer_class: Any, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# --- viewsets ------------------------------------------------------------------------------


class EngagementViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The firm's consents to advisers; the firm's editor creates one and revokes it."""

    model = Engagement
    serializer_class = EngagementSerializer

    def rows(self, user: Any) -> QuerySet[Engagement]:
        return selectors.engagement_list(user=user)

    def get_object(self) -> Engagement:
        return selectors.engagement_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return EngagementCreateSerializer
        return EngagementSerializer

    @extend_schema(request=EngagementCreateSerializer, responses=EngagementSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _input(EngagementCreateSerializer, request)
        enterprise = selectors.enterprise_find(pk=data["enterprise"])
        if enterprise is None:
            raise field_error("enterprise", _("No enterprise has this ID."), Code.INVALID)
        adviser = selectors.enterprise_find(pk=data["adviser"])
        if adviser is None:
            raise field_error("adviser", _("No enterprise has this ID."), Code.INVALID)
        engagement = services.engagement_create(
            user=request.user, enterprise=enterprise, adviser=adviser, market=data["market"]
        )
        return Response(EngagementSerializer(engagement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=EngagementSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        engagement = services.engagement_revoke(user=request.user, engagement=self.get_object())
        return Response(EngagementSerializer(engagement).data)


class FilingViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Filings the caller sees; reading one is a read of its dossier, and audited."""

    model = Filing
    serializer_class = FilingSerializer
    filterset_fields = ["stage", "market", "province"]

    def rows(self, user: Any) -> QuerySet[Filing]:
        return selectors.filing_list(user=user).order_by("-stage_since", "-id")

    def get_object(self) -> Filing:
        return selectors.filing_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "scope": CapitalScope(self.request.user)}

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return FilingDetailSerializer
        if self.action == "transition":
            return FilingTransitionSerializer
        return FilingSerializer

    def _detail(self, filing: Filing) -> dict[str, Any]:
        data = dict(FilingSerializer(filing, context=self.get_serializer_context()).data)
        data["documents"] = DocumentSerializer(
            selectors.filing_documents(filing=filing), many=True
        ).data
        data["history"] = FilingStageChangeSerializer(
            selectors.filing_history(filing=filing), many=True
        ).data
        return data

    @extend_schema(responses=FilingDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        filing = self.get_object()
        services.dossier_read_record(user=request.user, filing=filing)
        return Response(self._detail(filing))

    @extend_schema(request=FilingTransitionSerializer, responses=FilingSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        filing = self.get_object()
        data = _input(FilingTransitionSerializer, request)
        filing = services.filing_transition(
            user=request.user, filing=filing, action=data["action"], note=data.get("note", "")
        )
        filing = selectors.filing_get(user=request.user, pk=filing.pk)
        return Response(FilingSerializer(filing, context=self.get_serializer_context()).data)


class DocumentViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Dossier documents of the filings the caller sees; upload a version, review it."""

    model = DossierDocument
    serializer_class = DocumentRowSerializer
    filterset_fields = ["filing", "status", "kind"]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def rows(self, user: Any) -> QuerySet[DossierDocument]:
        return selectors.document_list(user=user).order_by("filing", "kind", "fiscal_year")

    def get_object(self) -> DossierDocument:
        return selectors.document_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One document of a dossier: a read of the dossier, audited."""
        document = self.get_object()
        services.dossier_read_record(user=request.user, filing=document.filing)
        return self._answer(document)

    def get_serializer_class(self) -> Any:
        return {"upload": DocumentUploadSerializer, "review": DocumentReviewSerializer}.get(
            self.action, DocumentRowSerializer
        )

    def _answer(self, document: DossierDocument, code: int = status.HTTP_200_OK) -> Response:
        document = selectors.document_list(user=self.request.user).get(pk=document.pk)
        return Response(DocumentRowSerializer(document).data, status=code)

    @extend_schema(
        request={"multipart/form-data": DocumentUploadSerializer},
        responses=DocumentVersionSerializer,
    )
    @action(detail=True, methods=["post"])
    def upload(self, request: Request, pk: str) -> Response:
        document = self.get_object()
        data = _input(DocumentUploadSerializer, request)
        version = services.document_upload(user=request.user, document=document, file=data["file"])
        return Response(DocumentVersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DocumentReviewSerializer, responses=DocumentRowSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        document = self.get_object()
        data = _input(DocumentReviewSerializer, request)
        document = services.document_review(
            user=request.user,
            document=document,
            accept=data["decision"] == "accept",
            note=data.get("note", ""),
        )
        return self._answer(document)


class AdviserViewSet(viewsets.ViewSet):
    """The directory of licensed admission advisers with their record."""

    @extend_schema(responses=AdviserRecordSerializer(many=True))
    def list(self, request: Request) -> Response:
        return Response(AdviserRecordSerializer(selectors.adviser_directory(), many=True).data)
