"""Assignment and the transitions of a case (start, close, cancel, reopen)."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from karsaz.accounts.scope import EDITOR_ROLES, require
from karsaz.clinics.choices import (
    CASE_MOVES,
    CaseState,
    FollowUpStatus,
)
from karsaz.clinics.errors import ClinicsErrorCode
from karsaz.clinics.models import (
    Case,
    Consultant,
    FollowUp,
    add_months,
)
from karsaz.clinics.permissions import ClinicScope
from karsaz.clinics.selectors import consultant_load
from karsaz.clinics.services.common import clean_text, lock_case, notify
from karsaz.core.errors import field_error

FOLLOW_UP_MONTHS = (6, 12)


@transaction.atomic
def case_assign(
    *, user: Any, case: Case, consultant: Consultant, override_reason: str = ""
) -> Case:
    """Staff assign (or reassign) a consultant. Outside the suggestion rules needs a reason."""
    require(ClinicScope(user).can_assign(case), _("Only supervising staff assign cases."))
    case = lock_case(case)
    consultant = (
        Consultant.objects.select_for_update().select_related("clinic").get(pk=consultant.pk)
    )
    if case.state not in CASE_MOVES["assign"]:
        raise field_error(
            "state", _("Only an open case can be assigned."), ClinicsErrorCode.INVALID_STATE
        )
    if not consultant.accredited:
        raise field_error(
            "consultant",
            _("This consultant's or clinic's accreditation is not valid."),
            ClinicsErrorCode.NOT_ACCREDITED,
        )
    if case.consultant_id == consultant.pk:
        raise field_error(
            "consultant",
            _("This consultant already has the case."),
            ClinicsErrorCode.ALREADY_ASSIGNED,
        )
    reason = clean_text(override_reason, "override_reason", required=False, max_length=255)
    exceptions = []
    if not consultant.provinces.filter(pk=case.province_id).exists():
        exceptions.append(_("does not serve the province"))
    if consultant_load([consultant]).get(consultant.pk, 0) >= consultant.capacity:
        exceptions.append(_("has no free capacity"))
    if exceptions and not reason:
        raise field_error(
            "override_reason",
            _("This consultant {why}: give a reason to override.").format(
                why=_(" and ").join(exceptions)
            ),
            ClinicsErrorCode.OVERRIDE_NEEDED,
        )
    now = timezone.now()
    case.consultant = consultant
    case.clinic = consultant.clinic
    case.override_reason = reason
    case.assigned_at = now
    case.last_activity_at = now
    if case.state == CaseState.REQUESTED:
        case.state = CaseState.ASSIGNED
    case.save()
    notify(
        consultant.user,
        gettext_noop("A business clinic case was assigned to you"),
        gettext_noop("Case {number} ({enterprise}) is assigned to you. Problem: {problem}"),
        number=case.pk,
        enterprise=case.enterprise.name_fa,
        problem=case.problem[:300],
        link=reverse("clinics:case_detail", args=[case.pk]),
    )
    return case


# Transitions -------------------------------------------------------------------------------
@transaction.atomic
def case_start(*, user: Any, case: Case) -> Case:
    require(ClinicScope(user).can_work(case), _("Only the assigned consultant starts work."))
    case = lock_case(case)
    if case.state not in CASE_MOVES["start"]:
        raise field_error(
            "state", _("Only an assigned case can be started."), ClinicsErrorCode.INVALID_STATE
        )
    case.state = CaseState.IN_PROGRESS
    case.last_activity_at = timezone.now()
    case.save()
    return case


@transaction.atomic
def case_close(*, user: Any, case: Case, outcome: str) -> Case:
    """Closes a case that had sessions and schedules its 6- and 12-month follow-ups."""
    require(ClinicScope(user).can_work(case), _("Only the assigned consultant closes the case."))
    case = lock_case(case)
    if case.state not in CASE_MOVES["close"]:
        raise field_error(
            "state", _("Only a case in progress can be closed."), ClinicsErrorCode.INVALID_STATE
        )
    text = clean_text(outcome, "outcome")
    if not case.sessions.exists():
        raise field_error(
            "state",
            _("Log at least one session before closing the case."),
            ClinicsErrorCode.NO_SESSIONS,
        )
    now = timezone.now()
    case.state = CaseState.CLOSED
    case.outcome = text
    case.closed_at = now
    case.last_activity_at = now
    case.save()
    followups = followups_schedule(case=case, closed_on=timezone.localdate(now))
    for member in case.enterprise.memberships.filter(role__in=EDITOR_ROLES):
        notify(
            member.user,
            gettext_noop("Your business clinic case was closed"),
            gettext_noop(
                "Case {number} is closed. We will ask you about its impact on {first} and {second}."
            ),
            number=case.pk,
            first=followups[0].due_on,
            second=followups[1].due_on,
            link=reverse("clinics:case_detail", args=[case.pk]),
        )
    return case


def followups_schedule(*, case: Case, closed_on: dt.date) -> list[FollowUp]:
    """One follow-up per milestone; a reopened and re-closed case keeps recorded ones."""
    made = []
    for months in FOLLOW_UP_MONTHS:
        followup, created = FollowUp.objects.get_or_create(
            case=case, months=months, defaults={"due_on": add_months(closed_on, months)}
        )
        if not created and followup.status in (FollowUpStatus.SCHEDULED, FollowUpStatus.CANCELLED):
            followup.status = FollowUpStatus.SCHEDULED
            followup.due_on = add_months(closed_on, months)
            followup.overdue_flagged_at = None
            followup.save()
        made.append(followup)
    return made


@transaction.atomic
def case_cancel(*, user: Any, case: Case, reason: str) -> Case:
    require(
        ClinicScope(user).can_cancel(case),
        _("Only the client's owner or manager or supervising staff cancel a case."),
    )
    case = lock_case(case)
    if case.state not in CASE_MOVES["cancel"]:
        raise field_error(
            "state", _("Only an open case can be cancelled."), ClinicsErrorCode.INVALID_STATE
        )
    case.cancel_reason = clean_text(reason, "reason", max_length=255)
    case.state = CaseState.CANCELLED
    case.last_activity_at = timezone.now()
    case.save()
    return case


@transaction.atomic
def case_reopen(*, user: Any, case: Case) -> Case:
    require(ClinicScope(user).can_reopen(case), _("Only supervising staff reopen cases."))
    case = lock_case(case)
    if case.state not in CASE_MOVES["reopen"]:
        raise field_error(
            "state",
            _("Only a closed or cancelled case can be reopened."),
            ClinicsErrorCode.INVALID_STATE,
        )
    if Case.objects.filter(enterprise_id=case.enterprise_id, state__in=(
        CaseState.REQUESTED, CaseState.ASSIGNED, CaseState.IN_PROGRESS
    )).exclude(pk=case.pk).exists():  # fmt: skip
        raise field_error(
            "state",
            _("This enterprise already has another open case."),
            ClinicsErrorCode.OPEN_CASE_EXISTS,
        )
    case.state = CaseState.IN_PROGRESS if case.consultant_id else CaseState.REQUESTED
    case.closed_at = None
    case.last_activity_at = timezone.now()
    case.save()
    case.followups.filter(status=FollowUpStatus.SCHEDULED).update(status=FollowUpStatus.CANCELLED)
    return case
