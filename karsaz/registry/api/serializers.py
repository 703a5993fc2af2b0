from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from karsaz.core.fields import JalaliDateField, ModelSerializer
from karsaz.registry.choices import EnterpriseKind, SizeClass
from karsaz.registry.models import Enterprise, IndustrialPark, IsicActivity, Province
from karsaz.registry.permissions import RegistryScope


class ProvinceSerializer(ModelSerializer):
    class Meta:
        model = Province
        fields = ["id", "code", "slug", "name_fa", "name_en"]


class IndustrialParkSerializer(ModelSerializer):
    province: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = IndustrialPark
        fields = ["id", "province", "name_fa", "name_en", "kind", "city_en"]


class IsicActivitySerializer(ModelSerializer):
    parent: serializers.SlugRelatedField = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code",
        read_only=True,
        allow_null=True,  # a section has no parent
    )

    class Meta:
        model = IsicActivity
        fields = ["code", "level", "parent", "title_fa", "title_en"]


class EnterpriseSerializer(serializers.Serializer):
    """Validation of values lives in the service; this only parses and presents.

    Records outside the user's scope are shown with their public fields only.
    """

    id = serializers.IntegerField(read_only=True)
    name_fa = serializers.CharField(max_length=255)
    name_en = serializers.CharField(max_length=255, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=EnterpriseKind.choices)
    national_id = serializers.CharField(max_length=32)
    economic_code = serializers.CharField(max_length=32, required=False, allow_blank=True)
    employees = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False)
    size_class = serializers.ChoiceField(choices=SizeClass.choices, read_only=True)
    isic = serializers.SlugRelatedField(
        slug_field="code",
        queryset=IsicActivity.objects.all(),
        required=False,
        allow_null=True,
    )
    province = serializers.SlugRelatedField(slug_field="code", queryset=Province.objects.all())
    city = serializers.CharField(max_length=64, required=False, allow_blank=True)
    park = serializers.PrimaryKeyRelatedField(
        queryset=IndustrialPark.objects.all(), required=False, allow_null=True
    )
    kb_certificate_no = serializers.CharField(max_length=32, required=False, allow_blank=True)
    kb_certificate_expires = JalaliDateField(required=False, allow_null=True)
    kb_certificate_valid = serializers.BooleanField(read_only=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    website = serializers.URLField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=32, required=False, allow_blank=True)
    sheba = serializers.CharField(max_length=40, required=False, allow_blank=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    private = serializers.SerializerMethodField(
        help_text=_("Whether the private fields are included for this user.")
    )

    @extend_schema_field(serializers.BooleanField())
    def get_private(self, obj: Enterprise) -> bool:
        return self._scope().can_view_private(obj)

    def _scope(self) -> RegistryScope:
        scope = self.context.get("scope")
        if scope is None:
            scope = self.context["scope"] = RegistryScope(self.context["request"].user)
        return scope

    def to_representation(self, instance: Enterprise) -> dict[str, Any]:
        data = super().to_representation(instance)
        hidden = self._scope().hidden_fields(instance, data) - {"private"}
        return {k: v for k, v in data.items() if k not in hidden}
