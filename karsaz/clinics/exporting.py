"""CSV export of cases. Session notes go only into rows whose notes the user may read."""

from typing import Any

from django.db.models import QuerySet

from karsaz.clinics.audit import notes_read_record_many
from karsaz.clinics.choices import ReadKind
from karsaz.clinics.models import Case
from karsaz.clinics.permissions import ClinicScope
from karsaz.core.tables import export_table

COLUMNS = (
    "id", "enterprise", "enterprise_national_id", "province", "state", "clinic", "consultant",
    "requested", "assigned", "first_session", "closed", "sessions", "minutes", "urgent_areas",
    "notes",
)  # fmt: skip


def export_cases(*, user: Any, cases: QuerySet[Case]) -> bytes:
    """`cases` must already come from `selectors.case_list(user=...)`; notes follow the scope.

    CSV in UTF-8 with a BOM; export_table defuses formulas in names and notes.
    """
    scope = ClinicScope(user)
    rows: list[list[Any]] = []
    with_notes: list[int] = []
    for case in cases.prefetch_related("sessions"):
        sessions = list(case.sessions.all())
        notes = ""
        if "notes" not in scope.hidden_fields(case):
            notes = "\n---\n".join(f"{s.date.isoformat()}: {s.notes}" for s in sessions if s.notes)
            if notes:
                with_notes.append(case.pk)
        rows.append(
            [
                case.pk,
                case.enterprise.name_fa,
                case.enterprise.national_id,
                case.province.code,
                case.state,
                case.clinic.enterprise.name_fa if case.clinic else "",
                case.consultant.user.display_name if case.consultant else "",
                case.created_at.date().isoformat(),
                case.assigned_at.date().isoformat() if case.assigned_at else "",
                case.first_session_on.isoformat() if case.first_session_on else "",
                case.closed_at.date().isoformat() if case.closed_at else "",
                len(sessions),
                sum(s.minutes for s in sessions),
                " ".join(case.urgent_areas or []),
                notes,
            ]
        )
    if with_notes:
        notes_read_record_many(user=user, case_ids=with_notes, kind=ReadKind.EXPORT)
    return export_table(COLUMNS, rows, "csv")
