"""Who hears of an invoice's moves: every member of the enterprise concerned (the shared
notifications: in-app and e-mail in each one's language, the e-mail after the commit)."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from karsaz.finance.models import Invoice
from karsaz.notifications import services as notifications
from karsaz.notifications.models import bilingual
from karsaz.registry.models import Enterprise, Membership


def name(enterprise: Enterprise) -> dict[str, str]:
    return bilingual(enterprise.name_fa, enterprise.name_en)


def tell(
    enterprise_ids: Iterable[int],
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
    people = (
        Membership.objects.filter(enterprise_id__in=list(enterprise_ids))
        .exclude(user_id=getattr(exclude, "pk", 0) or 0)
        .select_related("user")
        .order_by("user_id")
    )
    told = 0
    seen: set[int] = set()
    for membership in people:
        if membership.user_id in seen:
            continue
        seen.add(membership.user_id)
        row = notifications.notify(
            membership.user,
            kind,
            title=title,
            params={"number": invoice.number, **(params or {})},
            link=reverse("finance:invoice_detail", args=[invoice.pk]),
            ref=f"finance.invoice:{invoice.pk}",
            once=once,
        )
        told += row is not None
    return told
