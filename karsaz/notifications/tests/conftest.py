from types import SimpleNamespace

import pytest

from karsaz.notifications import services
from karsaz.notifications.choices import Kind
from karsaz.testing.factories import UserFactory


@pytest.fixture
def nw(db):
    """Two people with notifications each; the outsider reads none of the owner's."""
    owner = UserFactory(username="nowner")
    outsider = UserFactory(username="noutsider")
    w = SimpleNamespace(owner=owner, outsider=outsider)
    w.note = services.notify(owner, Kind.CLINICS_CASE, title="Case {n}", params={"n": 1})
    services.notify(outsider, Kind.CLINICS_CASE, title="theirs")

    def grow(world: SimpleNamespace) -> None:
        for i in range(5):
            services.notify(world.owner, Kind.FINANCE_BID_TAKEN, title="Bid {n}", params={"n": i})

    w.grow = grow
    return w
