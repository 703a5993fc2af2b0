"""The scope's allowed actions and redaction, the error codes of proposal services, and the
selectors that took the views' reads."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from karsaz.core.errors import error_codes
from karsaz.technology import selectors, services
from karsaz.technology.choices import ProposalState as S
from karsaz.technology.choices import RecordStatus
from karsaz.technology.permissions import CONFIDENTIAL_FIELDS, TechScope

pytestmark = pytest.mark.django_db


def _propose(w: Any) -> Any:
    return services.proposal_create(
        user=w.firm_user, need=w.need, capability=w.capability, pitch="راهکار ما قالب جدید است."
    )


def test_allowed_actions_follow_the_transition_table_and_the_side(world: Any) -> None:
    proposal = _propose(world)
    assert TechScope(world.sme_user).allowed_actions(proposal) == {
        S.SHORTLISTED, S.DECLINED, S.NEGOTIATION, "message"
    }  # fmt: skip
    assert TechScope(world.firm_user).allowed_actions(proposal) == {S.CANCELLED, "message"}
    assert TechScope(world.sme_employee).allowed_actions(proposal) == {"message"}
    assert TechScope(world.national).allowed_actions(proposal) == frozenset()


def test_confidential_fields_are_hidden_outside_the_need_s_circle(world: Any) -> None:
    assert {"confidential_details"} == CONFIDENTIAL_FIELDS
    assert TechScope(world.sme_employee).hidden_fields(world.need) == frozenset()
    assert TechScope(world.national).hidden_fields(world.need) == frozenset()
    assert TechScope(world.firm_user).hidden_fields(world.need) == CONFIDENTIAL_FIELDS
    assert TechScope(world.isfahan_officer).hidden_fields(world.need) == CONFIDENTIAL_FIELDS


def test_who_may_post_for_an_enterprise_is_the_registry_s_rule(world: Any) -> None:
    for user, allowed in [
        (world.sme_user, True), (world.sme_employee, False), (world.national, True),
        (world.qazvin_officer, True), (world.isfahan_officer, False), (world.firm_user, False),
    ]:  # fmt: skip
        assert TechScope(user).can_post_for(world.sme) is allowed, user.username


def test_proposal_errors_carry_codes(world: Any) -> None:
    _propose(world)
    with pytest.raises(ValidationError) as again:
        _propose(world)
    assert error_codes(again.value) == {"capability": ["already_proposed"]}
    proposal = services.proposal_create(
        user=world.lab_user, need=world.need, capability=world.lab_capability, pitch="آزمون"
    )
    with pytest.raises(ValidationError) as bad_move:
        services.proposal_transition(user=world.sme_user, proposal=proposal, to_state=S.SIGNED)
    assert error_codes(bad_move.value) == {"state": ["invalid_state"]}


def test_posting_enterprises_and_capabilities_to_propose(world: Any) -> None:
    assert list(selectors.enterprises_for_posting(user=world.sme_user)) == [world.sme]
    assert not selectors.enterprises_for_posting(
        user=world.sme_user, kinds=services.CAPABILITY_KINDS
    ).exists()
    assert list(selectors.capabilities_to_propose(user=world.firm_user, need=world.need)) == [
        world.capability
    ]
    services.capability_update(
        user=world.firm_user, capability=world.capability, data={"status": RecordStatus.CLOSED}
    )
    assert not selectors.capabilities_to_propose(user=world.firm_user, need=world.need).exists()
    assert list(selectors.capabilities_to_propose(user=world.firm_user)) == [world.capability]


def test_proposal_list_filters_by_a_known_state_only(world: Any) -> None:
    proposal = _propose(world)
    assert list(selectors.proposal_list(user=world.sme_user, state=S.PROPOSED)) == [proposal]
    assert not selectors.proposal_list(user=world.sme_user, state=S.SIGNED).exists()
    assert list(selectors.proposal_list(user=world.sme_user, state="nonsense")) == [proposal]
