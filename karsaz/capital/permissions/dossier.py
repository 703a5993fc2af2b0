"""Who sees and moves an admission filing: the firm's editors, the adviser it engaged (only
while the engagement is active) and agency staff (provincial staff for their province)."""

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from karsaz.accounts.scope import ActorScope
from karsaz.capital import pipeline
from karsaz.capital.models import Filing


class DossierRules(ActorScope):
    """The dossier part of `CapitalScope`, which gives it `advised` and `advises`."""

    @property
    def advised(self) -> frozenset[int]:
        """Firms the user advises under an active engagement (CapitalScope reads them)."""
        raise NotImplementedError

    def advises(self, enterprise_id: int | None) -> bool:
        raise NotImplementedError

    if TYPE_CHECKING:  # FirmFilter's, which comes after this mixin in CapitalScope

        def firm_roles(
            self, firm_id: int | None, province_id: int | None, *, editors_only: bool
        ) -> frozenset[str]: ...

        def firm_q(self, firm_field: str, province_field: str, *, editors_only: bool) -> Q: ...

    def filing_q(self) -> Q | None:
        """The filings the user sees, as a filter; None: all of them. The shared firm rule
        (`permissions/firms.py`) with the firm's editors only, matched on the filing's province."""
        if self.national:
            return None
        return self.firm_q("enterprise_id", "province_id", editors_only=True)

    def filing_parties(self, filing: Filing) -> frozenset[str]:
        """The parties the user acts as on this filing: firm, adviser, staff."""
        return self.firm_roles(filing.enterprise_id, filing.province_id, editors_only=True)

    def can_see_filing(self, filing: Filing) -> bool:
        return bool(self.filing_parties(filing))

    def can_see_reads(self, filing: Filing) -> bool:
        """The audit of reads: the firm's editors and staff (not the adviser it watches)."""
        return bool(self.filing_parties(filing) & {pipeline.FIRM, pipeline.STAFF})

    def filing_actions(self, filing: Filing) -> frozenset[str]:
        parties = self.filing_parties(filing)
        actions = {
            move.name
            for move in pipeline.MOVES.values()
            if filing.stage in move.sources and parties & move.parties
        }
        if filing.stage in pipeline.EDITABLE_STAGES:
            if parties & pipeline.UPLOADERS:
                actions.add("upload")
            if parties & pipeline.REVIEWERS:
                actions.add("review")
        if self.can_see_reads(filing):
            actions.add("audit")
        return frozenset(actions)

    def allowed_actions(self, obj: Any) -> frozenset[str]:
        """The filing's actions; other areas' objects go on to their own rules."""
        if isinstance(obj, Filing):
            return self.filing_actions(obj)
        other = getattr(super(), "allowed_actions", None)
        return other(obj) if other is not None else frozenset()

    def can_engage(self, enterprise_id: int) -> bool:
        return self.edits(enterprise_id)
