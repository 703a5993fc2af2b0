"""Serializers of the technology API: they validate input and render rows; the viewsets call
the services."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from karsaz.core.fields import JalaliDateField, ModelSerializer
from karsaz.core.money import RialSerializerField
from karsaz.core.textlimits import LONG_TEXT_MAX, TEXT_MAX
from karsaz.registry.choices import IsicLevel
from karsaz.registry.models import Enterprise, IsicActivity, Province
from karsaz.technology.choices import TRL_CHOICES, AgreementType, IpStatus, RecordStatus
from karsaz.technology.models import Capability, Proposal, ProposalMessage, TechnologyNeed
from karsaz.technology.permissions import TechScope
from karsaz.technology.selectors import Suggestion


def _scope(context: dict[str, Any]) -> TechScope:
    scope = context.get("scope")
    if scope is None:
        scope = context["scope"] = TechScope(context["request"].user)
    return scope


class NeedSerializer(serializers.Serializer):
    """A need; ``confidential_details`` appears only for its owner, staff and an accepted
    partner. Values are validated by the service."""

    id = serializers.IntegerField(read_only=True)
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=TEXT_MAX)
    desired_outcome = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    confidential_details = serializers.CharField(
        max_length=LONG_TEXT_MAX, required=False, allow_blank=True
    )
    isic = serializers.SlugRelatedField(
        slug_field="code",
        queryset=IsicActivity.objects.exclude(level=IsicLevel.SECTION),
        required=False,
        allow_null=True,
    )
    target_trl = serializers.ChoiceField(choices=TRL_CHOICES, required=False)
    budget_min = RialSerializerField(required=False, allow_null=True)
    budget_max = RialSerializerField(required=False, allow_null=True)
    deadline = JalaliDateField(required=False, allow_null=True)
    province = serializers.SlugRelatedField(
        slug_field="code", queryset=Province.objects.all(), required=False
    )
    status = serializers.ChoiceField(choices=RecordStatus.choices, required=False)
    created_at = serializers.DateTimeField(read_only=True)
    confidential = serializers.SerializerMethodField()

    @extend_schema_field(serializers.BooleanField())
    def get_confidential(self, obj: TechnologyNeed) -> bool:
        return _scope(self.context).can_view_confidential(obj)

    def to_representation(self, instance: TechnologyNeed) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in _scope(self.context).hidden_fields(instance):
            data.pop(name, None)
        return data


class CapabilitySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=TEXT_MAX)
    trl = serializers.ChoiceField(choices=TRL_CHOICES, required=False)
    keywords = serializers.CharField(max_length=500, required=False, allow_blank=True)
    ip_status = serializers.ChoiceField(choices=IpStatus.choices, required=False)
    sectors = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=IsicActivity.objects.exclude(level=IsicLevel.SECTION),
        required=False,
    )
    references = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=RecordStatus.choices, required=False)
    created_at = serializers.DateTimeField(read_only=True)


class MatchSerializer(serializers.Serializer):
    """One suggested partner: its public card and the explanation of the match."""

    id = serializers.IntegerField(source="record.pk")
    title = serializers.CharField(source="record.title")
    enterprise = serializers.CharField(source="record.enterprise.name_fa")
    score = serializers.FloatField(source="match.score")
    explanation = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DictField())
    def get_explanation(self, obj: Suggestion) -> dict[str, Any]:
        return {
            "terms": list(obj.match.terms),
            "concepts": list(obj.match.concepts),
            "signals": list(obj.match.signals),
            "signal_labels": obj.signal_labels,
            "lexical_rank": obj.match.lexical_rank,
            "dense_rank": obj.match.dense_rank,
        }


class ProposalSerializer(ModelSerializer):
    need = serializers.PrimaryKeyRelatedField(queryset=TechnologyNeed.objects.all())
    capability = serializers.PrimaryKeyRelatedField(queryset=Capability.objects.all())
    # "" until an agreement is recorded: declared so the schema allows the blank.
    agreement_type = serializers.ChoiceField(
        choices=AgreementType.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Proposal
        fields = [
            "id", "need", "capability", "state", "pitch", "agreement_type", "agreement_value",
            "agreement_date", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "state", "agreement_type", "agreement_value", "agreement_date", "created_at",
            "updated_at",
        ]  # fmt: skip


class TransitionSerializer(serializers.Serializer):
    state = serializers.CharField()
    agreement_type = serializers.ChoiceField(
        choices=AgreementType.choices, required=False, allow_blank=True
    )
    agreement_value = RialSerializerField(required=False, allow_null=True)
    agreement_date = JalaliDateField(required=False, allow_null=True)


class MessageSerializer(ModelSerializer):
    author = serializers.CharField(source="author.display_name", read_only=True)

    class Meta:
        model = ProposalMessage
        fields = ["id", "author", "body", "created_at"]
        read_only_fields = ["id", "author", "created_at"]
