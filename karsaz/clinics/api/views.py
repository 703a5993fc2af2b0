"""The clinics API: the same selectors and services as the pages, so the same rules."""

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from karsaz.accounts.scope import require
from karsaz.clinics import selectors, services
from karsaz.clinics.api import serializers as s
from karsaz.clinics.choices import ReadKind
from karsaz.clinics.filters import CaseFilter
from karsaz.clinics.models import ActionItem, Case, CaseSession, Clinic, Consultant, FollowUp
from karsaz.clinics.permissions import ClinicScope, no_access
from karsaz.core.api import ScopedViewSetMixin


class ClinicViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Accredited clinics; national staff accredit a consultancy with POST."""

    model = Clinic
    serializer_class = s.ClinicSerializer

    def rows(self, user: Any) -> QuerySet[Clinic]:
        return selectors.clinic_list(user=user)

    def get_serializer_class(self) -> Any:
        return s.ClinicCreateSerializer if self.action == "create" else s.ClinicSerializer

    @extend_schema(request=s.ClinicCreateSerializer, responses=s.ClinicSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = s.ClinicCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        require(ClinicScope(request.user).can_manage_clinics, no_access())
        enterprise = selectors.enterprise_get(pk=data["enterprise"])
        clinic = services.clinic_create(
            user=request.user, enterprise=enterprise, accredited_until=data["accredited_until"]
        )
        clinic = selectors.clinic_listed(user=request.user, pk=clinic.pk)
        return Response(s.ClinicSerializer(clinic).data, status=status.HTTP_201_CREATED)


class ConsultantViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Consultants of the clinics; national staff accredit a clinic's member with POST."""

    model = Consultant
    serializer_class = s.ConsultantSerializer
    filterset_fields = ["clinic", "active"]

    def rows(self, user: Any) -> QuerySet[Consultant]:
        return selectors.consultant_list(user=user)

    def get_serializer_class(self) -> Any:
        return s.ConsultantCreateSerializer if self.action == "create" else s.ConsultantSerializer

    @extend_schema(request=s.ConsultantCreateSerializer, responses=s.ConsultantSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = s.ConsultantCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        require(ClinicScope(request.user).can_manage_clinics, no_access())
        clinic = selectors.clinic_get(pk=data.pop("clinic"))
        person = selectors.person_get(pk=data.pop("user"))
        provinces = selectors.provinces_by_code(codes=data.pop("provinces"))
        consultant = services.consultant_create(
            user=request.user, clinic=clinic, person=person, provinces=provinces, **data
        )
        return Response(s.ConsultantSerializer(consultant).data, status=status.HTTP_201_CREATED)


class CaseViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Cases the caller may see; transitions are POST actions that answer with the case."""

    model = Case
    serializer_class = s.CaseSerializer
    filterset_class = CaseFilter

    def rows(self, user: Any) -> QuerySet[Case]:
        return selectors.case_list(user=user)

    def get_object(self) -> Case:
        return selectors.case_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    def get_serializer_class(self) -> Any:
        return {
            "create": s.CaseCreateSerializer,
            "assign": s.AssignSerializer,
            "close": s.OutcomeSerializer,
            "cancel": s.ReasonSerializer,
            "refer": s.ReferralSerializer,
            "satisfaction": s.SatisfactionSerializer,
        }.get(self.action, s.CaseSerializer)

    def _input(self, request: Request) -> dict[str, Any]:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _answer(self, case: Case, code: int = status.HTTP_200_OK) -> Response:
        case = selectors.case_get(user=self.request.user, pk=case.pk)
        return Response(s.CaseSerializer(case).data, status=code)

    @extend_schema(request=s.CaseCreateSerializer, responses=s.CaseSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._input(request)
        enterprise = selectors.enterprise_get(pk=data["enterprise"])
        case = services.case_request(
            user=request.user,
            enterprise=enterprise,
            problem=data["problem"],
            answers=data["answers"],
        )
        return self._answer(case, status.HTTP_201_CREATED)

    @extend_schema(request=s.AssignSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        data = self._input(request)
        consultant = selectors.consultant_get(pk=data["consultant"])
        services.case_assign(
            user=request.user,
            case=case,
            consultant=consultant,
            override_reason=data.get("override_reason", ""),
        )
        return self._answer(case)

    @extend_schema(request=None, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        return self._answer(services.case_start(user=request.user, case=self.get_object()))

    @extend_schema(request=s.OutcomeSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        data = self._input(request)
        return self._answer(services.case_close(user=request.user, case=case, **data))

    @extend_schema(request=s.ReasonSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        data = self._input(request)
        return self._answer(services.case_cancel(user=request.user, case=case, **data))

    @extend_schema(request=None, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        return self._answer(services.case_reopen(user=request.user, case=self.get_object()))

    @extend_schema(request=None, responses=s.ConsultantSuggestionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # a short ranked list
    def suggestions(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        require(ClinicScope(request.user).supervises(case), no_access())
        rows = []
        for suggestion in selectors.consultant_suggestions(case=case):
            row = s.ConsultantSerializer(suggestion.consultant).data
            rows.append({**row, "matched": list(suggestion.matched), "free": suggestion.free,
                         "score": suggestion.score})  # fmt: skip
        return Response(rows)

    @extend_schema(request=s.ReferralSerializer, responses=s.ReferralSerializer)
    @action(detail=True, methods=["post"])
    def refer(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        data = self._input(request)
        referral = services.referral_create(
            user=request.user, case=case, target=data["target"], description=data["description"]
        )
        return Response(s.ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.SatisfactionSerializer, responses=s.SatisfactionSerializer)
    @action(detail=True, methods=["post"])
    def satisfaction(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        data = self._input(request)
        services.satisfaction_submit(user=request.user, case=case, **data)
        return Response(data, status=status.HTTP_201_CREATED)


class SessionViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    model = CaseSession
    serializer_class = s.SessionSerializer
    filterset_fields = ["case"]

    def rows(self, user: Any) -> QuerySet[CaseSession]:
        return selectors.session_list(user=user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "scope": ClinicScope(self.request.user)}

    def get_serializer_class(self) -> Any:
        return s.SessionCreateSerializer if self.action == "create" else s.SessionSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = [*(page if page is not None else queryset)]
        self._audit(rows)
        data = s.SessionSerializer(rows, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.get_object()
        self._audit([session])
        return Response(s.SessionSerializer(session, context=self.get_serializer_context()).data)

    def _audit(self, sessions: Sequence[CaseSession]) -> None:
        """Every session whose notes this response shows is logged as read, in one INSERT."""
        scope = ClinicScope(self.request.user)
        shown = [s for s in sessions if s.notes and "notes" not in scope.hidden_fields(s.case)]
        if shown:
            services.notes_read_record_sessions(
                user=self.request.user, sessions=shown, kind=ReadKind.API
            )

    @extend_schema(request=s.SessionCreateSerializer, responses=s.SessionSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = s.SessionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        case = selectors.case_get(user=request.user, pk=data.pop("case"))
        session = services.session_log(user=request.user, case=case, **data)
        return Response(
            s.SessionSerializer(session, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class ActionItemViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    model = ActionItem
    serializer_class = s.ActionItemSerializer
    filterset_fields = ["case", "status"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def rows(self, user: Any) -> QuerySet[ActionItem]:
        return selectors.action_item_list(user=user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        case = selectors.case_get(user=request.user, pk=data.pop("case").pk)
        data.pop("status", None)
        item = services.action_item_add(user=request.user, case=case, **data)
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        value = request.data.get("status", "")
        item = services.action_item_set_status(user=request.user, item=item, status=str(value))
        return Response(self.get_serializer(item).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)


class FollowUpViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    model = FollowUp
    serializer_class = s.FollowUpSerializer
    filterset_fields = ["case", "status", "months"]

    def rows(self, user: Any) -> QuerySet[FollowUp]:
        return selectors.followup_list(user=user)

    def get_serializer_class(self) -> Any:
        if self.action == "record":
            return s.ImpactSerializer
        if self.action == "correct":
            return s.ImpactCorrectionSerializer
        return s.FollowUpSerializer

    @extend_schema(request=s.ImpactSerializer, responses=s.FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: str) -> Response:
        followup = self.get_object()
        serializer = s.ImpactSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        followup = services.followup_record(
            user=request.user, followup=followup, data=dict(serializer.validated_data)
        )
        return Response(s.FollowUpSerializer(followup).data)

    @extend_schema(request=None, responses=s.FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        followup = services.followup_confirm(user=request.user, followup=self.get_object())
        return Response(s.FollowUpSerializer(followup).data)

    @extend_schema(request=s.ImpactCorrectionSerializer, responses=s.FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        """The consultant or supervising staff correct recorded or confirmed figures, with a
        reason; the corrected figures wait for the client's confirmation again."""
        followup = self.get_object()
        serializer = s.ImpactCorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = data.pop("reason")
        followup = services.followup_correct(
            user=request.user, followup=followup, data=data, reason=reason
        )
        return Response(s.FollowUpSerializer(followup).data)
