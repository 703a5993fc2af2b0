import io
import random

import pytest

from karsaz.capital import demo_campaigns
from karsaz.capital.choices import CampaignState, PledgeState
from karsaz.capital.models import Campaign, CampaignWarning, Holding, Pledge
from karsaz.finance.choices import EntryPhase
from karsaz.finance.verify import verify_ledger
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry_demo(db):
    sme = EnterpriseFactory(kind=EnterpriseKind.SME)
    MembershipFactory(user=UserFactory(username="sme"), enterprise=sme, role=MembershipRole.OWNER)
    for _ in range(5):
        EnterpriseFactory(kind=EnterpriseKind.SME)
    return sme


def resolutions(campaign: Campaign) -> set[tuple[str, str | None]]:
    """(the hold's phase, its resolution's phase) of each pledge of the campaign."""
    return set(
        Pledge.objects.filter(campaign=campaign).values_list(
            "hold_entry__phase", "hold_entry__resolution__phase"
        )
    )


def test_demo_campaigns_every_state_through_the_ledger_and_idempotent(registry_demo):
    out = io.StringIO()
    credentials = demo_campaigns.seed(rng=random.Random(7), stdout=out)
    assert [c[0] for c in credentials] == ["platform", "investor", "investor-01"]
    states = sorted(Campaign.objects.values_list("state", flat=True))
    assert states == sorted(
        [
            CampaignState.SUCCEEDED,
            CampaignState.FAILED,
            CampaignState.OPEN,
            CampaignState.SUBMITTED,
            CampaignState.DRAFT,
        ]
    )
    won = Campaign.objects.get(state=CampaignState.SUCCEEDED)
    assert won.pledged == won.target == 2_000_000_000
    assert Holding.objects.filter(campaign=won).count() == 21
    assert Holding.objects.get(campaign=won, investor__username="investor").share_ppm == 20_000
    lost = Campaign.objects.get(state=CampaignState.FAILED)
    assert set(Pledge.objects.filter(campaign=lost).values_list("state", flat=True)) == {
        PledgeState.REFUNDED
    }
    live = Campaign.objects.get(state=CampaignState.OPEN)
    assert live.enterprise == registry_demo
    assert CampaignWarning.objects.filter(campaign=won, resolved_at=None).count() == 1
    # Two-phase on the ledger: open pledges pending, won ones captured, lost ones voided.
    assert resolutions(live) == {(EntryPhase.PENDING, None)}
    assert resolutions(won) == {(EntryPhase.PENDING, EntryPhase.POST_PENDING)}
    assert resolutions(lost) == {(EntryPhase.PENDING, EntryPhase.VOID_PENDING)}
    assert Pledge.objects.filter(campaign=live).count() > 0
    assert verify_ledger() == []
    before = (Campaign.objects.count(), Pledge.objects.count())
    demo_campaigns.seed(rng=random.Random(7), stdout=out)
    assert (Campaign.objects.count(), Pledge.objects.count()) == before
