"""What every clinic service shares: the text rule, the case lock, notifications."""

from typing import Any

from django.utils.translation import gettext as _

from karsaz.clinics.errors import ClinicsErrorCode
from karsaz.clinics.models import (
    Case,
)
from karsaz.core.errors import field_error
from karsaz.core.persian import normalize
from karsaz.core.textlimits import TEXT_MAX, check_length
from karsaz.notifications import services as notifications
from karsaz.notifications.choices import Kind


def clean_text(value: Any, field: str, *, required: bool = True, max_length: int = TEXT_MAX) -> str:
    raw = str(value or "")
    check_length(raw, field, max_length)  # before the normalizer spends time on a huge text
    text = normalize(raw).strip()
    if required and not text:
        raise field_error(field, _("This field is required."), ClinicsErrorCode.REQUIRED)
    if len(text) > max_length:
        raise field_error(
            field, _("Write at most {n} characters.").format(n=max_length), ClinicsErrorCode.INVALID
        )
    return text


def lock_case(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("clinic", "consultant")
        .get(pk=case.pk)
    )


def notify(
    user: Any, subject: str, body: str, *, link: str = "", kind: str = "", **values: Any
) -> None:
    """In-app and e-mail (the shared notifications: in the person's language, the e-mail queued
    once the transaction commits); `subject` and `body` are msgids formatted with `values`."""
    notifications.notify(
        user,
        kind or Kind.CLINICS_CASE,
        title=subject,
        body=body,
        params=values,
        link=link,
    )
