"""Writes to the clinics. Each runs in one transaction, validates fully and records who acted."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from karsaz.clinics import diagnostic
from karsaz.clinics.choices import (
    LOAD_STATES,
    ActionStatus,
    Area,
    CaseState,
    FollowUpStatus,
    ReadKind,
    ReferralStatus,
    ReferralTarget,
    SessionMode,
)
from karsaz.clinics.models import (
    ActionItem,
    Case,
    CaseSession,
    Clinic,
    Consultant,
    FollowUp,
    NoteRead,
    Referral,
    Satisfaction,
    add_months,
)
from karsaz.clinics.permissions import ClinicScope, require
from karsaz.core import jalali
from karsaz.core.i18n import page_language
from karsaz.core.money import MAX_RIALS
from karsaz.core.persian import normalize
from karsaz.core.tasks import send_email
from karsaz.core.textlimits import COMMENT_MAX, LONG_TEXT_MAX, TEXT_MAX, check_length
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise, Membership

FOLLOW_UP_MONTHS = (6, 12)
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ATTACHMENT_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx", ".txt", ".csv")
MAX_AMOUNT = MAX_RIALS  # rials: the one bound of core.money
MAX_COUNT = 10_000_000  # jobs and products: far above any SME, inside a 32-bit column


def _fail(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def _text(value: Any, field: str, *, required: bool = True, max_length: int = TEXT_MAX) -> str:
    raw = str(value or "")
    check_length(raw, field, max_length)  # before the normalizer spends time on a huge text
    text = normalize(raw).strip()
    if required and not text:
        raise _fail(field, _("This field is required."))
    if len(text) > max_length:
        raise _fail(field, _("Write at most {n} characters.").format(n=max_length))
    return text


def _lock(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("clinic", "consultant")
        .get(pk=case.pk)
    )


# Clinics and consultants -----------------------------------------------------------------------
@transaction.atomic
def clinic_create(*, user: Any, enterprise: Enterprise, accredited_until: dt.date) -> Clinic:
    require(ClinicScope(user).can_manage_clinics, _("Only national staff accredit clinics."))
    if enterprise.kind != EnterpriseKind.CONSULTANCY:
        raise _fail("enterprise", _("Only a consultancy can be accredited as a clinic."))
    if Clinic.objects.filter(enterprise=enterprise).exists():
        raise _fail("enterprise", _("This consultancy is already a clinic."))
    return Clinic.objects.create(enterprise=enterprise, accredited_until=accredited_until)


def _clean_specialties(values: Any) -> list[str]:
    codes = list(dict.fromkeys(values or []))
    if not codes:
        raise _fail("specialties", _("Choose at least one specialty."))
    unknown = [c for c in codes if c not in Area.values]
    if unknown:
        raise _fail("specialties", _("Unknown specialty: {code}").format(code=unknown[0]))
    return codes


@transaction.atomic
def consultant_create(
    *,
    user: Any,
    clinic: Clinic,
    person: Any,
    specialties: list[str],
    provinces: list[Any],
    languages: list[str] | None = None,
    capacity: int = 5,
    accreditation_expires: dt.date,
) -> Consultant:
    require(ClinicScope(user).can_manage_clinics, _("Only national staff accredit consultants."))
    if not Membership.objects.filter(user=person, enterprise_id=clinic.enterprise_id).exists():
        raise _fail("user", _("A consultant must be a member of the clinic's consultancy."))
    if Consultant.objects.filter(user=person, clinic=clinic).exists():
        raise _fail("user", _("This person is already a consultant of this clinic."))
    if not provinces:
        raise _fail("provinces", _("Choose at least one province served."))
    if not 1 <= int(capacity) <= 100:
        raise _fail("capacity", _("Capacity must be between 1 and 100 open cases."))
    consultant = Consultant.objects.create(
        user=person,
        clinic=clinic,
        specialties=_clean_specialties(specialties),
        languages=[str(x).strip()[:8] for x in (languages or ["fa"]) if str(x).strip()],
        capacity=int(capacity),
        accreditation_expires=accreditation_expires,
    )
    consultant.provinces.set(provinces)
    return consultant


def consultant_load(consultants: Any) -> dict[int, int]:
    """Open (assigned or in progress) cases per consultant id."""
    rows = (
        Case.objects.filter(consultant__in=consultants, state__in=LOAD_STATES)
        .values("consultant_id")
        .annotate(n=Count("id"))
    )
    return {row["consultant_id"]: row["n"] for row in rows}


# Intake ------------------------------------------------------------------------------------
@transaction.atomic
def case_request(*, user: Any, enterprise: Enterprise, problem: str, answers: Any) -> Case:
    """An SME (owner or manager) or supervising staff asks for help with the questionnaire."""
    scope = ClinicScope(user)
    require(
        scope.can_request_for(enterprise),
        _("You may request help only for your own enterprise or one you supervise."),
    )
    errors: dict[str, list[str]] = {}
    try:
        text = _text(problem, "problem")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        clean = diagnostic.validate_answers(answers)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if enterprise.kind in (EnterpriseKind.CONSULTANCY, EnterpriseKind.FINANCIER):
        errors.setdefault("enterprise", []).append(
            _("Clinics serve producing enterprises, not consultancies or financiers.")
        )
    if errors:
        raise ValidationError(errors)
    if Case.objects.filter(enterprise=enterprise, state__in=(
        CaseState.REQUESTED, CaseState.ASSIGNED, CaseState.IN_PROGRESS
    )).exists():  # fmt: skip
        raise _fail("enterprise", _("This enterprise already has an open case."))
    scores = diagnostic.area_scores(clean)
    try:
        with transaction.atomic():  # a concurrent request for the same enterprise loses here
            return Case.objects.create(
                enterprise=enterprise,
                province_id=enterprise.province_id,
                problem=text,
                answers=clean,
                scores=scores,
                urgent_areas=diagnostic.urgent_areas(scores),
                requested_by=user,
            )
    except IntegrityError as exc:
        raise _fail("enterprise", _("This enterprise already has an open case.")) from exc


# Suggestion and assignment -----------------------------------------------------------------
@dataclass(frozen=True)
class Suggestion:
    consultant: Consultant
    matched: tuple[str, ...]
    free: int
    score: int


def suggest_consultants(*, case: Case, limit: int = 5) -> list[Suggestion]:
    """Accredited consultants serving the case's province with free capacity, best first.

    Score: each urgent area the consultant specialises in counts by its urgency (the most urgent
    area of three counts 3, the next 2, then 1). Ties go to more free capacity, then seniority.
    """
    today = timezone.localdate()
    candidates = list(
        Consultant.objects.filter(
            active=True,
            accreditation_expires__gte=today,
            clinic__active=True,
            clinic__accredited_until__gte=today,
            provinces=case.province_id,
        )
        .select_related("user", "clinic__enterprise")
        .distinct()
    )
    load = consultant_load(candidates)
    urgent = list(case.urgent_areas or [])
    weight = {area: len(urgent) - i for i, area in enumerate(urgent)}
    found = []
    for consultant in candidates:
        if case.consultant_id == consultant.pk:
            continue
        free = consultant.capacity - load.get(consultant.pk, 0)
        if free <= 0:
            continue
        matched = tuple(a for a in urgent if a in consultant.specialties)
        score = sum(weight[a] for a in matched)
        found.append(Suggestion(consultant, matched, free, score))
    found.sort(key=lambda s: (-s.score, -s.free, s.consultant.pk))
    return found[:limit]


@transaction.atomic
def case_assign(
    *, user: Any, case: Case, consultant: Consultant, override_reason: str = ""
) -> Case:
    """Staff assign (or reassign) a consultant. Outside the suggestion rules needs a reason."""
    require(ClinicScope(user).can_assign(case), _("Only supervising staff assign cases."))
    case = _lock(case)
    consultant = (
        Consultant.objects.select_for_update().select_related("clinic").get(pk=consultant.pk)
    )
    if case.state not in (CaseState.REQUESTED, CaseState.ASSIGNED, CaseState.IN_PROGRESS):
        raise _fail("state", _("Only an open case can be assigned."))
    if not consultant.accredited:
        raise _fail("consultant", _("This consultant's or clinic's accreditation is not valid."))
    if case.consultant_id == consultant.pk:
        raise _fail("consultant", _("This consultant already has the case."))
    reason = _text(override_reason, "override_reason", required=False, max_length=255)
    exceptions = []
    if not consultant.provinces.filter(pk=case.province_id).exists():
        exceptions.append(_("does not serve the province"))
    if consultant_load([consultant]).get(consultant.pk, 0) >= consultant.capacity:
        exceptions.append(_("has no free capacity"))
    if exceptions and not reason:
        raise _fail(
            "override_reason",
            _("This consultant {why}: give a reason to override.").format(
                why=_(" and ").join(exceptions)
            ),
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
    _notify(
        consultant.user,
        gettext_noop("A business clinic case was assigned to you"),
        gettext_noop("Case {number} ({enterprise}) is assigned to you. Problem: {problem}"),
        number=case.pk,
        enterprise=case.enterprise.name_fa,
        problem=case.problem[:300],
    )
    return case


def _notify(user: Any, subject: str, body: str, **values: Any) -> None:
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


# Transitions -------------------------------------------------------------------------------
@transaction.atomic
def case_start(*, user: Any, case: Case) -> Case:
    require(ClinicScope(user).can_work(case), _("Only the assigned consultant starts work."))
    case = _lock(case)
    if case.state != CaseState.ASSIGNED:
        raise _fail("state", _("Only an assigned case can be started."))
    case.state = CaseState.IN_PROGRESS
    case.last_activity_at = timezone.now()
    case.save()
    return case


@transaction.atomic
def case_close(*, user: Any, case: Case, outcome: str) -> Case:
    """Closes a case that had sessions and schedules its 6- and 12-month follow-ups."""
    require(ClinicScope(user).can_work(case), _("Only the assigned consultant closes the case."))
    case = _lock(case)
    if case.state != CaseState.IN_PROGRESS:
        raise _fail("state", _("Only a case in progress can be closed."))
    text = _text(outcome, "outcome")
    if not case.sessions.exists():
        raise _fail("state", _("Log at least one session before closing the case."))
    now = timezone.now()
    case.state = CaseState.CLOSED
    case.outcome = text
    case.closed_at = now
    case.last_activity_at = now
    case.save()
    followups = followups_schedule(case=case, closed_on=timezone.localdate(now))
    for member in case.enterprise.memberships.filter(role__in=("owner", "manager")):
        _notify(
            member.user,
            gettext_noop("Your business clinic case was closed"),
            gettext_noop(
                "Case {number} is closed. We will ask you about its impact on {first} and {second}."
            ),
            number=case.pk,
            first=followups[0].due_on,
            second=followups[1].due_on,
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
    case = _lock(case)
    if not case.is_open:
        raise _fail("state", _("Only an open case can be cancelled."))
    case.cancel_reason = _text(reason, "reason", max_length=255)
    case.state = CaseState.CANCELLED
    case.last_activity_at = timezone.now()
    case.save()
    return case


@transaction.atomic
def case_reopen(*, user: Any, case: Case) -> Case:
    require(ClinicScope(user).can_reopen(case), _("Only supervising staff reopen cases."))
    case = _lock(case)
    if case.is_open:
        raise _fail("state", _("Only a closed or cancelled case can be reopened."))
    if Case.objects.filter(enterprise_id=case.enterprise_id, state__in=(
        CaseState.REQUESTED, CaseState.ASSIGNED, CaseState.IN_PROGRESS
    )).exclude(pk=case.pk).exists():  # fmt: skip
        raise _fail("state", _("This enterprise already has another open case."))
    case.state = CaseState.IN_PROGRESS if case.consultant_id else CaseState.REQUESTED
    case.closed_at = None
    case.last_activity_at = timezone.now()
    case.save()
    case.followups.filter(status=FollowUpStatus.SCHEDULED).update(status=FollowUpStatus.CANCELLED)
    return case


# Sessions and the action plan --------------------------------------------------------------
def _check_attachment(attachment: Any) -> None:
    if not attachment:
        return
    name = str(getattr(attachment, "name", "")).lower()
    if not name.endswith(ATTACHMENT_TYPES):
        raise _fail("attachment", _("Attach a PDF, image, Word, Excel, text or CSV file."))
    if (getattr(attachment, "size", 0) or 0) > MAX_ATTACHMENT_BYTES:
        raise _fail("attachment", _("Attachments may be at most 5 MB."))


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
    case = _lock(case)
    errors: dict[str, list[str]] = {}
    if case.state not in (CaseState.ASSIGNED, CaseState.IN_PROGRESS):
        errors["state"] = [_("Sessions are logged on assigned cases in progress.")]
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
        note_text = _text(notes, "notes", required=False, max_length=LONG_TEXT_MAX)
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
    case = _lock(case)
    errors: dict[str, list[str]] = {}
    if not case.is_open:
        errors["state"] = [_("The action plan of a closed case cannot change.")]
    for field, value, limit in (("title", title, 255), ("owner", owner, 128)):
        try:
            _text(value, field, max_length=limit)
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
        raise _fail("status", _("Unknown status."))
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    item.status = status
    item.save(update_fields=["status"])
    Case.objects.filter(pk=case.pk).update(last_activity_at=timezone.now())
    return item


# Referrals ---------------------------------------------------------------------------------
# Which app makes the linked record of each programme, and the function it offers for that.
REFERRAL_APPS = {
    ReferralTarget.TECHNOLOGY: "karsaz.technology",
    ReferralTarget.FINANCE: "karsaz.finance",
    ReferralTarget.CAPITAL: "karsaz.capital",
}


def _linked_record(*, user: Any, case: Case, target: str, description: str) -> Any:
    """Asks the target programme, when it is installed, to make the linked record.

    The programmes are separate apps that may not be installed: their code is reached only
    through `<app>.referrals.create_from_clinic_referral(...)`, looked up by name at run time,
    never imported here. An installed app without that hook leaves the referral pending.
    """
    app_name = REFERRAL_APPS[ReferralTarget(target)]
    if not apps.is_installed(app_name):
        return None
    import importlib

    try:
        hooks = importlib.import_module(f"{app_name}.referrals")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app_name}.referrals":
            raise
        return None
    create = getattr(hooks, "create_from_clinic_referral", None)
    if create is None:
        return None
    return create(user=user, enterprise=case.enterprise, description=description, case_id=case.pk)


@transaction.atomic
def referral_create(*, user: Any, case: Case, target: str, description: str) -> Referral:
    require(ClinicScope(user).can_work(case), _("Only the assigned consultant refers a case."))
    case = _lock(case)
    errors: dict[str, list[str]] = {}
    if target not in ReferralTarget.values:
        errors["target"] = [_("Choose a programme.")]
    try:
        text = _text(description, "description")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if case.state not in (CaseState.ASSIGNED, CaseState.IN_PROGRESS):
        errors["state"] = [_("Referrals are made on cases being worked.")]
    if errors:
        raise ValidationError(errors)
    linked = _linked_record(user=user, case=case, target=target, description=text)
    referral = Referral.objects.create(
        case=case,
        target=target,
        description=text,
        status=ReferralStatus.LINKED if linked is not None else ReferralStatus.PENDING,
        linked_model=linked._meta.label_lower if linked is not None else "",
        linked_id=linked.pk if linked is not None else None,
        created_by=user,
    )
    case.last_activity_at = timezone.now()
    case.save(update_fields=["last_activity_at"])
    return referral


@transaction.atomic
def referral_close(*, user: Any, referral: Referral) -> Referral:
    """Supervising staff close a pending referral once it was handled outside Karsaz."""
    require(
        ClinicScope(user).supervises(referral.case), _("Only supervising staff close referrals.")
    )
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != ReferralStatus.PENDING:
        raise _fail("status", _("Only a pending referral can be closed."))
    referral.status = ReferralStatus.CLOSED
    referral.save(update_fields=["status"])
    return referral


# Impact ------------------------------------------------------------------------------------
IMPACT_FIELDS = (
    "jobs_created", "jobs_retained", "sales_change", "financing_obtained", "new_products", "exports"
)  # fmt: skip
_NON_NEGATIVE = ("jobs_created", "jobs_retained", "financing_obtained", "new_products", "exports")
_RIALS = ("sales_change", "financing_obtained", "exports")


def _require_due(followup: FollowUp) -> None:
    """Impact is measured at the milestone, not before: figures recorded or confirmed early
    would stand for a period that has not passed yet."""
    if not followup.is_due:
        raise _fail(
            "due_on",
            _("This follow-up is due on {date}; its figures can be recorded from then.").format(
                date=jalali.format_date(followup.due_on, lang=page_language())
            ),
        )


def _impact_values(data: dict[str, Any]) -> dict[str, int]:
    errors: dict[str, list[str]] = {}
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
    if followup.status in (FollowUpStatus.CONFIRMED, FollowUpStatus.CANCELLED):
        raise _fail("status", _("This follow-up is already confirmed or cancelled."))
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
    if followup.status != FollowUpStatus.RECORDED:
        raise _fail("status", _("Only recorded figures can be confirmed."))
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
    if followup.status not in (FollowUpStatus.RECORDED, FollowUpStatus.CONFIRMED):
        raise _fail("status", _("Only recorded or confirmed figures can be corrected."))
    text = _text(reason, "reason", max_length=255)
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


@transaction.atomic
def satisfaction_submit(
    *, user: Any, case: Case, score: Any, would_recommend: bool, comment: str = ""
) -> Satisfaction:
    require(
        ClinicScope(user).is_client_editor(case),
        _("Only the client's owner or manager answers the survey."),
    )
    if case.state != CaseState.CLOSED:
        raise _fail("state", _("The survey opens when the case is closed."))
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = 0
    if value not in range(1, 6):
        raise _fail("score", _("Choose a score from 1 to 5."))
    if Satisfaction.objects.filter(case=case).exists():
        raise _fail("score", _("The survey of this case was already answered."))
    return Satisfaction.objects.create(
        case=case,
        score=value,
        would_recommend=bool(would_recommend),
        comment=_text(comment, "comment", required=False, max_length=COMMENT_MAX),
        submitted_by=user,
    )


# Audit -------------------------------------------------------------------------------------
def notes_read_record(*, user: Any, case: Case, kind: str, sessions: Any = None) -> None:
    """Who read which notes, when: one row per session shown (one per case when it had none)."""
    ids = [s.pk for s in sessions] if sessions is not None else []
    now = timezone.now()
    rows = [NoteRead(user=user, case=case, session_id=sid, kind=kind, at=now) for sid in ids]
    NoteRead.objects.bulk_create(rows or [NoteRead(user=user, case=case, kind=kind, at=now)])


def notes_read_record_sessions(*, user: Any, sessions: Any, kind: str) -> None:
    """One audit row per session shown, whatever their cases: one INSERT for a whole page."""
    now = timezone.now()
    NoteRead.objects.bulk_create(
        [
            NoteRead(user=user, case_id=s.case_id, session_id=s.pk, kind=kind, at=now)
            for s in sessions
        ]
    )


def notes_read_record_many(*, user: Any, case_ids: list[int], kind: str = ReadKind.EXPORT) -> None:
    now = timezone.now()
    NoteRead.objects.bulk_create(
        [NoteRead(user=user, case_id=cid, kind=kind, at=now) for cid in case_ids], batch_size=500
    )


def stale_q(now: dt.datetime | None = None) -> Q:
    """Open cases with no activity for STALE_DAYS, or still unassigned after UNASSIGNED_DAYS."""
    now = now or timezone.now()
    return Q(
        state__in=(CaseState.ASSIGNED, CaseState.IN_PROGRESS),
        last_activity_at__lt=now - dt.timedelta(days=STALE_DAYS),
    ) | Q(state=CaseState.REQUESTED, created_at__lt=now - dt.timedelta(days=UNASSIGNED_DAYS))


STALE_DAYS = 30
UNASSIGNED_DAYS = 14
