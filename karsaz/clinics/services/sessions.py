"""Sessions and the action plan of a case."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karsaz.accounts.scope import require
from karsaz.clinics.choices import (
    CASE_MOVES,
    ActionStatus,
    CaseState,
    SessionMode,
)
from karsaz.clinics.errors import ClinicsErrorCode
from karsaz.clinics.models import (
    ActionItem,
    Case,
    CaseSession,
)
from karsaz.clinics.permissions import ClinicScope
from karsaz.clinics.services.common import clean_text, lock_case
from karsaz.core.errors import field_error
from karsaz.core.persian import normalize
from karsaz.core.textlimits import LONG_TEXT_MAX

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ATTACHMENT_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx", ".txt", ".csv")


def _check_attachment(attachment: Any) -> None:
    if not attachment:
        return
    name = str(getattr(attachment, "name", "")).lower()
    if not name.endswith(ATTACHMENT_TYPES):
        raise field_error(
            "attachment",
            _("Attach a PDF, image, Word, Excel, text or CSV file."),
            ClinicsErrorCode.INVALID,
        )
    if (getattr(attachment, "size", 0) or 0) > MAX_ATTACHMENT_BYTES:
        raise field_error(
            "attachment", _("Attachments may be at most 5 MB."), ClinicsErrorCode.INVALID
        )


@transaction.atomic
def session_log(
    *,
    user: Any,
    case: Case,
    date: dt.date | None,
    minutes: Any,
    mode: str,
    notes: str = "",
    attachment: Any = None,
) -> CaseSession:
    """The consultant (or supervising staff) logs a session; the first one starts the case."""
    require(ClinicScope(user).can_work(case), _("Only the assigned consultant logs sessions."))
    case = lock_case(case)
    errors: dict[str, list[Any]] = {}
    if case.state not in CASE_MOVES["session"]:
        errors["state"] = [
            ValidationError(
                _("Sessions are logged on assigned cases in progress."),
                code=ClinicsErrorCode.INVALID_STATE,
            )
        ]
    if date is None:
        errors["date"] = [_("This field is required.")]
    elif date > timezone.localdate():
        errors["date"] = [_("A session cannot be in the future.")]
    elif case.assigned_at and date < timezone.localdate(case.assigned_at) - dt.timedelta(days=1):
        errors["date"] = [_("A session cannot be before the case was assigned.")]
    try:
        minutes_value = int(minutes)
    except (TypeError, ValueError):
        minutes_value = 0
    if not 5 <= minutes_value <= 12 * 60:
        errors["minutes"] = [_("A session lasts from 5 minutes to 12 hours.")]
    if mode not in SessionMode.values:
        errors["mode"] = [_("Choose how the session was held.")]
    try:
        note_text = clean_text(notes, "notes", required=False, max_length=LONG_TEXT_MAX)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        note_text = ""
    try:
        _check_attachment(attachment)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    assert date is not None
    session = CaseSession(
        case=case, date=date, minutes=minutes_value, mode=mode, notes=note_text, created_by=user
    )
    if attachment:
        session.attachment = attachment
    session.save()
    if case.state == CaseState.ASSIGNED:
        case.state = CaseState.IN_PROGRESS
    first = case.sessions.order_by("date").values_list("date", flat=True).first()
    case.first_session_on = first
    case.last_activity_at = timezone.now()
    case.save()
    return session


@transaction.atomic
def action_item_add(
    *, user: Any, case: Case, title: str, owner: str, due_date: dt.date | None
) -> ActionItem:
    require(ClinicScope(user).can_work(case), _("Only the assigned consultant plans actions."))
    case = lock_case(case)
    errors: dict[str, list[Any]] = {}
    if case.state not in CASE_MOVES["plan"]:
        errors["state"] = [
            ValidationError(
                _("The action plan of a closed case cannot change."),
                code=ClinicsErrorCode.INVALID_STATE,
            )
        ]
    for field, value, limit in (("title", title, 255), ("owner", owner, 128)):
        try:
            clean_text(value, field, max_length=limit)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if due_date is None:
        errors["due_date"] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)
    assert due_date is not None
    item = ActionItem.objects.create(
        case=case,
        title=normalize(title).strip(),
        owner=normalize(owner).strip(),
        due_date=due_date,
        created_by=user,
    )
    case.last_activity_at = timezone.now()
    case.save(update_fields=["last_activity_at"])
    return item


@transaction.atomic
def action_item_set_status(*, user: Any, item: ActionItem, status: str) -> ActionItem:
    case = item.case
    scope = ClinicScope(user)
    require(
        scope.can_work(case) or scope.is_client_editor(case),
        _("Only the consultant or the client updates the action plan."),
    )
    if status not in ActionStatus.values:
        raise field_error("status", _("Unknown status."), ClinicsErrorCode.INVALID)
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    item.status = status
    item.save(update_fields=["status"])
    Case.objects.filter(pk=case.pk).update(last_activity_at=timezone.now())
    return item
