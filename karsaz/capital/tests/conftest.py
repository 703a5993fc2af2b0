"""Fixtures of the capital tests: each area's world (readiness's lives in its test files)."""

from typing import Any

import pytest

from karsaz.capital.tests.dossier_fixtures import dw  # noqa: F401
from karsaz.testing.factories_capital_campaigns import campaign_world


@pytest.fixture
def cw(db: Any) -> Any:
    return campaign_world()
