import io
import random
from typing import Any

import pytest

from karsaz.technology import demo, indexing
from karsaz.technology.choices import ProposalState, RecordKind
from karsaz.technology.models import Capability, Proposal, TechnologyNeed

pytestmark = pytest.mark.django_db


def test_demo_seed_is_varied_indexed_and_idempotent(world: Any) -> None:
    before = TechnologyNeed.objects.count()
    TechnologyNeed.objects.all().delete()  # the seed only runs on an empty exchange
    out = io.StringIO()
    demo.seed(rng=random.Random(1), stdout=out)
    needs = TechnologyNeed.objects.count()
    assert needs == len(demo.TOPICS) * demo.NEEDS_PER_TOPIC > before
    texts = " ".join(TechnologyNeed.objects.values_list("summary", flat=True))
    # Typed with Arabic letters and digits, stored normalized like every service stores text;
    # English terms in place of Persian ones stay.
    assert "ي" not in texts and "ك" not in texts and "۱" not in texts
    assert any(term in texts for term in ("injection", "IoT", "recycling", "welding", "fabric"))
    assert Capability.objects.filter(sectors__isnull=False).exists()
    signed = Proposal.objects.filter(state=ProposalState.SIGNED)
    assert signed.exists() and all(p.agreement_value for p in signed)
    assert len(indexing.get_index(RecordKind.NEED)) == needs
    demo.seed(rng=random.Random(1), stdout=out)
    assert TechnologyNeed.objects.count() == needs
