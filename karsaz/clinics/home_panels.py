"""Business clinics on the home page: a firm's case, a consultant's cases and follow-ups due,
and for agency staff the requests that wait for a clinic (scoped by ClinicScope)."""

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from karsaz.clinics import selectors
from karsaz.clinics.choices import OPEN_STATES, CaseState, FollowUpStatus
from karsaz.clinics.permissions import ClinicScope
from karsaz.core.panels import ROWS, Cell, Figure, Panel, Row, bilingual
from karsaz.registry import selectors as registry_selectors

# Follow-ups shown to the consultant: the late ones and those due within this many days.
FOLLOWUP_HORIZON = 14


def panels(*, user: Any) -> list[Panel]:
    if not getattr(user, "is_authenticated", False):
        return []
    scope = ClinicScope(user)
    found = []
    if scope.staff:
        found.append(_staff(user, scope))
    if scope.consultant_ids:
        found.extend(_consultant(user, scope))
    firms = registry_selectors.member_firms(user=user, kinds=registry_selectors.CLIENT_KINDS)
    if firms and not scope.consultant_ids:
        found.append(_client(user, firms))
    return found


def _case_url(pk: int) -> str:
    return reverse("clinics:case_detail", args=[pk])


def _consultant_name(case: Any) -> str:
    return case.consultant.user.display_name if case.consultant_id else "—"


def _client(user: Any, firms: list[int]) -> Panel:
    cases = selectors.case_list(user=user).filter(enterprise_id__in=firms)
    counts = cases.aggregate(open=Count("id", filter=Q(state__in=OPEN_STATES)))
    latest = list(cases.order_by("-created_at", "-id")[:ROWS])
    return Panel(
        key="clinics-case",
        title=_("Your clinic case"),
        order=25,
        figures=(
            Figure(_("Open cases"), counts["open"], reverse("clinics:case_list"), key="case-open"),
        ),
        headers=(_("Enterprise"), _("Consultant"), _("State"), _("Requested")),
        rows=tuple(
            Row(
                (
                    Cell(bilingual(case.enterprise), href=_case_url(case.pk)),
                    Cell(_consultant_name(case)),
                    Cell(case.get_state_display()),
                    Cell(case.created_at, "date"),
                )
            )
            for case in latest
        ),
        empty=_("No clinic case yet: a business clinic can help your firm."),
        more=(_("Ask a clinic for help"), reverse("clinics:case_request")),
    )


def _consultant(user: Any, scope: ClinicScope) -> list[Panel]:
    ids = scope.consultant_ids
    cases = selectors.case_list(user=user).filter(consultant_id__in=ids, state__in=OPEN_STATES)
    today = timezone.localdate()
    due = (
        selectors.followup_list(user=user)
        .filter(
            case__consultant_id__in=ids,
            status=FollowUpStatus.SCHEDULED,
            due_on__lte=today + dt.timedelta(days=FOLLOWUP_HORIZON),
        )
        .order_by("due_on", "id")
    )
    late = due.filter(due_on__lt=today).count()
    return [
        Panel(
            key="clinics-consultant-cases",
            title=_("Your clinic cases"),
            order=20,
            figures=(
                Figure(
                    _("Open cases"),
                    cases.count(),
                    reverse("clinics:case_list"),
                    key="consultant-open",
                ),
            ),
            headers=(_("Enterprise"), _("State"), _("Last activity")),
            rows=tuple(
                Row(
                    (
                        Cell(bilingual(case.enterprise), href=_case_url(case.pk)),
                        Cell(case.get_state_display()),
                        Cell(case.last_activity_at, "date"),
                    )
                )
                for case in cases.order_by("last_activity_at", "id")[:ROWS]
            ),
            empty=_("No open case is assigned to you."),
        ),
        Panel(
            key="clinics-followups",
            title=_("Follow-ups due"),
            order=21,
            figures=(
                Figure(_("Due soon"), due.count(), key="followups-due"),
                Figure(_("Late"), late, warn=late > 0, key="followups-late"),
            ),
            headers=(_("Enterprise"), _("Months after closure"), _("Due")),
            rows=tuple(
                Row(
                    (
                        Cell(bilingual(f.case.enterprise), href=_case_url(f.case_id)),
                        Cell(f.months, "num"),
                        Cell(f.due_on, "date"),
                    ),
                    warn=f.due_on < today,
                    flag=_("Late") if f.due_on < today else "",
                )
                for f in due[:ROWS]
            ),
            empty=_("No follow-up is due in the next two weeks."),
        ),
    ]


def _staff(user: Any, scope: ClinicScope) -> Panel:
    cases = selectors.case_list(user=user).filter(scope.supervised_q())
    counts = cases.aggregate(
        waiting=Count("id", filter=Q(state=CaseState.REQUESTED)),
        open=Count("id", filter=Q(state__in=OPEN_STATES)),
        stale=Count("id", filter=selectors.stale_q()),
    )
    waiting = list(cases.filter(state=CaseState.REQUESTED).order_by("created_at", "id")[:ROWS])
    return Panel(
        key="clinics-staff",
        title=_("Clinic requests waiting for a clinic"),
        order=36,
        figures=(
            Figure(
                _("Waiting for a clinic"),
                counts["waiting"],
                reverse("clinics:case_list") + f"?state={CaseState.REQUESTED}",
                warn=counts["waiting"] > 0,
                key="clinics-waiting",
            ),
            Figure(
                _("Open cases"), counts["open"], reverse("clinics:dashboard"), key="clinics-open"
            ),
            Figure(
                _("Stale cases"), counts["stale"], warn=counts["stale"] > 0, key="clinics-stale"
            ),
        ),
        headers=(_("Enterprise"), _("Province"), _("Requested")),
        rows=tuple(
            Row(
                (
                    Cell(bilingual(case.enterprise), href=_case_url(case.pk)),
                    Cell(bilingual(case.province)),
                    Cell(case.created_at, "date"),
                )
            )
            for case in waiting
        ),
        empty=_("No request waits for a clinic."),
        more=(_("Clinic oversight"), reverse("clinics:dashboard")),
    )
