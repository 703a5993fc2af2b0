"""Capital-market readiness: rule sets and assessments, admission dossiers, crowdfunding."""

from karsaz.capital.models.campaigns import (
    Campaign,
    CampaignWarning,
    Holding,
    InvestorYear,
    PeriodicReport,
    Pledge,
)
from karsaz.capital.models.dossier import (
    DocumentVersion,
    DossierDocument,
    DossierRead,
    Engagement,
    Filing,
    StageChange,
)
from karsaz.capital.models.readiness import (
    Assessment,
    CapitalProfile,
    Criterion,
    CriterionResult,
    FinancialStatement,
    Gap,
    MarketResult,
    RuleSet,
)

__all__ = [
    "Assessment",
    "Campaign",
    "CampaignWarning",
    "CapitalProfile",
    "Criterion",
    "CriterionResult",
    "DocumentVersion",
    "DossierDocument",
    "DossierRead",
    "Engagement",
    "Filing",
    "FinancialStatement",
    "Gap",
    "Holding",
    "InvestorYear",
    "MarketResult",
    "PeriodicReport",
    "Pledge",
    "RuleSet",
    "StageChange",
]
