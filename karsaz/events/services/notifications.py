"""In-app notifications: the reader marks them read."""

from typing import Any

from django.utils import timezone

from karsaz.accounts.scope import require_signed_in
from karsaz.events.models import Notification


def notifications_mark_read(*, user: Any) -> int:
    """Marks every unread notification of the user read; returns how many."""
    require_signed_in(user)
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
