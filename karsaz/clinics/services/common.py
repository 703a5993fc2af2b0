"""What every clinic service shares: the text rule, the case lock, mail after commit."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from karsaz.clinics.errors import ClinicsErrorCode
from karsaz.clinics.models import (
    Case,
)
from karsaz.core import jalali
from karsaz.core.errors import field_error
from karsaz.core.persian import normalize
from karsaz.core.tasks import send_email
from karsaz.core.textlimits import TEXT_MAX, check_length


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


def notify(user: Any, subject: str, body: str, **values: Any) -> None:
    """E-mail in the person's language, queued once the transaction commits."""
    if not user.email:
        return
    lang = getattr(user, "language", None) or "fa"
    values = {
        k: jalali.format_date(v, lang=lang) if isinstance(v, dt.date) else v
        for k, v in values.items()
    }
    with translation.override(lang):
        text = _(body).format(**values)
        title = _(subject)
    transaction.on_commit(lambda: send_email.enqueue(subject=title, body=text, to=[user.email]))
