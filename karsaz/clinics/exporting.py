"""CSV export of cases. Session notes go only into rows whose notes the user may read."""

from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import pgettext_lazy

from karsaz.clinics.audit import notes_read_record_many
from karsaz.clinics.choices import Area, ReadKind
from karsaz.clinics.models import Case
from karsaz.clinics.permissions import ClinicScope
from karsaz.core.exports import export_date, export_name
from karsaz.core.tables import export_table

COLUMNS = (
    "id", "enterprise", "enterprise_national_id", "province", "state", "clinic", "consultant",
    "requested", "assigned", "first_session", "closed", "sessions", "minutes", "urgent_areas",
    "notes",
)  # fmt: skip
# Headers in the page's language; dates Jalali on a Persian page (core/exports.py).
LABELS = {
    "id": pgettext_lazy("export column", "ID"),
    "enterprise": pgettext_lazy("export column", "Enterprise"),
    "enterprise_national_id": pgettext_lazy("export column", "National ID"),
    "province": pgettext_lazy("export column", "Province"),
    "state": pgettext_lazy("export column", "State"),
    "clinic": pgettext_lazy("export column", "Clinic"),
    "consultant": pgettext_lazy("export column", "Consultant"),
    "requested": pgettext_lazy("export column", "Requested on"),
    "assigned": pgettext_lazy("export column", "Assigned on"),
    "first_session": pgettext_lazy("export column", "First session"),
    "closed": pgettext_lazy("export column", "Closed on"),
    "sessions": pgettext_lazy("export column", "Sessions"),
    "minutes": pgettext_lazy("export column", "Minutes"),
    "urgent_areas": pgettext_lazy("export column", "Urgent areas"),
    "notes": pgettext_lazy("export column", "Notes"),
}


def export_cases(*, user: Any, cases: QuerySet[Case]) -> bytes:
    """`cases` must already come from `selectors.case_list(user=...)`; notes follow the scope.

    CSV in UTF-8 with a BOM; export_table defuses formulas in names and notes.
    """
    scope = ClinicScope(user)
    fa = translation.get_language() == "fa"
    rows: list[list[Any]] = []
    with_notes: list[int] = []
    for case in cases.prefetch_related("sessions"):
        sessions = list(case.sessions.all())
        notes = ""
        if "notes" not in scope.hidden_fields(case):
            notes = "\n---\n".join(f"{export_date(s.date)}: {s.notes}" for s in sessions if s.notes)
            if notes:
                with_notes.append(case.pk)
        rows.append(
            [
                case.pk,
                export_name(case.enterprise),
                case.enterprise.national_id,
                case.province.name_fa if fa else case.province.name_en,
                case.get_state_display(),
                export_name(case.clinic.enterprise) if case.clinic else "",
                case.consultant.user.display_name if case.consultant else "",
                export_date(case.created_at),
                export_date(case.assigned_at),
                export_date(case.first_session_on),
                export_date(case.closed_at),
                len(sessions),
                sum(s.minutes for s in sessions),
                "، ".join(str(Area(a).label) for a in case.urgent_areas or [] if a in Area.values),
                notes,
            ]
        )
    if with_notes:
        notes_read_record_many(user=user, case_ids=with_notes, kind=ReadKind.EXPORT)
    return export_table([str(LABELS[c]) for c in COLUMNS], rows, "csv")
