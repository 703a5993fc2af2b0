"""The clinics API's operations, each with its contract (karsaz.testing.api)."""

from typing import Any

from karsaz.testing.api import Contract, contract_tests
from karsaz.testing.factories_clinics import open_case


def case(w: Any) -> Any:
    if not hasattr(w, "contract_case"):
        w.contract_case = open_case(w)
    return w.contract_case


CASE = "/api/v1/clinic-cases/{id}"
CONTRACTS = [
    Contract("GET /api/v1/clinics/"),
    Contract("POST /api/v1/clinics/"),
    Contract("GET /api/v1/clinics/{id}/"),
    Contract("GET /api/v1/consultants/"),
    Contract("POST /api/v1/consultants/"),
    Contract("GET /api/v1/consultants/{id}/"),
    Contract("GET /api/v1/clinic-cases/"),
    Contract("POST /api/v1/clinic-cases/"),
    Contract(f"GET {CASE}/", record=case, outsider="outsider"),
    *(
        Contract(f"POST {CASE}/{action}/", record=case, outsider="outsider")
        for action in ("assign", "cancel", "close", "refer", "reopen", "satisfaction", "start")
    ),
    Contract(f"GET {CASE}/suggestions/", record=case, outsider="outsider"),
    Contract("GET /api/v1/clinic-sessions/"),
    Contract("POST /api/v1/clinic-sessions/"),
    Contract("GET /api/v1/clinic-sessions/{id}/"),
    Contract("GET /api/v1/clinic-action-items/"),
    Contract("POST /api/v1/clinic-action-items/"),
    Contract("GET /api/v1/clinic-action-items/{id}/"),
    Contract("PATCH /api/v1/clinic-action-items/{id}/"),
    Contract("GET /api/v1/clinic-followups/"),
    Contract("GET /api/v1/clinic-followups/{id}/"),
    Contract("POST /api/v1/clinic-followups/{id}/confirm/"),
    Contract("POST /api/v1/clinic-followups/{id}/correct/"),
    Contract("POST /api/v1/clinic-followups/{id}/record/"),
]

globals().update(contract_tests(CONTRACTS, world="w"))
