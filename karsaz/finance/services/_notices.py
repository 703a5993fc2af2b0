"""Who hears of an invoice's moves: every member of the enterprise concerned (the shared
notifications: in-app and e-mail in each one's language, the e-mail after the commit)."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from karsaz.finance.models import Invoice
from karsaz.notifications import services as notifications
from karsaz.notifications.models import bilingual
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
        Membership.objects.filter(enterprise_id__in=ids)
        .exclude(user_id=getattr(exclude, "pk", 0) or 0)
        .select_related("user")
        .order_by("user_id")
    )
    users = list({m.user_id: m.user for m in people}.values())
    link = reverse("finance:invoice_detail", args=[invoice.pk])
    ref = f"finance.invoice:{invoice.pk}"
    params = {"number": invoice.number, **(params or {})}
    if not once:  # everyone's settings in one query, every row in one insert
        rows = notifications.notify_all(users, kind, title=title, params=params, link=link, ref=ref)
        return len(rows)
    told = 0
    for user in users:
        row = notifications.notify(
            user, kind, title=title, params=params, link=link, ref=ref, once=True
        )
        told += row is not None
    return told
