"""The events API's operations, each with its contract (karsaz.testing.api)."""

from karsaz.testing.api import Contract, contract_tests

CONTRACTS = [
    Contract("GET /api/v1/events/"),
    Contract("GET /api/v1/events/{id}/"),
    Contract("GET /api/v1/event-requests/"),
    Contract("POST /api/v1/event-requests/"),
    Contract("GET /api/v1/event-requests/{id}/"),
    Contract("POST /api/v1/event-requests/{id}/answer/"),
    Contract("GET /api/v1/event-deals/"),
    Contract("GET /api/v1/event-deals/{id}/"),
    Contract("POST /api/v1/event-deals/{id}/confirm/"),
    Contract("POST /api/v1/event-runs/"),
    Contract("GET /api/v1/event-runs/{id}/"),
]

globals().update(contract_tests(CONTRACTS, world="db"))
