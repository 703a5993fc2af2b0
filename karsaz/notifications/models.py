"""A notification keeps its title and body as msgids with their values, so it reads in the
recipient's language whenever it is read (a page in English, an e-mail in Persian)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from karsaz.core import jalali
from karsaz.core.persian import persian_text_digits, to_persian_digits
from karsaz.notifications.choices import Kind

DATE, DATETIME = "__date__", "__datetime__"


def bilingual(fa: str, en: str = "") -> dict[str, str]:
    """A name with its two spellings (an enterprise's, an event's): each reader gets theirs."""
    return {"fa": str(fa), "en": str(en or fa)}


def store_params(params: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe values: dates and times are kept tagged, to be shown in the reader's calendar;
    a `bilingual()` name keeps both spellings."""
    stored: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, dict) and set(value) == {"fa", "en"}:
            stored[key] = {"fa": str(value["fa"]), "en": str(value["en"])}
        elif isinstance(value, dt.datetime):
            stored[key] = {DATETIME: value.isoformat()}
        elif isinstance(value, dt.date):
            stored[key] = {DATE: value.isoformat()}
        elif isinstance(value, bool | int | float):
            stored[key] = value
        else:
            stored[key] = str(value)
    return stored


def _shown(value: Any, lang: str) -> str:
    if isinstance(value, dict) and "fa" in value:
        value = value["fa"] if lang == "fa" else value.get("en") or value["fa"]
    if isinstance(value, dict) and DATETIME in value:
        return jalali.format_datetime(parse_datetime(value[DATETIME]), lang=lang)
    if isinstance(value, dict) and DATE in value:
        return jalali.format_date(parse_date(value[DATE]), lang=lang)
    if isinstance(value, int) and not isinstance(value, bool):
        return to_persian_digits(str(value)) if lang == "fa" else str(value)
    return persian_text_digits(str(value)) if lang == "fa" else str(value)


def render(msgid: str, params: dict[str, Any], lang: str) -> str:
    if not msgid:
        return ""
    with translation.override(lang):
        text = gettext(msgid)
        try:
            return text.format(**{k: _shown(v, lang) for k, v in params.items()})
        except (KeyError, IndexError, ValueError):  # a catalogue entry that lost a placeholder
            return msgid.format(**{k: _shown(v, "en") for k, v in params.items()})


def _active() -> str:
    return "en" if (translation.get_language() or "fa").startswith("en") else "fa"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    title = models.CharField(max_length=300)  # a msgid
    body = models.CharField(max_length=1000, blank=True)  # a msgid
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=500, blank=True)
    # What it is about ("events.meeting:12"): reminders are sent once per (recipient, kind, ref).
    ref = models.CharField(max_length=100, blank=True, db_index=True)
    once = models.BooleanField(default=False)
    # False when the recipient turned this kind off in-app but wants the e-mail: the row then
    # only records that the e-mail went (a reminder is not sent twice).
    in_app = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "ref"],
                condition=Q(once=True),
                name="notification_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    def title_in(self, lang: str) -> str:
        return render(self.title, self.params, lang)

    def body_in(self, lang: str) -> str:
        return render(self.body, self.params, lang)

    @property
    def shown_title(self) -> str:
        """The title in the active language (the page's, the API caller's)."""
        return self.title_in(_active())

    @property
    def shown_body(self) -> str:
        return self.body_in(_active())

    @property
    def unread(self) -> bool:
        return self.read_at is None


class NotificationSetting(models.Model):
    """A user's choice for one kind; without a row the kind's defaults hold (choices.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    in_app = models.BooleanField(_("in the app"), default=True)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_setting_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"
