"""The dossier tests' world (imported by each test_dossier_* module)."""

from types import SimpleNamespace
from typing import Any

import pytest

from karsaz.testing.factories_capital_dossier import dossier_world


@pytest.fixture
def dw(db: Any) -> SimpleNamespace:
    return dossier_world()
