"""Who sees a notification: its recipient, and nobody else (staff included)."""

from typing import Any

from django.db.models import Q

from karsaz.accounts.scope import ActorScope


class NotificationScope(ActorScope):
    def mine_q(self) -> Q:
        if not self.authenticated:
            return Q(pk__in=[])
        return Q(recipient_id=self.user.pk, in_app=True)

    def can_read(self, notification: Any) -> bool:
        return (
            self.authenticated and notification.recipient_id == self.user.pk and notification.in_app
        )
