"""The `firm_timeline` hook (core/timeline.py): the firm's needs and capabilities posted,
proposals sent and received, agreements signed (with their value). No title or text: a need's
details may be confidential."""

from django.db.models import Q
from django.utils.translation import gettext as _

from karsaz.core.timeline import TimelineEvent
from karsaz.technology.choices import ProposalState
from karsaz.technology.models import Capability, Proposal, TechnologyNeed

SIGNED = (ProposalState.SIGNED, ProposalState.DELIVERED)


def firm_timeline(enterprise_id: int) -> list[TimelineEvent]:
    out = [
        TimelineEvent(at=at, kind="technology.need", title=_("Technology need posted"))
        for at in TechnologyNeed.objects.filter(enterprise_id=enterprise_id).values_list(
            "created_at", flat=True
        )
    ]
    out += [
        TimelineEvent(at=at, kind="technology.capability", title=_("Capability posted"))
        for at in Capability.objects.filter(enterprise_id=enterprise_id).values_list(
            "created_at", flat=True
        )
    ]
    proposals = Proposal.objects.filter(
        Q(need__enterprise_id=enterprise_id) | Q(capability__enterprise_id=enterprise_id)
    ).values_list("need__enterprise_id", "created_at", "state", "agreement_date", "agreement_value")
    for need_firm, sent, state, signed_on, value in proposals:
        received = need_firm == enterprise_id
        out.append(
            TimelineEvent(
                at=sent,
                kind="technology.proposal_received" if received else "technology.proposal_sent",
                title=_("Proposal received for a need") if received else _("Proposal sent"),
            )
        )
        if state in SIGNED and signed_on is not None:
            out.append(
                TimelineEvent(
                    at=signed_on,
                    kind="technology.agreement",
                    title=_("Technology agreement signed"),
                    amount=value,
                )
            )
    return out
