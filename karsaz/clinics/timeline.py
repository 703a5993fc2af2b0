"""The `firm_timeline` hook (core/timeline.py): clinic cases requested and closed, sessions
(their hours), and the impact the client confirmed at 6 and 12 months (jobs created, the sales
change). Never a note or a diagnosis: those stay with the case."""

from django.utils.translation import gettext as _

from karsaz.clinics.choices import FollowUpStatus
from karsaz.clinics.models import Case, CaseSession, FollowUp
from karsaz.core.i18n import page_digits
from karsaz.core.timeline import TimelineEvent


def firm_timeline(enterprise_id: int) -> list[TimelineEvent]:
    out: list[TimelineEvent] = []
    for requested, closed in Case.objects.filter(enterprise_id=enterprise_id).values_list(
        "created_at", "closed_at"
    ):
        out.append(TimelineEvent(at=requested, kind="clinics.case", title=_("Clinic case opened")))
        if closed is not None:
            out.append(
                TimelineEvent(at=closed, kind="clinics.case_closed", title=_("Clinic case closed"))
            )
    sessions = CaseSession.objects.filter(case__enterprise_id=enterprise_id)
    out += [
        TimelineEvent(
            at=on, kind="clinics.session", title=_("Clinic session (minutes)"), count=minutes
        )
        for on, minutes in sessions.values_list("date", "minutes")
    ]
    impact = FollowUp.objects.filter(
        case__enterprise_id=enterprise_id, status=FollowUpStatus.CONFIRMED
    ).values_list("confirmed_at", "months", "jobs_created", "sales_change")
    for at, months, jobs, sales in impact:
        if at is None:  # confirmed before the date was kept
            continue
        out.append(
            TimelineEvent(
                at=at,
                kind="clinics.impact",
                title=_("Impact after %(months)s months confirmed: jobs created")
                % {"months": page_digits(months)},
                count=jobs or 0,
                amount=sales,
            )
        )
    return out
