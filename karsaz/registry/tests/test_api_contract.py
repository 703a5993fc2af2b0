"""The registry's and the accounts' API operations, each with its contract (karsaz.testing.api)."""

from types import SimpleNamespace
from typing import Any

import pytest

from karsaz.core.validators import sheba_with_check
from karsaz.registry.choices import MembershipRole
from karsaz.testing.api import Contract, contract_tests
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, fresh_national_id
from karsaz.testing.queries import N


@pytest.fixture
def registry_world(users: SimpleNamespace) -> SimpleNamespace:
    return users


def new_enterprise(w: Any) -> dict[str, Any]:
    return {
        "name_fa": "شرکت نمونه",
        "kind": "sme",
        "national_id": fresh_national_id(),
        "province": "26",
        "employees": 8,
        "sheba": sheba_with_check("0170000000123456789012"),
    }


def grow(w: Any) -> None:
    """N more enterprises in Qazvin, each with a member, and N more members of qazvin_sme."""
    for _ in range(N):
        MembershipFactory(enterprise=EnterpriseFactory(province=w.qazvin_sme.province))
        MembershipFactory(enterprise=w.qazvin_sme, role=MembershipRole.EMPLOYEE)


def qazvin_sme(w: Any) -> Any:
    return w.qazvin_sme


def bad_enterprise(w: Any) -> dict[str, Any]:
    return {"name_fa": "", "kind": "nope", "province": "26", "employees": -1}


def bad_sheba(w: Any) -> dict[str, Any]:
    return {"sheba": "IR12"}


def employees(w: Any) -> dict[str, Any]:
    return {"employees": 77}


DETAIL = "/api/v1/enterprises/{id}/"
CONTRACTS = [
    Contract("POST /api/v1/auth/token/", anonymous=400),
    Contract("DELETE /api/v1/auth/token/"),
    Contract("GET /api/v1/me/"),
    Contract("PUT /api/v1/me/"),
    Contract("PATCH /api/v1/me/"),
    Contract("GET /api/v1/enterprises/", user="national", budget=2, grow=grow),
    Contract(
        "POST /api/v1/enterprises/",
        user="national",
        denied=("sme_owner", "outsider", "tehran_member"),
        body=new_enterprise,
        bad=bad_enterprise,
        errors={
            "name_fa": ("blank",),
            "kind": ("invalid_choice",),
            "national_id": ("required",),
            "employees": ("min_value",),
        },
    ),
    Contract(f"GET {DETAIL}", record=qazvin_sme, user="national", budget=1, grow=grow),
    Contract(
        f"PUT {DETAIL}",
        record=qazvin_sme,
        denied=("tehran_officer", "outsider", "tehran_member"),
        body=new_enterprise,
    ),
    Contract(
        f"PATCH {DETAIL}",
        record=qazvin_sme,
        user="national",
        denied=("tehran_officer", "outsider", "tehran_member"),
        body=employees,
        bad=bad_sheba,
        errors={"sheba": ("invalid",)},
    ),
    Contract(
        f"DELETE {DETAIL}",
        record=qazvin_sme,
        denied=("national", "qazvin_officer", "sme_owner", "outsider"),
    ),
    Contract("GET /api/v1/provinces/"),
    Contract("GET /api/v1/provinces/{code}/"),
    Contract("GET /api/v1/parks/"),
    Contract("GET /api/v1/parks/{id}/"),
    Contract("GET /api/v1/isic/"),
    Contract("GET /api/v1/isic/{code}/"),
]

globals().update(contract_tests(CONTRACTS, world="registry_world"))
