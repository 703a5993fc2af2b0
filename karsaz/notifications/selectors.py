"""Every read of the notifications, scoped to the reader (nobody reads another's)."""

from collections.abc import Sequence
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from karsaz.accounts.scope import require_signed_in
from karsaz.notifications.choices import DEFAULT_EMAIL, Kind
from karsaz.notifications.models import Notification, NotificationSetting
from karsaz.notifications.permissions import NotificationScope


def notification_list(*, user: Any) -> QuerySet[Notification]:
    require_signed_in(user)
    return Notification.objects.filter(NotificationScope(user).mine_q())


def notification_get(*, user: Any, pk: Any) -> Notification:
    """The user's own notification; another's answers 404 (its existence is not disclosed)."""
    require_signed_in(user)
    try:
        return notification_list(user=user).get(pk=int(pk))
    except (Notification.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def unread_count(*, user: Any) -> int:
    """The bell's number: one COUNT query on the (recipient, read_at) index."""
    if not user.is_authenticated:
        return 0
    return notification_list(user=user).filter(read_at__isnull=True).count()


def channels(*, user: Any, kind: str) -> tuple[bool, bool]:
    """(in-app, e-mail) for this user and kind: the user's setting, else the kind's defaults."""
    return channels_of(users=[user], kind=kind)[user.pk]


def channels_of(*, users: Sequence[Any], kind: str) -> dict[int, tuple[bool, bool]]:
    """`channels` of several users, by user id, in one query."""
    default = (True, DEFAULT_EMAIL.get(Kind(kind), True))
    chosen = {
        row.user_id: (row.in_app, row.email)
        for row in NotificationSetting.objects.filter(user_id__in=[u.pk for u in users], kind=kind)
    }
    return {user.pk: chosen.get(user.pk, default) for user in users}


def recipients_with_channels(
    *, users: QuerySet[Any], kind: str
) -> tuple[list[Any], dict[int, tuple[bool, bool]]]:
    """The users of `users` and their `channels` for `kind`, read in one query (the settings
    as subqueries): a caller that picks recipients by query pays one round trip, not two."""
    in_app, email = (True, DEFAULT_EMAIL.get(Kind(kind), True))
    setting = NotificationSetting.objects.filter(user_id=OuterRef("pk"), kind=kind)
    rows = list(
        users.annotate(
            notice_in_app=Subquery(setting.values("in_app")[:1]),
            notice_email=Subquery(setting.values("email")[:1]),
        )
    )
    chosen = {
        u.pk: (
            in_app if u.notice_in_app is None else u.notice_in_app,
            email if u.notice_email is None else u.notice_email,
        )
        for u in rows
    }
    return rows, chosen


def settings_table(*, user: Any) -> list[tuple[Kind, bool, bool]]:
    """Every kind with the user's (in-app, e-mail) channels, in the order of `Kind`."""
    require_signed_in(user)
    chosen = {
        row.kind: (row.in_app, row.email) for row in NotificationSetting.objects.filter(user=user)
    }
    return [(kind, *chosen.get(kind.value, (True, DEFAULT_EMAIL[kind]))) for kind in Kind]
