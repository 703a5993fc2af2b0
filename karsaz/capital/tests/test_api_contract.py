"""The capital API's operations, each with its contract (karsaz.testing.api).

Readiness's block; the dossier and campaign areas append theirs to CONTRACTS.
"""

from typing import Any

import pytest

from karsaz.capital import services
from karsaz.capital.models import Gap
from karsaz.testing.api import Contract, contract_tests
from karsaz.testing.factories import EnterpriseFactory, UserFactory
from karsaz.testing.factories_capital_readiness import (
    ProfileFactory,
    StatementFactory,
    readiness_world,
    three_years,
)


@pytest.fixture
def cw(db: Any) -> Any:
    w = readiness_world()
    w.outsider = w.other_owner
    w.national = UserFactory(username="cap-national", agency_role="national_staff")
    w.statement = StatementFactory(enterprise=w.firm, fiscal_year=1400)
    w.profile = ProfileFactory(enterprise=w.firm)
    w.assessment = services.assess(user=w.owner, enterprise=w.firm)
    w.gap = Gap.objects.filter(enterprise=w.firm).order_by("id").first()
    return w


def grow(w: Any) -> None:
    """Three more firms with statements, a profile and an assessment (gaps too)."""
    firms = [EnterpriseFactory(province=w.qazvin) for _ in range(3)]
    for firm in firms:
        three_years(firm)
        ProfileFactory(enterprise=firm, float_pct=None)
    services.assess_many([f.pk for f in firms])


STATEMENT = {
    "fiscal_year": 1401, "revenue": 10, "operating_profit": -1, "net_profit": -1, "equity": 5,
    "total_assets": 10, "retained_earnings": 0, "audit_opinion": "unqualified", "auditor": "",
}  # fmt: skip
ST = "/api/v1/capital/statements/{id}"
CONTRACTS = [
    Contract("GET /api/v1/capital/profiles/", user="national", grow=grow, budget=2),
    Contract(
        "POST /api/v1/capital/profiles/",
        user="owner",
        denied=("employee", "adviser_user"),
        body=lambda w: {"enterprise": w.firm.pk, "float_pct": 12},
        bad=lambda w: {"enterprise": w.firm.pk, "float_pct": 101, "registered_capital": 1.5},
        errors={"float_pct": ("max_value",), "registered_capital": ("invalid",)},
    ),
    Contract("GET /api/v1/capital/profiles/{id}/", record=lambda w: w.profile, outsider="outsider"),
    Contract("GET /api/v1/capital/statements/", user="national", grow=grow, budget=2),
    Contract(
        "POST /api/v1/capital/statements/",
        user="owner",
        denied=("employee", "adviser_user"),
        body=lambda w: {**STATEMENT, "enterprise": w.firm.pk},
        bad=lambda w: {
            **STATEMENT,
            "enterprise": w.firm.pk,
            "fiscal_year": 1400,
            "revenue": "12a",
            "total_assets": -3,
        },
        errors={"revenue": ("invalid",), "total_assets": ("min_value",)},
    ),
    Contract(f"GET {ST}/", record=lambda w: w.statement, outsider="outsider"),
    Contract(
        f"PATCH {ST}/",
        record=lambda w: w.statement,
        outsider="outsider",
        denied=("employee", "adviser_user"),
        user="owner",
        body=lambda w: {"revenue": 11},
        bad=lambda w: {"equity": 10**15 + 1},
        errors={"equity": ("max_value",)},
    ),
    Contract(
        f"DELETE {ST}/",
        record=lambda w: w.statement,
        outsider="outsider",
        denied=("employee", "adviser_user"),
    ),
    Contract(
        f"POST {ST}/confirm/",
        record=lambda w: w.statement,
        outsider="outsider",
        user="owner",
        bad=lambda w: {},
        errors={"statement": ("not_engaged",)},
    ),
    Contract("GET /api/v1/capital/assessments/", user="national", grow=grow, budget=4),
    Contract(
        "POST /api/v1/capital/assessments/",
        user="owner",
        denied=("employee",),
        body=lambda w: {"enterprise": w.firm.pk},
        bad=lambda w: {"enterprise": "x"},
        errors={"enterprise": ("invalid",)},
    ),
    Contract(
        "GET /api/v1/capital/assessments/{id}/",
        record=lambda w: w.assessment,
        outsider="outsider",
    ),
    Contract("GET /api/v1/capital/gaps/", user="national", grow=grow, budget=2),
    Contract("GET /api/v1/capital/gaps/{id}/", record=lambda w: w.gap, outsider="outsider"),
    Contract(
        "POST /api/v1/capital/gaps/{id}/refer/",
        record=lambda w: w.gap,
        outsider="outsider",
        denied=("employee", "adviser_user"),
    ),
    Contract("GET /api/v1/capital/rule-sets/", user="owner", grow=grow, budget=3),
    Contract(
        "GET /api/v1/capital/rule-sets/{id}/",
        record=lambda w: w.assessment.markets.first().rule_set,
    ),
]

globals().update(contract_tests(CONTRACTS, world="cw"))
