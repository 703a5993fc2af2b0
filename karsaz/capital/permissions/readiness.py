"""Readiness rights: who sees a firm's declaration, statements, assessments and gaps.

The firm's members see them and its editors (owner, manager) change them; the adviser the firm
engaged sees them and confirms statements; national staff see every firm, a provincial officer
the firms of their province. Anyone else gets a 404 (the firm's record is not disclosed).
"""

from typing import TYPE_CHECKING, Any

from django.db.models import Q


class ReadinessRules:
    """Mixed into `CapitalScope` (needs ActorScope's members and the scope's `advised`)."""

    national: bool
    province_id: int | None

    if TYPE_CHECKING:  # ActorScope's and CapitalScope's, which come after this mixin

        @property
        def member_of(self) -> dict[int, str]: ...

        @property
        def advised(self) -> frozenset[int]: ...

        def edits(self, enterprise_id: int | None) -> bool: ...

        def firm_roles(
            self, firm_id: int | None, province_id: int | None, *, editors_only: bool
        ) -> frozenset[str]: ...

        def firm_q(self, firm_field: str, province_field: str, *, editors_only: bool) -> Q: ...

    def readiness_q(self, prefix: str = "") -> Q:
        """Rows (firms, or records with `prefix` + "id" of the firm) the user may read: the
        shared firm rule (`permissions/firms.py`) with every member of the firm."""
        return self.firm_q(f"{prefix}id", f"{prefix}province_id", editors_only=False)

    def can_view_readiness(self, enterprise: Any) -> bool:
        return bool(self.firm_roles(enterprise.pk, enterprise.province_id, editors_only=False))

    def can_edit_readiness(self, enterprise: Any) -> bool:
        """The firm's own editors enter its declaration and statements."""
        return self.edits(enterprise.pk)

    def can_confirm_statements(self, enterprise: Any) -> bool:
        """Only the adviser the firm engaged confirms its figures."""
        return enterprise.pk in self.advised

    def can_assess(self, enterprise: Any) -> bool:
        return (
            self.can_edit_readiness(enterprise)
            or self.can_confirm_statements(enterprise)
            or (
                self.can_view_readiness(enterprise)
                and (self.national or self.province_id is not None)
            )
        )

    def can_refer_gap(self, enterprise: Any) -> bool:
        """A clinic case is requested by the firm's editor (clinics check this again)."""
        return self.can_edit_readiness(enterprise)

    def readiness_actions(self, enterprise: Any) -> frozenset[str]:
        actions = set()
        if self.can_edit_readiness(enterprise):
            actions |= {"edit_profile", "add_statement", "edit_statement", "refer_gap"}
        if self.can_confirm_statements(enterprise):
            actions.add("confirm_statement")
        if self.can_assess(enterprise):
            actions.add("assess")
        return frozenset(actions)
