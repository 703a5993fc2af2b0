"""Reads of the clinics. Views, viewsets and exports get rows only through these."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from karsaz.accounts.scope import require, require_signed_in
from karsaz.clinics.audit import notes_read_record
from karsaz.clinics.choices import (
    LOAD_STATES,
    OPEN_STATES,
    CaseState,
    FollowUpStatus,
    ReadKind,
    ReferralStatus,
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
)
from karsaz.clinics.permissions import ClinicScope, no_access


def clinic_list(*, user: Any) -> QuerySet[Clinic]:
    """The clinic directory is public to anyone signed in."""
    require_signed_in(user)
    return (
        Clinic.objects.select_related("enterprise__province")
        .annotate(consultant_count=Count("consultants", filter=Q(consultants__active=True)))
        .order_by("enterprise__name_fa", "id")
    )


def clinic_listed(*, user: Any, pk: int) -> Clinic:
    """One clinic as the directory shows it (with its consultant count)."""
    return clinic_list(user=user).get(pk=pk)


def consultant_list(*, user: Any) -> QuerySet[Consultant]:
    require_signed_in(user)
    return Consultant.objects.select_related("user", "clinic__enterprise").prefetch_related(
        "provinces"
    )


def consultant_directory(*, user: Any) -> list[Consultant]:
    """Active consultants, each with `open_cases` (its current load)."""
    consultants = list(consultant_list(user=user).filter(active=True))
    load = consultant_load(consultants)
    for c in consultants:
        c.open_cases = load.get(c.pk, 0)  # type: ignore[attr-defined]
    return consultants


def case_queryset() -> QuerySet[Case]:
    return Case.objects.select_related(
        "enterprise", "province", "clinic__enterprise", "consultant__user", "requested_by"
    )


def case_list(*, user: Any) -> QuerySet[Case]:
    require_signed_in(user)
    return case_queryset().filter(ClinicScope(user).cases_q())


def case_get(*, user: Any, pk: int) -> Case:
    """A case outside the user's scope is answered as missing: its existence is private too."""
    require_signed_in(user)
    return get_object_or_404(case_queryset().filter(ClinicScope(user).cases_q()), pk=pk)


def case_sessions(*, user: Any, case: Case, audit_kind: str = ReadKind.NOTES) -> dict[str, Any]:
    """The sessions of a case; their notes only for those allowed, and each such read logged."""
    sessions = list(case.sessions.select_related("created_by"))
    hidden = ClinicScope(user).hidden_fields(case)
    if not hidden and any(s.notes or s.attachment for s in sessions):
        notes_read_record(
            user=user, case=case, kind=audit_kind, sessions=[s for s in sessions if s.notes]
        )
    return {"sessions": sessions, "hidden": hidden, "notes_visible": not hidden}


def session_list(*, user: Any) -> QuerySet[CaseSession]:
    require_signed_in(user)
    return CaseSession.objects.select_related("case", "created_by").filter(
        case__in=Case.objects.filter(ClinicScope(user).cases_q())
    )


def session_get_for_notes(*, user: Any, case: Case, pk: int) -> CaseSession:
    session = get_object_or_404(CaseSession, pk=pk, case=case)
    require(ClinicScope(user).can_view_notes(case), no_access())
    return session


def session_attachment_get(*, user: Any, case: Case, pk: int) -> CaseSession:
    """A session's attachment for download; the download is logged as a read of its notes."""
    session = session_get_for_notes(user=user, case=case, pk=pk)
    if not session.attachment:
        raise Http404
    notes_read_record(user=user, case=case, kind=ReadKind.ATTACHMENT, sessions=[session])
    return session


def action_item_get(*, case: Case, pk: int) -> ActionItem:
    """An action of a case the caller already got through `case_get`."""
    return get_object_or_404(ActionItem, pk=pk, case=case)


def referral_get(*, case: Case, pk: int) -> Referral:
    return get_object_or_404(Referral, pk=pk, case=case)


def followup_get(*, case: Case, pk: int) -> FollowUp:
    return get_object_or_404(FollowUp, pk=pk, case=case)


def action_item_list(*, user: Any) -> QuerySet[ActionItem]:
    require_signed_in(user)
    return ActionItem.objects.select_related("case").filter(
        case__in=Case.objects.filter(ClinicScope(user).cases_q())
    )


def followup_list(*, user: Any) -> QuerySet[FollowUp]:
    require_signed_in(user)
    return FollowUp.objects.select_related("case__enterprise").filter(
        case__in=Case.objects.filter(ClinicScope(user).cases_q())
    )


def note_reads(*, user: Any, case: Case) -> QuerySet[NoteRead]:
    require(ClinicScope(user).can_view_audit(case), no_access())
    return case.note_reads.select_related("user", "session")


def case_change_history(*, user: Any, case: Case) -> list[dict[str, Any]]:
    """Changes to the case and its sessions (notes, attachments), newest first, with fields."""
    require(ClinicScope(user).can_view_audit(case), no_access())
    entries: list[dict[str, Any]] = []
    for model, rows in (
        (Case, case.history.select_related("history_user").order_by("history_date", "history_id")),
        (
            CaseSession,
            CaseSession.history.filter(case_id=case.pk)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id"),
        ),
    ):
        previous: dict[int, Any] = {}
        for row in rows:
            before = previous.get(row.id)
            changed = []
            if before is not None:
                delta = row.diff_against(before)
                changed = [_field_label(model, c.field) for c in delta.changes]
            previous[row.id] = row
            entries.append(
                {
                    "at": row.history_date,
                    "who": row.history_user,
                    "kind": HISTORY_KINDS.get(row.history_type, row.history_type),
                    "object": model._meta.verbose_name,
                    "date": getattr(row, "date", None),
                    "state": row.get_state_display() if model is Case else "",
                    "fields": changed,
                }
            )
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries


HISTORY_KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def _field_label(model: Any, name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def enterprise_find(*, pk: int) -> Any:
    """The enterprise staff ask help for, by its ID (None when there is none)."""
    from karsaz.registry.models import Enterprise

    return Enterprise.objects.filter(pk=pk).first()


def enterprise_get(*, pk: int) -> Any:
    from karsaz.registry.models import Enterprise

    return get_object_or_404(Enterprise, pk=pk)


def clinic_get(*, pk: int) -> Clinic:
    return get_object_or_404(Clinic, pk=pk)


def consultant_get(*, pk: int) -> Consultant:
    return get_object_or_404(Consultant, pk=pk)


def person_get(*, pk: int) -> Any:
    from karsaz.accounts.models import User

    return get_object_or_404(User, pk=pk)


def provinces_by_code(*, codes: list[str]) -> list[Any]:
    """The provinces of these codes; an unknown code is the caller's error (400)."""
    from karsaz.registry.models import Province

    provinces = list(Province.objects.filter(code__in=codes))
    if len(provinces) != len(set(codes)):
        raise ValidationError({"provinces": [_("Unknown province code.")]})
    return provinces


def can_request_help(*, user: Any) -> bool:
    """Staff, or the owner or manager of at least one enterprise, may ask a clinic for help."""
    scope = ClinicScope(user)
    return scope.staff or bool(scope.editor_of())


def enterprises_for_request(*, user: Any) -> QuerySet[Any]:
    """The enterprises this user may ask help for as a client (owner or manager)."""
    from karsaz.registry.models import Enterprise

    return Enterprise.objects.filter(pk__in=ClinicScope(user).editor_of()).order_by("name_fa")


# Consultants: load and suggestions ---------------------------------------------------------
def consultant_load(consultants: Any) -> dict[int, int]:
    """Open (assigned or in progress) cases per consultant id."""
    rows = (
        Case.objects.filter(consultant__in=consultants, state__in=LOAD_STATES)
        .values("consultant_id")
        .annotate(n=Count("id"))
    )
    return {row["consultant_id"]: row["n"] for row in rows}


@dataclass(frozen=True)
class Suggestion:
    consultant: Consultant
    matched: tuple[str, ...]
    free: int
    score: int


def consultant_suggestions(*, case: Case, limit: int = 5) -> list[Suggestion]:
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


def stale_q(now: dt.datetime | None = None) -> Q:
    """Open cases with no activity for STALE_DAYS, or still unassigned after UNASSIGNED_DAYS."""
    now = now or timezone.now()
    return Q(
        state__in=(CaseState.ASSIGNED, CaseState.IN_PROGRESS),
        last_activity_at__lt=now - dt.timedelta(days=STALE_DAYS),
    ) | Q(state=CaseState.REQUESTED, created_at__lt=now - dt.timedelta(days=UNASSIGNED_DAYS))


STALE_DAYS = 30
UNASSIGNED_DAYS = 14


# Oversight ---------------------------------------------------------------------------------
def _staff_cases(user: Any) -> QuerySet[Case]:
    scope = ClinicScope(user)
    require(scope.can_see_dashboard, no_access())
    return Case.objects.filter(scope.supervised_q())


def dashboard(*, user: Any, now: dt.datetime | None = None) -> dict[str, Any]:
    """Cases, timeliness, hours, impact and satisfaction per clinic, consultant and province."""
    now = now or timezone.now()
    cases = _staff_cases(user)
    rows = list(
        cases.select_related("clinic__enterprise", "consultant__user", "province")
        .annotate(
            minutes=Sum("sessions__minutes"),
        )
        .prefetch_related(
            Prefetch(
                "followups",
                queryset=FollowUp.objects.filter(status=FollowUpStatus.CONFIRMED),
                to_attr="confirmed_followups",
            )
        )
        .select_related("satisfaction")
    )
    groups: dict[str, dict[Any, dict[str, Any]]] = {
        "clinic": defaultdict(_bucket),
        "consultant": defaultdict(_bucket),
        "province": defaultdict(_bucket),
    }
    for case in rows:
        keys = {
            "clinic": (case.clinic_id, case.clinic) if case.clinic_id else (0, None),
            "consultant": (case.consultant_id, case.consultant)
            if case.consultant_id
            else (0, None),
            "province": (case.province_id, case.province),
        }
        for group, (key, label) in keys.items():
            _add(groups[group][key], case, label)
    totals = _bucket()
    for case in rows:
        _add(totals, case, None)
    stale = list(
        cases.filter(stale_q(now)).select_related("enterprise", "consultant__user", "province")[:50]
    )
    overdue = list(
        FollowUp.objects.filter(
            case__in=cases, status=FollowUpStatus.SCHEDULED, due_on__lt=timezone.localdate(now)
        ).select_related("case__enterprise", "case__consultant__user")[:50]
    )
    pending = list(
        Referral.objects.filter(case__in=cases, status=ReferralStatus.PENDING).select_related(
            "case__enterprise"
        )[:50]
    )
    return {
        "pending_referrals": pending,
        "by_clinic": _finish(groups["clinic"]),
        "by_consultant": _finish(groups["consultant"]),
        "by_province": _finish(groups["province"]),
        "totals": _finish({0: totals})[0],
        "stale": stale,
        "overdue": overdue,
    }


def _bucket() -> dict[str, Any]:
    return {
        "label": None, "open": 0, "closed": 0, "cancelled": 0, "minutes": 0,
        "first_days": [], "jobs_created": 0, "jobs_retained": 0, "financing": 0,
        "sales_change": 0, "exports": 0, "new_products": 0, "scores": [],
    }  # fmt: skip


def _add(bucket: dict[str, Any], case: Case, label: Any) -> None:
    bucket["label"] = label
    if case.state in OPEN_STATES:
        bucket["open"] += 1
    elif case.state == CaseState.CLOSED:
        bucket["closed"] += 1
    else:
        bucket["cancelled"] += 1
    bucket["minutes"] += case.minutes or 0  # type: ignore[attr-defined]
    if case.first_session_on:
        bucket["first_days"].append(
            max(0, (case.first_session_on - timezone.localdate(case.created_at)).days)
        )
    for f in getattr(case, "confirmed_followups", []):
        bucket["jobs_created"] += f.jobs_created or 0
        bucket["jobs_retained"] += f.jobs_retained or 0
        bucket["financing"] += f.financing_obtained or 0
        bucket["sales_change"] += f.sales_change or 0
        bucket["exports"] += f.exports or 0
        bucket["new_products"] += f.new_products or 0
    survey = getattr(case, "satisfaction", None) if hasattr(case, "satisfaction") else None
    if survey is not None:
        bucket["scores"].append(survey.score)


def _finish(groups: dict[Any, dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for key, b in groups.items():
        days = b.pop("first_days")
        scores = b.pop("scores")
        b["key"] = key
        b["hours"] = round(b["minutes"] / 60, 1)
        b["days_to_first"] = round(sum(days) / len(days), 1) if days else None
        b["satisfaction"] = round(sum(scores) / len(scores), 2) if scores else None
        b["surveys"] = len(scores)
        out.append(b)
    out.sort(key=lambda b: (-(b["open"] + b["closed"] + b["cancelled"]), str(b["label"] or "")))
    return out


def satisfaction_average(*, user: Any) -> float | None:
    value = _staff_cases(user).aggregate(v=Avg("satisfaction__score"))["v"]
    return round(value, 2) if value is not None else None
