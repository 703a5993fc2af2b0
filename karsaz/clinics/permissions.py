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

from django.db.models import Q
from django.utils.translation import gettext as _

from karsaz.accounts.scope import ActorScope
from karsaz.clinics.choices import CASE_MOVES, FOLLOWUP_MOVES, FollowUpStatus, ReferralStatus
from karsaz.clinics.models import Case, FollowUp, Referral


def no_access() -> str:
    """The refusal of the clinics, for `accounts.scope.require`: the record is a case."""
    return _("You do not have access to this case.")


# What a session shows only to those who may read its notes (see the module docstring).
SESSION_PRIVATE_FIELDS = frozenset({"notes", "attachment"})


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
        return self.edits(case.enterprise_id)

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
            or self.edits(enterprise.pk)
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

    def can_survey(self, case: Case) -> bool:
        """The client's owner or manager answers the survey of a closed case, once."""
        return (
            self.is_client_editor(case)
            and case.state in CASE_MOVES["survey"]
            and not hasattr(case, "satisfaction")
        )

    # Allowed actions and redaction ---------------------------------------------------------
    def allowed_actions(self, case: Case) -> frozenset[str]:
        """What this user may do on the case now: CASE_MOVES (the state) and the role.

        Also "plan_status" (update an action's status) and "audit" (read the audit trail),
        which do not depend on the state.
        """
        by_role = {
            "assign": self.can_assign(case),
            "start": self.can_work(case),
            "close": self.can_work(case),
            "cancel": self.can_cancel(case),
            "reopen": self.can_reopen(case),
            "session": self.can_work(case),
            "plan": self.can_work(case),
            "referral": self.can_work(case),
            "survey": self.can_survey(case),
        }
        actions = {a for a, states in CASE_MOVES.items() if case.state in states and by_role[a]}
        if self.can_work(case) or self.is_client_editor(case):
            actions.add("plan_status")
        if self.can_view_audit(case):
            actions.add("audit")
        return frozenset(actions)

    def followup_actions(self, followup: FollowUp) -> frozenset[str]:
        """What this user may do on a follow-up of `followup.case` now (FOLLOWUP_MOVES and role).

        The pages offer "correct" on confirmed figures only: recorded ones are recorded again.
        """
        case, status = followup.case, followup.status
        actions = set()
        if (
            self.can_record_impact(case)
            and status in FOLLOWUP_MOVES["record"]
            and not followup.awaiting_due
        ):
            actions.add("record")
        if (
            self.can_confirm_impact(case)
            and status in FOLLOWUP_MOVES["confirm"]
            and followup.is_due
        ):
            actions.add("confirm")
        if self.can_correct_impact(case) and status == FollowUpStatus.CONFIRMED:
            actions.add("correct")
        return frozenset(actions)

    def referral_actions(self, referral: Referral) -> frozenset[str]:
        """Supervising staff close a pending referral once it was handled outside Karsaz."""
        if referral.status == ReferralStatus.PENDING and self.supervises(referral.case):
            return frozenset({"close"})
        return frozenset()

    def hidden_fields(self, case: Case) -> frozenset[str]:
        """The session fields of this case hidden from this user: one rule for the pages, the
        API and the exports."""
        return frozenset() if self.can_view_notes(case) else SESSION_PRIVATE_FIELDS

    @property
    def can_manage_clinics(self) -> bool:
        return self.national

    @property
    def can_see_dashboard(self) -> bool:
        return self.staff
