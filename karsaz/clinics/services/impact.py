"""Impact follow-ups (record, confirm, correct, flag overdue) and the satisfaction survey."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from karsaz.accounts.scope import require
from karsaz.clinics.choices import (
    CASE_MOVES,
    FOLLOWUP_MOVES,
    FollowUpStatus,
)
from karsaz.clinics.errors import ClinicsErrorCode
from karsaz.clinics.models import (
    Case,
    FollowUp,
    Satisfaction,
)
from karsaz.clinics.permissions import ClinicScope
from karsaz.clinics.services.common import clean_text
from karsaz.core import jalali
from karsaz.core.errors import field_error
from karsaz.core.i18n import page_language
from karsaz.core.money import MAX_RIALS
from karsaz.core.textlimits import COMMENT_MAX
from karsaz.notifications import services as notifications
from karsaz.notifications.choices import Kind
from karsaz.notifications.models import bilingual

MAX_AMOUNT = MAX_RIALS  # rials: the one bound of core.money
MAX_COUNT = 10_000_000  # jobs and products: far above any SME, inside a 32-bit column


IMPACT_FIELDS = (
    "jobs_created", "jobs_retained", "sales_change", "financing_obtained", "new_products", "exports"
)  # fmt: skip
_NON_NEGATIVE = ("jobs_created", "jobs_retained", "financing_obtained", "new_products", "exports")
_RIALS = ("sales_change", "financing_obtained", "exports")


def _require_due(followup: FollowUp) -> None:
    """Impact is measured at the milestone, not before: figures recorded or confirmed early
    would stand for a period that has not passed yet."""
    if not followup.is_due:
        raise field_error(
            "due_on",
            _("This follow-up is due on {date}; its figures can be recorded from then.").format(
                date=jalali.format_date(followup.due_on, lang=page_language())
            ),
            ClinicsErrorCode.NOT_DUE,
        )


def _impact_values(data: dict[str, Any]) -> dict[str, int]:
    errors: dict[str, list[Any]] = {}
    values: dict[str, int] = {}
    for field in IMPACT_FIELDS:
        raw: Any = data.get(field)
        try:
            value = int(raw)
            if isinstance(raw, float | bool):
                raise ValueError
        except (TypeError, ValueError):
            errors[field] = [_("Enter a whole number.")]
            continue
        if field in _NON_NEGATIVE and value < 0:
            errors[field] = [_("This cannot be negative.")]
        elif abs(value) > (MAX_AMOUNT if field in _RIALS else MAX_COUNT):
            errors[field] = [_("This number is too large.")]
        else:
            values[field] = value
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def followup_record(*, user: Any, followup: FollowUp, data: dict[str, Any]) -> FollowUp:
    """The consultant, staff or the client record the figures, once the follow-up is due; the
    client's entry confirms."""
    followup = FollowUp.objects.select_for_update().select_related("case").get(pk=followup.pk)
    case = followup.case
    scope = ClinicScope(user)
    require(scope.can_record_impact(case), _("You may not record this case's impact."))
    if followup.status not in FOLLOWUP_MOVES["record"]:
        raise field_error(
            "status",
            _("This follow-up is already confirmed or cancelled."),
            ClinicsErrorCode.INVALID_STATE,
        )
    _require_due(followup)
    values = _impact_values(data)
    now = timezone.now()
    for field, value in values.items():
        setattr(followup, field, value)
    followup.recorded_by = user
    followup.recorded_at = now
    followup.status = FollowUpStatus.RECORDED
    if scope.can_confirm_impact(case):
        followup.status = FollowUpStatus.CONFIRMED
        followup.confirmed_by = user
        followup.confirmed_at = now
    followup.save()
    return followup


@transaction.atomic
def followup_confirm(*, user: Any, followup: FollowUp) -> FollowUp:
    followup = FollowUp.objects.select_for_update().select_related("case").get(pk=followup.pk)
    require(
        ClinicScope(user).can_confirm_impact(followup.case),
        _("Only the client's owner or manager confirms the impact."),
    )
    if followup.status not in FOLLOWUP_MOVES["confirm"]:
        raise field_error(
            "status", _("Only recorded figures can be confirmed."), ClinicsErrorCode.INVALID_STATE
        )
    _require_due(followup)
    followup.status = FollowUpStatus.CONFIRMED
    followup.confirmed_by = user
    followup.confirmed_at = timezone.now()
    followup.save()
    return followup


@transaction.atomic
def followup_correct(
    *, user: Any, followup: FollowUp, data: dict[str, Any], reason: str
) -> FollowUp:
    """The consultant or supervising staff correct confirmed (or recorded) figures, with a
    reason kept in the follow-up's history beside the old values. Corrected figures are the
    consultant's, not the client's: they go back to "recorded" for the client to confirm."""
    followup = FollowUp.objects.select_for_update().select_related("case").get(pk=followup.pk)
    scope = ClinicScope(user)
    require(
        scope.can_correct_impact(followup.case),
        _("Only the case's consultant or supervising staff correct the impact."),
    )
    if followup.status not in FOLLOWUP_MOVES["correct"]:
        raise field_error(
            "status",
            _("Only recorded or confirmed figures can be corrected."),
            ClinicsErrorCode.INVALID_STATE,
        )
    text = clean_text(reason, "reason", max_length=255)
    values = _impact_values(data)
    for field, value in values.items():
        setattr(followup, field, value)
    followup.recorded_by = user
    followup.recorded_at = timezone.now()
    followup.status = FollowUpStatus.RECORDED
    followup.confirmed_by = None
    followup.confirmed_at = None
    # simple-history keeps the old figures; the reason and author go on the new history row.
    followup._change_reason = text  # type: ignore[attr-defined]
    followup._history_user = user  # type: ignore[attr-defined]
    followup.save()
    return followup


def followups_flag_overdue(*, today: dt.date | None = None) -> int:
    """Marks scheduled follow-ups past their due date; returns how many were newly flagged."""
    today = today or timezone.localdate()
    return FollowUp.objects.filter(
        status=FollowUpStatus.SCHEDULED, due_on__lt=today, overdue_flagged_at__isnull=True
    ).update(overdue_flagged_at=timezone.now())


def followups_remind_due(*, today: dt.date | None = None) -> int:
    """Tells each consultant of their follow-ups that are due and not yet recorded, once per
    follow-up (runs daily; the notification's once-per-ref makes a rerun send nothing).
    Returns how many reminders were sent."""
    today = today or timezone.localdate()
    due = FollowUp.objects.filter(
        status=FollowUpStatus.SCHEDULED, due_on__lte=today, case__consultant__isnull=False
    ).select_related("case__consultant__user", "case__enterprise")
    sent = 0
    for followup in due:
        case = followup.case
        assert case.consultant is not None  # filtered above
        row = notifications.notify(
            case.consultant.user,
            Kind.CLINICS_FOLLOWUP_DUE,
            title=gettext_noop("The {months}-month follow-up of case {number} is due"),
            body=gettext_noop(
                "Record the impact on {enterprise} since the case closed; it was due on {due}."
            ),
            params={
                "months": followup.months,
                "number": case.pk,
                "enterprise": bilingual(case.enterprise.name_fa, case.enterprise.name_en),
                "due": followup.due_on,
            },
            link=reverse("clinics:case_detail", args=[case.pk]),
            ref=f"clinics.followup:{followup.pk}",
            once=True,
        )
        sent += row is not None
    return sent


@transaction.atomic
def satisfaction_submit(
    *, user: Any, case: Case, score: Any, would_recommend: bool, comment: str = ""
) -> Satisfaction:
    require(
        ClinicScope(user).is_client_editor(case),
        _("Only the client's owner or manager answers the survey."),
    )
    if case.state not in CASE_MOVES["survey"]:
        raise field_error(
            "state", _("The survey opens when the case is closed."), ClinicsErrorCode.SURVEY_CLOSED
        )
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = 0
    if value not in range(1, 6):
        raise field_error("score", _("Choose a score from 1 to 5."), ClinicsErrorCode.INVALID)
    if Satisfaction.objects.filter(case=case).exists():
        raise field_error(
            "score",
            _("The survey of this case was already answered."),
            ClinicsErrorCode.ALREADY_ANSWERED,
        )
    return Satisfaction.objects.create(
        case=case,
        score=value,
        would_recommend=bool(would_recommend),
        comment=clean_text(comment, "comment", required=False, max_length=COMMENT_MAX),
        submitted_by=user,
    )
