"""Who may see and do what in the clinics. Services and selectors ask these; views never decide.

- Supervising staff: national staff everywhere; a provincial officer the cases of enterprises in
  their province. They assign, override, reopen, and see everything of those cases.
- The client: members of the case's enterprise. Owners and managers request help, cancel, confirm
  impact and answer the survey; every member sees the case and its notes.
- The assigned consultant: works the case (sessions, action plan, referrals, closing).
- Members of the assigned clinic (colleagues, managers) see the case's facts, never its notes.

Session notes and attachments are visible to the assigned consultant, the client's members and
supervising staff only: nobody else, whatever else they may see.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from karsaz.clinics.models import Case
from karsaz.registry.permissions import EDITOR_ROLES, ActorScope


class ClinicScope(ActorScope):
    """The user's scope, computed once per request and reused for every case."""

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.staff = self.national or self.province_id is not None
        self._consultant_ids: list[int] | None = None

    @property
    def consultant_ids(self) -> list[int]:
        if self._consultant_ids is None:
            self._consultant_ids = (
                list(self.user.consultant_profiles.values_list("id", flat=True))
                if self.authenticated
                else []
            )
        return self._consultant_ids

    @property
    def is_consultant(self) -> bool:
        return bool(self.consultant_ids)

    # Filters -------------------------------------------------------------------------------
    def supervised_q(self, prefix: str = "") -> Q:
        if self.national:
            return Q()
        if self.province_id is not None:
            return Q(**{f"{prefix}province_id": self.province_id})
        return Q(pk__in=[])

    def notes_q(self, prefix: str = "") -> Q:
        """The cases whose notes this user may read."""
        if not self.authenticated:
            return Q(pk__in=[])
        if self.national:
            return Q()  # never OR an empty Q(): `Q() | x` is just `x`
        return (
            self.supervised_q(prefix)
            | Q(**{f"{prefix}enterprise_id__in": list(self.member_of)})
            | Q(**{f"{prefix}consultant_id__in": self.consultant_ids})
        )

    def cases_q(self) -> Q:
        """The cases this user may see at all: notes readers plus the assigned clinic's members."""
        if self.national:
            return Q()
        return self.notes_q() | Q(clinic__enterprise_id__in=list(self.member_of))

    # Row checks ----------------------------------------------------------------------------
    def supervises(self, case: Case) -> bool:
        return self.national or (
            self.province_id is not None and case.province_id == self.province_id
        )

    def is_client(self, case: Case) -> bool:
        return case.enterprise_id in self.member_of

    def is_client_editor(self, case: Case) -> bool:
        return self.member_of.get(case.enterprise_id) in EDITOR_ROLES

    def is_assigned(self, case: Case) -> bool:
        return case.consultant_id is not None and case.consultant_id in self.consultant_ids

    def can_view(self, case: Case) -> bool:
        return self.can_view_notes(case) or (
            case.clinic is not None and case.clinic.enterprise_id in self.member_of
        )

    def can_view_notes(self, case: Case) -> bool:
        return self.authenticated and (
            self.supervises(case) or self.is_client(case) or self.is_assigned(case)
        )

    def can_request_for(self, enterprise: Any) -> bool:
        return (
            self.national
            or (self.province_id is not None and enterprise.province_id == self.province_id)
            or self.member_of.get(enterprise.pk) in EDITOR_ROLES
        )

    def can_assign(self, case: Case) -> bool:
        return self.supervises(case)

    def can_work(self, case: Case) -> bool:
        """Log sessions, edit the action plan, refer, start and close."""
        return self.is_assigned(case) or self.supervises(case)

    def can_cancel(self, case: Case) -> bool:
        return self.supervises(case) or self.is_client_editor(case)

    def can_reopen(self, case: Case) -> bool:
        return self.supervises(case)

    def can_record_impact(self, case: Case) -> bool:
        return self.is_assigned(case) or self.supervises(case) or self.is_client_editor(case)

    def can_confirm_impact(self, case: Case) -> bool:
        return self.is_client_editor(case)

    def can_correct_impact(self, case: Case) -> bool:
        return self.is_assigned(case) or self.supervises(case)

    def can_view_audit(self, case: Case) -> bool:
        return self.supervises(case)

    @property
    def can_manage_clinics(self) -> bool:
        return self.national

    @property
    def can_see_dashboard(self) -> bool:
        return self.staff


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You do not have access to this case."))
