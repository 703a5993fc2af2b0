"""Who may see and do what in the capital programme: one scope, built from one rule class per
area (readiness, dossier, campaigns), on the shared `ActorScope`."""

from functools import cached_property

from karsaz.accounts.scope import ActorScope
from karsaz.capital.choices import EngagementState
from karsaz.capital.models import Engagement
from karsaz.capital.permissions.campaigns import CampaignRules
from karsaz.capital.permissions.dossier import DossierRules
from karsaz.capital.permissions.firms import FirmFilter
from karsaz.capital.permissions.readiness import ReadinessRules
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise


class CapitalScope(ReadinessRules, DossierRules, CampaignRules, FirmFilter, ActorScope):
    """The user's capital-programme rights (firm editor, adviser, platform, investor, staff)."""

    @cached_property
    def _kinds(self) -> dict[int, str]:
        """{enterprise id: kind} of the user's enterprises, read once."""
        if not self.member_of:
            return {}
        return dict(Enterprise.objects.filter(pk__in=self.member_of).values_list("pk", "kind"))

    @cached_property
    def adviser_firms(self) -> list[int]:
        """The licensed admission advisers the user works for."""
        return sorted(
            pk for pk, kind in self._kinds.items() if kind == EnterpriseKind.ADMISSION_ADVISER
        )

    @cached_property
    def platforms(self) -> list[int]:
        """The licensed crowdfunding platforms the user works for."""
        return sorted(
            pk for pk, kind in self._kinds.items() if kind == EnterpriseKind.FUNDING_PLATFORM
        )

    @cached_property
    def advised(self) -> frozenset[int]:
        """Firms whose active engagement names one of the user's advisers: the only firms whose
        dossier and statements the user sees as an adviser. Revoking consent ends it at once."""
        if not self.adviser_firms:
            return frozenset()
        return frozenset(
            Engagement.objects.filter(
                adviser_id__in=self.adviser_firms, state=EngagementState.ACTIVE
            ).values_list("enterprise_id", flat=True)
        )

    def advises(self, enterprise_id: int | None) -> bool:
        return enterprise_id in self.advised

    @property
    def staff(self) -> bool:
        """National staff, or a provincial officer (for firms of their province: `in_province`)."""
        return self.national or self.province_id is not None
