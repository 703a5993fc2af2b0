"""The notifications API's operations, each with its contract (karsaz.testing.api)."""

from typing import Any

from karsaz.testing.api import Contract, contract_tests


def note(w: Any) -> Any:
    return w.note


CONTRACTS = [
    Contract("GET /api/v1/notifications/", user="owner", budget=2, grow=lambda w: w.grow(w)),
    Contract("GET /api/v1/notifications/{id}/", record=note, outsider="outsider"),
    Contract("POST /api/v1/notifications/{id}/read/", record=note, outsider="outsider"),
    Contract("POST /api/v1/notifications/read-all/"),
]

globals().update(contract_tests(CONTRACTS, world="nw"))
