"""The audit of note reads: who read which session notes, when.

This is the one write a read performs. Reading notes (a page, the API, an attachment, an export)
is recorded here, so selectors import this module, never the services.
"""

from typing import Any

from django.utils import timezone

from karsaz.clinics.choices import ReadKind
from karsaz.clinics.models import Case, NoteRead


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
