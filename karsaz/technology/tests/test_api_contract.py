"""The technology API's operations, each with its contract (karsaz.testing.api)."""

from typing import Any

from karsaz.testing.api import Contract, contract_tests


def need(w: Any) -> Any:
    return w.need


def capability(w: Any) -> Any:
    return w.capability


CONTRACTS = [
    Contract("GET /api/v1/needs/"),
    Contract("POST /api/v1/needs/"),
    Contract("GET /api/v1/needs/{id}/", record=need),
    Contract("PUT /api/v1/needs/{id}/", record=need, denied=("firm_user", "outsider")),
    Contract("PATCH /api/v1/needs/{id}/", record=need, denied=("firm_user", "outsider")),
    Contract("GET /api/v1/needs/{id}/matches/", record=need),
    Contract("GET /api/v1/capabilities/"),
    Contract("POST /api/v1/capabilities/"),
    Contract("GET /api/v1/capabilities/{id}/", record=capability),
    Contract("PUT /api/v1/capabilities/{id}/", record=capability, denied=("sme_user", "outsider")),
    Contract(
        "PATCH /api/v1/capabilities/{id}/", record=capability, denied=("sme_user", "outsider")
    ),
    Contract("GET /api/v1/capabilities/{id}/matches/", record=capability),
    Contract("GET /api/v1/proposals/"),
    Contract("POST /api/v1/proposals/"),
    Contract("GET /api/v1/proposals/{id}/"),
    Contract("GET /api/v1/proposals/{id}/messages/"),
    Contract("POST /api/v1/proposals/{id}/messages/"),
    Contract("POST /api/v1/proposals/{id}/transition/"),
]

globals().update(contract_tests(CONTRACTS, world="world"))
