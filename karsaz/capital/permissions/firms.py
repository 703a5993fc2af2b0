"""The one rule of who sees a firm's capital records, for readiness and the dossier alike.

A user sees a firm as one or more of three parties: the firm itself (its members; for the
dossier only its editors, the owner and managers), the adviser the firm engaged (only while the
engagement is active), and agency staff (national staff every firm, a provincial officer the
firms of their province). Nobody else sees it. `firm_roles` answers for one firm, `firm_q` is the
same rule as a filter.
"""

from typing import TYPE_CHECKING

from django.db.models import Q

from karsaz.capital.pipeline import ADVISER, FIRM, STAFF


class FirmFilter:
    """Mixed into `CapitalScope` (needs ActorScope's members and the scope's `advised`)."""

    national: bool
    province_id: int | None

    if TYPE_CHECKING:  # ActorScope's and CapitalScope's, which come after this mixin

        @property
        def member_of(self) -> dict[int, str]: ...

        @property
        def advised(self) -> frozenset[int]: ...

        def editor_of(self) -> list[int]: ...

        def edits(self, enterprise_id: int | None) -> bool: ...

        def in_province(self, province_id: int | None) -> bool: ...

    def firm_roles(
        self, firm_id: int | None, province_id: int | None, *, editors_only: bool
    ) -> frozenset[str]:
        """The parties (`pipeline.FIRM`, `ADVISER`, `STAFF`) the user is to this firm."""
        roles = set()
        if self.edits(firm_id) if editors_only else (firm_id or 0) in self.member_of:
            roles.add(FIRM)
        if firm_id in self.advised:
            roles.add(ADVISER)
        if self.national or self.in_province(province_id):
            roles.add(STAFF)
        return frozenset(roles)

    def firm_q(self, firm_field: str, province_field: str, *, editors_only: bool) -> Q:
        """The rows whose firm (`firm_field`, an id) the user sees; `province_field` holds the
        province a provincial officer is matched on."""
        if self.national:
            return Q()
        firms = self.editor_of() if editors_only else list(self.member_of)
        q = Q(**{f"{firm_field}__in": [*firms, *self.advised]})
        if self.province_id is not None:
            q |= Q(**{province_field: self.province_id})
        return q
