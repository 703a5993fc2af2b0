"""Every write of the notifications. `notify` is what programmes call (they may import this
module; it imports none of them): one row in the recipient's list and, after the transaction
commits, one e-mail in the recipient's language through the task queue (`core.tasks`)."""

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karsaz.accounts.scope import require_signed_in
from karsaz.core.errors import field_error
from karsaz.core.tasks import send_email
from karsaz.notifications.choices import Kind
from karsaz.notifications.errors import NotificationsErrorCode
from karsaz.notifications.models import Notification, NotificationSetting, store_params
from karsaz.notifications.selectors import channels, channels_of, notification_get


def _language(user: Any) -> str:
    return getattr(user, "language", None) or "fa"


def _email(notification: Notification, to: str, lang: str) -> None:
    subject = notification.title_in(lang)[:200]
    body = notification.body_in(lang) or subject
    if notification.link:  # a path on the site: the mail reader needs the whole address
        body = f"{body}\n\n{urljoin(settings.KARSAZ_SITE_URL, notification.link)}"
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[to]))


def _row(
    recipient: Any, kind: Kind, channels: tuple[bool, bool], *, link: str, **fields: Any
) -> tuple[Notification, bool] | None:
    """The unsaved notification for one recipient and whether it also goes by e-mail, or None
    when neither channel would carry it (in-app off, and e-mail off or no address)."""
    in_app, email = channels
    wants_email = email and bool(recipient.email)
    if not (in_app or wants_email):
        return None
    row = Notification(recipient=recipient, kind=kind, in_app=in_app, link=link[:500], **fields)
    return row, wants_email


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
    made = _row(
        recipient, kind, channels(user=recipient, kind=kind),
        title=title, body=body, params=store_params(params or {}), link=link, ref=ref, once=once,
    )  # fmt: skip
    if made is None:
        return None
    row, wants_email = made
    if once and not ref:
        raise ValueError("A notification sent once needs a ref.")
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
    chosen: Mapping[int, tuple[bool, bool]] | None = None,
) -> list[Notification]:
    """`notify` for several recipients (not `once`): their settings for `kind` read in one query
    (none when the caller read them with the recipients: `chosen`, from
    `selectors.recipients_with_channels`) and the rows inserted in one, so a busy transaction does
    not pay two statements a person."""
    kind = Kind(kind)
    if chosen is None:
        chosen = channels_of(users=recipients, kind=kind)
    stored = store_params(params or {})
    made = [
        found
        for user in recipients
        if (found := _row(user, kind, chosen[user.pk], title=title, body=body, params=stored,
                          link=link, ref=ref)) is not None
    ]  # fmt: skip
    Notification.objects.bulk_create([row for row, _ in made])
    for row, wants_email in made:
        if wants_email:
            _email(row, row.recipient.email, _language(row.recipient))
    return [row for row, _ in made]


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
