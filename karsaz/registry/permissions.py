"""Who may see and change what in the registry. Every view and API call asks these.

Scope: national staff see and change everything; a provincial officer the enterprises of their
province; members of an enterprise their own enterprise (owners and managers may edit it).
Everyone signed in sees the public directory card of every enterprise.
"""

from collections.abc import Iterable

from django.db.models import Q

from karsaz.accounts.choices import AgencyRole
from karsaz.accounts.scope import ActorScope
from karsaz.registry.models import Enterprise

__all__ = ["PUBLIC_FIELDS", "RegistryScope", "can_change_enterprise"]

# Fields anyone signed in may see; the rest is the enterprise's private record.
PUBLIC_FIELDS = frozenset(
    {
        "id", "name_fa", "name_en", "kind", "national_id", "province", "city", "park", "isic",
        "size_class", "kb_certificate_valid", "website", "url",
    }
)  # fmt: skip


def can_change_enterprise(scope: ActorScope, enterprise: Enterprise) -> bool:
    """Who may edit an enterprise, and act for it in other modules (post its technology records):
    national staff, the officer of its province, its owners and managers."""
    return scope.national or scope.in_province(enterprise.province_id) or scope.edits(enterprise.pk)


class RegistryScope(ActorScope):
    """The user's scope over enterprise records."""

    def private_q(self) -> Q:
        """The enterprises whose private record this user may see, as a filter."""
        if self.national:
            return Q()
        q = Q(id__in=list(self.member_of))
        if self.province_id:
            q |= Q(province_id=self.province_id)
        return q

    def hidden_fields(self, enterprise: Enterprise, fields: Iterable[str]) -> frozenset[str]:
        """Which of ``fields`` this user may not see on the enterprise: none within their scope,
        else every field outside PUBLIC_FIELDS (one rule for the API, the export and the page)."""
        if self.can_view_private(enterprise):
            return frozenset()
        return frozenset(fields) - PUBLIC_FIELDS

    def can_view_private(self, enterprise: Enterprise) -> bool:
        return (
            self.national
            or (self.province_id is not None and enterprise.province_id == self.province_id)
            or enterprise.pk in self.member_of
        )

    def can_change(self, enterprise: Enterprise) -> bool:
        return can_change_enterprise(self, enterprise)

    def can_certify(self, enterprise: Enterprise) -> bool:
        """Staff in scope set what the agency vouches for (STAFF_FIELDS); members never do."""
        return self.national or (
            self.province_id is not None and enterprise.province_id == self.province_id
        )

    def can_create_in(self, province_id: int | None) -> bool:
        return self.national or (self.province_id is not None and province_id == self.province_id)

    @property
    def can_create(self) -> bool:
        return self.national or self.province_id is not None

    @property
    def can_delete(self) -> bool:
        return self.authenticated and (
            self.user.is_superuser or self.user.agency_role == AgencyRole.NATIONAL_ADMIN
        )

    @property
    def can_import(self) -> bool:
        return self.can_create

    def can_view_history(self, enterprise: Enterprise) -> bool:
        return (
            self.authenticated and self.user.is_agency_staff and self.can_view_private(enterprise)
        )
