import pytest

from karsaz.testing.factories_capital_campaigns import campaign_world


@pytest.fixture
def cw(db):
    return campaign_world()
