from types import SimpleNamespace
from typing import Any

import pytest

from karsaz.testing.factories_finance import finance_world


@pytest.fixture
def world(db: Any) -> SimpleNamespace:
    return finance_world()
