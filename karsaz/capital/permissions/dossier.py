"""Who sees and moves an admission filing: the firm's editors, the adviser it engaged (only
while the engagement is active) and agency staff (provincial staff for their province)."""

from typing import Any

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

    def filing_q(self) -> Q | None:
        """The filings the user sees, as a filter; None: all of them."""
        if self.national:
            return None
        q = Q(enterprise_id__in=self.editor_of()) | Q(enterprise_id__in=self.advised)
        if self.province_id is not None:
            q |= Q(province_id=self.province_id)
        return q

    def filing_parties(self, filing: Filing) -> frozenset[str]:
        """The parties the user acts as on this filing: firm, adviser, staff."""
        parties = set()
        if self.edits(filing.enterprise_id):
            parties.add(pipeline.FIRM)
        if self.advises(filing.enterprise_id):
            parties.add(pipeline.ADVISER)
        if self.national or self.in_province(filing.province_id):
            parties.add(pipeline.STAFF)
        return frozenset(parties)

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
