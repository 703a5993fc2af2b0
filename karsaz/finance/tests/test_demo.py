import io
import random
from collections import Counter

import pytest

from karsaz.accounts.choices import AgencyRole
from karsaz.finance import demo
from karsaz.finance.models import Invoice, Programme
from karsaz.finance.verify import verify_ledger
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_seeds_every_state_through_the_services_and_is_idempotent(monkeypatch):
    # The registry demo's users, in miniature.
    UserFactory(username="national", agency_role=AgencyRole.NATIONAL_STAFF)
    for username, kind in (("sme", EnterpriseKind.SME), ("buyer", EnterpriseKind.ANCHOR_BUYER),
                           ("financier", EnterpriseKind.FINANCIER)):  # fmt: skip
        MembershipFactory(
            user=UserFactory(username=username),
            enterprise=EnterpriseFactory(kind=kind),
            role=MembershipRole.MANAGER,
        )
    EnterpriseFactory(kind=EnterpriseKind.ANCHOR_BUYER)
    EnterpriseFactory.create_batch(2, kind=EnterpriseKind.FINANCIER)
    EnterpriseFactory.create_batch(6, kind=EnterpriseKind.SME)
    monkeypatch.setattr(demo, "PLAN", tuple((state, 1) for state, _n in demo.PLAN))

    out = io.StringIO()
    creds = demo.seed(rng=random.Random(7), stdout=out)
    assert [c[0] for c in creds] == ["buyer2"]
    assert Programme.objects.count() == 2
    states = Counter(Invoice.objects.values_list("state", flat=True))
    assert set(states) == {state for state, _n in demo.PLAN}
    assert all(n == 2 for n in states.values())
    assert verify_ledger() == []
    assert "ledger ok" in out.getvalue()
    demo.seed(rng=random.Random(7), stdout=out)  # again: nothing new
    assert Invoice.objects.count() == 2 * len(demo.PLAN)
