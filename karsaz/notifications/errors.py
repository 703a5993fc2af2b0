"""The codes of the notification services' errors (`{"field": [{"message", "code"}]}`)."""

from django.db import models


class NotificationsErrorCode(models.TextChoices):
    INVALID = "invalid"  # a value the field does not accept (an unknown kind)
