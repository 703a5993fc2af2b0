"""Every proposal transition, by the allowed side and by every forbidden role."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from karsaz.technology import services
from karsaz.technology.choices import ProposalState as S
from karsaz.technology.models import Proposal, ProposalEvent
from karsaz.technology.permissions import CAPABILITY, EITHER, NEED, TRANSITIONS

pytestmark = pytest.mark.django_db
PATHS = {
    S.PROPOSED: [],
    S.SHORTLISTED: [S.SHORTLISTED],
    S.NEGOTIATION: [S.NEGOTIATION],
    S.SIGNED: [S.NEGOTIATION, S.SIGNED],
}
AGREEMENT = {
    "agreement_type": "licensing",
    "agreement_value": 25_000_000_000,
    "agreement_date": dt.date(2026, 11, 1),
}


def _propose(w: Any) -> Proposal:
    return services.proposal_create(
        user=w.firm_user, need=w.need, capability=w.capability, pitch="راهکار ما قالب جدید است."
    )


def _to(w: Any, state: str) -> Proposal:
    proposal = _propose(w)
    for step in PATHS[state]:
        proposal = services.proposal_transition(
            user=w.sme_user,
            proposal=proposal,
            to_state=step,
            **(AGREEMENT if step == S.SIGNED else {}),
        )
    return proposal


def _actors(w: Any) -> dict[str, Any]:
    return {
        "need": w.sme_user,
        "capability": w.firm_user,
        "need-employee": w.sme_employee,
        "other-provider": w.lab_user,
        "national": w.national,
        "qazvin-officer": w.qazvin_officer,
        "outsider": w.outsider,
    }


@pytest.mark.parametrize(("move", "side"), sorted(TRANSITIONS.items()))
@pytest.mark.parametrize(
    "actor",
    [
        "need",
        "capability",
        "need-employee",
        "other-provider",
        "national",
        "qazvin-officer",
        "outsider",
    ],
)
def test_transition_by_role(world: Any, move: tuple[str, str], side: str, actor: str) -> None:
    frm, to = move
    proposal = _to(world, frm)
    user = _actors(world)[actor]
    allowed = actor == side or (side == EITHER and actor in (NEED, CAPABILITY))
    extra = AGREEMENT if to == S.SIGNED else {}
    if allowed:
        proposal = services.proposal_transition(user=user, proposal=proposal, to_state=to, **extra)
        assert proposal.state == to
        event = proposal.events.last()
        assert (event.from_state, event.to_state, event.actor) == (frm, to, user)
        assert event.at is not None
    else:
        with pytest.raises(PermissionDenied):
            services.proposal_transition(user=user, proposal=proposal, to_state=to, **extra)
        proposal.refresh_from_db()
        assert proposal.state == frm


@pytest.mark.parametrize(
    ("frm", "to"),
    [
        (S.PROPOSED, S.SIGNED),
        (S.PROPOSED, S.DELIVERED),
        (S.SHORTLISTED, S.SIGNED),
        (S.SIGNED, S.CANCELLED),
        (S.SIGNED, S.NEGOTIATION),
        (S.NEGOTIATION, S.PROPOSED),
        (S.PROPOSED, "bogus"),
    ],
)
def test_impossible_transitions_are_400s_for_everyone(world: Any, frm: str, to: str) -> None:
    proposal = _to(world, frm)
    for user in (world.sme_user, world.firm_user, world.national):
        with pytest.raises(ValidationError) as exc:
            services.proposal_transition(user=user, proposal=proposal, to_state=to)
        assert "state" in exc.value.message_dict


def test_signing_needs_type_value_and_date(world: Any) -> None:
    proposal = _to(world, S.NEGOTIATION)
    with pytest.raises(ValidationError) as exc:
        services.proposal_transition(user=world.sme_user, proposal=proposal, to_state=S.SIGNED)
    assert set(exc.value.message_dict) == {"agreement_type", "agreement_value", "agreement_date"}
    with pytest.raises(ValidationError) as exc:
        services.proposal_transition(
            user=world.sme_user,
            proposal=proposal,
            to_state=S.SIGNED,
            **{**AGREEMENT, "agreement_value": -5, "agreement_date": dt.date(2999, 1, 1)},
        )
    assert set(exc.value.message_dict) == {"agreement_value", "agreement_date"}
    proposal.refresh_from_db()
    assert proposal.state == S.NEGOTIATION and proposal.agreement_value is None
    assert ProposalEvent.objects.filter(proposal=proposal, to_state=S.SIGNED).count() == 0
    signed = services.proposal_transition(
        user=world.sme_user, proposal=proposal, to_state=S.SIGNED, **AGREEMENT
    )
    assert signed.agreement_value == 25_000_000_000 and isinstance(signed.agreement_value, int)


def test_proposal_rules(world: Any) -> None:
    with pytest.raises(PermissionDenied):  # only the capability's enterprise proposes it
        services.proposal_create(
            user=world.sme_user, need=world.need, capability=world.capability, pitch="x"
        )
    with pytest.raises(ValidationError) as exc:
        services.proposal_create(
            user=world.firm_user, need=world.need, capability=world.capability, pitch=" "
        )
    assert "pitch" in exc.value.message_dict
    _propose(world)
    with pytest.raises(ValidationError) as exc:
        _propose(world)
    assert "capability" in exc.value.message_dict


def test_message_thread_between_the_two_sides(world: Any) -> None:
    proposal = _propose(world)
    services.proposal_message_add(
        user=world.sme_user, proposal=proposal, body="نمونه قطعه را ببینید"
    )
    services.proposal_message_add(user=world.firm_user, proposal=proposal, body="ارسال شد")
    assert [m.author for m in proposal.messages.all()] == [world.sme_user, world.firm_user]
    for user in (world.lab_user, world.outsider, world.national):
        with pytest.raises(PermissionDenied):
            services.proposal_message_add(user=user, proposal=proposal, body="سلام")
    with pytest.raises(ValidationError):
        services.proposal_message_add(user=world.sme_user, proposal=proposal, body="")


def test_invite_to_propose_rules(world: Any) -> None:
    from karsaz.technology.errors import TechnologyErrorCode as Code

    invitation = services.invite_to_propose(
        user=world.sme_user, need=world.need, capability=world.capability
    )
    assert (invitation.need, invitation.capability, invitation.invited_by) == (
        world.need,
        world.capability,
        world.sme_user,
    )
    with pytest.raises(ValidationError) as again:
        services.invite_to_propose(
            user=world.sme_user, need=world.need, capability=world.capability
        )
    assert again.value.error_dict["capability"][0].code == Code.ALREADY_INVITED
    with pytest.raises(PermissionDenied):
        services.invite_to_propose(
            user=world.firm_user, need=world.need, capability=world.lab_capability
        )
    services.proposal_create(
        user=world.lab_user, need=world.need, capability=world.lab_capability, pitch="آزمون"
    )
    with pytest.raises(ValidationError) as proposed:
        services.invite_to_propose(
            user=world.sme_user, need=world.need, capability=world.lab_capability
        )
    assert proposed.value.error_dict["capability"][0].code == Code.ALREADY_PROPOSED
    assert world.need.invitations.count() == 1


def test_the_proposal_form_lists_the_best_match_first(world: Any) -> None:
    from karsaz.technology import selectors
    from karsaz.testing.factories_technology import make_capability

    unrelated = make_capability(
        user=world.firm_user,
        enterprise=world.firm,
        title="آزمون کشش فولاد",
        description="آزمون کشش و سختی ورق فولادی.",
        keywords="فولاد",
    )
    ranked = selectors.capabilities_to_propose(user=world.firm_user, need=world.need)
    assert list(ranked) == [world.capability, unrelated]
