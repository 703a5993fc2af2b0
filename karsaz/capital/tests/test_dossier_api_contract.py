"""The admission dossier API's operations, each with its contract (karsaz.testing.api)."""

from typing import Any

from karsaz.testing.api import Contract, contract_tests
from karsaz.testing.factories_capital_dossier import engaged_filing


def filing(w: Any) -> Any:
    if not hasattr(w, "contract_filing"):
        w.contract_filing = engaged_filing(w)
    return w.contract_filing


def engagement(w: Any) -> Any:
    return filing(w).engagement


def document(w: Any) -> Any:
    return filing(w).documents.order_by("id").first()


ENG = "/api/v1/capital/engagements"
FIL = "/api/v1/capital/filings"
DOC = "/api/v1/capital/documents"
CONTRACTS = [
    Contract(f"GET {ENG}/"),
    Contract(
        f"POST {ENG}/",
        user="owner",
        bad=lambda w: {
            "enterprise": w.firm.pk,
            "adviser": w.other_firm.pk,  # not a licensed adviser
            "market": "sme_board",
        },
        errors={"adviser": ("wrong_kind",)},
        denied=("employee", "adviser", "other_owner", "national"),
        body=lambda w: {
            "enterprise": w.firm.pk,
            "adviser": w.adviser_firm.pk,
            "market": "sme_board",
        },
    ),
    Contract(f"GET {ENG}/{{id}}/", record=engagement, outsider="adviser2"),
    Contract(
        f"POST {ENG}/{{id}}/revoke/",
        record=engagement,
        outsider="other_owner",
        denied=("adviser",),
    ),
    Contract(
        f"GET {FIL}/",
        user="national",
        budget=2,
        grow=lambda w: _grow(w),
    ),
    Contract(f"GET {FIL}/{{id}}/", record=filing, outsider="adviser2"),
    Contract(
        f"POST {FIL}/{{id}}/transition/",
        record=filing,
        outsider="other_owner",
        user="adviser",
        bad=lambda w: {"action": "file"},  # the dossier is not complete yet
        errors={"action": ("not_allowed",)},
        denied=("owner", "national"),
        body=lambda w: {"action": "complete"},
    ),
    Contract(f"GET {DOC}/"),
    Contract(f"GET {DOC}/{{id}}/", record=document, outsider="adviser2"),
    Contract(
        f"POST {DOC}/{{id}}/upload/",
        record=document,
        outsider="other_owner",
        user="owner",
        bad=lambda w: {},
        errors={"file": ("required",)},
    ),
    Contract(
        f"POST {DOC}/{{id}}/review/",
        record=document,
        outsider="adviser2",
        user="adviser",
        bad=lambda w: {"decision": "maybe"},
        errors={"decision": ("invalid_choice",)},
        denied=("owner",),
        body=lambda w: {"decision": "accept"},
    ),
    Contract("GET /api/v1/capital/advisers/"),
]


def _grow(w: Any) -> None:
    """N more firms, each with an engaged filing (the national user sees them all)."""
    from karsaz.capital import services
    from karsaz.capital.choices import Market
    from karsaz.registry.choices import MembershipRole
    from karsaz.testing.factories import EnterpriseFactory, MembershipFactory

    for _ in range(2):
        firm = EnterpriseFactory(province=w.qazvin)
        MembershipFactory(user=w.owner, enterprise=firm, role=MembershipRole.OWNER)
        services.filing_create(user=w.owner, enterprise=firm, market=Market.NOVAFARIN)
        services.engagement_create(
            user=w.owner, enterprise=firm, adviser=w.adviser_firm, market=Market.NOVAFARIN
        )


globals().update(contract_tests(CONTRACTS, world="dw"))
