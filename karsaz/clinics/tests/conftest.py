import pytest

from karsaz.testing.factories_clinics import clinic_world


@pytest.fixture
def w(db):
    return clinic_world()
