from collections.abc import Iterator
from typing import Any

import pytest

from karsaz.technology import indexing


@pytest.fixture(autouse=True)
def _match_index(settings: Any, tmp_path: Any) -> Iterator[None]:
    """Every test gets its own index folder (never the repo's var/), changes seen at once, and
    the lexical stage only unless a test asks for the dense one."""
    settings.TECHNOLOGY_INDEX_DIR = str(tmp_path / "index")
    settings.TECHNOLOGY_FRESH_SECONDS = 0
    settings.TECHNOLOGY_DENSE = False
    indexing.reset()
    yield
    indexing.reset()


@pytest.fixture
def world(db: Any) -> Any:
    from karsaz.testing.factories_technology import tech_world

    return tech_world()
