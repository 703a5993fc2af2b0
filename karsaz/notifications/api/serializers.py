"""API shapes: a notification's title and body in the caller's language."""

from rest_framework import serializers

from karsaz.core.fields import ModelSerializer
from karsaz.notifications.models import Notification


class NotificationSerializer(ModelSerializer):
    title = serializers.CharField(source="shown_title", read_only=True)
    body = serializers.CharField(source="shown_body", read_only=True)
    unread = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "created_at", "read_at", "unread"]
        read_only_fields = fields


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(read_only=True)
