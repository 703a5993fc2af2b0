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

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from karsaz.accounts.scope import ActorScope
from karsaz.registry.permissions import can_change_enterprise
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
# A need's fields only its side, staff in scope and accepted partners see.
CONFIDENTIAL_FIELDS = frozenset({"confidential_details"})


class TechScope(ActorScope):
    """The user's reach in the exchange, computed once per request."""

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.staff = self.authenticated and user.is_agency_staff
        self._accepted: set[int] | None = None

    def can_post_for(self, enterprise: Any) -> bool:
        """Whoever may change the enterprise's record may post for it (the registry's rule)."""
        return can_change_enterprise(self, enterprise)

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
        need_side = self.edits(proposal.need.enterprise_id)
        cap_side = self.edits(proposal.capability.enterprise_id)
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

    def allowed_actions(self, proposal: Proposal) -> frozenset[str]:
        """What this user may do on the proposal's page: its moves (the target states of
        ``TRANSITIONS``) and ``"message"``; templates test ``{% if "cancelled" in actions %}``."""
        actions = set(self.allowed_moves(proposal))
        if self.can_message(proposal):
            actions.add("message")
        return frozenset(actions)

    def hidden_fields(self, need: TechnologyNeed) -> frozenset[str]:
        """A need's fields this user may not see (one rule for the API and the pages)."""
        return frozenset() if self.can_view_confidential(need) else CONFIDENTIAL_FIELDS

    def visible_q(self, province_field: str = "enterprise__province_id") -> Q | None:
        """Records beyond the open ones this user sees (their enterprises', their province's);
        None for national staff, who see every record."""
        if self.national:
            return None
        q = Q(enterprise_id__in=self.editor_of())
        if self.province_id:
            q |= Q(**{province_field: self.province_id})
        return q

    def proposals_q(self) -> Q:
        if self.national:
            return Q()
        q = Q(pk__in=proposals_of(self.member_of))
        if self.province_id:
            q |= Q(need__enterprise__province_id=self.province_id) | Q(
                capability__enterprise__province_id=self.province_id
            )
        return q


def proposals_of(firms: Iterable[int]) -> QuerySet[Proposal, Any]:
    """The ids of the proposals the firms received (on their needs) or sent (from their
    capabilities): the union of two reads that each walk an index, where an OR across the need's
    and the capability's joins makes PostgreSQL join every proposal before filtering (a member's
    home panel at 10,000 proposals: 9.8 ms, 0.1 ms read this way)."""
    firms = list(firms)
    received = Proposal.objects.filter(need__enterprise_id__in=firms).order_by()
    sent = Proposal.objects.filter(capability__enterprise_id__in=firms).order_by()
    return received.values("pk").union(sent.values("pk"))
