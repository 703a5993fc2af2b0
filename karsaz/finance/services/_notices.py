"""Who hears of an invoice's moves: every member of the enterprise concerned (the shared
notifications: in-app and e-mail in each one's language, the e-mail after the commit)."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import reverse

from karsaz.finance.models import Invoice
from karsaz.notifications import services as notifications
from karsaz.notifications.models import bilingual
from karsaz.notifications.selectors import recipients_with_channels
from karsaz.registry.models import Enterprise, Membership


def name(enterprise: Enterprise) -> dict[str, str]:
    return bilingual(enterprise.name_fa, enterprise.name_en)


def tell(
    enterprise_ids: Iterable[int] | QuerySet[Any],
    kind: str,
    *,
    invoice: Invoice,
    title: str,
    params: dict[str, Any] | None = None,
    exclude: Any = None,
    once: bool = False,
) -> int:
    """Notifies the members of the enterprises (but `exclude`, the user who acted); returns
    how many people were told. `once`: at most once per person, kind and invoice (reminders)."""
    # A queryset stays a subquery of this one (no extra round trip).
    ids = enterprise_ids if isinstance(enterprise_ids, QuerySet) else list(enterprise_ids)
    people = (
        get_user_model()
        .objects.filter(pk__in=Membership.objects.filter(enterprise_id__in=ids).values("user_id"))
        .exclude(pk=getattr(exclude, "pk", 0) or 0)
        .order_by("pk")
    )
    link = reverse("finance:invoice_detail", args=[invoice.pk])
    ref = f"finance.invoice:{invoice.pk}"
    params = {"number": invoice.number, **(params or {})}
    if not once:  # the people and their settings in one query, every row in one insert
        users, chosen = recipients_with_channels(users=people, kind=kind)
        rows = notifications.notify_all(
            users, kind, title=title, params=params, link=link, ref=ref, chosen=chosen
        )
        return len(rows)
    told = 0
    for user in people:
        row = notifications.notify(
            user, kind, title=title, params=params, link=link, ref=ref, once=True
        )
        told += row is not None
    return told
