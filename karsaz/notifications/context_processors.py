"""The header's bell: the unread count, counted only when a template shows it (one query)."""

from functools import cache
from typing import Any

from django.http import HttpRequest

from karsaz.notifications import selectors


def bell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def unread() -> int:
        return selectors.unread_count(user=user)

    return {"notifications_unread": unread}
