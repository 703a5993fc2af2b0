"""The documented maximum lengths (in characters) of long user text, one table for every app.

Every long text a user types has a cap: forms (the model field's ``max_length`` also puts a
``maxlength`` on the textarea), serializers and services all enforce it. Services check the raw
value with ``check_lengths`` *before* the normalizer, the stemmer or the matcher sees it, so an
oversized text costs one ``len()`` and a clear 400 / form error, never seconds of a worker.

- ``TEXT_MAX`` (5,000): a need's summary and desired outcome, a capability's description and
  references, a proposal's pitch and messages, a clinic case's problem, closing summary and
  referrals, an event's description, a registration's looking-for and offering.
- ``LONG_TEXT_MAX`` (20,000): a need's confidential details, clinic session notes.
- ``COMMENT_MAX`` (2,000): satisfaction comments.
Short texts keep their model ``CharField`` lengths (titles 200-255, a meeting request's message
500), checked the same way through ``model_text_limits``.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from karsaz.core.i18n import page_language
from karsaz.core.persian import to_persian_digits

TEXT_MAX = 5_000
LONG_TEXT_MAX = 20_000
COMMENT_MAX = 2_000


def too_long_message(limit: int, length: int) -> str:
    limit_s, length_s = f"{limit:,}", f"{length:,}"
    if page_language() == "fa":
        limit_s = to_persian_digits(limit_s.replace(",", "٬"))
        length_s = to_persian_digits(length_s.replace(",", "٬"))
    return _("Write at most {limit} characters (this text has {length}).").format(
        limit=limit_s, length=length_s
    )


def check_lengths(data: Mapping[str, Any], limits: Mapping[str, int]) -> None:
    """Raises one ValidationError with a message per field whose text is over its limit."""
    errors: dict[str, list[str]] = {}
    for field, limit in limits.items():
        value = data.get(field)
        if isinstance(value, str) and len(value) > limit:
            errors[field] = [too_long_message(limit, len(value))]
    if errors:
        raise ValidationError(errors)


def check_length(value: Any, field: str, limit: int) -> None:
    check_lengths({field: value}, {field: limit})


def model_text_limits(model: Any) -> dict[str, int]:
    """``{field: max_length}`` for every text field of ``model`` that has a cap (CharFields and
    the capped TextFields), so a service checks its input against the model's own table."""
    return {
        f.name: f.max_length
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and f.max_length
    }
