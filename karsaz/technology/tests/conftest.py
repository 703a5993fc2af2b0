from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _match_index(match_index: None) -> Iterator[None]:
    """Every technology test runs on an isolated matcher (``karsaz.testing.fixtures``)."""
    yield


@pytest.fixture
def world(db: Any) -> Any:
    from karsaz.testing.factories_technology import tech_world

    return tech_world()
