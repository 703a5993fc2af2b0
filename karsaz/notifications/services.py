"""Every write of the notifications. `notify` is what programmes call (they may import this
module; it imports none of them): one row in the recipient's list and, after the transaction
commits, one e-mail in the recipient's language through the task queue (`core.tasks`)."""

from collections.abc import Sequence
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karsaz.accounts.scope import require_signed_in
from karsaz.core.errors import field_error
from karsaz.core.tasks import send_email
from karsaz.notifications.choices import DEFAULT_EMAIL, Kind
from karsaz.notifications.errors import NotificationsErrorCode
from karsaz.notifications.models import Notification, NotificationSetting, store_params
from karsaz.notifications.selectors import channels, notification_get


def _language(user: Any) -> str:
    return getattr(user, "language", None) or "fa"


def _email(notification: Notification, to: str, lang: str) -> None:
    subject = notification.title_in(lang)[:200]
    body = notification.body_in(lang) or subject
    if notification.link:  # a path on the site: the mail reader needs the whole address
        body = f"{body}\n\n{urljoin(settings.KARSAZ_SITE_URL, notification.link)}"
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[to]))


def notify(
    recipient: Any,
    kind: str,
    *,
    title: str,
    body: str = "",
    params: dict[str, Any] | None = None,
    link: str = "",
    ref: str = "",
    once: bool = False,
) -> Notification | None:
    """Tells `recipient` about something of `kind`. `title` and `body` are msgids (mark them
    with `gettext_noop`) formatted with `params` in the reader's language when read. `once`: at
    most one notification per (recipient, kind, ref), however often it is called (reminders).
    Returns the row, or None when the user turned both channels off or it was already sent."""
    kind = Kind(kind)
    in_app, email = channels(user=recipient, kind=kind)
    wants_email = email and bool(recipient.email)
    if not (in_app or wants_email):
        return None
    if once and not ref:
        raise ValueError("A notification sent once needs a ref.")
    row = Notification(
        recipient=recipient,
        kind=kind,
        title=title,
        body=body,
        params=store_params(params or {}),
        link=link[:500],
        ref=ref,
        once=once,
        in_app=in_app,
    )
    if once:
        if Notification.objects.filter(recipient=recipient, kind=kind, ref=ref, once=True).exists():
            return None
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # a concurrent twin was saved first
            return None
    else:
        row.save()
    if wants_email:
        _email(row, recipient.email, _language(recipient))
    return row


def notify_all(
    recipients: Sequence[Any],
    kind: str,
    *,
    title: str,
    body: str = "",
    params: dict[str, Any] | None = None,
    link: str = "",
    ref: str = "",
) -> list[Notification]:
    """`notify` for several recipients (not `once`): their settings for `kind` read in one query
    and the rows inserted in one, so a busy transaction does not pay two statements a person."""
    kind = Kind(kind)
    chosen = {
        row.user_id: (row.in_app, row.email)
        for row in NotificationSetting.objects.filter(
            user_id__in=[user.pk for user in recipients], kind=kind
        )
    }
    rows, mails = [], []
    stored = store_params(params or {})
    for user in recipients:
        in_app, email = chosen.get(user.pk, (True, DEFAULT_EMAIL.get(kind, True)))
        wants_email = email and bool(user.email)
        if not (in_app or wants_email):
            continue
        row = Notification(
            recipient=user, kind=kind, title=title, body=body, params=stored, link=link[:500],
            ref=ref, in_app=in_app,
        )  # fmt: skip
        rows.append(row)
        if wants_email:
            mails.append((row, user))
    Notification.objects.bulk_create(rows)
    for row, user in mails:
        _email(row, user.email, _language(user))
    return rows


def notification_mark_read(*, user: Any, pk: Any) -> Notification:
    notification = notification_get(user=user, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: Any) -> int:
    """Marks every unread notification of the user read; returns how many."""
    require_signed_in(user)
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def settings_update(*, user: Any, choices: dict[str, tuple[bool, bool]]) -> int:
    """Saves the user's (in-app, e-mail) per kind; returns how many kinds were given."""
    require_signed_in(user)
    for kind, (in_app, email) in choices.items():
        if kind not in Kind.values:
            raise field_error(
                "kind", _("Unknown kind of notification."), NotificationsErrorCode.INVALID
            )
        NotificationSetting.objects.update_or_create(
            user=user, kind=kind, defaults={"in_app": bool(in_app), "email": bool(email)}
        )
    return len(choices)
