"""The insights API's operations (the public open-data reads), each with its contract
(karsaz.testing.api): anonymous callers are allowed, and a read costs the same queries
whatever the number of stored cells."""

from types import SimpleNamespace
from typing import Any

import pytest

from karsaz.testing.api import Contract, contract_tests
from karsaz.testing.factories_opendata import cell
from karsaz.testing.queries import N

# The registry's enterprises are always a public fact: their datasets always exist.
DATASET = "registry.enterprises.by-province"


@pytest.fixture
def insights_world(users: SimpleNamespace) -> SimpleNamespace:
    return users


def grow(w: Any) -> None:
    """N more stored cells of the registry's enterprises, each in the next Jalali month."""
    from karsaz.insights.models import Cell

    done = Cell.objects.count()
    for i in range(done, done + N):
        cell("registry.enterprises", 140101 + (i // 12) * 100 + i % 12, "26", firms=6)


def dataset(w: Any) -> str:
    return DATASET


CONTRACTS = [
    Contract("GET /api/v1/open/datasets/", anonymous=200, user="outsider", budget=2, grow=grow),
    Contract(
        "GET /api/v1/open/datasets/{code}/",
        anonymous=200,
        key=DATASET,
        record=dataset,
        user="outsider",
        budget=2,
        grow=grow,
    ),
    Contract(
        "GET /api/v1/open/datasets/{code}/rows/",
        anonymous=200,
        key=DATASET,
        record=dataset,
        user="outsider",
        budget=5,
        grow=grow,
    ),
]
globals().update(contract_tests(CONTRACTS, world="insights_world"))
