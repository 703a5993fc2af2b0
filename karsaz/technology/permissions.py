"""Who may see and do what in the technology exchange. Services and selectors ask these.

- Everyone signed in browses open needs and capabilities (their public fields) and matches.
- A need's or capability's enterprise (owners and managers), national staff and the provincial
  officer of the enterprise's province post and edit it.
- A need's confidential details: its enterprise's members, national staff, the officer of the
  enterprise's province (never ``need.province``, which the owner picks: it says where the work
  happens, not who oversees the firm), and the members of a partner whose proposal the need's
  owner has accepted (in negotiation, signed or delivered).
- Proposals: the capability's side sends and may cancel; the need's side shortlists, declines,
  accepts (→ negotiation), records the signed agreement and confirms delivery; either side may
  cancel during negotiation. Staff watch every proposal in their scope but do not act for a party.
"""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from karsaz.registry.permissions import EDITOR_ROLES, ActorScope, require
from karsaz.technology.choices import ProposalState as S
from karsaz.technology.models import Capability, Proposal, TechnologyNeed

NEED, CAPABILITY, EITHER = "need", "capability", "either"
# (from, to) → which side may make the move.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.PROPOSED, S.SHORTLISTED): NEED,
    (S.PROPOSED, S.DECLINED): NEED,
    (S.SHORTLISTED, S.DECLINED): NEED,
    (S.PROPOSED, S.NEGOTIATION): NEED,
    (S.SHORTLISTED, S.NEGOTIATION): NEED,
    (S.NEGOTIATION, S.SIGNED): NEED,
    (S.SIGNED, S.DELIVERED): NEED,
    (S.PROPOSED, S.CANCELLED): CAPABILITY,
    (S.SHORTLISTED, S.CANCELLED): CAPABILITY,
    (S.NEGOTIATION, S.CANCELLED): EITHER,
}
ACCEPTED = (S.NEGOTIATION, S.SIGNED, S.DELIVERED)


class TechScope(ActorScope):
    """The user's reach in the exchange, computed once per request."""

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.staff = self.authenticated and user.is_agency_staff
        self._accepted: set[int] | None = None

    def can_post_for(self, enterprise: Any) -> bool:
        return (
            self.national
            or (self.province_id is not None and enterprise.province_id == self.province_id)
            or self.member_of.get(enterprise.pk) in EDITOR_ROLES
        )

    def can_change(self, record: TechnologyNeed | Capability) -> bool:
        return self.can_post_for(record.enterprise)

    def is_staff_over(self, province_id: int | None) -> bool:
        return self.national or (self.province_id is not None and province_id == self.province_id)

    def can_view_confidential(self, need: TechnologyNeed) -> bool:
        if self.is_staff_over(need.enterprise.province_id) or need.enterprise_id in self.member_of:
            return True
        return need.pk in self.accepted_needs

    @property
    def accepted_needs(self) -> set[int]:
        """Needs whose owner accepted a proposal of one of the user's enterprises (one query
        per request, however many needs a list shows)."""
        if self._accepted is None:
            self._accepted = (
                set(
                    Proposal.objects.filter(
                        state__in=ACCEPTED, capability__enterprise_id__in=list(self.member_of)
                    ).values_list("need_id", flat=True)
                )
                if self.member_of
                else set()
            )
        return self._accepted

    def side(self, proposal: Proposal) -> str | None:
        """The side this user may act for, if any (EITHER when they sit on both)."""
        need_side = self.member_of.get(proposal.need.enterprise_id) in EDITOR_ROLES
        cap_side = self.member_of.get(proposal.capability.enterprise_id) in EDITOR_ROLES
        if need_side and cap_side:
            return EITHER
        return NEED if need_side else CAPABILITY if cap_side else None

    def can_view_proposal(self, proposal: Proposal) -> bool:
        return (
            proposal.need.enterprise_id in self.member_of
            or proposal.capability.enterprise_id in self.member_of
            or self.is_staff_over(proposal.need.enterprise.province_id)
            or self.is_staff_over(proposal.capability.enterprise.province_id)
        )

    def can_message(self, proposal: Proposal) -> bool:
        return (
            proposal.need.enterprise_id in self.member_of
            or proposal.capability.enterprise_id in self.member_of
        )

    def allowed_moves(self, proposal: Proposal) -> list[str]:
        side = self.side(proposal)
        if side is None:
            return []
        return [
            to
            for (frm, to), who in TRANSITIONS.items()
            if frm == proposal.state and (who == EITHER or side in (who, EITHER))
        ]

    def proposals_q(self) -> Q:
        if self.national:
            return Q()
        members = list(self.member_of)
        q = Q(need__enterprise_id__in=members) | Q(capability__enterprise_id__in=members)
        if self.province_id:
            q |= Q(need__enterprise__province_id=self.province_id) | Q(
                capability__enterprise__province_id=self.province_id
            )
        return q


def require_signed_in(user: Any) -> None:
    require(bool(user and user.is_authenticated), _("Please sign in."))
