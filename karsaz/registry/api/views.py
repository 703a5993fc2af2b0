from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, viewsets

from karsaz.core.api import ScopedViewSetMixin
from karsaz.registry import selectors, services
from karsaz.registry.api.serializers import (
    EnterpriseSerializer,
    IndustrialParkSerializer,
    IsicActivitySerializer,
    ProvinceSerializer,
)
from karsaz.registry.filters import EnterpriseFilter
from karsaz.registry.models import Enterprise
from karsaz.registry.permissions import RegistryScope


class EnterpriseViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The enterprise registry. Private fields appear only within the caller's scope."""

    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter
    ordering_fields = ["name_fa", "name_en", "employees", "created_at", "national_id"]

    model = Enterprise

    def rows(self, user: Any) -> QuerySet[Enterprise]:
        return selectors.enterprise_directory(user=user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "scope": RegistryScope(self.request.user)}

    def get_object(self) -> Enterprise:
        pk = int(self.kwargs["pk"])
        if self.action in ("update", "partial_update"):
            return selectors.enterprise_get_for_change(user=self.request.user, pk=pk)
        return selectors.enterprise_get(user=self.request.user, pk=pk)

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.enterprise_create(
            user=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.enterprise_update(
            user=self.request.user, enterprise=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance: Enterprise) -> None:
        services.enterprise_delete(user=self.request.user, enterprise=instance)


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProvinceSerializer
    pagination_class = None
    lookup_field = "code"
    queryset = selectors.provinces()


class IndustrialParkViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndustrialParkSerializer
    filterset_fields = ["province__code", "kind"]
    queryset = selectors.parks()


class IsicActivityViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IsicActivitySerializer
    lookup_field = "code"
    filterset_fields = ["level", "parent__code"]
    queryset = selectors.isic_activities()
