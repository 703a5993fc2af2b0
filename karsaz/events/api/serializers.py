from rest_framework import serializers

from karsaz.core.fields import ModelSerializer
from karsaz.events.choices import Priority
from karsaz.events.models import Deal, Event, MeetingRequest, ScheduleRun
from karsaz.events.permissions import EventScope


class EventSerializer(ModelSerializer):
    class Meta:
        model = Event
        fields = [
            "id", "name_fa", "name_en", "venue", "province", "city", "starts_on", "days",
            "slot_minutes", "registration_opens", "registration_closes", "requests_close",
        ]  # fmt: skip


class MeetingRequestSerializer(ModelSerializer):
    """The message is private: only the two delegates receive it."""

    message = serializers.SerializerMethodField()
    requester_enterprise = serializers.CharField(
        source="requester.participant.enterprise.name_fa", read_only=True
    )
    recipient_enterprise = serializers.CharField(
        source="recipient.participant.enterprise.name_fa", read_only=True
    )

    class Meta:
        model = MeetingRequest
        fields = [
            "id", "event", "requester", "recipient", "requester_enterprise",
            "recipient_enterprise", "priority", "status", "message", "created_at", "expires_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_message(self, obj: MeetingRequest) -> str | None:
        hidden = EventScope(self.context["request"].user).hidden_fields(obj)
        return None if "message" in hidden else obj.message


class MeetingRequestCreateSerializer(serializers.Serializer):
    event = serializers.IntegerField()
    recipient = serializers.IntegerField()
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.WOULD_LIKE)
    message = serializers.CharField(max_length=500, required=False, allow_blank=True)


class AnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField()


class ScheduleRunSerializer(ModelSerializer):
    ratio = serializers.FloatField(read_only=True, allow_null=True)  # no bound yet: null

    class Meta:
        model = ScheduleRun
        fields = [
            "id", "event", "status", "progress", "message", "time_limit_s", "objective",
            "upper_bound", "ratio", "solver_status", "method", "scheduled", "unscheduled",
            "created_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = [f for f in fields if f not in ("event", "time_limit_s")]


class DealSerializer(serializers.ModelSerializer):
    """A deal at an event; it counts in the report once ``status`` is ``confirmed`` (every
    party in ``confirmed_parties``)."""

    class Meta:
        model = Deal
        fields = [
            "id", "event", "meeting", "parties", "confirmed_parties", "status", "kind",
            "document", "value_rials", "signed_on", "title", "created_at", "confirmed_at",
        ]  # fmt: skip
        read_only_fields = fields


class CheckInSerializer(serializers.Serializer):
    """What the check-in desk scanned: the badge's token."""

    token = serializers.CharField(max_length=500)


class CheckInResultSerializer(serializers.Serializer):
    delegate = serializers.IntegerField(source="delegate.pk")
    name = serializers.CharField(source="delegate.user.display_name")
    enterprise = serializers.CharField(source="delegate.participant.enterprise.name_fa")
    checked_in_at = serializers.DateTimeField(source="delegate.checked_in_at")
    already = serializers.BooleanField(
        help_text="The delegate had checked in before this scan (nothing changed)."
    )
