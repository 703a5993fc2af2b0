"""The `insight_facts` hook: what the business clinics count.

Cases, sessions and measured impact, placed at the client enterprise. No fact reads a case's
problem text, session notes, attachments or the questionnaire's answers: counts, minutes,
areas and the impact figures the client confirmed.
"""

from typing import Any

from django.db.models import F, QuerySet
from django.db.models.fields.json import KT
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from karsaz.clinics.choices import Area, FollowUpStatus
from karsaz.clinics.models import Case, CaseSession, FollowUp
from karsaz.core.facts import Fact, Unit


def _cases() -> QuerySet[Case]:
    # The diagnosis's most urgent area (urgent_areas is weakest first), "" when none is urgent.
    return Case.objects.annotate(area=KT("urgent_areas__0"))


def _milestones() -> dict[str, str | Promise]:
    return {"6": _("6 months after closure"), "12": _("12 months after closure")}


def _impact(
    code: str, field: str, unit: Unit, label: str | Promise, definition: str | Promise
) -> Fact:
    def rows() -> QuerySet[Any]:
        return FollowUp.objects.filter(
            status=FollowUpStatus.CONFIRMED, **{f"{field}__isnull": False}
        )

    return Fact(
        code=code,
        label=label,
        definition=definition,
        unit=unit,
        rows=rows,
        enterprise="case__enterprise",
        date="due_on",
        value=lambda: F(field),
        series="months",
        series_labels=_milestones,
        # Confirming sets it; a correction sends the figures back to "recorded" without it,
        # which the nightly full refresh catches.
        changed="confirmed_at",
    )


def facts() -> tuple[Fact, ...]:
    return (
        Fact(
            code="clinics.cases",
            label=_("Clinic cases by diagnosis area"),
            definition=_(
                "Cases requested by enterprises, by month of request and by the most urgent "
                "area of their diagnosis (none when no area scored below the urgent line)."
            ),
            unit="count",
            rows=_cases,
            enterprise="enterprise",
            date="created_at",
            series="area",
            series_labels=lambda: dict(Area.choices),
            changed="created_at",  # the diagnosis is made at intake and never changes
        ),
        Fact(
            code="clinics.sessions",
            label=_("Counselling sessions and hours"),
            definition=_(
                "Counselling sessions held with clients, by the session's date; the value is "
                "their length in hours."
            ),
            unit="hours",
            rows=CaseSession.objects.all,
            enterprise="case__enterprise",
            date="date",
            value=lambda: F("minutes"),
            changed="created_at",
            scale=60,  # stored in minutes
        ),
        _impact(
            "clinics.jobs_created",
            "jobs_created",
            "people",
            _("Jobs created by clinic clients"),
            _(
                "Jobs created by clients, as confirmed by the client at the 6- and 12-month "
                "follow-ups, by the follow-up's due month."
            ),
        ),
        _impact(
            "clinics.jobs_retained",
            "jobs_retained",
            "people",
            _("Jobs retained by clinic clients"),
            _(
                "Jobs retained by clients, as confirmed by the client at the 6- and 12-month "
                "follow-ups, by the follow-up's due month."
            ),
        ),
        _impact(
            "clinics.sales_change",
            "sales_change",
            "rials",
            _("Change in clients' annual sales"),
            _(
                "Change in clients' annual sales (may be negative), as confirmed by the client "
                "at the 6- and 12-month follow-ups, by the follow-up's due month."
            ),
        ),
        _impact(
            "clinics.capital_raised",
            "financing_obtained",
            "rials",
            _("Capital raised by clinic clients"),
            _(
                "Financing clients obtained after the clinic, as confirmed by the client at the "
                "6- and 12-month follow-ups, by the follow-up's due month."
            ),
        ),
    )
