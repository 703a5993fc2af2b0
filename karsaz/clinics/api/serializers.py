"""API shapes. Validation of values lives in the services; these only parse and present.

Session notes and attachments appear only for those allowed to read them
(`ClinicScope.hidden_fields`, shown as `notes_visible`).
"""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from karsaz.clinics.choices import ActionStatus, ReferralTarget, SessionMode
from karsaz.clinics.models import (
    ActionItem,
    Case,
    CaseSession,
    Clinic,
    Consultant,
    FollowUp,
    Referral,
)
from karsaz.clinics.permissions import ClinicScope
from karsaz.core.fields import JalaliDateField, ModelSerializer
from karsaz.core.money import RialSerializerField
from karsaz.core.textlimits import COMMENT_MAX, LONG_TEXT_MAX, TEXT_MAX


class ClinicSerializer(ModelSerializer):
    name_fa = serializers.CharField(source="enterprise.name_fa", read_only=True)
    name_en = serializers.CharField(source="enterprise.name_en", read_only=True)
    province = serializers.CharField(source="enterprise.province.code", read_only=True)
    accredited = serializers.BooleanField(read_only=True)

    class Meta:
        model = Clinic
        fields = ["id", "enterprise", "name_fa", "name_en", "province", "accredited_until",
                  "accredited", "active"]  # fmt: skip


class ConsultantSerializer(ModelSerializer):
    name = serializers.CharField(source="user.display_name", read_only=True)
    provinces: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    accredited = serializers.BooleanField(read_only=True)

    class Meta:
        model = Consultant
        fields = ["id", "name", "clinic", "specialties", "provinces", "languages", "capacity",
                  "accreditation_expires", "accredited", "active"]  # fmt: skip


class ConsultantSuggestionSerializer(ConsultantSerializer):
    """A suggested consultant: the case's areas they cover, free capacity and the score."""

    matched = serializers.ListField(child=serializers.CharField(), read_only=True)
    free = serializers.IntegerField(read_only=True)
    score = serializers.IntegerField(read_only=True)

    class Meta(ConsultantSerializer.Meta):
        fields = [*ConsultantSerializer.Meta.fields, "matched", "free", "score"]


class ClinicCreateSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField(min_value=1)
    accredited_until = JalaliDateField()


class ConsultantCreateSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1)
    clinic = serializers.IntegerField(min_value=1)
    specialties = serializers.ListField(child=serializers.CharField(max_length=32), max_length=7)
    provinces = serializers.ListField(child=serializers.CharField(max_length=2), max_length=31)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=8), required=False, max_length=10
    )
    capacity = serializers.IntegerField(required=False, default=5)
    accreditation_expires = JalaliDateField()


class CaseSerializer(ModelSerializer):
    province = serializers.CharField(source="province.code", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name_fa", read_only=True)

    class Meta:
        model = Case
        fields = ["id", "enterprise", "enterprise_name", "province", "state", "problem",
                  "scores", "urgent_areas", "clinic", "consultant", "override_reason",
                  "created_at", "assigned_at", "first_session_on", "closed_at", "outcome",
                  "cancel_reason"]  # fmt: skip
        read_only_fields = fields


class CaseCreateSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField(min_value=1)
    problem = serializers.CharField(max_length=TEXT_MAX, allow_blank=True)
    answers = serializers.DictField(child=serializers.JSONField())


class AssignSerializer(serializers.Serializer):
    consultant = serializers.IntegerField(min_value=1)
    override_reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.CharField(max_length=TEXT_MAX)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255)


class ReferralSerializer(ModelSerializer):
    target = serializers.ChoiceField(choices=ReferralTarget.choices)

    class Meta:
        model = Referral
        fields = ["id", "case", "target", "description", "status", "linked_model", "linked_id",
                  "created_at"]  # fmt: skip
        read_only_fields = ["id", "case", "status", "linked_model", "linked_id", "created_at"]


class SatisfactionSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    would_recommend = serializers.BooleanField()
    comment = serializers.CharField(max_length=COMMENT_MAX, required=False, allow_blank=True)


class SessionSerializer(ModelSerializer):
    notes = serializers.SerializerMethodField()
    attachment = serializers.SerializerMethodField()
    notes_visible = serializers.SerializerMethodField()

    class Meta:
        model = CaseSession
        fields = ["id", "case", "date", "minutes", "mode", "notes_visible", "notes", "attachment",
                  "created_at"]  # fmt: skip

    def _hidden(self, obj: CaseSession) -> frozenset[str]:
        """ClinicScope.hidden_fields: the one redaction rule of the pages, API and exports."""
        scope: ClinicScope = self.context["scope"]
        return scope.hidden_fields(obj.case)

    def get_notes_visible(self, obj: CaseSession) -> bool:
        return "notes" not in self._hidden(obj)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_notes(self, obj: CaseSession) -> str | None:
        return None if "notes" in self._hidden(obj) else obj.notes

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_attachment(self, obj: CaseSession) -> str | None:
        if not obj.attachment or "attachment" in self._hidden(obj):
            return None
        request = self.context.get("request")
        path = f"/clinics/cases/{obj.case_id}/sessions/{obj.pk}/attachment"
        return request.build_absolute_uri(path) if request else path


class SessionCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    date = JalaliDateField()
    minutes = serializers.IntegerField()
    mode = serializers.ChoiceField(choices=SessionMode.choices)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT_MAX)
    attachment = serializers.FileField(required=False, allow_null=True)


class ActionItemSerializer(ModelSerializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)

    class Meta:
        model = ActionItem
        fields = ["id", "case", "title", "owner", "due_date", "status", "created_at"]
        read_only_fields = ["id", "created_at"]
        extra_kwargs: dict[str, Any] = {"case": {"queryset": Case.objects.all()}}


class FollowUpSerializer(ModelSerializer):
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = FollowUp
        fields = ["id", "case", "months", "due_on", "status", "overdue", "jobs_created",
                  "jobs_retained", "sales_change", "financing_obtained", "new_products", "exports",
                  "recorded_at", "confirmed_at"]  # fmt: skip
        read_only_fields = fields


class ImpactSerializer(serializers.Serializer):
    jobs_created = serializers.IntegerField(min_value=0)
    jobs_retained = serializers.IntegerField(min_value=0)
    sales_change = RialSerializerField(signed=True)
    financing_obtained = RialSerializerField()
    new_products = serializers.IntegerField(min_value=0)
    exports = RialSerializerField()


class ImpactCorrectionSerializer(ImpactSerializer):
    reason = serializers.CharField(max_length=255)
