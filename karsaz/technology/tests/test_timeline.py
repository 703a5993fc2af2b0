"""The `firm_timeline` hook: a firm's needs, capabilities, proposals and agreements."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from karsaz.technology.choices import AgreementType, ProposalState
from karsaz.technology.models import Capability, Proposal, TechnologyNeed
from karsaz.technology.timeline import firm_timeline

pytestmark = pytest.mark.django_db


def _at(month: int, day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2025, month, day, 10))


def _events(firm: Any) -> list[tuple[str, Any, Any]]:
    return sorted((e.kind, e.moment, e.amount) for e in firm_timeline(firm.pk))


def test_both_sides_of_a_signed_agreement(world: Any) -> None:
    TechnologyNeed.objects.filter(pk=world.need.pk).update(created_at=_at(4, 1))
    Capability.objects.filter(pk=world.capability.pk).update(created_at=_at(3, 1))
    Proposal.objects.create(
        need=world.need, capability=world.capability, pitch="قالب جدید", created_at=_at(5, 1),
        state=ProposalState.SIGNED, agreement_type=AgreementType.LICENSING,
        agreement_value=2_500_000_000, agreement_date=dt.date(2025, 6, 1),
    )  # fmt: skip
    Proposal.objects.create(  # declined: sent and received, never signed
        need=world.need, capability=world.lab_capability, pitch="آزمون",
        created_at=_at(5, 2), state=ProposalState.DECLINED,
    )  # fmt: skip
    june = timezone.make_aware(dt.datetime(2025, 6, 1))
    assert _events(world.sme) == [
        ("technology.agreement", june, 2_500_000_000),
        ("technology.need", _at(4, 1), None),
        ("technology.proposal_received", _at(5, 1), None),
        ("technology.proposal_received", _at(5, 2), None),
    ]
    assert _events(world.firm) == [
        ("technology.agreement", june, 2_500_000_000),
        ("technology.capability", _at(3, 1), None),
        ("technology.proposal_sent", _at(5, 1), None),
    ]
    # No title or text of a need reaches the timeline (its details may be confidential).
    assert all("قالب" not in e.title for e in firm_timeline(world.sme.pk))
